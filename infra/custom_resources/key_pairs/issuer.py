"""The certificate issuer's Ed25519 key (infra/constructs/issuer.py), put into its secret as JSON
`{"publicKey", "privateKey"}` (base64url, unpadded, 32 bytes each: the raw public key and the private seed), the
form karmayogi.domain.credentials validates. Nobody handles the private key: it is made here and read only by
the learning hub, which signs certificates' verifiable credentials with it; the public half (`PublicKey`) goes
to the hub as ISSUER_PUBLIC_KEY, which publishes it. Runs with the deps layer (`cryptography`)."""

from __future__ import annotations

from typing import Any

from .json_pair import json_pair, public_of_json_pair
from .lifecycle import on_event


def _new_key_pair() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    return json_pair(key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw),
                     private)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return on_event(event, new_secret=_new_key_pair, public_half=public_of_json_pair)
