"""Reports (one per reporter, counted on the post; the threshold hides it) and a moderator's hide and
restore, each with its audit entries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from functions.discussion.repository.common import HOT_ITEM_RETRIES, Item, log_item
from karmayogi.platform import clock, db, keys


def has_reported(post_id: str, user_id: str) -> bool:
    return db.get(*keys.post_report_key(post_id, user_id), consistent=True) is not None


def report(post: Item, user_id: str, reason: str, *, hide_reason: str | None, notify_ops: Sequence[Item] = (),
           guards: Sequence[Item] = ()) -> None:
    """One reporter's report, its audit entry and the post's report count, conditioned on the count read
    — so the count is exact and the report that makes it reach the threshold is the one that hides the
    post (`hide_reason` given), in the same transaction (with an AUTO_HIDE entry and the author's
    notification, `notify_ops`). Fails a guard's name, "report" (reported already) or "post" (gone, or
    its count moved on: read again)."""
    report_pk, report_sk = keys.post_report_key(post["id"], user_id)
    count = int(post.get("reportCount") or 0)
    hide = hide_reason is not None
    values: dict[str, Any] = {":new": count + 1, ":old": count, ":false": False}
    expression = "SET reportCount = :new"
    names: dict[str, str] | None = None
    if hide:
        names = {"#hidden": "hidden"}
        expression += ", #hidden = :true, hiddenAt = :now, hiddenBy = :system, hiddenReason = :why"
        values.update({":true": True, ":now": clock.now_iso(), ":system": "system", ":why": "REPORTS"})
    count_condition = "(reportCount = :old OR attribute_not_exists(reportCount))" if count == 0 \
        else "reportCount = :old"
    post_pk, post_sk = keys.post_key(post["id"])
    entry = log_item(post["communityId"], "REPORT", user_id, post_id=post["id"], reason=reason)
    operations = [
        *guards,
        db.put_op({"PK": report_pk, "SK": report_sk, "entityType": "Report", "postId": post["id"],
                   "userId": user_id, "reason": reason, "createdAt": clock.now_iso()},
                  condition="attribute_not_exists(PK)", name="report"),
        db.update_op(post_pk, post_sk, expression,
                     condition=f"attribute_exists(PK) AND deleted = :false AND {count_condition}",
                     names=names, values=values, name="post"),
        db.put_op(entry),
    ]
    if hide:
        operations.append(db.put_op(log_item(post["communityId"], "AUTO_HIDE", "system", post_id=post["id"],
                                             target_user_id=post["authorId"], reason=hide_reason, after=entry)))
        operations += notify_ops
    db.transact(operations, retries=HOT_ITEM_RETRIES)


def set_hidden(post: Item, hidden: bool, actor_id: str, reason: str | None, notify_ops: Sequence[Item],
               guards: Sequence[Item] = ()) -> None:
    """A moderator hides or restores a post, with its audit entry and the author's notification, in one
    transaction. Restoring resets the report count: five new distinct reporters are needed to hide it
    again. Fails a guard's name or "post" (gone, or hidden already / not hidden)."""
    post_pk, post_sk = keys.post_key(post["id"])
    values: dict[str, Any] = {":want": hidden, ":was": not hidden, ":false": False, ":now": clock.now_iso(),
                              ":actor": actor_id}
    if hidden:
        expression = "SET #hidden = :want, hiddenAt = :now, hiddenBy = :actor, hiddenReason = :why"
        values[":why"] = reason or "MODERATOR"
    else:
        expression = "SET #hidden = :want, restoredAt = :now, restoredBy = :actor, reportCount = :zero " \
                     "REMOVE hiddenAt, hiddenBy, hiddenReason"
        values[":zero"] = 0
    db.transact([
        *guards,
        db.update_op(post_pk, post_sk, expression,
                     condition="attribute_exists(PK) AND deleted = :false AND #hidden = :was",
                     names={"#hidden": "hidden"}, values=values, name="post"),
        db.put_op(log_item(post["communityId"], "HIDE" if hidden else "RESTORE", actor_id, post_id=post["id"],
                           target_user_id=post["authorId"], reason=reason)),
        *notify_ops,
    ])
