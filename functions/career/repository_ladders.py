"""Managed career paths (docs/data-model.md, "Career hub"): a ladder item (`CAREERLADDER#<id>` / `META`)
and its steps, the role-ladder rungs (`CAREERPATH#<from>` / `TO#<to>`) that `GET /career/paths` and
readiness read, written in ONE transaction.

Failed conditions come through as `db.ConditionFailed` naming the operation: `LADDER` (the ladder exists
already, or changed since it was read) and `step:<from>:<to>` (another ladder, or the seeded data, has that
step)."""

from __future__ import annotations

from typing import Any

from functions.career.repository import career_path_item
from karmayogi.domain import refcache
from karmayogi.platform import db, keys

LADDER = "ladder"
STEP_PREFIX = "step:"


def steps_of(rungs: list[dict[str, Any]]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(from, to, what stepping up to `to` requires) for each pair of consecutive rungs."""
    return [(rungs[i - 1]["designationId"], rungs[i]["designationId"], rungs[i]["requiredCompetencies"])
            for i in range(1, len(rungs))]


def ladder_item(ladder: dict[str, Any]) -> db.Item:
    pk, sk = keys.career_ladder_key(ladder["id"])
    return {**ladder, "PK": pk, "SK": sk, "entityType": "CareerLadder",
            "GSI1PK": keys.ALL_CAREER_LADDERS_GSI, "GSI1SK": f"{keys.normalize(ladder['title'])}#{ladder['id']}"}


def get_ladder(path_id: str) -> db.Item | None:
    return db.get(*keys.career_ladder_key(path_id), consistent=True)


def save_ladder(ladder: dict[str, Any], current: db.Item | None) -> db.Item:
    """Create (`current` None) or replace a ladder and its steps in one transaction: the ladder (`LADDER`:
    absent, or at the version read), each step put (`step:<from>:<to>` when a step belongs to another
    ladder or to no ladder), and the steps the ladder no longer has deleted."""
    path_id = ladder["id"]
    item = ladder_item(ladder)
    mine = {":me": path_id}
    if current is None:
        ops = [db.put_op(item, condition="attribute_not_exists(PK)", name=LADDER)]
    else:
        ops = [db.put_op(item, condition="#v = :v", names={"#v": "version"}, values={":v": int(current["version"])},
                         name=LADDER)]
    new_steps = steps_of(ladder["rungs"])
    for from_role, to_role, required in new_steps:
        step = {**career_path_item(from_role, to_role, required), "pathId": path_id, "pathTitle": ladder["title"]}
        ops.append(db.put_op(step, condition="attribute_not_exists(PK) OR pathId = :me", values=mine,
                             name=f"{STEP_PREFIX}{from_role}:{to_role}"))
    kept = {(f, t) for f, t, _ in new_steps}
    old_steps = steps_of(current["rungs"]) if current else []
    ops += [db.delete_op(*keys.career_path_key(f, t), condition="attribute_not_exists(PK) OR pathId = :me",
                         values=mine) for f, t, _ in old_steps if (f, t) not in kept]
    db.transact(ops)
    refcache.forget("career-path", *(keys.career_path_key(f, t) for f, t, _ in [*new_steps, *old_steps]))
    return item


def put_ladders(ladders: list[dict[str, Any]]) -> None:
    """Seed ladders and their steps (the dev server, a stage's bootstrap): no conditions."""
    with db.table().batch_writer() as batch:
        for ladder in ladders:
            batch.put_item(Item=ladder_item(ladder))
            for from_role, to_role, required in steps_of(ladder["rungs"]):
                batch.put_item(Item={**career_path_item(from_role, to_role, required), "pathId": ladder["id"],
                                     "pathTitle": ladder["title"]})
