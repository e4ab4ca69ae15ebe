"""The certificate issuer's Ed25519 key on the dev server and in tests: made at start and put into (moto's)
Secrets Manager under the secret the settings name (ISSUER_KEY_SECRET_ARN), exactly where the learning hub
reads it in AWS (the stack makes it at deployment: infra/constructs/issuer.py). So certificates' verifiable
credentials are signed here by the same code (karmayogi.domain.credentials)."""

from __future__ import annotations

import json
import os

import boto3

from infra import definitions
from karmayogi.domain import credentials
from local.aws import REGION, STAGE


def install() -> None:
    """A new issuer key in moto's Secrets Manager and the setting that points the hubs at it."""
    from karmayogi.platform.settings import reset_settings

    name = definitions.issuer_secret_name(STAGE)
    secret = credentials.new_key_pair()
    secrets = boto3.client("secretsmanager", region_name=REGION)
    try:
        secrets.put_secret_value(SecretId=name, SecretString=secret)
    except secrets.exceptions.ResourceNotFoundException:
        secrets.create_secret(Name=name, SecretString=secret)
    os.environ["ISSUER_KEY_SECRET_ARN"] = name
    os.environ["ISSUER_PUBLIC_KEY"] = json.loads(secret)["publicKey"]  # as the stack hands it to the learning hub
    reset_settings()
    credentials.parse_key.cache_clear()
