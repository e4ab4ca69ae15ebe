"""Courses over the API: authoring and the Draft → Review → Live → Retired lifecycle with its permissions,
who may read what, the catalogue (paging, competency filter, word search in English and Hindi) and
batches."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest

from functions.learning import batches
from tests import factories
from tests.conftest import ApiClient
from tests.learning.conftest import batch, course_body, enrol, live_course, wait_for


def client(user):
    return ApiClient(user["claims"])


@pytest.fixture
def people(workflow):
    return {
        "creator": factories.create_user("CONTENT_CREATOR", org_id="istm"),
        "other_creator": factories.create_user("CONTENT_CREATOR", org_id="istm"),
        "publisher": factories.create_user("CONTENT_PUBLISHER", org_id="istm"),
        "foreign_publisher": factories.create_user("CONTENT_PUBLISHER", org_id="mof"),
        "learner": factories.create_user(org_id="dopt"),
        "coordinator": factories.create_user("PROGRAM_COORDINATOR", org_id="dopt"),
    }


def test_lifecycle_draft_review_live_retired(people):
    creator, publisher, learner = client(people["creator"]), client(people["publisher"]), client(people["learner"])
    body = course_body("Drafting Office Memoranda", competencies=[{"competencyId": "c-lifecycle", "level": 3}])

    assert learner.post("/courses", body).status == 403
    created = creator.post("/courses", body)
    assert created.status == 201, created.body
    course = created.json()
    assert (course["status"], course["version"], course["durationMinutes"]) == ("Draft", 1, 40)
    quiz = course["modules"][0]["contents"][3]
    assert (quiz["type"], quiz["questionCount"], quiz["passPercent"], quiz["maxAttempts"]) == ("quiz", 2, 60, 2)
    assert "correct" not in str(course) and "questions" not in quiz
    cid = course["id"]

    # a draft is readable by its author and the publishers of its org only
    assert creator.get(f"/courses/{cid}").status == 200
    assert publisher.get(f"/courses/{cid}").status == 200
    assert learner.get(f"/courses/{cid}").status == 404
    assert client(people["foreign_publisher"]).get(f"/courses/{cid}").status == 404
    assert cid not in [c["id"] for c in learner.get("/courses", query={"competencyId": "c-lifecycle"}).json()["items"]]
    assert [c["id"] for c in creator.get("/courses", query={"mine": "true"}).json()["items"]] == [cid]

    # PUT: only while Draft, only the author, version-checked
    changed = {**body, "title": "Drafting Office Memoranda and DO letters", "version": 1}
    assert client(people["other_creator"]).put(f"/courses/{cid}", changed).status == 404
    assert publisher.put(f"/courses/{cid}", changed).status == 403
    updated = creator.put(f"/courses/{cid}", changed)
    assert updated.status == 200, updated.body
    assert (updated.json()["version"], updated.json()["title"]) == (2, changed["title"])
    stale = creator.put(f"/courses/{cid}", changed)
    assert (stale.status, stale.json()["error"]["code"]) == (409, "VERSION_CONFLICT")

    # review: the author; publish: a publisher of the course's org (not another org's, not the author)
    assert publisher.post(f"/courses/{cid}/review").status == 403
    assert creator.post(f"/courses/{cid}/publish").status == 403
    not_ready = creator.post(f"/courses/{cid}/review", {"version": 2})  # its video has no file yet
    assert (not_ready.status, not_ready.json()["error"]["code"]) == (409, "MEDIA_NOT_READY")
    assert factories.ready_media(cid)["version"] == 3  # as if its file had been uploaded and processed
    wrong_version = creator.post(f"/courses/{cid}/review", {"version": 1})
    assert (wrong_version.status, wrong_version.json()["error"]["code"]) == (409, "VERSION_CONFLICT")
    reviewed = creator.post(f"/courses/{cid}/review", {"version": 3})
    assert (reviewed.status, reviewed.json()["status"]) == (200, "Review")
    assert [c["id"] for c in publisher.get("/courses", query={"status": "Review"}).json()["items"]] == [cid]
    assert learner.get("/courses", query={"status": "Review"}).status == 403
    again = creator.put(f"/courses/{cid}", {**changed, "version": 4})
    assert (again.status, again.json()["error"]["code"]) == (409, "COURSE_NOT_DRAFT")
    assert client(people["foreign_publisher"]).post(f"/courses/{cid}/publish").status == 404
    published = publisher.post(f"/courses/{cid}/publish")
    assert (published.status, published.json()["status"]) == (200, "Live")
    assert published.json()["publishedAt"]
    twice = publisher.post(f"/courses/{cid}/publish")
    assert (twice.status, twice.json()["error"]["code"]) == (409, "INVALID_STATUS")

    # Live: in the catalogue, readable by everyone
    assert learner.get(f"/courses/{cid}").status == 200
    listed = learner.get("/courses", query={"competencyId": "c-lifecycle"}).json()["items"]
    assert [c["id"] for c in listed] == [cid]
    assert set(listed[0]) >= {"id", "title", "description", "competencies", "durationMinutes"}

    # an enrolled learner keeps reading it once retired; others do not see it any more
    b = batch(cid)
    enrolment_id = enrol(learner, cid, b["id"])
    wait_for(learner, enrolment_id, "ENROLLED")
    assert learner.post(f"/courses/{cid}/retire").status == 403
    retired = publisher.post(f"/courses/{cid}/retire")
    assert (retired.status, retired.json()["status"]) == (200, "Retired")
    assert learner.get(f"/courses/{cid}").json()["status"] == "Retired"
    assert client(factories.create_user()).get(f"/courses/{cid}").status == 404
    assert learner.get("/courses", query={"competencyId": "c-lifecycle"}).json()["items"] == []
    assert learner.get("/courses", query={"q": "memoranda"}).json()["items"] == []
    # and its batches take no more enrolments
    late = client(factories.create_user()).post(f"/courses/{cid}/enrolments", {"batchId": b["id"]})
    assert (late.status, late.json()["error"]["code"]) == (409, "BATCH_CLOSED")


def test_catalogue_pages_newest_first_and_filters(workflow):
    courses = [live_course(course_body(f"Paging course {i}", competencies=[{"competencyId": "c-paging", "level": 1}]))
               for i in range(5)]
    newest_first = [c["id"] for c in sorted(courses, key=lambda c: (c["publishedAt"], c["id"]), reverse=True)]
    ids = [c["id"] for c in courses]
    reader = client(factories.create_user())
    seen, cursor = [], None
    while True:
        query = {"competencyId": "c-paging", "limit": 2, **({"cursor": cursor} if cursor else {})}
        response = reader.get("/courses", query=query)
        assert response.status == 200, response.body
        page = response.json()
        assert len(page["items"]) <= 2
        seen += [c["id"] for c in page["items"]]
        cursor = page["nextCursor"]
        if not cursor:
            break
    assert seen == newest_first
    everything = reader.get("/courses", query={"limit": 100}).json()["items"]
    assert set(ids) <= {c["id"] for c in everything}
    # a cursor is bound to its list
    first = reader.get("/courses", query={"competencyId": "c-paging", "limit": 2}).json()["nextCursor"]
    wrong = reader.get("/courses", query={"limit": 2, "cursor": first})
    assert (wrong.status, wrong.json()["error"]["code"]) == (400, "INVALID_CURSOR")


def test_search_by_title_words_english_and_hindi(workflow):
    english = live_course(course_body("Right to Information Act for Public Information Officers",
                                      competencies=[{"competencyId": "c-rti", "level": 2}]))
    hindi = live_course(course_body("सूचना का अधिकार अधिनियम: एक परिचय", language="hi",
                                    competencies=[{"competencyId": "c-rti-hi", "level": 1}]))
    reader = client(factories.create_user())

    def search(q, **extra):
        response = reader.get("/courses", query={"q": q, **extra})
        assert response.status == 200, response.body
        return [c["id"] for c in response.json()["items"]]

    assert search("informat") == [english["id"]]
    assert search("Public INFORMATION") == [english["id"]]
    assert search("सूचना") == [hindi["id"]]
    assert search("अधिकार परिचय") == [hindi["id"]]
    assert search("informat", competencyId="c-rti") == [english["id"]]
    assert search("informat", competencyId="c-rti-hi") == []
    assert search("zzzz") == []
    short = reader.get("/courses", query={"q": "a"})
    assert (short.status, short.json()["error"]["code"]) == (400, "QUERY_TOO_SHORT")


@pytest.mark.parametrize("mutate, field", [
    (lambda b: b.pop("title"), "title"),
    (lambda b: b.update(title=""), "title"),
    (lambda b: b.update(modules=[]), "modules"),
    (lambda b: b["modules"][0]["contents"][0].update(type="podcast"), "type"),
    (lambda b: b["modules"][0]["contents"][0].update(durationMinutes=-1), "durationMinutes"),
    (lambda b: b["modules"][0]["contents"][0].update(quiz=b["modules"][0]["contents"][3]["quiz"]), "contents"),
    (lambda b: b["modules"][0]["contents"][1].update(id="c1"), "modules"),
    (lambda b: b["modules"][0]["contents"][3]["quiz"]["questions"][0].update(correct=["z"]), "questions"),
    (lambda b: b["modules"][0]["contents"][3]["quiz"]["questions"][0].update(correct=["a", "b"]), "questions"),
    (lambda b: b["competencies"].append({"competencyId": "c-noting", "level": 6}), "level"),
    (lambda b: b.update(unknown=1), "unknown"),
    (lambda b: b.update(language="fr"), "language"),
    (lambda b: b["modules"][0]["contents"][0].update(url="javascript:alert(1)"), "url"),
    (lambda b: b["modules"][0]["contents"][0].update(url="ftp://files.gov.in/a.pdf"), "url"),
    (lambda b: b["modules"][0]["contents"][0].update(url="https://"), "url"),
    (lambda b: b["modules"][0]["contents"][0].update(url="https://exa mple.gov.in/x"), "url"),
    (lambda b: b["modules"][0]["contents"][0].update(url="https://example.gov.in:99999/x"), "url"),
    (lambda b: b["modules"][0]["contents"][0].update(url="https://example.gov.in/" + "x" * 2100), "url"),
])
def test_invalid_courses_are_400_naming_the_field(workflow, mutate, field):
    body = copy.deepcopy(course_body())
    mutate(body)
    response = client(factories.create_user("CONTENT_CREATOR")).post("/courses", body)
    assert response.status == 400, response.body
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert any(field in d["field"] for d in error["details"]), error["details"]


def test_unknown_course_and_odd_ids(workflow):
    reader = client(factories.create_user())
    assert reader.get("/courses/nope").json()["error"]["code"] == "COURSE_NOT_FOUND"
    assert reader.get("/courses/" + "x" * 65).status == 400
    assert ApiClient().get("/courses").status == 401


def test_idempotent_course_creation(workflow):
    creator = client(factories.create_user("CONTENT_CREATOR"))
    headers = {"Idempotency-Key": "course-1"}
    first = creator.post("/courses", course_body("Idempotent course"), headers=headers)
    again = creator.post("/courses", course_body("Idempotent course"), headers=headers)
    assert first.status == again.status == 201
    assert first.json()["id"] == again.json()["id"]


# ---- batches ------------------------------------------------------------------------------------------------

def _batch_body(**overrides):
    today = batches.today()
    body = {"name": "January batch", "startDate": (today + timedelta(days=1)).isoformat(),
            "endDate": (today + timedelta(days=31)).isoformat(),
            "enrollmentEndDate": (today + timedelta(days=10)).isoformat(), "seats": 25, "requiresApproval": True}
    body.update(overrides)
    return body


def test_batches_created_by_admins_and_coordinators(people):
    course = live_course()
    coordinator, learner = client(people["coordinator"]), client(people["learner"])
    assert learner.post(f"/courses/{course['id']}/batches", _batch_body()).status == 403
    created = coordinator.post(f"/courses/{course['id']}/batches", _batch_body())
    assert created.status == 201, created.body
    batch_view = created.json()
    assert (batch_view["seats"], batch_view["seatsTaken"], batch_view["requiresApproval"]) == (25, 0, True)
    assert batch_view["orgId"] is None
    mdo_admin = client(factories.create_user("MDO_ADMIN", org_id="dopt"))
    restricted = mdo_admin.post(f"/courses/{course['id']}/batches", _batch_body(orgId="dopt", name="DoPT only"))
    assert (restricted.status, restricted.json()["orgId"]) == (201, "dopt")
    elsewhere = mdo_admin.post(f"/courses/{course['id']}/batches", _batch_body(orgId="mof"))
    assert elsewhere.status == 403
    listed = learner.get(f"/courses/{course['id']}/batches").json()["items"]
    assert sorted(b["name"] for b in listed) == ["DoPT only", "January batch"]
    hindi = coordinator.post(f"/courses/{course['id']}/batches", _batch_body(name="February batch", nameHi="फ़रवरी बैच"))
    assert (hindi.status, hindi.json()["nameHi"], hindi.json()["name"]) == (201, "फ़रवरी बैच", "February batch")
    assert batch_view["nameHi"] is None


def test_contradictory_batch_dates_are_400(people):
    course = live_course()
    coordinator = client(people["coordinator"])
    today = batches.today()
    cases = {
        "endDate": _batch_body(endDate=(today - timedelta(days=1)).isoformat(), startDate=(today - timedelta(days=5)).isoformat(),
                               enrollmentEndDate=(today - timedelta(days=2)).isoformat()),
        "enrollmentEndDate": _batch_body(enrollmentEndDate=(today + timedelta(days=40)).isoformat()),
        "enrollmentStartDate": _batch_body(enrollmentStartDate=(today + timedelta(days=11)).isoformat()),
    }
    before_start = _batch_body(endDate=today.isoformat(), startDate=(today + timedelta(days=3)).isoformat(),
                               enrollmentEndDate=today.isoformat())
    cases["endDate before startDate"] = before_start
    for name, body in cases.items():
        response = coordinator.post(f"/courses/{course['id']}/batches", body)
        assert (response.status, response.json()["error"]["code"]) == (400, "INVALID_DATES"), name
        assert response.json()["error"]["details"]
    # each problem names its field and a reason a client translates (never just "endDate is before startDate")
    details = coordinator.post(f"/courses/{course['id']}/batches", before_start).json()["error"]["details"]
    assert {"field": "endDate", "message": "endDate is before startDate", "reason": "before_start"} in details
    for bad in ({"seats": 0}, {"seats": "many"}, {"startDate": "tomorrow"}, {"name": ""}):
        response = coordinator.post(f"/courses/{course['id']}/batches", _batch_body(**bad))
        assert (response.status, response.json()["error"]["code"]) == (400, "VALIDATION_ERROR"), bad


def test_batches_only_for_live_courses(people):
    draft = client(people["creator"]).post("/courses", course_body("Still a draft")).json()
    response = client(factories.create_user("MDO_ADMIN", org_id="istm")).post(
        f"/courses/{draft['id']}/batches", _batch_body())
    assert (response.status, response.json()["error"]["code"]) == (409, "COURSE_NOT_LIVE")
    assert client(people["coordinator"]).post(f"/courses/{draft['id']}/batches", _batch_body()).status == 404


def test_course_stats_count_enrolments_over_shards(people):
    course = live_course()
    b = batch(course["id"], seats=5)
    for _ in range(3):
        learner = client(factories.create_user())
        wait_for(learner, enrol(learner, course["id"], b["id"]), "ENROLLED")
    stats = client(people["coordinator"]).get(f"/courses/{course['id']}/stats")
    assert stats.json() == {"courseId": course["id"], "enrolments": 3, "completions": 0}
    assert client(people["learner"]).get(f"/courses/{course['id']}/stats").status == 403


def test_batch_pages_and_who_sees_the_batches_of_a_retired_course(people):
    """The batch list pages in batch id order (creation order); a Live course's batches are for everyone, a Retired
    course's only for its readers (here: a learner who was enrolled), an unknown course is 404."""
    from functions.learning import repository

    course = live_course()
    made = sorted((batch(course["id"], seats=n) for n in (1, 2, 3)), key=lambda b: b["id"])
    learner = client(people["learner"])
    first = learner.get(f"/courses/{course['id']}/batches", query={"limit": 2}).json()
    assert [b["id"] for b in first["items"]] == [made[0]["id"], made[1]["id"]] and first["nextCursor"]
    second = learner.get(f"/courses/{course['id']}/batches",
                         query={"limit": 2, "cursor": first["nextCursor"]}).json()
    assert ([b["id"] for b in second["items"]], second["nextCursor"]) == ([made[2]["id"]], None)
    exact = learner.get(f"/courses/{course['id']}/batches", query={"limit": 3}).json()
    assert (len(exact["items"]), exact["nextCursor"]) == (3, None)
    assert [(b["seats"], b["seatsTaken"]) for b in exact["items"]] == [(b["seats"], 0) for b in made]

    enrolled = factories.create_user(org_id="dopt")
    wait_for(client(enrolled), enrol(client(enrolled), course["id"], made[2]["id"]), "ENROLLED")
    repository.transition(course["id"], "Live", "Retired", {"retiredAt": course["publishedAt"]})
    assert learner.get(f"/courses/{course['id']}/batches").status == 404
    seen = client(enrolled).get(f"/courses/{course['id']}/batches", query={"limit": 2})
    assert seen.status == 200 and len(seen.json()["items"]) == 2
    rest = client(enrolled).get(f"/courses/{course['id']}/batches", query={"limit": 2,
                                                                          "cursor": seen.json()["nextCursor"]})
    assert [(b["id"], b["seatsTaken"]) for b in rest.json()["items"]] == [(made[2]["id"], 1)]
    missing = learner.get("/courses/no-such-course/batches")
    assert (missing.status, missing.json()["error"]["code"]) == (404, "COURSE_NOT_FOUND")
