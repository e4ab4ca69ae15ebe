"""Sessions you can trust: revocation within 60 s, logins you cannot grind, the app client's secret, and the
admin roles' second factor (API.md v2 "Sessions")."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import jwt
import pytest

from functions.auth import cognito
from karmayogi.platform import clock, db, keys, revocation
from karmayogi.platform.settings import get_settings
from local import totp
from tests import factories
from tests.auth import support
from tests.auth.support import PASSWORD
from tests.conftest import ApiClient

SPV = ApiClient().as_user("spv-1", "SPV_ADMIN")


@pytest.fixture
def account(resources, api):
    factories.seed_directory()
    return support.register_account(api)


def user_client(tokens: dict[str, Any], **headers: str) -> ApiClient:
    client = ApiClient(jwt.decode(tokens["accessToken"], options={"verify_signature": False}))
    if headers:
        original = client.request

        def request(method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
            return original(method, path, body, **{**kwargs, "headers": {**headers, **(kwargs.get("headers") or {})}})

        client.request = request  # type: ignore[method-assign]
    return client


def refused(response: Any, code: str, status: int = 401) -> bool:
    return response.status == status and response.json()["error"]["code"] == code


def next_second() -> None:
    """A token issued in the second of a revocation is refused too: step past it."""
    time.sleep(1.05 - time.time() % 1)


# ---- revocation within 60 s ------------------------------------------------------------------------------


def test_a_removed_role_ends_the_tokens_that_carry_it(api, account):
    assert SPV.post(f"/users/{account['userId']}/roles", {"role": "CONTENT_CREATOR"}).status == 200
    user = user_client(support.login(api, account["email"]))
    assert user.get("/me").status == 200
    assert SPV.delete(f"/users/{account['userId']}/roles/CONTENT_CREATOR").status == 204
    # this container saw the removal at once, on every hub
    assert refused(user.get("/me"), "TOKEN_REVOKED")
    assert refused(user.get("/courses"), "TOKEN_REVOKED")
    next_second()
    fresh = user_client(support.login(api, account["email"]))
    assert fresh.get("/me").status == 200 and fresh.claims["cognito:groups"] == ["PUBLIC"]


def test_a_revocation_made_elsewhere_is_seen_within_60_seconds(api, account, monkeypatch):
    user = user_client(support.login(api, account["email"]))
    assert user.get("/me").status == 200  # this container caches "never revoked"
    next_second()
    pk, sk = keys.tokens_not_before_key(account["userId"])  # another container logs the user out
    db.table().put_item(Item={"PK": pk, "SK": sk, "notBefore": revocation.wall_seconds()})
    assert user.get("/me").status == 200  # still cached here...
    later = time.monotonic() + revocation.TTL_SECONDS + 0.5
    monkeypatch.setattr(revocation, "_monotonic", lambda: later)
    assert revocation.TTL_SECONDS < 60
    assert refused(user.get("/me"), "TOKEN_REVOKED")  # ...but not for longer than the bound


def test_a_login_right_after_a_revocation_gets_tokens_that_work(api, account):
    """Tokens of the revocation's own second are refused (`iat <= notBefore`): a login in that second waits
    into the next one before asking Cognito, so a password reset followed at once by a login works."""
    tokens = support.login(api, account["email"])
    assert user_client(tokens).post("/auth/logout", {"refreshToken": tokens["refreshToken"]}).status == 204
    again = support.login(api, account["email"])  # within the same second as the logout's revocation
    assert user_client(again).get("/me").status == 200
    refreshed = api.post("/auth/refresh", {"refreshToken": again["refreshToken"]})
    assert refreshed.status == 200 and user_client(refreshed.json()).get("/me").status == 200


def test_logout_ends_the_access_tokens_too(api, account):
    tokens = support.login(api, account["email"])
    user = user_client(tokens)
    assert user.post("/auth/logout", {"refreshToken": tokens["refreshToken"]}).status == 204
    assert refused(user.get("/me"), "TOKEN_REVOKED")
    assert refused(user.get("/courses"), "TOKEN_REVOKED")
    assert user.post("/auth/logout").status == 204  # logging out again is harmless
    assert refused(api.post("/auth/refresh", {"refreshToken": tokens["refreshToken"]}), "INVALID_TOKEN")


def test_a_warm_container_pays_no_read_for_revocation(api, account):
    user = user_client(support.login(api, account["email"]))
    revocation.reset()  # a container that did not serve the login (which reads the same value to issue)
    with support.counting() as first:
        assert user.get("/me").status == 200
    with support.counting() as later:
        assert user.get("/me").status == 200
    assert first["GetItem"] == later["GetItem"] + 1


# ---- logins you cannot grind -----------------------------------------------------------------------------


def login_status(api: ApiClient, username: str, password: str) -> tuple[int, str | None]:
    response = api.post("/auth/login", {"username": username, "password": password})
    return response.status, response.headers.get("Retry-After")


def test_failed_logins_back_off_then_lock_and_a_success_clears_them(api, account):
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    clock.set_now(start)
    wrong = "Wrong-pass1!"
    assert [login_status(api, account["email"], wrong)[0] for _ in range(3)] == [401, 401, 401]
    locked = api.post("/auth/login", {"username": account["employeeId"], "password": PASSWORD})  # any alias
    assert refused(locked, "LOGIN_LOCKED", 429) and locked.headers["Retry-After"] == "5"
    clock.set_now(start + timedelta(seconds=6))
    assert login_status(api, account["email"], wrong) == (401, None)  # the 4th: 30 s
    clock.set_now(start + timedelta(seconds=40))
    assert login_status(api, account["email"], wrong) == (401, None)  # the 5th: 15 minutes
    status, retry_after = login_status(api, account["email"], PASSWORD)  # the right password stays out
    assert status == 429 and retry_after == str(15 * 60)
    clock.set_now(start + timedelta(seconds=40 + 15 * 60 + 1))
    assert support.login(api, account["email"])["accessToken"]
    assert login_status(api, account["email"], wrong)[0] == 401  # counting starts again
    assert login_status(api, account["email"], PASSWORD)[0] == 200


def test_an_unknown_username_locks_the_same_way(api, account):
    clock.set_now(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    statuses = [login_status(api, "ghost@dopt.gov.in", "Wrong-pass1!")[0] for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    assert support.login(api, account["email"])["accessToken"]  # another username is not affected


def test_cognito_gets_the_client_address_and_the_secret_hash(api, account):
    seen: list[dict[str, Any]] = []
    client = cognito.client()
    client.meta.events.register("provide-client-params.cognito-idp.AdminInitiateAuth",
                                lambda params, **_: seen.append(dict(params)), unique_id="test-seen")
    try:
        api.post("/auth/login", {"username": account["email"], "password": PASSWORD},
                 headers={"CloudFront-Viewer-Address": "203.0.113.9:50123", "X-Forwarded-For": "10.9.9.9"})
        api.post("/auth/login", {"username": account["email"], "password": PASSWORD})
    finally:
        client.meta.events.unregister("provide-client-params.cognito-idp.AdminInitiateAuth", unique_id="test-seen")
    assert seen[0]["ContextData"]["IpAddress"] == "203.0.113.9"
    assert seen[1]["ContextData"]["IpAddress"] == "127.0.0.1"  # requestContext.identity.sourceIp
    assert seen[0]["AuthFlow"] == "ADMIN_USER_PASSWORD_AUTH"
    assert seen[0]["AuthParameters"]["SECRET_HASH"] == cognito.secret_hash(account["userId"])
    from moto.cognitoidp.utils import check_secret_hash

    settings = get_settings()
    assert check_secret_hash(settings.user_pool_client_secret, settings.user_pool_client_id, account["userId"],
                             cognito.secret_hash(account["userId"]))


def test_the_public_client_id_opens_nothing_on_its_own(api, account):
    idp = boto3.client("cognito-idp", region_name=get_settings().region)
    described = idp.describe_user_pool_client(UserPoolId=get_settings().user_pool_id,
                                              ClientId=get_settings().user_pool_client_id)["UserPoolClient"]
    assert described["ClientSecret"] and "ALLOW_USER_PASSWORD_AUTH" not in described["ExplicitAuthFlows"]
    assert described["WriteAttributes"] == ["locale"]
    # (moto does not enforce a client's auth flows; Cognito refuses USER_PASSWORD_AUTH on this client, and
    # asks for the SECRET_HASH on every flow: tests/infra pin the deployed client.)


# ---- the admin roles' second factor ----------------------------------------------------------------------


def test_an_admin_sets_up_totp_and_then_signs_in_with_it(api, account):
    assert SPV.post(f"/users/{account['userId']}/roles", {"role": "CONTENT_PUBLISHER"}).status == 200
    first = support.login(api, account["email"])
    assert first["mfaRequired"] is True  # tokens, flagged: the client sends them to set it up
    me = user_client(first, Authorization=f"Bearer {first['accessToken']}")
    assert user_client(first).post("/me/mfa/setup").status == 401  # Cognito needs the token itself
    setup = me.post("/me/mfa/setup")
    assert setup.status == 200, setup.json()
    secret = setup.json()["secret"]
    assert setup.json()["otpauthUri"].startswith("otpauth://totp/Karmayogi:") and f"secret={secret}" in \
        setup.json()["otpauthUri"]
    code = totp.fresh_code(secret)
    assert refused(me.post("/me/mfa/verify", {"code": support.wrong(code)}), "MFA_CODE_INVALID", 400)
    verified = me.post("/me/mfa/verify", {"code": code})
    assert verified.status == 200 and verified.json() == {"mfaEnabled": True}

    challenge = api.post("/auth/login", {"username": account["email"], "password": PASSWORD})
    assert challenge.status == 200 and set(challenge.json()) == {"challenge", "session"}
    assert challenge.json()["challenge"] == "MFA"
    session = challenge.json()["session"]
    code = totp.fresh_code(secret)
    assert refused(api.post("/auth/login/mfa", {"session": session, "code": support.wrong(code)}), "MFA_CODE_INVALID")
    signed_in = api.post("/auth/login/mfa", {"session": session, "code": code})
    assert signed_in.status == 200 and signed_in.json()["mfaRequired"] is False
    assert user_client(signed_in.json()).get("/me").status == 200
    again = api.post("/auth/login/mfa", {"session": session, "code": code})
    assert refused(again, "MFA_SESSION_EXPIRED")
    assert refused(api.post("/auth/login/mfa", {"session": "x" * 36, "code": code}), "MFA_SESSION_EXPIRED")


def test_a_learner_is_not_asked_for_a_second_factor(api, account):
    assert support.login(api, account["email"])["mfaRequired"] is False


# ---- suspension ------------------------------------------------------------------------------------------


def test_a_suspended_account_stops_working_everywhere_and_a_restored_one_signs_in_again(api, account):
    tokens = support.login(api, account["email"])
    user = user_client(tokens)
    admin = factories.create_user("MDO_ADMIN", org_id="dopt")
    other_admin = factories.create_user("MDO_ADMIN", org_id="mof")
    as_admin, as_other = ApiClient(admin["claims"]), ApiClient(other_admin["claims"])
    url = f"/users/{account['userId']}/suspend"
    assert refused(as_other.post(url), "FORBIDDEN", 403)
    assert refused(user.post(url), "FORBIDDEN", 403)
    assert refused(as_admin.post(f"/users/{admin['userId']}/suspend"), "OWN_ACCOUNT", 403)
    assert as_admin.post("/users/nobody/suspend").status == 404
    assert as_admin.post(url).status == 204
    assert as_admin.post(url).status == 204  # again: nothing changes
    assert refused(user.get("/me"), "TOKEN_REVOKED")
    assert refused(user.get("/courses"), "TOKEN_REVOKED")
    assert refused(api.post("/auth/refresh", {"refreshToken": tokens["refreshToken"]}), "INVALID_TOKEN")
    assert refused(api.post("/auth/login", {"username": account["email"], "password": PASSWORD}), "INVALID_CREDENTIALS")
    listed = as_admin.get("/orgs/dopt/users", query={"limit": 100}).json()["items"]
    assert next(u for u in listed if u["userId"] == account["userId"])["suspended"] is True

    assert as_admin.post(f"/users/{account['userId']}/restore").status == 204
    next_second()
    fresh = user_client(support.login(api, account["email"]))
    assert fresh.get("/me").status == 200
    assert refused(user.get("/me"), "TOKEN_REVOKED")  # the old tokens stay revoked
