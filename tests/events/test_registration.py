"""Registration: seats in one transaction with the counter, the waitlist and its promotion, closing at
the start, my events; concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from karmayogi.platform import clock, db, keys
from local import aws
from tests.conftest import ApiClient
from tests.events.helpers import at


def register(world, person, event_id):
    return world.client(person).post(f"/events/{event_id}/registrations")


def counts(world, event_id):
    event = world.client(world.admin).get(f"/events/{event_id}").json()
    return event["registeredCount"], event["waitlistCount"], event["seatsLeft"]


def test_seats_then_waitlist_then_promotion_in_order(world):
    event = world.create_event(capacity=2)
    eid = event["id"]
    a, b, c, d = world.learners(4)
    assert register(world, a, eid).json()["status"] == "REGISTERED"
    assert register(world, b, eid).json()["status"] == "REGISTERED"
    third = register(world, c, eid)
    assert third.status == 201 and third.json()["status"] == "WAITLISTED"
    assert register(world, d, eid).json()["status"] == "WAITLISTED"
    assert counts(world, eid) == (2, 2, 0)
    assert world.client(c).get(f"/events/{eid}").json()["registrationStatus"] == "WAITLISTED"

    duplicate = register(world, a, eid)
    assert duplicate.status == 409 and duplicate.json()["error"]["code"] == "ALREADY_REGISTERED"
    assert register(world, c, eid).json()["error"]["code"] == "ALREADY_REGISTERED"

    # a seat given up goes to the first waitlisted (c), in the same transaction
    left = world.client(a).delete(f"/events/{eid}/registrations")
    assert left.status == 200 and left.json() == {"eventId": eid, "status": "CANCELLED"}
    assert counts(world, eid) == (2, 1, 0)
    assert world.client(c).get(f"/events/{eid}").json()["registrationStatus"] == "REGISTERED"
    assert world.client(d).get(f"/events/{eid}").json()["registrationStatus"] == "WAITLISTED"
    notes = world.client(c).get("/me/notifications").json()["items"]
    assert [n["template"] for n in notes] == ["EVENT_WAITLIST_PROMOTED"]
    assert [m["channel"] for m in aws.sent_messages(c["email"])] == ["email"]
    assert [m["channel"] for m in aws.sent_messages(c["mobile"])] == ["sms"]
    assert world.client(a).get(f"/events/{eid}").json()["registrationStatus"] is None

    # a waitlisted person leaving frees no seat
    assert world.client(d).delete(f"/events/{eid}/registrations").status == 200
    assert counts(world, eid) == (2, 0, 0)
    # with nobody waiting, a seat given up is free again; and one may register again after leaving
    assert world.client(b).delete(f"/events/{eid}/registrations").status == 200
    assert counts(world, eid) == (1, 0, 1)
    assert register(world, a, eid).json()["status"] == "REGISTERED"
    assert counts(world, eid) == (2, 0, 0)
    pk = keys.event_key(eid)[0]
    assert db.query_all(_waitlist(pk)) == []


def _waitlist(pk):
    from boto3.dynamodb.conditions import Key

    return Key("PK").eq(pk) & Key("SK").begins_with(keys.WAITLIST_SK_PREFIX)


def test_a_retried_registration_with_its_idempotency_key_answers_the_first_result(world):
    event = world.create_event(capacity=1)
    person = world.learners(1)[0]
    url = f"/events/{event['id']}/registrations"
    first = world.client(person).post(url, headers={"Idempotency-Key": "register-1"})
    again = world.client(person).post(url, headers={"Idempotency-Key": "register-1"})
    assert first.status == again.status == 201 and first.json() == again.json()
    assert counts(world, event["id"]) == (1, 0, 0)
    assert register(world, person, event["id"]).json()["error"]["code"] == "ALREADY_REGISTERED"


def test_cancelling_without_a_registration_is_404(world):
    event = world.create_event()
    response = world.client(world.learner).delete(f"/events/{event['id']}/registrations")
    assert response.status == 404 and response.json()["error"]["code"] == "NOT_REGISTERED"


def test_registration_closes_at_the_start(world):
    event = world.create_event(start=at(hours=2))
    early = world.learners(1)[0]
    assert register(world, early, event["id"]).status == 201
    clock.set_now(at(hours=2))
    closed = register(world, world.learner, event["id"])
    assert closed.status == 409 and closed.json()["error"]["code"] == "REGISTRATION_CLOSED"
    leaving = world.client(early).delete(f"/events/{event['id']}/registrations")
    assert leaving.status == 409 and leaving.json()["error"]["code"] == "REGISTRATION_CLOSED"


def test_a_capacity_increase_promotes_the_waitlist(world):
    event = world.create_event(capacity=1)
    first, second, third = world.learners(3)
    for person in (first, second, third):
        register(world, person, event["id"])
    assert counts(world, event["id"]) == (1, 2, 0)
    raised = world.client(world.admin).patch(f"/events/{event['id']}", {"version": 1, "capacity": 2})
    assert raised.status == 200
    assert (raised.json()["registeredCount"], raised.json()["waitlistCount"]) == (2, 1)
    assert world.client(second).get(f"/events/{event['id']}").json()["registrationStatus"] == "REGISTERED"
    assert world.client(third).get(f"/events/{event['id']}").json()["registrationStatus"] == "WAITLISTED"


def test_my_events_lists_my_registrations_newest_first(world):
    one = world.create_event(title="One", capacity=1)
    two = world.create_event(title="Two")
    world.learners(1)
    other = world.learners(1)[0]
    register(world, other, one["id"])
    register(world, world.learner, one["id"])  # waitlisted
    clock.set_now(at(minutes=1))
    register(world, world.learner, two["id"])
    mine = world.client(world.learner).get("/me/events").json()
    assert [(m["event"]["title"], m["status"]) for m in mine["items"]] == [("Two", "REGISTERED"),
                                                                           ("One", "WAITLISTED")]
    page = world.client(world.learner).get("/me/events", query={"limit": 1}).json()
    assert len(page["items"]) == 1 and page["nextCursor"]
    rest = world.client(world.learner).get("/me/events", query={"limit": 1, "cursor": page["nextCursor"]}).json()
    assert rest["items"][0]["event"]["title"] == "One"
    # another user's cursor is refused
    assert world.client(other).get("/me/events", query={"cursor": page["nextCursor"]}).status == 400


def test_racing_registrations_fill_exactly_the_seats(world):
    event = world.create_event(capacity=5)
    people = world.learners(12)

    def attempt(person):
        return ApiClient(person["claims"]).post(f"/events/{event['id']}/registrations").json()["status"]

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(attempt, people))
    assert statuses.count("REGISTERED") == 5
    assert statuses.count("WAITLISTED") == 7
    assert counts(world, event["id"]) == (5, 7, 0)


def test_racing_cancellations_promote_each_waitlisted_once(world):
    event = world.create_event(capacity=4)
    seated = world.learners(4)
    waiting = world.learners(3)
    for person in seated + waiting:
        register(world, person, event["id"])

    def leave(person):
        return ApiClient(person["claims"]).delete(f"/events/{event['id']}/registrations").status

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(leave, seated)) == [200] * 4
    assert counts(world, event["id"]) == (3, 0, 1)
    for person in waiting:
        assert world.client(person).get(f"/events/{event['id']}").json()["registrationStatus"] == "REGISTERED"
