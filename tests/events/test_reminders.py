"""Reminders: the scheduler target sends each reminder once per registrant (run twice, retried after a
partial failure, or fired late), only to those still REGISTERED, at the event's current time; and the
local scheduler fires due schedules on the platform clock."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import boto3
import pytest

from functions.events import delivery, delivery_markers, reminders
from karmayogi.domain import notifications
from karmayogi.platform import clock
from karmayogi.platform.errors import AppError
from karmayogi.platform.settings import get_settings
from local import aws, schedules
from tests.events.helpers import at, iso


def outbox(person: dict[str, Any]) -> list[tuple[str, str]]:
    return [(m["channel"], m["subject"] or m["body"]) for m in aws.sent_messages(person["email"])
            + aws.sent_messages(person["mobile"])]


def channels(person: dict[str, Any]) -> list[str]:
    return sorted(m["channel"] for m in aws.sent_messages(person["email"]) + aws.sent_messages(person["mobile"]))


def payload(event: dict[str, Any], kind: str) -> dict[str, Any]:
    return {"eventId": event["id"], "kind": kind, "startTime": clock.to_iso(clock.parse_iso(event["startTime"]))}


class Context:
    function_name = "karmayogi-local-reminders"
    memory_limit_in_mb = 256
    aws_request_id = "test"
    invoked_function_arn = "arn:aws:lambda:ap-south-1:123456789012:function:karmayogi-local-reminders"

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 60_000


def schedule_names() -> set[str]:
    client = boto3.client("scheduler", region_name=aws.REGION)
    return {s["Name"] for s in client.list_schedules(GroupName=get_settings().schedule_group_name)["Schedules"]}


def test_the_target_run_twice_sends_once(world):
    event = world.create_event()
    world.client(world.learner).post(f"/events/{event['id']}/registrations")
    first = reminders.handler(payload(event, "24h"), Context())
    second = reminders.handler(payload(event, "24h"), Context())
    assert (first["sent"], first["skipped"]) == (1, 0)
    assert (second["sent"], second["skipped"]) == (0, 1)
    assert channels(world.learner) == ["email", "sms"]
    notes = world.client(world.learner).get("/me/notifications").json()["items"]
    assert [n["template"] for n in notes] == ["EVENT_REMINDER_24H"]
    assert world.client(world.learner).get("/me/notifications/unread-count").json() == {"unread": 1}


def test_reminders_follow_the_clock_once_each_only_to_the_registered(world):
    event = world.create_event(start=at(days=3), capacity=2)
    eid = event["id"]
    stays, leaves, waits = world.learners(3)
    for person in (stays, leaves, waits):
        world.client(person).post(f"/events/{eid}/registrations")
    world.client(leaves).delete(f"/events/{eid}/registrations")  # waits is promoted
    world.client(world.learners(1)[0]).post(f"/events/{eid}/registrations")  # stays waitlisted
    start = clock.parse_iso(event["startTime"])

    clock.set_now(start - timedelta(hours=24, minutes=1))
    assert schedules.fire_due() == 0
    assert channels(stays) == []

    clock.set_now(start - timedelta(hours=24))
    assert schedules.fire_due() == 1
    assert channels(stays) == ["email", "sms"]
    assert outbox(stays)[0] == ("email", f"Tomorrow: {event['title']}")
    assert [s for _, s in outbox(waits)][:2] == [f"You have a seat: {event['title']}",
                                                 f"Tomorrow: {event['title']}"]
    assert f"event-{eid}-24h" not in schedule_names()

    clock.set_now(start - timedelta(hours=23))
    assert schedules.fire_due() == 0
    assert channels(stays) == ["email", "sms"]

    clock.set_now(start - timedelta(hours=1))
    assert schedules.fire_due() == 1
    assert channels(stays) == ["email", "email", "sms", "sms"]
    assert outbox(stays)[1] == ("email", f"Starting in an hour: {event['title']}")
    assert channels(leaves) == []
    assert len(channels(waits)) == 6  # the promotion notice and two reminders, by email and SMS
    assert schedule_names() == set()


def test_the_person_who_left_and_the_waitlisted_get_no_reminder(world):
    event = world.create_event(capacity=1)
    seated, waiting = world.learners(2)
    for person in (seated, waiting):
        world.client(person).post(f"/events/{event['id']}/registrations")
    world.client(world.learner).post(f"/events/{event['id']}/registrations")
    world.client(world.learner).delete(f"/events/{event['id']}/registrations")  # waitlisted, then left
    reminders.handler(payload(event, "24h"), Context())
    assert channels(seated) == ["email", "sms"]
    assert channels(waiting) == []
    assert channels(world.learner) == []


def test_a_rescheduled_event_reminds_at_the_new_time_not_the_old(world):
    event = world.create_event(start=at(days=3))
    world.client(world.learner).post(f"/events/{event['id']}/registrations")
    old_start = clock.parse_iso(event["startTime"])
    new_start = old_start + timedelta(days=2)
    moved = world.client(world.admin).patch(
        f"/events/{event['id']}",
        {"version": 1, "startTime": iso(new_start), "endTime": iso(new_start + timedelta(hours=1))})
    assert moved.status == 200

    clock.set_now(old_start - timedelta(hours=1))
    assert schedules.fire_due() == 0
    # a stale invocation for the old time (delivered anyway) sends nothing
    stale = reminders.handler(payload(event, "1h"), Context())
    assert stale["skipped"] == "RESCHEDULED"
    assert channels(world.learner) == []

    clock.set_now(new_start - timedelta(hours=24))
    assert schedules.fire_due() == 1
    assert channels(world.learner) == ["email", "sms"]
    clock.set_now(new_start - timedelta(hours=1))
    assert schedules.fire_due() == 1
    assert channels(world.learner) == ["email", "email", "sms", "sms"]


def test_a_reminder_is_sent_again_for_a_new_start_after_one_was_sent(world):
    event = world.create_event(start=at(hours=20))
    world.client(world.learner).post(f"/events/{event['id']}/registrations")
    start = clock.parse_iso(event["startTime"])
    clock.set_now(start - timedelta(hours=1))
    assert schedules.fire_due() == 1
    assert channels(world.learner) == ["email", "sms"]
    later = start + timedelta(days=2)
    world.client(world.admin).patch(f"/events/{event['id']}", {"version": 1, "startTime": iso(later),
                                                                "endTime": iso(later + timedelta(hours=1))})
    clock.set_now(later - timedelta(hours=1))
    assert schedules.fire_due() == 2  # 24 h (already past due: fires at once) and 1 h
    assert channels(world.learner) == ["email", "email", "email", "sms", "sms", "sms"]


def test_cancelled_and_started_events_send_nothing(world):
    cancelled = world.create_event()
    world.client(world.learner).post(f"/events/{cancelled['id']}/registrations")
    world.client(world.admin).delete(f"/events/{cancelled['id']}")
    assert reminders.handler(payload(cancelled, "24h"), Context())["skipped"] == "NOT_PUBLISHED"
    assert reminders.handler(payload(cancelled, "cancelled"), Context())["sent"] == 1
    assert [m["subject"] for m in aws.sent_messages(world.learner["email"])] == [f"Cancelled: {cancelled['title']}"]

    started = world.create_event(start=at(hours=3))
    other = world.learners(1)[0]
    world.client(other).post(f"/events/{started['id']}/registrations")
    clock.set_now(at(hours=4))
    assert reminders.handler(payload(started, "1h"), Context())["skipped"] == "STARTED"
    assert channels(other) == []


def test_a_cancellation_whose_write_failed_sends_no_notices(world, monkeypatch):
    """The "cancelled" schedule is made before the cancellation is written; when the write fails (503),
    the event stays published, the schedule is deleted again, and one left behind would tell nobody."""
    from functions.events import repository

    event = world.create_event()
    world.client(world.learner).post(f"/events/{event['id']}/registrations")

    def throttled(*args, **kwargs):
        raise AppError(503, "SERVICE_UNAVAILABLE", "throttled", retry_after=1)

    monkeypatch.setattr(repository, "cancel_event", throttled)
    failed = world.client(world.admin).delete(f"/events/{event['id']}")
    assert failed.status == 503 and int(failed.headers["Retry-After"]) >= 1
    monkeypatch.undo()
    assert world.client(world.learner).get(f"/events/{event['id']}").json()["status"] == "PUBLISHED"
    assert f"event-{event['id']}-cancelled" not in schedule_names()
    assert reminders.handler(payload(event, "cancelled"), Context())["skipped"] == "NOT_CANCELLED"
    assert channels(world.learner) == []


def test_cancellation_notices_that_fail_are_retried_without_resending(world, monkeypatch):
    event = world.create_event()
    world.client(world.learner).post(f"/events/{event['id']}/registrations")
    real_send_email = notifications.send_email
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("SES is down")
        real_send_email(*args, **kwargs)

    monkeypatch.setattr(notifications, "send_email", flaky)
    assert world.client(world.admin).delete(f"/events/{event['id']}").status == 200
    clock.set_now(clock.now() + timedelta(minutes=1))
    assert schedules.fire_due() == 0  # the email failed: the schedule stays for Scheduler's retry
    assert channels(world.learner) == []
    assert schedules.fire_due() == 1
    assert channels(world.learner) == ["email", "sms"]
    notes = world.client(world.learner).get("/me/notifications").json()["items"]
    assert [n["template"] for n in notes] == ["EVENT_CANCELLED"]


def test_a_partial_failure_is_retried_without_resending_what_went_out(world, monkeypatch):
    event = world.create_event()
    world.client(world.learner).post(f"/events/{event['id']}/registrations")
    real_send_sms = notifications.send_sms
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("SNS is down")
        real_send_sms(*args, **kwargs)

    monkeypatch.setattr(notifications, "send_sms", flaky)
    start = clock.parse_iso(event["startTime"])
    clock.set_now(start - timedelta(hours=24))
    assert schedules.fire_due() == 0  # the target failed: the schedule stays for a retry
    assert channels(world.learner) == ["email"]
    assert f"event-{event['id']}-24h" in schedule_names()
    assert schedules.fire_due() == 1  # the retry sends only the SMS
    assert channels(world.learner) == ["email", "sms"]
    notes = world.client(world.learner).get("/me/notifications").json()["items"]
    assert len(notes) == 1


def test_a_target_that_keeps_failing_is_dead_lettered(world, monkeypatch):
    event = world.create_event()
    world.client(world.learner).post(f"/events/{event['id']}/registrations")

    def broken(*args, **kwargs):
        raise RuntimeError("SES is down")

    monkeypatch.setattr(notifications, "send_email", broken)
    clock.set_now(clock.parse_iso(event["startTime"]) - timedelta(hours=24))
    for _ in range(schedules.MAX_LOCAL_ATTEMPTS):
        assert schedules.fire_due() == 0
    assert [d["schedule"] for d in schedules.dead_letters] == [f"event-{event['id']}-24h"]
    assert schedules.dead_letters[0]["deadLetterArn"] == get_settings().reminder_dlq_arn
    assert f"event-{event['id']}-24h" not in schedule_names()


def test_a_marker_left_by_a_crashed_run_is_taken_over_after_its_lease(world):
    event = world.create_event()
    world.client(world.learner).post(f"/events/{event['id']}/registrations")
    kind = f"24h#{clock.to_iso(clock.parse_iso(event['startTime']))}"
    assert delivery_markers.claim_delivery(event["id"], kind, world.learner["userId"]) == set()  # then "crashed"
    assert reminders.handler(payload(event, "24h"), Context())["skipped"] == 1
    assert channels(world.learner) == []
    clock.set_now(at(seconds=delivery_markers.DELIVERY_LEASE_SECONDS + 1))
    assert reminders.handler(payload(event, "24h"), Context())["sent"] == 1
    assert channels(world.learner) == ["email", "sms"]


def test_reminders_page_through_many_registrants(world, monkeypatch):
    from functions.events import repository

    real_page = repository.registrations_page
    monkeypatch.setattr(repository, "registrations_page", lambda e, k, limit=100: real_page(e, k, limit=2))
    event = world.create_event()
    people = world.learners(5)
    for person in people:
        world.client(person).post(f"/events/{event['id']}/registrations")
    assert reminders.handler(payload(event, "1h"), Context())["sent"] == 5
    assert all(channels(p) == ["email", "sms"] for p in people)


def test_a_malformed_input_fails_loudly(world):
    with pytest.raises(ValueError):
        reminders.handler({"eventId": "x"}, Context())


# ---- the local scheduler ----------------------------------------------------------------------------------

def test_fire_due_reads_at_expressions_in_their_timezone_and_ignores_others(world):
    client = boto3.client("scheduler", region_name=aws.REGION)
    group = get_settings().schedule_group_name
    target = {"Arn": "arn:aws:lambda:ap-south-1:123456789012:function:somebody-else", "RoleArn": "r"}
    client.create_schedule(Name="rate", GroupName=group, ScheduleExpression="rate(5 minutes)",
                           FlexibleTimeWindow={"Mode": "OFF"}, Target=target)
    client.create_schedule(Name="utc", GroupName=group, ScheduleExpression="at(2030-01-01T04:31:00)",
                           ScheduleExpressionTimezone="UTC", FlexibleTimeWindow={"Mode": "OFF"}, Target=target)
    backend_schedule = schedules._backend().schedule_groups[group].schedules["utc"]
    assert schedules.due_time(backend_schedule) == clock.parse_iso("2030-01-01T04:31:00Z")
    clock.set_now(clock.parse_iso("2030-01-01T04:32:00Z"))
    assert schedules.fire_due() == 0  # an unknown target is not fired (and not retried)
    assert schedules.fire_due() == 0


def test_moto_scheduler_internals_we_rely_on_are_still_there(world):
    """The dev server reads moto's scheduler backend directly: fail loudly if an upgrade changes it."""
    from moto.scheduler.models import Schedule, ScheduleGroup, scheduler_backends

    backend = scheduler_backends[aws.ACCOUNT][aws.REGION]
    assert isinstance(backend.schedule_groups, dict)
    group = backend.schedule_groups[get_settings().schedule_group_name]
    assert isinstance(group, ScheduleGroup) and isinstance(group.schedules, dict)
    event = world.create_event()
    found = group.schedules[f"event-{event['id']}-24h"]
    assert isinstance(found, Schedule)
    for attribute in ("name", "arn", "schedule_expression", "schedule_expression_timezone", "target", "state",
                      "action_after_completion"):
        assert hasattr(found, attribute), attribute
    assert json.loads(found.target["Input"])["eventId"] == event["id"]


def test_a_run_short_of_time_stops_between_registrants_and_the_retry_finishes(world):
    event = world.create_event()
    people = world.learners(3)
    for person in people:
        world.client(person).post(f"/events/{event['id']}/registrations")

    class ShortOfTime(Context):
        calls = 0

        def get_remaining_time_in_millis(self) -> int:  # type: ignore[override]
            ShortOfTime.calls += 1
            return 60_000 if ShortOfTime.calls == 1 else 5_000

    with pytest.raises(delivery.RemindersIncomplete):
        reminders.handler(payload(event, "24h"), ShortOfTime())
    assert sum(len(channels(p)) for p in people) == 2  # one registrant, by email and SMS
    assert reminders.handler(payload(event, "24h"), Context())["sent"] == 2
    assert all(channels(p) == ["email", "sms"] for p in people)
