"""Openings and applications: posted by an org's MDO_ADMIN, applied for once per learner before the
closing date, reviewed by the posting org with each applicant's readiness, status moved
APPLIED → SHORTLISTED → SELECTED (or REJECTED) with the applicant notified at each step."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

from karmayogi.domain import passbook
from karmayogi.domain.passbook import PassbookEntry
from karmayogi.platform import clock, db, keys
from local import aws
from tests.conftest import ApiClient

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def client(user: dict[str, Any]) -> ApiClient:
    return ApiClient(user["claims"])


def opening(**overrides: Any) -> dict[str, Any]:
    body = {"title": "Under Secretary (Training), deputation", "description": "Coordinate training plans.",
            "location": "North Block, New Delhi", "closingDate": "2026-06-30",
            "requiredCompetencies": [{"competencyId": "c-noting-drafting", "level": 4},
                                     {"competencyId": "c-integrity", "level": 2}]}
    body.update(overrides)
    return body


def post(world, **overrides: Any) -> dict[str, Any]:
    response = client(world.admin).post("/career/openings", opening(**overrides))
    assert response.status == 201, response.json()
    created: dict[str, Any] = response.json()
    return created


def test_who_may_post_and_what_is_stored(world, api):
    clock.set_now(NOW)
    for user in (world.learner, world.leader, world.spv):
        assert client(user).post("/career/openings", opening()).status == 403, user["roles"]
    assert api.post("/career/openings", opening()).status == 401
    created = post(world)
    assert created["orgId"] == "dopt"  # the admin's org, whatever the body says
    assert created["status"] == "OPEN" and created["closingAt"] == "2026-06-30T18:29:59+00:00"
    assert created["requiredCompetencies"] == [
        {"competencyId": "c-noting-drafting", "name": "Noting and Drafting", "level": 4},
        {"competencyId": "c-integrity", "name": "Integrity", "level": 2}]
    assert client(world.other_learner).get(f"/career/openings/{created['id']}").json() == created
    assert client(world.learner).get("/career/openings/nothing").status == 404
    theirs = client(world.other_admin).post("/career/openings", opening(title="Deputy Secretary, Budget")).json()
    assert theirs["orgId"] == "mof"


def test_invalid_openings_are_400(world):
    clock.set_now(NOW)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"closingDate": "2026-05-31"}, "CLOSING_DATE_PASSED"),
        ({"closingDate": "tomorrow"}, "VALIDATION_ERROR"),
        ({"requiredCompetencies": [{"competencyId": "c-telepathy", "level": 2}]}, "UNKNOWN_COMPETENCY"),
        ({"requiredCompetencies": [{"competencyId": "c-integrity", "level": 7}]}, "VALIDATION_ERROR"),
        ({"requiredCompetencies": [{"competencyId": "c-integrity", "level": 2}] * 2}, "VALIDATION_ERROR"),
        ({"title": ""}, "VALIDATION_ERROR"),
        ({"orgId": "mof"}, "VALIDATION_ERROR"),
        ({"description": "x" * 10_001}, "VALIDATION_ERROR"),
    ]
    for overrides, code in cases:
        response = client(world.admin).post("/career/openings", opening(**overrides))
        assert response.status == 400, overrides
        assert response.json()["error"]["code"] == code, overrides


def test_open_openings_are_listed_soonest_closing_first(world):
    clock.set_now(NOW)
    later = post(world, title="Closes later", closingDate="2026-07-31")
    sooner = post(world, title="Closes sooner", closingDate="2026-06-10")
    learner = client(world.learner)
    assert [o["id"] for o in learner.get("/career/openings").json()["items"]] == [sooner["id"], later["id"]]
    clock.set_now(datetime(2026, 6, 15, tzinfo=UTC))
    assert [o["id"] for o in learner.get("/career/openings").json()["items"]] == [later["id"]]
    by_org = learner.get("/career/openings", query={"orgId": "dopt"}).json()["items"]
    assert [(o["id"], o["status"]) for o in by_org] == [(sooner["id"], "CLOSED"), (later["id"], "OPEN")]
    first = learner.get("/career/openings", query={"orgId": "dopt", "limit": 1}).json()
    assert first["nextCursor"] and learner.get("/career/openings", query={"cursor": first["nextCursor"]}).status == 400


def test_apply_once_before_closing(world, api):
    clock.set_now(NOW)
    created = post(world, closingDate="2026-06-10")
    url = f"/career/openings/{created['id']}/applications"
    applied = client(world.learner).post(url)
    assert applied.status == 201
    application = applied.json()
    assert (application["status"], application["orgId"], application["userId"], application["openingTitle"]) == (
        "APPLIED", "dopt", world.learner["userId"], created["title"])
    again = client(world.learner).post(url)
    assert again.status == 409 and again.json()["error"]["code"] == "ALREADY_APPLIED"
    assert client(world.other_learner).post(url).status == 201  # officers of any org may apply
    assert client(world.learner).post("/career/openings/nothing/applications").status == 404
    assert api.post(url).status == 401
    clock.set_now(datetime(2026, 6, 11, tzinfo=UTC))
    closed = client(world.colleague).post(url)
    assert closed.status == 409 and closed.json()["error"]["code"] == "OPENING_CLOSED"
    mine = client(world.learner).get("/me/applications").json()
    assert [a["id"] for a in mine["items"]] == [application["id"]]
    assert client(world.colleague).get("/me/applications").json()["items"] == []
    # The applicant was told, in the app and by email.
    assert db.get(*keys.unread_counter_key(world.learner["userId"]))["unread"] == 1  # type: ignore[index]
    assert [m["subject"] for m in aws.sent_messages(world.learner["email"])] == [
        f"Application received: {created['title']}"]


def test_a_learner_racing_themselves_applies_exactly_once(world):
    clock.set_now(NOW)
    created = post(world)
    url = f"/career/openings/{created['id']}/applications"
    statuses: list[int] = []
    barrier = threading.Barrier(6)

    def apply() -> None:
        barrier.wait()
        statuses.append(client(world.learner).post(url).status)

    threads = [threading.Thread(target=apply) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201, 409, 409, 409, 409, 409]
    assert len(client(world.admin).get(url).json()["items"]) == 1


def test_the_posting_org_reviews_applications_with_readiness(world):
    clock.set_now(NOW)
    created = post(world)
    url = f"/career/openings/{created['id']}/applications"
    passbook.record_competencies(world.learner["userId"], [PassbookEntry("c-noting-drafting", 3, "course", "c1"),
                                                           PassbookEntry("c-integrity", 2, "self", "profile")])
    client(world.learner).post(url)
    client(world.colleague).post(url)
    for user, status in [(world.learner, 403), (world.leader, 403), (world.other_admin, 403),
                         (world.admin, 200), (world.spv, 200)]:
        assert client(user).get(url).status == status, user["roles"]
    items = client(world.admin).get(url).json()["items"]
    assert [(a["userId"], a["readiness"]["readinessPercent"]) for a in items] == [
        (world.learner["userId"], 88),   # (3/4 + 2/2) / 2 = 87.5 → 88
        (world.colleague["userId"], 0)]
    assert items[0]["readiness"]["gaps"] == [{"competencyId": "c-noting-drafting", "name": "Noting and Drafting",
                                              "requiredLevel": 4, "currentLevel": 3}]
    assert items[0]["applicantName"] == world.learner["name"]
    assert client(world.admin).get("/career/openings/nothing/applications").status == 404


def test_status_moves_forward_only_and_the_applicant_is_told(world):
    clock.set_now(NOW)
    created = post(world)
    application = client(world.learner).post(f"/career/openings/{created['id']}/applications").json()
    url = f"/career/applications/{application['id']}/status"
    for user in (world.learner, world.other_admin, world.leader):
        assert client(user).post(url, {"status": "SHORTLISTED"}).status == 403
    skip = client(world.admin).post(url, {"status": "SELECTED"})
    assert skip.status == 409 and skip.json()["error"]["code"] == "INVALID_TRANSITION"
    assert client(world.admin).post(url, {"status": "APPLIED"}).status == 400
    assert client(world.admin).post(url, {"status": "HIRED"}).status == 400
    shortlisted = client(world.admin).post(url, {"status": "SHORTLISTED", "version": 1})
    assert shortlisted.status == 200 and shortlisted.json()["status"] == "SHORTLISTED"
    stale = client(world.admin).post(url, {"status": "SELECTED", "version": 1})
    assert stale.status == 409 and stale.json()["error"]["code"] == "VERSION_CONFLICT"
    selected = client(world.spv).post(url, {"status": "SELECTED"})
    assert selected.status == 200 and selected.json()["status"] == "SELECTED"
    final = client(world.admin).post(url, {"status": "REJECTED"})
    assert final.status == 409 and final.json()["error"]["code"] == "INVALID_TRANSITION"
    assert client(world.admin).post("/career/applications/nothing/status", {"status": "REJECTED"}).status == 404
    assert client(world.learner).get("/me/applications").json()["items"][0]["status"] == "SELECTED"
    subjects = [m["subject"] for m in aws.sent_messages(world.learner["email"])]
    assert subjects == [f"Application received: {created['title']}", f"Shortlisted: {created['title']}",
                        f"Selected: {created['title']}"]
    assert db.get(*keys.unread_counter_key(world.learner["userId"]))["unread"] == 3  # type: ignore[index]
    # Rejection from APPLIED, in Hindi when the applicant prefers it.
    db.table().update_item(Key={"PK": keys.user_pk(world.colleague["userId"]), "SK": keys.PROFILE_SK},
                           UpdateExpression="SET #l = :hi", ExpressionAttributeNames={"#l": "language"},
                           ExpressionAttributeValues={":hi": "hi"})
    other = client(world.colleague).post(f"/career/openings/{created['id']}/applications").json()
    rejected = client(world.admin).post(f"/career/applications/{other['id']}/status", {"status": "REJECTED"})
    assert rejected.status == 200
    assert aws.sent_messages(world.colleague["email"])[-1]["subject"] == f"आवेदन की स्थिति: {created['title']}"


def test_creates_are_idempotent_with_a_key(world):
    clock.set_now(NOW)
    key = {"Idempotency-Key": "opening-1"}
    first = client(world.admin).post("/career/openings", opening(), headers=key)
    again = client(world.admin).post("/career/openings", opening(), headers=key)
    assert first.status == again.status == 201 and first.json() == again.json()
    assert len(client(world.learner).get("/career/openings").json()["items"]) == 1
    url = f"/career/openings/{first.json()['id']}/applications"
    applied = client(world.learner).post(url, headers={"Idempotency-Key": "apply-1"})
    retried = client(world.learner).post(url, headers={"Idempotency-Key": "apply-1"})
    assert applied.status == retried.status == 201 and applied.json() == retried.json()
    assert client(world.learner).post(url).status == 409


def test_request_budgets_of_applying_reviewing_and_deciding(world):
    """Issue 8: applying reads the profile and the opening in one request and stores the application with
    the applicant's in-app notice in one transaction; the review reads the page, then the opening with the
    applicants' summaries; a decision reads the application and the applicant's profile (the notice's
    name, the email's address) and writes one transaction."""
    from collections import Counter

    from tests.competency.support import counting

    clock.set_now(NOW)
    created = post(world)
    with counting() as calls:
        applied = client(world.learner).post(f"/career/openings/{created['id']}/applications")
    assert applied.status == 201 and calls == Counter({"BatchGetItem": 1, "TransactWriteItems": 1})
    assert db.get(*keys.unread_counter_key(world.learner["userId"]))["unread"] == 1
    with counting() as calls:
        listed = client(world.admin).get(f"/career/openings/{created['id']}/applications")
    assert listed.status == 200 and calls == Counter({"Query": 1, "BatchGetItem": 1})
    with counting() as calls:
        moved = client(world.admin).post(f"/career/applications/{applied.json()['id']}/status",
                                         {"status": "SHORTLISTED", "version": 1})
    assert moved.status == 200 and calls == Counter({"GetItem": 2, "TransactWriteItems": 1})
    assert db.get(*keys.unread_counter_key(world.learner["userId"]))["unread"] == 2
    assert client(world.other_admin).get(f"/career/openings/{created['id']}/applications").status == 403
    assert client(world.admin).get("/career/openings/nope/applications").status == 404
