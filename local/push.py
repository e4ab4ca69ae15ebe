"""Web Push on the dev server and in tests: the VAPID key pair made at start, put into (moto's) Secrets
Manager under the secret the settings name (VAPID_SECRET_ARN), exactly where the hubs read it in AWS (the
stack generates it at deployment: infra/constructs/push.py). So the push code (karmayogi.domain.push) runs
here unchanged; a browser subscribed to the dev server gets its pushes through its real push service."""

from __future__ import annotations

import os

import boto3

from infra import definitions
from local.aws import REGION, STAGE


def generate_key_pair() -> tuple[str, str]:
    """(public, private) of a new P-256 key, base64url unpadded: the 65-byte uncompressed point and the
    32-byte scalar (the form browsers and pywebpush take)."""
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    point = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    scalar = key.private_numbers().private_value.to_bytes(32, "big")

    def encode(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return encode(point), encode(scalar)


def install() -> None:
    """A new VAPID key pair in moto's Secrets Manager and the setting that points the hubs at it."""
    import json

    from karmayogi.platform.settings import reset_settings

    public, private = generate_key_pair()
    name = definitions.vapid_secret_name(STAGE)
    secret = json.dumps({"publicKey": public, "privateKey": private})
    secrets = boto3.client("secretsmanager", region_name=REGION)
    try:
        secrets.put_secret_value(SecretId=name, SecretString=secret)
    except secrets.exceptions.ResourceNotFoundException:
        secrets.create_secret(Name=name, SecretString=secret)
    os.environ["VAPID_SECRET_ARN"] = name
    reset_settings()
