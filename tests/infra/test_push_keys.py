"""Web Push's VAPID key pair (infra/constructs/push.py): its custom resource handler against moto's Secrets
Manager (Create makes a P-256 pair in the form the settings validate, Update keeps it unless the generation
changed, Delete leaves it), and in the synthesized stack only the functions that send push read it."""

from __future__ import annotations

import importlib.util
import json
from typing import Any

import boto3
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from moto import mock_aws

from infra import definitions
from infra.constructs.key_pair import CUSTOM_RESOURCES
from infra.stack import SENDS_PUSH
from karmayogi.platform import settings

from .helpers import function_logical_ids


def _handler() -> Any:
    spec = importlib.util.spec_from_file_location("vapid_key_pair_index", CUSTOM_RESOURCES / "vapid_key_pair" / "index.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.handler


@pytest.fixture
def secret(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")
    with mock_aws():
        yield boto3.client("secretsmanager").create_secret(Name="karmayogi-test-vapid-keys",
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
    pair = settings._vapid_keys(_stored(secret))  # the form the functions validate at first use
    private = ec.derive_private_key(int.from_bytes(settings._base64url_bytes(pair.private_key), "big"), ec.SECP256R1())
    point = private.public_key().public_numbers()
    assert settings._base64url_bytes(pair.public_key) == b"\x04" + point.x.to_bytes(32, "big") + point.y.to_bytes(32, "big")

    kept = handler(_event("Update", secret, physical_id=created["PhysicalResourceId"]), None)
    assert kept == created and json.loads(_stored(secret))["publicKey"] == pair.public_key
    rotated = handler(_event("Update", secret, "2", physical_id=created["PhysicalResourceId"]), None)
    assert rotated["PhysicalResourceId"] != created["PhysicalResourceId"]
    assert json.loads(_stored(secret))["publicKey"] != pair.public_key

    before = _stored(secret)
    assert handler(_event("Delete", secret, physical_id=rotated["PhysicalResourceId"]), None) == {
        "PhysicalResourceId": rotated["PhysicalResourceId"]}
    assert _stored(secret) == before


def test_a_malformed_secret_is_refused_with_a_clear_message():
    with pytest.raises(settings.SettingsError, match="VAPID"):
        settings._vapid_keys(json.dumps({"publicKey": "AAAA", "privateKey": "BBBB"}))


@pytest.mark.infra
def test_only_the_functions_that_push_read_the_key_pair(dev):
    (secret_id,) = [k for k, r in dev.resources("AWS::SecretsManager::Secret").items()
                    if r["Properties"].get("Name") == definitions.vapid_secret_name("dev")]
    (custom_id,) = [k for k, r in dev.template_json["Resources"].items() if r["Type"] == "Custom::VapidKeyPair"]
    assert dev.template_json["Resources"][custom_id]["Properties"]["SecretArn"] == {"Ref": secret_id}
    functions = dev.resources("AWS::Lambda::Function")
    ids = function_logical_ids(dev.template_json, "dev")
    with_variable = {name for name, lid in ids.items()
                     if functions[lid]["Properties"]["Environment"]["Variables"].get("VAPID_SECRET_ARN") == {"Ref": secret_id}}
    assert with_variable == set(SENDS_PUSH)
    readers = set()
    for policy in dev.resources("AWS::IAM::Policy").values():
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
            if "secretsmanager:GetSecretValue" in actions and {"Ref": secret_id} in resources:
                readers |= {r["Ref"] for r in policy["Properties"]["Roles"]}
    generator = [f for k, f in functions.items() if k.startswith("WebPushKeyPairFunction")]
    assert len(generator) == 1
    expected = {functions[ids[name]]["Properties"]["Role"]["Fn::GetAtt"][0] for name in SENDS_PUSH}
    assert readers == expected | {generator[0]["Properties"]["Role"]["Fn::GetAtt"][0]}
