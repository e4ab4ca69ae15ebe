"""Events end to end over HTTP against the seeded dev server, driven by its clock: reminders 24 h and 1 h
before the start, once each, by email and SMS, only to those still registered, at the rescheduled time;
the calendar file. The dev server and its clock are shared: these events are placed well after every
listed event and the clock only moves forward."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

import pytest

from local.seed.data.accounts import DEMO_ACCOUNTS_BY_USERNAME
from tests.events.test_calendar import parse_strict, properties, unescape

pytestmark = pytest.mark.e2e

IST = timezone(timedelta(hours=5, minutes=30))
ADMIN = "rajesh.kumar@dopt.gov.in"  # MDO_ADMIN, dopt
PRIYA = "priya.sharma@mha.gov.in"
ARJUN = "arjun.nair@kerala.gov.in"


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class Session:
    def __init__(self, server: Any) -> None:
        self.server = server
        self.tokens = {u: server.login(u, DEMO_ACCOUNTS_BY_USERNAME[u].password) for u in (ADMIN, PRIYA, ARJUN)}

    def call(self, who: str, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.server.request(method, path, body, token=self.tokens[who], **kwargs)

    def now(self) -> datetime:
        return parse(self.server.request("GET", "/_local/clock").json()["now"])

    def move_clock(self, moment: datetime) -> None:
        assert moment >= self.now(), "the shared clock only moves forward"
        response = self.server.request("POST", "/_local/clock", {"now": moment.isoformat()})
        assert response.status == 200, response.body

    def mail(self, who: str, token: str) -> list[str]:
        account = DEMO_ACCOUNTS_BY_USERNAME[who]
        found = self.server.outbox(account.email) + self.server.outbox(account.mobile)
        return sorted(f"{m['channel']}:{m['subject'] or m['body']}" for m in found if token in (m["subject"] or m["body"]))


@pytest.fixture(scope="module")
def session(dev_server: Any) -> Session:
    return Session(dev_server)


def far_start(session: Session) -> datetime:
    """10:00 IST on a day 61+ days after both the dev clock and the last event anyone listed."""
    now = session.now()
    path = f"/events?limit=100&from={quote(now.isoformat())}&to={quote((now + timedelta(days=366)).isoformat())}"
    latest, cursor = now, None
    while True:
        page = session.call(PRIYA, "GET", path + (f"&cursor={cursor}" if cursor else "")).json()
        latest = max([latest, *(parse(e["endTime"]) for e in page["items"])])
        cursor = page["nextCursor"]
        if not cursor:
            break
    day = (latest + timedelta(days=61)).astimezone(IST).date()
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=IST)


def create(session: Session, title: str, start: datetime, **extra: Any) -> dict[str, Any]:
    body = {"title": title, "description": "An e2e event, with commas; and semicolons.", "capacity": 5,
            "startTime": start.isoformat(), "endTime": (start + timedelta(hours=1)).isoformat(),
            "joinUrl": "https://meet.example.com/e2e", **extra}
    response = session.call(ADMIN, "POST", "/events", body)
    assert response.status == 201, response.body
    created: dict[str, Any] = response.json()
    return created


def test_reminders_over_http_on_the_dev_clock(session):
    token = uuid.uuid4().hex[:8]
    start = far_start(session)
    first = create(session, f"E2E reminders {token}", start)
    moved = create(session, f"E2E moved {token}", start + timedelta(days=1))
    for event in (first, moved):
        assert session.call(PRIYA, "POST", f"/events/{event['id']}/registrations").json()["status"] == "REGISTERED"
    assert session.call(ARJUN, "POST", f"/events/{first['id']}/registrations").status == 201
    assert session.call(ARJUN, "DELETE", f"/events/{first['id']}/registrations").status == 200
    new_start = start + timedelta(days=3)
    patched = session.call(ADMIN, "PATCH", f"/events/{moved['id']}", {
        "version": moved["version"], "startTime": new_start.isoformat(),
        "endTime": (new_start + timedelta(hours=1)).isoformat()})
    assert patched.status == 200, patched.body

    def mail(who: str = PRIYA) -> list[str]:
        return session.mail(who, token)

    session.move_clock(start - timedelta(hours=24, minutes=5))
    assert mail() == []
    session.move_clock(start - timedelta(hours=24))
    assert mail() == [f"email:Tomorrow: E2E reminders {token}",
                      f"sms:Karmayogi: E2E reminders {token} starts {start.strftime('%d-%m-%Y')}, 10:00 IST. "
                      "https://meet.example.com/e2e"]
    session.move_clock(start - timedelta(hours=23, minutes=30))
    assert len(mail()) == 2  # no duplicate
    session.move_clock(start - timedelta(hours=1))
    assert [m.split(":")[0] + ":" + m.split(":")[1] for m in mail()].count("email:Starting in an hour") == 1
    assert len(mail()) == 4
    assert mail(ARJUN) == []  # left before the reminders

    # the moved event reminds at its new time, not at the old one
    old_start = start + timedelta(days=1)
    session.move_clock(old_start - timedelta(minutes=30))
    assert not [m for m in mail() if "E2E moved" in m]
    session.move_clock(new_start - timedelta(hours=24))
    assert [m for m in mail() if "E2E moved" in m] == [f"email:Tomorrow: E2E moved {token}",
                                                       f"sms:Karmayogi: E2E moved {token} starts "
                                                       f"{new_start.strftime('%d-%m-%Y')}, 10:00 IST. "
                                                       "https://meet.example.com/e2e"]

    # in-app too, in Hindi when asked
    notes = session.call(PRIYA, "GET", "/me/notifications?limit=100", headers={"Accept-Language": "hi"}).json()
    titles = [n["title"] for n in notes["items"] if token in n["title"]]
    assert titles == [f"कल: E2E moved {token}", f"एक घंटे में शुरू: E2E reminders {token}",
                      f"कल: E2E reminders {token}"]


def test_calendar_file_over_http(session):
    token = uuid.uuid4().hex[:8]
    start = far_start(session)
    event = create(session, f"E2E calendar, {token}; with ICS", start, location="Room 1, North Block; Delhi",
                   joinUrl=None)
    response = session.call(PRIYA, "GET", f"/events/{event['id']}/calendar.ics")
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    props = properties(parse_strict(response.body))
    assert unescape(props["SUMMARY"]) == f"E2E calendar, {token}; with ICS"
    assert unescape(props["LOCATION"]) == "Room 1, North Block; Delhi"
    assert props["DTSTART"] == start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert props["UID"] == f"{event['id']}@karmayogi.gov.in"
