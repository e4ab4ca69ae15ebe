"""Request and response models of the events hub and the notifications centre."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, AwareDatetime, Field, field_validator, model_validator

from karmayogi.platform.models import CamelModel, RequestModel

Audience = Literal["org", "all"]
EventStatus = Literal["DRAFT", "PUBLISHED", "CANCELLED"]
RegistrationStatus = Literal["REGISTERED", "WAITLISTED"]

MAX_CAPACITY = 100_000
MAX_ATTENDEES_PER_REQUEST = 100


def _encodable(value: str) -> str:
    """Refuse text that cannot be stored or sent as UTF-8 (lone surrogates from `\\ud800` escapes) and
    control characters other than tab and newline."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError("must be valid Unicode text") from error
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise ValueError("must not contain control characters")
    return value


def _url(value: str) -> str:
    value = _encodable(value)
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.netloc or any(ch.isspace() for ch in value):
        raise ValueError("must be an http(s) URL")
    return value


Title = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_encodable)]
Description = Annotated[str, Field(max_length=5000), AfterValidator(_encodable)]
Location = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_encodable)]
JoinUrl = Annotated[str, Field(min_length=8, max_length=2048), AfterValidator(_url)]
Capacity = Annotated[int, Field(ge=1, le=MAX_CAPACITY)]
Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]


class EventCreate(RequestModel):
    """`POST /events`. Times need an offset (`2026-12-01T10:00:00+05:30`); they are stored in UTC."""

    title: Title
    description: Description = ""
    start_time: AwareDatetime
    end_time: AwareDatetime
    capacity: Capacity
    location: Location | None = None
    join_url: JoinUrl | None = None
    audience: Audience = "all"
    draft: bool = False

    @model_validator(mode="after")
    def _where(self) -> EventCreate:
        if not self.location and not self.join_url:
            raise ValueError("give a location or a joinUrl")
        return self


class EventUpdate(RequestModel):
    """`PATCH /events/{eventId}`: the fields to change and the `version` they were read at. A null
    `location` or `joinUrl` removes it (one of them must remain)."""

    version: int = Field(ge=1, le=2**31)
    title: Title | None = None
    description: Description | None = None
    start_time: AwareDatetime | None = None
    end_time: AwareDatetime | None = None
    capacity: Capacity | None = None
    location: Location | None = None
    join_url: JoinUrl | None = None
    audience: Audience | None = None

    @model_validator(mode="after")
    def _not_null(self) -> EventUpdate:
        for name in ("title", "description", "start_time", "end_time", "capacity", "audience"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        if not (self.model_fields_set - {"version"}):
            raise ValueError("nothing to change")
        return self


class Event(CamelModel):
    id: str
    title: str
    description: str
    start_time: str = Field(description="ISO-8601 in IST (+05:30)")
    end_time: str = Field(description="ISO-8601 in IST (+05:30)")
    capacity: int
    location: str | None = None
    join_url: str | None = None
    audience: Audience
    org_id: str = Field(description="The organiser's org")
    status: EventStatus
    registered_count: int
    waitlist_count: int
    seats_left: int
    version: int
    created_by: str
    created_at: str
    updated_at: str
    registration_status: RegistrationStatus | None = Field(
        default=None, description="The caller's registration, when there is one (single-event reads only)"
    )


class Registration(CamelModel):
    event_id: str
    status: RegistrationStatus
    registered_at: str


class RegistrationCancelled(CamelModel):
    event_id: str
    status: Literal["CANCELLED"] = "CANCELLED"


class MyEvent(CamelModel):
    event: Event
    status: RegistrationStatus
    registered_at: str


class AttendanceRequest(RequestModel):
    user_ids: list[Id] = Field(min_length=1, max_length=MAX_ATTENDEES_PER_REQUEST)

    @field_validator("user_ids")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


class Skipped(CamelModel):
    user_id: str
    reason: Literal["NOT_REGISTERED", "ALREADY_CREDITED", "NO_PROFILE"]


class AttendanceResult(CamelModel):
    event_id: str
    credited: list[str]
    skipped: list[Skipped]


# ---- the reminder target's input (what the schedule passes) ----------------------------------------------

MessageKind = Literal["24h", "1h", "cancelled"]


class ReminderInput(CamelModel):
    event_id: Id
    kind: MessageKind
    start_time: str = Field(description="The event's start (UTC) the schedule was made for")


# ---- notifications --------------------------------------------------------------------------------------

class Notification(CamelModel):
    id: str
    template: str
    title: str
    body: str
    link: str | None = None
    read: bool
    created_at: str
    read_at: str | None = None


class UnreadCount(CamelModel):
    unread: int


class ReadAll(CamelModel):
    marked: int = Field(description="How many unread notifications this call marked read")
    unread: int = Field(description="How many are still unread (more than one call's batch, or newly arrived)")
    more: bool = Field(description="True when unread ones remain: call again to mark the next batch")


# ---- Web Push subscriptions (push_subscriptions.py) ---------------------------------------------------------

Base64Url = r"^[A-Za-z0-9_-]+={0,2}$"


class PushKeys(RequestModel):
    """The subscription's `keys` as the browser's `PushSubscription.toJSON()` gives them (base64url)."""

    p256dh: str = Field(min_length=80, max_length=100, pattern=Base64Url,
                        description="The device's P-256 public key: a 65-byte uncompressed point")
    auth: str = Field(min_length=16, max_length=32, pattern=Base64Url, description="The 16-byte auth secret")


class PushSubscriptionSave(RequestModel):
    """A device's Web Push subscription: `PushSubscription.toJSON()` plus an optional label."""

    endpoint: str = Field(min_length=12, max_length=1024, description="The push service's https address of the device")
    keys: PushKeys
    expiration_time: int | None = Field(default=None, ge=0, le=10**15,
                                        description="When the browser ends it (epoch milliseconds), if it says")
    device_label: Annotated[str, Field(max_length=80), AfterValidator(_encodable)] | None = Field(
        default=None, description="What the learner calls the device (\"Office PC\")")


class PushSubscriptionView(CamelModel):
    """One of my subscriptions; the endpoint is shown only partially (it is a bearer address)."""

    id: str
    endpoint_hint: str = Field(description="The push service's origin and the endpoint's last characters")
    device_label: str | None = None
    created_at: str
    expires_at: str | None = None


class PushPublicKey(CamelModel):
    """What `PushManager.subscribe` takes as `applicationServerKey`."""

    public_key: str = Field(description="The platform's VAPID public key: a P-256 point, base64url, unpadded")
