"""A learner's Web Push subscriptions, as the events hub's routes keep them (docs/data-model.md, "Events hub
and notifications", P1 to P3). The items are defined by karmayogi.domain.push, which also reads them to send."""

from __future__ import annotations

from karmayogi.domain import push
from karmayogi.platform import db, keys


def subscriptions(user_id: str) -> list[db.Item]:
    return push.subscriptions_of(user_id, consistent=True)


def get_subscription(user_id: str, subscription_id: str) -> db.Item | None:
    return db.get(*keys.push_subscription_key(user_id, subscription_id), consistent=True)


def endpoint_owner(subscription_id: str) -> db.Item | None:
    return db.get(*keys.push_endpoint_owner_key(subscription_id), consistent=True)


def save(item: db.Item, *, previous_owner: str | None, replaced_id: str | None) -> None:
    """One transaction: the subscription and its endpoint's owner record; the same endpoint's subscription of
    the device's previous user (`previous_owner`) goes, and so does the user's oldest one when the user is at
    the limit (`replaced_id`). ConditionFailed("owner") when the endpoint changed hands meanwhile."""
    user_id, subscription_id = item["userId"], item["id"]
    if previous_owner is None:
        owner_condition, values = "attribute_not_exists(PK)", None
    else:
        owner_condition, values = "userId = :previous", {":previous": previous_owner}
    ops = [
        db.put_op(item),
        db.put_op(push.owner_item(subscription_id, user_id), owner_condition, values=values, name="owner"),
    ]
    if previous_owner is not None and previous_owner != user_id:
        ops.append(db.delete_op(*keys.push_subscription_key(previous_owner, subscription_id)))
    if replaced_id is not None:
        ops.append(db.delete_op(*keys.push_subscription_key(user_id, replaced_id)))
        ops.append(db.delete_op(*keys.push_endpoint_owner_key(replaced_id), "userId = :me",
                                values={":me": user_id}, name="replaced-owner"))
    db.transact(ops)


def delete(user_id: str, subscription_id: str) -> None:
    """The subscription and its owner record (if still this user's), together; ConditionFailed("subscription")
    when there was no such subscription."""
    owner_pk, owner_sk = keys.push_endpoint_owner_key(subscription_id)
    owner = db.get(owner_pk, owner_sk, consistent=True)
    ops = [db.delete_op(*keys.push_subscription_key(user_id, subscription_id), "attribute_exists(PK)",
                        name="subscription")]
    if owner is not None and owner.get("userId") == user_id:
        ops.append(db.delete_op(owner_pk, owner_sk, "userId = :me", values={":me": user_id}, name="owner"))
    db.transact(ops)
