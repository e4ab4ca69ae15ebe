"""Concurrency through the in-process gateway (a container per in-flight request, moto's writes atomic as
DynamoDB's): threads race for seats, votes, one version and one Idempotency-Key, and the outcome is
exact."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from functions.learning import repository
from tests import factories
from tests.security import world as W

pytestmark = pytest.mark.xdist_group("reliability-concurrency")


@pytest.fixture(scope="module")
def world() -> Iterator[W.World]:
    for _ in W.module_platform():
        yield W.build_world()


def race(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls at once (released together by a barrier); their results in order."""
    results: list[Any] = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = calls[index]()
        except Exception as error:  # surfaced by the assertions
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not [t for t in threads if t.is_alive()], "a call did not finish within 120 s"
    return results


def test_50_parallel_enrolments_on_10_seats_enrol_exactly_10(world):
    admin = world.users["admin"]
    batch = W.ok(W.client(admin).post(f"/courses/{world.ids['courseId']}/batches", W.batch_body(10)), 201)
    learners = [factories.create_user(org_id="dopt") for _ in range(50)]
    responses = race([
        (lambda user=user: W.client(user).post(f"/courses/{world.ids['courseId']}/enrolments",
                                               {"batchId": batch["id"]}))
        for user in learners
    ])
    assert [r.status for r in responses] == [202] * 50, [getattr(r, "body", r) for r in responses if r.status != 202]
    W.workflows_idle(timeout=120)
    statuses = Counter(
        W.ok(W.client(user).get(f"/enrolments/{r.json()['enrolmentId']}"), 200)["status"]
        for user, r in zip(learners, responses, strict=True)
    )
    assert statuses == {"ENROLLED": 10, "WAITLISTED": 40}, statuses
    item = repository.get_batch(world.ids["courseId"], batch["id"], consistent=True)
    assert item is not None
    assert repository.seats_taken([item], consistent=True) == {batch["id"]: 10}  # the sum of its seat shards


def test_50_parallel_votes_give_the_exact_score(world):
    moderator = world.users["moderator"]
    community = W.ok(W.client(moderator).post("/communities", {
        "name": "Voting Booth", "description": "Votes", "visibility": "open"}), 201)
    topic = W.ok(W.client(moderator).post(f"/communities/{community['id']}/topics",
                                          {"title": "Vote on me", "body": "Please", "tags": []}), 201)
    voters = [factories.create_user(org_id="dopt") for _ in range(50)]
    for voter in voters:
        W.ok(W.client(voter).post(f"/communities/{community['id']}/join"), 200)
    values = [1] * 35 + [-1] * 15
    responses = race([
        (lambda voter=voter, value=value: W.client(voter).post(f"/posts/{topic['id']}/vote", {"value": value}))
        for voter, value in zip(voters, values, strict=True)
    ])
    assert [r.status for r in responses] == [200] * 50, [r.body[:120] for r in responses if r.status != 200]
    detail = W.ok(W.client(moderator).get(f"/topics/{topic['id']}"), 200)
    assert detail["score"] == 35 - 15
    # and withdrawing them all at once brings it back to exactly zero
    responses = race([(lambda voter=voter: W.client(voter).post(f"/posts/{topic['id']}/vote", {"value": 0}))
                      for voter in voters])
    assert [r.status for r in responses] == [200] * 50
    assert W.ok(W.client(moderator).get(f"/topics/{topic['id']}"), 200)["score"] == 0


def test_20_parallel_profile_patches_with_one_version_one_wins_the_rest_409(world):
    user = world.users["other_learner"]
    version = W.ok(W.client(user).get("/me"), 200)["version"]
    responses = race([
        (lambda n=n: W.client(user).patch("/me", {"version": version, "name": f"Rahul Verma {n:02d}"}))
        for n in range(20)
    ])
    statuses = Counter(r.status for r in responses)
    assert statuses == {200: 1, 409: 19}, statuses
    assert {r.json()["error"]["code"] for r in responses if r.status == 409} == {"VERSION_CONFLICT"}
    winner = next(r for r in responses if r.status == 200).json()
    me = W.ok(W.client(user).get("/me"), 200)
    assert me["version"] == version + 1
    assert me["name"] == (winner.get("profile") or winner)["name"]


def _listed(user: dict[str, Any], path: str, title: str) -> int:
    """How many items of a list (every page) carry `title` as their title or name."""
    found, cursor = 0, None
    while True:
        page = W.ok(W.client(user).get(path, query={"limit": 100, **({"cursor": cursor} if cursor else {})}), 200)
        found += sum(1 for item in page["items"] if title in (item.get("title"), item.get("name")))
        cursor = page["nextCursor"]
        if not cursor:
            return found


@pytest.mark.parametrize("target", ["topic", "event", "opening", "community"])
def test_10_parallel_creates_with_one_idempotency_key_make_one_resource(world, target):
    title = f"Idempotent {target}"
    if target == "topic":
        user, path = world.users["learner"], f"/communities/{world.ids['communityId']}/topics"
        body: dict[str, Any] = {"title": title, "body": "Once", "tags": []}
    elif target == "event":
        user, path, body = world.users["admin"], "/events", W.event_body(title)
    elif target == "opening":
        from datetime import timedelta

        from karmayogi.platform import clock

        user, path = world.users["admin"], "/career/openings"
        body = {"title": title, "description": "Once", "location": "New Delhi",
                "closingDate": (clock.now() + timedelta(days=20)).date().isoformat(), "requiredCompetencies": []}
    else:
        user, path, body = world.users["moderator"], "/communities", {"name": title, "description": "Once",
                                                                      "visibility": "open"}
    key = f"race-{target}-0001"
    responses = race([(lambda: W.client(user).post(path, body, headers={"Idempotency-Key": key}))
                      for _ in range(10)])
    created = [r for r in responses if 200 <= r.status < 300]
    assert created, [r.body[:200] for r in responses]
    assert len({r.json()["id"] for r in created}) == 1, "one key, one resource"
    for r in responses:
        if not 200 <= r.status < 300:  # a replay that arrives while the first is running waits or is told so
            assert r.status == 409 and r.json()["error"]["code"], r.body[:200]
    # a later replay returns the same resource
    again = W.client(user).post(path, body, headers={"Idempotency-Key": key})
    assert again.status in (200, 201) and again.json()["id"] == created[0].json()["id"]
    list_path = {"topic": path, "event": "/events", "opening": "/career/openings", "community": "/communities"}
    assert _listed(user, list_path[target], title) == 1
