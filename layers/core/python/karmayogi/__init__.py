"""Shared code of every Karmayogi hub, deployed as the `core` Lambda layer."""
