"""Attendance: EVENT_ATTENDED karma and an attendance certificate once per registered attendee, by the organiser
org's MDO_ADMIN."""

from __future__ import annotations

import io
from datetime import timedelta

import boto3
from pypdf import PdfReader

from karmayogi.domain import credentials, profiles
from karmayogi.platform import clock
from karmayogi.platform.settings import get_settings
from tests import factories
from tests.conftest import ApiClient
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


def test_attendance_issues_one_event_certificate_the_learning_hub_verifies(world):
    """Issue 20: attending a webinar gives a certificate of the same shape (kind "event"), once, issued by the
    organising org, with a credential that verifies offline."""
    factories.seed_directory()  # the organising org's name goes on the certificate
    event = world.create_event(title="Webinar on Mission Karmayogi", start=at(hours=2))
    world.client(world.learner).post(f"/events/{event['id']}/registrations")
    clock.set_now(at(hours=3))
    admin = world.client(world.admin)
    assert admin.post(f"/events/{event['id']}/attendance", {"userIds": [world.learner["userId"]]}).json()[
        "credited"] == [world.learner["userId"]]
    assert admin.post(f"/events/{event['id']}/attendance", {"userIds": [world.learner["userId"]]}).json()[
        "credited"] == []  # once
    me = world.client(world.learner)
    [certificate] = me.get("/me/certificates").json()["items"]
    assert (certificate["kind"], certificate["courseId"], certificate["courseTitle"]) == (
        "event", event["id"], "Webinar on Mission Karmayogi")

    public = ApiClient().get(f"/certificates/{certificate['id']}").json()
    assert (public["kind"], public["status"], public["issuer"]) == ("event", "valid", "Department of Personnel and Training")
    assert public["credential"]["credentialSubject"]["achievement"]["id"] == f"urn:karmayogi:event:{event['id']}"
    issuer = ApiClient().get("/.well-known/karmayogi-issuer.json").json()
    assert credentials.verify(public["credential"], issuer).outcome == "valid"

    pdf = me.get(f"/me/certificates/{certificate['id']}.pdf", headers={"Origin": "http://127.0.0.1:3999"})
    assert pdf.status == 302
    s3 = boto3.client("s3", region_name=get_settings().region)
    key = pdf.headers["Location"].split("?")[0].lstrip("/")
    text = PdfReader(io.BytesIO(s3.get_object(Bucket=get_settings().media_bucket, Key=key)["Body"].read())).pages[0].extract_text()
    for words in ["Certificate of Participation", "सहभागिता प्रमाणपत्र", "ने कार्यक्रम में भाग लिया है",
                  "Webinar on Mission Karmayogi", world.learner["name"]]:
        assert words in text, words
