"""The media signing key pair, made at deployment (a CloudFormation custom resource through CDK's Provider
framework; infra/constructs/media_delivery.py): a 2048-bit RSA key whose private half (PEM) is put into the
stack's Secrets Manager secret, and whose public half (PEM) is returned as `PublicKey` for CloudFront's
public key. Nobody handles the private key: it is made here and read only by the learning hub.

Create makes a key. Update keeps the key of the secret (so an unrelated change to the stack does not
re-key) unless `Generation` changed, which makes a new one (rotation: docs/runbook.md). Delete does
nothing: the secret goes with its own resource. Runs with the deps layer (`cryptography`)."""

from __future__ import annotations

from typing import Any

import boto3


def _new_key() -> Any:
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from cryptography.hazmat.primitives import serialization

    properties = event["ResourceProperties"]
    secret_arn, generation = properties["SecretArn"], str(properties.get("Generation", "1"))
    physical_id = f"{secret_arn}#{generation}"
    if event["RequestType"] == "Delete":
        return {"PhysicalResourceId": event["PhysicalResourceId"]}
    secrets = boto3.client("secretsmanager")
    key = None
    if event["RequestType"] == "Update" and event.get("PhysicalResourceId") == physical_id:
        pem = secrets.get_secret_value(SecretId=secret_arn)["SecretString"]
        try:
            key = serialization.load_pem_private_key(pem.encode(), password=None)
        except ValueError:
            key = None  # not a key (never written): make one
    if key is None:
        key = _new_key()
        private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode()
        secrets.put_secret_value(SecretId=secret_arn, SecretString=private)
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return {"PhysicalResourceId": physical_id, "Data": {"PublicKey": public}}
