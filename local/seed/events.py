"""Seed the upcoming events of local/seed/data/events.py through the events hub's service, so each is
published with its reminder schedules, as if its organiser org had created it. Times are relative to the
platform clock at seeding, in IST."""

from __future__ import annotations

from datetime import datetime, timedelta

from functions.events import repository, service
from functions.events.models import EventCreate
from karmayogi.platform import clock
from local.seed.data.events import EVENTS, SeedEvent

SEEDED_BY = "seed"


def _start(event: SeedEvent, now: datetime) -> datetime:
    day = (now.astimezone(service.IST) + timedelta(days=event.days_from_now)).date()
    return datetime(day.year, day.month, day.day, event.start_hour_ist, event.start_minute_ist,
                    tzinfo=service.IST)


def seed() -> None:
    now = clock.now()
    for event in EVENTS:
        if repository.get_event(event.id) is not None:
            continue
        start = _start(event, now)
        request = EventCreate(
            title=event.title, description=event.description, start_time=start,
            end_time=start + timedelta(minutes=event.duration_minutes), capacity=event.capacity,
            location=event.location, join_url=event.join_url, audience="all",
        )
        service.create_event_for(event.organiser_org_id, SEEDED_BY, request, event_id=event.id)
