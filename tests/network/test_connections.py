"""Connections over HTTP: request, duplicates in either direction, self-requests, only the recipient
answers, withdraw and remove, the three lists, notifications; blocks."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from boto3.dynamodb.conditions import Key

from karmayogi.platform import db, keys
from tests.network.conftest import client, connect


def _code(response):
    return response.status, (response.json() or {}).get("error", {}).get("code")


def _notifications(user_id):
    return [n["template"] for n in
            db.query_all(Key("PK").eq(keys.user_pk(user_id)) & Key("SK").begins_with("NOTIF#"))]


@pytest.fixture
def trio(person):
    return person("Meera Joshi"), person("Rajesh Kumar"), person("Priya Sharma")


def test_request_and_accept(trio):
    me, other, _ = trio
    response = client(me).post("/connections", {"userId": other["userId"]})
    assert response.status == 201
    body = response.json()
    assert body["status"] == "PENDING" and body["connectionId"]
    assert body["requesterId"] == me["userId"] and body["recipientId"] == other["userId"]
    assert _notifications(other["userId"]) == ["CONNECTION_REQUEST"]

    sent = client(me).get("/connections", query={"status": "pending"}).json()["items"]
    assert [(c["person"]["userId"], c["direction"], c["status"]) for c in sent] == \
        [(other["userId"], "SENT", "PENDING")]
    received = client(other).get("/connections", query={"status": "received"}).json()["items"]
    assert [(c["person"]["name"], c["direction"]) for c in received] == [("Meera Joshi", "RECEIVED")]
    assert client(me).get("/connections", query={"status": "received"}).json()["items"] == []

    accepted = client(other).post(f"/connections/{body['connectionId']}/accept")
    assert accepted.status == 200 and accepted.json()["status"] == "ESTABLISHED"
    assert _notifications(me["userId"]) == ["CONNECTION_ACCEPTED"]
    for user, peer in ((me, other), (other, me)):
        established = client(user).get("/connections").json()["items"]  # established is the default
        assert [c["person"]["userId"] for c in established] == [peer["userId"]]
        assert client(user).get("/connections", query={"status": "pending"}).json()["items"] == []
        assert client(user).get("/connections", query={"status": "received"}).json()["items"] == []


def test_duplicates_in_either_direction_and_self_requests_are_refused(trio):
    me, other, _ = trio
    assert client(me).post("/connections", {"userId": other["userId"]}).status == 201
    assert _code(client(me).post("/connections", {"userId": other["userId"]})) == (409, "REQUEST_PENDING")
    assert _code(client(other).post("/connections", {"userId": me["userId"]})) == (409, "REQUEST_PENDING")
    assert _code(client(me).post("/connections", {"userId": me["userId"]})) == (400, "SELF_CONNECTION")
    assert _code(client(me).post("/connections", {"userId": "nobody"})) == (404, "NOT_FOUND")
    assert _code(client(me).post("/connections", {})) == (400, "VALIDATION_ERROR")
    assert _code(client(me).post("/connections", {"userId": ""})) == (400, "VALIDATION_ERROR")
    assert _code(client(me).post("/connections", {"userId": 42})) == (400, "VALIDATION_ERROR")


def test_already_connected_is_409(trio):
    me, other, _ = trio
    connect(me, other)
    assert _code(client(other).post("/connections", {"userId": me["userId"]})) == (409, "ALREADY_CONNECTED")


def test_simultaneous_requests_both_ways_make_one_connection(trio):
    me, other, _ = trio
    pairs = [(me, other), (other, me)] * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda p: client(p[0]).post("/connections", {"userId": p[1]["userId"]}).status,
                                 pairs))
    assert statuses.count(201) == 1 and statuses.count(409) == 7
    edges = db.query_all(Key("PK").eq(keys.user_pk(me["userId"])) & Key("SK").begins_with("CONN#"))
    assert len(edges) == 1


def test_only_the_recipient_answers(trio):
    me, other, third = trio
    connection_id = client(me).post("/connections", {"userId": other["userId"]}).json()["connectionId"]
    assert _code(client(me).post(f"/connections/{connection_id}/accept")) == (403, "NOT_RECIPIENT")
    assert _code(client(me).post(f"/connections/{connection_id}/reject")) == (403, "NOT_RECIPIENT")
    assert _code(client(third).post(f"/connections/{connection_id}/accept")) == (404, "NOT_FOUND")
    assert _code(client(third).delete(f"/connections/{connection_id}")) == (404, "NOT_FOUND")
    assert _code(client(other).post("/connections/unknown/accept")) == (404, "NOT_FOUND")
    rejected = client(other).post(f"/connections/{connection_id}/reject")
    assert rejected.status == 200 and rejected.json()["status"] == "REJECTED"
    assert _code(client(other).post(f"/connections/{connection_id}/accept")) == (409, "NOT_PENDING")
    assert client(other).get("/connections", query={"status": "received"}).json()["items"] == []
    # After a rejection a new request may be made.
    assert client(me).post("/connections", {"userId": other["userId"]}).status == 201


def test_withdraw_and_remove(trio):
    me, other, third = trio
    pending = client(me).post("/connections", {"userId": other["userId"]}).json()["connectionId"]
    # The recipient rejects rather than withdraws.
    assert _code(client(other).delete(f"/connections/{pending}")) == (403, "NOT_REQUESTER")
    assert client(me).delete(f"/connections/{pending}").status == 204
    assert client(other).get("/connections", query={"status": "received"}).json()["items"] == []
    assert _code(client(me).delete(f"/connections/{pending}")) == (409, "NOT_ACTIVE")

    established = connect(me, third)
    assert client(me).get(f"/people/{third['userId']}").json()["connectionCount"] == 1
    assert client(third).delete(f"/connections/{established}").status == 204  # either party removes
    assert client(me).get("/connections").json()["items"] == []
    assert client(third).get("/connections").json()["items"] == []
    assert client(me).get(f"/people/{third['userId']}").json()["connectionCount"] == 0


def test_connection_lists_page_and_validate(person):
    me = person("Meera Joshi")
    for n in range(3):
        connect(me, person(f"Colleague {n}"))
    first = client(me).get("/connections", query={"limit": 2}).json()
    assert len(first["items"]) == 2 and first["nextCursor"]
    rest = client(me).get("/connections", query={"limit": 2, "cursor": first["nextCursor"]}).json()
    assert len(rest["items"]) == 1 and rest["nextCursor"] is None
    assert _code(client(me).get("/connections", query={"status": "blocked"}))[0] == 400
    assert _code(client(me).get("/connections", query={"status": "pending", "cursor": first["nextCursor"]})) == \
        (400, "INVALID_CURSOR")


# ---- blocks -------------------------------------------------------------------------------------------

def test_a_blocked_user_cannot_request_find_or_see_the_blocker(trio):
    blocker, blocked, bystander = trio
    response = client(blocker).post(f"/people/{blocked['userId']}/block")
    assert response.status == 200 and response.json() == {"userId": blocked["userId"], "blocked": True}
    # The blocked user: the blocker does not exist for them.
    assert _code(client(blocked).post("/connections", {"userId": blocker["userId"]})) == (404, "NOT_FOUND")
    assert _code(client(blocked).get(f"/people/{blocker['userId']}")) == (404, "NOT_FOUND")
    assert client(blocked).get("/people", query={"q": "meera"}).json()["items"] == []
    assert client(blocked).get("/people", query={"orgId": "dopt"}).json()["items"] != []
    assert blocker["userId"] not in [p["userId"] for p in
                                     client(blocked).get("/people", query={"orgId": "dopt"}).json()["items"]]
    # The blocker may still look at the profile, and cannot request until unblocking.
    profile = client(blocker).get(f"/people/{blocked['userId']}").json()
    assert profile["blockedByYou"] is True
    assert _code(client(blocker).post("/connections", {"userId": blocked["userId"]})) == (409, "BLOCKED")
    assert client(blocker).get("/people", query={"q": "rajesh"}).json()["items"] == []
    # Others are unaffected.
    assert [p["userId"] for p in client(bystander).get("/people", query={"q": "meera"}).json()["items"]] == \
        [blocker["userId"]]
    # Blocking twice, oneself, or nobody.
    assert _code(client(blocker).post(f"/people/{blocked['userId']}/block")) == (409, "ALREADY_BLOCKED")
    assert _code(client(blocker).post(f"/people/{blocker['userId']}/block")) == (400, "SELF_BLOCK")
    assert _code(client(blocker).post("/people/nobody/block")) == (404, "NOT_FOUND")
    # Unblocking restores the normal view.
    assert client(blocker).delete(f"/people/{blocked['userId']}/block").status == 204
    assert client(blocked).get(f"/people/{blocker['userId']}").status == 200
    assert client(blocked).post("/connections", {"userId": blocker["userId"]}).status == 201


def test_blocking_ends_a_connection_and_a_pending_request(trio):
    me, friend, requester = trio
    connect(me, friend)
    client(requester).post("/connections", {"userId": me["userId"]})
    assert client(me).post(f"/people/{friend['userId']}/block").status == 200
    assert client(me).post(f"/people/{requester['userId']}/block").status == 200
    assert client(me).get("/connections").json()["items"] == []
    assert client(friend).get("/connections").json()["items"] == []
    assert client(me).get("/connections", query={"status": "received"}).json()["items"] == []
    assert client(requester).get("/connections", query={"status": "pending"}).json()["items"] == []
    assert client(me).get(f"/people/{me['userId']}").json()["connectionCount"] == 0


def test_request_budgets_of_profiles_connections_and_blocks(person):
    """Issue 8: a public profile is one request; a connection request reads only the caller's name (an
    existing edge refuses the transaction, and only then is read to say which); accepting reads the
    connection with the caller's name in one consistent request; a block reads the edge it may end."""
    from collections import Counter

    from tests.competency.support import counting

    asha, ravi = person("Asha Verma"), person("Ravi Kumar")
    client(asha).get(f"/people/{ravi['userId']}")  # the org name, cached
    with counting() as calls:
        assert client(asha).get(f"/people/{ravi['userId']}").status == 200
    assert calls == Counter({"BatchGetItem": 1})
    with counting() as calls:
        requested = client(asha).post("/connections", {"userId": ravi["userId"]})
    assert requested.status == 201 and calls == Counter({"GetItem": 1, "TransactWriteItems": 1})
    assert _code(client(asha).post("/connections", {"userId": ravi["userId"]})) == (409, "REQUEST_PENDING")
    assert _code(client(ravi).post("/connections", {"userId": asha["userId"]})) == (409, "REQUEST_PENDING")
    with counting() as calls:
        accepted = client(ravi).post(f"/connections/{requested.json()['connectionId']}/accept")
    assert accepted.status == 200 and calls == Counter({"BatchGetItem": 1, "TransactWriteItems": 1})
    assert _notifications(asha["userId"]) == ["CONNECTION_ACCEPTED"]
    assert _code(client(asha).post("/connections", {"userId": ravi["userId"]})) == (409, "ALREADY_CONNECTED")
    with counting() as calls:
        assert client(asha).post(f"/people/{ravi['userId']}/block").status == 200
    assert calls == Counter({"GetItem": 1, "TransactWriteItems": 1})
    assert _code(client(asha).post("/people/nobody/block")) == (404, "NOT_FOUND")
    assert _code(client(asha).post(f"/people/{ravi['userId']}/block")) == (409, "ALREADY_BLOCKED")
