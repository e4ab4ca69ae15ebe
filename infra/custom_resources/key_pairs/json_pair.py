"""The JSON key pairs (the issuer's and VAPID's): `{"publicKey", "privateKey"}`, each half unpadded base64url."""

from __future__ import annotations

import base64
import json


def encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def public_of_json_pair(secret: str) -> str | None:
    """The public half of a `{"publicKey", "privateKey"}` secret, or None when the text is not one."""
    try:
        document = json.loads(secret)
    except ValueError:
        return None
    if isinstance(document, dict) and document.get("publicKey") and document.get("privateKey"):
        return str(document["publicKey"])
    return None


def json_pair(public: bytes, private: bytes) -> str:
    return json.dumps({"publicKey": encode(public), "privateKey": encode(private)})
