"""Login, tokens, logout and the forgotten-password flow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from functions.auth import repository
from karmayogi.platform import clock, db, keys
from local import aws
from tests import factories
from tests.auth import support
from tests.auth.support import PASSWORD, e164, last_code, messages, wrong
from tests.conftest import ApiClient

NEW_PASSWORD = "N3w-Passw0rd!"


@pytest.fixture
def account(resources, api):
    factories.seed_directory()
    return support.register_account(api)


def claims_of(tokens: dict) -> dict:
    return dict(jwt.decode(tokens["accessToken"], options={"verify_signature": False}))


def test_login_with_email_employee_id_or_mobile(api, account):
    by_email = support.login(api, account["email"].upper())
    assert set(by_email) == {"accessToken", "idToken", "refreshToken", "expiresIn", "tokenType", "profileComplete",
                             "mfaRequired"}
    assert by_email["profileComplete"] is False and by_email["expiresIn"] == 3600
    claims = claims_of(by_email)
    assert claims["username"] == account["userId"] and claims["cognito:groups"] == ["PUBLIC"]
    assert support.login(api, account["employeeId"].lower())["accessToken"]
    assert support.login(api, f"+91 {e164(account['mobile'])[3:]}")["accessToken"]
    # the token's identity is the profile's user id
    me = ApiClient(claims).get("/me")
    assert me.status == 200 and me.json()["userId"] == account["userId"]


def test_wrong_password_and_unknown_user_get_the_same_401(api, account):
    wrong_password = api.post("/auth/login", {"username": account["email"], "password": "Wrong-pass1!"})
    unknown = api.post("/auth/login", {"username": "nobody@dopt.gov.in", "password": PASSWORD})
    not_an_id = api.post("/auth/login", {"username": "??", "password": PASSWORD})
    for response in (wrong_password, unknown, not_an_id):
        assert response.status == 401
        assert response.json() == {
            "error": {"code": "INVALID_CREDENTIALS", "message": "The username or password is not right"}
        }
    for body in ({"username": account["email"]}, {"username": "", "password": "x"}, {"password": "x"}):
        assert api.post("/auth/login", body).status == 400


def test_first_login_credits_karma_once(api, account):
    support.login(api, account["email"])
    support.login(api, account["email"])
    profile = db.get(keys.user_pk(account["userId"]), keys.PROFILE_SK)
    assert profile["karmaPoints"] == 5
    ledger = db.get(*keys.karma_ledger_key(account["userId"], "FIRST_LOGIN", repository.FIRST_LOGIN_CONTEXT))
    assert ledger["points"] == 5


def test_refresh_gives_new_tokens_and_a_bad_token_is_a_401(api, account):
    tokens = support.login(api, account["email"])
    refreshed = api.post("/auth/refresh", {"refreshToken": tokens["refreshToken"]})
    assert refreshed.status == 200
    assert claims_of(refreshed.json())["username"] == account["userId"]
    assert refreshed.json()["refreshToken"] == tokens["refreshToken"]
    for token in ("not-a-token", "x" * 500):
        response = api.post("/auth/refresh", {"refreshToken": token})
        assert response.status == 401 and response.json()["error"]["code"] == "INVALID_TOKEN"
    assert api.post("/auth/refresh", {}).status == 400


def test_logout_ends_the_refresh_token(api, account):
    tokens = support.login(api, account["email"])
    other_session = support.login(api, account["email"])
    user = ApiClient(claims_of(tokens))
    assert api.post("/auth/logout", {"refreshToken": tokens["refreshToken"]}).status == 401  # needs a token
    response = user.post("/auth/logout", {"refreshToken": tokens["refreshToken"]})
    assert response.status == 204 and response.body == b""
    for session in (tokens, other_session):  # every session: a global sign-out
        assert api.post("/auth/refresh", {"refreshToken": session["refreshToken"]}).status == 401
    again = support.login(api, account["email"])
    assert ApiClient(claims_of(again)).post("/auth/logout").status == 204  # the body is optional
    assert api.post("/auth/refresh", {"refreshToken": again["refreshToken"]}).status == 401


def test_forgot_and_reset_password(api, account):
    tokens = support.login(api, account["email"])
    mobile = e164(account["mobile"])
    before = len(messages(account["email"])), len(messages(mobile))
    response = api.post("/auth/password/forgot", {"username": account["employeeId"]})
    assert response.status == 202
    assert len(messages(account["email"])) == before[0] + 1 and len(messages(mobile)) == before[1] + 1
    assert messages(account["email"])[-1]["subject"] == "Reset your Karmayogi password"
    code = last_code(account["email"])
    assert last_code(mobile) == code  # one code, sent to both

    url = "/auth/password/reset"
    weak = api.post(url, {"username": account["email"], "code": code, "newPassword": "weak"})
    assert weak.status == 400 and weak.json()["error"]["code"] == "WEAK_PASSWORD"
    bad = api.post(url, {"username": account["email"], "code": wrong(code), "newPassword": NEW_PASSWORD})
    assert bad.status == 400 and bad.json()["error"]["code"] == "OTP_INVALID"
    done = api.post(url, {"username": account["email"], "code": code, "newPassword": NEW_PASSWORD})
    assert done.status == 200 and done.json() == {"passwordReset": True}
    assert api.post("/auth/login", {"username": account["email"], "password": PASSWORD}).status == 401
    assert support.login(api, account["email"], NEW_PASSWORD)["accessToken"]
    # every old session ends, and the code works once
    assert api.post("/auth/refresh", {"refreshToken": tokens["refreshToken"]}).status == 401
    reused = api.post(url, {"username": account["email"], "code": code, "newPassword": "An0ther-Pass!"})
    assert reused.status == 400 and reused.json()["error"]["code"] == "OTP_EXPIRED"


def test_forgot_for_an_unknown_user_is_202_and_sends_nothing(api, account):
    sent = len(aws.sent_messages())
    response = api.post("/auth/password/forgot", {"username": "ghost@dopt.gov.in"})
    assert response.status == 202
    assert response.json() == api.post("/auth/password/forgot", {"username": account["email"]}).json()
    assert len(aws.sent_messages()) == sent + 2  # only the real account's email and SMS
    reset = api.post(
        "/auth/password/reset", {"username": "ghost@dopt.gov.in", "code": "123456", "newPassword": NEW_PASSWORD}
    )
    assert reset.status == 400 and reset.json()["error"]["code"] == "OTP_EXPIRED"


def test_reset_codes_lock_and_expire_like_the_others(api, account):
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    clock.set_now(start)
    api.post("/auth/password/forgot", {"username": account["email"]})
    code = last_code(account["email"])
    body = {"username": account["email"], "code": wrong(code), "newPassword": NEW_PASSWORD}
    assert [api.post("/auth/password/reset", body).status for _ in range(3)] == [400, 400, 400]
    locked = api.post("/auth/password/reset", {**body, "code": code})
    assert locked.status == 429 and locked.json()["error"]["code"] == "OTP_LOCKED"
    api.post("/auth/password/forgot", {"username": account["email"]})
    clock.set_now(start + timedelta(minutes=16))
    expired = api.post("/auth/password/reset", {**body, "code": last_code(account["email"])})
    assert expired.status == 400 and expired.json()["error"]["code"] == "OTP_EXPIRED"


def test_forgot_is_rate_limited_the_same_for_every_username(api, account):
    clock.set_now(datetime(2026, 12, 1, 9, 30, tzinfo=UTC))
    for username in (account["email"], "ghost@dopt.gov.in"):
        statuses = [api.post("/auth/password/forgot", {"username": username}).status for _ in range(6)]
        assert statuses == [202, 202, 202, 202, 202, 429], username
    # other names of the same account share the account's address limit: no sixth message
    assert api.post("/auth/password/forgot", {"username": account["employeeId"]}).status == 202
    assert len([m for m in messages(account["email"]) if m["subject"].startswith("Reset")]) == 5


def test_forgot_counts_and_stores_the_code_in_one_transaction(api, account):
    with support.counting() as calls:
        assert api.post("/auth/password/forgot", {"username": account["email"]}).status == 202
    assert calls == {"GetItem": 2, "TransactWriteItems": 1}  # the daily SMS budget is counted in the transaction
    with support.counting() as calls:
        assert api.post("/auth/password/forgot", {"username": "ghost@dopt.gov.in"}).status == 202
    assert calls == {"GetItem": 1, "TransactWriteItems": 1}


def test_forgot_past_the_accounts_limit_counts_the_username_alone_and_sends_nothing(api, account):
    clock.set_now(datetime(2026, 12, 1, 9, 30, tzinfo=UTC))
    mobile = e164(account["mobile"])
    from functions.auth import otp

    for _ in range(otp.HOURLY_SENDS):
        otp.reserve_sends([mobile])
    sent = len(messages(account["email"]))
    response = api.post("/auth/password/forgot", {"username": account["employeeId"]})
    assert response.status == 202
    assert len(messages(account["email"])) == sent
    assert db.get(*keys.otp_key("RESET", account["userId"], "both"), consistent=True) is None
    counters = {keys.send_limit_key(address, "H2026120109") for address in
                (f"forgot:{keys.normalize(account['employeeId'])}", account["email"], mobile)}
    sent_counts = sorted(int((db.get(*key, consistent=True) or {}).get("sent", 0)) for key in counters)
    assert sent_counts == [0, 1, 5]  # the username once, the email not at all, the mobile as it was


def test_a_username_read_as_employee_id_or_mobile_is_one_read(api, account):
    with support.counting() as calls:
        assert repository.first_guard_owner([("EMPLOYEE", "NOBODY"), ("MOBILE", "+919999999999")]) is None
    assert calls == {"BatchGetItem": 1}
    mobile = e164(account["mobile"])
    assert repository.first_guard_owner([("EMPLOYEE", "NOBODY"), ("MOBILE", mobile)]) == account["userId"]
