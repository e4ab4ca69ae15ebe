"""Builders shared by the events hub's tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from karmayogi.platform import clock

IST = timezone(timedelta(hours=5, minutes=30))
# A fixed "now" for in-process tests: 10:00 IST on 1 Jan 2030 (the clock is moved, never waited for).
NOW = datetime(2030, 1, 1, 10, 0, tzinfo=IST)


def at(**delta: float) -> datetime:
    return clock.now() + timedelta(**delta)


def iso(moment: datetime) -> str:
    return moment.astimezone(IST).isoformat(timespec="seconds")


def event_body(start: datetime | None = None, hours: float = 1, **overrides: Any) -> dict[str, Any]:
    start = start or at(days=3)
    body: dict[str, Any] = {
        "title": "RTI Act: Common Mistakes, and How to Avoid Them",
        "description": "Timelines; exemptions, and well-reasoned orders.\nBring questions.",
        "startTime": iso(start),
        "endTime": iso(start + timedelta(hours=hours)),
        "capacity": 10,
        "joinUrl": "https://meet.example.com/rti",
    }
    body.update(overrides)
    return body
