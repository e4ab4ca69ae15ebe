"""Enrolments: the enrolment items with their one-per-course guard, the writes of each step of the
enrolment lifecycle (as single conditional updates, or as named transaction operations the caller commits
together with a seat's), the waitlist and the learners' and approvers' lists."""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from functions.learning.repository.courses import counter_op
from karmayogi.platform import db, keys

Item = db.Item

# Operation names (db.ConditionFailed.reason)
ENROLMENT = "enrolment"  # the enrolment's own change
GUARD = "guard"  # the learner's one-per-course guard
CANDIDATE = "candidate"  # the waitlisted learner a freed seat is given to

# Enrolment states in which a learner holds (or is being given) a seat.
ACTIVE = ("REQUESTED", "PENDING_APPROVAL", "ENROLLED", "WAITLISTED", "COMPLETED")


def commit(ops: list[Item]) -> None:
    """Write named operations (this module's, a seat's, other hubs') as one transaction; a failed condition
    is ConditionFailed with the names of the failed operations."""
    db.transact(ops)


def conditional_update(pk: str, sk: str, expression: str, condition: str, names: dict[str, str],
                       values: dict[str, Any], *, name: str = ENROLMENT) -> Item:
    """UpdateItem returning the new item; ConditionFailed(`name`) when the condition fails."""
    kwargs: dict[str, Any] = {
        "Key": {"PK": pk, "SK": sk},
        "UpdateExpression": expression,
        "ConditionExpression": condition,
        "ReturnValues": "ALL_NEW",
    }
    if names:
        kwargs["ExpressionAttributeNames"] = names
    if values:
        kwargs["ExpressionAttributeValues"] = values
    try:
        response = db.table().update_item(**kwargs)
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            raise db.ConditionFailed(name) from error
        raise
    return db.plain(response["Attributes"])


def enrolment_context(user_id: str, course_id: str, batch_id: str) -> tuple[Item | None, Item | None, Item | None]:
    """L16: the learner's profile, the course and the batch (None where missing), one BatchGetItem."""
    wanted = [(keys.user_pk(user_id), keys.PROFILE_SK), keys.course_key(course_id), keys.batch_key(course_id, batch_id)]
    found = {(i["PK"], i["SK"]): i for i in db.batch_get(wanted)}
    profile, course, batch = (found.get(key) for key in wanted)
    return profile, course, batch


def get_enrolment(enrolment_id: str, consistent: bool = False) -> Item | None:
    return db.get(*keys.enrolment_key(enrolment_id), consistent=consistent)


def get_active_enrolment(user_id: str, course_id: str) -> Item | None:
    """The guard naming the learner's active (or completed) enrolment in a course."""
    return db.get(*keys.active_enrolment_key(user_id, course_id), consistent=True)


def _guard_release_op(enrolment: Item) -> Item:
    pk, sk = keys.active_enrolment_key(enrolment["userId"], enrolment["courseId"])
    return db.delete_op(pk, sk, condition="attribute_not_exists(PK) OR enrolmentId = :id",
                        values={":id": enrolment["id"]}, name=GUARD)


def create_enrolment(fields: dict[str, Any], now: str) -> Item:
    """A new REQUESTED enrolment (`fields`: the learner, the course and batch, what progress counts
    against) and its one-per-course guard (L-W4); the stored enrolment. ConditionFailed("guard") when the
    learner has an active enrolment in the course already."""
    enrolment_id = keys.new_id()
    user_id, course_id = fields["userId"], fields["courseId"]
    pk, sk = keys.enrolment_key(enrolment_id)
    enrolment = {"PK": pk, "SK": sk, "entityType": "Enrolment", "id": enrolment_id, **fields,
                 "status": "REQUESTED", "requestedAt": now, "updatedAt": now, "version": 1,
                 "GSI1PK": keys.user_enrolments_gsi(user_id), "GSI1SK": f"{now}#{enrolment_id}"}
    guard_pk, guard_sk = keys.active_enrolment_key(user_id, course_id)
    guard = {"PK": guard_pk, "SK": guard_sk, "entityType": "ActiveEnrolment", "userId": user_id,
             "courseId": course_id, "enrolmentId": enrolment_id, "createdAt": now}
    db.transact([db.put_op(guard, condition="attribute_not_exists(PK)", name=GUARD),
                 db.put_op(enrolment, condition="attribute_not_exists(PK)", name=ENROLMENT)])
    return enrolment


def delete_new_enrolment(enrolment: Item) -> None:
    """Undo create_enrolment when the workflow could not be started."""
    db.transact([db.delete_op(*keys.enrolment_key(enrolment["id"]), condition="#s = :r",
                              names={"#s": "status"}, values={":r": "REQUESTED"}, name=ENROLMENT),
                 _guard_release_op(enrolment)])


def status_update(now: str, sets: dict[str, Any], *, remove: tuple[str, ...] = (),
                  add: dict[str, Any] | None = None) -> dict[str, Any]:
    """The pieces of an UpdateItem on an enrolment: SET the fields (and updatedAt), bump the version."""
    names: dict[str, str] = {"#version": "version", "#updatedAt": "updatedAt"}
    values: dict[str, Any] = {":one": 1, ":now": now}
    parts = ["#version = #version + :one", "#updatedAt = :now"]
    for i, (name, value) in enumerate(sets.items()):
        names[f"#s{i}"] = name
        values[f":s{i}"] = value
        parts.append(f"#s{i} = :s{i}")
    expression = "SET " + ", ".join(parts)
    if remove:
        for i, name in enumerate(remove):
            names[f"#r{i}"] = name
        expression += " REMOVE " + ", ".join(f"#r{i}" for i in range(len(remove)))
    if add:
        for i, (name, value) in enumerate(add.items()):
            names[f"#a{i}"] = name
            values[f":a{i}"] = value
        expression += " ADD " + ", ".join(f"#a{i} :a{i}" for i in range(len(add)))
    return {"expression": expression, "names": names, "values": values}


def enrolment_op(enrolment_id: str, now: str, sets: dict[str, Any], condition: str,
                 condition_values: dict[str, Any], *, remove: tuple[str, ...] = (),
                 add: dict[str, Any] | None = None, name: str = ENROLMENT) -> Item:
    parts = status_update(now, sets, remove=remove, add=add)
    names = {**parts["names"], "#status": "status"}
    values = {**parts["values"], **condition_values}
    pk, sk = keys.enrolment_key(enrolment_id)
    return db.update_op(pk, sk, parts["expression"], condition=condition, names=names, values=values, name=name)


def refuse(enrolment: Item, reason: str, now: str) -> None:
    """The workflow's re-check refused a REQUESTED enrolment (L-W5): REJECTED, guard released."""
    db.transact([
        enrolment_op(enrolment["id"], now, {"status": "REJECTED", "reason": reason, "endedAt": now},
                     "#status = :requested AND attribute_not_exists(seatHeld)", {":requested": "REQUESTED"}),
        _guard_release_op(enrolment),
    ])


def reserve_ops(enrolment: Item, shard: int, *, requires_approval: bool, now: str) -> list[Item]:
    """With a seat of `shard` (the caller's first operation, batches.seat_op), L-W6: the enrolment — a
    held seat awaiting approval, or ENROLLED (and counted on the course's counter shard). Its condition
    fails ("enrolment") when the enrolment is no longer a fresh request."""
    sets: dict[str, Any] = {"seatHeld": True, "seatShard": shard}
    if not requires_approval:
        sets.update({"status": "ENROLLED", "enrolledAt": now})
    ops = [enrolment_op(enrolment["id"], now, sets, "#status = :requested AND attribute_not_exists(seatHeld)",
                        {":requested": "REQUESTED"})]
    if not requires_approval:
        ops.append(counter_op(enrolment["courseId"], enrolment["userId"], "enrolments"))
    return ops


def waitlist(enrolment: Item, now: str) -> None:
    """No seat (L-W7): WAITLISTED with its reason, in the batch's FIFO waitlist (sparse GSI2)."""
    pk, sk = keys.enrolment_key(enrolment["id"])
    parts = status_update(now, {
        "status": "WAITLISTED", "reason": "NO_SEATS", "waitlistedAt": now,
        "GSI2PK": keys.batch_waitlist_gsi(enrolment["batchId"]), "GSI2SK": f"{now}#{enrolment['id']}",
    })
    conditional_update(pk, sk, parts["expression"], "#status = :requested AND attribute_not_exists(seatHeld)",
                       {**parts["names"], "#status": "status"}, {**parts["values"], ":requested": "REQUESTED"})


def first_waitlisted(batch_id: str, limit: int = 5) -> list[Item]:
    """L8: the first learners on a batch's waitlist, in order."""
    condition = Key("GSI2PK").eq(keys.batch_waitlist_gsi(batch_id))
    return db.query_page(condition, index=keys.GSI2, scope=f"waitlist:{batch_id}", limit=limit).items


def await_approval(enrolment: Item, task_token: str, now: str, expires_at: str) -> Item:
    """The held seat waits for a decision (L-W8): PENDING_APPROVAL with the task token, listed for the
    learner's org (sparse GSI3). ConditionFailed("enrolment") when it is no longer waiting to wait."""
    pk, sk = keys.enrolment_key(enrolment["id"])
    parts = status_update(now, {
        "status": "PENDING_APPROVAL", "taskToken": task_token, "pendingSince": now, "approvalExpiresAt": expires_at,
        "GSI3PK": keys.org_pending_enrolments_gsi(enrolment["orgId"]), "GSI3SK": f"{now}#{enrolment['id']}",
    })
    # A retried wait (Step Functions gives the retry a new token) replaces the token while undecided.
    condition = ("(#status = :requested AND seatHeld = :true) OR "
                 "(#status = :pending AND attribute_not_exists(decision))")
    return conditional_update(pk, sk, parts["expression"], condition, {**parts["names"], "#status": "status"},
                              {**parts["values"], ":requested": "REQUESTED", ":true": True,
                               ":pending": "PENDING_APPROVAL"})


def decide(enrolment_id: str, decision: str, decided_by: str, reason: str | None, now: str) -> Item:
    """Record an approver's decision once (L-W9): the first of approve/reject/withdraw wins; the same
    decision again is allowed (a retry re-sends the answer to the workflow). ConditionFailed("enrolment")
    when it is not pending or another decision was recorded."""
    pk, sk = keys.enrolment_key(enrolment_id)
    sets: dict[str, Any] = {"decision": decision, "decidedBy": decided_by, "decidedAt": now}
    if reason:
        sets["decisionReason"] = reason
    parts = status_update(now, sets)
    return conditional_update(
        pk, sk, parts["expression"],
        "#status = :pending AND (attribute_not_exists(decision) OR decision = :decision)",
        {**parts["names"], "#status": "status"},
        {**parts["values"], ":pending": "PENDING_APPROVAL", ":decision": decision},
    )


def confirm(enrolment: Item, now: str) -> None:
    """Approved (L-W10): the held seat becomes an enrolment, counted on the course's counter shard."""
    db.transact([
        enrolment_op(enrolment["id"], now, {"status": "ENROLLED", "enrolledAt": now},
                     "#status = :pending AND decision = :approved",
                     {":pending": "PENDING_APPROVAL", ":approved": "APPROVED"},
                     remove=("taskToken", "GSI3PK", "GSI3SK")),
        counter_op(enrolment["courseId"], enrolment["userId"], "enrolments"),
    ])


def end_request_ops(enrolment: Item, outcome: str, reason: str, now: str) -> list[Item]:
    """Operations that end a request still in the workflow (REQUESTED or PENDING_APPROVAL) with
    `outcome`, and release its guard. The seat, if held, is freed by the caller's next operation."""
    return [
        enrolment_op(enrolment["id"], now, {"status": outcome, "reason": reason, "endedAt": now},
                     "#status IN (:requested, :pending) AND #version = :v",
                     {":requested": "REQUESTED", ":pending": "PENDING_APPROVAL", ":v": enrolment["version"]},
                     remove=("seatHeld", "seatShard", "taskToken", "GSI3PK", "GSI3SK")),
        _guard_release_op(enrolment),
    ]


def leave_ops(enrolment: Item, now: str) -> list[Item]:
    """Operations for a learner leaving an ENROLLED place (WITHDRAWN; guard released)."""
    return [
        enrolment_op(enrolment["id"], now, {"status": "WITHDRAWN", "reason": "LEFT", "endedAt": now},
                     "#status = :enrolled AND seatHeld = :true", {":enrolled": "ENROLLED", ":true": True},
                     remove=("seatHeld", "seatShard")),
        _guard_release_op(enrolment),
    ]


def leave_waitlist(enrolment: Item, now: str) -> None:
    """L-W11: off the waitlist (WITHDRAWN; guard released)."""
    db.transact([
        enrolment_op(enrolment["id"], now, {"status": "WITHDRAWN", "reason": "LEFT", "endedAt": now},
                     "#status = :waitlisted", {":waitlisted": "WAITLISTED"}, remove=("GSI2PK", "GSI2SK")),
        _guard_release_op(enrolment),
    ])


def promote_ops(candidate: Item, *, shard: int, requires_approval: bool, now: str) -> list[Item]:
    """Give a freed seat (of seat shard `shard`) to a waitlisted learner: ENROLLED (counted), or — in a
    batch that needs approval — a held seat whose approval the workflow then awaits. Its condition fails
    ("candidate") when the learner was promoted or left meanwhile."""
    sets: dict[str, Any] = {"seatHeld": True, "seatShard": shard, "promotedAt": now,
                            "reason": "PROMOTED_FROM_WAITLIST"}
    sets.update({"status": "REQUESTED"} if requires_approval else {"status": "ENROLLED", "enrolledAt": now})
    ops = [enrolment_op(candidate["id"], now, sets, "#status = :waitlisted AND attribute_not_exists(seatHeld)",
                        {":waitlisted": "WAITLISTED"}, remove=("GSI2PK", "GSI2SK"), name=CANDIDATE)]
    if not requires_approval:
        ops.append(counter_op(candidate["courseId"], candidate["userId"], "enrolments"))
    return ops


def user_enrolments(user_id: str, limit: int, cursor: str | None) -> db.Page:
    """L9: a learner's enrolments, newest first."""
    condition = Key("GSI1PK").eq(keys.user_enrolments_gsi(user_id))
    return db.query_page(condition, index=keys.GSI1, scope=f"enrolments:{user_id}", limit=limit,
                         cursor=cursor, forward=False)


def pending_for_org(org_id: str, limit: int, cursor: str | None) -> db.Page:
    """L10: requests of an org's learners waiting for approval, oldest first."""
    condition = Key("GSI3PK").eq(keys.org_pending_enrolments_gsi(org_id))
    return db.query_page(condition, index=keys.GSI3, scope=f"pending:{org_id}", limit=limit, cursor=cursor)
