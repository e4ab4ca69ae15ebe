"""Progress, assessments, completion: owner-only and idempotent progress, completion over mandatory
contents, answers that never leave the server, the retake limit, exactly one certificate under
concurrent final updates, karma and the leaderboard."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from functions.learning import progress, repository
from karmayogi.platform import clock, db, keys
from local import aws
from tests import factories
from tests.conftest import ApiClient
from tests.learning.conftest import batch, course_body, enrol, live_course, wait_for

RIGHT = {"x1": ["a"], "x2": ["c", "a"]}
HALF = {"x1": ["a"], "x2": ["a"]}
WRONG = {"x1": ["b"]}


def client(user):
    return ApiClient(user["claims"])


def declared_body(**options: Any) -> dict[str, Any]:
    """The fixture course with c1 a link: progress declared by PUT (a video's is counted from heartbeats,
    tests/learning/test_heartbeats.py)."""
    body = course_body(**options)
    body["modules"][0]["contents"][0]["type"] = "link"
    return body


@pytest.fixture
def enrolled(workflow):
    """A learner ENROLLED in a fresh course (3 mandatory contents c1, c2, q1 and an optional c3)."""
    course = live_course(declared_body())
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
    course = live_course(declared_body(quiz=False))
    b = batch(course["id"])
    learner = factories.create_user()
    me = client(learner)
    enrolment_id = enrol(me, course["id"], b["id"])
    wait_for(me, enrolment_id, "ENROLLED")
    me.put(f"/enrolments/{enrolment_id}/progress", {"contentId": "c1", "status": "completed"})
    # the last mandatory content completed by 8 requests at once (several devices, retries)
    barrier = threading.Barrier(8)

    def finish() -> dict[str, Any]:
        barrier.wait(timeout=60)
        response = me.put(f"/enrolments/{enrolment_id}/progress", {"contentId": "c2", "status": "completed"})
        assert response.status == 200, response.body
        return response.json()

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(finish) for _ in range(8)]
    results = [future.result() for future in futures]  # re-raises a request's failure here
    assert len(results) == 8
    assert {r["status"] for r in results} == {"COMPLETED"}
    assert len({r["certificateId"] for r in results}) == 1
    assert len(me.get("/me/certificates").json()["items"]) == 1
    karma = me.get("/me/karma").json()
    assert karma["total"] == 5 and [e["reason"] for e in karma["ledger"]] == ["COURSE_COMPLETED"]


def test_completion_race_on_the_service_level(workflow):
    """Two completion attempts of the same 100% enrolment: the second finds it COMPLETED."""
    course = live_course(declared_body(quiz=False))
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
    course = live_course(declared_body(quiz=False))
    b = batch(course["id"], seats=5)
    people = [factories.create_user(org_id="mof") for _ in range(3)]
    for position, person in enumerate(people):
        me = client(person)
        enrolment_id = enrol(me, course["id"], b["id"])
        wait_for(me, enrolment_id, "ENROLLED")
        if position < 2:
            for content in ("c1", "c2"):
                me.put(f"/enrolments/{enrolment_id}/progress", {"contentId": content, "status": "completed"})
    from karmayogi.domain import karma

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


# ---- the completing attempt: two reads, one transaction; the follow-up off the request ------------------------

class DynamoCalls:
    """The DynamoDB operations this thread's requests make (a before-call hook on the handlers' client)."""

    def __init__(self) -> None:
        self.thread = threading.get_ident()
        self.operations: list[str] = []

    def __call__(self, model: Any = None, **_: Any) -> None:
        if threading.get_ident() == self.thread:
            self.operations.append(model.name)

    def __enter__(self) -> DynamoCalls:
        db.client().meta.events.register("before-call.dynamodb", self, unique_id="learning-count")
        return self

    def __exit__(self, *_: Any) -> None:
        db.client().meta.events.unregister("before-call.dynamodb", unique_id="learning-count")


def followed_up(enrolment_id: str, timeout: float = 20.0) -> dict[str, Any]:
    """Wait for the workflow's CompletionFollowUp step to mark the enrolment's follow-up done."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        enrolment = repository.get_enrolment(enrolment_id, consistent=True)
        if enrolment and enrolment.get("followUpDone"):
            return enrolment
        time.sleep(0.05)
    raise AssertionError(f"the completion follow-up of {enrolment_id} never ran")


def test_a_completing_attempt_is_two_reads_and_one_transaction_and_the_follow_up_runs_in_the_workflow(enrolled):
    cid, me, learner = enrolled["course"]["id"], enrolled["me"], enrolled["learner"]
    user_id = learner["userId"]
    factories.seed_directory()
    admin = client(factories.create_user("MDO_ADMIN", org_id="dopt"))
    due = (clock.now() + timedelta(days=30)).date().isoformat()
    plan = admin.post("/orgs/dopt/plans", {"name": "Noting", "courseIds": [cid], "dueDate": due,
                                           "assignTo": {"designations": [], "userIds": [user_id]}})
    assert plan.status == 201, plan.body
    published = admin.post(f"/orgs/dopt/plans/{plan.json()['id']}/publish", {"version": plan.json()["version"]})
    assert published.status == 200, published.body
    put(enrolled, "c1")
    put(enrolled, "c2")
    with DynamoCalls() as calls:
        passed = me.post(f"/courses/{cid}/assessments/q1/attempts", {"answers": RIGHT})
    assert passed.status == 200, passed.body
    assert (passed.json()["enrolmentStatus"], passed.json()["completionPercentage"]) == ("COMPLETED", 100)
    assert sorted(calls.operations) == ["BatchGetItem", "GetItem", "TransactWriteItems"]
    # in that one transaction: certificate, karma, the completion record, the passbook entry, the in-app notice
    enrolment = repository.get_enrolment(enrolled["id"], consistent=True)
    certificate_id = enrolment["certificateId"]
    assert repository.get_certificate(certificate_id)["courseId"] == cid
    assert db.get(*keys.completed_course_key(user_id, cid))["certificateId"] == certificate_id
    assert db.get(*keys.passbook_entry_key(user_id, "c-noting", "course", certificate_id))["level"] == 2
    assert me.get("/me/karma").json()["total"] == 10
    notices = me.get("/me/notifications").json()["items"]
    assert [n["link"] for n in notices if n["link"].startswith("/certificates/")] == [f"/certificates/{certificate_id}"]
    # after it, off the request: the summary, and the plan's progress (the workflow's follow-up step)
    assert followed_up(enrolled["id"])["status"] == "COMPLETED"
    assert db.get(*keys.competency_summary_key(user_id))["levels"] == {"c-noting": 2}
    progress_item = db.get(*keys.plan_progress_key(user_id, plan.json()["id"]), consistent=True)
    assert progress_item["courseIds"] == [cid]
    assert me.get("/me/karma").json()["total"] == 20  # + PLAN_COURSE_ON_TIME, once


def test_a_follow_up_that_could_not_start_is_started_by_the_next_progress_write(enrolled, monkeypatch):
    from functions.learning import orchestrator

    cid, me, user_id = enrolled["course"]["id"], enrolled["me"], enrolled["learner"]["userId"]
    put(enrolled, "c1")
    put(enrolled, "c2")
    real_start = orchestrator.start

    def unavailable(*_: Any, **__: Any) -> None:
        raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "injected"}}, "StartExecution")

    monkeypatch.setattr(orchestrator, "start", unavailable)
    passed = me.post(f"/courses/{cid}/assessments/q1/attempts", {"answers": RIGHT})
    assert (passed.status, passed.json()["enrolmentStatus"]) == (200, "COMPLETED")  # the completion stands
    time.sleep(0.5)
    assert not repository.get_enrolment(enrolled["id"], consistent=True).get("followUpDone")
    assert db.get(*keys.competency_summary_key(user_id)) is None
    monkeypatch.setattr(orchestrator, "start", real_start)
    assert put(enrolled, "c3").json()["status"] == "COMPLETED"
    followed_up(enrolled["id"])
    assert db.get(*keys.competency_summary_key(user_id))["levels"] == {"c-noting": 2}


def test_an_attempt_racing_a_progress_write_changes_nothing_and_its_retry_completes(enrolled, monkeypatch):
    cid, me = enrolled["course"]["id"], enrolled["me"]
    put(enrolled, "c1")
    put(enrolled, "c2")
    real = repository.record_attempt
    raced = []

    def after_a_progress_write(*args: Any, **kwargs: Any) -> None:
        if not raced:  # the learner's other device writes progress between the attempt's read and its write
            raced.append(put(enrolled, "c3").status)
        real(*args, **kwargs)

    monkeypatch.setattr(repository, "record_attempt", after_a_progress_write)
    refused = me.post(f"/courses/{cid}/assessments/q1/attempts", {"answers": RIGHT})
    assert (refused.status, refused.json()["error"]["code"]) == (409, "ENROLMENT_CHANGED")
    assert raced == [200]
    assert me.get(f"/courses/{cid}/assessments/q1").json()["attemptsUsed"] == 0  # nothing written
    assert me.get(f"/enrolments/{enrolled['id']}").json()["status"] == "ENROLLED"
    retried = me.post(f"/courses/{cid}/assessments/q1/attempts", {"answers": RIGHT}).json()
    assert (retried["attempt"], retried["enrolmentStatus"]) == (1, "COMPLETED")
    assert len(me.get("/me/certificates").json()["items"]) == 1
    followed_up(enrolled["id"])


class FailingCall(DynamoCalls):
    """Fail this thread's `fail_at`-th DynamoDB call (as a throttled DynamoDB would answer it)."""

    def __init__(self, fail_at: int) -> None:
        super().__init__()
        self.fail_at = fail_at

    def __call__(self, model: Any = None, **_: Any) -> None:
        super().__call__(model)
        if threading.get_ident() == self.thread and len(self.operations) == self.fail_at:
            raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "injected"},
                               "ResponseMetadata": {"HTTPStatusCode": 400}}, model.name)


def test_a_completing_attempt_failing_on_any_dynamodb_call_writes_nothing_and_its_retry_completes(enrolled):
    cid, me, user_id = enrolled["course"]["id"], enrolled["me"], enrolled["learner"]["userId"]
    put(enrolled, "c1")
    put(enrolled, "c2")
    for fail_at in (1, 2, 3):
        with FailingCall(fail_at) as fault:
            response = me.post(f"/courses/{cid}/assessments/q1/attempts", {"answers": RIGHT})
        assert response.status == 503 and int(response.headers["Retry-After"]) >= 1, (fail_at, fault.operations)
        assert me.get(f"/courses/{cid}/assessments/q1").json()["attemptsUsed"] == 0
        enrolment = repository.get_enrolment(enrolled["id"], consistent=True)
        assert (enrolment["status"], enrolment.get("certificateId")) == ("ENROLLED", None)
        assert me.get("/me/karma").json()["total"] == 0
        assert db.get(*keys.completed_course_key(user_id, cid)) is None
    done = me.post(f"/courses/{cid}/assessments/q1/attempts", {"answers": RIGHT}).json()
    assert (done["attempt"], done["enrolmentStatus"]) == (1, "COMPLETED")
    followed_up(enrolled["id"])
