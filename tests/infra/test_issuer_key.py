"""The certificate issuer's Ed25519 key (infra/constructs/issuer.py): its custom resource handler against moto's
Secrets Manager makes a key in the form karmayogi.domain.credentials validates and answers its public half (the
lifecycle every key pair shares: test_key_pairs), and in the synthesized stack only the learning hub reads it and
writes the certificate PDFs."""

from __future__ import annotations

import json

import pytest

from infra import definitions
from infra.custom_resources.key_pairs import issuer
from karmayogi.domain import credentials

from .helpers import function_logical_ids, key_pair_event, roles_allowed, secret_readers, stored_secret


def test_the_key_is_the_ed25519_pair_the_learning_hub_signs_with(key_pair_secret):
    created = issuer.handler(key_pair_event("Create", key_pair_secret), None)
    key = credentials.parse_key(stored_secret(key_pair_secret))  # the form the learning hub validates at first use
    assert set(json.loads(stored_secret(key_pair_secret))) == {"publicKey", "privateKey"}
    signed = credentials.sign(credentials.unsigned_credential(
        {"id": "c1", "learnerName": "A", "courseId": "k", "courseTitle": "T", "issuedAt": "2026-12-01T00:00:00Z"},
        key.did), key)
    assert credentials.verify(signed, credentials.issuer_document(key)).outcome == "valid"
    assert created["Data"] == {"PublicKey": credentials.b64url(key.public)}  # what the hub publishes

    rotated = issuer.handler(key_pair_event("Update", key_pair_secret, "2",
                                            physical_id=created["PhysicalResourceId"]), None)
    rotated_key = credentials.parse_key(stored_secret(key_pair_secret))
    assert rotated_key.public != key.public and rotated["Data"]["PublicKey"] == credentials.b64url(rotated_key.public)


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
    readers = secret_readers(dev, secret_id)
    writers = roles_allowed(dev, "s3:PutObject", lambda resources: definitions.CERTIFICATES_PREFIX in json.dumps(resources))
    generator = [f for k, f in functions.items() if k.startswith("CertificateIssuerKeyPairFunction")]
    assert len(generator) == 1
    learning_role = functions[ids["learning"]]["Properties"]["Role"]["Fn::GetAtt"][0]
    assert readers == {learning_role, generator[0]["Properties"]["Role"]["Fn::GetAtt"][0]}
    assert writers == {learning_role}
