"""Batches and their seats: a batch's seats are split over its seat shards (items with their own partition
keys, each `taken < seats`), so learners racing for seats spread over several partitions and the shards'
conditions together never overbook the batch."""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Key

from karmayogi.platform import cursor as cursor_codec
from karmayogi.platform import db, keys

Item = db.Item

# Operation names (db.ConditionFailed.reason)
BATCH = "batch"
SEAT = "seat"


def _seat_shard_items(batch: Item) -> list[Item]:
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


def create_batch(course_id: str, batch_id: str | None, fields: dict[str, Any], now: str) -> Item:
    """The batch (`fields`: its name, dates, seats, approval, who created it; a new id unless `batch_id` is
    given) and its seat shards, all or nothing (L-W15); the stored batch. ConditionFailed("batch") when it
    exists already."""
    batch_id = batch_id or keys.new_id()
    pk, sk = keys.batch_key(course_id, batch_id)
    batch = {"PK": pk, "SK": sk, "entityType": "Batch", "id": batch_id, "courseId": course_id, **fields,
             "seatShards": keys.batch_seat_shards(int(fields["seats"])), "createdAt": now, "version": 1}
    ops = [db.put_op(batch, condition="attribute_not_exists(PK)", name=BATCH)]
    ops += [db.put_op(item, condition="attribute_not_exists(PK)", name=BATCH) for item in _seat_shard_items(batch)]
    db.transact(ops)
    return batch


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


def seat_shards(enrolment: Item) -> int:
    """How many seat shards the enrolment's batch has (copied onto the enrolment when it was requested)."""
    return int(enrolment.get("seatShards") or 1)


def own_seat_shard(enrolment: Item) -> int:
    """The seat shard an enrolment tries first (a popular batch's enrolments spread over its shards)."""
    return keys.shard_of(enrolment["id"], seat_shards(enrolment))


def shards_with_room(enrolment: Item) -> list[int]:
    """L14: the seat shards of the enrolment's batch that have a seat left (one strongly consistent
    BatchGetItem)."""
    items = db.batch_get(_seat_shard_keys(enrolment["batchId"], seat_shards(enrolment)), consistent=True)
    return sorted(int(i["shard"]) for i in items if int(i.get("taken", 0)) < int(i["seats"]))


def seat_op(batch_id: str, shard: int) -> Item:
    """Take one seat of one of the batch's seat shards (operation "seat"): the shard's condition
    (taken < seats) is what prevents overbooking however many learners race for the last seats (the
    shards' seats add up to the batch's)."""
    pk, sk = keys.batch_seat_key(batch_id, shard)
    return db.update_op(pk, sk, "ADD taken :one", condition="attribute_exists(PK) AND taken < seats",
                        values={":one": 1}, name=SEAT)


def seat_shard_of(enrolment: Item) -> int:
    """The seat shard whose seat the enrolment holds."""
    return int(enrolment.get("seatShard") or 0)


def free_seat_op(enrolment: Item) -> Item:
    """Give a seat back to the seat shard it came from (nobody is waiting for it): operation "seat"."""
    pk, sk = keys.batch_seat_key(enrolment["batchId"], seat_shard_of(enrolment))
    return db.update_op(pk, sk, "ADD taken :minus", condition="taken > :zero", values={":minus": -1, ":zero": 0},
                        name=SEAT)


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


def seat_shards_of(batch: Item) -> list[Item]:
    """The batch's seat shards as they are now (one strongly consistent BatchGetItem), in shard order."""
    found = db.batch_get(_seat_shard_keys(batch["id"], int(batch.get("seatShards") or 1)), consistent=True)
    return sorted(found, key=lambda i: int(i["shard"]))


def update_batch(batch: Item, version: int, changes: dict[str, Any], shard_seats: dict[int, int] | None,
                 now: str) -> Item:
    """Change a batch read at `version` (its version goes up by one) and, when its seats change, each seat
    shard's seats (`shard_seats`: shard → seats, each written only while the shard has no more seats taken),
    all or nothing. ConditionFailed("batch") when the batch changed meanwhile (or is gone), "seat" when a
    shard took more seats than it would now hold. The stored batch after the change."""
    pk, sk = batch["PK"], batch["SK"]
    sets = {**changes, "updatedAt": now}
    names = {f"#f{i}": name for i, name in enumerate(sets)}
    values: dict[str, Any] = {f":f{i}": value for i, value in enumerate(sets.values())}
    expression = "SET " + ", ".join(f"#f{i} = :f{i}" for i in range(len(sets))) + ", version = version + :one"
    ops = [db.update_op(pk, sk, expression, condition="attribute_exists(PK) AND version = :version",
                        names=names, values={**values, ":one": 1, ":version": version}, name=BATCH)]
    for shard, seats in sorted((shard_seats or {}).items()):
        shard_pk, shard_sk = keys.batch_seat_key(batch["id"], shard)
        ops.append(db.update_op(shard_pk, shard_sk, "SET seats = :seats",
                                condition="attribute_exists(PK) AND taken <= :seats", values={":seats": seats},
                                name=SEAT))
    db.transact(ops)
    return {**batch, **sets, "version": version + 1}


def waitlist_page(batch_id: str, limit: int) -> tuple[list[Item], bool]:
    """L8: the first `limit` learners waiting for a seat of the batch, in order (FIFO), and whether more wait."""
    condition = Key("GSI2PK").eq(keys.batch_waitlist_gsi(batch_id))
    page = db.query_page(condition, index=keys.GSI2, scope=f"waitlist:{batch_id}", limit=limit + 1)
    return page.items[:limit], len(page.items) > limit
