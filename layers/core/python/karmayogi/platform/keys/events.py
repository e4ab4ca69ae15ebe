"""The events hub: events, registrations, reminders."""

from __future__ import annotations

# ---- events hub -----------------------------------------------------------------------------------------

def event_key(event_id: str) -> tuple[str, str]:
    return f"EVENT#{event_id}", "META"


def events_listing_gsi(org_id: str | None = None) -> str:
    """GSI1PK of a published event: one partition for the events open to everyone and one per organiser
    org for org-only events, by start (GSI1SK = `<start UTC>#<id>`), so that any time window is one
    range query per partition."""
    return "EVENTS#ALL" if org_id is None else f"EVENTS#ORG#{org_id}"


def event_start_sk(start_utc: str, event_id: str) -> str:
    return f"{start_utc}#{event_id}"


REGISTRATION_SK_PREFIX = "REG#"
WAITLIST_SK_PREFIX = "WAIT#"


def event_registration_key(event_id: str, user_id: str) -> tuple[str, str]:
    """A user's registration for an event (REGISTERED or WAITLISTED), in the event's item collection."""
    return f"EVENT#{event_id}", f"{REGISTRATION_SK_PREFIX}{user_id}"


def event_waitlist_key(event_id: str, queue_id: str) -> tuple[str, str]:
    """A place in an event's waitlist; `queue_id` is a time-sortable id, so the first is the oldest."""
    return f"EVENT#{event_id}", f"{WAITLIST_SK_PREFIX}{queue_id}"


def user_events_gsi(user_id: str) -> str:
    """GSI1PK of a registration: a user's registrations, newest first (GSI1SK = `<registeredAt>#<eventId>`)."""
    return f"USER#{user_id}#EVENTS"


def event_delivery_key(event_id: str, kind: str, user_id: str) -> tuple[str, str]:
    """The "sent" marker of one message (a reminder or a cancellation notice) to one registrant: claimed
    with a condition before sending, so a run of the target twice sends once."""
    return f"EVENT#{event_id}", f"SENT#{kind}#{user_id}"
