"""The learning hub's rules for courses (authoring, lifecycle, catalogue), batches, certificates and karma.
Enrolments live in enrolments.py, progress and assessments in progress.py. No HTTP here, no boto3."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from typing import Any

from functions.learning import repository
from functions.learning.models import (
    Batch,
    BatchIn,
    Certificate,
    Course,
    CourseIn,
    CourseStats,
    CourseSummary,
    CourseUpdate,
    Karma,
    KarmaEntry,
    Leaderboard,
    LeaderboardEntry,
    valid_month,
)
from karmayogi.domain import karma, profiles, search
from karmayogi.platform import clock, idempotency, keys
from karmayogi.platform.errors import bad_request, conflict, forbidden, not_found
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.roles import CONTENT_CREATOR, CONTENT_PUBLISHER, MDO_ADMIN, PROGRAM_COORDINATOR, SPV_ADMIN

IST = timedelta(hours=5, minutes=30)
PUBLISHERS = (CONTENT_PUBLISHER, MDO_ADMIN)
BATCH_MANAGERS = (MDO_ADMIN, PROGRAM_COORDINATOR)


def today() -> date:
    """Today in India (batch dates are Indian calendar dates)."""
    return (clock.now().astimezone(UTC) + IST).date()


def course_not_found() -> Exception:
    return not_found("The course", "COURSE_NOT_FOUND")


# ---- who may see and change a course -----------------------------------------------------------------------

def _is_author(caller: Caller, course: dict[str, Any]) -> bool:
    return course.get("authorId") == caller.user_id


def _is_publisher_of(caller: Caller, course: dict[str, Any]) -> bool:
    """A CONTENT_PUBLISHER or MDO_ADMIN of the course's providing org (SPV_ADMIN: any course)."""
    if caller.is_spv_admin:
        return True
    return caller.has_role(*PUBLISHERS) and caller.org_id == course.get("providerOrgId")


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


def _split(course_id: str, body: CourseIn) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """The course's modules as stored (no answers) and its quiz items (with answers)."""
    modules: list[dict[str, Any]] = []
    quizzes: list[dict[str, Any]] = []
    duration = 0
    for module in body.modules:
        contents = []
        for content in module.contents:
            quiz = None
            if content.quiz is not None:
                quiz = content.quiz.model_dump(by_alias=True)
                quizzes.append(repository.quiz_item(course_id, content.id, {**quiz, "title": content.title}))
            stored = content.model_dump(by_alias=True, exclude={"quiz"}, mode="json", exclude_none=True)
            contents.append(_content_view(stored, quiz))
            duration += content.duration_minutes
        modules.append({"id": module.id, "title": module.title, "contents": contents})
    return modules, quizzes, duration


def _course_fields(course_id: str, body: CourseIn) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    modules, quizzes, duration = _split(course_id, body)
    fields = {
        "title": body.title,
        "description": body.description,
        "language": body.language,
        "competencies": [c.model_dump(by_alias=True) for c in body.competencies],
        "modules": modules,
        "durationMinutes": duration,
    }
    return fields, quizzes


def create_course(caller: Caller, body: CourseIn, idempotency_key: str | None) -> tuple[int, dict[str, Any]]:
    caller.require_role(CONTENT_CREATOR, SPV_ADMIN)

    def create() -> tuple[int, dict[str, Any]]:
        course = new_course_item(caller.user_id, caller.org_id, body)
        return 201, course_view(course).model_dump(by_alias=True)

    return idempotency.run_once(caller.user_id, "POST /courses", idempotency_key, create)


def new_course_item(author_id: str, provider_org_id: str, body: CourseIn, course_id: str | None = None,
                    status: str = "Draft") -> dict[str, Any]:
    """Store a new course (a Draft unless `status` says otherwise: the seeder)."""
    course_id = course_id or keys.new_id()
    now = clock.now_iso()
    fields, quizzes = _course_fields(course_id, body)
    pk, sk = keys.course_key(course_id)
    course = {
        "PK": pk, "SK": sk, "entityType": "Course", "id": course_id, **fields,
        "status": status, "authorId": author_id, "providerOrgId": provider_org_id,
        "version": 1, "createdAt": now, "updatedAt": now,
        "GSI1PK": keys.courses_by_author_gsi(author_id), "GSI1SK": f"{now}#{course_id}",
    }
    repository.create_course(course, quizzes)
    return course


def update_course(caller: Caller, course_id: str, body: CourseUpdate) -> Course:
    course = repository.get_course(course_id, consistent=True)
    if course is None or not (_is_author(caller, course) or caller.is_spv_admin):
        if course is not None and can_read(caller, course):
            raise forbidden("Only the course's author may change it")
        raise course_not_found()
    caller.require_role(CONTENT_CREATOR, SPV_ADMIN)
    if course["status"] != "Draft":
        raise conflict("COURSE_NOT_DRAFT", "Only a Draft can be changed", {"status": course["status"]})
    fields, quizzes = _course_fields(course_id, body)
    now = clock.now_iso()
    old_quizzes = {c["id"] for m in course["modules"] for c in m["contents"] if c["type"] == "quiz"}
    new_quizzes = {q["contentId"] for q in quizzes}
    updated = {**course, **fields, "version": body.version + 1, "updatedAt": now,
               "GSI1SK": f"{now}#{course_id}"}
    repository.replace_draft(updated, body.version, quizzes, sorted(old_quizzes - new_quizzes))
    return course_view(updated)


def submit_for_review(caller: Caller, course_id: str, version: int | None) -> Course:
    course = repository.get_course(course_id, consistent=True)  # the transition's condition is on what it read
    if course is None or not can_read(caller, course):
        raise course_not_found()
    if not (_is_author(caller, course) or caller.is_spv_admin):
        raise forbidden("Only the course's author submits it for review")
    now = clock.now_iso()
    updated = repository.transition(course_id, "Draft", "Review", {
        "submittedAt": now, "updatedAt": now, "GSI1SK": f"{now}#{course_id}",
        "GSI3PK": keys.course_review_queue_gsi(), "GSI3SK": f"{now}#{course_id}",
    }, expected_version=version, current=course)
    return course_view(updated)


def publish(caller: Caller, course_id: str, version: int | None) -> Course:
    course = _for_publisher(caller, course_id)
    now = clock.now_iso()
    updated = repository.transition(course["id"], "Review", "Live", {
        "publishedAt": now, "publishedBy": caller.user_id, "updatedAt": now, "GSI1SK": f"{now}#{course_id}",
    }, expected_version=version, remove=("GSI3PK", "GSI3SK"), current=course)
    return course_view(updated)


def retire(caller: Caller, course_id: str, version: int | None) -> Course:
    course = _for_publisher(caller, course_id)
    now = clock.now_iso()
    updated = repository.transition(course["id"], "Live", "Retired", {
        "retiredAt": now, "retiredBy": caller.user_id, "updatedAt": now, "GSI1SK": f"{now}#{course_id}",
    }, expected_version=version, current=course)
    return course_view(updated)


def _for_publisher(caller: Caller, course_id: str) -> dict[str, Any]:
    course = repository.get_course(course_id, consistent=True)  # the transition's condition is on what it read
    if course is None or not can_read(caller, course):
        raise course_not_found()
    caller.require_role(*PUBLISHERS, SPV_ADMIN)
    if not _is_publisher_of(caller, course):
        raise forbidden("Only a publisher or MDO admin of the course's organisation may do this")
    return course


def course_view(course: dict[str, Any]) -> Course:
    return Course.model_validate(course)


def get_course(caller: Caller, course_id: str) -> Course:
    return course_view(readable_course(caller, course_id))


def course_stats(caller: Caller, course_id: str) -> CourseStats:
    course = readable_course(caller, course_id)
    if not (_is_author(caller, course) or _is_publisher_of(caller, course) or caller.has_role(*BATCH_MANAGERS)):
        raise forbidden("Course statistics are for its authors, publishers and batch managers")
    return CourseStats(course_id=course_id, **repository.course_counts(course_id))


# ---- catalogue ---------------------------------------------------------------------------------------------

def list_courses(caller: Caller, q: str | None, competency_id: str | None, mine: bool, status: str | None,
                 limit: int, cursor: str | None) -> PageOf[CourseSummary]:
    """The Live catalogue (filter by competency, search title words); `mine` = the caller's own
    courses in any status; `status=Review` = the review queue (publishers)."""
    if mine:
        page = repository.courses_by_author(caller.user_id, limit, cursor)
    elif status == "Review":
        caller.require_role(*PUBLISHERS, SPV_ADMIN)
        page = repository.review_queue(limit, cursor)
        page.items = [c for c in page.items if _is_publisher_of(caller, c)]
    elif q:
        if len(q.strip()) < search.MIN_QUERY_LENGTH or not search.query_words(q):
            raise bad_request("QUERY_TOO_SHORT", f"Search needs at least {search.MIN_QUERY_LENGTH} characters")
        page = repository.search_catalogue(q, limit, cursor)
        if competency_id:
            page.items = [c for c in page.items if competency_id in c.get("competencyIds", [])]
    else:
        page = repository.catalogue_page(competency_id, limit, cursor)
    items = [CourseSummary.model_validate({**c, "id": c.get("entityId", c["id"])}) for c in page.items]
    return PageOf[CourseSummary](items=items, next_cursor=page.next_cursor)


# ---- batches ---------------------------------------------------------------------------------------------

def _batch_view(batch: dict[str, Any], taken: int) -> Batch:
    return Batch.model_validate({**batch, "seatsTaken": taken})


def _check_dates(body: BatchIn) -> None:
    problems = []
    if body.end_date < body.start_date:
        problems.append({"field": "endDate", "message": "endDate is before startDate"})
    if body.enrollment_end_date > body.end_date:
        problems.append({"field": "enrollmentEndDate", "message": "enrollmentEndDate is after endDate"})
    start = body.enrollment_start_date
    if start and start > body.enrollment_end_date:
        problems.append({"field": "enrollmentStartDate", "message": "enrollmentStartDate is after enrollmentEndDate"})
    if body.end_date < today():
        problems.append({"field": "endDate", "message": "endDate is in the past"})
    if problems:
        raise bad_request("INVALID_DATES", "The batch's dates contradict each other", problems)


def create_batch(caller: Caller, course_id: str, body: BatchIn, idempotency_key: str | None) -> tuple[int, dict[str, Any]]:
    course = repository.get_course(course_id)
    if course is None or not can_read(caller, course):
        raise course_not_found()
    caller.require_role(*BATCH_MANAGERS, SPV_ADMIN)
    if body.org_id and body.org_id != caller.org_id and not caller.is_spv_admin:
        raise forbidden("A batch can be restricted only to your own organisation")
    if course["status"] != "Live":
        raise conflict("COURSE_NOT_LIVE", "Batches are for Live courses", {"status": course["status"]})
    _check_dates(body)

    def create() -> tuple[int, dict[str, Any]]:
        batch = new_batch_item(course_id, body, caller.user_id, caller.org_id)
        return 201, _batch_view(batch, 0).model_dump(by_alias=True)

    return idempotency.run_once(caller.user_id, f"POST /courses/{course_id}/batches", idempotency_key, create)


def new_batch_item(course_id: str, body: BatchIn, created_by: str, created_by_org: str,
                   batch_id: str | None = None) -> dict[str, Any]:
    batch_id = batch_id or keys.new_id()
    pk, sk = keys.batch_key(course_id, batch_id)
    batch = {
        "PK": pk, "SK": sk, "entityType": "Batch", "id": batch_id, "courseId": course_id, "name": body.name,
        "startDate": body.start_date.isoformat(), "endDate": body.end_date.isoformat(),
        "enrollmentStartDate": (body.enrollment_start_date or min(today(), body.enrollment_end_date)).isoformat(),
        "enrollmentEndDate": body.enrollment_end_date.isoformat(),
        "seats": body.seats, "seatShards": keys.batch_seat_shards(body.seats),
        "requiresApproval": body.requires_approval,
        "createdBy": created_by, "createdByOrgId": created_by_org, "createdAt": clock.now_iso(), "version": 1,
    }
    if body.org_id:
        batch["orgId"] = body.org_id
    repository.put_batch(batch)
    return batch


def list_batches(caller: Caller, course_id: str, limit: int, cursor: str | None) -> PageOf[Batch]:
    """A Live course's batches are for everyone (the page that reaches the course's catalogue card proves
    it Live); otherwise the course is read and its readers decide."""
    page, live = repository.list_batches(course_id, limit, cursor)
    if not live:
        readable_course(caller, course_id)
    taken = repository.seats_taken(page.items)
    return PageOf[Batch](items=[_batch_view(b, taken[b["id"]]) for b in page.items], next_cursor=page.next_cursor)


# ---- certificates ------------------------------------------------------------------------------------------

def verify_certificate(certificate_id: str) -> Certificate:
    item = repository.get_certificate(certificate_id) if len(certificate_id) <= 64 else None
    if item is None:
        raise not_found("The certificate", "CERTIFICATE_NOT_FOUND")
    return Certificate.model_validate(item)


def my_certificates(caller: Caller, limit: int, cursor: str | None) -> PageOf[Certificate]:
    page = repository.user_certificates(caller.user_id, limit, cursor)
    return PageOf[Certificate](items=[Certificate.model_validate(c) for c in page.items],
                               next_cursor=page.next_cursor)


# ---- karma -------------------------------------------------------------------------------------------------

def my_karma(caller: Caller, limit: int, cursor: str | None) -> Karma:
    page = repository.karma_ledger(caller.user_id, limit, cursor)
    total = int(caller.profile.get("karmaPoints", 0))
    return Karma(total=total, ledger=[KarmaEntry.model_validate(e) for e in page.items], next_cursor=page.next_cursor)


def leaderboard(caller: Caller, org_id: str, month: str | None, limit: int) -> Leaderboard:
    if not caller.is_spv_admin and caller.org_id != org_id:
        raise forbidden("The leaderboard is for the organisation's members")
    month = month or karma.month_of()
    if not valid_month(month):
        raise bad_request("INVALID_MONTH", "month is YYYY-MM", [{"field": "month", "message": "use YYYY-MM"}])
    rows = repository.leaderboard(org_id, month, limit)
    people = profiles.get_profiles([r["userId"] for r in rows])
    items = []
    for rank, row in enumerate(rows, start=1):
        person = people.get(row["userId"], {})
        items.append(LeaderboardEntry(rank=rank, user_id=row["userId"], name=person.get("name", ""),
                                      designation=person.get("designation"), points=int(row["monthPoints"])))
    return Leaderboard(org_id=org_id, month=month, items=items)
