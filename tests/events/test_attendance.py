"""Attendance: EVENT_ATTENDED karma once per registered attendee, by the organiser org's MDO_ADMIN."""

from __future__ import annotations

from datetime import timedelta

from karmayogi.domain import profiles
from karmayogi.platform import clock
from tests.events.helpers import at


def karma_of(person):
    profile = profiles.get_profile(person["userId"])
    assert profile is not None
    return profile["karmaPoints"]


def test_attendance_credits_registered_attendees_once(world):
    event = world.create_event(capacity=2, start=at(days=1))
    eid = event["id"]
    first, second, waiting = world.learners(3)
    for person in (first, second, waiting):
        world.client(person).post(f"/events/{eid}/registrations")
    admin = world.client(world.admin)

    early = admin.post(f"/events/{eid}/attendance", {"userIds": [first["userId"]]})
    assert early.status == 409 and early.json()["error"]["code"] == "EVENT_NOT_STARTED"

    clock.set_now(clock.parse_iso(event["startTime"]) + timedelta(minutes=30))
    ids = [first["userId"], waiting["userId"], world.learner["userId"], first["userId"]]
    result = admin.post(f"/events/{eid}/attendance", {"userIds": ids})
    assert result.status == 200, result.json()
    assert result.json() == {
        "eventId": eid,
        "credited": [first["userId"]],
        "skipped": [{"userId": waiting["userId"], "reason": "NOT_REGISTERED"},
                    {"userId": world.learner["userId"], "reason": "NOT_REGISTERED"}],
    }
    again = admin.post(f"/events/{eid}/attendance", {"userIds": [first["userId"], second["userId"]]}).json()
    assert again["credited"] == [second["userId"]]
    assert again["skipped"] == [{"userId": first["userId"], "reason": "ALREADY_CREDITED"}]
    assert karma_of(first) == 5
    assert karma_of(second) == 5
    assert karma_of(waiting) == 0


def test_only_the_organiser_org_admin_records_attendance(world):
    event = world.create_event(start=at(hours=2))
    world.client(world.learner).post(f"/events/{event['id']}/registrations")
    clock.set_now(at(hours=3))
    body = {"userIds": [world.learner["userId"]]}
    assert world.client(world.learner).post(f"/events/{event['id']}/attendance", body).status == 403
    assert world.client(world.other_admin).post(f"/events/{event['id']}/attendance", body).status == 403
    assert world.client(world.spv).post(f"/events/{event['id']}/attendance", body).json()["credited"] == [
        world.learner["userId"]]


def test_attendance_input_is_validated(world):
    event = world.create_event(start=at(hours=2))
    clock.set_now(at(hours=3))
    admin = world.client(world.admin)
    bodies: list[dict] = [{"userIds": []}, {"userIds": ["u"] * 101}, {"userIds": "u1"}, {}, {"userIds": ["bad id"]},
              {"userIds": ["u1"], "extra": 1}]
    for body in bodies:
        response = admin.post(f"/events/{event['id']}/attendance", body)
        assert response.status == 400, (body, response.json())
    assert admin.post("/events/nope/attendance", {"userIds": ["u1"]}).status == 404


def test_no_attendance_for_a_cancelled_event(world):
    event = world.create_event(start=at(hours=2))
    world.client(world.admin).delete(f"/events/{event['id']}")
    clock.set_now(at(hours=3))
    refused = world.client(world.admin).post(f"/events/{event['id']}/attendance", {"userIds": ["u1"]})
    assert refused.status == 409 and refused.json()["error"]["code"] == "EVENT_CANCELLED"
