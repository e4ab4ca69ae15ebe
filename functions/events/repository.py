"""The events hub's items and access patterns (docs/data-model.md, "Events hub and notifications"): events,
registrations and the waitlist, attendance (the per-message "sent" markers are in delivery_markers.py, the
notifications centre's reads in notification_repository.py). With those modules, the only code of the hub that talks to
DynamoDB: it builds the items and keys, and reports a failed condition as `db.ConditionFailed` named
after the operation that failed (the service decides what the client is told)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from karmayogi.domain import karma, notifications, search
from karmayogi.platform import cursor as cursor_codec
from karmayogi.platform import db, keys
from karmayogi.platform.observability import logger

PUBLISHED = "PUBLISHED"
DRAFT = "DRAFT"
CANCELLED = "CANCELLED"
REGISTERED = "REGISTERED"
WAITLISTED = "WAITLISTED"

EVENT_SEARCH_SCOPE = "EVENT"
SNIPPET_CHARS = 300


def listing_keys(event: db.Item) -> dict[str, str]:
    """GSI1 keys of a published event: the partition for everyone or for its org only, by start."""
    org = event["orgId"] if event["audience"] == "org" else None
    return {
        "GSI1PK": keys.events_listing_gsi(org),
        "GSI1SK": keys.event_start_sk(event["startTime"], event["id"]),
    }


def search_tokens(event: db.Item | None) -> list[db.Item]:
    """A published event's search tokens (karmayogi.domain.search, scope EVENT: title pairs, title and
    description words), carrying what a result and the audience rule need; none unless published."""
    if not event or event.get("status") != PUBLISHED:
        return []
    payload = {"id": event["id"], "title": event["title"],
               "description": str(event.get("description") or "")[:SNIPPET_CHARS],
               "startTime": event["startTime"], "endTime": event["endTime"], "audience": event["audience"],
               "orgId": event["orgId"]}
    pk, _ = keys.event_key(event["id"])
    return search.token_items(EVENT_SEARCH_SCOPE, pk, event["id"], event["title"], payload,
                              more_text=str(event.get("description") or ""), pair_words=5, max_words=24)


# ---- events ---------------------------------------------------------------------------------------------

def get_event(event_id: str, consistent: bool = False) -> db.Item | None:
    return db.get(*keys.event_key(event_id), consistent=consistent)


def create_event(event: dict[str, Any]) -> db.Item:
    """Store a new event (`event`: its fields as the service decided them, with `id` and `status`): no
    registrations yet, version 1, listed when published. `ConditionFailed("exists")` when the id is taken."""
    pk, sk = keys.event_key(event["id"])
    item: db.Item = {**{k: v for k, v in event.items() if v is not None}, "PK": pk, "SK": sk,
                     "entityType": "Event", "registeredCount": 0, "waitlistCount": 0, "version": 1}
    if item["status"] == PUBLISHED:
        item.update(listing_keys(item))
    tokens = search_tokens(item)
    if not tokens:
        db.create(item)
        return item
    db.transact([db.put_op(item, condition="attribute_not_exists(PK)", name="exists"),
                 *[db.put_op(token) for token in tokens]])
    return item


def delete_unused_event(event_id: str) -> None:
    """Undo a create whose schedules could not be made (only while nobody has registered)."""
    try:
        db.table().delete_item(
            Key=dict(zip(("PK", "SK"), keys.event_key(event_id), strict=True)),
            ConditionExpression="registeredCount = :zero AND waitlistCount = :zero",
            ExpressionAttributeValues={":zero": 0},
        )
    except ClientError as error:
        if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise


def update_event(event_id: str, version: int, changes: dict[str, Any], remove: Sequence[str] = (), *,
                 listed: db.Item | None = None, previous: db.Item | None = None) -> db.Item:
    """Change an event read at `version` (`previous`: as read); `listed`: the event as it will be when it
    is (or becomes) published, whose listing keys and search tokens are written with the change, in one
    transaction. `ConditionFailed("missing"|"stale")`."""
    pk, sk = keys.event_key(event_id)
    if listed is None:
        return db.update_if_version(pk, sk, version, changes, remove=remove)
    changes = {**changes, **listing_keys(listed)}
    token_ops = search.rewrite_ops(search_tokens(previous), search_tokens(listed))
    if not token_ops:
        return db.update_if_version(pk, sk, version, changes, remove=remove)
    names: dict[str, str] = {"#version": "version"}
    values: dict[str, Any] = {":expected": version, ":one": 1}
    sets = ["#version = #version + :one"]
    for position, (field, value) in enumerate(changes.items()):
        names[f"#f{position}"], values[f":v{position}"] = field, value
        sets.append(f"#f{position} = :v{position}")
    expression = "SET " + ", ".join(sets)
    if remove:
        names.update({f"#r{i}": field for i, field in enumerate(remove)})
        expression += " REMOVE " + ", ".join(f"#r{i}" for i in range(len(remove)))
    update = db.update_op(pk, sk, expression, condition="attribute_exists(PK) AND #version = :expected",
                          names=names, values=values, name="event")
    try:
        db.transact([update, *token_ops])
    except db.ConditionFailed as failed:
        raise db.ConditionFailed("missing" if get_event(event_id, consistent=True) is None else "stale") from failed
    as_read = None if previous is None else {**previous, **changes, "version": version + 1}
    written = _read_after_commit(event_id, as_read and {k: v for k, v in as_read.items() if k not in remove})
    if written is None:
        raise db.ConditionFailed("missing")
    return written


def _read_after_commit(event_id: str, as_written: db.Item | None) -> db.Item | None:
    """The event just written (read back: its counters may have moved since it was first read). The change
    is made: a failing read answers `as_written` (the item as read with the change applied) rather than fail
    a request whose write happened."""
    try:
        return get_event(event_id, consistent=True)
    except Exception:
        if as_written is None:
            raise
        logger.warning("event read after its write failed: answered as written", extra={"eventId": event_id})
        return as_written


def _window(pk: str, low: str, high: str, limit: int) -> tuple[list[db.Item], bool]:
    response = db.table().query(
        IndexName=keys.GSI1,
        KeyConditionExpression=Key("GSI1PK").eq(pk) & Key("GSI1SK").between(low, high),
        Limit=limit,
    )
    return [db.plain(i) for i in response.get("Items", [])], bool(response.get("LastEvaluatedKey"))


def decode_listing_cursor(cursor: str, scope: str) -> tuple[tuple[str, str, str], str] | None:
    """The window (low, high, endsAfter) a listing cursor was made for, and the last sort key returned;
    None when a validly signed cursor of this scope does not hold them."""
    data = cursor_codec.decode(cursor, scope)
    window, after = data.get("w"), data.get("after")
    if not (isinstance(window, list) and len(window) == 3 and all(isinstance(w, str) for w in window)
            and isinstance(after, str) and window[0] <= after <= window[1]):
        return None
    return (window[0], window[1], window[2]), after


def list_published(
    org_id: str | None, low: str, high: str, ends_after: str, *, after: str | None, limit: int, scope: str
) -> db.Page:
    """Published events starting in [low, high) (UTC ISO) and ending after `ends_after`, by start time,
    after the sort key `after` (from a cursor): one range query on the partition for everyone merged with
    one on the caller's org's partition (more only when events ending before `ends_after` left the page
    short). The next cursor holds the window and the sort key of the last event returned (signed, bound to
    `scope`)."""
    # every sort key after `after` (ids have no character below a space)
    position = after + " " if after else low
    results: list[db.Item] = []
    partitions = [keys.events_listing_gsi()] + ([keys.events_listing_gsi(org_id)] if org_id else [])
    while len(results) < limit:
        need = limit - len(results)
        streams = [_window(pk, position, high, need) for pk in partitions]
        merged = sorted((item for items, _ in streams for item in items), key=lambda i: i["GSI1SK"])
        truncated_ends = [items[-1]["GSI1SK"] for items, truncated in streams if truncated and items]
        boundary = min(truncated_ends) if truncated_ends else None
        eligible = [i for i in merged if boundary is None or i["GSI1SK"] <= boundary]
        taken = 0
        for item in eligible:
            if len(results) >= limit:
                break
            taken += 1
            position = item["GSI1SK"] + " "
            if item["endTime"] > ends_after:
                results.append(item)
        if boundary is None and taken == len(eligible):
            break  # every partition is exhausted
    more = len(results) >= limit
    next_cursor = (cursor_codec.encode({"after": position[:-1], "w": [low, high, ends_after]}, scope)
                   if more and position != low else None)
    return db.Page(results, next_cursor)


def cancel_event(event_id: str, now: str, current: db.Item | None = None) -> db.Item | None:
    """Mark an event cancelled and take it out of the listings and the search (`current`: the event as
    read, whose search tokens go in the same transaction); idempotent: a cancelled event is returned as
    it is. None when there is no such event."""
    pk, sk = keys.event_key(event_id)
    cancel = db.update_op(
        pk, sk, "SET #s = :cancelled, updatedAt = :now, cancelledAt = :now ADD version :one REMOVE GSI1PK, GSI1SK",
        condition="attribute_exists(PK) AND #s <> :cancelled", names={"#s": "status"},
        values={":cancelled": CANCELLED, ":now": now, ":one": 1}, name="event")
    try:
        db.transact([cancel, *[db.delete_op(t["PK"], t["SK"]) for t in search_tokens(current)]])
    except db.ConditionFailed:  # cancelled already, or no such event: answered as it is
        return get_event(event_id, consistent=True)
    as_written = None
    if current is not None:
        as_written = {k: v for k, v in current.items() if k not in ("GSI1PK", "GSI1SK")}
        as_written.update(status=CANCELLED, updatedAt=now, cancelledAt=now, version=int(current["version"]) + 1)
    return _read_after_commit(event_id, as_written)


# ---- registrations and the waitlist -------------------------------------------------------------------

def get_event_and_registration(event_id: str, user_id: str, consistent: bool = False
                               ) -> tuple[db.Item | None, db.Item | None]:
    """An event and the user's registration for it, in one BatchGetItem."""
    event_key, registration_key = keys.event_key(event_id), keys.event_registration_key(event_id, user_id)
    found = {(i["PK"], i["SK"]): i for i in db.batch_get([event_key, registration_key], consistent=consistent)}
    return found.get(event_key), found.get(registration_key)


def attendance_state(event_id: str, user_ids: Sequence[str]
                     ) -> tuple[db.Item | None, dict[str, db.Item], dict[str, db.Item]]:
    """For recording attendance, in one consistent BatchGetItem (per 100 keys): the event, the
    registrations of `user_ids` (by user) and their profiles (by user)."""
    event_key = keys.event_key(event_id)
    wanted = [event_key, *(keys.event_registration_key(event_id, u) for u in user_ids),
              *((keys.user_pk(u), keys.PROFILE_SK) for u in user_ids)]
    event: db.Item | None = None
    registrations: dict[str, db.Item] = {}
    people: dict[str, db.Item] = {}
    for item in db.batch_get(wanted, consistent=True):
        if (item["PK"], item["SK"]) == event_key:
            event = item
        elif item["SK"] == keys.PROFILE_SK:
            people[item["userId"]] = item
        else:
            registrations[item["userId"]] = item
    return event, registrations, people


def _registration_item(event: db.Item, user_id: str, status: str, now: str, wait_key: str | None) -> db.Item:
    pk, sk = keys.event_registration_key(event["id"], user_id)
    item: db.Item = {
        "PK": pk, "SK": sk, "entityType": "EventRegistration", "eventId": event["id"], "userId": user_id,
        "status": status, "registeredAt": now,
        "GSI1PK": keys.user_events_gsi(user_id), "GSI1SK": f"{now}#{event['id']}",
    }
    if wait_key:
        item["waitKey"] = wait_key
    return item


_OPEN = "#s = :published AND startTime > :now"


def take_seat(event: db.Item, user_id: str, now: str) -> db.Item:
    """REGISTERED, in one transaction with the seat counter. `ConditionFailed`: "registration" when the user
    has a registration, "event" when the event is full, closed or not open."""
    item = _registration_item(event, user_id, REGISTERED, now, None)
    pk, sk = keys.event_key(event["id"])
    db.transact([
        db.put_op(item, condition="attribute_not_exists(PK)", name="registration"),
        db.update_op(pk, sk, "ADD registeredCount :one", condition=f"{_OPEN} AND registeredCount < #cap",
                     names={"#s": "status", "#cap": "capacity"},
                     values={":one": 1, ":published": PUBLISHED, ":now": now}, name="event"),
    ])
    return item


def join_waitlist(event: db.Item, user_id: str, now: str) -> db.Item:
    """WAITLISTED, only while every seat is taken. `ConditionFailed`: "registration" when the user has a
    registration, "event" when a seat was freed meanwhile (or the event closed)."""
    wait_pk, wait_sk = keys.event_waitlist_key(event["id"], keys.new_id())
    item = _registration_item(event, user_id, WAITLISTED, now, wait_sk)
    pk, sk = keys.event_key(event["id"])
    db.transact([
        db.put_op(item, condition="attribute_not_exists(PK)", name="registration"),
        db.put_op({"PK": wait_pk, "SK": wait_sk, "entityType": "EventWaitlistPlace", "eventId": event["id"],
                   "userId": user_id, "queuedAt": now}, name="place"),
        db.update_op(pk, sk, "ADD waitlistCount :one", condition=f"{_OPEN} AND registeredCount >= #cap",
                     names={"#s": "status", "#cap": "capacity"},
                     values={":one": 1, ":published": PUBLISHED, ":now": now}, name="event"),
    ])
    return item


def first_waitlisted(event_id: str) -> db.Item | None:
    pk = keys.event_key(event_id)[0]
    response = db.table().query(
        KeyConditionExpression=Key("PK").eq(pk) & Key("SK").begins_with(keys.WAITLIST_SK_PREFIX),
        Limit=1,
        ConsistentRead=True,
    )
    items = response.get("Items", [])
    return db.plain(items[0]) if items else None


def _promotion_ops(event_id: str, place: db.Item, now: str, notice: tuple[str, dict[str, Any], str] | None
                   ) -> list[db.Item]:
    reg_pk, reg_sk = keys.event_registration_key(event_id, place["userId"])
    ops = [
        db.update_op(reg_pk, reg_sk, "SET #s = :registered, promotedAt = :now REMOVE waitKey",
                     condition="#s = :waitlisted AND waitKey = :key",
                     names={"#s": "status"},
                     values={":registered": REGISTERED, ":waitlisted": WAITLISTED, ":now": now,
                             ":key": place["SK"]}, name="promoted"),
        db.delete_op(place["PK"], place["SK"], condition="attribute_exists(PK)", name="place"),
    ]
    if notice:
        template, params, link = notice
        ops += [db.named("notice", op) for op in notifications.in_app_ops(place["userId"], template, params, link)]
    return ops


def leave(event_id: str, registration: db.Item, now: str, promote: db.Item | None,
          notice: tuple[str, dict[str, Any], str] | None) -> None:
    """Cancel a registration. A registered seat passes to `promote` (the first waitlisted) in the same
    transaction; with nobody waiting, the seat counter goes down, only while the waitlist is still
    empty. `ConditionFailed` when the state moved under us ("registration", "event", "promoted",
    "place"): the caller re-reads and tries again."""
    pk, sk = keys.event_key(event_id)
    reg_pk, reg_sk = registration["PK"], registration["SK"]
    if registration["status"] == WAITLISTED:
        wait_pk, wait_sk = keys.event_key(event_id)[0], registration["waitKey"]
        db.transact([
            db.delete_op(reg_pk, reg_sk, condition="#s = :waitlisted", names={"#s": "status"},
                         values={":waitlisted": WAITLISTED}, name="registration"),
            db.delete_op(wait_pk, wait_sk, name="place"),
            db.update_op(pk, sk, "ADD waitlistCount :minus", values={":minus": -1}, name="event"),
        ])
        return
    mine = db.delete_op(reg_pk, reg_sk, condition="#s = :registered", names={"#s": "status"},
                        values={":registered": REGISTERED}, name="registration")
    if promote is None:
        db.transact([mine, db.update_op(pk, sk, "ADD registeredCount :minus", condition="waitlistCount = :zero",
                                        values={":minus": -1, ":zero": 0}, name="event")])
        return
    db.transact([mine, db.update_op(pk, sk, "ADD waitlistCount :minus", values={":minus": -1}, name="event"),
                 *_promotion_ops(event_id, promote, now, notice)])


def promote_into_free_seat(event_id: str, place: db.Item, now: str,
                           notice: tuple[str, dict[str, Any], str] | None) -> None:
    """Give a free seat (after a capacity increase) to the first waitlisted. `ConditionFailed`: "event"
    when no seat is free any more, "promoted"/"place" when the place is gone."""
    pk, sk = keys.event_key(event_id)
    db.transact([
        db.update_op(pk, sk, "ADD registeredCount :one, waitlistCount :minus", condition="registeredCount < #cap",
                     names={"#cap": "capacity"}, values={":one": 1, ":minus": -1}, name="event"),
        *_promotion_ops(event_id, place, now, notice),
    ])


def registrations_page(event_id: str, start_key: dict[str, Any] | None, limit: int = 100
                       ) -> tuple[list[db.Item], dict[str, Any] | None]:
    """One page of an event's registrations (REGISTERED and WAITLISTED), strongly consistent."""
    pk = keys.event_key(event_id)[0]
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": Key("PK").eq(pk) & Key("SK").begins_with(keys.REGISTRATION_SK_PREFIX),
        "Limit": limit,
        "ConsistentRead": True,
    }
    if start_key:
        kwargs["ExclusiveStartKey"] = start_key
    response = db.table().query(**kwargs)
    return [db.plain(i) for i in response.get("Items", [])], response.get("LastEvaluatedKey")


def my_registrations(user_id: str, limit: int, cursor: str | None) -> db.Page:
    return db.query_page(Key("GSI1PK").eq(keys.user_events_gsi(user_id)), index=keys.GSI1,
                         scope=f"me-events:{user_id}", limit=limit, cursor=cursor, forward=False)


def get_events(event_ids: Sequence[str]) -> dict[str, db.Item]:
    return {item["id"]: item for item in db.batch_get([keys.event_key(e) for e in event_ids])}


def credit_attendance(event_id: str, user_id: str, org_id: str, now: str,
                      certificate: db.Item | None = None) -> None:
    """Credit EVENT_ATTENDED once, mark the registration attended and issue the attendance certificate
    (`certificate`: its fields, kind "event"; the certificate id goes on the registration), in one
    transaction. `ConditionFailed`: "credit" (credited already), "profile" (the user has no profile),
    "registration" (not REGISTERED)."""
    reg_pk, reg_sk = keys.event_registration_key(event_id, user_id)
    credit, profile, *rest = karma.credit_ops(user_id, org_id, "EVENT_ATTENDED", event_id, note=f"event {event_id}")
    marks, values = "SET attendedAt = :now", {":now": now, ":registered": REGISTERED}
    issued: list[db.Item] = []
    if certificate is not None:
        pk, sk = keys.certificate_key(certificate["id"])
        issued.append(db.put_op({
            "PK": pk, "SK": sk, "entityType": "Certificate", **certificate, "kind": "event",
            "GSI1PK": keys.user_certificates_gsi(user_id), "GSI1SK": f"{certificate['issuedAt']}#{certificate['id']}",
        }, condition="attribute_not_exists(PK)", name="certificate"))
        marks, values = marks + ", certificateId = :certificate", {**values, ":certificate": certificate["id"]}
    db.transact([
        db.named("credit", credit), db.named("profile", profile), *rest,
        db.update_op(reg_pk, reg_sk, marks, condition="#s = :registered",
                     names={"#s": "status"}, values=values, name="registration"),
        *issued,
    ])
