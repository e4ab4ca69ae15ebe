"""Playing a course's content (API.md v2 "Course content", Playback): who gets a working address of a
content's file, and which contents have one. An enrolled learner (an ENROLLED or COMPLETED enrolment of
their own) plays through the enrolment; the course's author and reviewers preview through the course.
Nobody else gets an address: another's enrolment is not found (its existence is not revealed).

A file is played from its READY entry in the course's `media` (an upload still PROCESSING or REJECTED never
replaces it); `playKey` is the object a player opens (the HLS master playlist, the file, the SCORM launch
page), `key` for entries written before it existed, and the signature covers the entry's whole `prefix`.
A link plays at its own address; a quiz is not played (its attempts are). Reads: the enrolment and the
course (two GetItems), or the course alone. No HTTP here, no boto3: cdn.py signs."""

from __future__ import annotations

from typing import Any

from functions.learning import cdn, courses, coverage, repository, revisions
from functions.learning.enrolment_views import enrolment_not_found
from functions.learning.models import MEDIA_CONTENT_TYPES
from functions.learning.progress import LEARNING
from functions.learning.upload_models import PlayOut
from karmayogi.platform import clock
from karmayogi.platform.errors import AppError, conflict, forbidden, not_found
from karmayogi.platform.identity import Caller


def content_not_found() -> AppError:
    return not_found("The content", "CONTENT_NOT_FOUND")


def play_enrolled(caller: Caller, enrolment_id: str, content_id: str) -> tuple[PlayOut, cdn.SignedAccess | None]:
    """The enrolment's learner, while it is ENROLLED or COMPLETED (a completed course can be watched again)."""
    enrolment = repository.get_enrolment(enrolment_id)
    if enrolment is None or enrolment["userId"] != caller.user_id:
        raise enrolment_not_found()
    if enrolment["status"] not in LEARNING:
        raise conflict("ENROLMENT_NOT_ACTIVE", f"The enrolment is {enrolment['status']}",
                       {"status": enrolment["status"]})
    course = repository.get_course(enrolment["courseId"])
    if course is None:
        raise courses.course_not_found()
    enrolment = revisions.rebase(enrolment, course)  # onto a revision published since (revisions.py)
    if content_id not in (enrolment.get("contentIds") or ()):
        raise content_not_found()
    played, access = _play(course, content_id)
    played.resume = coverage.resume_of(enrolment, content_id) or {}  # from the enrolment read: no third read
    return played, access


def preview(caller: Caller, course_id: str, content_id: str) -> tuple[PlayOut, cdn.SignedAccess | None]:
    """The course's author and reviewers, in any status. Others learn of a course only as far as they may
    read it: a Live one says 403 (learners play through their enrolment), any other is not found."""
    course = repository.get_course(course_id)
    if course is None:
        raise courses.course_not_found()
    if not courses.may_review(caller, course):
        if course["status"] == "Live":
            raise forbidden("Preview is for the course's author and reviewers; learners play through their "
                            "enrolment", code="NOT_A_REVIEWER")
        raise courses.course_not_found()
    return _play(course, content_id)


def _content(course: dict[str, Any], content_id: str) -> dict[str, Any]:
    for module in course.get("modules") or ():
        for content in module.get("contents") or ():
            if content["id"] == content_id:
                return dict(content)
    raise content_not_found()


def _play(course: dict[str, Any], content_id: str) -> tuple[PlayOut, cdn.SignedAccess | None]:
    content = _content(course, content_id)
    kind = content["type"]
    if kind not in (*MEDIA_CONTENT_TYPES, "link") and content.get("url"):
        kind = "link"  # v1's "document" contents are addresses (models.LEGACY_CONTENT_TYPES)
    if kind == "link":
        if not content.get("url"):
            raise conflict("CONTENT_NOT_PLAYABLE", "This link has no address")
        return PlayOut(type="link", url=content["url"]), None
    if kind not in MEDIA_CONTENT_TYPES:
        raise conflict("CONTENT_NOT_PLAYABLE", f"A {kind} content is not played: take it through its own route",
                       {"type": kind})
    entry = (course.get("media") or {}).get(content_id)
    if entry is None or entry.get("status") != "READY":
        raise conflict("MEDIA_NOT_READY", "This content has no file ready to play yet")
    key = entry.get("playKey") or entry["key"]
    prefix = entry.get("prefix") or key.rsplit("/", 1)[0] + "/"
    # A SCORM launch page may carry parameters of its own (`index.html?mode=normal`): an S3 key cannot.
    launch_query = str(entry.get("launchPath") or "").partition("?")[2] if kind == "scorm" else ""
    access = cdn.sign(prefix, key, clock.now(), launch_query)
    return PlayOut(type=kind, url=access.url, expires_at=clock.to_iso(access.expires_at)), access
