"""A learner cannot promote themself: PATCH /me with a new designation makes a request that an MDO admin
of the learner's org approves or rejects; only the approval changes the designation, and the passbook's
counts and the people index follow it in the approval's transaction."""

from __future__ import annotations

import jwt
import pytest

from karmayogi.domain import passbook
from karmayogi.platform import db, keys, revocation
from tests import factories
from tests.auth import support
from tests.conftest import ApiClient


@pytest.fixture
def org(resources, api):
    """A registered, logged-in officer of dopt, its MDO admin, and another org's admin."""
    factories.seed_directory()
    support.seed_competencies()
    account = support.register_account(api)
    tokens = support.login(api, account["email"])
    claims = jwt.decode(tokens["accessToken"], options={"verify_signature": False})
    return {
        "officer": (ApiClient({"org_id": "dopt", **claims}), account),
        "admin": ApiClient(factories.create_user("MDO_ADMIN", name="Asha Admin")["claims"]),
        "outsider_admin": ApiClient(factories.create_user("MDO_ADMIN", org_id="mof")["claims"]),
    }


def officers(designation_id: str) -> int:
    shards = db.batch_get(passbook.gap_counter_keys("dopt", designation_id), consistent=True)
    return passbook.add_counter_items({}, shards).get(passbook.OFFICERS, 0)


def ask(client: ApiClient, designation_id: str = "under-secretary", version: int = 1) -> dict:
    response = client.patch("/me", {"version": version, "designationId": designation_id})
    assert response.status == 200, response.json()
    return response.json()


def pending(admin: ApiClient, status: str = "pending") -> list[dict]:
    response = admin.get("/orgs/dopt/designation-requests", query={"status": status})
    assert response.status == 200, response.json()
    return response.json()["items"]


def test_a_designation_asked_for_waits_and_changes_nothing_counted(org):
    client, account = org["officer"]
    before = officers("section-officer"), officers("under-secretary")
    revocation.not_before(account["userId"])  # a warm container: the revocation time is cached
    with support.counting() as calls:
        body = ask(client)
    assert calls == {"BatchGetItem": 1, "TransactWriteItems": 1}  # no passbook read any more
    assert (body["designation"], body["designationId"], body["version"]) == ("Section Officer", "section-officer", 2)
    request = body["pendingDesignation"]
    assert (request["designationId"], request["designation"]) == ("under-secretary", "Under Secretary")
    assert client.get("/me").json()["pendingDesignation"] == request
    assert (officers("section-officer"), officers("under-secretary")) == before
    [listed] = pending(org["admin"])
    assert listed["requestId"] == request["requestId"]
    assert (listed["userId"], listed["currentDesignation"], listed["designation"], listed["status"]) == (
        account["userId"], "Section Officer", "Under Secretary", "PENDING")
    # asking again for the same designation makes no second request
    assert ask(client, version=2)["version"] == 2 and len(pending(org["admin"])) == 1


def test_approval_moves_the_officers_counts_and_the_people_index_and_tells_the_officer(org):
    client, account = org["officer"]
    user_id = account["userId"]
    passbook.record_competencies(user_id, [passbook.PassbookEntry("c-integrity", 3, "course", "course-1")])
    before = officers("section-officer"), officers("under-secretary")
    request_id = ask(client)["pendingDesignation"]["requestId"]
    with support.counting() as calls:
        response = org["admin"].post(f"/orgs/dopt/designation-requests/{request_id}/approve")
    assert response.status == 200, response.json()
    assert response.json()["status"] == "APPROVED" and response.json()["decidedAt"]
    assert calls["TransactWriteItems"] == 1
    me = client.get("/me").json()
    assert (me["designation"], me["pendingDesignation"], me["version"]) == ("Under Secretary", None, 3)
    assert (officers("section-officer"), officers("under-secretary")) == (before[0] - 1, before[1] + 1)
    summary = db.get(*keys.competency_summary_key(user_id), consistent=True)
    assert (summary["countedDesignationId"], summary["levels"]) == ("under-secretary", {"c-integrity": 3})
    word = account["name"].split()[0].lower()
    assert db.get(keys.user_pk(user_id), f"WORD#{word}")["designation"] == "Under Secretary"
    with support.counting() as calls:  # what the sync would write is written already
        passbook.sync(user_id)
    assert calls["TransactWriteItems"] == 0
    [notice] = [n for n in client.get("/me/notifications").json()["items"] if n["template"] == "DESIGNATION_APPROVED"]
    assert "Under Secretary" in notice["body"]
    assert pending(org["admin"]) == [] and [r["requestId"] for r in pending(org["admin"], "approved")] == [request_id]
    again = org["admin"].post(f"/orgs/dopt/designation-requests/{request_id}/approve")
    assert again.status == 409 and again.json()["error"]["code"] == "REQUEST_NOT_PENDING"


def test_an_approval_racing_a_passbook_sync_reads_again(org, monkeypatch):
    client, account = org["officer"]
    user_id = account["userId"]
    request_id = ask(client)["pendingDesignation"]["requestId"]
    real = passbook.designation_changed_ops
    raced = []

    def after_a_sync(*args, **kwargs):
        if not raced:  # a course completion lands between the read and the write
            raced.append(True)
            passbook.record_competencies(user_id, [passbook.PassbookEntry("c-drafting", 2, "course", "course-2")])
        return real(*args, **kwargs)

    monkeypatch.setattr(passbook, "designation_changed_ops", after_a_sync)
    response = org["admin"].post(f"/orgs/dopt/designation-requests/{request_id}/approve")
    assert response.status == 200
    summary = db.get(*keys.competency_summary_key(user_id), consistent=True)
    assert (summary["countedDesignationId"], summary["levels"]) == ("under-secretary", {"c-drafting": 2})


def test_rejection_keeps_the_designation_and_tells_the_officer_why(org):
    client, _ = org["officer"]
    before = officers("section-officer"), officers("under-secretary")
    request_id = ask(client)["pendingDesignation"]["requestId"]
    response = org["admin"].post(f"/orgs/dopt/designation-requests/{request_id}/reject",
                                 {"reason": "No order of promotion on file"})
    assert response.status == 200 and response.json()["status"] == "REJECTED"
    me = client.get("/me").json()
    assert (me["designation"], me["pendingDesignation"]) == ("Section Officer", None)
    assert (officers("section-officer"), officers("under-secretary")) == before
    [notice] = [n for n in client.get("/me/notifications").json()["items"] if n["template"] == "DESIGNATION_REJECTED"]
    assert "No order of promotion on file" in notice["body"]
    approve = org["admin"].post(f"/orgs/dopt/designation-requests/{request_id}/approve")
    assert approve.status == 409 and approve.json()["error"]["code"] == "REQUEST_NOT_PENDING"


def test_a_new_request_replaces_the_pending_one_and_the_current_designation_withdraws_it(org):
    client, _ = org["officer"]
    first = ask(client)["pendingDesignation"]["requestId"]
    second = ask(client, "assistant-section-officer", version=2)["pendingDesignation"]
    assert second["requestId"] != first and second["designationId"] == "assistant-section-officer"
    assert [r["requestId"] for r in pending(org["admin"])] == [second["requestId"]]
    assert [r["requestId"] for r in pending(org["admin"], "replaced")] == [first]
    old = org["admin"].post(f"/orgs/dopt/designation-requests/{first}/approve")
    assert old.status == 409
    withdrawn = ask(client, "section-officer", version=3)
    assert withdrawn["pendingDesignation"] is None and withdrawn["designation"] == "Section Officer"
    assert pending(org["admin"]) == [] and len(pending(org["admin"], "withdrawn")) == 1


def test_only_an_mdo_admin_of_the_org_decides_and_never_their_own(org, api):
    client, _ = org["officer"]
    request_id = ask(client)["pendingDesignation"]["requestId"]
    for caller in (client, org["outsider_admin"]):
        assert caller.get("/orgs/dopt/designation-requests").status == 403
        assert caller.post(f"/orgs/dopt/designation-requests/{request_id}/approve").status == 403
        assert caller.post(f"/orgs/dopt/designation-requests/{request_id}/reject").status == 403
    # another org's path does not reach this org's request
    assert org["outsider_admin"].post(f"/orgs/mof/designation-requests/{request_id}/approve").status == 404
    assert org["admin"].post("/orgs/dopt/designation-requests/nope/approve").status == 404
    admin_user = factories.create_user("MDO_ADMIN", name="Self Promoter")
    admin = ApiClient(admin_user["claims"])
    own = ask(admin)["pendingDesignation"]["requestId"]
    refused = admin.post(f"/orgs/dopt/designation-requests/{own}/approve")
    assert refused.status == 403 and refused.json()["error"]["code"] == "OWN_REQUEST"
    assert org["admin"].post(f"/orgs/dopt/designation-requests/{own}/approve").status == 200
    assert org["admin"].get("/orgs/dopt/designation-requests", query={"status": "bogus"}).status == 400
