"""karmayogi.platform.revocation and the identity check: a token issued at or before the user's `notBefore`
is refused on every route, within the cache's bound, at one read per user per container per TTL."""

from __future__ import annotations

import pytest

from karmayogi.platform import db, identity, keys, revocation
from karmayogi.platform.errors import AppError
from tests.request_budget import counting


def claims(user_id: str, iat: object) -> dict[str, object]:
    return {**identity.claims_for(user_id, user_id, ["PUBLIC"]), "iat": iat}


def put_not_before(user_id: str, value: int) -> None:
    pk, sk = keys.tokens_not_before_key(user_id)
    db.table().put_item(Item={"PK": pk, "SK": sk, "notBefore": value})


def test_tokens_of_or_before_the_revocation_are_refused(resources):
    put_not_before("u1", 1_000)
    for iat in (999, 1_000, "1000"):  # the REST authorizer passes claims as strings
        with pytest.raises(AppError) as refused:
            identity.caller_from_claims(claims("u1", iat))
        assert (refused.value.status, refused.value.code) == (401, "TOKEN_REVOKED")
    assert identity.caller_from_claims(claims("u1", 1_001)).user_id == "u1"
    assert identity.caller_from_claims(claims("u1", 5), revoked_ok=True).user_id == "u1"  # logout
    assert identity.caller_from_claims(claims("u2", 5)).user_id == "u2"  # never revoked
    assert identity.caller_from_claims(identity.claims_for("u1", "u1", ["PUBLIC"])).user_id == "u1"  # no iat
    with pytest.raises(AppError) as bad:
        identity.caller_from_claims(claims("u1", "yesterday"))
    assert bad.value.code == "UNAUTHORIZED"


def test_one_read_per_user_per_container_until_the_ttl_runs_out(resources, monkeypatch):
    now = [100.0]
    monkeypatch.setattr(revocation, "_monotonic", lambda: now[0])
    with counting() as calls:
        for _ in range(5):
            identity.caller_from_claims(claims("u1", 10))
    assert calls == {"GetItem": 1}
    put_not_before("u1", 10)  # written by another container
    now[0] += revocation.TTL_SECONDS - 1
    identity.caller_from_claims(claims("u1", 10))  # still the cached value
    now[0] += 2
    with pytest.raises(AppError):
        identity.caller_from_claims(claims("u1", 10))
    assert revocation.TTL_SECONDS < 60
