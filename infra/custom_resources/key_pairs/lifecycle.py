"""What every key pair made at deployment does with CloudFormation's events (a custom resource through CDK's
Provider framework; infra/constructs/key_pair.py), whatever the kind of key.

Create makes a key and puts it into the stack's Secrets Manager secret. Update keeps the secret's key (an
unrelated change to the stack must not re-key: what the old key signed or subscribed to would break) unless
`Generation` changed, which makes a new one (rotation: docs/runbook.md), or the secret holds no key of this
kind. Delete does nothing: the secret goes with its own resource. Every other answer carries the public half as
the `PublicKey` attribute, so the stack can hand it out without anyone reading the secret."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3


def on_event(event: dict[str, Any], *, new_secret: Callable[[], str],
             public_half: Callable[[str], str | None]) -> dict[str, Any]:
    """`new_secret()` makes a key and answers the secret's text; `public_half(text)` answers the public key a
    secret's text holds, or None when the text is not a key of this kind (the placeholder before Create)."""
    properties = event["ResourceProperties"]
    secret_arn, generation = properties["SecretArn"], str(properties.get("Generation", "1"))
    physical_id = f"{secret_arn}#{generation}"
    if event["RequestType"] == "Delete":
        return {"PhysicalResourceId": event["PhysicalResourceId"]}
    secrets = boto3.client("secretsmanager")
    public = None
    if event["RequestType"] == "Update" and event.get("PhysicalResourceId") == physical_id:
        public = public_half(secrets.get_secret_value(SecretId=secret_arn)["SecretString"])
    if public is None:
        stored = new_secret()
        secrets.put_secret_value(SecretId=secret_arn, SecretString=stored)
        public = public_half(stored)
    return {"PhysicalResourceId": physical_id, "Data": {"PublicKey": public}}
