"""The certificate issuer's Ed25519 key, made at deployment (a CloudFormation custom resource through CDK's
Provider framework; infra/constructs/issuer.py): put into the stack's Secrets Manager secret as JSON
`{"publicKey", "privateKey"}` (base64url, unpadded, 32 bytes each: the raw public key and the private seed),
the form karmayogi.domain.credentials validates. Nobody handles the private key: it is made here and read
only by the learning hub, which signs certificates' verifiable credentials with it.

Create makes a key; every answer carries its public half (`PublicKey`, base64url) as an attribute. Update keeps the key of the secret (an unrelated change to the stack must not re-key:
credentials held offline are checked against the published key) unless `Generation` changed, which makes a
new one (rotation: docs/runbook.md). Delete does nothing: the secret goes with its own resource.
Runs with the deps layer (`cryptography`)."""

from __future__ import annotations

import base64
import json
from typing import Any

import boto3


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _is_key_pair(secret: str) -> bool:
    try:
        document = json.loads(secret)
        return isinstance(document, dict) and bool(document.get("publicKey")) and bool(document.get("privateKey"))
    except ValueError:
        return False


def _new_key_pair() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return json.dumps({"publicKey": _encode(public), "privateKey": _encode(private)})


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    properties = event["ResourceProperties"]
    secret_arn, generation = properties["SecretArn"], str(properties.get("Generation", "1"))
    physical_id = f"{secret_arn}#{generation}"
    if event["RequestType"] == "Delete":
        return {"PhysicalResourceId": event["PhysicalResourceId"]}
    secrets = boto3.client("secretsmanager")
    stored = secrets.get_secret_value(SecretId=secret_arn)["SecretString"] if event["RequestType"] == "Update" else ""
    keep = event["RequestType"] == "Update" and event.get("PhysicalResourceId") == physical_id and _is_key_pair(stored)
    if not keep:
        stored = _new_key_pair()
        secrets.put_secret_value(SecretId=secret_arn, SecretString=stored)
    # the public half as an attribute: the stack hands it to the learning hub (ISSUER_PUBLIC_KEY), which publishes
    # it without reading the secret
    return {"PhysicalResourceId": physical_id, "Data": {"PublicKey": json.loads(stored)["publicKey"]}}
