"""Managing a batch after it is made: its batch managers (MDO_ADMIN / PROGRAM_COORDINATOR of the org that
made it, or an SPV_ADMIN) change its name, seats and dates, and see its waitlist in order. Seats never go
below the seats taken; more seats go to the waitlist at once. No HTTP, no boto3: the repository stores."""

from __future__ import annotations

from datetime import date
from typing import Any

from botocore.exceptions import ClientError

from functions.learning import enrolments
from functions.learning.batch_models import BatchUpdate, BatchWaitlist, WaitlistPlace
from functions.learning.batches import _batch_view, today
from functions.learning.courses import BATCH_MANAGERS
from functions.learning.models import Batch
from functions.learning.repository import batches as repository
from karmayogi.platform import clock
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import AppError, bad_request, conflict, forbidden, not_found, stale_version
from karmayogi.platform.identity import Caller
from karmayogi.platform.observability import logger

SEAT_RETRIES = 3  # learners taking seats while the seats change: read the shards again


def batch_not_found() -> AppError:
    return not_found("The batch", "BATCH_NOT_FOUND")


def managed_batch(caller: Caller, course_id: str, batch_id: str) -> dict[str, Any]:
    """The batch, for its managers: the org that made it (MDO_ADMIN, PROGRAM_COORDINATOR) or SPV_ADMIN."""
    batch = repository.get_batch(course_id, batch_id, consistent=True)
    if batch is None:
        raise batch_not_found()
    if caller.is_spv_admin:
        return batch
    caller.require_role(*BATCH_MANAGERS)
    if batch.get("createdByOrgId") != caller.org_id:
        raise forbidden("Only the organisation that made the batch manages it", "NOT_BATCH_MANAGER")
    return batch


def _check(batch: dict[str, Any], after: dict[str, Any]) -> None:
    start, end = date.fromisoformat(after["startDate"]), date.fromisoformat(after["endDate"])
    enrol_start, enrol_end = (date.fromisoformat(after["enrollmentStartDate"]),
                              date.fromisoformat(after["enrollmentEndDate"]))
    problems = []
    if end < start:
        problems.append({"field": "endDate", "message": "endDate is before startDate"})
    if enrol_end > end:
        problems.append({"field": "enrollmentEndDate", "message": "enrollmentEndDate is after endDate"})
    if enrol_end < enrol_start:
        problems.append({"field": "enrollmentEndDate", "message": "enrollmentEndDate is before enrollmentStartDate"})
    if end < today():
        problems.append({"field": "endDate", "message": "endDate is in the past"})
    if after["startDate"] != batch["startDate"] and start < today():
        problems.append({"field": "startDate", "message": "startDate is in the past"})
    if problems:
        raise bad_request("INVALID_DATES", "The batch's dates contradict each other", problems)


def _shard_seats(shards: list[dict[str, Any]], seats: int) -> dict[int, int]:
    """New seats per shard: each keeps the seats it has taken, the free ones are spread evenly."""
    taken = {int(s["shard"]): int(s.get("taken", 0)) for s in shards}
    free = seats - sum(taken.values())
    if free < 0:
        raise conflict("SEATS_BELOW_TAKEN", f"{sum(taken.values())} seats are taken; the batch cannot have fewer",
                       {"seatsTaken": sum(taken.values())})
    count = len(taken)
    return {shard: taken[shard] + free // count + (1 if i < free % count else 0)
            for i, shard in enumerate(sorted(taken))}


def update_batch(caller: Caller, course_id: str, batch_id: str, body: BatchUpdate) -> Batch:
    batch = managed_batch(caller, course_id, batch_id)
    if date.fromisoformat(batch["endDate"]) < today():
        raise conflict("BATCH_ENDED", "The batch has ended; it can no longer be changed")
    if int(batch.get("version", 1)) != body.version:
        raise stale_version()
    changes: dict[str, Any] = {}
    if "name" in body.model_fields_set:
        changes["name"] = body.name
    for field, attribute in (("start_date", "startDate"), ("end_date", "endDate"),
                             ("enrollment_end_date", "enrollmentEndDate")):
        value = getattr(body, field)
        if field in body.model_fields_set and value is not None:
            changes[attribute] = value.isoformat()
    if body.seats is not None:
        changes["seats"] = body.seats
    _check(batch, {**batch, **changes})
    for attempt in range(SEAT_RETRIES):
        shards = repository.seat_shards_of(batch)
        shard_seats = _shard_seats(shards, body.seats) if body.seats is not None else None
        try:
            updated = repository.update_batch(batch, body.version, changes, shard_seats, clock.now_iso())
        except ConditionFailed as failed:
            if failed.reason == repository.SEAT and attempt + 1 < SEAT_RETRIES:
                continue  # a learner took a seat meanwhile: count again
            if failed.reason == repository.SEAT:
                raise conflict("SEATS_BELOW_TAKEN", "Learners are taking the seats; try again") from failed
            raise stale_version() from failed
        break
    # The edit is written. What follows is best effort, so that a failing read or write after the commit never
    # turns a done edit into an error: the new seats go to the learners waiting (first come, first served; a
    # promotion that fails is made by the next freed seat or edit), and the answer's count of seats taken.
    taken_before = sum(int(shard.get("taken", 0)) for shard in shards)
    grown = body.seats is not None and body.seats > int(batch["seats"])
    try:
        if grown:
            enrolments.promote_if_seat_free({"id": batch_id, "batchId": batch_id,
                                             "seatShards": int(batch.get("seatShards") or 1),
                                             "requiresApproval": bool(batch.get("requiresApproval"))})
        taken = repository.seats_taken([updated], consistent=True)[batch_id]
    except (AppError, ClientError) as error:
        logger.warning("batch edited; waitlist promotion or seat count deferred",
                       extra={"batchId": batch_id, "error": type(error).__name__})
        taken = taken_before
    return _batch_view(updated, taken)


def waitlist(caller: Caller, course_id: str, batch_id: str, limit: int) -> BatchWaitlist:
    batch = managed_batch(caller, course_id, batch_id)
    items, more = repository.waitlist_page(batch_id, limit)
    places = [WaitlistPlace.model_validate({**e, "position": i + 1, "enrolmentId": e["id"],
                                            "waitlistedAt": e.get("waitlistedAt") or e.get("updatedAt", "")})
              for i, e in enumerate(items)]
    taken = repository.seats_taken([batch], consistent=True)[batch_id]
    return BatchWaitlist(batch_id=batch_id, seats=int(batch["seats"]), seats_taken=taken, items=places, more=more)
