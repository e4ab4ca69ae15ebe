"""The events hub's rules: who may organise, see and join an event; seats and the waitlist; reminders
(scheduled when an event is published, moved when it is rescheduled, deleted when it is cancelled) and
the exactly-once delivery of each message; attendance karma; the iCalendar file; the notifications
centre shared by every hub. No HTTP here and no boto3 (repository.py and scheduler.py hold those)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from functions.events import ics, repository, scheduler
from functions.events.models import (
    AttendanceRequest,
    AttendanceResult,
    Event,
    EventCreate,
    EventUpdate,
    MyEvent,
    Notification,
    Registration,
    RegistrationCancelled,
    ReminderInput,
    Skipped,
    UnreadCount,
)
from karmayogi.domain import notifications, profiles
from karmayogi.domain.templates import TEMPLATES, render
from karmayogi.platform import clock, db, keys, roles
from karmayogi.platform.errors import AppError, conflict, forbidden, not_found
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.observability import logger

IST = scheduler.IST
MAX_DURATION = timedelta(days=7)
MAX_AHEAD = timedelta(days=730)
MAX_LIST_RANGE = timedelta(days=366)
DEFAULT_LIST_RANGE = timedelta(days=90)
# Reminder kinds and how long before the start each one goes out.
REMINDERS: tuple[tuple[str, timedelta, str], ...] = (
    ("24h", timedelta(hours=24), "EVENT_REMINDER_24H"),
    ("1h", timedelta(hours=1), "EVENT_REMINDER_1H"),
)
REMINDER_KINDS = tuple(kind for kind, _, _ in REMINDERS)
CANCELLED_KIND = "cancelled"
# Cancellation notices go out from the reminder target, on a one-time schedule this long after the
# cancellation (Scheduler fires one-time schedules to the minute).
CANCEL_NOTICE_DELAY = timedelta(minutes=1)
RETRIES = 5


# ---- presentation ---------------------------------------------------------------------------------------

def _ist(iso: str) -> str:
    return clock.parse_iso(iso).astimezone(IST).isoformat(timespec="seconds")


def _when(iso: str) -> str:
    return clock.parse_iso(iso).astimezone(IST).strftime("%d-%m-%Y, %H:%M IST")


def _view(item: db.Item, registration_status: Any = None) -> Event:
    return Event(
        id=item["id"], title=item["title"], description=item.get("description", ""),
        start_time=_ist(item["startTime"]), end_time=_ist(item["endTime"]), capacity=item["capacity"],
        location=item.get("location"), join_url=item.get("joinUrl"), audience=item["audience"],
        org_id=item["orgId"], status=item["status"], registered_count=item.get("registeredCount", 0),
        waitlist_count=item.get("waitlistCount", 0),
        seats_left=max(0, item["capacity"] - item.get("registeredCount", 0)), version=item["version"],
        created_by=item["createdBy"], created_at=_ist(item["createdAt"]), updated_at=_ist(item["updatedAt"]),
        registration_status=registration_status,
    )


def _message_params(item: db.Item) -> dict[str, Any]:
    return {"title": item["title"], "when": _when(item["startTime"]),
            "where": item.get("location") or item.get("joinUrl") or ""}


def _link(event_id: str) -> str:
    return f"/events/{event_id}"


# ---- permissions ----------------------------------------------------------------------------------------

def _can_manage(caller: Caller, item: db.Item) -> bool:
    if caller.is_spv_admin:
        return True
    return caller.has_role(roles.MDO_ADMIN) and caller.org_id == item["orgId"]


def _can_see(caller: Caller, item: db.Item) -> bool:
    if item["status"] == repository.DRAFT:
        return _can_manage(caller, item)
    if item["audience"] == "all" or caller.is_spv_admin:
        return True
    return caller.org_id == item["orgId"]


def _visible_event(caller: Caller, event_id: str, consistent: bool = False) -> db.Item:
    item = repository.get_event(event_id, consistent=consistent)
    if item is None or not _can_see(caller, item):
        raise not_found("The event")
    return item


def _managed_event(caller: Caller, event_id: str) -> db.Item:
    """The event, for its organiser org's MDO_ADMIN (or an SPV_ADMIN): 404 for those who cannot see it,
    403 for those who can see but not manage it."""
    return _managed(caller, repository.get_event(event_id, consistent=True))


def _managed(caller: Caller, item: db.Item | None) -> db.Item:
    if item is None or not _can_see(caller, item):
        raise not_found("The event")
    if not _can_manage(caller, item):
        raise forbidden("Only an MDO admin of the organising organisation can do this")
    return item


# ---- times ----------------------------------------------------------------------------------------------

def _check_times(start: datetime, end: datetime) -> None:
    now = clock.now()
    problems = []
    if start <= now:
        problems.append({"field": "startTime", "message": "must be in the future"})
    elif start - now > MAX_AHEAD:
        problems.append({"field": "startTime", "message": "must be within two years from now"})
    if end <= start:
        problems.append({"field": "endTime", "message": "must be after startTime"})
    elif end - start > MAX_DURATION:
        problems.append({"field": "endTime", "message": "an event may last at most 7 days"})
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
                       [{"field": field, "message": "must be an ISO-8601 date or time"}]) from error
    if not 2000 <= parsed.year <= 2999:
        raise AppError(400, "VALIDATION_ERROR", "The request is not valid",
                       [{"field": field, "message": "must be between the years 2000 and 2999"}])
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
    return _view(item)


def create_event_for(org_id: str, created_by: str, request: EventCreate, event_id: str | None = None) -> db.Item:
    """Create (and, unless a draft, publish) an event organised by `org_id`: the item first, then its
    reminder schedules; when scheduling fails the new event is removed again (nothing half-made)."""
    start, end = request.start_time.astimezone(UTC), request.end_time.astimezone(UTC)
    _check_times(start, end)
    now = clock.now_iso()
    event_id = event_id or keys.new_id()
    item: db.Item = {
        "PK": keys.event_key(event_id)[0], "SK": keys.event_key(event_id)[1], "entityType": "Event",
        "id": event_id, "title": request.title, "description": request.description,
        "startTime": clock.to_iso(start), "endTime": clock.to_iso(end), "capacity": request.capacity,
        "audience": request.audience, "orgId": org_id,
        "status": repository.DRAFT if request.draft else repository.PUBLISHED,
        "registeredCount": 0, "waitlistCount": 0, "version": 1, "createdBy": created_by,
        "createdAt": now, "updatedAt": now,
    }
    if request.location:
        item["location"] = request.location
    if request.join_url:
        item["joinUrl"] = request.join_url
    if item["status"] == repository.PUBLISHED:
        item.update(repository.listing_keys(item))
    repository.put_event(item)
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
    item = _managed_event(caller, event_id)
    if item["status"] == repository.PUBLISHED:
        return _view(item)
    if item["status"] == repository.CANCELLED:
        raise conflict("EVENT_CANCELLED", "The event is cancelled")
    if clock.parse_iso(item["startTime"]) <= clock.now():
        raise conflict("EVENT_IN_PAST", "The event's start time has passed; reschedule it first")
    published = {**item, "status": repository.PUBLISHED}
    # Schedules first (a draft has none to disturb), then the item; undo the schedules if the write fails.
    _schedule_reminders(published, existing=False)
    try:
        updated = repository.update_event(
            event_id, item["version"],
            {"status": repository.PUBLISHED, "updatedAt": clock.now_iso(), **repository.listing_keys(item)})
    except Exception:
        _unschedule_quietly(item)
        raise
    logger.info("event published", extra={"eventId": event_id})
    return _view(updated)


def get_event(caller: Caller, event_id: str) -> Event:
    item, registration = repository.get_event_and_registration(event_id, caller.user_id)
    if item is None or not _can_see(caller, item):
        raise not_found("The event")
    return _view(item, registration["status"] if registration else None)


def list_events(caller: Caller, start: str | None, end: str | None, limit: int, cursor: str | None
                ) -> PageOf[Event]:
    """Published events overlapping [from, to), by start time. Default: the next 90 days from now. A
    cursor carries its window: later pages need not repeat from/to (if they do, they must match)."""
    org_id = _org_of(caller)
    scope = f"events:{org_id}"
    after = None
    if cursor:
        (low_iso, high_iso, ends_after), after = repository.decode_listing_cursor(cursor, scope)
        if (start and clock.to_iso(_query_time(start, "from")) != ends_after) or (
                end and clock.to_iso(_query_time(end, "to")) != high_iso):
            raise AppError(400, "INVALID_CURSOR", "The cursor is not valid for this list")
    else:
        low = _query_time(start, "from") if start else clock.now().replace(microsecond=0)
        high = _query_time(end, "to") if end else low + DEFAULT_LIST_RANGE
        if high <= low:
            raise AppError(400, "VALIDATION_ERROR", "The request is not valid",
                           [{"field": "to", "message": "must be after from"}])
        if high - low > MAX_LIST_RANGE:
            raise AppError(400, "VALIDATION_ERROR", "The request is not valid",
                           [{"field": "to", "message": "the range may span at most 366 days"}])
        low_iso, high_iso, ends_after = clock.to_iso(low - MAX_DURATION), clock.to_iso(high), clock.to_iso(low)
    page = repository.list_published(org_id, low_iso, high_iso, ends_after, after=after, limit=limit, scope=scope)
    return PageOf[Event](items=[_view(i) for i in page.items], next_cursor=page.next_cursor)


def _org_of(caller: Caller) -> str | None:
    """The caller's org (from the token; a caller with neither the claim nor a profile has none)."""
    try:
        return caller.org_id
    except AppError:
        return None


_TIME_FIELDS = ("start_time", "end_time")


def update_event(caller: Caller, event_id: str, request: EventUpdate) -> Event:
    item = _managed_event(caller, event_id)
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
                       [{"field": "location", "message": "give a location or a joinUrl"}])
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
    if item["status"] == repository.PUBLISHED:
        changes.update(repository.listing_keys(after))
    moved = retimed and after["startTime"] != item["startTime"] and item["status"] == repository.PUBLISHED
    if moved:
        _schedule_reminders(after, existing=True)  # move the schedules first, put them back if the write fails
    try:
        updated = repository.update_event(event_id, request.version, changes, remove)
    except Exception:
        if moved:
            current = repository.get_event(event_id, consistent=True)
            if current is not None:
                _schedule_reminders(current, existing=True)
        raise
    grown = "capacity" in changes and changes["capacity"] > item["capacity"]
    if grown and updated.get("waitlistCount", 0) > 0 and _fill_free_seats(updated):
        updated = repository.get_event(event_id, consistent=True) or updated
    logger.info("event updated", extra={"eventId": event_id, "rescheduled": moved})
    return _view(updated)


def cancel_event(caller: Caller, event_id: str) -> Event:
    """Cancel: the event leaves the listings, its reminder schedules are deleted and everyone registered
    or waitlisted is told by email, SMS and in-app, each once, by the reminder target on a one-time
    "cancelled" schedule. The schedule is made before the cancellation is written: if the write fails
    the answer is 503 and the schedule, finding the event not cancelled, sends nothing; once the write
    is made nothing else can fail the request, and Scheduler retries (then dead-letters) the notices.
    Cancelling again puts the schedule again, which resumes notices not yet sent."""
    item = _managed_event(caller, event_id)
    if item["status"] != repository.CANCELLED and clock.parse_iso(item["startTime"]) <= clock.now():
        raise conflict("EVENT_STARTED", "The event has started; it can no longer be cancelled")
    scheduler.put_schedule(event_id, CANCELLED_KIND, clock.now() + CANCEL_NOTICE_DELAY,
                           ReminderInput(event_id=event_id, kind="cancelled",
                                         start_time=item["startTime"]).model_dump(by_alias=True))
    cancelled = item
    if item["status"] != repository.CANCELLED:
        try:
            cancelled = repository.cancel_event(event_id, clock.now_iso())
        except Exception:
            _unschedule_quietly(item, kinds=(CANCELLED_KIND,))  # tidy only: it would find nothing to say
            raise
        _unschedule_quietly(cancelled)
    logger.info("event cancelled", extra={"eventId": item["id"]})
    return _view(cancelled)


# ---- registration ---------------------------------------------------------------------------------------

def _open_for_registration(item: db.Item) -> None:
    if item["status"] == repository.CANCELLED:
        raise conflict("EVENT_CANCELLED", "The event is cancelled")
    if item["status"] != repository.PUBLISHED:
        raise conflict("EVENT_NOT_PUBLISHED", "The event is not open for registration")
    if clock.parse_iso(item["startTime"]) <= clock.now():
        raise conflict("REGISTRATION_CLOSED", "Registration closed when the event started")


def register(caller: Caller, event_id: str) -> Registration:
    """A seat while one is free (the seat counter and the registration in one transaction), else a
    place on the waitlist."""
    for _ in range(RETRIES):
        item = _visible_event(caller, event_id, consistent=True)
        _open_for_registration(item)
        now = clock.now_iso()
        try:
            if item.get("registeredCount", 0) < item["capacity"]:
                saved = repository.take_seat(item, caller.user_id, now)
            else:
                saved = repository.join_waitlist(item, caller.user_id, now)
        except AppError as error:
            if error.code in ("NO_SEAT", "SEAT_FREE"):
                continue  # the seats or the event changed since we read it: read again
            raise
        logger.info("registered", extra={"eventId": event_id, "status": saved["status"]})
        return Registration(event_id=event_id, status=saved["status"], registered_at=_ist(saved["registeredAt"]))
    raise AppError(503, "SERVICE_UNAVAILABLE", "The event is busy; retry shortly", retry_after=1)


def cancel_registration(caller: Caller, event_id: str) -> RegistrationCancelled:
    """Give up a seat or a waitlist place; a seat passes to the first waitlisted in the same transaction."""
    for _ in range(RETRIES):
        item, registration = repository.get_event_and_registration(event_id, caller.user_id, consistent=True)
        if item is None or not _can_see(caller, item):
            raise not_found("The event")
        if registration is None:
            raise not_found("Your registration", code="NOT_REGISTERED")
        if clock.parse_iso(item["startTime"]) <= clock.now():
            raise conflict("REGISTRATION_CLOSED", "Registrations cannot change after the event started")
        promote = None
        # (with nobody waiting, the transaction's condition waitlistCount = 0 catches a newcomer: re-read)
        if (registration["status"] == repository.REGISTERED and item["status"] == repository.PUBLISHED
                and item.get("waitlistCount", 0) > 0):
            promote = repository.first_waitlisted(event_id)
        notice = ("EVENT_WAITLIST_PROMOTED", _message_params(item), _link(event_id))
        try:
            repository.leave(event_id, registration, clock.now_iso(), promote, notice)
        except AppError as error:
            if error.code == "RETRY":
                continue
            raise
        if promote is not None:
            _tell_promoted(item, promote["userId"])
        logger.info("registration cancelled", extra={"eventId": event_id, "promoted": promote is not None})
        return RegistrationCancelled(event_id=event_id)
    raise AppError(503, "SERVICE_UNAVAILABLE", "The event is busy; retry shortly", retry_after=1)


def _fill_free_seats(item: db.Item) -> int:
    """After a capacity increase: the first waitlisted take the new seats, one transaction each.
    Returns how many were promoted."""
    free = item["capacity"] - item.get("registeredCount", 0)
    promoted = 0
    while free > 0:
        place = repository.first_waitlisted(item["id"])
        if place is None:
            return promoted
        try:
            repository.promote_into_free_seat(item["id"], place, clock.now_iso(),
                                              ("EVENT_WAITLIST_PROMOTED", _message_params(item), _link(item["id"])))
        except AppError as error:
            if error.code == "RETRY":
                return promoted
            raise
        _tell_promoted(item, place["userId"])
        free -= 1
        promoted += 1
    return promoted


def _tell_promoted(item: db.Item, user_id: str) -> None:
    """Email and SMS to a promoted registrant (the in-app notice was written with the promotion)."""
    profile = profiles.get_profile(user_id) or {}
    language = profile.get("language") or "en"
    try:
        if profile.get("email"):
            notifications.send_email(profile["email"], "EVENT_WAITLIST_PROMOTED", language, _message_params(item))
        if profile.get("mobile"):
            notifications.send_sms(profile["mobile"], "EVENT_WAITLIST_PROMOTED", language, _message_params(item))
    except Exception:
        logger.exception("promotion notice failed", extra={"eventId": item["id"], "userId": user_id})


def my_events(caller: Caller, limit: int, cursor: str | None) -> PageOf[MyEvent]:
    page = repository.my_registrations(caller.user_id, limit, cursor)
    events = repository.get_events([r["eventId"] for r in page.items])
    items = [
        MyEvent(event=_view(events[r["eventId"]]), status=r["status"], registered_at=_ist(r["registeredAt"]))
        for r in page.items if r["eventId"] in events
    ]
    return PageOf[MyEvent](items=items, next_cursor=page.next_cursor)


# ---- attendance -----------------------------------------------------------------------------------------

def record_attendance(caller: Caller, event_id: str, request: AttendanceRequest) -> AttendanceResult:
    """EVENT_ATTENDED karma, once per registered attendee; the others are reported as skipped."""
    found, registrations, people = repository.attendance_state(event_id, request.user_ids)
    item = _managed(caller, found)
    if item["status"] != repository.PUBLISHED:
        raise conflict("EVENT_NOT_PUBLISHED" if item["status"] == repository.DRAFT else "EVENT_CANCELLED",
                       "Attendance is recorded only for a published event")
    if clock.parse_iso(item["startTime"]) > clock.now():
        raise conflict("EVENT_NOT_STARTED", "Attendance can be recorded once the event has started")
    credited: list[str] = []
    skipped: list[Skipped] = []
    now = clock.now_iso()
    for user_id in request.user_ids:
        registration = registrations.get(user_id)
        if registration is None or registration["status"] != repository.REGISTERED:
            skipped.append(Skipped(user_id=user_id, reason="NOT_REGISTERED"))
            continue
        if user_id not in people:
            skipped.append(Skipped(user_id=user_id, reason="NO_PROFILE"))
            continue
        refused = repository.credit_attendance(event_id, user_id, people[user_id]["orgId"], now)
        if refused is None:
            credited.append(user_id)
        else:
            skipped.append(Skipped(user_id=user_id, reason=refused))  # type: ignore[arg-type]
    logger.info("attendance recorded", extra={"eventId": event_id, "credited": len(credited),
                                              "skipped": len(skipped)})
    return AttendanceResult(event_id=event_id, credited=credited, skipped=skipped)


# ---- calendar -------------------------------------------------------------------------------------------

def calendar(caller: Caller, event_id: str) -> str:
    item = _visible_event(caller, event_id)
    return ics.event_calendar(item, clock.now())


# ---- reminders and notices: each message to each registrant once ----------------------------------------

def _registrants(event_id: str, only_registered: bool) -> Iterator[list[db.Item]]:
    start_key = None
    while True:
        items, start_key = repository.registrations_page(event_id, start_key)
        wanted = [r for r in items if not only_registered or r["status"] == repository.REGISTERED]
        if wanted:
            yield wanted
        if not start_key:
            return


def deliver_to_registrants(item: db.Item, kind: str, template: str, *, only_registered: bool,
                           out_of_time: Callable[[], bool] = lambda: False) -> dict[str, int]:
    """Send `template` (in-app, email, SMS) to the event's registrants, page by page, each at most once
    per (event, kind, registrant) thanks to a marker claimed before sending. Stops between registrants
    when `out_of_time()` (so a run is never killed mid-send, leaving a claimed marker behind); the
    registrants not reached are counted as `unfinished`. Returns the counts."""
    outcome = {"sent": 0, "skipped": 0, "failed": 0, "unfinished": 0}
    params = _message_params(item)
    for page in _registrants(item["id"], only_registered):
        people = profiles.get_profiles([r["userId"] for r in page])
        for registration in page:
            if out_of_time():
                outcome["unfinished"] += 1
                continue
            result = _deliver_once(item["id"], kind, template, params, registration["userId"],
                                   people.get(registration["userId"], {}))
            outcome[result] += 1
        if outcome["unfinished"]:
            break
    return outcome


def _deliver_once(event_id: str, kind: str, template: str, params: dict[str, Any], user_id: str,
                  profile: db.Item) -> str:
    done = repository.claim_delivery(event_id, kind, user_id)
    if done is None:
        return "skipped"
    language = profile.get("language") or "en"
    try:
        if "inApp" not in done:
            repository.deliver_in_app(event_id, kind, user_id, template, params, _link(event_id))
        for channel, address in (("email", profile.get("email")), ("sms", profile.get("mobile"))):
            if address and channel not in done:
                _send_once(event_id, kind, user_id, channel, address, template, language, params)
    except Exception:
        logger.exception("delivery failed", extra={"eventId": event_id, "kind": kind, "userId": user_id})
        try:
            repository.finish_delivery(event_id, kind, user_id, "FAILED")
        except Exception:
            logger.exception("could not release a delivery marker", extra={"eventId": event_id})
        return "failed"
    repository.finish_delivery(event_id, kind, user_id, "SENT")
    return "sent"


def _send_once(event_id: str, kind: str, user_id: str, channel: str, address: str, template: str,
               language: str, params: dict[str, Any]) -> None:
    """Mark the channel done, then send: a failure to record it after sending would make the retry send
    it again (a duplicate). A send that fails un-marks it, so the retry sends it; only if that un-marking
    fails too is the message lost rather than sent twice."""
    repository.mark_channel_done(event_id, kind, user_id, channel)
    try:
        if channel == "email":
            notifications.send_email(address, template, language, params)
        else:
            notifications.send_sms(address, template, language, params)
    except Exception:
        repository.unmark_channel(event_id, kind, user_id, channel)
        raise


class RemindersIncomplete(Exception):
    """Some reminders failed: the target fails so that Scheduler/Lambda retry it (then dead-letter it);
    the retry sends only what was not sent."""


def send_reminders(payload: ReminderInput, out_of_time: Callable[[], bool] = lambda: False) -> dict[str, Any]:
    """The scheduled reminder: to every registrant still REGISTERED, unless the event was cancelled,
    moved (the schedule was made for another start time) or has started. Fails when some could not be
    sent or were not reached in time, so that the invocation is retried (and sends only the rest)."""
    item = repository.get_event(payload.event_id, consistent=True)
    if payload.kind == CANCELLED_KIND:
        return _send_cancellation_notices(payload, item, out_of_time)
    if item is None or item["status"] != repository.PUBLISHED:
        logger.info("reminder skipped: event not published", extra={"eventId": payload.event_id})
        return {"eventId": payload.event_id, "kind": payload.kind, "skipped": "NOT_PUBLISHED"}
    if item["startTime"] != payload.start_time:
        logger.info("reminder skipped: event moved", extra={"eventId": payload.event_id})
        return {"eventId": payload.event_id, "kind": payload.kind, "skipped": "RESCHEDULED"}
    if clock.parse_iso(item["startTime"]) <= clock.now():
        logger.info("reminder skipped: event started", extra={"eventId": payload.event_id})
        return {"eventId": payload.event_id, "kind": payload.kind, "skipped": "STARTED"}
    template = next(t for kind, _, t in REMINDERS if kind == payload.kind)
    # One marker per (event, kind, start): a reminder for a new start time is a new message.
    outcome = deliver_to_registrants(item, f"{payload.kind}#{item['startTime']}", template, only_registered=True,
                                     out_of_time=out_of_time)
    logger.info("reminders sent", extra={"eventId": payload.event_id, "kind": payload.kind, **outcome})
    if outcome["failed"] or outcome["unfinished"]:
        raise RemindersIncomplete(f"reminders of event {payload.event_id}: {outcome['failed']} failed, "
                                  f"{outcome['unfinished']} not reached in time")
    return {"eventId": payload.event_id, "kind": payload.kind, **outcome}


def _send_cancellation_notices(payload: ReminderInput, item: db.Item | None,
                               out_of_time: Callable[[], bool]) -> dict[str, Any]:
    """The "cancelled" schedule: tell every registrant (registered or waitlisted) of a cancelled event,
    each once (the same markers whichever run sends them). Nothing when the event is not cancelled (its
    cancellation failed after the schedule was made)."""
    if item is None or item["status"] != repository.CANCELLED:
        logger.info("cancellation notices skipped: event not cancelled", extra={"eventId": payload.event_id})
        return {"eventId": payload.event_id, "kind": payload.kind, "skipped": "NOT_CANCELLED"}
    outcome = deliver_to_registrants(item, CANCELLED_KIND, "EVENT_CANCELLED", only_registered=False,
                                     out_of_time=out_of_time)
    logger.info("cancellation notices sent", extra={"eventId": payload.event_id, **outcome})
    if outcome["failed"] or outcome["unfinished"]:
        raise RemindersIncomplete(f"cancellation notices of event {payload.event_id}: {outcome['failed']} failed, "
                                  f"{outcome['unfinished']} not reached in time")
    return {"eventId": payload.event_id, "kind": payload.kind, **outcome}


# ---- notifications centre -------------------------------------------------------------------------------

def _render(item: db.Item, language: str) -> tuple[str, str]:
    if item.get("template") not in TEMPLATES:
        return item.get("template", ""), ""
    text = render(item["template"], language, dict(item.get("params") or {}))
    return text.subject, text.body


def _notification(item: db.Item, language: str) -> Notification:
    title, body = _render(item, language)
    return Notification(
        id=item["id"], template=item.get("template", ""), title=title, body=body, link=item.get("link"),
        read=bool(item.get("read")), created_at=_ist(item["createdAt"]),
        read_at=_ist(item["readAt"]) if item.get("readAt") else None,
    )


def list_notifications(caller: Caller, unread: bool, language: str, limit: int, cursor: str | None
                       ) -> PageOf[Notification]:
    page = repository.list_notifications(caller.user_id, unread, limit, cursor)
    return PageOf[Notification](items=[_notification(i, language) for i in page.items],
                                next_cursor=page.next_cursor)


def read_notification(caller: Caller, notification_id: str, language: str) -> Notification:
    """Mark read (idempotent): only the first call changes the item and the counter. The write comes last,
    so a failure answers 503 with nothing changed, never 503 for a change that was made."""
    item = repository.get_notification(caller.user_id, notification_id)
    if item is None or int(item.get("expiresAt", 0)) <= clock.epoch_seconds():
        raise not_found("The notification")
    if not item.get("read"):
        now = clock.now_iso()
        repository.mark_read(caller.user_id, notification_id, now)  # False: a concurrent call read it first
        item = {**item, "read": True, "readAt": item.get("readAt") or now}
    return _notification(item, language)


def unread_count(caller: Caller) -> UnreadCount:
    return UnreadCount(unread=repository.unread_count(caller.user_id))

