"""The profile: GET/PATCH /me with optimistic locking, email and mobile changes proven by a code on the
new address, and the first-login competency profile."""

from __future__ import annotations

import boto3
import jwt
import pytest
from boto3.dynamodb.conditions import Key

from functions.auth import otp
from karmayogi.domain import passbook
from karmayogi.platform import clock, db, keys, revocation
from karmayogi.platform.settings import get_settings
from tests import factories
from tests.auth import support
from tests.auth.support import PASSWORD, e164, last_code, messages, wrong
from tests.conftest import ApiClient


@pytest.fixture
def me(resources, api):
    """A registered, logged-in officer: (client, account)."""
    factories.seed_directory()
    support.seed_competencies()
    account = support.register_account(api)
    tokens = support.login(api, account["email"])
    claims = jwt.decode(tokens["accessToken"], options={"verify_signature": False})
    # A warm container: the user's revocation time is cached (one read per user per container-minute,
    # karmayogi.platform.revocation), so the request budgets below are those of every later request.
    revocation.not_before(account["userId"])
    return ApiClient({"org_id": "dopt", **claims}), account


def word_tokens(user_id: str) -> set[str]:
    items = db.query_all(Key("PK").eq(keys.user_pk(user_id)) & Key("SK").begins_with("WORD#"))
    return {item["SK"].removeprefix("WORD#") for item in items}


def test_get_me(me):
    client, account = me
    body = client.get("/me").json()
    assert body == {
        "userId": account["userId"],
        "employeeId": account["employeeId"],
        "name": account["name"],
        "email": account["email"],
        "mobile": e164(account["mobile"]),
        "orgId": "dopt",
        "membership": "ACTIVE",
        "pendingOrgId": None,
        "rejectedOrgId": None,
        "designation": "Section Officer",
        "designationId": "section-officer",
        "roles": ["PUBLIC"],
        "profileComplete": False,
        "karmaPoints": 5,
        "version": 1,
        "competencyProfile": None,
        "language": "en",
        "pendingDesignation": None,
        "showCertificates": False,
    }


def test_a_caller_without_a_profile_is_refused(api, resources):
    response = api.as_user("someone", "PUBLIC").get("/me")
    assert response.status == 403 and response.json()["error"]["code"] == "PROFILE_MISSING"


def test_patch_name_rewrites_the_people_index_and_a_designation_waits_for_approval(me):
    client, account = me
    assert word_tokens(account["userId"]) == {"riya", "sharma", account["name"].split()[-1].lower()}
    response = client.patch("/me", {"version": 1, "name": "  Riya   Verma ", "designationId": "under-secretary"})
    assert response.status == 200
    body = response.json()
    assert (body["name"], body["designation"], body["version"]) == ("Riya Verma", "Section Officer", 2)
    assert body["pendingDesignation"]["designationId"] == "under-secretary"
    assert body["pendingDesignation"]["designation"] == "Under Secretary"
    assert body["pendingContactChange"] is None
    assert word_tokens(account["userId"]) == {"riya", "verma"}
    token = db.get(keys.user_pk(account["userId"]), "WORD#verma")
    assert token["designation"] == "Section Officer"  # the index follows the designation only on approval
    profile = db.get(keys.user_pk(account["userId"]), keys.PROFILE_SK)
    assert profile["GSI1SK"] == f"riya verma#{account['userId']}"
    stale = client.patch("/me", {"version": 1, "name": "Someone Else"})
    assert stale.status == 409 and stale.json()["error"]["code"] == "VERSION_CONFLICT"
    assert client.get("/me").json()["name"] == "Riya Verma"


def test_bad_patches_are_400(me):
    client, _ = me
    cases = [
        ({"version": 1}, "VALIDATION_ERROR"),
        ({"name": "X"}, "VALIDATION_ERROR"),
        ({"version": 1, "roles": ["SPV_ADMIN"]}, "VALIDATION_ERROR"),
        ({"version": 1, "email": "nope"}, "VALIDATION_ERROR"),
        ({"version": 1, "mobile": "123"}, "VALIDATION_ERROR"),
        ({"version": "one", "name": "X"}, "VALIDATION_ERROR"),
        ({"version": 1, "designationId": "astronaut"}, "UNKNOWN_DESIGNATION"),
        ({"version": 1, "email": "riya@gmail.com"}, "EMAIL_NOT_ALLOWED"),
    ]
    for body, code in cases:
        response = client.patch("/me", body)
        assert response.status == 400, body
        assert response.json()["error"]["code"] == code, body


def test_email_change_waits_for_the_code_on_the_new_address(me):
    client, account = me
    new_email = "riya.new@nic.in"
    response = client.patch("/me", {"version": 1, "email": new_email.upper()})
    assert response.status == 200
    assert response.json()["pendingContactChange"] == {"email": "r***@nic.in", "mobile": None}
    assert response.json()["email"] == account["email"] and response.json()["version"] == 1
    [message] = messages(new_email)
    assert message["subject"] == "Confirm your new contact detail"
    bad = client.post("/me/contact/verify", {"channel": "email", "code": wrong(last_code(new_email))})
    assert bad.status == 400 and bad.json()["error"]["code"] == "OTP_INVALID"
    done = client.post("/me/contact/verify", {"channel": "email", "code": last_code(new_email)})
    assert done.status == 200
    assert done.json()["email"] == new_email and done.json()["version"] == 2
    # the guards moved, so login follows the new address and the old one is free again
    assert db.get(*keys.guard_key("EMAIL", account["email"])) is None
    assert db.get(*keys.guard_key("EMAIL", new_email))["userId"] == account["userId"]
    assert support.login(ApiClient(), new_email)["accessToken"]
    assert ApiClient().post("/auth/login", {"username": account["email"], "password": PASSWORD}).status == 401
    cognito = boto3.client("cognito-idp", region_name=get_settings().region)
    user = cognito.admin_get_user(UserPoolId=get_settings().user_pool_id, Username=account["userId"])
    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert attributes["email"] == new_email and attributes["email_verified"] == "true"
    again = client.post("/me/contact/verify", {"channel": "email", "code": last_code(new_email)})
    assert again.status == 400 and again.json()["error"]["code"] == "OTP_EXPIRED"


def test_mobile_change(me):
    client, account = me
    response = client.patch("/me", {"version": 1, "mobile": "070000 12345", "name": "Riya Kapoor"})
    assert response.json()["pendingContactChange"] == {"email": None, "mobile": "+91******2345"}
    assert response.json()["version"] == 2  # the name changed at once
    done = client.post("/me/contact/verify", {"channel": "mobile", "code": last_code("+917000012345")})
    assert done.json()["mobile"] == "+917000012345" and done.json()["version"] == 3
    assert db.get(*keys.guard_key("MOBILE", e164(account["mobile"]))) is None
    assert db.get(*keys.guard_key("MOBILE", "+917000012345"))["userId"] == account["userId"]


def test_an_address_held_by_another_account_is_refused(me, api):
    client, _ = me
    other = support.register_account(api)
    response = client.patch("/me", {"version": 1, "email": other["email"]})
    assert response.status == 409 and response.json()["error"]["code"] == "ALREADY_REGISTERED"
    # taken between the PATCH and the code: the transaction refuses it and nothing changes
    client.patch("/me", {"version": 1, "email": "late@dopt.gov.in"})
    code = last_code("late@dopt.gov.in")
    support.register_account(api, email="late@dopt.gov.in")
    response = client.post("/me/contact/verify", {"channel": "email", "code": code})
    assert response.status == 409 and response.json()["error"]["code"] == "ALREADY_REGISTERED"
    assert client.get("/me").json()["version"] == 1


def test_contact_verify_without_a_pending_change(me):
    client, _ = me
    response = client.post("/me/contact/verify", {"channel": "mobile", "code": "123456"})
    assert response.status == 400 and response.json()["error"]["code"] == "OTP_EXPIRED"


def test_competency_profile_completes_the_profile(me):
    client, account = me
    body = {
        "roles": ["Drafting notes"],
        "competencies": [{"competencyId": "c-integrity", "level": 3}, {"competencyId": "c-drafting", "level": 2}],
        "desiredCompetencies": [{"competencyId": "c-empathy", "level": 4}],
        "interests": ["public policy"],
    }
    response = client.put("/me/competency-profile", body)
    assert response.status == 200
    saved = response.json()
    assert saved["profileComplete"] is True and saved["version"] == 2
    assert saved["competencyProfile"]["competencies"] == body["competencies"]
    assert saved["competencyProfile"]["desiredCompetencies"] == body["desiredCompetencies"]
    assert client.get("/me").json()["profileComplete"] is True
    assert support.login(ApiClient(), account["email"])["profileComplete"] is True
    entries = {(e["competencyId"], e["level"], e["source"]) for e in passbook.entries_of(account["userId"])}
    assert entries == {("c-integrity", 3, "self"), ("c-drafting", 2, "self")}
    # a new PUT replaces the declared competencies, in the passbook too
    body["competencies"] = [{"competencyId": "c-integrity", "level": 4}]
    assert client.put("/me/competency-profile", {**body, "version": 2}).status == 200
    entries = {(e["competencyId"], e["level"]) for e in passbook.entries_of(account["userId"])}
    assert entries == {("c-integrity", 4)}
    stale = client.put("/me/competency-profile", {**body, "version": 2})
    assert stale.status == 409 and stale.json()["error"]["code"] == "VERSION_CONFLICT"


def test_unknown_competencies_are_named(me):
    client, _ = me
    body = {
        "roles": [],
        "competencies": [{"competencyId": "c-integrity", "level": 3}, {"competencyId": "c-telepathy", "level": 1}],
        "desiredCompetencies": [{"competencyId": "c-levitation", "level": 2}],
        "interests": [],
    }
    response = client.put("/me/competency-profile", body)
    assert response.status == 400
    assert response.json()["error"]["code"] == "UNKNOWN_COMPETENCY"
    assert response.json()["error"]["details"] == {"unknown": ["c-telepathy", "c-levitation"]}
    assert client.get("/me").json()["profileComplete"] is False


def test_bad_competency_profiles_are_400(me):
    client, _ = me
    level = {"competencyId": "c-integrity", "level": 3}
    for body in (
        {"competencies": [{"competencyId": "c-integrity", "level": 6}]},
        {"competencies": [{"competencyId": "c-integrity", "level": 0}]},
        {"competencies": [level, level]},
        {"competencies": [level] * 51},
        {"interests": ["x" * 101]},
        {"competencies": [{"competencyId": "", "level": 1}]},
        {"skills": []},
    ):
        response = client.put("/me/competency-profile", body)
        assert response.status == 400, body
        assert response.json()["error"]["code"] == "VALIDATION_ERROR"


def test_language_is_set_by_patch_and_returned_by_get_me(me):
    client, account = me
    assert client.get("/me").json()["language"] == "en"  # no language stored: English
    response = client.patch("/me", {"version": 1, "language": "hi"})
    assert response.status == 200
    assert (response.json()["language"], response.json()["version"]) == ("hi", 2)
    assert client.get("/me").json()["language"] == "hi"
    assert db.get(keys.user_pk(account["userId"]), keys.PROFILE_SK)["language"] == "hi"
    same = client.patch("/me", {"version": 2, "language": "hi"})
    assert same.status == 200 and same.json()["version"] == 2  # nothing changed, nothing written
    for bad in ("fr", "HI", "", 1, None):
        refused = client.patch("/me", {"version": 2, "language": bad})
        assert refused.status == 400 and refused.json()["error"]["code"] == "VALIDATION_ERROR", bad


def test_patch_me_reads_once_and_writes_once(me):
    client, _ = me
    with support.counting() as calls:
        response = client.patch("/me", {"version": 1, "name": "Riya Kapoor", "email": "riya.k@dopt.gov.in",
                                        "mobile": "7000012345", "language": "hi"})
    assert response.status == 200, response.json()
    # the UpdateItem: the new mobile's SMS counted against the platform's daily SMS budget
    assert calls == {"BatchGetItem": 1, "TransactWriteItems": 1}  # the SMS budget counts in the transaction
    assert response.json()["pendingContactChange"] == {"email": "r***@dopt.gov.in", "mobile": "+91******2345"}
    assert (response.json()["name"], response.json()["version"]) == ("Riya Kapoor", 2)
    assert client.post("/me/contact/verify", {"channel": "email", "code": last_code("riya.k@dopt.gov.in")}).status == 200
    assert client.post("/me/contact/verify", {"channel": "mobile", "code": last_code("+917000012345")}).status == 200
    assert {k: client.get("/me").json()[k] for k in ("email", "mobile", "version")} == {
        "email": "riya.k@dopt.gov.in", "mobile": "+917000012345", "version": 4}


def test_a_send_limit_refusal_changes_nothing(me):
    client, account = me
    clock.set_now(clock.parse_iso("2026-12-01T09:10:00+00:00"))
    for _ in range(otp.HOURLY_SENDS):
        otp.reserve_sends(["busy@dopt.gov.in"])
    response = client.patch("/me", {"version": 1, "name": "Riya Kapoor", "email": "busy@dopt.gov.in"})
    assert response.status == 429 and response.json()["error"]["code"] == "SEND_LIMIT_EXCEEDED"
    assert response.headers["Retry-After"] == str(50 * 60)
    profile = client.get("/me").json()
    assert (profile["name"], profile["version"]) == (account["name"], 1)
    assert db.get(*keys.otp_key("CHANGE", account["userId"], "email"), consistent=True) is None
    assert messages("busy@dopt.gov.in") == []


