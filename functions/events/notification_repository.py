"""The notifications centre's reads and its one write (marking read): a user's in-app notifications
(stored by karmayogi.domain.notifications, which every hub uses) and the unread counter
(docs/data-model.md, "Events hub and notifications")."""

from __future__ import annotations

from boto3.dynamodb.conditions import Attr, Key

from karmayogi.platform import clock, db, keys


def list_notifications(user_id: str, unread: bool, limit: int, cursor: str | None) -> db.Page:
    """A user's notifications, newest first: all of them from the user's partition, or the unread ones
    from the sparse GSI1 partition. Expired items (TTL not yet applied) are filtered out."""
    not_expired = Attr("expiresAt").gt(clock.epoch_seconds())
    if unread:
        return db.query_page(Key("GSI1PK").eq(keys.unread_notifications_gsi(user_id)), index=keys.GSI1,
                             scope=f"notifications:unread:{user_id}", limit=limit, cursor=cursor,
                             forward=False, filter_expression=not_expired)
    condition = Key("PK").eq(keys.user_pk(user_id)) & Key("SK").begins_with(keys.NOTIFICATION_SK_PREFIX)
    return db.query_page(condition, scope=f"notifications:{user_id}", limit=limit, cursor=cursor,
                         forward=False, filter_expression=not_expired)


def get_notification(user_id: str, notification_id: str) -> db.Item | None:
    return db.get(*keys.notification_key(user_id, notification_id), consistent=True)


def mark_read(user_id: str, notification_id: str, now: str) -> bool:
    """Read one notification: drop its unread index keys and decrement the counter, in one transaction,
    only if it was unread. False when it was read already (or does not exist)."""
    pk, sk = keys.notification_key(user_id, notification_id)
    counter_pk, counter_sk = keys.unread_counter_key(user_id)
    try:
        db.transact([
            db.update_op(pk, sk, "SET #read = :true, readAt = :now REMOVE GSI1PK, GSI1SK",
                         condition="attribute_exists(PK) AND #read = :false",
                         names={"#read": "read"}, values={":true": True, ":false": False, ":now": now},
                         name="notification"),
            db.update_op(counter_pk, counter_sk, "ADD unread :minus", values={":minus": -1}, name="counter"),
        ])
    except db.ConditionFailed as failed:
        if failed.reason == "notification":
            return False
        raise
    return True


def mark_many_read(user_id: str, notification_ids: list[str], now: str) -> None:
    """Read several notifications and take them off the counter in ONE transaction (at most 99: the counter
    is the 100th item), each only if still unread (`ConditionFailed` "notification" when one was read
    meanwhile: read the unread ones again)."""
    counter_pk, counter_sk = keys.unread_counter_key(user_id)
    operations = []
    for notification_id in notification_ids:
        pk, sk = keys.notification_key(user_id, notification_id)
        operations.append(db.update_op(
            pk, sk, "SET #read = :true, readAt = :now REMOVE GSI1PK, GSI1SK",
            condition="attribute_exists(PK) AND #read = :false",
            names={"#read": "read"}, values={":true": True, ":false": False, ":now": now}, name="notification"))
    if operations:
        operations.append(db.update_op(counter_pk, counter_sk, "ADD unread :minus",
                                       values={":minus": -len(notification_ids)}, name="counter"))
        db.transact(operations)


def unread_count(user_id: str) -> int:
    item = db.get(*keys.unread_counter_key(user_id))
    return max(0, int(item.get("unread", 0))) if item else 0
