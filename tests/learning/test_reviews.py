"""Review and revisions over the API: a publisher sends a course back with comments per content (kept in
the review history, with the publication), and a Live course is revised as a new version: one open
revision at a time, the Live course unchanged until the revision is published, then learners keep the
progress of the contents that stayed (docs/authoring.md)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from functions.learning import revisions
from tests import factories
from tests.conftest import ApiClient
from tests.learning.conftest import batch, enrol, wait_for


def client(user: dict[str, Any]) -> ApiClient:
    return ApiClient(user["claims"])


@pytest.fixture
def people(workflow):
    return {
        "creator": factories.create_user("CONTENT_CREATOR", org_id="meity"),
        "colleague": factories.create_user("CONTENT_CREATOR", org_id="meity"),
        "outsider": factories.create_user("CONTENT_CREATOR", org_id="mof"),
        "publisher": factories.create_user("CONTENT_PUBLISHER", org_id="meity"),
        "foreign_publisher": factories.create_user("CONTENT_PUBLISHER", org_id="mof"),
        "learner": factories.create_user(org_id="dopt"),
    }


def quiz(pass_percent: int = 50) -> dict[str, Any]:
    return {"passPercent": pass_percent, "maxAttempts": 2, "questions": [
        {"id": "x1", "text": "Pick a", "kind": "single",
         "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}], "correct": ["a"]}]}


def body(title: str, contents: list[dict[str, Any]]) -> dict[str, Any]:
    return {"title": title, "description": "About files", "language": "en", "competencies": [],
            "modules": [{"id": "m1", "title": "Module one", "contents": contents}]}


def link(content_id: str, *, mandatory: bool = True) -> dict[str, Any]:
    return {"id": content_id, "title": f"Reading {content_id}", "type": "link", "durationMinutes": 5,
            "mandatory": mandatory, "url": f"https://example.gov.in/{content_id}"}


QUIZ = {"id": "q1", "title": "Check", "type": "quiz", "durationMinutes": 5, "quiz": quiz()}


def in_review(creator: ApiClient, course_body: dict[str, Any]) -> dict[str, Any]:
    created = creator.post("/courses", course_body)
    assert created.status == 201, created.body
    reviewed = creator.post(f"/courses/{created.json()['id']}/review")
    assert reviewed.status == 200, reviewed.body
    return reviewed.json()


def test_send_back_with_comments_per_content_then_publish(people):
    creator, publisher = client(people["creator"]), client(people["publisher"])
    course = in_review(creator, body("Filing in e-Office", [link("l1"), link("l2"), QUIZ]))
    cid = course["id"]
    url = f"/courses/{cid}/send-back"
    comment = {"contentId": "l2", "text": "The address is an old one"}

    # refusals: who, and what a send-back must say
    assert creator.post(url, {"comments": [comment]}).status == 403
    assert client(people["learner"]).post(url, {"comments": [comment]}).status == 404  # a course in Review
    assert client(people["foreign_publisher"]).post(url, {"comments": [comment]}).status == 404
    for bad in ({"comments": []}, {}, {"comments": [{"text": ""}]}, {"comments": [{"text": "   "}]},
                {"comments": [{"text": "x" * 2001}]}, {"comments": [{"contentId": "l1"}]}):
        refused = publisher.post(url, bad)
        assert (refused.status, refused.json()["error"]["code"]) == (400, "VALIDATION_ERROR"), bad
    unknown = publisher.post(url, {"comments": [comment, {"contentId": "nope", "text": "?"}]})
    assert (unknown.status, unknown.json()["error"]["code"]) == (400, "UNKNOWN_CONTENT")
    assert unknown.json()["error"]["details"][0]["field"] == "comments.1.contentId"
    stale = publisher.post(url, {"comments": [comment], "version": 1})
    assert (stale.status, stale.json()["error"]["code"]) == (409, "VERSION_CONFLICT")
    assert creator.get(f"/courses/{cid}").json()["status"] == "Review"  # nothing half-written

    sent = publisher.post(url, {"comments": [comment, {"text": "Add a summary"}], "version": course["version"]})
    assert sent.status == 200, sent.body
    assert sent.json()["status"] == "Draft" and sent.json()["lastReviewId"]
    assert cid not in [c["id"] for c in publisher.get("/courses", query={"status": "Review"}).json()["items"]]
    again = publisher.post(url, {"comments": [comment]})
    assert (again.status, again.json()["error"]["code"]) == (409, "INVALID_STATUS")

    history = creator.get(f"/courses/{cid}/reviews")
    assert history.status == 200, history.body
    [review] = history.json()["items"]
    assert review["decision"] == "sent-back" and review["reviewer"] == people["publisher"]["userId"]
    assert review["comments"] == [{"contentId": "l2", "contentTitle": "Reading l2", "text": "The address is an old one"},
                                  {"contentId": None, "contentTitle": None, "text": "Add a summary"}]
    assert client(people["colleague"]).get(f"/courses/{cid}/reviews").status == 404  # a Draft: not theirs

    # the author fixes it and sends it again; the publisher publishes: both decisions in the history
    fixed = body("Filing in e-Office", [link("l1"), {**link("l2"), "url": "https://example.gov.in/new"}, QUIZ])
    assert creator.put(f"/courses/{cid}", {**fixed, "version": sent.json()["version"]}).status == 200
    assert creator.post(f"/courses/{cid}/review").status == 200
    published = publisher.post(f"/courses/{cid}/publish")
    assert (published.status, published.json()["status"]) == (200, "Live")
    decisions = [r["decision"] for r in publisher.get(f"/courses/{cid}/reviews").json()["items"]]
    assert decisions == ["sent-back", "published"]
    assert client(people["learner"]).get(f"/courses/{cid}/reviews").status == 403  # Live, but not theirs


def live(creator: ApiClient, publisher: ApiClient, course_body: dict[str, Any]) -> dict[str, Any]:
    course = in_review(creator, course_body)
    published = publisher.post(f"/courses/{course['id']}/publish")
    assert published.status == 200, published.body
    return published.json()


def enrolled(learner: ApiClient, course_id: str) -> str:
    enrolment_id = enrol(learner, course_id, batch(course_id)["id"])
    wait_for(learner, enrolment_id, "ENROLLED")
    return enrolment_id


def complete(learner: ApiClient, enrolment_id: str, content_id: str) -> None:
    done = learner.put(f"/enrolments/{enrolment_id}/progress",
                       {"contentId": content_id, "status": "completed", "progressPercent": 100})
    assert done.status == 200, done.body


def test_a_revision_replaces_the_live_course_and_learners_keep_progress_of_contents_that_stayed(people):
    creator, publisher, learner = client(people["creator"]), client(people["publisher"]), client(people["learner"])
    course = live(creator, publisher, body("Records retention", [link("l1"), link("l2"), QUIZ]))
    cid = course["id"]
    enrolment_id = enrolled(learner, cid)
    complete(learner, enrolment_id, "l1")
    complete(learner, enrolment_id, "l2")
    assert learner.get(f"/enrolments/{enrolment_id}").json()["completionPercentage"] == 66

    # who may revise: the author or a creator of its org (not a learner, a publisher, another org's creator)
    for refused in ("learner", "publisher", "outsider"):
        assert client(people[refused]).post(f"/courses/{cid}/versions").status == 403, refused
    made = creator.post(f"/courses/{cid}/versions", headers={"Idempotency-Key": "rev-1"})
    assert made.status == 201, made.body
    revision = made.json()
    assert (revision["status"], revision["revisionOf"], revision["revision"]) == ("Draft", cid, 2)
    assert revision["id"] != cid and revision["modules"] == course["modules"]
    retried = creator.post(f"/courses/{cid}/versions", headers={"Idempotency-Key": "rev-1"})
    assert (retried.status, retried.json()["id"]) == (201, revision["id"])
    second = client(people["colleague"]).post(f"/courses/{cid}/versions")
    assert (second.status, second.json()["error"]["code"]) == (409, "REVISION_OPEN")
    assert second.json()["error"]["details"] == {"revisionId": revision["id"]}
    assert creator.post(f"/courses/{revision['id']}/versions").json()["error"]["code"] == "INVALID_STATUS"

    # the revision is edited and reviewed like a Draft; the Live course stays as it was meanwhile
    new_body = body("Records retention (2027)", [link("l1"), {**QUIZ, "quiz": quiz(100)}, link("l3", mandatory=False)])
    edited = creator.put(f"/courses/{revision['id']}", {**new_body, "version": revision["version"]})
    assert edited.status == 200, edited.body
    assert creator.post(f"/courses/{revision['id']}/review").status == 200
    shown = learner.get(f"/courses/{cid}").json()
    assert (shown["title"], shown["status"], shown["openRevisionId"]) == ("Records retention", "Live", revision["id"])
    assert any(c["id"] == cid for c in learner.get("/courses").json()["items"])

    published = publisher.post(f"/courses/{revision['id']}/publish")
    assert published.status == 200, published.body
    now_live = published.json()
    assert (now_live["id"], now_live["title"], now_live["revision"], now_live["status"]) == (
        cid, "Records retention (2027)", 2, "Live")
    assert now_live.get("openRevisionId") is None
    assert [c["id"] for c in now_live["modules"][0]["contents"]] == ["l1", "q1", "l3"]
    assert creator.get(f"/courses/{revision['id']}").status == 404  # the revision became the course
    assert [r["decision"] for r in creator.get(f"/courses/{cid}/reviews").json()["items"]] == ["published", "published"]
    titles = {c["id"]: c["title"] for c in learner.get("/courses", query={"q": "retention"}).json()["items"]}
    assert titles.get(cid) == "Records retention (2027)"

    # the learner: l1 kept, l2 gone, q1 (mandatory) still to do, l3 new and optional → 1 of 2 mandatory
    seen = learner.get(f"/enrolments/{enrolment_id}").json()
    assert seen["completedContentIds"] == ["l1"]
    assert seen["completionPercentage"] == 50
    assert [c["contentId"] for c in seen["contents"]] == ["l1", "q1", "l3"]
    gone = learner.put(f"/enrolments/{enrolment_id}/progress",
                       {"contentId": "l2", "status": "completed", "progressPercent": 100})
    assert (gone.status, gone.json()["error"]["code"]) == (404, "CONTENT_NOT_FOUND")
    complete(learner, enrolment_id, "l3")  # a content the revision added
    assessment = learner.get(f"/courses/{cid}/assessments/q1")
    assert assessment.status == 200 and assessment.json()["passPercent"] == 100  # the revised quiz

    # the next revision may now be opened
    assert creator.post(f"/courses/{cid}/versions").status == 201


def test_removing_the_last_unfinished_content_completes_the_enrolment(people):
    creator, publisher, learner = client(people["creator"]), client(people["publisher"]), client(people["learner"])
    course = live(creator, publisher, body("Leave rules", [link("l1"), link("l2")]))
    enrolment_id = enrolled(learner, course["id"])
    complete(learner, enrolment_id, "l1")
    revision = creator.post(f"/courses/{course['id']}/versions").json()
    creator.put(f"/courses/{revision['id']}", {**body("Leave rules", [link("l1")]), "version": revision["version"]})
    assert creator.post(f"/courses/{revision['id']}/review").status == 200
    assert publisher.post(f"/courses/{revision['id']}/publish").status == 200
    seen = learner.get(f"/enrolments/{enrolment_id}").json()
    assert (seen["status"], seen["completionPercentage"]) == ("COMPLETED", 100)
    assert seen["certificateId"]


def test_concurrent_revisions_open_exactly_one(people):
    creator, publisher = client(people["creator"]), client(people["publisher"])
    course = live(creator, publisher, body("Office procedure", [link("l1")]))
    colleague = client(people["colleague"])
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda c: c.post(f"/courses/{course['id']}/versions"),
                                [creator, colleague, creator, colleague]))
    statuses = sorted(a.status for a in answers)
    assert statuses == [201, 409, 409, 409], [a.body for a in answers]
    assert {a.json()["error"]["code"] for a in answers if a.status == 409} == {"REVISION_OPEN"}
    [made] = [a.json() for a in answers if a.status == 201]
    mine = creator.get("/courses", query={"mine": "true"}).json()["items"]
    assert len([c for c in mine if c["id"] == made["id"]]) == (1 if made["authorId"] == people["creator"]["userId"] else 0)


def test_a_revision_of_a_course_retired_meanwhile_cannot_be_published(people):
    creator, publisher = client(people["creator"]), client(people["publisher"])
    course = live(creator, publisher, body("Pension rules", [link("l1")]))
    revision = creator.post(f"/courses/{course['id']}/versions").json()
    assert creator.post(f"/courses/{revision['id']}/review").status == 200
    assert publisher.post(f"/courses/{course['id']}/retire").status == 200
    refused = publisher.post(f"/courses/{revision['id']}/publish")
    assert (refused.status, refused.json()["error"]["code"]) == (409, "COURSE_NOT_LIVE")
    assert creator.get(f"/courses/{revision['id']}").json()["status"] == "Review"


def test_rebase_rule_keeps_what_stayed():
    enrolment = {"contentIds": ["a", "b"], "completedContents": {"a", "b"}, "contentProgress": {"a": 100, "b": 100},
                 "lastContentId": "b", "courseRevision": 1}
    course = {"revision": 2, "title": "T", "modules": [{"contents": [
        {"id": "a", "type": "link"}, {"id": "v", "type": "video", "mandatory": False}]}]}
    assert revisions.behind(enrolment, course) and not revisions.behind({"courseRevision": 2}, course)
    sets, completed = revisions.rebased_fields(enrolment, course)
    assert completed == ["a"]
    assert (sets["contentIds"], sets["mandatoryContentIds"], sets["mediaContentIds"]) == (["a", "v"], ["a"], ["v"])
    assert sets["contentProgress"] == {"a": 100} and sets["lastContentId"] == "a" and sets["courseRevision"] == 2


def test_a_put_without_a_quiz_keeps_the_stored_one_and_a_create_without_one_is_refused(people):
    creator = client(people["creator"])
    bare = {k: v for k, v in QUIZ.items() if k != "quiz"}
    refused = creator.post("/courses", body("No questions", [link("l1"), bare]))
    assert (refused.status, refused.json()["error"]["code"]) == (400, "QUIZ_REQUIRED")
    assert refused.json()["error"]["details"][0]["field"] == "modules.0.contents.1.quiz"
    course = creator.post("/courses", body("Questions kept", [link("l1"), QUIZ])).json()
    kept = creator.put(f"/courses/{course['id']}", {**body("Questions kept", [bare, link("l1")]), "version": 1})
    assert kept.status == 200, kept.body
    quiz_view = kept.json()["modules"][0]["contents"][0]
    assert (quiz_view["questionCount"], quiz_view["passPercent"]) == (1, 50)
    new_quiz = {**bare, "id": "q2"}
    unknown = creator.put(f"/courses/{course['id']}", {**body("Questions kept", [new_quiz]), "version": 2})
    assert (unknown.status, unknown.json()["error"]["code"]) == (400, "QUIZ_REQUIRED")


def test_a_quiz_after_another_content_is_kept_on_a_put_without_it(people):
    creator, publisher = client(people["creator"]), client(people["publisher"])
    course = in_review(creator, body("Weeding out files", [link("l1"), {**QUIZ, "id": "check"}]))
    sent = publisher.post(f"/courses/{course['id']}/send-back", {"comments": [{"contentId": "l1", "text": "Fix"}]})
    assert sent.status == 200, sent.body
    bare = {k: v for k, v in QUIZ.items() if k != "quiz"}
    fixed = creator.put(f"/courses/{course['id']}", {**body("Weeding out files", [link("l1"), {**bare, "id": "check"}]),
                                                     "version": sent.json()["version"]})
    assert fixed.status == 200, fixed.body
