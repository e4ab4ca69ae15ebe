"""An officer moves to another ministry: an MDO admin of their org asks, an MDO admin of the new org accepts
(or refuses; the asking org may cancel). The move keeps the officer's passbook, karma and learning, drops the
roles held in the old org, ends the tokens already out (within 60 s) and gives the next ones the new org."""

from __future__ import annotations

import boto3
import jwt
import pytest

from karmayogi.domain import karma, passbook
from karmayogi.platform import db, keys, revocation
from karmayogi.platform.settings import get_settings
from tests import factories
from tests.auth import support
from tests.conftest import ApiClient


@pytest.fixture
def world(resources, api):
    factories.seed_directory()
    support.seed_competencies()
    account = support.register_account(api)  # an officer of dopt, with a Cognito user and a password
    return {
        "officer": account,
        "dopt_admin": ApiClient(factories.create_user("MDO_ADMIN", name="Dinesh Admin")["claims"]),
        "mof_admin": ApiClient(factories.create_user("MDO_ADMIN", org_id="mof", name="Meera Admin")["claims"]),
        "mof_leader": ApiClient(factories.create_user("MDO_LEADER", org_id="mof")["claims"]),
    }


def counted(org_id: str, designation_id: str = "section-officer") -> int:
    shards = db.batch_get(passbook.gap_counter_keys(org_id, designation_id), consistent=True)
    return passbook.add_counter_items({}, shards).get(passbook.OFFICERS, 0)


def groups_of(user_id: str) -> set[str]:
    client = boto3.client("cognito-idp", region_name=get_settings().region)
    found = client.admin_list_groups_for_user(UserPoolId=get_settings().user_pool_id, Username=user_id)
    return {g["GroupName"] for g in found["Groups"]}


def ask(world, to: str = "mof") -> dict:
    response = world["dopt_admin"].post(f"/users/{world['officer']['userId']}/transfers", {"toOrgId": to})
    assert response.status == 201, response.json()
    return response.json()


def test_an_accepted_transfer_moves_the_officer_and_keeps_what_is_theirs(world, api):
    officer = world["officer"]
    user_id = officer["userId"]
    karma.credit(user_id, "dopt", "COURSE_COMPLETED", "course-1", points=40)
    world["dopt_admin"].post(f"/users/{user_id}/roles", {"role": "CONTENT_CREATOR"})
    assert "CONTENT_CREATOR" in groups_of(user_id)
    before = support.login(api, officer["email"])
    dopt_before, mof_before = counted("dopt"), counted("mof")

    transfer = ask(world)
    assert (transfer["status"], transfer["fromOrgId"], transfer["toOrgId"]) == ("PENDING", "dopt", "mof")
    incoming = world["mof_leader"].get("/orgs/mof/transfers").json()["items"]
    assert [t["transferId"] for t in incoming] == [transfer["transferId"]]
    outgoing = world["dopt_admin"].get("/orgs/dopt/transfers", query={"direction": "outgoing"}).json()["items"]
    assert [t["transferId"] for t in outgoing] == [transfer["transferId"]]

    accepted = world["mof_admin"].post(f"/orgs/mof/transfers/{transfer['transferId']}/accept")
    assert accepted.status == 200, accepted.json()
    assert accepted.json()["status"] == "ACCEPTED"

    profile = db.get(keys.user_pk(user_id), keys.PROFILE_SK, consistent=True)
    assert (profile["orgId"], profile["roles"], profile.get("pendingTransferId")) == ("mof", ["PUBLIC"], None)
    assert groups_of(user_id) == {"PUBLIC"}  # the role held in dopt stays in dopt
    assert (counted("dopt"), counted("mof")) == (dopt_before - 1, mof_before + 1)
    # the tokens issued before the move stop working; the next ones name the new org
    old_claims = jwt.decode(before["accessToken"], options={"verify_signature": False})
    assert revocation.is_revoked(user_id, int(old_claims["iat"]))
    claims = jwt.decode(support.login(api, officer["email"])["accessToken"], options={"verify_signature": False})
    assert claims["org_id"] == "mof"
    client = ApiClient(claims)
    me = client.get("/me").json()
    assert (me["orgId"], me["karmaPoints"] >= 40) == ("mof", True)
    assert any(e["contextId"] == "course-1" for e in client.get("/me/karma").json()["ledger"])
    [notice] = [n for n in client.get("/me/notifications").json()["items"] if n["template"] == "TRANSFER_ACCEPTED"]
    assert "Ministry of Finance" in notice["title"]
    users = world["mof_admin"].get("/orgs/mof/users").json()["items"]
    assert user_id in {u["userId"] for u in users}
    assert user_id not in {u["userId"] for u in world["dopt_admin"].get("/orgs/dopt/users").json()["items"]}
    again = world["mof_admin"].post(f"/orgs/mof/transfers/{transfer['transferId']}/accept")
    assert (again.status, again.json()["error"]["code"]) == (409, "TRANSFER_DECIDED")


def test_refused_and_cancelled_transfers_leave_the_officer_where_they_are(world):
    user_id = world["officer"]["userId"]
    first = ask(world)
    second = world["dopt_admin"].post(f"/users/{user_id}/transfers", {"toOrgId": "mopp"})
    assert (second.status, second.json()["error"]["code"]) == (409, "TRANSFER_PENDING")  # one move at a time
    refused = world["mof_admin"].post(f"/orgs/mof/transfers/{first['transferId']}/reject", {"reason": "No post"})
    assert (refused.status, refused.json()["status"], refused.json()["reason"]) == (200, "REJECTED", "No post")
    cancelled_one = ask(world)
    cancelled = world["dopt_admin"].post(f"/orgs/dopt/transfers/{cancelled_one['transferId']}/cancel")
    assert cancelled.status == 200 and cancelled.json()["status"] == "CANCELLED"
    profile = db.get(keys.user_pk(user_id), keys.PROFILE_SK, consistent=True)
    assert (profile["orgId"], profile.get("pendingTransferId")) == ("dopt", None)
    history = world["mof_admin"].get("/orgs/mof/transfers", query={"status": "rejected"}).json()["items"]
    assert [t["transferId"] for t in history] == [first["transferId"]]


def test_only_the_right_admins_decide(world):
    transfer = ask(world)
    tid = transfer["transferId"]
    # the asking org cannot accept its own request; the receiving org cannot cancel it; a leader cannot decide
    assert world["dopt_admin"].post(f"/orgs/dopt/transfers/{tid}/accept").json()["error"]["code"] == "TRANSFER_NOT_FOUND"
    assert world["mof_admin"].post(f"/orgs/mof/transfers/{tid}/cancel").json()["error"]["code"] == "TRANSFER_NOT_FOUND"
    assert world["mof_leader"].post(f"/orgs/mof/transfers/{tid}/accept").status == 403
    assert world["dopt_admin"].post(f"/orgs/mof/transfers/{tid}/accept").status == 403
    # another org's admin cannot move someone who is not theirs
    stranger = world["mof_admin"].post(f"/users/{world['officer']['userId']}/transfers", {"toOrgId": "mof"})
    assert stranger.status == 403


@pytest.mark.parametrize(("to", "status", "code"), [("dopt", 400, "SAME_ORG"), ("nowhere", 400, "UNKNOWN_ORG"),
                                                    ("unaffiliated", 400, "UNKNOWN_ORG")])
def test_bad_destinations_are_refused(world, to, status, code):
    response = world["dopt_admin"].post(f"/users/{world['officer']['userId']}/transfers", {"toOrgId": to})
    assert (response.status, response.json()["error"]["code"]) == (status, code)
    profile = db.get(keys.user_pk(world["officer"]["userId"]), keys.PROFILE_SK, consistent=True)
    assert "pendingTransferId" not in profile
