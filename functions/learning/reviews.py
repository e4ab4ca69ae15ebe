"""Review and revision rules: a publisher sends a course in Review back to its author with comments per
content, or publishes it (both kept in the course's review history); a Live course is revised as a new
version — a Draft copy with its own id that goes through review like any course and, once published,
replaces the Live course's contents under the same id (docs/authoring.md). No HTTP, no boto3, no keys."""

from __future__ import annotations

from typing import Any

from functions.learning import courses, repository
from functions.learning.models import Course
from functions.learning.repository import reviews as store
from functions.learning.review_models import Review, SendBackIn
from karmayogi.platform import clock, keys
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import bad_request, conflict, forbidden
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.roles import CONTENT_CREATOR, SPV_ADMIN


def root_id(course: dict[str, Any]) -> str:
    """The course learners know: a revision's Live course, else the course itself."""
    return str(course.get("revisionOf") or course["id"])


def _contents(course: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["title"] for m in course.get("modules", []) for c in m["contents"]}


def _review(caller: Caller, course: dict[str, Any], decision: str, comments: list[dict[str, Any]]) -> dict[str, Any]:
    review = {"id": keys.new_id(), "decision": decision, "reviewer": caller.user_id,
              "reviewerName": (caller.profile or {}).get("name"), "at": clock.now_iso(), "comments": comments}
    if course.get("revisionOf"):
        review["revisionId"] = course["id"]
    return review


# ---- send back, publish ----------------------------------------------------------------------------------------

def send_back(caller: Caller, course_id: str, body: SendBackIn) -> Course:
    """Review → Draft with the reviewer's comments (each about one of the course's contents, or the whole)."""
    course = courses._for_publisher(caller, course_id)
    titles = _contents(course)
    unknown = sorted({c.content_id for c in body.comments if c.content_id and c.content_id not in titles})
    if unknown:
        raise bad_request("UNKNOWN_CONTENT", "A comment names a content that is not in this course",
                          [{"field": f"comments.{i}.contentId", "message": "is not a content of this course"}
                           for i, c in enumerate(body.comments) if c.content_id in unknown])
    comments = [{"contentId": c.content_id, "contentTitle": titles.get(c.content_id or ""), "text": c.text.strip()}
                for c in body.comments]
    comments = [{k: v for k, v in c.items() if v is not None} for c in comments]
    review = _review(caller, course, "sent-back", comments)
    try:
        sent = store.send_back(course, root_id(course), review, clock.now_iso(), body.version)
    except ConditionFailed as failed:
        raise courses._transition_refused(failed, course, "Review") from failed
    return courses.course_view(sent)


def publish(caller: Caller, course_id: str, version: int | None) -> Course:
    """Review → Live, recorded in the history; a revision replaces its Live course (same id for learners)."""
    course = courses._for_publisher(caller, course_id)
    if version is not None and version != int(course["version"]):
        raise courses._transition_refused(ConditionFailed("stale"), course, "Review")
    if course["status"] != "Review":
        raise courses._transition_refused(ConditionFailed("status"), course, "Review")
    review = _review(caller, course, "published", [])
    if course.get("revisionOf"):
        return _publish_revision(caller, course, review)
    try:
        published = repository.publish(course, caller.user_id, clock.now_iso(), version,
                                       extra_ops=[store.published_review_op(root_id(course), review)])
    except ConditionFailed as failed:
        raise courses._transition_refused(failed, course, "Review") from failed
    return courses.course_view(published)


def _publish_revision(caller: Caller, revision: dict[str, Any], review: dict[str, Any]) -> Course:
    live = repository.get_course(revision["revisionOf"], consistent=True)
    if live is None or live["status"] != "Live" or live.get("openRevisionId") != revision["id"]:
        raise conflict("COURSE_NOT_LIVE", "The course this revision replaces is no longer Live",
                       {"courseId": revision["revisionOf"], "status": live["status"] if live else None})
    try:
        published = store.publish_revision(live, revision, review, caller.user_id, clock.now_iso())
    except ConditionFailed as failed:
        if failed.reason == store.REVISION:
            raise courses._transition_refused(ConditionFailed("course"), revision, "Review") from failed
        raise conflict("COURSE_CHANGED", "The Live course changed meanwhile; retry") from failed
    return courses.course_view(published)


# ---- history -----------------------------------------------------------------------------------------------------

def list_reviews(caller: Caller, course_id: str, limit: int, cursor: str | None) -> PageOf[Review]:
    """The review history of a course (and of its revisions): its authors and its publishers."""
    course = courses.readable_course(caller, course_id)
    if not courses.may_review(caller, course):
        raise forbidden("The review history is for the course's authors and publishers")
    page = store.list_reviews(root_id(course), limit, cursor)
    items = [Review.model_validate(i) for i in page.items]
    return PageOf[Review](items=items, next_cursor=page.next_cursor)


# ---- revisions ---------------------------------------------------------------------------------------------------

def create_version(caller: Caller, course_id: str) -> Course:
    """A Draft copy of a Live course (its author, a CONTENT_CREATOR of its providing org, an SPV_ADMIN); one
    open revision at a time (409 REVISION_OPEN naming it)."""
    live = courses.readable_course(caller, course_id)
    if not (live.get("authorId") == caller.user_id or caller.is_spv_admin
            or (caller.has_role(CONTENT_CREATOR) and caller.org_id == live.get("providerOrgId"))):
        raise forbidden("Only the course's author or a content creator of its organisation may revise it")
    caller.require_role(CONTENT_CREATOR, SPV_ADMIN)
    if live.get("revisionOf"):
        raise conflict("INVALID_STATUS", "A revision is itself revised by editing it", {"status": live["status"]})
    if live.get("openRevisionId"):
        raise _revision_open(live)
    if live["status"] != "Live":
        raise conflict("INVALID_STATUS", f"The course is {live['status']}; this needs Live", {"status": live["status"]})
    try:
        revision = store.open_revision(live, keys.new_id(), caller.user_id, clock.now_iso())
    except ConditionFailed as failed:
        current = repository.get_course(course_id, consistent=True)
        if current is not None and current.get("openRevisionId"):
            raise _revision_open(current) from failed
        if current is None or current["status"] != "Live":
            raise courses._transition_refused(ConditionFailed("status" if current else "missing"), current or live,
                                              "Live") from failed
        raise conflict("COURSE_CHANGED", "The course changed meanwhile; retry") from failed
    return courses.course_view(revision)


def _revision_open(live: dict[str, Any]) -> Exception:
    return conflict("REVISION_OPEN", "This course already has a revision being prepared: continue that one",
                    {"revisionId": live["openRevisionId"]})
