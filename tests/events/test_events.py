"""Creating, publishing, listing, rescheduling and cancelling events, with their reminder schedules."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import boto3

from karmayogi.platform import clock
from karmayogi.platform.settings import get_settings
from local import aws, schedules
from tests.conftest import ApiClient
from tests.events.helpers import IST, at, event_body, iso


def schedule(event_id: str, kind: str) -> dict[str, Any] | None:
    client = boto3.client("scheduler", region_name=aws.REGION)
    try:
        found: dict[str, Any] = client.get_schedule(Name=f"event-{event_id}-{kind}",
                                                    GroupName=get_settings().schedule_group_name)
    except client.exceptions.ResourceNotFoundException:
        return None
    return found


def field_errors(response: Any) -> set[str]:
    body = response.json()
    assert response.status == 400, body
    assert body["error"]["code"] == "VALIDATION_ERROR", body
    return {d["field"] for d in body["error"].get("details", [])}


# ---- create ---------------------------------------------------------------------------------------------

def test_create_publishes_at_once_with_ist_times_and_both_reminder_schedules(world):
    start = at(days=3)
    response = world.client(world.admin).post("/events", event_body(start))
    assert response.status == 201
    event = response.json()
    assert event["status"] == "PUBLISHED"
    assert event["orgId"] == "dopt" and event["audience"] == "all" and event["version"] == 1
    assert event["startTime"] == iso(start) and event["startTime"].endswith("+05:30")
    assert event["seatsLeft"] == 10 and event["registeredCount"] == 0

    for kind, before in (("24h", timedelta(hours=24)), ("1h", timedelta(hours=1))):
        found = schedule(event["id"], kind)
        assert found is not None, kind
        local = (start - before).astimezone(IST).strftime("%Y-%m-%dT%H:%M:%S")
        assert found["ScheduleExpression"] == f"at({local})"
        assert found["ScheduleExpressionTimezone"] == "Asia/Kolkata"
        assert found["ActionAfterCompletion"] == "DELETE"
        assert found["FlexibleTimeWindow"] == {"Mode": "OFF"}
        target = found["Target"]
        settings = get_settings()
        assert target["Arn"] == settings.reminder_target_arn
        assert target["RoleArn"] == settings.scheduler_role_arn
        assert target["DeadLetterConfig"] == {"Arn": settings.reminder_dlq_arn}
        assert target["RetryPolicy"] == {"MaximumRetryAttempts": 3, "MaximumEventAgeInSeconds": 3600}
        assert json.loads(target["Input"]) == {
            "eventId": event["id"], "kind": kind, "startTime": clock.to_iso(start.replace(microsecond=0))}


def test_an_event_two_hours_away_gets_only_the_one_hour_reminder(world):
    event = world.create_event(start=at(hours=2))
    assert schedule(event["id"], "24h") is None
    assert schedule(event["id"], "1h") is not None


def test_spv_admin_may_create_and_learners_may_not(world, api):
    assert world.client(world.spv).post("/events", event_body()).status == 201
    refused = world.client(world.learner).post("/events", event_body())
    assert refused.status == 403 and refused.json()["error"]["code"] == "FORBIDDEN"
    assert api.post("/events", event_body()).status == 401


def test_contradictory_times_are_refused(world):
    start = at(days=3)
    cases = [
        ({"endTime": iso(start)}, {"endTime"}),  # end == start
        ({"endTime": iso(start - timedelta(hours=1))}, {"endTime"}),
        ({"startTime": iso(at(hours=-1)), "endTime": iso(at(hours=1))}, {"startTime"}),
        ({"startTime": iso(at(hours=-2)), "endTime": iso(at(hours=-3))}, {"startTime", "endTime"}),
        ({"endTime": iso(start + timedelta(days=7, seconds=1))}, {"endTime"}),
        ({"startTime": iso(at(days=800)), "endTime": iso(at(days=800, hours=1))}, {"startTime"}),
    ]
    for overrides, fields in cases:
        body = {**event_body(start), **overrides}
        assert field_errors(world.client(world.admin).post("/events", body)) == fields
    assert world.client(world.admin).post(
        "/events", event_body(start, endTime=iso(start + timedelta(days=7)))).status == 201


INVALID_BODIES: list[dict[str, Any]] = [
    {"startTime": "2030-01-05T10:00:00"},  # no offset
    {"startTime": "tomorrow"},
    {"joinUrl": None},  # neither a location nor a join URL
    {"joinUrl": "javascript:alert(1)"},
    {"joinUrl": "https://meet.example.com/a b"},
    {"location": ""},
    {"capacity": 0},
    {"capacity": 1_000_001},
    {"capacity": "ten"},
    {"capacity": 2.5},
    {"title": "   "},
    {"title": "x" * 201},
    {"title": "bad \ud800 text"},
    {"title": "bell \u0007"},
    {"title": 42},
    {"description": "x" * 5001},
    {"audience": "ministry"},
    {"draft": "maybe"},
    {"colour": "red"},
]


def test_invalid_bodies_are_400_with_fields(world):
    for overrides in INVALID_BODIES:
        body = {k: v for k, v in {**event_body(), **overrides}.items() if v is not None}
        response = world.client(world.admin).post("/events", body)
        assert response.status == 400, (overrides, response.json())
        assert response.json()["error"]["code"] == "VALIDATION_ERROR"
        assert response.json()["error"]["details"], overrides
    assert world.client(world.admin).post("/events", raw_body="{not json").status == 400
    assert world.client(world.admin).post("/events", raw_body="[1, 2]").status == 400
    assert world.client(world.admin).get("/events").json()["items"] == []


def test_idempotency_key_creates_once(world):
    client = world.client(world.admin)
    first = client.post("/events", event_body(), headers={"Idempotency-Key": "k-1"})
    again = client.post("/events", event_body(), headers={"Idempotency-Key": "k-1"})
    assert first.status == again.status == 201
    assert first.json()["id"] == again.json()["id"]
    listed = client.get("/events").json()["items"]
    assert [e["id"] for e in listed] == [first.json()["id"]]


# ---- visibility, drafts, publishing ------------------------------------------------------------------

def test_drafts_are_hidden_until_published_and_then_scheduled(world):
    draft = world.create_event(draft=True)
    assert draft["status"] == "DRAFT"
    assert schedule(draft["id"], "24h") is None
    assert world.client(world.learner).get(f"/events/{draft['id']}").status == 404
    assert world.client(world.learner).get("/events").json()["items"] == []
    assert world.client(world.admin).get(f"/events/{draft['id']}").status == 200
    assert world.client(world.learner).post(f"/events/{draft['id']}/registrations").status == 404

    assert world.client(world.other_admin).post(f"/events/{draft['id']}/publish").status == 404
    published = world.client(world.admin).post(f"/events/{draft['id']}/publish")
    assert published.status == 200 and published.json()["status"] == "PUBLISHED"
    assert published.json()["version"] == 2
    assert schedule(draft["id"], "24h") is not None and schedule(draft["id"], "1h") is not None
    assert [e["id"] for e in world.client(world.learner).get("/events").json()["items"]] == [draft["id"]]
    # publishing again is harmless
    assert world.client(world.admin).post(f"/events/{draft['id']}/publish").json()["version"] == 2


def test_a_draft_whose_time_passed_cannot_be_published(world):
    draft = world.create_event(draft=True, start=at(hours=5))
    clock.set_now(at(hours=6))
    refused = world.client(world.admin).post(f"/events/{draft['id']}/publish")
    assert refused.status == 409 and refused.json()["error"]["code"] == "EVENT_IN_PAST"


def test_org_only_events_are_seen_by_their_org_alone(world):
    event = world.create_event(audience="org")
    assert world.client(world.learner).get(f"/events/{event['id']}").status == 200
    assert world.client(world.outsider).get(f"/events/{event['id']}").status == 404
    assert world.client(world.outsider).post(f"/events/{event['id']}/registrations").status == 404
    assert world.client(world.outsider).get("/events").json()["items"] == []
    assert [e["id"] for e in world.client(world.learner).get("/events").json()["items"]] == [event["id"]]
    assert world.client(world.spv).get(f"/events/{event['id']}").status == 200


def test_unknown_event_is_404(world):
    assert world.client(world.learner).get("/events/nope").status == 404
    assert world.client(world.learner).get("/events/bad%23id").status == 400


# ---- listing --------------------------------------------------------------------------------------------

def test_listing_is_by_start_time_across_months_with_cursors(world):
    everyone = [world.create_event(start=at(days=d), title=f"All {d}") for d in (70, 5, 40, 41, 100)]
    mine = world.create_event(start=at(days=20), audience="org", title="Dopt only")
    theirs = world.create_event(world.other_admin, start=at(days=21), audience="org", title="Mof only")
    client = world.client(world.learner)
    seen: list[str] = []
    cursor = None
    pages = 0
    window = {"from": iso(at(days=1)), "to": iso(at(days=120))}
    while True:
        query: dict[str, Any] = {"limit": 2, **window}
        if cursor:
            query["cursor"] = cursor
        page = client.get("/events", query=query).json()
        seen += [e["title"] for e in page["items"]]
        pages += 1
        cursor = page["nextCursor"]
        if not cursor:
            break
    assert seen == ["All 5", "Dopt only", "All 40", "All 41", "All 70", "All 100"]
    assert pages <= 4
    assert theirs["id"] not in seen and mine["title"] in seen
    assert len(everyone) == 5


def test_listing_window_and_defaults(world):
    world.create_event(start=at(days=10), title="soon")
    world.create_event(start=at(days=200), title="later")
    client = world.client(world.learner)
    assert [e["title"] for e in client.get("/events").json()["items"]] == ["soon"]  # the next 90 days
    later = client.get("/events", query={"from": iso(at(days=150)), "to": iso(at(days=250))}).json()
    assert [e["title"] for e in later["items"]] == ["later"]
    # a date alone is read in IST; an unencoded "+" (a space) is put back
    start = (at(days=199)).astimezone(IST).date().isoformat()
    assert [e["title"] for e in client.get("/events", query={"from": start}).json()["items"]] == ["later"]
    spaced = iso(at(days=150)).replace("+", " ")
    assert client.get("/events", query={"from": spaced}).status == 200


def test_an_ongoing_event_is_listed_from_inside_its_time(world):
    world.create_event(start=at(days=3), hours=48, title="two days")
    found = world.client(world.learner).get("/events", query={"from": iso(at(days=4))}).json()
    assert [e["title"] for e in found["items"]] == ["two days"]


def test_bad_listing_queries_are_400(world):
    queries: list[dict[str, Any]] = [
        {"from": "yesterday"}, {"to": "2030-13-01"},
        {"from": "2030-02-01T00:00:00+05:30", "to": "2030-01-01T00:00:00+05:30"},
        {"from": "2030-01-01T00:00:00+05:30", "to": "2031-06-01T00:00:00+05:30"},
        {"cursor": "forged"}, {"cursor": "x" * 3000}, {"limit": 0}, {"limit": 101}, {"limit": "many"},
        {"from": "9999-12-31"}, {"from": "0001-01-01"}, {"to": "0001-01-01T00:00:00Z"},
    ]
    for query in queries:
        response = world.client(world.learner).get("/events", query=query)
        assert response.status == 400, (query, response.json())


def test_a_cursor_keeps_its_window_and_refuses_another(world):
    for d in (5, 6, 7):
        world.create_event(start=at(days=d), title=f"day {d}")
    client = world.client(world.learner)
    cursor = client.get("/events", query={"limit": 1}).json()["nextCursor"]
    assert cursor
    clock.set_now(at(seconds=30))  # "now" moved on: the default window of the first page still holds
    rest = client.get("/events", query={"limit": 5, "cursor": cursor}).json()
    assert [e["title"] for e in rest["items"]] == ["day 6", "day 7"]
    refused = client.get("/events", query={"limit": 1, "cursor": cursor, "from": iso(at(days=2))})
    assert refused.status == 400 and refused.json()["error"]["code"] == "INVALID_CURSOR"
    mof_cursor = world.client(world.outsider).get("/events", query={"limit": 1}).json()["nextCursor"]
    assert client.get("/events", query={"cursor": mof_cursor}).status == 400


# ---- edit and reschedule ------------------------------------------------------------------------------

def test_reschedule_moves_the_schedules_and_the_listing(world):
    event = world.create_event(start=at(days=3))
    new_start = at(days=40)
    response = world.client(world.admin).patch(
        f"/events/{event['id']}",
        {"version": 1, "startTime": iso(new_start), "endTime": iso(new_start + timedelta(hours=2))})
    assert response.status == 200, response.json()
    moved = response.json()
    assert moved["startTime"] == iso(new_start) and moved["version"] == 2
    expected = (new_start - timedelta(hours=24)).astimezone(IST).strftime("%Y-%m-%dT%H:%M:%S")
    found = schedule(event["id"], "24h")
    assert found is not None and found["ScheduleExpression"] == f"at({expected})"
    assert json.loads(found["Target"]["Input"])["startTime"] == clock.to_iso(new_start.replace(microsecond=0))
    titles = world.client(world.learner).get("/events", query={"from": iso(at(days=1)),
                                                                "to": iso(at(days=10))}).json()["items"]
    assert titles == []
    found_later = world.client(world.learner).get("/events", query={"from": iso(at(days=39))}).json()["items"]
    assert [e["id"] for e in found_later] == [event["id"]]


def test_moving_an_event_closer_deletes_the_reminder_that_is_now_past(world):
    event = world.create_event(start=at(days=3))
    soon = at(hours=3)
    world.client(world.admin).patch(f"/events/{event['id']}", {"version": 1, "startTime": iso(soon),
                                                                "endTime": iso(soon + timedelta(hours=1))})
    assert schedule(event["id"], "24h") is None
    assert schedule(event["id"], "1h") is not None


def test_edits_are_version_checked_and_organiser_only(world):
    event = world.create_event()
    admin = world.client(world.admin)
    assert admin.patch(f"/events/{event['id']}", {"version": 1, "title": "New title"}).status == 200
    stale = admin.patch(f"/events/{event['id']}", {"version": 1, "title": "Again"})
    assert stale.status == 409 and stale.json()["error"]["code"] == "VERSION_CONFLICT"
    assert world.client(world.other_admin).patch(f"/events/{event['id']}",
                                                 {"version": 2, "title": "Mine"}).status == 403
    assert world.client(world.learner).patch(f"/events/{event['id']}", {"version": 2, "title": "x"}).status == 403
    assert world.client(world.spv).patch(f"/events/{event['id']}", {"version": 2, "title": "SPV"}).status == 200
    assert admin.get(f"/events/{event['id']}").json()["title"] == "SPV"


def test_bad_edits_are_400(world):
    event = world.create_event()
    bodies: list[dict[str, Any]] = [
        {"version": 1}, {"version": 1, "title": None}, {"version": 1, "joinUrl": None},
        {"version": 0, "title": "x"}, {"title": "x"}, {"version": 1, "endTime": event["startTime"]},
        {"version": 1, "startTime": iso(at(hours=-5))}, {"version": 1, "capacity": -1},
        {"version": 1, "orgId": "mof"}, {"version": "one", "title": "x"}, {"version": 10**40, "title": "x"},
    ]
    for body in bodies:
        response = world.client(world.admin).patch(f"/events/{event['id']}", body)
        assert response.status == 400, (body, response.json())
    unchanged = world.client(world.admin).get(f"/events/{event['id']}").json()
    assert unchanged["version"] == 1 and unchanged["title"] == event["title"]


def test_capacity_cannot_drop_below_the_registered(world):
    event = world.create_event(capacity=3)
    for person in world.learners(2):
        world.client(person).post(f"/events/{event['id']}/registrations")
    refused = world.client(world.admin).patch(f"/events/{event['id']}", {"version": 1, "capacity": 1})
    assert refused.status == 409 and refused.json()["error"]["code"] == "CAPACITY_BELOW_REGISTERED"
    assert world.client(world.admin).patch(f"/events/{event['id']}", {"version": 1, "capacity": 2}).status == 200


def test_a_started_event_cannot_be_changed_or_cancelled(world):
    event = world.create_event(start=at(hours=2))
    clock.set_now(at(hours=3))
    changed = world.client(world.admin).patch(f"/events/{event['id']}", {"version": 1, "title": "x"})
    assert changed.status == 409 and changed.json()["error"]["code"] == "EVENT_STARTED"
    assert world.client(world.admin).delete(f"/events/{event['id']}").status == 409


# ---- cancel ---------------------------------------------------------------------------------------------

def test_cancel_tells_every_registrant_once_and_removes_the_schedules(world):
    event = world.create_event(capacity=1)
    seated, waiting = world.learners(2)
    assert world.client(seated).post(f"/events/{event['id']}/registrations").json()["status"] == "REGISTERED"
    assert world.client(waiting).post(f"/events/{event['id']}/registrations").json()["status"] == "WAITLISTED"

    assert world.client(world.other_admin).delete(f"/events/{event['id']}").status == 403
    assert world.client(seated).delete(f"/events/{event['id']}").status == 403
    response = world.client(world.admin).delete(f"/events/{event['id']}")
    assert response.status == 200 and response.json()["status"] == "CANCELLED"
    assert schedule(event["id"], "24h") is None and schedule(event["id"], "1h") is None
    # The notices go out from the reminder target on a one-time schedule a minute later, not in the request.
    notice = schedule(event["id"], "cancelled")
    assert notice is not None and json.loads(notice["Target"]["Input"])["kind"] == "cancelled"
    assert aws.sent_messages(seated["email"]) == []
    clock.set_now(clock.now() + timedelta(minutes=1))
    assert schedules.fire_due() == 1
    assert schedule(event["id"], "cancelled") is None  # deleted after it ran
    for person in (seated, waiting):
        assert [m["channel"] for m in aws.sent_messages(person["email"])] == ["email"]
        assert [m["channel"] for m in aws.sent_messages(person["mobile"])] == ["sms"]
        assert aws.sent_messages(person["email"])[0]["subject"].startswith("Cancelled: ")
        notes = world.client(person).get("/me/notifications").json()["items"]
        assert [n["template"] for n in notes] == ["EVENT_CANCELLED"]

    # Cancelling again puts the schedule again (resuming notices not sent): nobody is told twice.
    again = world.client(world.admin).delete(f"/events/{event['id']}")
    assert again.status == 200 and again.json()["status"] == "CANCELLED"
    clock.set_now(clock.now() + timedelta(minutes=1))
    assert schedules.fire_due() == 1
    assert len(aws.sent_messages(seated["email"])) == 1
    assert world.client(seated).get(f"/events/{event['id']}").json()["status"] == "CANCELLED"
    assert world.client(seated).get("/events").json()["items"] == []
    late = world.client(world.learner).post(f"/events/{event['id']}/registrations")
    assert late.status == 409 and late.json()["error"]["code"] == "EVENT_CANCELLED"
    assert world.client(world.admin).patch(f"/events/{event['id']}", {"version": 2, "title": "x"}).status == 409


def test_every_route_needs_a_caller(api):
    paths = [("GET", "/events"), ("GET", "/events/e1"), ("POST", "/events/e1/registrations"),
             ("GET", "/events/e1/calendar.ics"), ("GET", "/me/events"), ("GET", "/me/notifications"),
             ("GET", "/me/notifications/unread-count"), ("POST", "/me/notifications/n1/read")]
    for method, path in paths:
        assert ApiClient().request(method, path).status == 401, path
