"""Registering for an event: a seat while one is free, else a place on the waitlist; giving it up (a seat
passes to the first waitlisted in the same transaction); seats freed by a capacity increase; the caller's
registrations."""

from __future__ import annotations

from functions.events import repository, rules
from functions.events.models import MyEvent, Registration, RegistrationCancelled
from karmayogi.domain import notifications, profiles, push
from karmayogi.platform import clock, db
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import AppError, conflict, not_found
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.observability import logger

RETRIES = 5


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
        item = rules.visible_event(caller, event_id, consistent=True)
        _open_for_registration(item)
        now = clock.now_iso()
        try:
            if item.get("registeredCount", 0) < item["capacity"]:
                saved = repository.take_seat(item, caller.user_id, now)
            else:
                saved = repository.join_waitlist(item, caller.user_id, now)
        except ConditionFailed as failed:
            if failed.reason == "registration":
                raise conflict("ALREADY_REGISTERED", "You are registered for this event already") from failed
            continue  # the seats or the event changed since we read it: read again
        logger.info("registered", extra={"eventId": event_id, "status": saved["status"]})
        return Registration(event_id=event_id, status=saved["status"], registered_at=rules.ist(saved["registeredAt"]))
    raise AppError(503, "SERVICE_UNAVAILABLE", "The event is busy; retry shortly", retry_after=1)


def cancel_registration(caller: Caller, event_id: str) -> RegistrationCancelled:
    """Give up a seat or a waitlist place; a seat passes to the first waitlisted in the same transaction."""
    for _ in range(RETRIES):
        item, registration = repository.get_event_and_registration(event_id, caller.user_id, consistent=True)
        if item is None or not rules.can_see(caller, item):
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
        notice = ("EVENT_WAITLIST_PROMOTED", rules.message_params(item), rules.link(event_id))
        try:
            repository.leave(event_id, registration, clock.now_iso(), promote, notice)
        except ConditionFailed:
            continue  # the registration, the seats or the waitlist changed meanwhile: read again
        if promote is not None:
            _tell_promoted(item, promote["userId"])
        logger.info("registration cancelled", extra={"eventId": event_id, "promoted": promote is not None})
        return RegistrationCancelled(event_id=event_id)
    raise AppError(503, "SERVICE_UNAVAILABLE", "The event is busy; retry shortly", retry_after=1)


def fill_free_seats(item: db.Item) -> int:
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
                                              ("EVENT_WAITLIST_PROMOTED", rules.message_params(item),
                                               rules.link(item["id"])))
        except ConditionFailed:
            return promoted  # no seat is free any more, or the place is gone
        _tell_promoted(item, place["userId"])
        free -= 1
        promoted += 1
    return promoted


def _tell_promoted(item: db.Item, user_id: str) -> None:
    """Email, SMS and Web Push to a promoted registrant (the in-app notice was written with the promotion)."""
    profile = profiles.get_profile(user_id) or {}
    language = profile.get("language") or "en"
    try:
        if profile.get("email"):
            notifications.send_email(profile["email"], "EVENT_WAITLIST_PROMOTED", language, rules.message_params(item))
        if profile.get("mobile"):
            notifications.send_sms(profile["mobile"], "EVENT_WAITLIST_PROMOTED", language, rules.message_params(item))
    except Exception:
        logger.exception("promotion notice failed", extra={"eventId": item["id"], "userId": user_id})
    push.push_to_user(user_id, "EVENT_WAITLIST_PROMOTED", rules.message_params(item), rules.link(item["id"]), language,
                       deadline=push.request_path_deadline())


def my_events(caller: Caller, limit: int, cursor: str | None) -> PageOf[MyEvent]:
    page = repository.my_registrations(caller.user_id, limit, cursor)
    events = repository.get_events([r["eventId"] for r in page.items])
    items = [
        MyEvent(event=rules.view(events[r["eventId"]]), status=r["status"], registered_at=rules.ist(r["registeredAt"]))
        for r in page.items if r["eventId"] in events
    ]
    return PageOf[MyEvent](items=items, next_cursor=page.next_cursor)
