"""The events hub's rules for events themselves: who may organise them; their times; publishing, editing,
rescheduling and cancelling, with the reminder schedules that follow (scheduled when an event is
published, moved when it is rescheduled, deleted when it is cancelled); attendance karma; the iCalendar
file. Registrations are in registrations.py, the delivery of reminders and notices in delivery.py, the
notifications centre in notification_centre.py, the hub's access rules in rules.py. No HTTP here and no
boto3 (repository.py and scheduler.py hold those)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from functions.events import ics, registrations, repository, rules, scheduler
from functions.events.delivery import CANCELLED_KIND, REMINDER_KINDS, REMINDERS
from functions.events.models import (
    AttendanceRequest,
    AttendanceResult,
    Event,
    EventCreate,
    EventUpdate,
    ReminderInput,
    Skipped,
)
from karmayogi.platform import clock, db, keys, roles
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import AppError, conflict, not_found, stale_version
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.observability import logger

IST = rules.IST
MAX_DURATION = timedelta(days=7)
MAX_AHEAD = timedelta(days=730)
MAX_LIST_RANGE = timedelta(days=366)
DEFAULT_LIST_RANGE = timedelta(days=90)
# Cancellation notices go out from the reminder target, on a one-time schedule this long after the
# cancellation (Scheduler fires one-time schedules to the minute).
CANCEL_NOTICE_DELAY = timedelta(minutes=1)
# Why attendance was not credited, by the failed operation of the credit (repository.credit_attendance).
NOT_CREDITED = {"credit": "ALREADY_CREDITED", "profile": "NO_PROFILE", "registration": "NOT_REGISTERED"}


# ---- times ----------------------------------------------------------------------------------------------

def _check_times(start: datetime, end: datetime) -> None:
    now = clock.now()
    problems = []
    if start <= now:
        problems.append({"field": "startTime", "message": "must be in the future", "reason": "not_future"})
    elif start - now > MAX_AHEAD:
        problems.append({"field": "startTime", "message": "must be within two years from now", "reason": "too_far_ahead"})
    if end <= start:
        problems.append({"field": "endTime", "message": "must be after startTime", "reason": "not_after_start"})
    elif end - start > MAX_DURATION:
        problems.append({"field": "endTime", "message": "an event may last at most 7 days", "reason": "event_too_long"})
    if problems:
        raise AppError(400, "VALIDATION_ERROR", "The event's times are not valid", problems)


_SPACED_OFFSET = re.compile(r" (\d\d:?\d\d)$")


def _query_time(text: str, field: str) -> datetime:
    """A time from the query string: ISO-8601 date or date-time; without an offset it is read as IST
    (a `+` that arrived unencoded, as a space, is put back)."""
    try:
        parsed = datetime.fromisoformat(_SPACED_OFFSET.sub(r"+\1", text.strip()).replace("Z", "+00:00"))
    except ValueError as error:
        raise AppError(400, "VALIDATION_ERROR", "The request is not valid",
                       [{"field": field, "message": "must be an ISO-8601 date or time", "reason": "not_a_time"}]) from error
    if not 2000 <= parsed.year <= 2999:
        raise AppError(400, "VALIDATION_ERROR", "The request is not valid",
                       [{"field": field, "message": "must be between the years 2000 and 2999",
                                         "reason": "year_out_of_range"}])
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=IST)
    return parsed.astimezone(UTC)


# ---- reminder schedules ---------------------------------------------------------------------------------

def _schedule_reminders(item: db.Item, *, existing: bool) -> None:
    """Put each reminder whose time is still ahead; with `existing`, delete those whose time has passed
    (or all of them when the event is no longer published)."""
    start = clock.parse_iso(item["startTime"])
    now = clock.now()
    for kind, before, _ in REMINDERS:
        fire_at = start - before
        if item["status"] == repository.PUBLISHED and fire_at > now:
            scheduler.put_schedule(item["id"], kind, fire_at,
                                   ReminderInput(event_id=item["id"], kind=kind,  # type: ignore[arg-type]
                                                 start_time=item["startTime"]).model_dump(by_alias=True))
        elif existing:
            scheduler.delete_schedule(item["id"], kind)


def _unschedule_quietly(item: db.Item, kinds: tuple[str, ...] = REMINDER_KINDS) -> None:
    """Best effort: a schedule left behind finds the event changed and sends nothing."""
    for kind in kinds:
        try:
            scheduler.delete_schedule(item["id"], kind)
        except Exception:
            logger.exception("could not delete a reminder schedule", extra={"eventId": item["id"], "kind": kind})


# ---- events ---------------------------------------------------------------------------------------------

def create_event(caller: Caller, request: EventCreate) -> Event:
    caller.require_role(roles.MDO_ADMIN, roles.SPV_ADMIN)
    item = create_event_for(caller.org_id, caller.user_id, request)
    return rules.view(item)


def create_event_for(org_id: str, created_by: str, request: EventCreate, event_id: str | None = None) -> db.Item:
    """Create (and, unless a draft, publish) an event organised by `org_id`: the item first, then its
    reminder schedules; when scheduling fails the new event is removed again (nothing half-made)."""
    start, end = request.start_time.astimezone(UTC), request.end_time.astimezone(UTC)
    _check_times(start, end)
    now = clock.now_iso()
    event_id = event_id or keys.new_id()
    try:
        item = repository.create_event({
            "id": event_id, "title": request.title, "description": request.description,
            "startTime": clock.to_iso(start), "endTime": clock.to_iso(end), "capacity": request.capacity,
            "audience": request.audience, "orgId": org_id,
            "status": repository.DRAFT if request.draft else repository.PUBLISHED,
            "location": request.location, "joinUrl": request.join_url,
            "createdBy": created_by, "createdAt": now, "updatedAt": now,
        })
    except ConditionFailed as failed:
        raise conflict("EVENT_EXISTS", "An event with this id exists already") from failed
    if item["status"] == repository.PUBLISHED:
        try:
            _schedule_reminders(item, existing=False)
        except Exception:
            repository.delete_unused_event(event_id)
            _unschedule_quietly(item)
            raise
    logger.info("event created", extra={"eventId": event_id, "status": item["status"]})
    return item


def publish_event(caller: Caller, event_id: str) -> Event:
    item = rules.managed_event(caller, event_id)
    if item["status"] == repository.PUBLISHED:
        return rules.view(item)
    if item["status"] == repository.CANCELLED:
        raise conflict("EVENT_CANCELLED", "The event is cancelled")
    if clock.parse_iso(item["startTime"]) <= clock.now():
        raise conflict("EVENT_IN_PAST", "The event's start time has passed; reschedule it first")
    published = {**item, "status": repository.PUBLISHED}
    # Schedules first (a draft has none to disturb), then the item; undo the schedules if the write fails.
    _schedule_reminders(published, existing=False)
    try:
        updated = _update(event_id, item["version"], {"status": repository.PUBLISHED, "updatedAt": clock.now_iso()},
                          listed=published, previous=item)
    except Exception:
        _unschedule_quietly(item)
        raise
    logger.info("event published", extra={"eventId": event_id})
    return rules.view(updated)


def get_event(caller: Caller, event_id: str) -> Event:
    item, registration = repository.get_event_and_registration(event_id, caller.user_id)
    if item is None or not rules.can_see(caller, item):
        raise not_found("The event")
    return rules.view(item, registration["status"] if registration else None)


def list_events(caller: Caller, start: str | None, end: str | None, limit: int, cursor: str | None
                ) -> PageOf[Event]:
    """Published events overlapping [from, to), by start time. Default: the next 90 days from now. A
    cursor carries its window: later pages need not repeat from/to (if they do, they must match)."""
    org_id = _org_of(caller)
    scope = f"events:{org_id}"
    after = None
    if cursor:
        decoded = repository.decode_listing_cursor(cursor, scope)
        if decoded is None:
            raise AppError(400, "INVALID_CURSOR", "The cursor is not valid for this list")
        (low_iso, high_iso, ends_after), after = decoded
        if (start and clock.to_iso(_query_time(start, "from")) != ends_after) or (
                end and clock.to_iso(_query_time(end, "to")) != high_iso):
            raise AppError(400, "INVALID_CURSOR", "The cursor is not valid for this list")
    else:
        low = _query_time(start, "from") if start else clock.now().replace(microsecond=0)
        high = _query_time(end, "to") if end else low + DEFAULT_LIST_RANGE
        if high <= low:
            raise AppError(400, "VALIDATION_ERROR", "The request is not valid",
                           [{"field": "to", "message": "must be after from", "reason": "not_after_start"}])
        if high - low > MAX_LIST_RANGE:
            raise AppError(400, "VALIDATION_ERROR", "The request is not valid",
                           [{"field": "to", "message": "the range may span at most 366 days",
                                             "reason": "range_too_long"}])
        low_iso, high_iso, ends_after = clock.to_iso(low - MAX_DURATION), clock.to_iso(high), clock.to_iso(low)
    page = repository.list_published(org_id, low_iso, high_iso, ends_after, after=after, limit=limit, scope=scope)
    return PageOf[Event](items=[rules.view(i) for i in page.items], next_cursor=page.next_cursor)


def _org_of(caller: Caller) -> str | None:
    """The caller's org (from the token; a caller with neither the claim nor a profile has none)."""
    try:
        return caller.org_id
    except AppError:
        return None


_TIME_FIELDS = ("start_time", "end_time")


def update_event(caller: Caller, event_id: str, request: EventUpdate) -> Event:
    item = rules.managed_event(caller, event_id)
    if item["status"] == repository.CANCELLED:
        raise conflict("EVENT_CANCELLED", "The event is cancelled")
    if clock.parse_iso(item["startTime"]) <= clock.now():
        raise conflict("EVENT_STARTED", "The event has started; it can no longer be changed")
    given = request.model_fields_set - {"version"}
    changes: dict[str, Any] = {}
    remove: list[str] = []
    for field, attribute in (("title", "title"), ("description", "description"), ("capacity", "capacity"),
                             ("audience", "audience")):
        if field in given:
            changes[attribute] = getattr(request, field)
    for field, attribute in (("location", "location"), ("join_url", "joinUrl")):
        if field in given:
            value = getattr(request, field)
            if value is None:
                remove.append(attribute)
            else:
                changes[attribute] = value
    where = {a: item.get(a) for a in ("location", "joinUrl")}
    where.update(dict.fromkeys(remove))
    where.update({a: changes[a] for a in ("location", "joinUrl") if a in changes})
    if not any(where.values()):
        raise AppError(400, "VALIDATION_ERROR", "The request is not valid",
                       [{"field": "location", "message": "give a location or a joinUrl", "reason": "location_or_join_url"}])
    if "capacity" in changes and changes["capacity"] < item.get("registeredCount", 0):
        raise conflict("CAPACITY_BELOW_REGISTERED",
                       f"{item.get('registeredCount', 0)} people are registered; cancel registrations first")
    retimed = bool(given & set(_TIME_FIELDS))
    if retimed:
        start = request.start_time.astimezone(UTC) if request.start_time else clock.parse_iso(item["startTime"])
        end = request.end_time.astimezone(UTC) if request.end_time else clock.parse_iso(item["endTime"])
        _check_times(start, end)
        changes["startTime"], changes["endTime"] = clock.to_iso(start), clock.to_iso(end)
    changes["updatedAt"] = clock.now_iso()
    after = {**item, **changes}
    moved = retimed and after["startTime"] != item["startTime"] and item["status"] == repository.PUBLISHED
    if moved:
        _schedule_reminders(after, existing=True)  # move the schedules first, put them back if the write fails
    try:
        updated = _update(event_id, request.version, changes, remove,
                          listed=after if item["status"] == repository.PUBLISHED else None, previous=item)
    except Exception:
        if moved:
            current = repository.get_event(event_id, consistent=True)
            if current is not None:
                _schedule_reminders(current, existing=True)
        raise
    grown = "capacity" in changes and changes["capacity"] > item["capacity"]
    if grown and updated.get("waitlistCount", 0) > 0 and registrations.fill_free_seats(updated):
        updated = repository.get_event(event_id, consistent=True) or updated
    logger.info("event updated", extra={"eventId": event_id, "rescheduled": moved})
    return rules.view(updated)


def _update(event_id: str, version: int, changes: dict[str, Any], remove: list[str] | None = None, *,
            listed: db.Item | None, previous: db.Item | None = None) -> db.Item:
    try:
        return repository.update_event(event_id, version, changes, remove or (), listed=listed, previous=previous)
    except ConditionFailed as failed:
        if failed.reason == "missing":
            raise not_found("The event") from failed
        raise stale_version() from failed


def cancel_event(caller: Caller, event_id: str) -> Event:
    """Cancel: the event leaves the listings, its reminder schedules are deleted and everyone registered
    or waitlisted is told by email, SMS and in-app, each once, by the reminder target on a one-time
    "cancelled" schedule. The schedule is made before the cancellation is written: if the write fails
    the answer is 503 and the schedule, finding the event not cancelled, sends nothing; once the write
    is made nothing else can fail the request, and Scheduler retries (then dead-letters) the notices.
    Cancelling again puts the schedule again, which resumes notices not yet sent."""
    item = rules.managed_event(caller, event_id)
    if item["status"] != repository.CANCELLED and clock.parse_iso(item["startTime"]) <= clock.now():
        raise conflict("EVENT_STARTED", "The event has started; it can no longer be cancelled")
    scheduler.put_schedule(event_id, CANCELLED_KIND, clock.now() + CANCEL_NOTICE_DELAY,
                           ReminderInput(event_id=event_id, kind="cancelled",
                                         start_time=item["startTime"]).model_dump(by_alias=True))
    cancelled = item
    if item["status"] != repository.CANCELLED:
        try:
            written = repository.cancel_event(event_id, clock.now_iso(), current=item)
        except Exception:
            _unschedule_quietly(item, kinds=(CANCELLED_KIND,))  # tidy only: it would find nothing to say
            raise
        if written is None:
            raise not_found("The event")
        cancelled = written
        _unschedule_quietly(cancelled)
    logger.info("event cancelled", extra={"eventId": item["id"]})
    return rules.view(cancelled)


# ---- attendance -----------------------------------------------------------------------------------------

def record_attendance(caller: Caller, event_id: str, request: AttendanceRequest) -> AttendanceResult:
    """EVENT_ATTENDED karma, once per registered attendee; the others are reported as skipped."""
    found, registered, people = repository.attendance_state(event_id, request.user_ids)
    item = rules.managed(caller, found)
    if item["status"] != repository.PUBLISHED:
        raise conflict("EVENT_NOT_PUBLISHED" if item["status"] == repository.DRAFT else "EVENT_CANCELLED",
                       "Attendance is recorded only for a published event")
    if clock.parse_iso(item["startTime"]) > clock.now():
        raise conflict("EVENT_NOT_STARTED", "Attendance can be recorded once the event has started")
    credited: list[str] = []
    skipped: list[Skipped] = []
    now = clock.now_iso()
    for user_id in request.user_ids:
        registration = registered.get(user_id)
        if registration is None or registration["status"] != repository.REGISTERED:
            skipped.append(Skipped(user_id=user_id, reason="NOT_REGISTERED"))
            continue
        if user_id not in people:
            skipped.append(Skipped(user_id=user_id, reason="NO_PROFILE"))
            continue
        try:
            repository.credit_attendance(event_id, user_id, people[user_id]["orgId"], now,
                                         certificate=_attendance_certificate(item, people[user_id], now))
        except ConditionFailed as failed:
            if failed.reason not in NOT_CREDITED:
                raise
            skipped.append(Skipped(user_id=user_id, reason=NOT_CREDITED[failed.reason]))  # type: ignore[arg-type]
            continue
        credited.append(user_id)
    logger.info("attendance recorded", extra={"eventId": event_id, "credited": len(credited),
                                              "skipped": len(skipped)})
    return AttendanceResult(event_id=event_id, credited=credited, skipped=skipped)


def _attendance_certificate(event: dict[str, Any], person: dict[str, Any], now: str) -> dict[str, Any]:
    """The attendance certificate's fields (issue 20): the shape of a course completion's, kind "event", the
    event in the course's place and its organising org as the issuer (the learning hub serves, verifies and
    prints it: functions/learning/certificates_service.py)."""
    return {"id": keys.new_certificate_id(), "userId": person["userId"], "learnerName": person.get("name", ""),
            "courseId": event["id"], "courseTitle": event.get("title", ""), "issuedAt": now,
            "providerOrgId": event.get("orgId"), "competencies": []}


# ---- calendar -------------------------------------------------------------------------------------------

def calendar(caller: Caller, event_id: str) -> str:
    item = rules.visible_event(caller, event_id)
    return ics.event_calendar(item, clock.now())
