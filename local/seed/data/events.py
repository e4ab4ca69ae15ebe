"""Seed events: upcoming webinars and workshops. Times are relative to the moment of seeding
(`days_from_now`) and given in IST (`start_hour_ist`, 0-23; `start_minute_ist` 0-59), so a fresh seed always
shows upcoming events. Exactly one of `location` (in person) and `join_url` (online) is set."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SeedEvent:
    id: str
    title: str
    description: str
    days_from_now: int  # 2..30
    start_hour_ist: int  # 0..23
    duration_minutes: int
    capacity: int
    organiser_org_id: str
    location: str | None = None
    join_url: str | None = None  # example.com placeholders: the dev server does not call them
    start_minute_ist: int = 0


EVENTS: tuple[SeedEvent, ...] = (
    SeedEvent(
        "evt-karmayogi-talk-citizen-first",
        "Karmayogi Talk: Putting Citizens First",
        "A webinar on redesigning public services around the citizen, with examples from states that have "
        "cut processing times using grievance data.",
        days_from_now=3, start_hour_ist=16, duration_minutes=60, capacity=500, organiser_org_id="cbc",
        join_url="https://meet.example.com/karmayogi/citizen-first",
    ),
    SeedEvent(
        "evt-e-office-clinic",
        "e-Office Hands-on Clinic",
        "Bring your questions on eFile, DSC and eSign, and file conversion; NIC experts walk through common "
        "problems live.",
        days_from_now=5, start_hour_ist=11, duration_minutes=90, capacity=200, organiser_org_id="nic",
        join_url="https://meet.example.com/karmayogi/e-office-clinic",
    ),
    SeedEvent(
        "evt-gem-procurement-workshop",
        "Workshop: Procurement on GeM for Drawing and Disbursing Officers",
        "A one-day classroom workshop on direct purchase, L1 purchase, bids and reverse auctions on GeM "
        "under GFR 2017.",
        days_from_now=9, start_hour_ist=10, duration_minutes=360, capacity=40, organiser_org_id="istm",
        location="Institute of Secretariat Training and Management, JNU (Old) Campus, Olof Palme Marg, "
                 "New Delhi 110067",
    ),
    SeedEvent(
        "evt-rti-webinar",
        "RTI Act: Common Mistakes of CPIOs and How to Avoid Them",
        "A webinar for CPIOs and First Appellate Authorities on timelines, exemptions and well-reasoned "
        "orders.",
        days_from_now=12, start_hour_ist=15, start_minute_ist=30, duration_minutes=75, capacity=300,
        organiser_org_id="dopt",
        join_url="https://meet.example.com/karmayogi/rti-cpio",
    ),
    SeedEvent(
        "evt-leadership-lbsnaa",
        "Leadership in Public Service: A Conversation at LBSNAA",
        "An in-person session for Directors and Joint Secretaries on leading change in large organisations.",
        days_from_now=20, start_hour_ist=10, duration_minutes=180, capacity=60, organiser_org_id="lbsnaa",
        location="Lal Bahadur Shastri National Academy of Administration, Mussoorie, Uttarakhand 248179",
    ),
    SeedEvent(
        "evt-yoga-wellbeing",
        "Yoga for Karmayogis: Desk Yoga and Breathing",
        "A 45-minute guided session of chair yoga, pranayama and relaxation for office-goers.",
        days_from_now=27, start_hour_ist=8, duration_minutes=45, capacity=1000, organiser_org_id="ayush",
        join_url="https://meet.example.com/karmayogi/desk-yoga",
    ),
)

EVENTS_BY_ID: dict[str, SeedEvent] = {e.id: e for e in EVENTS}
