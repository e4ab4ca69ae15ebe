"""The notifications centre every hub writes to: listing (all or unread, newest first, paged), reading
(idempotent, one transaction with the counter), the unread count, English and Hindi at read time, expiry."""

from __future__ import annotations

import re
import string
import time

import pytest

from karmayogi.domain import notifications
from karmayogi.domain.templates import TEMPLATES, render
from karmayogi.platform import clock, db, keys
from local import aws
from tests import factories
from tests.events.helpers import at

PARAMS = {"title": "RTI Act", "when": "04-01-2030, 10:00 IST", "where": "https://meet.example.com/rti",
          "name": "Priya"}


def fill(user, templates):
    for template in templates:
        notifications.notify_in_app(user["userId"], template, PARAMS, link="/events/e1")
        time.sleep(0.002)  # ids are ordered by the millisecond


def test_list_read_and_count(world):
    me = world.client(world.learner)
    fill(world.learner, ["WELCOME", "EVENT_REMINDER_24H", "EVENT_REMINDER_1H"])
    listed = me.get("/me/notifications").json()
    assert [n["template"] for n in listed["items"]] == ["EVENT_REMINDER_1H", "EVENT_REMINDER_24H", "WELCOME"]
    assert listed["nextCursor"] is None
    newest = listed["items"][0]
    assert newest["title"] == "Starting in an hour: RTI Act" and "04-01-2030, 10:00 IST" in newest["body"]
    assert newest["read"] is False and newest["link"] == "/events/e1" and newest["createdAt"].endswith("+05:30")
    assert me.get("/me/notifications/unread-count").json() == {"unread": 3}

    read = me.post(f"/me/notifications/{newest['id']}/read")
    assert read.status == 200 and read.json()["read"] is True and read.json()["readAt"]
    again = me.post(f"/me/notifications/{newest['id']}/read")
    assert again.status == 200 and again.json()["readAt"] == read.json()["readAt"]
    assert me.get("/me/notifications/unread-count").json() == {"unread": 2}
    unread = me.get("/me/notifications", query={"unread": "true"}).json()["items"]
    assert [n["template"] for n in unread] == ["EVENT_REMINDER_24H", "WELCOME"]
    everything = me.get("/me/notifications", query={"unread": "false"}).json()["items"]
    assert [n["read"] for n in everything] == [True, False, False]
    item = db.get(*keys.notification_key(world.learner["userId"], newest["id"]))
    assert item is not None
    assert "GSI1PK" not in item and "GSI1SK" not in item


def test_hindi_by_accept_language(world):
    fill(world.learner, ["EVENT_REMINDER_24H"])
    me = world.client(world.learner)
    hindi = me.get("/me/notifications", headers={"Accept-Language": "hi-IN,hi;q=0.9,en;q=0.5"}).json()["items"][0]
    assert hindi["title"] == "कल: RTI Act"
    assert "शुरू होगा" in hindi["body"]
    english = me.get("/me/notifications", headers={"Accept-Language": "en-IN"}).json()["items"][0]
    assert english["title"] == "Tomorrow: RTI Act"
    read = me.post(f"/me/notifications/{hindi['id']}/read", headers={"Accept-Language": "hi"}).json()
    assert read["title"] == "कल: RTI Act"


def test_paging_both_lists(world):
    fill(world.learner, ["WELCOME"] * 5)
    me = world.client(world.learner)
    for query in ({}, {"unread": "true"}):
        seen, cursor = [], None
        while True:
            page = me.get("/me/notifications", query={**query, "limit": 2, **({"cursor": cursor} if cursor else {})})
            assert page.status == 200
            seen += [n["id"] for n in page.json()["items"]]
            cursor = page.json()["nextCursor"]
            if not cursor:
                break
        assert len(seen) == len(set(seen)) == 5 and seen == sorted(seen, reverse=True)
    unread_cursor = me.get("/me/notifications", query={"unread": "true", "limit": 1}).json()["nextCursor"]
    assert me.get("/me/notifications", query={"cursor": unread_cursor}).status == 400
    assert world.client(world.outsider).get("/me/notifications", query={"unread": "true",
                                                                        "cursor": unread_cursor}).status == 400
    assert me.get("/me/notifications", query={"cursor": "AAAA"}).json()["error"]["code"] == "INVALID_CURSOR"
    assert me.get("/me/notifications", query={"limit": 0}).status == 400
    assert me.get("/me/notifications", query={"unread": "perhaps"}).status == 400


def test_one_cannot_read_anothers_notification(world):
    fill(world.learner, ["WELCOME"])
    mine = world.client(world.learner).get("/me/notifications").json()["items"][0]
    assert world.client(world.outsider).post(f"/me/notifications/{mine['id']}/read").status == 404
    assert world.client(world.learner).get("/me/notifications/unread-count").json() == {"unread": 1}
    assert world.client(world.learner).post("/me/notifications/nope/read").status == 404
    assert world.client(world.learner).post("/me/notifications/bad%23id/read").status == 400


def test_expired_notifications_are_not_shown(world):
    fill(world.learner, ["WELCOME"])
    clock.set_now(at(days=89))
    fill(world.learner, ["EVENT_REMINDER_1H"])
    clock.set_now(at(days=2))  # the first is 91 days old
    me = world.client(world.learner)
    assert [n["template"] for n in me.get("/me/notifications").json()["items"]] == ["EVENT_REMINDER_1H"]
    assert [n["template"] for n in me.get("/me/notifications", query={"unread": "true"}).json()["items"]] == [
        "EVENT_REMINDER_1H"]
    item = db.query_all(keys_condition(world.learner["userId"]))
    assert {i["expiresAt"] - int(clock.parse_iso(i["createdAt"]).timestamp()) for i in item} == {90 * 24 * 3600}


def keys_condition(user_id):
    from boto3.dynamodb.conditions import Key

    return Key("PK").eq(keys.user_pk(user_id)) & Key("SK").begins_with(keys.NOTIFICATION_SK_PREFIX)


def test_a_notification_of_an_unknown_template_still_lists(world):
    fill(world.learner, ["WELCOME"])
    item = db.query_all(keys_condition(world.learner["userId"]))[0]
    db.table().update_item(Key={"PK": item["PK"], "SK": item["SK"]}, UpdateExpression="SET template = :t",
                           ExpressionAttributeValues={":t": "RETIRED_TEMPLATE"})
    listed = world.client(world.learner).get("/me/notifications").json()["items"]
    assert listed[0]["template"] == "RETIRED_TEMPLATE" and listed[0]["title"] == "RETIRED_TEMPLATE"


def test_notify_sends_in_app_email_and_sms(world):
    person = factories.create_user()
    notifications.notify(person["userId"], "EVENT_CANCELLED", PARAMS, email=person["email"],
                         mobile=person["mobile"], language="hi")
    assert aws.sent_messages(person["email"])[0]["subject"] == "रद्द: RTI Act"
    assert aws.sent_messages(person["mobile"])[0]["body"].startswith("कर्मयोगी:")
    assert world.client(person).get("/me/notifications/unread-count").json() == {"unread": 1}


# ---- the templates behind every in-app notification: English and Hindi --------------------------------

def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_every_template_renders_in_english_and_hindi(template):
    versions = TEMPLATES[template]
    assert set(versions) >= {"en", "hi"}, f"{template} lacks a language"
    english, hindi = versions["en"], versions["hi"]
    for part in ("subject", "body", "sms"):
        en_text, hi_text = getattr(english, part), getattr(hindi, part)
        assert en_text.strip() and hi_text.strip(), (template, part)
        assert _placeholders(en_text) == _placeholders(hi_text), (template, part)
        assert re.search(r"[\u0900-\u097F]", hi_text), f"{template}.{part} (hi) is not in Devanagari"
    names = set().union(*(_placeholders(getattr(english, p)) for p in ("subject", "body", "sms")))
    for language in ("en", "hi"):
        text = render(template, language, {name: f"<{name}>" for name in names})
        for rendered in (text.subject, text.body, text.sms):
            assert "{" not in rendered and "}" not in rendered


def test_read_all_marks_only_the_callers_unread_ones_in_bounded_batches(world, monkeypatch):
    from functions.events import notification_centre

    fill(world.learner, ["WELCOME", "EVENT_REMINDER_24H", "EVENT_REMINDER_1H"])
    fill(world.outsider, ["WELCOME"])
    me = world.client(world.learner)
    first = me.get("/me/notifications").json()["items"][0]
    me.post(f"/me/notifications/{first['id']}/read")
    monkeypatch.setattr(notification_centre, "READ_ALL_BATCH", 1)
    batch = me.post("/me/notifications/read-all")
    assert batch.status == 200 and batch.json() == {"marked": 1, "unread": 1, "more": True}
    monkeypatch.setattr(notification_centre, "READ_ALL_BATCH", 100)
    assert me.post("/me/notifications/read-all").json() == {"marked": 1, "unread": 0, "more": False}
    assert me.post("/me/notifications/read-all").json() == {"marked": 0, "unread": 0, "more": False}
    assert all(n["read"] and n["readAt"] for n in me.get("/me/notifications").json()["items"])
    assert me.get("/me/notifications/unread-count").json() == {"unread": 0}
    assert me.get("/me/notifications", query={"unread": "true"}).json()["items"] == []
    other = world.client(world.outsider)
    assert other.get("/me/notifications/unread-count").json() == {"unread": 1}
