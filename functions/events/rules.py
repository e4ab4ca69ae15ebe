"""How the events hub shows an event and who may see or manage one (shared by the hub's services)."""

from __future__ import annotations

from typing import Any

from functions.events import repository, scheduler
from functions.events.models import Event
from karmayogi.platform import clock, db, roles
from karmayogi.platform.errors import forbidden, not_found
from karmayogi.platform.identity import Caller

IST = scheduler.IST


def ist(iso: str) -> str:
    return clock.parse_iso(iso).astimezone(IST).isoformat(timespec="seconds")


def when(iso: str) -> str:
    return clock.parse_iso(iso).astimezone(IST).strftime("%d-%m-%Y, %H:%M IST")


def view(item: db.Item, registration_status: Any = None) -> Event:
    return Event(
        id=item["id"], title=item["title"], description=item.get("description", ""),
        start_time=ist(item["startTime"]), end_time=ist(item["endTime"]), capacity=item["capacity"],
        location=item.get("location"), join_url=item.get("joinUrl"), audience=item["audience"],
        org_id=item["orgId"], status=item["status"], registered_count=item.get("registeredCount", 0),
        waitlist_count=item.get("waitlistCount", 0),
        seats_left=max(0, item["capacity"] - item.get("registeredCount", 0)), version=item["version"],
        created_by=item["createdBy"], created_at=ist(item["createdAt"]), updated_at=ist(item["updatedAt"]),
        registration_status=registration_status,
    )


def message_params(item: db.Item) -> dict[str, Any]:
    return {"title": item["title"], "when": when(item["startTime"]),
            "where": item.get("location") or item.get("joinUrl") or ""}


def link(event_id: str) -> str:
    return f"/events/{event_id}"


def can_manage(caller: Caller, item: db.Item) -> bool:
    if caller.is_spv_admin:
        return True
    return caller.has_role(roles.MDO_ADMIN) and caller.org_id == item["orgId"]


def can_see(caller: Caller, item: db.Item) -> bool:
    if item["status"] == repository.DRAFT:
        return can_manage(caller, item)
    if item["audience"] == "all" or caller.is_spv_admin:
        return True
    return caller.org_id == item["orgId"]


def visible_event(caller: Caller, event_id: str, consistent: bool = False) -> db.Item:
    item = repository.get_event(event_id, consistent=consistent)
    if item is None or not can_see(caller, item):
        raise not_found("The event")
    return item


def managed_event(caller: Caller, event_id: str) -> db.Item:
    """The event, for its organiser org's MDO_ADMIN (or an SPV_ADMIN): 404 for those who cannot see it,
    403 for those who can see but not manage it."""
    return managed(caller, repository.get_event(event_id, consistent=True))


def managed(caller: Caller, item: db.Item | None) -> db.Item:
    if item is None or not can_see(caller, item):
        raise not_found("The event")
    if not can_manage(caller, item):
        raise forbidden("Only an MDO admin of the organising organisation can do this")
    return item
