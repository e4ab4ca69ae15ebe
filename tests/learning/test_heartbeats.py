"""Verified progress from heartbeats: plausible sessions complete a video exactly at 90 % of the measured
duration, a pdf at its last page and a scorm package at lesson_status completed — and only then is the
certificate issued; forged heartbeats are 4xx and leave the enrolment item exactly as it was; PUT progress
is refused for media contents; a heartbeat after the first costs one read and one write."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest

from functions.learning import coverage, repository, scorm
from karmayogi.platform import clock, db, keys
from tests import factories
from tests.conftest import ApiClient
from tests.learning.conftest import batch, enrol, live_course, wait_for
from tests.request_budget import counting

DURATION = 100  # seconds, as the processor measured the video
PAGES = 3


def course_body() -> dict[str, Any]:
    return {
        "title": "Verified learning", "description": "Media contents", "language": "en",
        "competencies": [{"competencyId": "c-noting", "level": 2}],
        "modules": [{"id": "m1", "title": "Module one", "contents": [
            {"id": "v1", "title": "Talk", "type": "video", "durationMinutes": 2},
            {"id": "p1", "title": "Manual", "type": "pdf", "durationMinutes": 5},
            {"id": "s1", "title": "Package", "type": "scorm", "durationMinutes": 5},
            {"id": "a1", "title": "Podcast", "type": "audio", "durationMinutes": 2, "mandatory": False},
            {"id": "l1", "title": "Reading", "type": "link", "durationMinutes": 5, "mandatory": False,
             "url": "https://example.gov.in/read"},
        ]}],
    }


def ready(content_id: str, **facts: Any) -> dict[str, Any]:
    prefix = f"media/x/{content_id}/u-{content_id}/"
    return {"status": "READY", "uploadId": f"u-{content_id}", "mediaType": "video/mp4", "sizeBytes": 1000,
            "readyAt": clock.now_iso(), "prefix": prefix, "key": prefix + "source", "playKey": prefix + "source",
            **facts}


@pytest.fixture
def learning(workflow):
    """A learner ENROLLED in a Live course whose video (100 s), pdf (3 pages) and scorm are READY; the
    audio has no file yet."""
    course = live_course(course_body())
    stored = repository.get_course(course["id"], consistent=True)
    assert stored is not None
    repository.set_media(stored, {}, {"v1": ready("v1", durationSeconds=DURATION), "p1": ready("p1", pageCount=PAGES),
                                      "s1": ready("s1", launchPath="index.html")}, clock.now_iso())
    b = batch(course["id"], seats=5)
    learner = factories.create_user(org_id="dopt")
    me = ApiClient(learner["claims"])
    enrolment_id = enrol(me, course["id"], b["id"])
    wait_for(me, enrolment_id, "ENROLLED")
    return {"course": course, "me": me, "id": enrolment_id, "learner": learner}


def beat(e: dict[str, Any], content_id: str, body: dict[str, Any], who: ApiClient | None = None) -> Any:
    return (who or e["me"]).post(f"/enrolments/{e['id']}/contents/{content_id}/heartbeats", body)


def video(session: str, seq: int, ranges: list[list[float]], position: float | None = None, **extra: Any) -> dict[str, Any]:
    return {"sessionId": session, "seq": seq, "position": position if position is not None else
            (ranges[-1][1] if ranges else 0), "ranges": ranges, **extra}


def later(seconds: float) -> None:
    clock.set_now(clock.now() + timedelta(seconds=seconds))


def stored_item(enrolment_id: str) -> dict[str, Any]:
    """The enrolment item as DynamoDB holds it (no conversion)."""
    pk, sk = keys.enrolment_key(enrolment_id)
    return db.table().get_item(Key={"PK": pk, "SK": sk}, ConsistentRead=True)["Item"]


def ok(response: Any) -> dict[str, Any]:
    assert response.status == 200, response.body
    return response.json()


def enrolment(enrolment_id: str) -> dict[str, Any]:
    item = repository.get_enrolment(enrolment_id, consistent=True)
    assert item is not None
    return item


def refused(response: Any, status: int, code: str, reason: str | None = None) -> None:
    assert response.status == status, response.body
    error = response.json()["error"]
    assert error["code"] == code, error
    if reason:
        assert error["details"]["reason"] == reason, error


def test_plausible_sessions_complete_each_content_at_its_threshold_and_only_then_the_certificate(learning):
    e = learning
    # video: 60 s at the session's start (within its first allowance), then 29 s at 2x in 15 s: 89 %
    assert ok(beat(e, "v1", video("desk", 1, [[0, 60]]))) == {"coveredPercent": 60, "completed": False}
    later(15)
    assert ok(beat(e, "v1", video("desk", 2, [[60, 89]]))) == {"coveredPercent": 89, "completed": False}
    later(1)
    assert ok(beat(e, "v1", video("desk", 3, [[89, 90]]))) == {"coveredPercent": 90, "completed": True}
    # pdf: two pages, then the last
    assert ok(beat(e, "p1", {"sessionId": "pdf", "seq": 1, "pages": [1, 2]})) == {"coveredPercent": 66,
                                                                                   "completed": False}
    later(2)
    assert ok(beat(e, "p1", {"sessionId": "pdf", "seq": 2, "pages": [2]}))["completed"] is False
    later(2)
    assert ok(beat(e, "p1", {"sessionId": "pdf", "seq": 3, "pages": [3]})) == {"coveredPercent": 100,
                                                                                "completed": True}
    # scorm: incomplete (with suspend data), then completed — the last mandatory content
    assert ok(beat(e, "s1", {"sessionId": "sco", "seq": 1, "cmi": {
        "cmi.core.lesson_status": "incomplete", "cmi.suspend_data": "page=4", "cmi.core.lesson_location": "p4",
        "cmi.core.session_time": "0000:01:30.00", "cmi.core.score.raw": "40"}}))["completed"] is False
    assert ok(e["me"].get("/me/certificates"))["items"] == []
    assert ok(e["me"].get(f"/enrolments/{e['id']}"))["status"] == "ENROLLED"
    later(5)
    assert ok(beat(e, "s1", {"sessionId": "sco", "seq": 2, "cmi": {"core": {"lesson_status": "completed"}}})) == {
        "coveredPercent": 100, "completed": True}
    view = ok(e["me"].get(f"/enrolments/{e['id']}"))
    assert view["status"] == "COMPLETED" and view["certificateId"]
    certificates = ok(e["me"].get("/me/certificates"))["items"]
    assert [c["id"] for c in certificates] == [view["certificateId"]]
    contents = {c["contentId"]: c for c in view["contents"]}
    assert contents["v1"] == {"contentId": "v1", "coveredPercent": 90, "completed": True, "resume": {"position": 90}}
    assert contents["p1"]["resume"] == {"page": 3}
    assert contents["s1"]["resume"] == {"suspendData": "page=4", "lessonLocation": "p4"}
    assert contents["a1"] == {"contentId": "a1", "coveredPercent": 0, "completed": False, "resume": None}
    assert view["nextContentId"] == "a1"  # the optional audio and link are still open
    # a completed enrolment still records where the learner is; no second certificate
    later(10)
    assert ok(beat(e, "v1", video("desk", 4, [[0, 10]], position=10)))["completed"] is True
    assert coverage.resume_of(enrolment(e["id"]), "v1") == {"position": 10}
    assert len(ok(e["me"].get("/me/certificates"))["items"]) == 1


def test_get_enrolment_shows_coverage_resume_and_where_to_continue(learning):
    e = learning
    first = ok(e["me"].get(f"/enrolments/{e['id']}"))
    assert first["nextContentId"] == "v1"
    ok(beat(e, "v1", video("phone", 1, [[0, 30]], position=30)))
    item = enrolment(e["id"])
    assert coverage.resume_of(item, "v1") == {"position": 30}
    assert coverage.resume_of(item, "p1") is None
    view = ok(e["me"].get(f"/enrolments/{e['id']}"))
    assert view["nextContentId"] == "v1"  # unfinished: continue there
    assert view["contents"][0] == {"contentId": "v1", "coveredPercent": 30, "completed": False,
                                   "resume": {"position": 30}}


def test_put_progress_is_refused_for_media_contents_and_kept_for_links(learning):
    e = learning
    for content_id in ("v1", "p1", "s1", "a1"):
        refused(e["me"].put(f"/enrolments/{e['id']}/progress", {"contentId": content_id, "status": "completed"}),
                409, "PROGRESS_NOT_DECLARABLE")
    assert ok(e["me"].put(f"/enrolments/{e['id']}/progress", {"contentId": "l1", "status": "completed"}))
    assert "v1" not in (enrolment(e["id"]).get("completedContents") or ())


def test_an_enrolment_made_before_media_contents_were_told_apart_is_refused_too(learning):
    e = learning
    pk, sk = keys.enrolment_key(e["id"])
    db.table().update_item(Key={"PK": pk, "SK": sk}, UpdateExpression="REMOVE mediaContentIds")
    refused(e["me"].put(f"/enrolments/{e['id']}/progress", {"contentId": "v1", "status": "completed"}),
            409, "PROGRESS_NOT_DECLARABLE")
    assert enrolment(e["id"])["mediaContentIds"] == ["v1", "p1", "s1", "a1"]


def test_forged_heartbeats_are_refused_and_change_nothing(learning):
    e = learning
    ok(beat(e, "v1", video("desk", 1, [[0, 20]])))
    ok(beat(e, "p1", {"sessionId": "pdf", "seq": 1, "pages": [1]}))
    ok(beat(e, "s1", {"sessionId": "sco", "seq": 1, "cmi": {"cmi.core.lesson_status": "incomplete"}}))
    later(10)
    before = stored_item(e["id"])
    other_course = live_course(course_body())
    stranger = ApiClient(factories.create_user(org_id="dopt")["claims"])
    forged = [
        (beat(e, "v1", video("desk", 2, [[20, 80]])), 400, "IMPLAUSIBLE_PROGRESS", "FASTER_THAN_2X"),
        (beat(e, "v1", video("desk", 1, [[20, 30]])), 400, "IMPLAUSIBLE_PROGRESS", "REPLAYED_SEQ"),
        (beat(e, "v1", video("desk", 2, [[-5, 10]])), 400, "IMPLAUSIBLE_PROGRESS", "BAD_RANGE"),
        (beat(e, "v1", video("desk", 2, [[10, float("nan")]], position=10)), 400, "IMPLAUSIBLE_PROGRESS", "BAD_RANGE"),
        (beat(e, "v1", video("desk", 2, [[10, float("inf")]], position=10)), 400, "IMPLAUSIBLE_PROGRESS", "BAD_RANGE"),
        (beat(e, "v1", video("desk", 2, [[30, 20]])), 400, "IMPLAUSIBLE_PROGRESS", "BAD_RANGE"),
        (beat(e, "v1", video("desk", 2, [[95, 102]], position=99)), 400, "IMPLAUSIBLE_PROGRESS", "BAD_RANGE"),
        (beat(e, "v1", video("desk", 2, [[20, 30]], position=float("nan"))), 400, "IMPLAUSIBLE_PROGRESS",
         "BAD_POSITION"),
        (beat(e, "v1", video("desk", 2, [[20, 30]], at=(clock.now() + timedelta(minutes=5)).isoformat())), 400,
         "IMPLAUSIBLE_PROGRESS", "FUTURE_TIMESTAMP"),
        (beat(e, "v1", video("desk", 2, [[20, 30]], at=(clock.now() - timedelta(minutes=5)).isoformat())), 400,
         "IMPLAUSIBLE_PROGRESS", "TIME_WENT_BACK"),
        (beat(e, "p1", {"sessionId": "pdf", "seq": 2, "pages": [4]}), 400, "IMPLAUSIBLE_PROGRESS", "PAGE_OUT_OF_RANGE"),
        (beat(e, "p1", {"sessionId": "pdf", "seq": 2, "pages": [0]}), 400, "IMPLAUSIBLE_PROGRESS", "PAGE_OUT_OF_RANGE"),
        (beat(e, "p1", {"sessionId": "pdf", "seq": 2, "position": 3, "ranges": []}), 400, "HEARTBEAT_MISMATCH", None),
        (beat(e, "s1", {"sessionId": "sco", "seq": 2, "cmi": {"cmi.core.lesson_status": "finished"}}), 400,
         "INVALID_CMI", None),
        (beat(e, "s1", {"sessionId": "sco", "seq": 2, "cmi": {"cmi.core.score.raw": "101"}}), 400, "INVALID_CMI", None),
        (beat(e, "s1", {"sessionId": "sco", "seq": 2, "cmi": {"cmi.core.student_id": "me"}}), 400, "INVALID_CMI", None),
        (beat(e, "s1", {"sessionId": "sco", "seq": 2, "cmi": {"cmi.suspend_data": "x" * 4097}}), 400, "INVALID_CMI",
         None),
        (beat(e, "s1", {"sessionId": "sco", "seq": 2, "cmi": {"cmi.core.session_time": "1:2:3"}}), 400, "INVALID_CMI",
         None),
        (beat(e, "l1", video("desk", 2, [[0, 1]])), 409, "CONTENT_NOT_PLAYABLE", None),
        (beat(e, "a1", video("desk", 1, [[0, 1]])), 409, "MEDIA_NOT_READY", None),
        (beat(e, "x9", video("desk", 2, [[0, 1]])), 404, "CONTENT_NOT_FOUND", None),
        (beat(e, "v1", video("desk", 2, [[20, 25]]), who=stranger), 404, "ENROLMENT_NOT_FOUND", None),
        (e["me"].post(f"/enrolments/{e['id']}/contents/v1/heartbeats", {"sessionId": "desk", "seq": -1,
                                                                        "position": 1, "ranges": []}),
         400, "VALIDATION_ERROR", None),
    ]
    for response, status, code, reason in forged:
        refused(response, status, code, reason)
    assert other_course["id"] != e["course"]["id"]
    assert stored_item(e["id"]) == before


def test_overlapping_sessions_cannot_claim_the_same_wall_time_twice(learning):
    e = learning
    # a first heartbeat may claim 2 x (60 + 5) s: 120 s at 2x charge the minute before it
    ok(beat(e, "v1", video("desk", 1, [[0, 60]])))
    ok(beat(e, "v1", video("phone", 1, [[40, 100]])))  # another 60 s in the same minute: charged too
    before = stored_item(e["id"])
    # a third device's 20 s would need 10 s of that minute (+ 5 s tolerance): already claimed
    refused(beat(e, "v1", video("tablet", 1, [[0, 20]])), 400, "IMPLAUSIBLE_PROGRESS", "WALL_TIME_ALREADY_CLAIMED")
    assert stored_item(e["id"]) == before
    later(30)  # the wall time passes: playback at 2x is plausible again
    assert ok(beat(e, "v1", video("tablet", 1, [[0, 20]])))["coveredPercent"] == 100


def test_an_offline_queue_is_checked_against_its_own_timestamps(learning):
    e = learning
    start = clock.now() - timedelta(hours=2)
    at = [start + timedelta(seconds=s) for s in (0, 30, 40, 70)]
    ok(beat(e, "v1", video("offline", 1, [[0, 30]], at=at[0].isoformat())))
    ok(beat(e, "v1", video("offline", 2, [[30, 60]], at=at[1].isoformat())))
    refused(beat(e, "v1", video("offline", 3, [[60, 100]], at=at[2].isoformat())), 400, "IMPLAUSIBLE_PROGRESS",
            "FASTER_THAN_2X")
    assert ok(beat(e, "v1", video("offline", 3, [[60, 90]], at=at[3].isoformat()))) == {"coveredPercent": 90,
                                                                                          "completed": True}
    refused(beat(e, "v1", video("late", 1, [[0, 5]], at=(clock.now() - timedelta(days=8)).isoformat())), 400,
            "IMPLAUSIBLE_PROGRESS", "STALE_TIMESTAMP")


def test_a_heartbeat_after_the_first_costs_one_read_and_one_write(learning):
    e = learning
    ok(beat(e, "v1", video("desk", 1, [[0, 10]])))
    later(10)
    with counting() as calls:
        ok(beat(e, "v1", video("desk", 2, [[10, 20]])))
    assert calls == {"GetItem": 1, "UpdateItem": 1}


def test_concurrent_heartbeats_lose_no_ranges(learning):
    e = learning
    ok(beat(e, "v1", video("warm", 1, [[95, 96]])))
    later(60)
    bodies = [video(f"s{i}", 1, [[10 * i + 1, 10 * i + 9]]) for i in range(4)]
    with ThreadPoolExecutor(4) as pool:
        statuses = [r.status for r in pool.map(lambda b: beat(e, "v1", b), bodies)]
    assert statuses == [200] * 4
    ranges = enrolment(e["id"])["playback"]["v1"]["ranges"]
    assert ranges == [[10_000 * i + 1000, 10_000 * i + 9000] for i in range(4)] + [[95_000, 96_000]]


@pytest.mark.parametrize(("cmi", "wrong"), [
    ({"cmi.core.lesson_status": "not attempted"}, "cmi[cmi.core.lesson_status]"),
    ({"cmi.core.lesson_location": "x" * 256}, "cmi[cmi.core.lesson_location]"),
    ({"cmi.core.exit": "quit"}, "cmi[cmi.core.exit]"),
    ({"cmi.core.score.raw": "-1"}, "cmi[cmi.core.score.raw]"),
    ({"cmi.core.score.raw": float("nan")}, "cmi[cmi.core.score.raw]"),
    ({"cmi.core.total_time": "0000:00:01"}, "cmi[cmi.core.total_time]"),
    ({"cmi.objectives.0.status": "done"}, "cmi[cmi.objectives.0.status]"),
    ({"cmi.interactions.0.type": "essay"}, "cmi[cmi.interactions.0.type]"),
    ({"cmi.interactions.250.id": "q"}, "cmi[cmi.interactions.250.id]"),
    ({"cmi.core.favourite": "x"}, "cmi[cmi.core.favourite]"),
    ({"cmi.student_preference.text": "2"}, "cmi[cmi.student_preference.text]"),
])
def test_values_outside_the_scorm_12_data_model_are_named(cmi, wrong):
    _, problems = scorm.problems(cmi)
    assert [p["field"] for p in problems] == [wrong]


def test_values_inside_the_scorm_12_data_model_pass():
    values, problems = scorm.problems({"core": {"lesson_status": "passed", "score": {"raw": 85, "min": "", "max": 100},
                                                "session_time": "0001:02:03.5", "exit": "suspend"},
                                       "suspend_data": "x" * 4096,
                                       "objectives": [{"id": "obj-1", "status": "not attempted"}],
                                       "interactions": [{"id": "q1", "type": "choice", "result": "wrong",
                                                         "latency": "00:00:05", "time": "12:30:00"}]})
    assert problems == []
    assert values["cmi.core.score.raw"] == "85" and values["cmi.objectives.0.status"] == "not attempted"


def test_stored_ranges_are_capped_by_forgetting_the_shortest_never_by_counting_a_gap():
    many = [[i * 10_000, i * 10_000 + 1000 + i] for i in range(coverage.MAX_STORED_RANGES + 5)]
    kept = coverage.merge_played([], many)
    assert len(kept) == coverage.MAX_STORED_RANGES
    assert coverage.measure(kept) <= coverage.measure(many)
    assert kept == sorted(many[5:])  # the five shortest went


def test_the_wall_time_ledger_folds_old_intervals_into_its_floor():
    ledger: list[list[int]] = []
    floor = 0
    for i in range(coverage.LEDGER_INTERVALS + 3):
        gaps = coverage.free_time(ledger, floor, i * 10_000, i * 10_000 + 10_000)
        ledger, floor = coverage.charge(ledger, floor, gaps, 4000)
    assert len(ledger) == coverage.LEDGER_INTERVALS
    assert floor == 2 * 10_000 + 4000  # wall time before the floor is never free again
    assert coverage.free_time(ledger, floor, 0, 30_000) == [[floor, 30_000]]
