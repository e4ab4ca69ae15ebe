"""The lifecycle every key pair made at deployment shares (infra/custom_resources/key_pairs/lifecycle.py), for
each kind against moto's Secrets Manager: Create makes a key, Update keeps it unless the generation changed,
an Update over a secret that never got a key makes one, Delete leaves the secret alone; every answer carries
the public half the secret holds. What each kind's key must look like is in test_issuer_key, test_push_keys
and test_media_key_pair."""

from __future__ import annotations

import json

import pytest

from infra.constructs.key_pair import KEY_PAIRS_PACKAGE
from infra.custom_resources.key_pairs import issuer, media, vapid

from .helpers import key_pair_event, stored_secret

KINDS = {"issuer": issuer, "vapid": vapid, "media": media}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_create_keep_rotate_delete(kind, key_pair_secret):
    module = KINDS[kind]
    created = module.handler(key_pair_event("Create", key_pair_secret), None)
    first = stored_secret(key_pair_secret)
    assert first != "generated-placeholder"
    assert created["PhysicalResourceId"] == f"{key_pair_secret}#1" and set(created["Data"]) == {"PublicKey"}
    assert created["Data"]["PublicKey"] and "PRIVATE" not in created["Data"]["PublicKey"]
    assert created["Data"]["PublicKey"] in first or kind == "media"  # the JSON pairs hold their public half as is

    kept = module.handler(key_pair_event("Update", key_pair_secret, physical_id=created["PhysicalResourceId"]), None)
    assert kept == created and stored_secret(key_pair_secret) == first

    rotated = module.handler(key_pair_event("Update", key_pair_secret, "2", physical_id=created["PhysicalResourceId"]),
                             None)
    assert rotated["PhysicalResourceId"] == f"{key_pair_secret}#2"
    assert stored_secret(key_pair_secret) != first and rotated["Data"]["PublicKey"] != created["Data"]["PublicKey"]

    before = stored_secret(key_pair_secret)
    assert module.handler(key_pair_event("Delete", key_pair_secret, physical_id=rotated["PhysicalResourceId"]),
                          None) == {"PhysicalResourceId": rotated["PhysicalResourceId"]}
    assert stored_secret(key_pair_secret) == before


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_an_update_over_a_secret_without_a_key_makes_one(kind, key_pair_secret):
    """A resource whose Create failed before the key was written is updated with the same physical id: the
    placeholder is not a key, so the update makes one instead of answering a missing public half."""
    module = KINDS[kind]
    answer = module.handler(key_pair_event("Update", key_pair_secret, physical_id=f"{key_pair_secret}#1"), None)
    assert stored_secret(key_pair_secret) != "generated-placeholder"
    assert answer["Data"]["PublicKey"]
    assert module.handler(key_pair_event("Update", key_pair_secret, physical_id=f"{key_pair_secret}#1"),
                          None) == answer


@pytest.mark.infra
def test_the_three_key_pair_functions_run_their_kind_from_one_asset(dev):
    functions = [r for r in dev.resources("AWS::Lambda::Function").values()
                 if str(r["Properties"].get("Handler", "")).startswith(f"{KEY_PAIRS_PACKAGE}.")]
    assert sorted(f["Properties"]["Handler"] for f in functions) == [
        f"{KEY_PAIRS_PACKAGE}.{kind}.handler" for kind in sorted(KINDS)]
    assert len({json.dumps(f["Properties"]["Code"], sort_keys=True) for f in functions}) == 1
