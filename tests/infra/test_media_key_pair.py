"""The media key pair's custom resource handler (infra/custom_resources/media_key_pair) against moto's
Secrets Manager: Create makes a key and stores its private half, Update keeps it unless the generation
changed, Delete leaves the secret alone; the public half it returns verifies what the private half signs."""

from __future__ import annotations

import importlib.util
from typing import Any

import boto3
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from moto import mock_aws

from infra.constructs.key_pair import CUSTOM_RESOURCES


def _handler() -> Any:
    spec = importlib.util.spec_from_file_location("media_key_pair_index", CUSTOM_RESOURCES / "media_key_pair" / "index.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.handler


@pytest.fixture
def secret(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")
    with mock_aws():
        arn = boto3.client("secretsmanager").create_secret(Name="karmayogi-test-media-signing-key",
                                                           SecretString="generated-placeholder")["ARN"]
        yield arn


def _event(request: str, arn: str, generation: str = "1", physical_id: str | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {"RequestType": request, "ResourceProperties": {"SecretArn": arn, "Generation": generation}}
    if physical_id:
        event["PhysicalResourceId"] = physical_id
    return event


def _private(arn: str) -> Any:
    pem = boto3.client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"]
    return serialization.load_pem_private_key(pem.encode(), password=None)


def test_create_update_rotate_delete(secret):
    handler = _handler()
    created = handler(_event("Create", secret), None)
    public = serialization.load_pem_public_key(created["Data"]["PublicKey"].encode())
    signature = _private(secret).sign(b"policy", padding.PKCS1v15(), hashes.SHA1())  # noqa: S303
    public.verify(signature, b"policy", padding.PKCS1v15(), hashes.SHA1())  # noqa: S303 - raises if not the pair
    assert "PRIVATE" not in created["Data"]["PublicKey"]

    kept = handler(_event("Update", secret, physical_id=created["PhysicalResourceId"]), None)
    assert kept == created
    rotated = handler(_event("Update", secret, "2", physical_id=created["PhysicalResourceId"]), None)
    assert rotated["PhysicalResourceId"] != created["PhysicalResourceId"]
    assert rotated["Data"]["PublicKey"] != created["Data"]["PublicKey"]

    pem_before = boto3.client("secretsmanager").get_secret_value(SecretId=secret)["SecretString"]
    assert handler(_event("Delete", secret, physical_id=created["PhysicalResourceId"]), None) == {
        "PhysicalResourceId": created["PhysicalResourceId"]}
    assert boto3.client("secretsmanager").get_secret_value(SecretId=secret)["SecretString"] == pem_before
