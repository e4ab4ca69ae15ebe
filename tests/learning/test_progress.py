"""Progress, assessments, completion: owner-only and idempotent progress, completion over mandatory
contents, answers that never leave the server, the retake limit, exactly one certificate under
concurrent final updates, karma and the leaderboard."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from functions.learning import progress, repository
from karmayogi import db, keys
from local import aws
from tests import factories
from tests.conftest import ApiClient
from tests.learning.conftest import batch, course_body, enrol, live_course, wait_for

RIGHT = {"x1": ["a"], "x2": ["c", "a"]}
HALF = {"x1": ["a"], "x2": ["a"]}
WRONG = {"x1": ["b"]}


def client(user):
    return ApiClient(user["claims"])


@pytest.fixture
def enrolled(workflow):
    """A learner ENROLLED in a fresh course (3 mandatory contents c1, c2, q1 and an optional c3)."""
    course = live_course()
    b = batch(course["id"], seats=5)
    learner = factories.create_user(org_id="dopt")
    me = client(learner)
    enrolment_id = enrol(me, course["id"], b["id"])
    wait_for(me, enrolment_id, "ENROLLED")
    return {"course": course, "batch": b, "learner": learner, "me": me, "id": enrolment_id}


def put(e, content_id, status="completed", percent=100, who=None):
    return (who or e["me"]).put(f"/enrolments/{e['id']}/progress",
                                {"contentId": content_id, "status": status, "progressPercent": percent})


def keys_in(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | set().union(*(keys_in(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(keys_in(v) for v in value)) if value else set()
    return set()


def test_progress_is_counted_over_mandatory_contents_once(enrolled):
    response = put(enrolled, "c1", "in_progress", 40)
    assert response.json() == {"enrolmentId": enrolled["id"], "completionPercentage": 0, "status": "ENROLLED",
                               "lastContentId": "c1", "certificateId": None}
    assert put(enrolled, "c1").json()["completionPercentage"] == 33
    assert put(enrolled, "c1").json()["completionPercentage"] == 33  # completing twice counts once
    assert put(enrolled, "c3").json()["completionPercentage"] == 33  # optional content
    view = put(enrolled, "c2", "in_progress", 10).json()
    assert (view["completionPercentage"], view["lastContentId"]) == (33, "c2")  # resume here
    assert put(enrolled, "c2").json()["completionPercentage"] == 66
    stored = enrolled["me"].get(f"/enrolments/{enrolled['id']}").json()
    assert (stored["completionPercentage"], stored["lastContentId"]) == (66, "c2")
    assert stored["completedContentIds"] == ["c1", "c2", "c3"]


def test_only_the_owner_writes_progress(enrolled):
    stranger = client(factories.create_user())
    response = put(enrolled, "c1", who=stranger)
    assert (response.status, response.json()["error"]["code"]) == (404, "ENROLMENT_NOT_FOUND")
    admin = client(factories.create_user("MDO_ADMIN", org_id="dopt"))
    assert put(enrolled, "c1", who=admin).status == 404
    assert repository.get_enrolment(enrolled["id"])["contentProgress"] == {}
    unknown = put(enrolled, "nope")
    assert (unknown.status, unknown.json()["error"]["code"]) == (404, "CONTENT_NOT_FOUND")
    missing = enrolled["me"].put("/enrolments/nope/progress", {"contentId": "c1", "status": "completed"})
    assert missing.status == 404
    for body in ({"contentId": "c1", "status": "done"}, {"contentId": "c1", "status": "completed", "progressPercent": 101},
                 {"status": "completed"}, {"contentId": "c1", "status": "completed", "extra": True}):
        assert enrolled["me"].put(f"/enrolments/{enrolled['id']}/progress", body).status == 400, body


def test_assessment_never_shows_answers(enrolled):
    cid = enrolled["course"]["id"]
    response = enrolled["me"].get(f"/courses/{cid}/assessments/q1")
    assert response.status == 200
    body = response.json()
    assert "correct" not in keys_in(body)
    assert b"correct" not in response.body
    assert [q["id"] for q in body["questions"]] == ["x1", "x2"]
    assert (body["passPercent"], body["maxAttempts"], body["attemptsUsed"]) == (60, 2, 0)
    # nor in the course, nor after an attempt
    assert b"correct" not in enrolled["me"].get(f"/courses/{cid}").body
    attempt = enrolled["me"].post(f"/courses/{cid}/assessments/q1/attempts", {"answers": HALF})
    assert "correct" not in keys_in(attempt.json())
    assert b'"correct' not in enrolled["me"].get(f"/courses/{cid}/assessments/q1").body


def test_assessment_needs_an_active_enrolment(enrolled):
    cid = enrolled["course"]["id"]
    outsider = client(factories.create_user())
    response = outsider.get(f"/courses/{cid}/assessments/q1")
    assert (response.status, response.json()["error"]["code"]) == (403, "NOT_ENROLLED")
    assert outsider.post(f"/courses/{cid}/assessments/q1/attempts", {"answers": RIGHT}).status == 403
    assert enrolled["me"].get(f"/courses/{cid}/assessments/c1").status == 404  # not a quiz


def test_attempts_scored_best_kept_and_limited(enrolled):
    cid = enrolled["course"]["id"]
    me = enrolled["me"]
    first = me.post(f"/courses/{cid}/assessments/q1/attempts", {"answers": HALF}).json()
    assert (first["scorePercent"], first["passed"], first["attemptsRemaining"]) == (50, False, 1)
    assert first["completionPercentage"] == 0
    second = me.post(f"/courses/{cid}/assessments/q1/attempts", {"answers": WRONG}).json()
    assert (second["scorePercent"], second["bestScorePercent"], second["attemptsRemaining"]) == (0, 50, 0)
    third = me.post(f"/courses/{cid}/assessments/q1/attempts", {"answers": RIGHT})
    assert (third.status, third.json()["error"]["code"]) == (409, "ATTEMPTS_EXHAUSTED")
    view = me.get(f"/courses/{cid}/assessments/q1").json()
    assert (view["attemptsUsed"], view["bestScorePercent"], view["passed"]) == (2, 50, False)


def test_invalid_answers_are_400(enrolled):
    cid = enrolled["course"]["id"]
    me = enrolled["me"]
    for answers, code in (({"nope": ["a"]}, "UNKNOWN_QUESTION"), ({"x1": ["z"]}, "INVALID_ANSWER"),
                          ({"x1": ["a", "b"]}, "INVALID_ANSWER")):
        response = me.post(f"/courses/{cid}/assessments/q1/attempts", {"answers": answers})
        assert (response.status, response.json()["error"]["code"]) == (400, code), answers
    assert me.post(f"/courses/{cid}/assessments/q1/attempts", {"answers": {"x1": "a"}}).status == 400
    assert me.post(f"/courses/{cid}/assessments/q1/attempts", {}).status == 400
    # none of those used an attempt
    assert me.get(f"/courses/{cid}/assessments/q1").json()["attemptsUsed"] == 0


def test_completion_issues_one_certificate_with_karma_and_passbook(enrolled):
    cid, me, learner = enrolled["course"]["id"], enrolled["me"], enrolled["learner"]
    put(enrolled, "c1")
    put(enrolled, "c2")
    passed = me.post(f"/courses/{cid}/assessments/q1/attempts", {"answers": RIGHT}).json()
    assert (passed["passed"], passed["completionPercentage"], passed["enrolmentStatus"]) == (True, 100, "COMPLETED")

    enrolment = me.get(f"/enrolments/{enrolled['id']}").json()
    assert enrolment["status"] == "COMPLETED" and enrolment["certificateId"]
    certificate_id = enrolment["certificateId"]
    assert len(certificate_id) == 32
    public = ApiClient().get(f"/certificates/{certificate_id}")  # anyone, without a token
    assert public.status == 200
    assert public.json()["learnerName"] == learner["name"]
    assert public.json()["courseTitle"] == enrolled["course"]["title"]
    assert public.json()["issuedAt"]
    assert ApiClient().get("/certificates/" + "0" * 32).status == 404
    assert [c["id"] for c in me.get("/me/certificates").json()["items"]] == [certificate_id]

    karma = me.get("/me/karma").json()
    assert karma["total"] == 10
    assert sorted((e["reason"], e["points"]) for e in karma["ledger"]) == [("ASSESSMENT_PASSED", 5),
                                                                         ("COURSE_COMPLETED", 5)]
    passbook = db.get(*keys.passbook_entry_key(learner["userId"], "c-noting", "course", certificate_id))
    assert passbook is not None and passbook["level"] == 2
    mail = aws.sent_messages(learner["email"])
    assert mail[-1]["subject"] == f"Certificate: {enrolled['course']['title']}"
    assert certificate_id in mail[-1]["body"]
    # more progress after completion changes nothing
    again = put(enrolled, "c1").json()
    assert (again["status"], again["certificateId"]) == ("COMPLETED", certificate_id)
    assert me.get("/me/karma").json()["total"] == 10
    assert repository.course_counts(cid) == {"enrolments": 1, "completions": 1}
    # the learner cannot enrol in the completed course again
    other = batch(cid)
    response = me.post(f"/courses/{cid}/enrolments", {"batchId": other["id"]})
    assert (response.status, response.json()["error"]["code"]) == (409, "ALREADY_ENROLLED")


def test_concurrent_final_updates_issue_one_certificate(workflow):
    course = live_course(course_body(quiz=False))
    b = batch(course["id"])
    learner = factories.create_user()
    me = client(learner)
    enrolment_id = enrol(me, course["id"], b["id"])
    wait_for(me, enrolment_id, "ENROLLED")
    me.put(f"/enrolments/{enrolment_id}/progress", {"contentId": "c1", "status": "completed"})
    # the last mandatory content completed by 8 requests at once (several devices, retries)
    barrier = threading.Barrier(8)
    results: list[dict[str, Any]] = []

    def finish():
        barrier.wait()
        response = me.put(f"/enrolments/{enrolment_id}/progress", {"contentId": "c2", "status": "completed"})
        assert response.status == 200, response.body
        results.append(response.json())

    threads = [threading.Thread(target=finish) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {r["status"] for r in results} == {"COMPLETED"}
    assert len({r["certificateId"] for r in results}) == 1
    assert len(me.get("/me/certificates").json()["items"]) == 1
    karma = me.get("/me/karma").json()
    assert karma["total"] == 5 and [e["reason"] for e in karma["ledger"]] == ["COURSE_COMPLETED"]


def test_completion_race_on_the_service_level(workflow):
    """Two completion attempts of the same 100% enrolment: the second finds it COMPLETED."""
    course = live_course(course_body(quiz=False))
    b = batch(course["id"])
    learner = factories.create_user()
    me = client(learner)
    enrolment_id = enrol(me, course["id"], b["id"])
    wait_for(me, enrolment_id, "ENROLLED")
    for content in ("c1", "c2"):
        repository.record_progress(enrolment_id, learner["userId"], content, True, 100, "2026-01-01T00:00:00+00:00")
    snapshot = repository.get_enrolment(enrolment_id, consistent=True)
    first = progress.finish_if_complete(snapshot)
    second = progress.finish_if_complete(snapshot)  # the stale view still says ENROLLED
    assert first["certificateId"] == second["certificateId"]


def test_leaderboard_of_an_org(workflow):
    course = live_course(course_body(quiz=False))
    b = batch(course["id"], seats=5)
    people = [factories.create_user(org_id="mof") for _ in range(3)]
    for position, person in enumerate(people):
        me = client(person)
        enrolment_id = enrol(me, course["id"], b["id"])
        wait_for(me, enrolment_id, "ENROLLED")
        if position < 2:
            for content in ("c1", "c2"):
                me.put(f"/enrolments/{enrolment_id}/progress", {"contentId": content, "status": "completed"})
    from karmayogi import karma

    karma.credit(people[1]["userId"], "mof", "EVENT_ATTENDED", "event-1")
    board = client(people[2]).get("/orgs/mof/leaderboard").json()
    assert [(row["rank"], row["userId"], row["points"]) for row in board["items"]] == [
        (1, people[1]["userId"], 10), (2, people[0]["userId"], 5)]
    assert board["items"][0]["name"] == people[1]["name"]
    assert client(people[2]).get("/orgs/mof/leaderboard", query={"month": "2001-01"}).json()["items"] == []
    bad = client(people[2]).get("/orgs/mof/leaderboard", query={"month": "2026-13"})
    assert (bad.status, bad.json()["error"]["code"]) == (400, "INVALID_MONTH")
    assert client(factories.create_user(org_id="dopt")).get("/orgs/mof/leaderboard").status == 403
    assert client(factories.create_user("SPV_ADMIN", org_id="dopt")).get("/orgs/mof/leaderboard").status == 200
