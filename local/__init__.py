"""The local dev server: the platform on an embedded stand-in for AWS (moto)."""
