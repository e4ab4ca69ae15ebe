"""The learning hub's items and access patterns (docs/data-model.md, "Learning hub"); the only module of
the hub that talks to DynamoDB. Every multi-item change is one TransactWriteItems; every query here is
listed (L1…) in the data model."""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from karmayogi.domain import search
from karmayogi.domain.karma import LEADERBOARD_INDEX
from karmayogi.platform import cursor as cursor_codec
from karmayogi.platform import db, keys
from karmayogi.platform.errors import AppError, conflict, not_found, stale_version

Item = db.Item

# Enrolment states in which a learner holds (or is being given) a seat.
ACTIVE = ("REQUESTED", "PENDING_APPROVAL", "ENROLLED", "WAITLISTED", "COMPLETED")


class StateChanged(Exception):
    """A conditional write found the item in another state than expected (a concurrent change)."""

    def __init__(self, index: int = 0) -> None:
        super().__init__(f"condition of operation {index} failed")
        self.index = index


def _changed(index: int) -> AppError:
    return AppError(409, "STATE_CHANGED", "The item changed meanwhile", {"index": index})


def _transact(ops: list[Item]) -> None:
    """A transaction whose failed condition raises StateChanged(index of the failing operation)."""
    try:
        db.transact(ops, on_condition_failed=_changed)
    except AppError as error:
        if error.code == "STATE_CHANGED":
            raise StateChanged(int(error.details["index"])) from error
        raise


def _conditional_update(pk: str, sk: str, expression: str, condition: str, names: dict[str, str],
                        values: dict[str, Any]) -> Item:
    """UpdateItem returning the new item; StateChanged when the condition fails."""
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
            raise StateChanged(0) from error
        raise
    return db.plain(response["Attributes"])


# ---- courses ----------------------------------------------------------------------------------------------

def get_course(course_id: str, consistent: bool = False) -> Item | None:
    return db.get(*keys.course_key(course_id), consistent=consistent)


def get_quiz(course_id: str, content_id: str) -> Item | None:
    return db.get(*keys.course_quiz_key(course_id, content_id))


def quiz_item(course_id: str, content_id: str, quiz: dict[str, Any]) -> Item:
    pk, sk = keys.course_quiz_key(course_id, content_id)
    return {"PK": pk, "SK": sk, "entityType": "CourseQuiz", "courseId": course_id, "contentId": content_id,
            **quiz}


def create_course(course: Item, quizzes: list[Item]) -> None:
    """The course and its quizzes, all or nothing (L-W1)."""
    ops = [db.put_op(course, condition="attribute_not_exists(PK)")]
    ops += [db.put_op(q) for q in quizzes]
    try:
        _transact(ops)
    except StateChanged as error:
        raise conflict("COURSE_EXISTS", "A course with this id exists already") from error


def replace_draft(course: Item, expected_version: int, quizzes: list[Item], removed_quiz_ids: list[str]) -> None:
    """Replace a Draft with its new content: the course only if it is still a Draft at the version the
    author saw; its quizzes with it (L-W2)."""
    ops = [db.put_op(course, condition="attribute_exists(PK) AND #v = :v AND #s = :draft",
                     names={"#v": "version", "#s": "status"}, values={":v": expected_version, ":draft": "Draft"})]
    ops += [db.put_op(q) for q in quizzes]
    ops += [db.delete_op(*keys.course_quiz_key(course["id"], cid)) for cid in removed_quiz_ids]
    try:
        _transact(ops)
    except StateChanged as error:
        current = get_course(course["id"], consistent=True)
        if current is None:
            raise not_found("The course", "COURSE_NOT_FOUND") from error
        if current["status"] != "Draft":
            raise conflict("COURSE_NOT_DRAFT", "Only a Draft can be changed") from error
        raise stale_version() from error


def _catalogue_payload(course: Item) -> Item:
    return {
        "id": course["id"],
        "title": course["title"],
        "description": course.get("description", ""),
        "language": course.get("language", "en"),
        "competencies": course.get("competencies", []),
        "competencyIds": [c["competencyId"] for c in course.get("competencies", [])],
        "durationMinutes": course.get("durationMinutes", 0),
        "publishedAt": course.get("publishedAt"),
    }


def _catalogue_items(course: Item) -> list[Item]:
    """While Live: the catalogue card, one card per competency and the title's search tokens."""
    payload = _catalogue_payload(course)
    sort_key = f"{course['publishedAt']}#{course['id']}"
    pk, sk = keys.catalogue_entry_key(course["id"])
    items = [{**payload, "PK": pk, "SK": sk, "entityType": "CatalogueEntry",
              "GSI2PK": keys.catalogue_gsi(), "GSI2SK": sort_key}]
    for competency_id in payload["competencyIds"]:
        pk, sk = keys.catalogue_competency_key(course["id"], competency_id)
        items.append({**payload, "PK": pk, "SK": sk, "entityType": "CatalogueCompetencyEntry",
                      "GSI2PK": keys.catalogue_competency_gsi(competency_id), "GSI2SK": sort_key})
    course_pk, _ = keys.course_key(course["id"])
    items += search.token_items(keys.COURSE_SEARCH_SCOPE, course_pk, course["id"], course["title"], payload)
    return items


def transition(course_id: str, from_status: str, to_status: str, changes: dict[str, Any], *,
               expected_version: int | None = None, remove: tuple[str, ...] = (), current: Item | None = None) -> Item:
    """Move a course from one lifecycle status to the next (a conditional, versioned write). Publishing
    writes the catalogue items and retiring removes them in the same transaction (L-W3). `current` is the
    course as the caller read it (strongly consistent) — read here when not given; the write's condition
    (version and status as read) refuses it if it changed since."""
    course = current if current is not None else get_course(course_id, consistent=True)
    if course is None:
        raise not_found("The course", "COURSE_NOT_FOUND")
    if course["status"] != from_status:
        raise conflict("INVALID_STATUS", f"The course is {course['status']}; this needs {from_status}",
                       {"status": course["status"]})
    version = int(course["version"])
    if expected_version is not None and expected_version != version:
        raise stale_version()
    updated = {**course, **changes, "status": to_status, "version": version + 1}
    for name in remove:
        updated.pop(name, None)
    ops = [db.put_op(updated, condition="#v = :v AND #s = :from", names={"#v": "version", "#s": "status"},
                     values={":v": version, ":from": from_status})]
    if to_status == "Live":
        ops += [db.put_op(item) for item in _catalogue_items(updated)]
    elif from_status == "Live":
        ops += [db.delete_op(item["PK"], item["SK"]) for item in _catalogue_items(course)]
    try:
        _transact(ops)
    except StateChanged as error:
        raise stale_version() from error
    return updated


def catalogue_page(competency_id: str | None, limit: int, cursor: str | None) -> db.Page:
    """L1 / L2: Live courses, newest first, optionally those building one competency."""
    if competency_id:
        condition = Key("GSI2PK").eq(keys.catalogue_competency_gsi(competency_id))
        scope = f"catalogue:competency:{competency_id}"
    else:
        condition = Key("GSI2PK").eq(keys.catalogue_gsi())
        scope = "catalogue"
    return db.query_page(condition, index=keys.GSI2, scope=scope, limit=limit, cursor=cursor, forward=False)


def search_catalogue(q: str, limit: int, cursor: str | None) -> db.Page:
    """L3: Live courses with a title word starting with each word of q."""
    return search.search_page(keys.COURSE_SEARCH_SCOPE, q, limit=limit, cursor=cursor)


def courses_by_author(user_id: str, limit: int, cursor: str | None) -> db.Page:
    """L4: an author's courses in any status, most recently changed first."""
    condition = Key("GSI1PK").eq(keys.courses_by_author_gsi(user_id))
    return db.query_page(condition, index=keys.GSI1, scope=f"courses:author:{user_id}", limit=limit,
                         cursor=cursor, forward=False)


def review_queue(limit: int, cursor: str | None) -> db.Page:
    """L5: courses waiting in Review, oldest first."""
    condition = Key("GSI3PK").eq(keys.course_review_queue_gsi())
    return db.query_page(condition, index=keys.GSI3, scope="courses:review", limit=limit, cursor=cursor)


def counter_op(course_id: str, user_id: str, field: str) -> Item:
    """Count one enrolment or completion on the user's shard of the course's counters."""
    pk, sk = keys.course_counter_key(course_id, keys.shard_of(user_id, keys.COURSE_COUNTER_SHARDS))
    return db.update_op(pk, sk, "ADD #f :one SET entityType = :t, courseId = :c",
                        names={"#f": field}, values={":one": 1, ":t": "CourseCounterShard", ":c": course_id})


def course_counts(course_id: str) -> dict[str, int]:
    """L6: the sum over the course's counter shards (one BatchGetItem)."""
    shards = db.batch_get([keys.course_counter_key(course_id, s) for s in range(keys.COURSE_COUNTER_SHARDS)])
    return {
        "enrolments": sum(int(s.get("enrolments", 0)) for s in shards),
        "completions": sum(int(s.get("completions", 0)) for s in shards),
    }


# ---- batches ----------------------------------------------------------------------------------------------

def seat_shard_items(batch: Item) -> list[Item]:
    """The batch's seats split over its seat shards (each `seats` of them, `taken` 0): shard i holds
    seats // n seats, one more for the first seats % n shards, so they add up to the batch's seats."""
    shards = int(batch["seatShards"])
    seats = int(batch["seats"])
    items = []
    for shard in range(shards):
        pk, sk = keys.batch_seat_key(batch["id"], shard)
        items.append({"PK": pk, "SK": sk, "entityType": "BatchSeatShard", "courseId": batch["courseId"],
                      "batchId": batch["id"], "shard": shard,
                      "seats": seats // shards + (1 if shard < seats % shards else 0), "taken": 0})
    return items


def put_batch(batch: Item) -> None:
    """The batch and its seat shards, all or nothing (L-W15)."""
    ops = [db.put_op(batch, condition="attribute_not_exists(PK)")]
    ops += [db.put_op(item, condition="attribute_not_exists(PK)") for item in seat_shard_items(batch)]
    try:
        _transact(ops)
    except StateChanged as error:
        raise conflict("BATCH_EXISTS", "The batch exists already") from error


def _seat_shard_keys(batch_id: str, shards: int) -> list[tuple[str, str]]:
    return [keys.batch_seat_key(batch_id, shard) for shard in range(shards)]


def seats_taken(batches: list[Item], consistent: bool = False) -> dict[str, int]:
    """L14: the seats taken in each batch, the sum over its seat shards: one BatchGetItem for all the
    batches (batch id → seats taken)."""
    wanted = [k for b in batches for k in _seat_shard_keys(b["id"], int(b.get("seatShards") or 1))]
    taken = {b["id"]: 0 for b in batches}
    for shard in db.batch_get(wanted, consistent=consistent):
        taken[shard["batchId"]] = taken.get(shard["batchId"], 0) + int(shard.get("taken", 0))
    return taken


def shards_with_room(batch_id: str, shards: int) -> list[int]:
    """L14: the batch's seat shards that have a seat left (one strongly consistent BatchGetItem)."""
    items = db.batch_get(_seat_shard_keys(batch_id, shards), consistent=True)
    return sorted(int(i["shard"]) for i in items if int(i.get("taken", 0)) < int(i["seats"]))


def get_batch(course_id: str, batch_id: str, consistent: bool = False) -> Item | None:
    return db.get(*keys.batch_key(course_id, batch_id), consistent=consistent)


def list_batches(course_id: str, limit: int, cursor: str | None) -> tuple[db.Page, bool]:
    """L7: a page of a course's batches, and whether the page proved the course Live. The query's range
    runs from the batches (`BATCH#…`) to the course's catalogue card (`CATALOGUE`, which sorts right after
    them and exists only while the course is Live), so the page that ends the batches also says whether the
    course is Live, without reading the course (the caller reads it when this is False)."""
    pk, card_sk = keys.catalogue_entry_key(course_id)
    scope = f"batches:{course_id}"
    condition = Key("PK").eq(pk) & Key("SK").between("BATCH#", card_sk)
    page = db.query_page(condition, scope=scope, limit=limit + 1, cursor=cursor)  # room for the card
    live = bool(page.items) and page.items[-1]["SK"] == card_sk
    batches = [i for i in page.items if i["SK"].startswith("BATCH#")]
    if len(batches) > limit:  # a full page: the next one starts after its last batch
        batches = batches[:limit]
        return db.Page(batches, cursor_codec.encode({"PK": pk, "SK": batches[-1]["SK"]}, scope)), live
    return db.Page(batches, None if live else page.next_cursor), live


# ---- enrolments -------------------------------------------------------------------------------------------

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


def guard_item(user_id: str, course_id: str, enrolment_id: str, now: str) -> Item:
    pk, sk = keys.active_enrolment_key(user_id, course_id)
    return {"PK": pk, "SK": sk, "entityType": "ActiveEnrolment", "userId": user_id, "courseId": course_id,
            "enrolmentId": enrolment_id, "createdAt": now}


def _guard_release_op(enrolment: Item) -> Item:
    pk, sk = keys.active_enrolment_key(enrolment["userId"], enrolment["courseId"])
    return db.delete_op(pk, sk, condition="attribute_not_exists(PK) OR enrolmentId = :id",
                        values={":id": enrolment["id"]})


def create_enrolment(enrolment: Item, guard: Item) -> None:
    """The REQUESTED enrolment and its one-per-course guard (L-W4): a second active enrolment in the
    same course fails the guard's condition."""
    try:
        _transact([db.put_op(guard, condition="attribute_not_exists(PK)"),
                   db.put_op(enrolment, condition="attribute_not_exists(PK)")])
    except StateChanged as error:
        raise conflict("ALREADY_ENROLLED", "You already have an enrolment in this course") from error


def delete_new_enrolment(enrolment: Item) -> None:
    """Undo create_enrolment when the workflow could not be started."""
    _transact([db.delete_op(*keys.enrolment_key(enrolment["id"]), condition="#s = :r",
                            names={"#s": "status"}, values={":r": "REQUESTED"}),
               _guard_release_op(enrolment)])


def _status_update(enrolment_id: str, now: str, sets: dict[str, Any], *, remove: tuple[str, ...] = (),
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


def _enrolment_op(enrolment_id: str, now: str, sets: dict[str, Any], condition: str,
                  condition_values: dict[str, Any], *, remove: tuple[str, ...] = (),
                  add: dict[str, Any] | None = None) -> Item:
    parts = _status_update(enrolment_id, now, sets, remove=remove, add=add)
    names = {**parts["names"], "#status": "status"}
    values = {**parts["values"], **condition_values}
    pk, sk = keys.enrolment_key(enrolment_id)
    return db.update_op(pk, sk, parts["expression"], condition=condition, names=names, values=values)


def refuse(enrolment: Item, reason: str, now: str) -> None:
    """The workflow's re-check refused a REQUESTED enrolment (L-W5): REJECTED, guard released."""
    _transact([
        _enrolment_op(enrolment["id"], now, {"status": "REJECTED", "reason": reason, "endedAt": now},
                      "#status = :requested AND attribute_not_exists(seatHeld)", {":requested": "REQUESTED"}),
        _guard_release_op(enrolment),
    ])


def seat_op(batch_id: str, shard: int) -> Item:
    """Take one seat of one of the batch's seat shards: the shard's condition (taken < seats) is what
    prevents overbooking however many learners race for the last seats (the shards' seats add up to the
    batch's)."""
    pk, sk = keys.batch_seat_key(batch_id, shard)
    return db.update_op(pk, sk, "ADD taken :one", condition="attribute_exists(PK) AND taken < seats",
                        values={":one": 1})


def reserve_ops(enrolment: Item, shard: int, *, requires_approval: bool, now: str) -> list[Item]:
    """With a seat of `shard` (the caller's first operation, seat_op), L-W6: the enrolment — a held seat
    awaiting approval, or ENROLLED (and counted on the course's counter shard). Its condition fails
    (StateChanged(1)) when the enrolment is no longer a fresh request."""
    sets: dict[str, Any] = {"seatHeld": True, "seatShard": shard}
    if not requires_approval:
        sets.update({"status": "ENROLLED", "enrolledAt": now})
    ops = [_enrolment_op(enrolment["id"], now, sets, "#status = :requested AND attribute_not_exists(seatHeld)",
                         {":requested": "REQUESTED"})]
    if not requires_approval:
        ops.append(counter_op(enrolment["courseId"], enrolment["userId"], "enrolments"))
    return ops


def waitlist(enrolment: Item, now: str) -> None:
    """No seat (L-W7): WAITLISTED with its reason, in the batch's FIFO waitlist (sparse GSI2)."""
    pk, sk = keys.enrolment_key(enrolment["id"])
    parts = _status_update(enrolment["id"], now, {
        "status": "WAITLISTED", "reason": "NO_SEATS", "waitlistedAt": now,
        "GSI2PK": keys.batch_waitlist_gsi(enrolment["batchId"]), "GSI2SK": f"{now}#{enrolment['id']}",
    })
    _conditional_update(pk, sk, parts["expression"], "#status = :requested AND attribute_not_exists(seatHeld)",
                        {**parts["names"], "#status": "status"}, {**parts["values"], ":requested": "REQUESTED"})


def first_waitlisted(batch_id: str, limit: int = 5) -> list[Item]:
    """L8: the first learners on a batch's waitlist, in order."""
    condition = Key("GSI2PK").eq(keys.batch_waitlist_gsi(batch_id))
    return db.query_page(condition, index=keys.GSI2, scope=f"waitlist:{batch_id}", limit=limit).items


def await_approval(enrolment: Item, task_token: str, now: str, expires_at: str) -> Item:
    """The held seat waits for a decision (L-W8): PENDING_APPROVAL with the task token, listed for the
    learner's org (sparse GSI3). StateChanged when it is no longer waiting to wait."""
    pk, sk = keys.enrolment_key(enrolment["id"])
    parts = _status_update(enrolment["id"], now, {
        "status": "PENDING_APPROVAL", "taskToken": task_token, "pendingSince": now, "approvalExpiresAt": expires_at,
        "GSI3PK": keys.org_pending_enrolments_gsi(enrolment["orgId"]), "GSI3SK": f"{now}#{enrolment['id']}",
    })
    # A retried wait (Step Functions gives the retry a new token) replaces the token while undecided.
    condition = ("(#status = :requested AND seatHeld = :true) OR "
                 "(#status = :pending AND attribute_not_exists(decision))")
    return _conditional_update(pk, sk, parts["expression"], condition, {**parts["names"], "#status": "status"},
                               {**parts["values"], ":requested": "REQUESTED", ":true": True,
                                ":pending": "PENDING_APPROVAL"})


def decide(enrolment_id: str, decision: str, decided_by: str, reason: str | None, now: str) -> Item:
    """Record an approver's decision once (L-W9): the first of approve/reject/withdraw wins; the same
    decision again is allowed (a retry re-sends the answer to the workflow)."""
    pk, sk = keys.enrolment_key(enrolment_id)
    sets: dict[str, Any] = {"decision": decision, "decidedBy": decided_by, "decidedAt": now}
    if reason:
        sets["decisionReason"] = reason
    parts = _status_update(enrolment_id, now, sets)
    return _conditional_update(
        pk, sk, parts["expression"],
        "#status = :pending AND (attribute_not_exists(decision) OR decision = :decision)",
        {**parts["names"], "#status": "status"},
        {**parts["values"], ":pending": "PENDING_APPROVAL", ":decision": decision},
    )


def confirm(enrolment: Item, now: str) -> None:
    """Approved (L-W10): the held seat becomes an enrolment, counted on the course's counter shard."""
    _transact([
        _enrolment_op(enrolment["id"], now, {"status": "ENROLLED", "enrolledAt": now},
                      "#status = :pending AND decision = :approved",
                      {":pending": "PENDING_APPROVAL", ":approved": "APPROVED"},
                      remove=("taskToken", "GSI3PK", "GSI3SK")),
        counter_op(enrolment["courseId"], enrolment["userId"], "enrolments"),
    ])


def end_request_ops(enrolment: Item, outcome: str, reason: str, now: str) -> list[Item]:
    """Operations that end a request still in the workflow (REQUESTED or PENDING_APPROVAL) with
    `outcome`, and release its guard. The seat, if held, is freed by the caller's next operation."""
    return [
        _enrolment_op(enrolment["id"], now, {"status": outcome, "reason": reason, "endedAt": now},
                      "#status IN (:requested, :pending) AND #version = :v",
                      {":requested": "REQUESTED", ":pending": "PENDING_APPROVAL", ":v": enrolment["version"]},
                      remove=("seatHeld", "seatShard", "taskToken", "GSI3PK", "GSI3SK")),
        _guard_release_op(enrolment),
    ]


def leave_ops(enrolment: Item, now: str) -> list[Item]:
    """Operations for a learner leaving an ENROLLED place (WITHDRAWN; guard released)."""
    return [
        _enrolment_op(enrolment["id"], now, {"status": "WITHDRAWN", "reason": "LEFT", "endedAt": now},
                      "#status = :enrolled AND seatHeld = :true", {":enrolled": "ENROLLED", ":true": True},
                      remove=("seatHeld", "seatShard")),
        _guard_release_op(enrolment),
    ]


def leave_waitlist(enrolment: Item, now: str) -> None:
    """L-W11: off the waitlist (WITHDRAWN; guard released)."""
    _transact([
        _enrolment_op(enrolment["id"], now, {"status": "WITHDRAWN", "reason": "LEFT", "endedAt": now},
                      "#status = :waitlisted", {":waitlisted": "WAITLISTED"}, remove=("GSI2PK", "GSI2SK")),
        _guard_release_op(enrolment),
    ])


def seat_shard_of(enrolment: Item) -> int:
    """The seat shard whose seat the enrolment holds."""
    return int(enrolment.get("seatShard") or 0)


def free_seat_op(enrolment: Item) -> Item:
    """Give a seat back to the seat shard it came from (nobody is waiting for it)."""
    pk, sk = keys.batch_seat_key(enrolment["batchId"], seat_shard_of(enrolment))
    return db.update_op(pk, sk, "ADD taken :minus", condition="taken > :zero", values={":minus": -1, ":zero": 0})


def promote_ops(candidate: Item, *, shard: int, requires_approval: bool, now: str) -> list[Item]:
    """Give a freed seat (of seat shard `shard`) to a waitlisted learner: ENROLLED (counted), or — in a
    batch that needs approval — a held seat whose approval the workflow then awaits."""
    sets: dict[str, Any] = {"seatHeld": True, "seatShard": shard, "promotedAt": now,
                            "reason": "PROMOTED_FROM_WAITLIST"}
    sets.update({"status": "REQUESTED"} if requires_approval else {"status": "ENROLLED", "enrolledAt": now})
    ops = [_enrolment_op(candidate["id"], now, sets, "#status = :waitlisted AND attribute_not_exists(seatHeld)",
                         {":waitlisted": "WAITLISTED"}, remove=("GSI2PK", "GSI2SK"))]
    if not requires_approval:
        ops.append(counter_op(candidate["courseId"], candidate["userId"], "enrolments"))
    return ops


def run(ops: list[Item]) -> None:
    """Run operations built above as one transaction (StateChanged(index) when a condition fails)."""
    _transact(ops)


def record_progress(enrolment_id: str, user_id: str, content_id: str, completed: bool, percent: int,
                    now: str) -> Item:
    """One UpdateItem per progress write (L-W12): the content's percent, the resume point and — when
    completed — the content id ADDed to the completed set (a set: completing twice counts once). The
    condition checks owner, status and that the content belongs to the course; returns the new item."""
    pk, sk = keys.enrolment_key(enrolment_id)
    names = {"#p": "contentProgress", "#c": content_id, "#status": "status", "#version": "version"}
    values: dict[str, Any] = {":me": user_id, ":enrolled": "ENROLLED", ":completed": "COMPLETED",
                              ":content": content_id, ":now": now, ":pct": 100 if completed else percent,
                              ":one": 1}
    expression = ("SET #p.#c = :pct, lastContentId = :content, lastAccessedAt = :now, updatedAt = :now "
                  "ADD #version :one")
    if completed:
        expression += ", completedContents :set"
        values[":set"] = {content_id}
    condition = ("userId = :me AND #status IN (:enrolled, :completed) AND contains(contentIds, :content)")
    return _conditional_update(pk, sk, expression, condition, names, values)


def completion_ops(enrolment: Item, certificate: Item, karma_ops: list[Item], others: list[Item]) -> list[Item]:
    """What completes a course besides the enrolment's own change (L-W13): the certificate (created),
    the karma ledger entries, total and monthly points (`karma_ops`), the completion counted on the
    course's counter shard, then `others` (the completion's record and passbook entries, the notice)."""
    return [db.put_op(certificate, condition="attribute_not_exists(PK)"), *karma_ops,
            counter_op(enrolment["courseId"], enrolment["userId"], "completions"), *others]


def complete(enrolment: Item, sets: dict[str, Any], ops: list[Item], now: str) -> None:
    """L-W13, exactly once: the enrolment flips to COMPLETED with `sets` (condition: still ENROLLED) and
    `ops` (completion_ops) are written — one transaction. StateChanged(0) when another request completed
    it first; StateChanged(1 + i) when ops[i]'s condition failed."""
    _transact([_enrolment_op(enrolment["id"], now, sets, "#status = :enrolled", {":enrolled": "ENROLLED"}), *ops])


def mark_follow_up_done(enrolment_id: str) -> None:
    pk, sk = keys.enrolment_key(enrolment_id)
    db.table().update_item(Key={"PK": pk, "SK": sk}, UpdateExpression="SET followUpDone = :t",
                           ExpressionAttributeValues={":t": True})


def user_enrolments(user_id: str, limit: int, cursor: str | None) -> db.Page:
    """L9: a learner's enrolments, newest first."""
    condition = Key("GSI1PK").eq(keys.user_enrolments_gsi(user_id))
    return db.query_page(condition, index=keys.GSI1, scope=f"enrolments:{user_id}", limit=limit,
                         cursor=cursor, forward=False)


def pending_for_org(org_id: str, limit: int, cursor: str | None) -> db.Page:
    """L10: requests of an org's learners waiting for approval, oldest first."""
    condition = Key("GSI3PK").eq(keys.org_pending_enrolments_gsi(org_id))
    return db.query_page(condition, index=keys.GSI3, scope=f"pending:{org_id}", limit=limit, cursor=cursor)


# ---- assessments ------------------------------------------------------------------------------------------

def get_attempts(enrolment_id: str, content_id: str) -> Item | None:
    return db.get(*keys.enrolment_attempts_key(enrolment_id, content_id), consistent=True)


def assessment_context(enrolment_id: str, course_id: str, content_id: str) -> tuple[Item | None, Item | None,
                                                                                     Item | None]:
    """L17: the enrolment, the quiz and the learner's attempts at it (None where missing), one strongly
    consistent BatchGetItem."""
    wanted = [keys.enrolment_key(enrolment_id), keys.course_quiz_key(course_id, content_id),
              keys.enrolment_attempts_key(enrolment_id, content_id)]
    found = {(i["PK"], i["SK"]): i for i in db.batch_get(wanted, consistent=True)}
    enrolment, quiz, attempts = (found.get(key) for key in wanted)
    return enrolment, quiz, attempts


def attempt_context(enrolment_id: str, user_id: str, course_id: str, content_id: str) -> dict[str, Item | None]:
    """L17: the enrolment, the quiz and the learner's attempts at it, with what a completion needs should
    this attempt complete the course — the learner's profile, the course and their completion record
    (None where missing): one strongly consistent BatchGetItem."""
    wanted = {"enrolment": keys.enrolment_key(enrolment_id), "quiz": keys.course_quiz_key(course_id, content_id),
              "attempts": keys.enrolment_attempts_key(enrolment_id, content_id),
              "profile": (keys.user_pk(user_id), keys.PROFILE_SK), "course": keys.course_key(course_id),
              "recorded": keys.completed_course_key(user_id, course_id)}
    found = {(i["PK"], i["SK"]): i for i in db.batch_get(list(wanted.values()), consistent=True)}
    return {name: found.get(key) for name, key in wanted.items()}


def record_attempt(enrolment: Item, content_id: str, previous: Item | None, attempt: Item, *,
                   passed: bool, now: str, completion: tuple[dict[str, Any], list[Item]] | None = None) -> None:
    """L-W14: the attempts item (condition: nobody else attempted meanwhile, so the retake limit holds)
    and, when passed, the quiz marked completed in the enrolment's progress (condition: the enrolment is
    as read — its version — so a concurrent progress write cannot leave it at 100% uncompleted) — one
    transaction. When the attempt completes the course, `completion` = (the enrolment's completion
    fields, completion_ops) joins it (L-W13): the enrolment must still be ENROLLED. StateChanged(0): the
    attempts changed; (1): the enrolment; (2 + i): completion_ops[i]'s condition."""
    pk, sk = keys.enrolment_attempts_key(enrolment["id"], content_id)
    if previous is None:
        put = db.put_op({**attempt, "PK": pk, "SK": sk}, condition="attribute_not_exists(PK)")
    else:
        put = db.put_op({**attempt, "PK": pk, "SK": sk}, condition="attemptCount = :seen",
                        values={":seen": previous["attemptCount"]})
    ops = [put]
    if passed:
        epk, esk = keys.enrolment_key(enrolment["id"])
        names = {"#p": "contentProgress", "#c": content_id, "#status": "status", "#version": "version"}
        values: dict[str, Any] = {":hundred": 100, ":content": content_id, ":now": now, ":one": 1,
                                  ":set": {content_id}, ":enrolled": "ENROLLED", ":completed": "COMPLETED",
                                  ":v": enrolment["version"]}
        sets = "SET #p.#c = :hundred, lastContentId = :content, lastAccessedAt = :now, updatedAt = :now"
        condition = "#status IN (:enrolled, :completed) AND #version = :v"
        if completion is not None:
            for i, (name, value) in enumerate(completion[0].items()):
                names[f"#f{i}"] = name
                values[f":f{i}"] = value
                sets += f", #f{i} = :f{i}"
            condition = "#status = :enrolled AND #version = :v"
        ops.append(db.update_op(epk, esk, sets + " ADD #version :one, completedContents :set, passedAssessments :set",
                                condition=condition, names=names, values=values))
        if completion is not None:
            ops += completion[1]
    _transact(ops)


# ---- certificates and karma -------------------------------------------------------------------------------

def completion_context(user_id: str, course_id: str) -> tuple[Item | None, Item | None, Item | None]:
    """L18: the learner's profile, the course and their completion record of it (None where missing),
    one BatchGetItem."""
    wanted = [(keys.user_pk(user_id), keys.PROFILE_SK), keys.course_key(course_id),
              keys.completed_course_key(user_id, course_id)]
    found = {(i["PK"], i["SK"]): i for i in db.batch_get(wanted)}
    profile, course, recorded = (found.get(key) for key in wanted)
    return profile, course, recorded


def get_certificate(certificate_id: str) -> Item | None:
    return db.get(*keys.certificate_key(certificate_id))


def user_certificates(user_id: str, limit: int, cursor: str | None) -> db.Page:
    """L11: a learner's certificates, newest first."""
    condition = Key("GSI1PK").eq(keys.user_certificates_gsi(user_id))
    return db.query_page(condition, index=keys.GSI1, scope=f"certificates:{user_id}", limit=limit,
                         cursor=cursor, forward=False)


def karma_ledger(user_id: str, limit: int, cursor: str | None) -> db.Page:
    """L12: a user's karma ledger entries."""
    condition = Key("PK").eq(keys.user_pk(user_id)) & Key("SK").begins_with("KARMA#")
    return db.query_page(condition, scope=f"karma:{user_id}", limit=limit, cursor=cursor)


def leaderboard(org_id: str, month: str, limit: int) -> list[Item]:
    """L13: an org's top learners of a month by karma, from the LEADERBOARD index (highest first)."""
    condition = Key("leaderboardPk").eq(keys.org_leaderboard_gsi(org_id, month))
    return db.query_page(condition, index=LEADERBOARD_INDEX, scope=f"leaderboard:{org_id}:{month}",
                         limit=limit, forward=False).items
