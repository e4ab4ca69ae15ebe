"""Enrolment through the real Step Functions workflow (moto executes the same definition as CDK): open
batch, approval (approve, reject, expire, withdraw), waitlist and promotion, every refusal code, the
seat counter under a race, compensation and retries."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from functions.learning import enrolments, repository
from karmayogi.platform import clock
from local import approvals, aws
from tests import factories
from tests.conftest import ApiClient
from tests.learning.conftest import batch, enrol, live_course, taken, wait_for, wait_mail


def client(user):
    return ApiClient(user["claims"])


@pytest.fixture
def course(workflow):
    return live_course()


def test_open_batch_enrols_and_notifies(course):
    b = batch(course["id"], seats=5)
    learner = factories.create_user()
    me = client(learner)
    enrolment_id = enrol(me, course["id"], b["id"])

    done = wait_for(me, enrolment_id, "ENROLLED")
    assert done["courseId"] == course["id"] and done["batchId"] == b["id"]
    assert taken(b) == 1
    mine = me.get("/me/enrolments").json()["items"]
    assert [e["id"] for e in mine] == [enrolment_id]
    mail = wait_mail(learner["email"], f"You are enrolled: {course['title']}")
    assert [m["subject"] for m in mail] == [f"You are enrolled: {course['title']}"]
    assert repository.course_counts(course["id"]) == {"enrolments": 1, "completions": 0}


def test_hindi_notifications_follow_accept_language(course):
    b = batch(course["id"])
    learner = factories.create_user()
    response = client(learner).post(f"/courses/{course['id']}/enrolments", {"batchId": b["id"]},
                                    headers={"Accept-Language": "hi"})
    wait_for(client(learner), response.json()["enrolmentId"], "ENROLLED")
    mail = wait_mail(learner["email"], f"आपका नामांकन हो गया: {course['title']}")
    assert [m["subject"] for m in mail] == [f"आपका नामांकन हो गया: {course['title']}"]


def test_refusals_in_order_with_their_codes(course):
    learner = factories.create_user()
    me = client(learner)
    today = clock.now()

    # no such batch
    response = me.post(f"/courses/{course['id']}/enrolments", {"batchId": "nope"})
    assert (response.status, response.json()["error"]["code"]) == (404, "BATCH_NOT_FOUND")
    # no such course
    response = me.post("/courses/nope/enrolments", {"batchId": "nope"})
    assert (response.status, response.json()["error"]["code"]) == (404, "COURSE_NOT_FOUND")
    # batch has ended
    ended = batch(course["id"], start_in=-30, days=10, enrol_days=-25)
    response = me.post(f"/courses/{course['id']}/enrolments", {"batchId": ended["id"]})
    assert (response.status, response.json()["error"]["code"]) == (409, "BATCH_CLOSED")
    # enrolment window has closed, the batch still runs
    late = batch(course["id"], start_in=-5, days=30, enrol_days=-1)
    response = me.post(f"/courses/{course['id']}/enrolments", {"batchId": late["id"]})
    assert (response.status, response.json()["error"]["code"]) == (409, "ENROLMENT_CLOSED")
    # enrolment not open yet: the same batch, seen a day before it opened
    clock.set_now(today - timedelta(days=40))
    response = me.post(f"/courses/{course['id']}/enrolments", {"batchId": late["id"]})
    clock.reset()
    assert (response.status, response.json()["error"]["code"]) == (409, "BATCH_CLOSED")
    # already enrolled (in another batch of the same course, too)
    first, second = batch(course["id"]), batch(course["id"])
    enrolment_id = enrol(me, course["id"], first["id"])
    for target in (first, second):
        response = me.post(f"/courses/{course['id']}/enrolments", {"batchId": target["id"]})
        assert (response.status, response.json()["error"]["code"]) == (409, "ALREADY_ENROLLED")
    wait_for(me, enrolment_id, "ENROLLED")
    # a batch restricted to another org
    other_org = batch(course["id"], org_id="mof")
    response = client(factories.create_user()).post(f"/courses/{course['id']}/enrolments",
                                                    {"batchId": other_org["id"]})
    assert (response.status, response.json()["error"]["code"]) == (403, "BATCH_RESTRICTED")


def test_bad_enrolment_bodies_are_400(course):
    me = client(factories.create_user())
    for body in ({}, {"batchId": ""}, {"batchId": 5}, {"batchId": "b", "extra": 1}, {"batchId": "a/b"}):
        response = me.post(f"/courses/{course['id']}/enrolments", body)
        assert response.status == 400, body
        assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    response = me.post(f"/courses/{course['id']}/enrolments", raw_body="{not json")
    assert response.status == 400
    assert ApiClient().post(f"/courses/{course['id']}/enrolments", {"batchId": "x"}).status == 401


def test_idempotency_key_starts_one_enrolment(course):
    b = batch(course["id"])
    me = client(factories.create_user())
    headers = {"Idempotency-Key": "enrol-once"}
    first = me.post(f"/courses/{course['id']}/enrolments", {"batchId": b["id"]}, headers=headers)
    again = me.post(f"/courses/{course['id']}/enrolments", {"batchId": b["id"]}, headers=headers)
    assert first.status == again.status == 202
    assert first.json() == again.json()
    wait_for(me, first.json()["enrolmentId"], "ENROLLED")
    assert len(me.get("/me/enrolments").json()["items"]) == 1


def test_approval_batch_approved(course):
    b = batch(course["id"], seats=3, requires_approval=True)
    learner = factories.create_user(org_id="dopt")
    admin = factories.create_user("MDO_ADMIN", org_id="dopt")
    me = client(learner)
    enrolment_id = enrol(me, course["id"], b["id"])
    pending = wait_for(me, enrolment_id, "PENDING_APPROVAL")
    assert "taskToken" not in pending
    assert taken(b) == 1  # the seat is held while waiting

    listed = client(admin).get("/orgs/dopt/enrolments", query={"status": "PENDING_APPROVAL"}).json()["items"]
    assert [e["enrolmentId"] for e in listed] == [enrolment_id]
    assert listed[0]["learnerName"] == learner["name"]

    # who may not decide: the learner, another learner, an admin of another org
    assert me.post(f"/enrolments/{enrolment_id}/approve").status == 403
    assert client(factories.create_user()).post(f"/enrolments/{enrolment_id}/approve").status == 403
    other_admin = factories.create_user("MDO_ADMIN", org_id="mof")
    assert client(other_admin).post(f"/enrolments/{enrolment_id}/approve").status == 403
    assert client(other_admin).get("/orgs/dopt/enrolments").status == 403

    response = client(admin).post(f"/enrolments/{enrolment_id}/approve")
    assert response.status == 200, response.body
    done = wait_for(me, enrolment_id, "ENROLLED")
    assert done["status"] == "ENROLLED"
    assert client(admin).get("/orgs/dopt/enrolments").json()["items"] == []
    # deciding again is refused: it is no longer pending
    again = client(admin).post(f"/enrolments/{enrolment_id}/reject", {"reason": "late"})
    assert (again.status, again.json()["error"]["code"]) == (409, "NOT_PENDING_APPROVAL")
    subjects = [m["subject"] for m in wait_mail(learner["email"], f"You are enrolled: {course['title']}")]
    assert subjects == [f"Your enrolment awaits approval: {course['title']}", f"You are enrolled: {course['title']}"]
    # the org admin may read the learner's enrolment; the admin of another org may not
    assert client(admin).get(f"/enrolments/{enrolment_id}").status == 200
    assert client(other_admin).get(f"/enrolments/{enrolment_id}").status == 404


def test_approval_batch_rejected_releases_the_seat(course):
    b = batch(course["id"], seats=1, requires_approval=True)
    learner = factories.create_user()
    coordinator = factories.create_user("PROGRAM_COORDINATOR")
    me = client(learner)
    enrolment_id = enrol(me, course["id"], b["id"])
    wait_for(me, enrolment_id, "PENDING_APPROVAL")
    response = client(coordinator).post(f"/enrolments/{enrolment_id}/reject", {"reason": "Not in this year's plan"})
    assert response.status == 200, response.body

    done = wait_for(me, enrolment_id, "REJECTED")
    assert done["reason"] == "Not in this year's plan"
    assert taken(b) == 0
    mail = wait_mail(learner["email"], f"Your enrolment was not accepted: {course['title']}")
    assert mail[-1]["subject"] == f"Your enrolment was not accepted: {course['title']}"
    assert "Not in this year's plan" in mail[-1]["body"]
    # the guard is gone: the learner may ask again
    assert me.post(f"/courses/{course['id']}/enrolments", {"batchId": b["id"]}).status == 202


def test_on_the_dev_clock_an_approval_expires_when_the_clock_passes_its_deadline(workflow):
    """The dev server's stand-in for the 14-day task timeout (local/approvals.py): moving the platform clock
    past a request's deadline takes it down the workflow's Expired path; a request still in time stays.
    (Other tests' requests share this platform, so the counts are of at least ours.)"""
    factories.seed_directory()  # the orgs whose pending requests it looks at, as on the dev server
    course = live_course()
    b = batch(course["id"], seats=2, requires_approval=True)
    early, late = factories.create_user(), factories.create_user()
    early_id = enrol(client(early), course["id"], b["id"])
    wait_for(client(early), early_id, "PENDING_APPROVAL")
    clock.set_now(clock.now() + timedelta(days=3))
    late_id = enrol(client(late), course["id"], b["id"])
    wait_for(client(late), late_id, "PENDING_APPROVAL")
    approvals.expire_due()
    assert client(early).get(f"/enrolments/{early_id}").json()["status"] == "PENDING_APPROVAL"

    clock.set_now(clock.now() + timedelta(days=11, minutes=1))  # 14 days after the first request only
    assert approvals.expire_due() >= 1
    assert wait_for(client(early), early_id, "EXPIRED", timeout=15)["reason"] == "EXPIRED"
    assert client(late).get(f"/enrolments/{late_id}").json()["status"] == "PENDING_APPROVAL"
    assert taken(b) == 1
    expired = f"Your enrolment request expired: {course['title']}"
    assert wait_mail(early["email"], expired)[-1]["subject"] == expired
    approvals.expire_due()  # an expired request is not expired twice, a request in time stays
    assert client(early).get(f"/enrolments/{early_id}").json()["status"] == "EXPIRED"
    assert client(late).get(f"/enrolments/{late_id}").json()["status"] == "PENDING_APPROVAL"
    assert [m["subject"] for m in aws.sent_messages(early["email"])].count(expired) == 1


def test_approval_expires_and_releases_the_seat(short_approval):
    course = live_course()
    b = batch(course["id"], seats=1, requires_approval=True)
    learner = factories.create_user()
    me = client(learner)
    enrolment_id = enrol(me, course["id"], b["id"])
    wait_for(me, enrolment_id, "PENDING_APPROVAL")
    done = wait_for(me, enrolment_id, "EXPIRED", timeout=15)
    assert done["reason"] == "EXPIRED"
    assert taken(b) == 0
    expired = f"Your enrolment request expired: {course['title']}"
    assert wait_mail(learner["email"], expired)[-1]["subject"] == expired
    admin = factories.create_user("MDO_ADMIN")
    late = client(admin).post(f"/enrolments/{enrolment_id}/approve")
    assert (late.status, late.json()["error"]["code"]) == (409, "NOT_PENDING_APPROVAL")


def test_withdrawing_a_pending_request(course):
    b = batch(course["id"], seats=1, requires_approval=True)
    me = client(factories.create_user())
    enrolment_id = enrol(me, course["id"], b["id"])
    wait_for(me, enrolment_id, "PENDING_APPROVAL")
    assert me.delete(f"/enrolments/{enrolment_id}").status == 204
    assert wait_for(me, enrolment_id, "WITHDRAWN")["status"] == "WITHDRAWN"
    assert taken(b) == 0


def test_waitlist_and_promotion_when_a_learner_leaves(course):
    b = batch(course["id"], seats=1)
    first, second, third = (factories.create_user() for _ in range(3))
    first_id = enrol(client(first), course["id"], b["id"])
    wait_for(client(first), first_id, "ENROLLED")
    second_id = enrol(client(second), course["id"], b["id"])
    waiting = wait_for(client(second), second_id, "WAITLISTED")
    assert waiting["reason"] == "NO_SEATS"
    third_id = enrol(client(third), course["id"], b["id"])
    wait_for(client(third), third_id, "WAITLISTED")
    waiting_subject = f"You are on the waiting list: {course['title']}"
    assert wait_mail(second["email"], waiting_subject)[-1]["subject"] == waiting_subject

    # someone else cannot make the learner leave
    assert client(second).delete(f"/enrolments/{first_id}").status == 404
    assert client(first).delete(f"/enrolments/{first_id}").status == 204
    assert client(first).get(f"/enrolments/{first_id}").json()["status"] == "WITHDRAWN"
    promoted = client(second).get(f"/enrolments/{second_id}").json()
    assert promoted["status"] == "ENROLLED"  # in the same transaction: no polling needed
    assert promoted["reason"] == "PROMOTED_FROM_WAITLIST"
    assert client(third).get(f"/enrolments/{third_id}").json()["status"] == "WAITLISTED"
    assert taken(b) == 1
    assert aws.sent_messages(second["email"])[-1]["subject"] == f"You are enrolled: {course['title']}"

    # leaving the waitlist frees nothing; leaving twice is refused
    assert client(third).delete(f"/enrolments/{third_id}").status == 204
    again = client(third).delete(f"/enrolments/{third_id}")
    assert (again.status, again.json()["error"]["code"]) == (409, "ENROLMENT_NOT_ACTIVE")
    assert client(second).delete(f"/enrolments/{second_id}").status == 204
    assert taken(b) == 0


def test_promotion_into_an_approval_batch_waits_for_approval(course):
    b = batch(course["id"], seats=1, requires_approval=True)
    admin = client(factories.create_user("MDO_ADMIN"))
    first, second = factories.create_user(), factories.create_user()
    first_id = enrol(client(first), course["id"], b["id"])
    wait_for(client(first), first_id, "PENDING_APPROVAL")
    second_id = enrol(client(second), course["id"], b["id"])
    wait_for(client(second), second_id, "WAITLISTED")

    assert admin.post(f"/enrolments/{first_id}/reject").status == 200
    wait_for(client(first), first_id, "REJECTED")
    # the released seat went to the waitlisted learner, whose approval the workflow now awaits
    wait_for(client(second), second_id, "PENDING_APPROVAL")
    assert taken(b) == 1
    assert admin.post(f"/enrolments/{second_id}/approve").status == 200
    wait_for(client(second), second_id, "ENROLLED")


def test_thirty_learners_race_for_ten_seats(course):
    b = batch(course["id"], seats=10)
    learners = [factories.create_user() for _ in range(30)]
    ids: dict[str, str] = {}
    barrier = threading.Barrier(30)

    def request(user):
        barrier.wait()
        response = client(user).post(f"/courses/{course['id']}/enrolments", {"batchId": b["id"]})
        assert response.status == 202, response.body
        ids[user["userId"]] = response.json()["enrolmentId"]

    threads = [threading.Thread(target=request, args=(u,)) for u in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(ids) == 30
    final = [wait_for(client(u), ids[u["userId"]], "ENROLLED", "WAITLISTED", timeout=60) for u in learners]
    statuses = [e["status"] for e in final]
    assert statuses.count("ENROLLED") == 10
    assert statuses.count("WAITLISTED") == 20
    assert all(e["reason"] == "NO_SEATS" for e in final if e["status"] == "WAITLISTED")
    assert taken(b) == 10
    assert repository.course_counts(course["id"])["enrolments"] == 10


def _shards(b):
    from karmayogi.platform import db, keys

    items = db.batch_get([keys.batch_seat_key(b["id"], n) for n in range(b["seatShards"])], consistent=True)
    return {int(i["shard"]): (int(i["taken"]), int(i["seats"])) for i in items}


def test_a_batch_splits_its_seats_over_shards_and_every_seat_is_found(course):
    """5 seats over 4 shards (2+1+1+1): learners whose first shard is full take a seat of another one;
    only when every shard is full is the next learner waitlisted; a freed seat goes back to its shard."""
    assert [batch(course["id"], seats=n)["seatShards"] for n in (1, 3, 4, 500)] == [1, 3, 4, 4]
    b = batch(course["id"], seats=5)
    assert _shards(b) == {0: (0, 2), 1: (0, 1), 2: (0, 1), 3: (0, 1)}
    learners = [factories.create_user() for _ in range(6)]
    ids = []
    for learner in learners[:5]:
        ids.append(enrol(client(learner), course["id"], b["id"]))
        wait_for(client(learner), ids[-1], "ENROLLED")
    assert _shards(b) == {0: (2, 2), 1: (1, 1), 2: (1, 1), 3: (1, 1)}
    last = enrol(client(learners[5]), course["id"], b["id"])
    assert wait_for(client(learners[5]), last, "WAITLISTED")["reason"] == "NO_SEATS"
    shard_of = {e: repository.get_enrolment(e)["seatShard"] for e in ids}

    # the first leaver's seat passes (with its shard) to the waitlisted learner
    assert client(learners[0]).delete(f"/enrolments/{ids[0]}").status == 204
    promoted = repository.get_enrolment(last)
    assert (promoted["status"], promoted["seatShard"]) == ("ENROLLED", shard_of[ids[0]])
    # the next leaver's seat goes back to its own shard
    assert client(learners[1]).delete(f"/enrolments/{ids[1]}").status == 204
    shards = _shards(b)
    assert shards[shard_of[ids[1]]][0] == shards[shard_of[ids[1]]][1] - 1
    assert sum(t for t, _ in shards.values()) == taken(b) == 4
    listed = client(learners[2]).get(f"/courses/{course['id']}/batches").json()["items"]
    assert [(x["seats"], x["seatsTaken"]) for x in listed if x["id"] == b["id"]] == [(5, 4)]


def test_a_failing_step_is_compensated(course, monkeypatch):
    b = batch(course["id"], seats=2)
    me = client(factories.create_user())

    def broken(*args, **kwargs):
        raise RuntimeError("the seat step broke")

    monkeypatch.setattr(enrolments, "step_confirm", broken)
    monkeypatch.setattr(repository, "await_approval", broken)
    approval = batch(course["id"], seats=2, requires_approval=True)
    enrolment_id = enrol(me, course["id"], approval["id"])
    failed = wait_for(me, enrolment_id, "FAILED", timeout=30)
    assert failed["reason"] == "FAILED"
    assert taken(approval) == 0  # the held seat was released
    # the guard was released too: the learner can enrol in another batch
    monkeypatch.undo()
    wait_for(me, enrol(me, course["id"], b["id"]), "ENROLLED")


def test_transient_failures_are_retried(course, monkeypatch):
    b = batch(course["id"], seats=2)
    me = client(factories.create_user())
    real = repository.reserve_ops
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            from karmayogi.platform.errors import unavailable

            raise unavailable()
        return real(*args, **kwargs)

    monkeypatch.setattr(repository, "reserve_ops", flaky)
    enrolment_id = enrol(me, course["id"], b["id"])
    assert wait_for(me, enrolment_id, "ENROLLED", timeout=30)["status"] == "ENROLLED"
    assert calls["n"] == 2


def test_the_workflow_rechecks_the_window(course):
    """Between the API's check and the workflow's, enrolment closed: the workflow refuses."""
    b = batch(course["id"], enrol_days=0)
    learner = factories.create_user()
    profile = repository.get_course(course["id"])
    enrolment = enrolments._new_enrolment(
        __import__("karmayogi.platform.identity", fromlist=["Caller"]).Caller(learner["userId"], learner["userId"],
                                                                     frozenset({"PUBLIC"})),
        learner, profile, b, "en")
    clock.set_now(clock.now() + timedelta(days=2))
    try:
        assert enrolments.step_check(enrolment["id"]) == {"decision": "REFUSED"}
    finally:
        clock.reset()
    stored = repository.get_enrolment(enrolment["id"])
    assert (stored["status"], stored["reason"]) == ("REJECTED", "ENROLMENT_CLOSED")
    assert repository.get_active_enrolment(learner["userId"], course["id"]) is None
    # a retried step changes nothing
    assert enrolments.step_check(enrolment["id"]) == {"decision": "DONE"}


def test_steps_are_idempotent(course):
    b = batch(course["id"], seats=5)
    me = client(factories.create_user())
    enrolment_id = enrol(me, course["id"], b["id"])
    wait_for(me, enrolment_id, "ENROLLED")
    assert enrolments.step_reserve_seat(enrolment_id) == {"seat": "ENROLLED"}
    assert enrolments.step_release_seat(enrolment_id, "FAILED") == {"status": "ENROLLED"}
    assert taken(b) == 1


def test_reading_enrolments(course):
    b = batch(course["id"])
    learner = factories.create_user()
    enrolment_id = enrol(client(learner), course["id"], b["id"])
    wait_for(client(learner), enrolment_id, "ENROLLED")
    assert client(factories.create_user()).get(f"/enrolments/{enrolment_id}").status == 404
    assert client(factories.create_user("SPV_ADMIN", org_id="mof")).get(f"/enrolments/{enrolment_id}").status == 200
    assert client(learner).get("/enrolments/unknown").status == 404
    assert client(learner).get("/me/enrolments", query={"limit": 0}).status == 400
    assert client(learner).get("/me/enrolments", query={"cursor": "forged"}).json()["error"]["code"] == "INVALID_CURSOR"
