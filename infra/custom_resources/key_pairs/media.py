"""The media signing key pair (infra/constructs/media_delivery.py): a 2048-bit RSA key whose private half (PEM,
PKCS #8) is put into its secret, and whose public half (PEM) is answered as `PublicKey` for CloudFront's public
key. Nobody handles the private key: it is made here and read only by the learning hub, which signs media
addresses with it. Runs with the deps layer (`cryptography`)."""

from __future__ import annotations

from typing import Any

from .lifecycle import on_event


def _new_private_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def _public_pem(secret: str) -> str | None:
    from cryptography.hazmat.primitives import serialization

    try:
        key = serialization.load_pem_private_key(secret.encode(), password=None)
    except ValueError:
        return None  # not a key (never written)
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return on_event(event, new_secret=_new_private_pem, public_half=_public_pem)
