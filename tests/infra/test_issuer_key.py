"""The certificate issuer's Ed25519 key (infra/constructs/issuer.py): its custom resource handler against moto's
Secrets Manager (Create makes a key in the form karmayogi.domain.credentials validates, Update keeps it unless
the generation changed, Delete leaves it), and in the synthesized stack only the learning hub reads it and
writes the certificate PDFs."""

from __future__ import annotations

import importlib.util
import json
from typing import Any

import boto3
import pytest
from moto import mock_aws

from infra import definitions
from infra.constructs.key_pair import CUSTOM_RESOURCES
from karmayogi.domain import credentials

from .helpers import function_logical_ids


def _handler() -> Any:
    spec = importlib.util.spec_from_file_location("issuer_key_pair_index", CUSTOM_RESOURCES / "issuer_key_pair" / "index.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.handler


@pytest.fixture
def secret(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")
    with mock_aws():
        yield boto3.client("secretsmanager").create_secret(Name="karmayogi-test-issuer-key",
                                                           SecretString="generated-placeholder")["ARN"]


def _event(request: str, arn: str, generation: str = "1", physical_id: str | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {"RequestType": request, "ResourceProperties": {"SecretArn": arn, "Generation": generation}}
    if physical_id:
        event["PhysicalResourceId"] = physical_id
    return event


def _stored(arn: str) -> str:
    return str(boto3.client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"])


def test_create_update_rotate_delete(secret):
    handler = _handler()
    created = handler(_event("Create", secret), None)
    key = credentials.parse_key(_stored(secret))  # the form the learning hub validates at first use
    signed = credentials.sign(credentials.unsigned_credential(
        {"id": "c1", "learnerName": "A", "courseId": "k", "courseTitle": "T", "issuedAt": "2026-12-01T00:00:00Z"},
        key.did), key)
    assert credentials.verify(signed, credentials.issuer_document(key)).outcome == "valid"

    assert created["Data"] == {"PublicKey": credentials.b64url(key.public)}  # what the hub publishes
    kept = handler(_event("Update", secret, physical_id=created["PhysicalResourceId"]), None)
    assert kept == created and credentials.parse_key(_stored(secret)) == key
    rotated = handler(_event("Update", secret, "2", physical_id=created["PhysicalResourceId"]), None)
    assert rotated["PhysicalResourceId"] != created["PhysicalResourceId"]
    assert credentials.parse_key(_stored(secret)).public != key.public
    assert rotated["Data"]["PublicKey"] == credentials.b64url(credentials.parse_key(_stored(secret)).public)

    before = _stored(secret)
    assert handler(_event("Delete", secret, physical_id=rotated["PhysicalResourceId"]), None) == {
        "PhysicalResourceId": rotated["PhysicalResourceId"]}
    assert _stored(secret) == before
    assert set(json.loads(before)) == {"publicKey", "privateKey"}


@pytest.mark.infra
def test_only_the_learning_hub_reads_the_key_and_writes_certificates(dev):
    (secret_id,) = [k for k, r in dev.resources("AWS::SecretsManager::Secret").items()
                    if r["Properties"].get("Name") == definitions.issuer_secret_name("dev")]
    (custom_id,) = [k for k, r in dev.template_json["Resources"].items() if r["Type"] == "Custom::IssuerKeyPair"]
    assert dev.template_json["Resources"][custom_id]["Properties"]["SecretArn"] == {"Ref": secret_id}
    functions = dev.resources("AWS::Lambda::Function")
    ids = function_logical_ids(dev.template_json, "dev")
    with_variable = {name for name, lid in ids.items()
                     if functions[lid]["Properties"]["Environment"]["Variables"].get("ISSUER_KEY_SECRET_ARN")
                     == {"Ref": secret_id}}
    assert with_variable == {"learning"}
    published = functions[ids["learning"]]["Properties"]["Environment"]["Variables"]["ISSUER_PUBLIC_KEY"]
    assert published == {"Fn::GetAtt": [custom_id, "PublicKey"]}  # the key pair's answer, no secret read
    readers, writers = set(), set()
    for policy in dev.resources("AWS::IAM::Policy").values():
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
            roles = {r["Ref"] for r in policy["Properties"]["Roles"]}
            if "secretsmanager:GetSecretValue" in actions and {"Ref": secret_id} in resources:
                readers |= roles
            if "s3:PutObject" in actions and definitions.CERTIFICATES_PREFIX in json.dumps(resources):
                writers |= roles
    generator = [f for k, f in functions.items() if k.startswith("CertificateIssuerKeyPairFunction")]
    assert len(generator) == 1
    learning_role = functions[ids["learning"]]["Properties"]["Role"]["Fn::GetAtt"][0]
    assert readers == {learning_role, generator[0]["Properties"]["Role"]["Fn::GetAtt"][0]}
    assert writers == {learning_role}
