"""End to end over HTTP against the seeded dev server: the journey of API.md's seed steps 1-6, with the
codes read from the local outbox, and the demo accounts."""

from __future__ import annotations

import re
import uuid

import pytest

from local.seed.data.accounts import DEMO_ACCOUNTS
from local.seed.data.competencies import COMPETENCIES

pytestmark = pytest.mark.e2e

PASSWORD = "Karma@Yogi2026"


def code_in(messages: list[dict]) -> str:
    match = re.search(r"(?<!\d)(\d{6})(?!\d)", messages[-1]["body"])
    assert match
    return match.group(1)


def test_register_verify_login_and_complete_the_competency_profile(dev_server):
    tag = uuid.uuid4().hex[:8]
    mobile_digits = f"9{int(tag, 16) % 10**9:09d}"
    body = {
        "employeeId": f"E2E-{tag}",
        "name": "Kiran Joshi",
        "email": f"kiran.{tag}@dopt.gov.in",
        "mobile": f"+91 {mobile_digits[:5]} {mobile_digits[5:]}",
        "orgId": "dopt",
        "designation": "so",
    }
    registered = dev_server.request("POST", "/auth/register", body)
    assert registered.status == 202, registered.body
    registration_id = registered.json()["registrationId"]
    assert registered.json()["otpSentTo"] == {"email": "k***@dopt.gov.in", "mobile": f"+91******{mobile_digits[-4:]}"}

    for channel, address in (("email", body["email"]), ("mobile", f"+91{mobile_digits}")):
        code = code_in(dev_server.outbox(address))
        verified = dev_server.request(
            "POST", f"/auth/register/{registration_id}/verify", {"channel": channel, "code": code}
        )
        assert verified.status == 200, verified.body
    assert verified.json() == {"emailVerified": True, "mobileVerified": True}
    created = dev_server.request("POST", f"/auth/register/{registration_id}/password", {"password": PASSWORD})
    assert created.status == 201, created.body
    user_id = created.json()["userId"]

    login = dev_server.request("POST", "/auth/login", {"username": body["email"], "password": PASSWORD})
    assert login.status == 200 and login.json()["profileComplete"] is False
    token = login.json()["accessToken"]
    me = dev_server.request("GET", "/me", token=token).json()
    assert (me["userId"], me["profileComplete"], me["karmaPoints"]) == (user_id, False, 5)

    competency = COMPETENCIES[0].id
    profile = {
        "roles": ["Section work"],
        "competencies": [{"competencyId": competency, "level": 2}],
        "desiredCompetencies": [{"competencyId": COMPETENCIES[1].id, "level": 3}],
        "interests": ["governance"],
    }
    saved = dev_server.request("PUT", "/me/competency-profile", profile, token=token)
    assert saved.status == 200, saved.body
    assert dev_server.request("GET", "/me", token=token).json()["profileComplete"] is True

    refresh_token = login.json()["refreshToken"]
    assert dev_server.request("POST", "/auth/refresh", {"refreshToken": refresh_token}).status == 200
    assert dev_server.request("POST", "/auth/logout", {"refreshToken": refresh_token}, token=token).status == 204
    assert dev_server.request("POST", "/auth/refresh", {"refreshToken": refresh_token}).status == 401


def test_demo_accounts_log_in_with_their_roles(dev_server):
    listed = dev_server.request("GET", "/_local/demo-accounts").json()["accounts"]
    assert len(listed) == len(DEMO_ACCOUNTS)
    admin = next(a for a in DEMO_ACCOUNTS if "MDO_ADMIN" in a.roles)
    token = dev_server.login(admin.username, admin.password)
    me = dev_server.request("GET", "/me", token=token).json()
    assert me["email"] == admin.email and me["orgId"] == admin.org_id
    assert set(me["roles"]) == set(admin.roles)
    by_employee_id = dev_server.request(
        "POST", "/auth/login", {"username": admin.employee_id, "password": admin.password}
    )
    assert by_employee_id.status == 200
    users = dev_server.request("GET", f"/orgs/{admin.org_id}/users", token=token)
    assert users.status == 200
    assert admin.email in {u["email"] for u in users.json()["items"]}
    wrong = dev_server.request("POST", "/auth/login", {"username": admin.username, "password": "Nope-1234!"})
    assert wrong.status == 401 and wrong.json()["error"]["code"] == "INVALID_CREDENTIALS"
