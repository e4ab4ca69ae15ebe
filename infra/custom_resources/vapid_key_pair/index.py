"""The Web Push VAPID key pair, made at deployment (a CloudFormation custom resource through CDK's Provider
framework; infra/constructs/push.py): a P-256 key put into the stack's Secrets Manager secret as JSON
`{"publicKey", "privateKey"}` (base64url, unpadded: the 65-byte uncompressed point browsers take as
`applicationServerKey` and the 32-byte private scalar), the form karmayogi.platform.settings validates.
Nobody handles the private key: it is made here and read only by the functions that send push.

Create makes a key. Update keeps the key of the secret (so an unrelated change to the stack does not re-key,
which would end every device's subscription) unless `Generation` changed, which makes a new one (rotation:
docs/runbook.md; browsers must subscribe again). Delete does nothing: the secret goes with its own resource.
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
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    point = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    scalar = key.private_numbers().private_value.to_bytes(32, "big")
    return json.dumps({"publicKey": _encode(point), "privateKey": _encode(scalar)})


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    properties = event["ResourceProperties"]
    secret_arn, generation = properties["SecretArn"], str(properties.get("Generation", "1"))
    physical_id = f"{secret_arn}#{generation}"
    if event["RequestType"] == "Delete":
        return {"PhysicalResourceId": event["PhysicalResourceId"]}
    secrets = boto3.client("secretsmanager")
    keep = (event["RequestType"] == "Update" and event.get("PhysicalResourceId") == physical_id
            and _is_key_pair(secrets.get_secret_value(SecretId=secret_arn)["SecretString"]))
    if not keep:
        secrets.put_secret_value(SecretId=secret_arn, SecretString=_new_key_pair())
    return {"PhysicalResourceId": physical_id}
