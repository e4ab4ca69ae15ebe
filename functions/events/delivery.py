"""Reminders and notices to an event's registrants, each message to each registrant once: a "sent" marker
is claimed before sending, each channel is marked done as it goes, and a run stopped by its time limit or
failures is retried and sends only the rest. `send_reminders` is the scheduled target's work
(reminders.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

from functions.events import delivery_markers, repository, rules
from functions.events.models import ReminderInput
from karmayogi.domain import notifications, profiles, push
from karmayogi.platform import clock, db
from karmayogi.platform.observability import logger

# Reminder kinds and how long before the start each one goes out.
REMINDERS: tuple[tuple[str, timedelta, str], ...] = (
    ("24h", timedelta(hours=24), "EVENT_REMINDER_24H"),
    ("1h", timedelta(hours=1), "EVENT_REMINDER_1H"),
)
REMINDER_KINDS = tuple(kind for kind, _, _ in REMINDERS)
CANCELLED_KIND = "cancelled"


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
    """Send `template` (in-app, email, SMS, Web Push) to the event's registrants, page by page, each at most once
    per (event, kind, registrant) thanks to a marker claimed before sending. Stops between registrants
    when `out_of_time()` (so a run is never killed mid-send, leaving a claimed marker behind); the
    registrants not reached are counted as `unfinished`. Returns the counts."""
    outcome = {"sent": 0, "skipped": 0, "failed": 0, "unfinished": 0}
    params = rules.message_params(item)
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
    done = delivery_markers.claim_delivery(event_id, kind, user_id)
    if done is None:
        return "skipped"
    language = profile.get("language") or "en"
    try:
        if "inApp" not in done:
            delivery_markers.deliver_in_app(event_id, kind, user_id, template, params, rules.link(event_id))
        for channel, address in (("email", profile.get("email")), ("sms", profile.get("mobile"))):
            if address and channel not in done:
                _send_once(event_id, kind, user_id, channel, address, template, language, params)
        if push.is_pushed(template) and push.is_configured():
            _push_once(event_id, kind, user_id, template, language, params, done)
    except Exception:
        logger.exception("delivery failed", extra={"eventId": event_id, "kind": kind, "userId": user_id})
        try:
            delivery_markers.finish_delivery(event_id, kind, user_id, "FAILED")
        except Exception:
            logger.exception("could not release a delivery marker", extra={"eventId": event_id})
        return "failed"
    delivery_markers.finish_delivery(event_id, kind, user_id, "SENT")
    return "sent"


def _send_once(event_id: str, kind: str, user_id: str, channel: str, address: str, template: str,
               language: str, params: dict[str, Any]) -> None:
    """Mark the channel done, then send: a failure to record it after sending would make the retry send
    it again (a duplicate). A send that fails un-marks it, so the retry sends it; only if that un-marking
    fails too is the message lost rather than sent twice."""
    delivery_markers.mark_channel_done(event_id, kind, user_id, channel)
    try:
        if channel == "email":
            notifications.send_email(address, template, language, params)
        else:
            notifications.send_sms(address, template, language, params)
    except Exception:
        delivery_markers.unmark_channel(event_id, kind, user_id, channel)
        raise


def _push_once(event_id: str, kind: str, user_id: str, template: str, language: str, params: dict[str, Any],
               done: set[str]) -> None:
    """Push to each of the registrant's devices not pushed to by an earlier attempt, each marked like a
    channel of its own (`push:<subscriptionId>`), so a retried delivery never pushes a device twice. A
    subscription the push service no longer knows is deleted (karmayogi.domain.push.send) and counts as done.
    Push is the convenience channel (in-app, email and SMS are the channels of record): a device whose service
    does not take the message now (429, 5xx, no answer) is un-marked and logged, and tried again only if the
    delivery is retried for another reason — it never fails the reminder, so one unreachable push service
    cannot send every reminder to the dead-letter queue."""
    pending = [s for s in push.subscriptions_of(user_id) if f"push:{s['id']}" not in done]
    if not pending:
        return
    data = push.message(template, language, params, rules.link(event_id))
    missed = 0
    for subscription in pending:
        channel = f"push:{subscription['id']}"
        delivery_markers.mark_channel_done(event_id, kind, user_id, channel)
        try:
            outcome = push.send(subscription, data, template).outcome
        except Exception:
            logger.exception("push failed", extra={"eventId": event_id, "kind": kind})
            outcome = push.Outcome.RETRY
        if outcome is push.Outcome.RETRY:
            delivery_markers.unmark_channel(event_id, kind, user_id, channel)
            missed += 1
    if missed:
        logger.warning("push not taken by the service; not retried on its own",
                       extra={"eventId": event_id, "kind": kind, "devices": missed})


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
