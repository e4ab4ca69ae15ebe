"""HTTP routes of the events hub and of the notifications centre."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from functions.events import notification_centre, push_subscriptions, registrations, service
from functions.events.models import (
    AttendanceRequest,
    AttendanceResult,
    Event,
    EventCreate,
    EventUpdate,
    MyEvent,
    Notification,
    PushPublicKey,
    PushSubscriptionSave,
    PushSubscriptionView,
    ReadAll,
    Registration,
    RegistrationCancelled,
    UnreadCount,
)
from karmayogi.platform.api import (
    Cursor,
    Limit,
    caller,
    documented,
    errors,
    idempotent,
    lambda_entry,
    language,
    make_resolver,
    no_content,
)
from karmayogi.platform.models import DEFAULT_LIMIT, PageOf

app = make_resolver()

EventId = Annotated[str, Path(alias="eventId", max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
SubscriptionId = Annotated[str, Path(alias="subscriptionId", max_length=64, pattern=r"^[a-f0-9]+$")]
NotificationId = Annotated[str, Path(alias="notificationId", max_length=64, pattern=r"^[A-Za-z0-9]+$")]


@app.get("/events", tags=["Events"], summary="Published events in a time range (default: the next 90 days)")
def list_events(
    start: Annotated[str | None, Query(alias="from", max_length=40)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=40)] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[Event]:
    return service.list_events(caller(app), start, end, limit, cursor)


@app.post("/events", tags=["Events"], summary="Create an event (MDO_ADMIN, SPV_ADMIN); published unless a draft",
          status_code=201, middlewares=[idempotent],
          responses={**errors(403), 201: {"description": "Created", "content": {"application/json": {"model": Event}}}})
def create_event(body: EventCreate) -> Event:
    return service.create_event(caller(app), body)


@app.get("/events/<eventId>", tags=["Events"], summary="One event", responses=documented(404))
def get_event(event_id: EventId) -> Event:
    return service.get_event(caller(app), event_id)


@app.patch("/events/<eventId>", tags=["Events"], summary="Edit or reschedule an event (its organiser)",
           responses=documented(403, 404, 409))
def update_event(event_id: EventId, body: EventUpdate) -> Event:
    return service.update_event(caller(app), event_id, body)


@app.delete("/events/<eventId>", tags=["Events"], summary="Cancel an event (its organiser); registrants are told",
            responses=documented(403, 404, 409))
def cancel_event(event_id: EventId) -> Event:
    return service.cancel_event(caller(app), event_id)


@app.post("/events/<eventId>/publish", tags=["Events"], summary="Publish a draft event (its organiser)",
          responses=documented(403, 404, 409))
def publish_event(event_id: EventId) -> Event:
    return service.publish_event(caller(app), event_id)


@app.post("/events/<eventId>/registrations", tags=["Events"], summary="Register (or join the waitlist)",
          status_code=201, middlewares=[idempotent],
          responses={**errors(404, 409), 201: {"description": "REGISTERED or WAITLISTED",
                                               "content": {"application/json": {"model": Registration}}}})
def register(event_id: EventId) -> Registration:
    return registrations.register(caller(app), event_id)


@app.delete("/events/<eventId>/registrations", tags=["Events"], summary="Cancel my registration",
            responses=documented(404, 409))
def cancel_registration(event_id: EventId) -> RegistrationCancelled:
    return registrations.cancel_registration(caller(app), event_id)


@app.post("/events/<eventId>/attendance", tags=["Events"], summary="Record attendance; credits karma once",
          responses=documented(403, 404, 409))
def record_attendance(event_id: EventId, body: AttendanceRequest) -> AttendanceResult:
    return service.record_attendance(caller(app), event_id, body)


@app.get("/events/<eventId>/calendar.ics", tags=["Events"], summary="The event as an iCalendar file",
         responses={**errors(404), 200: {"description": "An RFC 5545 file",
                          "content": {"text/calendar": {"schema": {"type": "string"}}}}})
def calendar(event_id: EventId) -> Response[str]:
    return Response(
        status_code=200,
        content_type="text/calendar; charset=utf-8",
        body=service.calendar(caller(app), event_id),
        headers={"Content-Disposition": f'attachment; filename="{event_id}.ics"'},
    )


@app.get("/me/events", tags=["Events"], summary="My registrations, newest first")
def my_events(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> PageOf[MyEvent]:
    return registrations.my_events(caller(app), limit, cursor)


@app.get("/me/notifications", tags=["Notifications"], summary="My notifications, newest first")
def list_notifications(
    unread: Annotated[bool, Query()] = False,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[Notification]:
    return notification_centre.list_notifications(caller(app), unread, language(app), limit, cursor)


@app.get("/me/notifications/unread-count", tags=["Notifications"], summary="How many are unread")
def unread_count() -> UnreadCount:
    return notification_centre.unread_count(caller(app))


@app.post("/me/notifications/read-all", tags=["Notifications"],
          summary="Mark my unread notifications read (up to 100 a call; call again while `more`)")
def read_all_notifications() -> ReadAll:
    return notification_centre.read_all(caller(app))


@app.post("/me/notifications/<notificationId>/read", tags=["Notifications"], summary="Mark one read",
          responses=documented(404))
def read_notification(notification_id: NotificationId) -> Notification:
    return notification_centre.read_notification(caller(app), notification_id, language(app))


@app.get("/me/push/key", tags=["Notifications"],
         summary="The platform's VAPID public key (PushManager.subscribe's applicationServerKey)")
def push_key() -> PushPublicKey:
    return push_subscriptions.public_key(caller(app))


@app.put("/me/push/subscriptions", tags=["Notifications"],
         summary="Turn on Web Push on this device (its PushSubscription); saving it again changes nothing",
         status_code=201,
         responses={201: {"description": "Saved: a new device",
                          "content": {"application/json": {"model": PushSubscriptionView}}},
                    200: {"description": "Saved again: the caller had this device already",
                          "content": {"application/json": {"model": PushSubscriptionView}}}})
def save_push_subscription(body: PushSubscriptionSave) -> Response[PushSubscriptionView]:
    saved, new = push_subscriptions.save_subscription(caller(app), body)
    return Response(status_code=201 if new else 200, content_type=content_types.APPLICATION_JSON, body=saved)


@app.get("/me/push/subscriptions", tags=["Notifications"], summary="My devices with Web Push on")
def list_push_subscriptions() -> list[PushSubscriptionView]:
    return push_subscriptions.list_subscriptions(caller(app))


@app.delete("/me/push/subscriptions/<subscriptionId>", tags=["Notifications"],
            summary="Turn off Web Push on a device of mine (unsubscribe)", status_code=204,
            responses={**errors(404), 204: {"description": "Deleted"}})
def delete_push_subscription(subscription_id: SubscriptionId):  # no return annotation: an empty 204 body
    push_subscriptions.delete_subscription(caller(app), subscription_id)
    return no_content()


handler = lambda_entry(app, needs=("vapid_secret_arn",))
