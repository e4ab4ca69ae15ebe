"""The media key pair's custom resource handler (infra/custom_resources/key_pairs/media.py) against moto's
Secrets Manager: the secret holds the private half (PEM), and the public half it answers for CloudFront verifies
what the private half signs (the lifecycle every key pair shares: test_key_pairs)."""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from infra.custom_resources.key_pairs import media

from .helpers import key_pair_event, stored_secret


def _private(arn: str) -> Any:
    return serialization.load_pem_private_key(stored_secret(arn).encode(), password=None)


def test_the_public_half_verifies_what_the_secret_signs(key_pair_secret):
    created = media.handler(key_pair_event("Create", key_pair_secret), None)
    public = serialization.load_pem_public_key(created["Data"]["PublicKey"].encode())
    signature = _private(key_pair_secret).sign(b"policy", padding.PKCS1v15(), hashes.SHA1())  # noqa: S303
    public.verify(signature, b"policy", padding.PKCS1v15(), hashes.SHA1())  # noqa: S303 - raises if not the pair
    assert "PRIVATE" not in created["Data"]["PublicKey"] and "PRIVATE KEY" in stored_secret(key_pair_secret)
