"""Managing a batch after it is made: PATCH its name, seats and dates (versioned; never fewer seats than
taken; more seats go to the waitlist at once; dates checked with the fields named; an ended batch is fixed)
and its waitlist in order, for the batch's managers only."""

from __future__ import annotations

from datetime import timedelta

import pytest

from functions.learning.batches import today
from tests import factories
from tests.conftest import ApiClient
from tests.learning.conftest import batch, enrol, live_course, taken, wait_for


def client(user):
    return ApiClient(user["claims"])


@pytest.fixture
def course(workflow):
    return live_course()


@pytest.fixture
def coordinator():
    return factories.create_user("PROGRAM_COORDINATOR", org_id="dopt")


def path(course, b):
    return f"/courses/{course['id']}/batches/{b['id']}"


def test_seats_and_dates_change_with_the_version_they_were_read_at(course, coordinator):
    b = batch(course["id"], seats=5)
    me = client(coordinator)
    later = today() + timedelta(days=3)
    changed = me.patch(path(course, b), {"version": 1, "name": "Renamed", "seats": 8,
                                          "startDate": later.isoformat()})
    assert changed.status == 200, changed.body
    body = changed.json()
    assert (body["name"], body["seats"], body["startDate"], body["version"]) == ("Renamed", 8, later.isoformat(), 2)
    assert body["createdByOrgId"] == "dopt"  # whose batch managers may change it
    listed = me.get(f"/courses/{course['id']}/batches").json()["items"]
    assert [(x["seats"], x["version"]) for x in listed if x["id"] == b["id"]] == [(8, 2)]

    # the same version again: someone changed it meanwhile
    stale = me.patch(path(course, b), {"version": 1, "seats": 9})
    assert (stale.status, stale.json()["error"]["code"]) == (409, "VERSION_CONFLICT")
    assert me.get(f"/courses/{course['id']}/batches").json()["items"][0]["seats"] == 8


def test_seats_never_below_those_taken_and_more_seats_go_to_the_waitlist(course, coordinator):
    b = batch(course["id"], seats=1)
    first, second, third = (factories.create_user() for _ in range(3))
    wait_for(client(first), enrol(client(first), course["id"], b["id"]), "ENROLLED")
    second_id = enrol(client(second), course["id"], b["id"])
    wait_for(client(second), second_id, "WAITLISTED")
    third_id = enrol(client(third), course["id"], b["id"])
    wait_for(client(third), third_id, "WAITLISTED")
    me = client(coordinator)

    waiting = me.get(f"{path(course, b)}/waitlist").json()
    assert [(p["position"], p["enrolmentId"]) for p in waiting["items"]] == [(1, second_id), (2, third_id)]
    assert (waiting["seats"], waiting["seatsTaken"], waiting["more"]) == (1, 1, False)
    assert me.get(f"{path(course, b)}/waitlist", query={"limit": "1"}).json()["more"] is True

    # the two-week-old request comes through the shards: none can drop under its seats taken
    refused = client(coordinator).patch(path(course, b), {"version": 1, "seats": 1})
    assert refused.status == 200  # the same number is allowed
    below = me.patch(path(course, b), {"version": 2, "seats": 0})
    assert below.status == 400  # the model: at least one seat
    b2 = batch(course["id"], seats=3)
    for learner in (factories.create_user(), factories.create_user()):
        wait_for(client(learner), enrol(client(learner), course["id"], b2["id"]), "ENROLLED")
    fewer = me.patch(path(course, b2), {"version": 1, "seats": 1})
    assert (fewer.status, fewer.json()["error"]["code"]) == (409, "SEATS_BELOW_TAKEN")
    assert fewer.json()["error"]["details"] == {"seatsTaken": 2}

    grown = me.patch(path(course, b), {"version": 2, "seats": 2})
    assert grown.status == 200, grown.body
    assert grown.json()["seatsTaken"] == 2
    assert client(second).get(f"/enrolments/{second_id}").json()["status"] == "ENROLLED"
    assert client(third).get(f"/enrolments/{third_id}").json()["status"] == "WAITLISTED"
    assert [p["enrolmentId"] for p in me.get(f"{path(course, b)}/waitlist").json()["items"]] == [third_id]
    assert taken(b) == 2


def test_dates_that_contradict_each_other_name_the_field(course, coordinator):
    b = batch(course["id"])
    me = client(coordinator)
    start = today() + timedelta(days=5)
    bad = me.patch(path(course, b), {"version": 1, "startDate": start.isoformat(),
                                      "endDate": (start - timedelta(days=1)).isoformat()})
    assert (bad.status, bad.json()["error"]["code"]) == (400, "INVALID_DATES")
    assert {"field": "endDate", "message": "endDate is before startDate"} in bad.json()["error"]["details"]
    past = me.patch(path(course, b), {"version": 1, "startDate": (today() - timedelta(days=2)).isoformat()})
    assert [d["field"] for d in past.json()["error"]["details"]] == ["startDate"]
    nothing = me.patch(path(course, b), {"version": 1})
    assert nothing.status == 400
    assert me.get(f"/courses/{course['id']}/batches").json()["items"][0]["version"] == 1  # nothing half-written


def test_an_ended_batch_cannot_change(course, coordinator):
    b = batch(course["id"], start_in=-20, days=10, enrol_days=-15)
    ended = client(coordinator).patch(path(course, b), {"version": 1, "seats": 20})
    assert (ended.status, ended.json()["error"]["code"]) == (409, "BATCH_ENDED")


def test_only_the_batch_managers_of_its_org(course):
    b = batch(course["id"])
    learner = factories.create_user()
    other_org = factories.create_user("PROGRAM_COORDINATOR", org_id="mof")
    spv = factories.create_user("SPV_ADMIN", org_id="spv")
    assert client(learner).patch(path(course, b), {"version": 1, "seats": 3}).status == 403
    assert client(other_org).patch(path(course, b), {"version": 1, "seats": 3}).status == 403
    assert client(other_org).get(f"{path(course, b)}/waitlist").status == 403
    assert client(spv).get(f"{path(course, b)}/waitlist").status == 200
    missing = client(spv).patch(f"/courses/{course['id']}/batches/nope", {"version": 1, "seats": 3})
    assert (missing.status, missing.json()["error"]["code"]) == (404, "BATCH_NOT_FOUND")
