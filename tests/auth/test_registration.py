"""Registration: the government-employee rules, OTPs (ours, hashed, expiring, lockable), resend limits,
the password step that creates the account in one transaction, and the race of two registrations."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta

import boto3
import pytest
from boto3.dynamodb.conditions import Key

from functions.auth import contacts, otp, registration, repository_accounts, repository_codes
from functions.auth.models import UserCreated
from karmayogi.domain import passbook
from karmayogi.platform import clock, db, keys
from karmayogi.platform.errors import AppError
from karmayogi.platform.settings import get_settings
from local import aws
from tests import factories
from tests.auth import support
from tests.auth.support import PASSWORD, e164, last_code, messages, start, verify_both, wrong

T0 = datetime(2026, 12, 1, 10, 15, tzinfo=UTC)


@pytest.fixture(autouse=True)
def directory(resources):
    factories.seed_directory()


def cognito():
    return boto3.client("cognito-idp", region_name=get_settings().region)


def cognito_users_with_email(email: str) -> list[dict]:
    users = cognito().list_users(UserPoolId=get_settings().user_pool_id, Filter=f'email = "{email}"')["Users"]
    return list(users)


# ---- register ---------------------------------------------------------------------------------------------


def test_register_sends_a_code_to_email_and_mobile_and_masks_them(api):
    body = support.person(email="Riya.Sharma@DOPT.gov.in", mobile="+91 98765 43210")
    response = api.post("/auth/register", body)
    assert response.status == 202
    payload = response.json()
    assert payload["otpSentTo"] == {"email": "r***@dopt.gov.in", "mobile": "+91******3210"}
    assert len(payload["registrationId"]) == 32
    email_code, sms_code = last_code("riya.sharma@dopt.gov.in"), last_code("+919876543210")
    assert email_code != sms_code or email_code  # two independent codes
    [mail] = messages("riya.sharma@dopt.gov.in")
    assert mail["channel"] == "email" and mail["subject"] == "Your Karmayogi verification code"
    [sms] = messages("+919876543210")
    assert sms["channel"] == "sms" and "Karmayogi" in sms["body"]
    assert email_code not in response.body.decode() and sms_code not in response.body.decode()
    # only a hash of each code is stored
    stored = db.get(*keys.otp_key("REGISTER", payload["registrationId"], "email"))
    assert stored is not None and email_code not in str(stored)
    assert stored["codeHash"] == otp.code_hash("REGISTER", payload["registrationId"], "email", email_code)
    assert stored["expiresAt"] - clock.epoch_seconds() in range(899, 901)


def test_codes_go_out_in_hindi_for_accept_language_hi(api):
    body = support.person()
    response = api.post("/auth/register", body, headers={"Accept-Language": "hi-IN,hi;q=0.9"})
    assert response.status == 202
    [mail] = messages(body["email"])
    assert mail["subject"] == "आपका कर्मयोगी सत्यापन कोड"
    [sms] = messages(e164(body["mobile"]))
    assert "सत्यापन कोड" in sms["body"]


def test_common_ways_of_writing_a_mobile_are_stored_as_e164(api):
    typed = ["9876501230", "09876501231", "919876501232", "+91 98765 01233", "+91-98765-01234", "0091 98765 01235"]
    for n, mobile in enumerate(typed):
        registration_id, _ = start(api, mobile=mobile, email=f"m{n}@dopt.gov.in")
        assert repository_codes.get_registration(registration_id)["mobile"] == f"+91987650123{n}", mobile
        assert len(messages(f"+91987650123{n}")) == 1


BAD_INPUTS = [
    ({"email": "not-an-email"}, "email"),
    ({"email": "a..b@dopt.gov.in"}, "email"),
    ({"mobile": "12345"}, "mobile"),
    ({"mobile": "5876543210"}, "mobile"),  # Indian mobiles start with 6-9
    ({"mobile": "+1 415 555 0100"}, "mobile"),
    ({"employeeId": "has space"}, "employeeId"),
    ({"employeeId": "a@b"}, "employeeId"),
    ({"employeeId": "X" * 40}, "employeeId"),
    ({"name": "12345"}, "name"),
    ({"name": ""}, "name"),
    ({"orgId": "../etc"}, "orgId"),
    ({"unexpected": 1}, "unexpected"),
    ({"email": 42}, "email"),
]


def test_bad_registration_input_is_a_400_naming_the_field(api):
    for override, field in BAD_INPUTS:
        response = api.post("/auth/register", support.person(**override))
        assert response.status == 400, override
        error = response.json()["error"]
        assert error["code"] == "VALIDATION_ERROR"
        assert any(field in d["field"] for d in error["details"]), (override, error)
    assert aws.sent_messages() == []


def test_odd_bodies_are_400_not_500(api):
    for raw in ["", "[]", "null", "{", '{"employeeId": 5}', '"text"']:
        response = api.post("/auth/register", raw_body=raw)
        assert response.status == 400, raw
    missing = support.person()
    del missing["designation"]
    response = api.post("/auth/register", missing)
    assert response.status == 400


def test_designation_may_be_sent_as_designation_id(api):
    body = support.person()
    body["designationId"] = body.pop("designation")
    assert api.post("/auth/register", body).status == 202


def test_unknown_org_designation_and_foreign_email_domain_are_refused(api):
    assert api.post("/auth/register", support.person(orgId="nope")).json()["error"]["code"] == "UNKNOWN_ORG"
    response = api.post("/auth/register", support.person(designation="astronaut"))
    assert response.status == 400 and response.json()["error"]["code"] == "UNKNOWN_DESIGNATION"
    for email in ("riya@gmail.com", "riya@finmin.gov.in.evil.com", "riya@notgov.in"):
        response = api.post("/auth/register", support.person(email=email))
        assert response.status == 400 and response.json()["error"]["code"] == "EMAIL_NOT_ALLOWED", email
    assert messages("riya@gmail.com") == []


def test_org_domains_and_the_allow_list_are_accepted(api):
    accepted = [
        ("mof", "riya@finmin.gov.in"),  # the org's own domain
        ("mof", "riya@dopt.gov.in"),  # any gov.in subdomain (allow-list)
        ("mof", "riya@nic.in"),
        ("mof", "riya@mail.nic.in"),
        ("dopt", "riya@persmin.gov.in"),
    ]
    for n, (org, email) in enumerate(accepted):
        response = api.post("/auth/register", support.person(orgId=org, email=email, mobile=f"70000000{n:02d}"))
        assert response.status == 202, email


# ---- verify -----------------------------------------------------------------------------------------------


def test_verify_each_channel_with_its_code(api):
    registration_id, body = start(api)
    url = f"/auth/register/{registration_id}/verify"
    mobile_code = last_code(e164(body["mobile"]))
    wrong_try = api.post(url, {"channel": "email", "code": wrong(last_code(body["email"]))})
    assert wrong_try.status == 400
    assert wrong_try.json()["error"] == {
        "code": "OTP_INVALID",
        "message": "The code is not right",
        "details": {"attemptsLeft": 2},
    }
    # the mobile's code does not verify the email
    assert api.post(url, {"channel": "email", "code": mobile_code}).json()["error"]["code"] == "OTP_INVALID"
    response = api.post(url, {"channel": "email", "code": last_code(body["email"])})
    assert response.status == 200
    assert response.json() == {"emailVerified": True, "mobileVerified": False}
    # verifying a verified channel again just reports the state
    assert api.post(url, {"channel": "email", "code": "000000"}).json() == {
        "emailVerified": True,
        "mobileVerified": False,
    }
    response = api.post(url, {"channel": "mobile", "code": mobile_code})
    assert response.json() == {"emailVerified": True, "mobileVerified": True}


def test_a_code_works_once(api):
    registration_id, body = start(api)
    code_item = db.get(*keys.otp_key("REGISTER", registration_id, "email"))
    api.post(f"/auth/register/{registration_id}/verify", {"channel": "email", "code": last_code(body["email"])})
    assert db.get(*keys.otp_key("REGISTER", registration_id, "email")) is None
    assert code_item is not None


def test_three_wrong_tries_lock_the_code_then_a_resend_unlocks(api):
    clock.set_now(T0)
    registration_id, body = start(api)
    url = f"/auth/register/{registration_id}/verify"
    code = last_code(body["email"])
    lefts = [api.post(url, {"channel": "email", "code": wrong(code)}).json()["error"]["details"] for _ in range(3)]
    assert lefts == [{"attemptsLeft": 2}, {"attemptsLeft": 1}, {"attemptsLeft": 0}]
    clock.set_now(T0)  # the wall clock went on meanwhile: hold the expected Retry-After exact
    locked = api.post(url, {"channel": "email", "code": code})  # even the right code
    assert locked.status == 429
    assert locked.json()["error"]["code"] == "OTP_LOCKED"
    assert locked.headers["Retry-After"] == "900"
    assert api.post(f"/auth/register/{registration_id}/resend", {"channel": "email"}).status == 202
    new_code = last_code(body["email"])
    assert api.post(url, {"channel": "email", "code": code}).status in (400,)  # the old code is gone
    assert api.post(url, {"channel": "email", "code": new_code}).json()["emailVerified"] is True


def test_wrong_tries_racing_never_exceed_three(api):
    registration_id, body = start(api)
    bad = wrong(last_code(body["email"]))
    results = race(*[lambda: registration.verify_registration(registration_id, "email", bad)] * 8)
    assert sorted(error.status for error in results) == [400, 400, 400, 429, 429, 429, 429, 429]
    assert db.get(*keys.otp_key("REGISTER", registration_id, "email"))["attempts"] == 3


def test_a_code_expires_after_15_minutes(api):
    clock.set_now(T0)
    registration_id, body = start(api)
    code = last_code(body["email"])
    clock.set_now(T0 + timedelta(minutes=15, seconds=1))
    response = api.post(f"/auth/register/{registration_id}/verify", {"channel": "email", "code": code})
    assert response.status == 400
    assert response.json()["error"]["code"] == "OTP_EXPIRED"


def test_unknown_expired_and_malformed_registrations(api):
    assert api.post("/auth/register/abc123/verify", {"channel": "email", "code": "123456"}).status == 404
    clock.set_now(T0)
    registration_id, _body = start(api)
    clock.set_now(T0 + timedelta(hours=24, seconds=1))
    response = api.post(f"/auth/register/{registration_id}/verify", {"channel": "email", "code": "123456"})
    assert response.status == 404 and response.json()["error"]["code"] == "REGISTRATION_NOT_FOUND"
    bad = api.post("/auth/register/not%20valid!/verify", {"channel": "email", "code": "123456"})
    assert bad.status in (400, 404)
    for payload in ({"channel": "fax", "code": "123456"}, {"channel": "email", "code": "12345"}, {}):
        assert api.post(f"/auth/register/{registration_id}/verify", payload).status == 400


# ---- resend limits ----------------------------------------------------------------------------------------


def test_resend_limit_is_5_an_hour_per_address(api):
    clock.set_now(T0)
    registration_id, body = start(api)  # 1 email and 1 SMS sent
    url = f"/auth/register/{registration_id}/resend"
    for _ in range(4):
        assert api.post(url, {"channel": "email"}).status == 202
    clock.set_now(T0)
    refused = api.post(url, {"channel": "email"})
    assert refused.status == 429
    assert refused.json()["error"]["code"] == "SEND_LIMIT_EXCEEDED"
    assert refused.headers["Retry-After"] == str(45 * 60)  # until 11:00
    assert len(messages(body["email"])) == 5
    # the mobile has its own counter
    assert api.post(url, {"channel": "mobile"}).status == 202
    clock.set_now(T0 + timedelta(hours=1))
    assert api.post(url, {"channel": "email"}).status == 202
    assert len(messages(body["email"])) == 6


def test_a_resend_refused_at_the_limit_stores_no_code_and_the_last_one_still_works(api):
    clock.set_now(T0)
    registration_id, body = start(api)
    url = f"/auth/register/{registration_id}/resend"
    for _ in range(4):
        assert api.post(url, {"channel": "email"}).status == 202
    last = last_code(body["email"])
    assert api.post(url, {"channel": "email"}).status == 429
    verified = api.post(f"/auth/register/{registration_id}/verify", {"channel": "email", "code": last})
    assert verified.status == 200 and verified.json()["emailVerified"] is True


def test_a_registration_refused_for_the_mobiles_limit_counts_nothing_for_the_email(api):
    clock.set_now(T0)
    body = support.person()
    for n in range(5):  # five registrations of other people to the same mobile use up its hour
        other = support.person(employeeId=f"OTHER{n}", email=f"other{n}@dopt.gov.in", mobile=body["mobile"])
        assert api.post("/auth/register", other).status == 202
    refused = api.post("/auth/register", body)
    assert refused.status == 429 and refused.json()["error"]["code"] == "SEND_LIMIT_EXCEEDED"
    assert messages(body["email"]) == []
    registration_id, _ = start(api, mobile="9876543299")  # the email's own hour is untouched: 5 more fit
    url = f"/auth/register/{registration_id}/resend"
    for _ in range(4):
        assert api.post(url, {"channel": "email"}).status == 202


def test_resend_limit_is_20_a_day_per_address(api):
    day = datetime(2026, 12, 1, 0, 10, tzinfo=UTC)
    clock.set_now(day)
    registration_id, body = start(api)
    url = f"/auth/register/{registration_id}/resend"
    sent = 1
    for hour in range(4):
        clock.set_now(day + timedelta(hours=hour))
        while sent < 5 * (hour + 1):
            assert api.post(url, {"channel": "email"}).status == 202
            sent += 1
    assert len(messages(body["email"])) == 20
    clock.set_now(day + timedelta(hours=4))
    refused = api.post(url, {"channel": "email"})
    assert refused.status == 429
    assert refused.headers["Retry-After"] == str((24 * 60 - 4 * 60 - 10) * 60)  # until midnight UTC
    clock.set_now(day + timedelta(hours=23, minutes=50))  # the next day, and the registration still lives
    assert api.post(url, {"channel": "email"}).status == 202


def test_register_itself_counts_against_the_limit(api):
    clock.set_now(T0)
    body = support.person()
    for _ in range(5):
        assert api.post("/auth/register", body).status == 202
    refused = api.post("/auth/register", body)
    assert refused.status == 429 and refused.json()["error"]["code"] == "SEND_LIMIT_EXCEEDED"
    assert len(messages(body["email"])) == 5


def test_resend_of_a_verified_channel_is_a_409(api):
    registration_id, body = start(api)
    api.post(f"/auth/register/{registration_id}/verify", {"channel": "email", "code": last_code(body["email"])})
    response = api.post(f"/auth/register/{registration_id}/resend", {"channel": "email"})
    assert response.status == 409 and response.json()["error"]["code"] == "ALREADY_VERIFIED"


# ---- password: the account --------------------------------------------------------------------------------


def test_password_before_both_channels_are_verified_is_a_409(api):
    registration_id, body = start(api)
    url = f"/auth/register/{registration_id}/password"
    response = api.post(url, {"password": PASSWORD})
    assert response.status == 409
    assert response.json()["error"]["code"] == "NOT_VERIFIED"
    api.post(f"/auth/register/{registration_id}/verify", {"channel": "email", "code": last_code(body["email"])})
    response = api.post(url, {"password": PASSWORD})
    assert response.json()["error"]["details"] == {"emailVerified": True, "mobileVerified": False}


def test_weak_passwords_are_refused(api):
    registration_id, body = start(api)
    verify_both(api, registration_id, body)
    for password in ["Sh0rt!", "alllower1!", "ALLUPPER1!", "NoDigits!!", "NoSymbol12", " " * 12, "Pässwörd1"]:
        response = api.post(f"/auth/register/{registration_id}/password", {"password": password})
        assert response.status == 400, password
        assert response.json()["error"]["code"] == "WEAK_PASSWORD"
        assert response.json()["error"]["details"]["needs"]
    too_long = api.post(f"/auth/register/{registration_id}/password", {"password": "Ab1!" + "x" * 253})
    assert too_long.status == 400 and too_long.json()["error"]["code"] == "VALIDATION_ERROR"
    assert repository_codes.get_registration(registration_id)["status"] == "PENDING"
    assert cognito_users_with_email(body["email"]) == []


def test_password_creates_the_account_once(api):
    registration_id, body = start(api, employeeId="dopt/2024/17")
    verify_both(api, registration_id, body)
    url = f"/auth/register/{registration_id}/password"
    response = api.post(url, {"password": PASSWORD})
    assert response.status == 201
    user_id = response.json()["userId"]
    again = api.post(url, {"password": PASSWORD})
    assert again.status == 409 and again.json()["error"]["code"] == "ALREADY_COMPLETED"

    pool = get_settings().user_pool_id
    user = cognito().admin_get_user(UserPoolId=pool, Username=user_id)
    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert attributes["email"] == body["email"] and attributes["email_verified"] == "true"
    assert attributes["phone_number"] == e164(body["mobile"]) and attributes["phone_number_verified"] == "true"
    assert attributes["preferred_username"] == "DOPT/2024/17"
    assert user["UserStatus"] == "CONFIRMED"
    groups = cognito().admin_list_groups_for_user(UserPoolId=pool, Username=user_id)["Groups"]
    assert [g["GroupName"] for g in groups] == ["PUBLIC"]

    profile = db.get(keys.user_pk(user_id), keys.PROFILE_SK)
    assert profile["employeeId"] == "DOPT/2024/17" and profile["roles"] == ["PUBLIC"]
    assert profile["profileComplete"] is False and profile["version"] == 1
    assert profile["designation"] == "Section Officer" and profile["orgId"] == "dopt"
    for kind, value in (("EMAIL", body["email"]), ("MOBILE", e164(body["mobile"])), ("EMPLOYEE", "dopt/2024/17")):
        assert db.get(*keys.guard_key(kind, value))["userId"] == user_id
    registration = repository_codes.get_registration(registration_id)
    assert registration["status"] == "COMPLETED" and registration["userId"] == user_id
    tokens = db.query_all(Key("PK").eq(keys.user_pk(user_id)) & Key("SK").begins_with("WORD#"))
    assert {t["SK"] for t in tokens} == {"WORD#riya", "WORD#sharma", f"WORD#{body['name'].split()[-1].lower()}"}


def officers(org_id: str, designation_id: str) -> int:
    shards = db.batch_get(passbook.gap_counter_keys(org_id, designation_id), consistent=True)
    return passbook.add_counter_items({}, shards).get(passbook.OFFICERS, 0)


def test_completion_reads_the_registration_once_and_counts_the_officer_in_the_account_transaction(api):
    registration_id, body = start(api)
    verify_both(api, registration_id, body)
    before = officers("dopt", "section-officer")
    with support.counting() as calls:
        response = api.post(f"/auth/register/{registration_id}/password", {"password": PASSWORD})
    assert response.status == 201
    assert calls == {"GetItem": 1, "TransactWriteItems": 1}
    user_id = response.json()["userId"]
    summary = db.get(*keys.competency_summary_key(user_id), consistent=True)
    assert (summary["countedOrgId"], summary["countedDesignationId"], summary["levels"]) == ("dopt", "section-officer", {})
    assert officers("dopt", "section-officer") == before + 1
    # the sync finds nothing to change: the transaction counted the officer exactly as it would
    with support.counting() as calls:
        passbook.sync(user_id)
    assert calls["TransactWriteItems"] == 0


def test_a_refused_completion_counts_nobody(api):
    registration_id, body = start(api)
    verify_both(api, registration_id, body)
    support.register_account(api, employeeId=body["employeeId"].lower())
    before = officers("dopt", "section-officer")
    response = api.post(f"/auth/register/{registration_id}/password", {"password": PASSWORD})
    assert response.status == 409 and response.json()["error"]["code"] == "ALREADY_REGISTERED"
    assert officers("dopt", "section-officer") == before
    assert cognito_users_with_email(body["email"]) == []
    assert repository_codes.get_registration(registration_id)["status"] == "PENDING"


def test_details_of_an_existing_account_get_the_same_answer_and_the_owner_a_notice(api):
    """No status, body, error code or work done tells a stranger that an account exists: a decoy
    registration is stored, its addresses get ACCOUNT_EXISTS instead of a code, and it never completes."""
    account = support.register_account(api)
    fresh = support.person()
    with support.counting() as fresh_calls:
        response = api.post("/auth/register", fresh)
    assert response.status == 202
    shape = {key: type(value) for key, value in response.json().items()}
    taken = {
        "email": account["email"].upper(),
        "mobile": f"0{e164(account['mobile'])[3:]}",
        "employeeId": account["employeeId"].lower(),
    }
    for field, value in taken.items():
        body = support.person(**{field: value})
        email, mobile = body["email"].lower(), e164(body["mobile"])
        before = len(messages(email)), len(messages(mobile))
        with support.counting() as calls:
            response = api.post("/auth/register", body)
        assert response.status == 202, field
        assert {key: type(value) for key, value in response.json().items()} == shape
        assert response.json()["otpSentTo"] == {"email": contacts.mask_email(email),
                                                "mobile": contacts.mask_mobile(mobile)}
        assert calls == fresh_calls, field  # the same reads and writes as a fresh registration
        # one message to each address, as for a code, but the notice: no code in it
        notices = messages(email)[before[0]:] + messages(mobile)[before[1]:]
        assert [m["channel"] for m in notices] == ["email", "sms"], field
        assert notices[0]["subject"] == "You already have a Karmayogi account"
        assert all(not re.search(r"(?<!\d)\d{6}(?!\d)", m["body"]) for m in notices), field
        registration_id = response.json()["registrationId"]
        # its later steps fail as a wrong code does, and then as a locked one
        for attempt in range(otp.MAX_WRONG_TRIES):
            wrong_code = api.post(f"/auth/register/{registration_id}/verify", {"channel": "email", "code": "123456"})
            assert wrong_code.status == 400 and wrong_code.json()["error"]["code"] == "OTP_INVALID"
            assert wrong_code.json()["error"]["details"] == {"attemptsLeft": otp.MAX_WRONG_TRIES - attempt - 1}
        locked = api.post(f"/auth/register/{registration_id}/verify", {"channel": "email", "code": "123456"})
        assert locked.status == 429 and locked.json()["error"]["code"] == "OTP_LOCKED"
        resent = api.post(f"/auth/register/{registration_id}/resend", {"channel": "mobile"})
        assert resent.status == 202 and resent.json()["message"] == f"A new code was sent to {contacts.mask_mobile(mobile)}"
        assert "exists already" in messages(mobile)[-1]["body"]
        password = api.post(f"/auth/register/{registration_id}/password", {"password": PASSWORD})
        assert password.status == 409 and password.json()["error"]["code"] == "NOT_VERIFIED"
    # the owner's account is untouched, and no second account was made
    assert db.get(*keys.guard_key("EMAIL", account["email"]))["userId"] == account["userId"]
    assert len(cognito_users_with_email(account["email"])) == 1


def test_a_decoy_code_never_matches_any_six_digit_code():
    code, item = otp.prepare("REGISTER", "r1", "email", "a@dopt.gov.in", decoy=True)
    assert len(code) == 32
    assert item["codeHash"] == otp.code_hash("REGISTER", "r1", "email", code)
    assert all(item["codeHash"] != otp.code_hash("REGISTER", "r1", "email", f"{n:06d}") for n in range(0, 10**6, 997))


def test_a_detail_taken_after_registration_started_is_refused_at_password_time(api):
    registration_id, body = start(api)
    verify_both(api, registration_id, body)
    support.register_account(api, mobile=body["mobile"].replace("98765", "9876 5"))
    response = api.post(f"/auth/register/{registration_id}/password", {"password": PASSWORD})
    assert response.status == 409 and response.json()["error"]["code"] == "ALREADY_REGISTERED"
    assert cognito_users_with_email(body["email"]) == []


def race(*calls) -> list[object]:
    """Run the calls at the same moment on threads; each result is the return value or the AppError.

    The race runs at the service layer: one Powertools resolver serves one request at a time (as in
    Lambda), so threads sharing the in-process resolver would mix up each other's requests."""
    results: list[object] = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = calls[index]()
        except AppError as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_registrations_racing_with_one_email_make_exactly_one_account(api):
    email = "same.person@dopt.gov.in"
    first_id, first = start(api, email=email)
    verify_both(api, first_id, first)
    second_id, second = start(api, email=email)
    verify_both(api, second_id, second)
    results = race(
        lambda: registration.complete_registration(first_id, PASSWORD),
        lambda: registration.complete_registration(second_id, PASSWORD),
    )
    [winner] = [r.user_id for r in results if isinstance(r, UserCreated)]
    [loser] = [r for r in results if isinstance(r, AppError)]
    assert (loser.status, loser.code) == (409, "ALREADY_REGISTERED")
    assert [u["Username"] for u in cognito_users_with_email(email)] == [winner]
    assert db.get(*keys.guard_key("EMAIL", email))["userId"] == winner
    statuses = sorted(repository_codes.get_registration(r)["status"] for r in (first_id, second_id))
    assert statuses == ["COMPLETED", "PENDING"]
    profiles = db.query_all(Key("GSI1PK").eq(keys.org_users_gsi("dopt")), index=keys.GSI1)
    assert [p["userId"] for p in profiles] == [winner]


def test_a_failed_transaction_deletes_the_cognito_user_again(api, monkeypatch):
    registration_id, body = start(api)
    verify_both(api, registration_id, body)

    def broken(profile, registration_id, counted_ops=()):
        raise RuntimeError("table unavailable")

    monkeypatch.setattr(repository_accounts, "create_account", broken)
    response = api.post(f"/auth/register/{registration_id}/password", {"password": PASSWORD})
    assert response.status == 500
    assert cognito_users_with_email(body["email"]) == []
    assert repository_codes.get_registration(registration_id)["status"] == "PENDING"
    monkeypatch.undo()
    assert api.post(f"/auth/register/{registration_id}/password", {"password": PASSWORD}).status == 201


def test_the_seeders_account_is_a_registrations_account(api):
    """local.seed.accounts.create_account (seeders, the stage bootstrap, tests) makes an account from the
    production operations of a registration's completion, only without the registration."""
    from local.seed.accounts import create_account

    profile = create_account(
        user_id="demo-1",
        employee_id="DEMO-1",
        name="Demo Officer",
        email="demo@dopt.gov.in",
        mobile="+919800000001",
        org_id="dopt",
        designation_id="section-officer",
        designation="Section Officer",
        roles=["PUBLIC", "MDO_ADMIN"],
        password=PASSWORD,
    )
    assert profile["roles"] == ["MDO_ADMIN", "PUBLIC"]
    assert support.login(api, "demo@dopt.gov.in")["accessToken"]
