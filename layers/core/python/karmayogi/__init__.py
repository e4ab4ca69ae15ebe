"""Shared code of every Karmayogi hub, deployed as the `core` Lambda layer.

Two packages with different owners (docs/architecture.md, "The layer"):
- `karmayogi.platform`: what every hub needs and no hub owns (settings, AWS clients, table access and key
  builders, cursors, the error type, the API resolver, identity, observability, clock, SnapStart hooks).
  It knows nothing of courses, passbooks or people.
- `karmayogi.domain`: the few domain rules more than one hub must apply the same way (a completion, the
  passbook, karma, notifications, the people index, the profile item, the word index, the reference cache).
  Each module names the hub that owns it; only that hub changes its rules, the others call it.
"""

# Registers the SnapStart runtime hooks inside Lambda (a no-op elsewhere). It must be imported by code the
# handler imports, or Lambda ignores the hooks; every handler imports this package.
from karmayogi.platform import snapstart as _snapstart  # noqa: F401
