"""Shared code of every Karmayogi hub, deployed as the `core` Lambda layer."""

# Registers the SnapStart runtime hooks inside Lambda (a no-op elsewhere). It must be imported by code the
# handler imports, or Lambda ignores the hooks; every handler imports this package.
from karmayogi import snapstart as _snapstart  # noqa: F401
