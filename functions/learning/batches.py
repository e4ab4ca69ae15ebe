"""The learning hub's rules for batches: who creates one for which course, the dates that make sense, and
the batches' list with the seats taken. A batch's dates are Indian calendar dates (`today`). No HTTP here,
no boto3, no items or keys: the repository stores (its seat shards too)."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from typing import Any

from functions.learning import repository
from functions.learning.courses import BATCH_MANAGERS, can_read, course_not_found, readable_course
from functions.learning.models import Batch, BatchIn
from karmayogi.platform import clock
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import bad_request, conflict, forbidden
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.roles import SPV_ADMIN

IST = timedelta(hours=5, minutes=30)


def today() -> date:
    """Today in India (batch dates are Indian calendar dates)."""
    return (clock.now().astimezone(UTC) + IST).date()


def _batch_view(batch: dict[str, Any], taken: int) -> Batch:
    return Batch.model_validate({**batch, "seatsTaken": taken})


def _check_dates(body: BatchIn) -> None:
    problems = []
    if body.end_date < body.start_date:
        problems.append({"field": "endDate", "message": "endDate is before startDate", "reason": "before_start"})
    if body.enrollment_end_date > body.end_date:
        problems.append({"field": "enrollmentEndDate", "message": "enrollmentEndDate is after endDate", "reason": "after_end"})
    start = body.enrollment_start_date
    if start and start > body.enrollment_end_date:
        problems.append({"field": "enrollmentStartDate", "message": "enrollmentStartDate is after enrollmentEndDate",
                         "reason": "after_enrollment_end"})
    if body.end_date < today():
        problems.append({"field": "endDate", "message": "endDate is in the past", "reason": "in_past"})
    if problems:
        raise bad_request("INVALID_DATES", "The batch's dates contradict each other", problems)


def create_batch(caller: Caller, course_id: str, body: BatchIn) -> Batch:
    course = repository.get_course(course_id)
    if course is None or not can_read(caller, course):
        raise course_not_found()
    caller.require_role(*BATCH_MANAGERS, SPV_ADMIN)
    if body.org_id and body.org_id != caller.org_id and not caller.is_spv_admin:
        raise forbidden("A batch can be restricted only to your own organisation")
    if course["status"] != "Live":
        raise conflict("COURSE_NOT_LIVE", "Batches are for Live courses", {"status": course["status"]})
    _check_dates(body)
    return _batch_view(new_batch_item(course_id, body, caller.user_id, caller.org_id), 0)


def new_batch_item(course_id: str, body: BatchIn, created_by: str, created_by_org: str,
                   batch_id: str | None = None) -> dict[str, Any]:
    """Store a new batch of a course (a new id unless `batch_id` is given: the seeder); the stored batch."""
    fields: dict[str, Any] = {
        "name": body.name, **({"nameHi": body.name_hi} if body.name_hi else {}), "startDate": body.start_date.isoformat(), "endDate": body.end_date.isoformat(),
        "enrollmentStartDate": (body.enrollment_start_date or min(today(), body.enrollment_end_date)).isoformat(),
        "enrollmentEndDate": body.enrollment_end_date.isoformat(),
        "seats": body.seats, "requiresApproval": body.requires_approval,
        "createdBy": created_by, "createdByOrgId": created_by_org,
    }
    if body.org_id:
        fields["orgId"] = body.org_id
    try:
        return repository.create_batch(course_id, batch_id, fields, clock.now_iso())
    except ConditionFailed as failed:
        if failed.reason == repository.BATCH:
            raise conflict("BATCH_EXISTS", "The batch exists already") from failed
        raise


def list_batches(caller: Caller, course_id: str, limit: int, cursor: str | None) -> PageOf[Batch]:
    """A Live course's batches are for everyone (the page that reaches the course's catalogue card proves
    it Live); otherwise the course is read and its readers decide."""
    page, live = repository.list_batches(course_id, limit, cursor)
    if not live:
        readable_course(caller, course_id)
    taken = repository.seats_taken(page.items)
    return PageOf[Batch](items=[_batch_view(b, taken[b["id"]]) for b in page.items], next_cursor=page.next_cursor)
