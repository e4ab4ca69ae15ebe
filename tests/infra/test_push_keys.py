"""Web Push's VAPID key pair (infra/constructs/push.py): its custom resource handler against moto's Secrets
Manager makes a P-256 pair in the form the settings validate (the lifecycle every key pair shares:
test_key_pairs), and in the synthesized stack only the functions that send push read it."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from infra import definitions
from infra.custom_resources.key_pairs import vapid
from infra.stack import SENDS_PUSH
from karmayogi.platform import settings

from .helpers import function_logical_ids, key_pair_event, secret_readers, stored_secret


def test_the_key_is_the_p256_pair_browsers_take(key_pair_secret):
    created = vapid.handler(key_pair_event("Create", key_pair_secret), None)
    pair = settings._vapid_keys(stored_secret(key_pair_secret))  # the form the functions validate at first use
    private = ec.derive_private_key(int.from_bytes(settings._base64url_bytes(pair.private_key), "big"), ec.SECP256R1())
    point = private.public_key().public_numbers()
    assert settings._base64url_bytes(pair.public_key) == b"\x04" + point.x.to_bytes(32, "big") + point.y.to_bytes(32, "big")
    assert created["Data"] == {"PublicKey": pair.public_key}


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
    readers = secret_readers(dev, secret_id)
    generator = [f for k, f in functions.items() if k.startswith("WebPushKeyPairFunction")]
    assert len(generator) == 1
    expected = {functions[ids[name]]["Properties"]["Role"]["Fn::GetAtt"][0] for name in SENDS_PUSH}
    assert readers == expected | {generator[0]["Properties"]["Role"]["Fn::GetAtt"][0]}
