"""The learning hub's rules for courses: who may read and change one, authoring, the lifecycle (Draft →
Review → Live → Retired) and the catalogue. Batches live in batches.py, enrolments in enrolments.py,
progress and assessments in progress.py, certificates and karma in achievements.py. No HTTP here, no
boto3, no items or keys: the repository stores."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from functions.learning import repository
from functions.learning.models import (
    MEDIA_CONTENT_TYPES,
    Course,
    CourseIn,
    CourseStats,
    CourseUpdate,
)
from karmayogi.platform import clock
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import AppError, bad_request, conflict, forbidden, not_found, stale_version
from karmayogi.platform.identity import Caller
from karmayogi.platform.roles import CONTENT_CREATOR, CONTENT_PUBLISHER, MDO_ADMIN, PROGRAM_COORDINATOR, SPV_ADMIN

PUBLISHERS = (CONTENT_PUBLISHER, MDO_ADMIN)
# An upload still PROCESSING this long after its completion is shown REJECTED (uploads.py)
PROCESSING_TIMEOUT = timedelta(minutes=30)
TIMED_OUT = "processing did not finish; upload the file again"
MEDIA_FIELDS = ("status", "reason", "durationSeconds", "pageCount", "mediaType", "sizeBytes", "uploadId")
BATCH_MANAGERS = (MDO_ADMIN, PROGRAM_COORDINATOR)


def course_not_found() -> AppError:
    return not_found("The course", "COURSE_NOT_FOUND")


# ---- who may see and change a course -----------------------------------------------------------------------

def _is_author(caller: Caller, course: dict[str, Any]) -> bool:
    return course.get("authorId") == caller.user_id


def _is_publisher_of(caller: Caller, course: dict[str, Any]) -> bool:
    """A CONTENT_PUBLISHER or MDO_ADMIN of the course's providing org (SPV_ADMIN: any course)."""
    if caller.is_spv_admin:
        return True
    return caller.has_role(*PUBLISHERS) and caller.org_id == course.get("providerOrgId")


def may_review(caller: Caller, course: dict[str, Any]) -> bool:
    """Its author, and those who review and publish it (a CONTENT_PUBLISHER or MDO_ADMIN of its providing
    org, an SPV_ADMIN): who may look at any of its contents without being enrolled (preview)."""
    return _is_author(caller, course) or _is_publisher_of(caller, course)


def can_read(caller: Caller, course: dict[str, Any]) -> bool:
    """Live: everyone. Draft/Review: the author and the publishers. Retired: those plus learners who
    were enrolled in it."""
    status = course["status"]
    if status == "Live":
        return True
    if _is_author(caller, course) or _is_publisher_of(caller, course):
        return True
    if status == "Retired":
        return repository.get_active_enrolment(caller.user_id, course["id"]) is not None
    return False


def readable_course(caller: Caller, course_id: str) -> dict[str, Any]:
    course = repository.get_course(course_id)
    if course is None or not can_read(caller, course):
        raise course_not_found()
    return course


# ---- authoring -----------------------------------------------------------------------------------------------

def _content_view(content: dict[str, Any], quiz: dict[str, Any] | None) -> dict[str, Any]:
    view = {k: v for k, v in content.items() if k in ("id", "title", "type", "durationMinutes", "mandatory", "url")}
    if quiz is not None:
        view.update({"questionCount": len(quiz["questions"]), "passPercent": quiz["passPercent"],
                     "maxAttempts": quiz["maxAttempts"]})
    return view


def _split(body: CourseIn, stored: dict[str, dict[str, Any]] | None = None,
           ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """The course's modules as shown (no answers) and its quizzes (with answers, each naming its
    `contentId`). A quiz content sent without its quiz keeps its `stored` one (PUT); none stored: 400."""
    modules: list[dict[str, Any]] = []
    quizzes: list[dict[str, Any]] = []
    duration = 0
    for module in body.modules:
        contents: list[dict[str, Any]] = []
        for content in module.contents:
            quiz = None
            if content.quiz is not None:
                quiz = content.quiz.model_dump(by_alias=True)
            elif content.type == "quiz":
                quiz = _kept_quiz(stored, content.id, len(modules), len(contents))
            if quiz is not None:
                quizzes.append({"contentId": content.id, **quiz, "title": content.title})
            shown = content.model_dump(by_alias=True, exclude={"quiz"}, mode="json", exclude_none=True)
            contents.append(_content_view(shown, quiz))
            duration += content.duration_minutes
        modules.append({"id": module.id, "title": module.title, "contents": contents})
    return modules, quizzes, duration


def _kept_quiz(stored: dict[str, dict[str, Any]] | None, content_id: str, m: int, c: int) -> dict[str, Any]:
    kept = (stored or {}).get(content_id)
    if kept is None:
        raise bad_request("QUIZ_REQUIRED", "A quiz content needs its questions",
                          [{"field": f"modules.{m}.contents.{c}.quiz", "message": "a quiz content needs its quiz"}])
    return {k: kept[k] for k in ("passPercent", "maxAttempts", "questions")}


def _stored_quizzes(course: dict[str, Any], body: CourseIn) -> dict[str, dict[str, Any]]:
    """The stored quizzes of the quiz contents a PUT sends without their quiz (one read each)."""
    wanted = {c.id for m in body.modules for c in m.contents if c.type == "quiz" and c.quiz is None}
    quizzes = {cid: repository.get_quiz(course["id"], cid) for cid in sorted(wanted)}
    return {cid: q for cid, q in quizzes.items() if q is not None}


def _course_fields(body: CourseIn, stored: dict[str, dict[str, Any]] | None = None,
                   ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    modules, quizzes, duration = _split(body, stored)
    fields = {
        "title": body.title,
        "description": body.description,
        "language": body.language,
        "competencies": [c.model_dump(by_alias=True) for c in body.competencies],
        "modules": modules,
        "durationMinutes": duration,
    }
    return fields, quizzes


def create_course(caller: Caller, body: CourseIn) -> Course:
    caller.require_role(CONTENT_CREATOR, SPV_ADMIN)
    return course_view(new_course_item(caller.user_id, caller.org_id, body))


def new_course_item(author_id: str, provider_org_id: str, body: CourseIn, course_id: str | None = None,
                    status: str = "Draft") -> dict[str, Any]:
    """Store a new course (a Draft unless `status` says otherwise: the seeder); the stored course."""
    fields, quizzes = _course_fields(body)
    try:
        return repository.create_course(course_id, fields, quizzes, author_id=author_id,
                                        provider_org_id=provider_org_id, status=status, now=clock.now_iso())
    except ConditionFailed as failed:
        if failed.reason == repository.COURSE:
            raise conflict("COURSE_EXISTS", "A course with this id exists already") from failed
        raise


def update_course(caller: Caller, course_id: str, body: CourseUpdate) -> Course:
    course = repository.get_course(course_id, consistent=True)
    if course is None or not (_is_author(caller, course) or caller.is_spv_admin):
        if course is not None and can_read(caller, course):
            raise forbidden("Only the course's author may change it")
        raise course_not_found()
    caller.require_role(CONTENT_CREATOR, SPV_ADMIN)
    if course["status"] != "Draft":
        raise conflict("COURSE_NOT_DRAFT", "Only a Draft can be changed", {"status": course["status"]})
    fields, quizzes = _course_fields(body, _stored_quizzes(course, body))
    old_quizzes = {c["id"] for m in course["modules"] for c in m["contents"] if c["type"] == "quiz"}
    new_quizzes = {q["contentId"] for q in quizzes}
    try:
        updated = repository.replace_draft(course, fields, body.version, quizzes, sorted(old_quizzes - new_quizzes),
                                           clock.now_iso())
    except ConditionFailed as failed:
        if failed.reason != repository.COURSE:
            raise
        current = repository.get_course(course_id, consistent=True)
        if current is None:
            raise course_not_found() from failed
        if current["status"] != "Draft":
            raise conflict("COURSE_NOT_DRAFT", "Only a Draft can be changed") from failed
        raise stale_version() from failed
    return course_view(updated)


def _transition_refused(failed: ConditionFailed, course: dict[str, Any], needs: str) -> AppError:
    """What a refused lifecycle transition (repository.transition's reasons) tells the client."""
    if failed.reason == "missing":
        return course_not_found()
    if failed.reason == "status":
        return conflict("INVALID_STATUS", f"The course is {course['status']}; this needs {needs}",
                        {"status": course["status"]})
    return stale_version()  # "stale": not the version the client saw; "course": changed since it was read


def submit_for_review(caller: Caller, course_id: str, version: int | None) -> Course:
    course = repository.get_course(course_id, consistent=True)  # the transition's condition is on what it read
    if course is None or not can_read(caller, course):
        raise course_not_found()
    if not (_is_author(caller, course) or caller.is_spv_admin):
        raise forbidden("Only the course's author submits it for review")
    waiting = contents_without_ready_media(course)
    if waiting:
        raise conflict("MEDIA_NOT_READY", "Every video, audio, pdf and scorm content needs its file READY before "
                       "review: upload the missing files and wait for their processing", {"contentIds": waiting})
    try:
        return course_view(repository.submit_for_review(course, clock.now_iso(), version))
    except ConditionFailed as failed:
        raise _transition_refused(failed, course, "Draft") from failed


def publish(caller: Caller, course_id: str, version: int | None) -> Course:
    course = _for_publisher(caller, course_id)
    try:
        return course_view(repository.publish(course, caller.user_id, clock.now_iso(), version))
    except ConditionFailed as failed:
        raise _transition_refused(failed, course, "Review") from failed


def retire(caller: Caller, course_id: str, version: int | None) -> Course:
    course = _for_publisher(caller, course_id)
    try:
        return course_view(repository.retire(course, caller.user_id, clock.now_iso(), version))
    except ConditionFailed as failed:
        raise _transition_refused(failed, course, "Live") from failed


def _for_publisher(caller: Caller, course_id: str) -> dict[str, Any]:
    course = repository.get_course(course_id, consistent=True)  # the transition's condition is on what it read
    if course is None or not can_read(caller, course):
        raise course_not_found()
    caller.require_role(*PUBLISHERS, SPV_ADMIN)
    if not _is_publisher_of(caller, course):
        raise forbidden("Only a publisher or MDO admin of the course's organisation may do this")
    return course


def course_view(course: dict[str, Any]) -> Course:
    if not course.get("pending") and not course.get("media"):
        return Course.model_validate(course)
    modules = []
    for module in course["modules"]:
        contents = []
        for content in module["contents"]:
            entry = media_entry(course, content["id"])
            media = {k: v for k, v in entry.items() if k in MEDIA_FIELDS} if entry else None
            contents.append({**content, "media": media})
        modules.append({**module, "contents": contents})
    return Course.model_validate({**course, "modules": modules})


def contents_without_ready_media(course: dict[str, Any]) -> list[str]:
    """The ids of the course's video, audio, pdf and scorm contents that have no READY file, or whose new
    upload is still PROCESSING (the file under review must be the one learners get)."""
    media = course.get("media") or {}
    waiting = []
    for module in course.get("modules", []):
        for content in module["contents"]:
            if content["type"] not in MEDIA_CONTENT_TYPES:
                continue
            ready = (media.get(content["id"]) or {}).get("status") == "READY"
            shown = media_entry(course, content["id"])
            if not ready or (shown is not None and shown["status"] == "PROCESSING"):
                waiting.append(content["id"])
    return waiting


def media_entry(course: dict[str, Any], content_id: str) -> dict[str, Any] | None:
    """A content's newest upload while it is pending (PROCESSING, or REJECTED), else its READY file; a
    PROCESSING past PROCESSING_TIMEOUT is REJECTED (the rule that no content stays PROCESSING for ever)."""
    entry = (course.get("pending") or {}).get(content_id) or (course.get("media") or {}).get(content_id)
    if entry is None:
        return None
    if entry["status"] == "PROCESSING" and clock.parse_iso(entry["startedAt"]) + PROCESSING_TIMEOUT < clock.now():
        return {**entry, "status": "REJECTED", "reason": TIMED_OUT}
    return dict(entry)


def get_course(caller: Caller, course_id: str) -> Course:
    return course_view(readable_course(caller, course_id))


def course_stats(caller: Caller, course_id: str) -> CourseStats:
    course = readable_course(caller, course_id)
    if not (_is_author(caller, course) or _is_publisher_of(caller, course) or caller.has_role(*BATCH_MANAGERS)):
        raise forbidden("Course statistics are for its authors, publishers and batch managers")
    return CourseStats(course_id=course_id, **repository.course_counts(course_id))
