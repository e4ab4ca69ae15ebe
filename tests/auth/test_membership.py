"""Org membership you can trust (API.md v2 "Registration"): an email on the org's own domains joins at once,
one on a shared government domain waits for an MDO admin of the org (and sees nothing of the org meanwhile),
and a registration link of the org joins without approval, within its expiry and uses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import boto3
import jwt
import pytest

from karmayogi.domain import passbook, profiles
from karmayogi.platform import clock, db, keys
from karmayogi.platform.settings import get_settings
from tests import factories
from tests.auth import support
from tests.conftest import ApiClient


@pytest.fixture
def world(resources, api):
    factories.seed_directory()
    support.seed_competencies()
    return {
        "admin": ApiClient(factories.create_user("MDO_ADMIN", name="Asha Admin")["claims"]),
        "leader": ApiClient(factories.create_user("MDO_LEADER", name="Lata Leader")["claims"]),
        "outsider_admin": ApiClient(factories.create_user("MDO_ADMIN", org_id="mof")["claims"]),
        "learner": ApiClient(factories.create_user(name="Lalit Learner")["claims"]),
    }


def officers(designation_id: str = "section-officer") -> int:
    shards = db.batch_get(passbook.gap_counter_keys("dopt", designation_id), consistent=True)
    return passbook.add_counter_items({}, shards).get(passbook.OFFICERS, 0)


def signed_in(api, account) -> tuple[ApiClient, dict]:
    tokens = support.login(api, account["email"])
    claims = jwt.decode(tokens["accessToken"], options={"verify_signature": False})
    return ApiClient(claims), claims


def cognito_attributes(user_id: str) -> dict[str, str]:
    client = boto3.client("cognito-idp", region_name=get_settings().region)
    user = client.admin_get_user(UserPoolId=get_settings().user_pool_id, Username=user_id)
    return {a["Name"]: a["Value"] for a in user["UserAttributes"]}


def new_link(admin: ApiClient, org: str = "dopt", **overrides) -> dict:
    body = {"expiresAt": clock.to_iso(clock.now() + timedelta(days=7)), "maxUses": 5, **overrides}
    response = admin.post(f"/orgs/{org}/registration-links", body)
    assert response.status == 201, response.json()
    return response.json()


def test_an_email_on_the_orgs_own_domain_joins_at_once(world, api):
    account = support.register_account(api)  # riya.N@dopt.gov.in into dopt
    client, claims = signed_in(api, account)
    me = client.get("/me").json()
    assert (me["orgId"], me["membership"], me.get("pendingOrgId")) == ("dopt", "ACTIVE", None)
    assert claims["org_id"] == "dopt"
    assert cognito_attributes(account["userId"])["custom:memberOrgId"] == "dopt"


def test_a_shared_domain_email_waits_and_sees_nothing_of_the_org(world, api):
    before = officers()
    account = support.register_account(api, email="kiran.rao@kerala.gov.in")  # a gov.in subdomain, not dopt's
    client, claims = signed_in(api, account)
    me = client.get("/me").json()
    assert (me["orgId"], me["membership"], me["pendingOrgId"]) == (profiles.UNAFFILIATED, "PENDING", "dopt")
    assert me["roles"] == ["PUBLIC"]
    assert "org_id" not in claims and "custom:memberOrgId" not in cognito_attributes(account["userId"])
    # nothing restricted to the org: its leaderboard answers the org's members only
    assert world["learner"].get("/orgs/dopt/leaderboard").status == 200
    refused = client.get("/orgs/dopt/leaderboard")
    assert refused.status == 403, refused.json()
    # not one of the org's users, not found by people search, not counted in the org's gaps
    users = world["admin"].get("/orgs/dopt/users").json()["items"]
    assert account["userId"] not in {u["userId"] for u in users}
    found = world["learner"].get("/people", query={"q": account["name"]}).json()["items"]
    assert account["userId"] not in {p["userId"] for p in found}
    assert officers() == before
    # a designation change would reach no administrator: refused
    asked = client.patch("/me", {"version": me["version"], "designationId": "under-secretary"})
    assert (asked.status, asked.json()["error"]["code"]) == (409, "NOT_A_MEMBER")
    # the org's admins and leaders see the pending member
    for reader in (world["admin"], world["leader"]):
        pending = reader.get("/orgs/dopt/members", query={"status": "pending"}).json()["items"]
        assert [(m["userId"], m["email"]) for m in pending] == [(account["userId"], "kiran.rao@kerala.gov.in")]
    assert world["outsider_admin"].get("/orgs/dopt/members").status == 403
    assert world["learner"].get("/orgs/dopt/members").status == 403


def test_approval_brings_the_member_into_the_org_with_a_notice(world, api):
    before = officers()
    account = support.register_account(api, email="kiran.rao@gov.in")
    approved = world["admin"].post(f"/orgs/dopt/members/{account['userId']}/approve")
    assert approved.status == 200, approved.json()
    assert approved.json() == {"userId": account["userId"], "orgId": "dopt", "membership": "ACTIVE"}
    client, claims = signed_in(api, account)
    me = client.get("/me").json()
    assert (me["orgId"], me["membership"], me.get("pendingOrgId")) == ("dopt", "ACTIVE", None)
    assert claims["org_id"] == "dopt"  # the next tokens name the org
    assert client.get("/orgs/dopt/leaderboard").status == 200
    assert officers() == before + 1
    users = world["admin"].get("/orgs/dopt/users").json()["items"]
    assert account["userId"] in {u["userId"] for u in users}
    assert world["admin"].get("/orgs/dopt/members").json()["items"] == []
    found = world["learner"].get("/people", query={"q": account["name"]}).json()["items"]
    assert account["userId"] in {p["userId"] for p in found}
    [notice] = [n for n in client.get("/me/notifications").json()["items"] if n["template"] == "MEMBERSHIP_APPROVED"]
    assert "Department of Personnel and Training" in notice["title"]
    again = world["admin"].post(f"/orgs/dopt/members/{account['userId']}/approve")
    assert (again.status, again.json()["error"]["code"]) == (404, "MEMBER_NOT_PENDING")


def test_rejection_keeps_the_account_outside_the_org_and_tells_the_officer(world, api):
    account = support.register_account(api, email="kiran.rao@gov.in")
    rejected = world["admin"].post(f"/orgs/dopt/members/{account['userId']}/reject", {"reason": "Not on our rolls."})
    assert rejected.status == 200 and rejected.json()["membership"] == "REJECTED"
    client, _ = signed_in(api, account)
    me = client.get("/me").json()
    assert (me["orgId"], me["membership"], me["rejectedOrgId"]) == (profiles.UNAFFILIATED, "REJECTED", "dopt")
    [notice] = [n for n in client.get("/me/notifications").json()["items"] if n["template"] == "MEMBERSHIP_REJECTED"]
    assert "Not on our rolls." in notice["body"]
    assert world["admin"].get("/orgs/dopt/members").json()["items"] == []
    refused = world["admin"].get("/orgs/dopt/members", query={"status": "rejected"}).json()["items"]
    assert [m["userId"] for m in refused] == [account["userId"]]
    late = world["admin"].post(f"/orgs/dopt/members/{account['userId']}/approve")
    assert (late.status, late.json()["error"]["code"]) == (404, "MEMBER_NOT_PENDING")


def test_nobody_decides_for_another_org(world, api):
    account = support.register_account(api, email="kiran.rao@gov.in", orgId="mof")  # pending with mof
    # an admin of dopt asking through mof's path: not their org
    assert world["admin"].post(f"/orgs/mof/members/{account['userId']}/approve").status == 403
    # nor through their own: the account is nobody pending with dopt (and nothing tells more)
    through_own = world["admin"].post(f"/orgs/dopt/members/{account['userId']}/approve")
    assert (through_own.status, through_own.json()["error"]["code"]) == (404, "MEMBER_NOT_PENDING")
    assert world["learner"].post(f"/orgs/dopt/members/{account['userId']}/approve").status == 403
    profile = db.get(keys.user_pk(account["userId"]), keys.PROFILE_SK, consistent=True)
    assert (profile["membership"], profile["pendingOrgId"]) == ("PENDING", "mof")


def test_other_addresses_are_refused(world, api):
    response = api.post("/auth/register", support.person(email="riya@gmail.com"))
    assert (response.status, response.json()["error"]["code"]) == (400, "EMAIL_NOT_ALLOWED")


def test_accounts_made_before_memberships_keep_theirs(world):
    old = factories.create_user(name="Old Timer")
    pk, sk = keys.user_pk(old["userId"]), keys.PROFILE_SK
    db.table().update_item(Key={"PK": pk, "SK": sk}, UpdateExpression="REMOVE membership")
    me = ApiClient(old["claims"]).get("/me").json()
    assert (me["orgId"], me["membership"]) == ("dopt", "ACTIVE")


# ---- registration links -------------------------------------------------------------------------------------


def test_a_link_joins_its_org_without_approval_and_counts_its_uses(world, api):
    link = new_link(world["admin"], maxUses=2)
    assert link["url"] == f"/app/register?link={link['linkId']}"
    assert (link["uses"], link["usable"], link["revoked"]) == (0, True, False)
    info = api.get(f"/registration-links/{link['linkId']}").json()  # public: what the registration page shows
    assert (info["orgId"], info["orgName"], info["usable"]) == ("dopt", "Department of Personnel and Training", True)
    account = support.register_account(api, email="kiran.rao@gov.in", linkId=link["linkId"])
    client, claims = signed_in(api, account)
    assert client.get("/me").json()["membership"] == "ACTIVE" and claims["org_id"] == "dopt"
    [listed] = world["admin"].get("/orgs/dopt/registration-links").json()["items"]
    assert (listed["linkId"], listed["uses"]) == (link["linkId"], 1)


def test_a_used_up_link_refuses_the_next_account_and_writes_nothing(world, api):
    link = new_link(world["admin"], maxUses=1)
    first_id, first = support.start(api, email="first.one@gov.in", linkId=link["linkId"])
    second_id, second = support.start(api, email="second.one@gov.in", linkId=link["linkId"])
    support.verify_both(api, first_id, first)
    support.verify_both(api, second_id, second)
    assert api.post(f"/auth/register/{first_id}/password", {"password": support.PASSWORD}).status == 201
    refused = api.post(f"/auth/register/{second_id}/password", {"password": support.PASSWORD})
    assert (refused.status, refused.json()["error"]["code"]) == (409, "LINK_USED_UP")
    registration = db.get(*keys.registration_key(second_id), consistent=True)
    assert registration["status"] != "COMPLETED"
    assert db.get(keys.guard_key("email", "second.one@gov.in")[0], keys.guard_key("email", "second.one@gov.in")[1],
                  consistent=True) is None
    login = api.post("/auth/login", {"username": "second.one@gov.in", "password": support.PASSWORD})
    assert login.status == 401
    late = api.post("/auth/register", support.person(email="third.one@gov.in", linkId=link["linkId"]))
    assert (late.status, late.json()["error"]["code"]) == (409, "LINK_USED_UP")


def test_expired_revoked_and_foreign_links_are_refused(world, api):
    expiring = new_link(world["admin"], expiresAt=clock.to_iso(clock.now() + timedelta(hours=1)))
    revoked = new_link(world["admin"])
    assert world["admin"].delete(f"/orgs/dopt/registration-links/{revoked['linkId']}").status == 204
    assert world["admin"].delete(f"/orgs/dopt/registration-links/{revoked['linkId']}").status == 204  # twice: fine
    foreign = new_link(world["outsider_admin"], org="mof")
    cases = [
        (revoked["linkId"], "dopt", 409, "LINK_REVOKED"),
        (foreign["linkId"], "dopt", 404, "LINK_NOT_FOUND"),  # a link of mof cannot join dopt
        ("0" * 32, "dopt", 404, "LINK_NOT_FOUND"),
    ]
    for link_id, org, status, code in cases:
        response = api.post("/auth/register", support.person(email="x.y@gov.in", orgId=org, linkId=link_id))
        assert (response.status, response.json()["error"]["code"]) == (status, code), link_id
    clock.set_now(clock.now() + timedelta(hours=2))
    try:
        response = api.post("/auth/register", support.person(email="x.y@gov.in", linkId=expiring["linkId"]))
        assert (response.status, response.json()["error"]["code"]) == (409, "LINK_EXPIRED")
        assert api.get(f"/registration-links/{expiring['linkId']}").json()["usable"] is False
    finally:
        clock.reset()
    bad = api.post("/auth/register", support.person(linkId="not-a-link"))
    assert bad.status == 400


@pytest.mark.parametrize(("body", "field"), [
    ({"expiresAt": "2020-01-01T00:00:00+05:30", "maxUses": 5}, "expiresAt"),
    ({"expiresAt": "2099-01-01T00:00:00+05:30", "maxUses": 5}, "expiresAt"),
    ({"expiresAt": "2027-01-01T00:00:00", "maxUses": 5}, "expiresAt"),
    ({"expiresAt": "tomorrow", "maxUses": 5}, "expiresAt"),
    ({"maxUses": 0}, "maxUses"),
    ({"maxUses": 100_001}, "maxUses"),
])
def test_bad_links_are_refused_with_the_field_named(world, body, field):
    clock.set_now(datetime(2026, 12, 20, 10, 0, tzinfo=UTC))
    try:
        payload = {"expiresAt": "2026-12-31T23:59:59+05:30", **body}
        response = world["admin"].post("/orgs/dopt/registration-links", payload)
    finally:
        clock.reset()
    assert response.status == 400, response.json()
    assert field in str(response.json()["error"]["details"])


def test_only_the_orgs_admin_makes_and_revokes_links(world):
    link = new_link(world["admin"])
    body = {"expiresAt": clock.to_iso(clock.now() + timedelta(days=1)), "maxUses": 1}
    assert world["leader"].post("/orgs/dopt/registration-links", body).status == 403
    assert world["outsider_admin"].post("/orgs/dopt/registration-links", body).status == 403
    assert world["learner"].get("/orgs/dopt/registration-links").status == 403
    assert world["leader"].get("/orgs/dopt/registration-links").status == 200
    refused = world["outsider_admin"].delete(f"/orgs/mof/registration-links/{link['linkId']}")
    assert (refused.status, refused.json()["error"]["code"]) == (404, "LINK_NOT_FOUND")
    assert world["admin"].post("/orgs/nowhere/registration-links", body).status in (403, 404)
