"""People you may know: same org and designation, shared competencies, colleagues of colleagues; never
the caller, existing connections or requests, or blocked users; bounded reads however large the network."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from functions.network import repository
from karmayogi.domain import people_index, profiles
from karmayogi.platform import clock, db, keys
from karmayogi.platform.identity import claims_for
from tests.network.conftest import client, connect


def _recommended(user, **query):
    response = client(user).get("/people/recommended", query=query)
    assert response.status == 200, response.json()
    return {p["name"]: p for p in response.json()["items"]}


@pytest.fixture
def network(person):
    me = person("Meera Joshi", competencies=["c-drafting", "c-rti", "c-gem", "c-egov"])
    people = {
        "me": me,
        "alice": person("Alice Thomas"),  # same org and designation
        "bob": person("Bob Mathew", org_id="mof", designation_id="under-secretary",
                      competencies=["c-rti", "c-gem", "c-other"]),
        "friend": person("Farhan Ali", org_id="mof", designation_id="under-secretary"),
        "carol": person("Carol Dsouza", org_id="mopp", designation_id="under-secretary"),
        "pending": person("Pavan Rao"),
        "asked_me": person("Asha Menon"),
        "blocked": person("Bharat Singh"),
        "blocker": person("Kiran Bedi"),
        "stranger": person("Dev Anand", org_id="mof", designation_id="under-secretary"),
    }
    connect(me, people["friend"])
    connect(people["friend"], people["carol"])
    client(me).post("/connections", {"userId": people["pending"]["userId"]})
    client(people["asked_me"]).post("/connections", {"userId": me["userId"]})
    client(me).post(f"/people/{people['blocked']['userId']}/block")
    client(people["blocker"]).post(f"/people/{me['userId']}/block")
    return people


def test_recommendation_sources_and_reasons(network):
    found = _recommended(network["me"])
    assert set(found) == {"Alice Thomas", "Bob Mathew", "Carol Dsouza"}
    assert found["Alice Thomas"]["reasons"] == ["SAME_ORG_AND_DESIGNATION"]
    assert found["Bob Mathew"]["reasons"] == ["SHARED_COMPETENCIES"]
    assert found["Bob Mathew"]["sharedCompetencies"] == ["c-gem", "c-rti"]
    assert found["Carol Dsouza"]["reasons"] == ["MUTUAL_CONNECTIONS"]
    assert found["Carol Dsouza"]["mutualConnections"] == 1
    # Ranked: a mutual connection (3) before same org and designation (2) and two shared competencies (2).
    names = [p["name"] for p in client(network["me"]).get("/people/recommended").json()["items"]]
    assert names[0] == "Carol Dsouza"
    for item in found.values():
        assert not {"email", "mobile", "employeeId"} & set(item)


def test_never_self_connected_requested_or_blocked(network):
    found = _recommended(network["me"])
    for excluded in ("me", "friend", "pending", "asked_me", "blocked", "blocker"):
        assert network[excluded]["name"] not in found
    # The blocker's and the blocked user's own recommendations leave the other out too.
    assert network["me"]["name"] not in _recommended(network["blocker"])
    assert network["me"]["name"] not in _recommended(network["blocked"])
    assert "Dev Anand" not in found  # nothing in common


def test_limit_is_validated_and_applied(network):
    assert len(client(network["me"]).get("/people/recommended", query={"limit": 1}).json()["items"]) == 1
    assert client(network["me"]).get("/people/recommended", query={"limit": 51}).status == 400
    assert client(network["me"]).get("/people/recommended", query={"limit": 0}).status == 400


class RequestCounter:
    """Counts the DynamoDB requests a piece of code makes and the items they return."""

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.items = 0

    def __enter__(self) -> RequestCounter:
        events = db.client().meta.events
        events.register("after-call.dynamodb", self._after)
        return self

    def __exit__(self, *_: Any) -> None:
        db.client().meta.events.unregister("after-call.dynamodb", self._after)

    def _after(self, http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        self.requests[model.name] += 1
        self.items += len(parsed.get("Items", []))
        self.items += sum(len(v) for v in parsed.get("Responses", {}).values()) if isinstance(
            parsed.get("Responses"), dict) else 0


def _bulk_people(count: int, prefix: str, org_id: str, designation_id: str) -> list[dict[str, Any]]:
    people = []
    with db.table().batch_writer() as batch:
        for n in range(count):
            user_id = f"{prefix}-{n:03d}"
            item = profiles.profile_item(user_id=user_id, employee_id=f"E{prefix}{n}", name=f"{prefix} {n:03d}",
                                         email=f"{user_id}@dopt.gov.in", mobile=f"+91990000{n:04d}", org_id=org_id,
                                         designation_id=designation_id, designation=designation_id, roles=["PUBLIC"])
            batch.put_item(Item=item)
            for token in people_index.person_token_items(item):
                batch.put_item(Item=token)
            people.append(item)
    return people


def _bulk_connect(pairs: list[tuple[str, str]]) -> None:
    now = clock.now_iso()
    with db.table().batch_writer() as batch:
        for a, b in pairs:
            connection_id = keys.new_id()
            batch.put_item(Item=repository._edge(a, b, connection_id, "ESTABLISHED", "SENT", now))
            batch.put_item(Item=repository._edge(b, a, connection_id, "ESTABLISHED", "RECEIVED", now))


def test_reads_are_bounded_for_a_large_network(person):
    me = person("Meera Joshi", competencies=["c-drafting"])
    colleagues = _bulk_people(60, "colleague", "dopt", "section-officer")  # same org and designation
    friends = _bulk_people(15, "friend", "mof", "under-secretary")
    friends_of_friends = _bulk_people(8, "fof", "mopp", "under-secretary")  # + me: 9 ≤ 10 read per friend
    _bulk_connect([(me["userId"], f["userId"]) for f in friends])
    _bulk_connect([(f["userId"], x["userId"]) for f in friends for x in friends_of_friends])
    me_client = client(me)
    with RequestCounter() as counter:
        response = me_client.get("/people/recommended", query={"limit": 50})
    assert response.status == 200
    items = response.json()["items"]
    # Colleagues of colleagues first: each friend-of-friends is reached through the 10 friends read.
    assert [p["mutualConnections"] for p in items[:8]] == [10] * 8
    assert {p["userId"] for p in items[:8]} == {x["userId"] for x in friends_of_friends}
    assert len(items) == 8 + 30  # plus the sample of 30 colleagues out of 60
    assert all(p["reasons"] == ["SAME_ORG_AND_DESIGNATION"] for p in items[8:])
    assert not {p["userId"] for p in items} & {f["userId"] for f in friends}
    assert len({p["userId"] for p in items[8:]} & {c["userId"] for c in colleagues}) == 30
    # Another call samples from another random point (the same number, maybe other people).
    again = me_client.get("/people/recommended", query={"limit": 50}).json()["items"]
    assert len(again) == 38
    # Bounded: profile (1) + org+designation sample (≤2) + competency sample (≤2) + my connections (1) +
    # 10 friends' connections (10) + relation lookups and profiles of ≤100 candidates (batches) + org names.
    assert counter.requests["Query"] <= 16, counter.requests
    assert counter.requests["BatchGetItem"] <= 6, counter.requests
    assert counter.requests["Scan"] == 0
    assert counter.items <= 31 + 21 + 10 + 10 * 10 + 3 * 100 + 100 + 10


def test_a_user_without_a_competency_profile_or_network_gets_same_org_colleagues(person):
    me = person("Meera Joshi")
    colleague = person("Alice Thomas")
    person("Other Org", org_id="mof")
    found = _recommended(me)
    assert list(found) == ["Alice Thomas"]
    assert found["Alice Thomas"]["userId"] == colleague["userId"]


def test_caller_without_a_profile_is_refused(resources):
    response = client({"claims": claims_for("ghost", "ghost", ["PUBLIC"])}).get("/people/recommended")
    assert response.status == 403
    assert response.json()["error"]["code"] == "PROFILE_MISSING"
