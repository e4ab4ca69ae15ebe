"""The events hub's per-message "sent" markers (docs/data-model.md, "Events hub and notifications"): each
message of an event to each registrant is sent once, across retries and concurrent reminder runs. A marker
is claimed with a lease before sending, records the channels done, and ends SENT or FAILED."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from karmayogi.domain import notifications
from karmayogi.platform import clock, db, keys

# A marker whose sender has held it this long without finishing died mid-way (the reminder Lambda's timeout
# is 60 s); another run may take it over.
DELIVERY_LEASE_SECONDS = 300
DELIVERY_MARKER_TTL_SECONDS = 60 * 24 * 3600


def claim_delivery(event_id: str, kind: str, user_id: str) -> set[str] | None:
    """Claim the right to send one message (before sending). Returns the channels already done by an
    earlier, failed attempt; None when the message was sent or another run is sending it now."""
    pk, sk = keys.event_delivery_key(event_id, kind, user_id)
    now = clock.epoch_seconds()
    try:
        response = db.table().update_item(
            Key={"PK": pk, "SK": sk},
            UpdateExpression="SET #state = :sending, leaseUntil = :lease, entityType = :type, eventId = :e, "
                             "userId = :u, kind = :k, expiresAt = :exp",
            ConditionExpression="attribute_not_exists(PK) OR #state = :failed "
                                "OR (#state = :sending AND leaseUntil < :now)",
            ExpressionAttributeNames={"#state": "state"},
            ExpressionAttributeValues={
                ":sending": "SENDING", ":failed": "FAILED", ":now": now, ":lease": now + DELIVERY_LEASE_SECONDS,
                ":type": "EventDelivery", ":e": event_id, ":u": user_id, ":k": kind,
                ":exp": now + DELIVERY_MARKER_TTL_SECONDS,
            },
            ReturnValues="ALL_NEW",
        )
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return None
        raise
    return set(response["Attributes"].get("channels") or ())


def mark_channel_done(event_id: str, kind: str, user_id: str, channel: str) -> None:
    pk, sk = keys.event_delivery_key(event_id, kind, user_id)
    db.table().update_item(Key={"PK": pk, "SK": sk}, UpdateExpression="ADD channels :c",
                           ExpressionAttributeValues={":c": {channel}})


def unmark_channel(event_id: str, kind: str, user_id: str, channel: str) -> None:
    pk, sk = keys.event_delivery_key(event_id, kind, user_id)
    db.table().update_item(Key={"PK": pk, "SK": sk}, UpdateExpression="DELETE channels :c",
                           ExpressionAttributeValues={":c": {channel}})


def deliver_in_app(event_id: str, kind: str, user_id: str, template: str, params: dict[str, Any],
                   link: str | None) -> None:
    """The in-app notification and the marker's "inApp" channel in one transaction: once at most."""
    pk, sk = keys.event_delivery_key(event_id, kind, user_id)
    try:
        db.transact([
            db.update_op(pk, sk, "ADD channels :c", condition="NOT contains(channels, :name)",
                         values={":c": {"inApp"}, ":name": "inApp"}, name="marker"),
            *notifications.in_app_ops(user_id, template, params, link),
        ])
    except db.ConditionFailed as failed:
        if failed.reason != "marker":
            raise
        # the in-app notice was stored by an earlier attempt: once at most


def finish_delivery(event_id: str, kind: str, user_id: str, state: str) -> None:
    pk, sk = keys.event_delivery_key(event_id, kind, user_id)
    db.table().update_item(Key={"PK": pk, "SK": sk}, UpdateExpression="SET #state = :state",
                           ExpressionAttributeNames={"#state": "state"}, ExpressionAttributeValues={":state": state})
