"""The competency hub's items and access patterns (docs/data-model.md, "Competency hub"). The only module
of the hub that talks to DynamoDB; the passbook's own items are read through karmayogi.passbook."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from boto3.dynamodb.conditions import Key
from boto3.dynamodb.types import TypeSerializer

from karmayogi import clock, db, keys, passbook, profiles, search
from karmayogi.completions import PLAN_STAT_SHARDS
from karmayogi.errors import AppError, conflict, not_found, stale_version, unavailable
from karmayogi.settings import get_settings

COMPETENCY_SEARCH_SCOPE = "COMPETENCY"


# ---- framework ------------------------------------------------------------------------------------------

def _competency_payload(competency: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": competency["id"],
        "name": competency["name"],
        "area": competency["area"],
        "description": competency["description"],
        "levels": competency["levels"],
        "ownerOrgId": competency.get("ownerOrgId"),
        "version": competency.get("version", 1),
    }


def competency_item(competency: dict[str, Any]) -> db.Item:
    pk, sk = keys.competency_key(competency["id"])
    name_key = f"{keys.normalize(competency['name'])}#{competency['id']}"
    now = clock.now_iso()
    return {
        **_competency_payload(competency),
        "PK": pk,
        "SK": sk,
        "entityType": "Competency",
        "createdAt": competency.get("createdAt", now),
        "updatedAt": competency.get("updatedAt", now),
        "GSI1PK": keys.competencies_by_area_gsi(competency["area"]),
        "GSI1SK": name_key,
        "GSI2PK": keys.ALL_COMPETENCIES_GSI,
        "GSI2SK": name_key,
    }


def _tokens(competency: dict[str, Any]) -> list[db.Item]:
    pk, _ = keys.competency_key(competency["id"])
    return search.token_items(COMPETENCY_SEARCH_SCOPE, pk, competency["id"], competency["name"],
                              _competency_payload(competency))


def put_competencies(competencies: Iterable[dict[str, Any]]) -> None:
    """Write framework competencies and their search tokens (seeding)."""
    with db.table().batch_writer() as batch:
        for competency in competencies:
            batch.put_item(Item=competency_item(competency))
            for token in _tokens(competency):
                batch.put_item(Item=token)


def create_competency(competency: dict[str, Any]) -> db.Item:
    item = competency_item(competency)
    operations = [db.put_op(item, condition="attribute_not_exists(PK)")]
    operations += [db.put_op(token) for token in _tokens(competency)]
    db.transact(operations, on_condition_failed={0: conflict("ALREADY_EXISTS", "The competency exists already")})
    return item


def update_competency(current: db.Item, changes: dict[str, Any], expected_version: int) -> db.Item:
    """Replace the competency (version-checked) and its search tokens in one transaction."""
    updated = {**current, **changes, "version": expected_version + 1, "updatedAt": clock.now_iso()}
    item = competency_item(updated)
    operations = [db.put_op(item, condition="attribute_exists(PK) AND #v = :v",
                            names={"#v": "version"}, values={":v": expected_version})]
    new_tokens = _tokens(updated)
    new_sks = {token["SK"] for token in new_tokens}
    operations += [db.delete_op(item["PK"], f"WORD#{word}")
                   for word in keys.words(current["name"])
                   if len(word) >= search.MIN_QUERY_LENGTH and f"WORD#{word}" not in new_sks]
    operations += [db.put_op(token) for token in new_tokens]
    db.transact(operations, on_condition_failed={0: stale_version()})
    return item


def get_competency(competency_id: str) -> db.Item | None:
    return db.get(*keys.competency_key(competency_id))


def get_competencies(competency_ids: Iterable[str]) -> dict[str, db.Item]:
    items = db.batch_get([keys.competency_key(c) for c in dict.fromkeys(competency_ids)])
    return {item["id"]: item for item in items}


def list_competencies(area: str | None, limit: int, cursor: str | None) -> db.Page:
    if area:
        condition = Key("GSI1PK").eq(keys.competencies_by_area_gsi(area))
        return db.query_page(condition, index=keys.GSI1, scope=f"competencies:{area}", limit=limit, cursor=cursor)
    condition = Key("GSI2PK").eq(keys.ALL_COMPETENCIES_GSI)
    return db.query_page(condition, index=keys.GSI2, scope="competencies:all", limit=limit, cursor=cursor)


def search_competencies(q: str, limit: int, cursor: str | None) -> db.Page:
    return search.search_page(COMPETENCY_SEARCH_SCOPE, q, limit=limit, cursor=cursor)


# ---- directory reads (the auth hub's items) -------------------------------------------------------------

def get_designations(designation_ids: Iterable[str]) -> dict[str, db.Item]:
    items = db.batch_get([keys.designation_key(d) for d in dict.fromkeys(designation_ids)])
    return {item["id"]: item for item in items}


def get_org(org_id: str) -> db.Item | None:
    return db.get(*keys.org_key(org_id))


def get_profiles(user_ids: list[str]) -> dict[str, db.Item]:
    return profiles.get_profiles(user_ids)


# ---- designation requirements ---------------------------------------------------------------------------

def requirements_item(org_id: str, designation_id: str, requirements: dict[str, int], version: int,
                      updated_by: str | None = None, *, stamped: bool = True) -> db.Item:
    """The stored mapping. Its org and designation are in its keys and not repeated as attributes (a third
    less to write when seeding every org's mappings); readers get them back through `with_ids`."""
    pk, sk = keys.designation_requirements_key(org_id, designation_id)
    item: db.Item = {"PK": pk, "SK": sk, "entityType": "DesignationRequirements", "requirements": requirements,
                     "version": version}
    if stamped:
        item["updatedAt"] = clock.now_iso()
    if updated_by:
        item["updatedBy"] = updated_by
    return item


_REQ_PK, _REQ_SK = keys.designation_requirements_key("", "")


def with_ids(item: db.Item) -> db.Item:
    """A mapping with `orgId` and `designationId` (from its keys)."""
    return {**item, "orgId": item["PK"].removeprefix(_REQ_PK), "designationId": item["SK"].removeprefix(_REQ_SK)}


_bulk_client: Any = None


def _bulk() -> Any:
    """A low-level client without botocore's parameter validation, for loading items this code built
    itself (seeding thousands of mappings): about half the client-side cost of the resource's writer."""
    global _bulk_client  # noqa: PLW0603 - one client per container
    if _bulk_client is None:
        import boto3
        from botocore.config import Config

        _bulk_client = boto3.client("dynamodb", region_name=get_settings().region,
                                    config=Config(parameter_validation=False))
    return _bulk_client


def put_requirements_batch(items: Iterable[db.Item]) -> None:
    """Unconditional BatchWriteItem of requirement items, 25 a request, retrying unprocessed ones."""
    serializer = TypeSerializer()
    table_name = get_settings().table_name
    requests = [{"PutRequest": {"Item": {k: serializer.serialize(v) for k, v in item.items()}}} for item in items]
    for start in range(0, len(requests), 25):
        pending: dict[str, Any] = {table_name: requests[start:start + 25]}
        for attempt in range(6):
            pending = _bulk().batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
            if not pending:
                break
            time.sleep(0.05 * 2**attempt)
        if pending:
            raise unavailable()


def get_requirements(org_id: str, designation_id: str, consistent: bool = False) -> db.Item | None:
    item = db.get(*keys.designation_requirements_key(org_id, designation_id), consistent=consistent)
    return with_ids(item) if item else None


def list_requirements(org_id: str, limit: int, cursor: str | None) -> db.Page:
    pk, _ = keys.designation_requirements_key(org_id, "")
    condition = Key("PK").eq(pk) & Key("SK").begins_with(_REQ_SK)
    page = db.query_page(condition, scope=f"designation-competencies:{org_id}", limit=limit, cursor=cursor)
    return db.Page([with_ids(item) for item in page.items], page.next_cursor)


def save_requirements(item: db.Item, expected_version: int | None) -> db.Item:
    """Create (expected_version None: must not exist) or replace (version-checked) a mapping; returns it
    with its ids."""
    if expected_version is None:
        db.put_new(item, on_exists=stale_version())
        return with_ids(item)
    saved = with_ids(item)
    try:
        db.transact([db.put_op(item, condition="attribute_exists(PK) AND #v = :v",
                               names={"#v": "version"}, values={":v": expected_version})],
                    on_condition_failed={0: stale_version()})
    except AppError as error:
        if error.code == "VERSION_CONFLICT" and get_requirements(saved["orgId"], saved["designationId"],
                                                               consistent=True) is None:
            raise not_found("The designation's competency mapping") from error
        raise
    return saved


# ---- gap counters ---------------------------------------------------------------------------------------

def gap_counts(org_id: str, designation_ids: Iterable[str]) -> dict[str, dict[str, int]]:
    """designationId → the summed counters of its shards (officers, lv#<competency>#<level>)."""
    designation_ids = list(dict.fromkeys(designation_ids))
    wanted = [key for d in designation_ids for key in passbook.gap_counter_keys(org_id, d)]
    totals: dict[str, dict[str, int]] = {d: {} for d in designation_ids}
    for item in db.batch_get(wanted):
        passbook.add_counter_items(totals.setdefault(item["designationId"], {}), [item])
    return totals


# ---- competency building plans --------------------------------------------------------------------------

def plan_item(plan: dict[str, Any]) -> db.Item:
    pk, sk = keys.plan_key(plan["id"])
    return {
        **plan,
        "PK": pk,
        "SK": sk,
        "entityType": "CompetencyPlan",
        "GSI1PK": keys.org_plans_gsi(plan["orgId"]),
        "GSI1SK": f"{plan['createdAt']}#{plan['id']}",
    }


def create_plan(plan: dict[str, Any]) -> db.Item:
    item = plan_item(plan)
    db.put_new(item)
    return item


def get_plan(plan_id: str, consistent: bool = False) -> db.Item | None:
    return db.get(*keys.plan_key(plan_id), consistent=consistent)


def get_plans(plan_ids: Iterable[str]) -> dict[str, db.Item]:
    return {item["id"]: item for item in db.batch_get([keys.plan_key(p) for p in dict.fromkeys(plan_ids)])}


def update_plan(plan_id: str, expected_version: int, changes: dict[str, Any]) -> db.Item:
    pk, sk = keys.plan_key(plan_id)
    return db.update_versioned(pk, sk, expected_version, changes, what="The plan")


def publish_plan(plan: db.Item, live: dict[str, Any], named_assignees: int) -> db.Item:
    """Make the plan LIVE with `live` as its published snapshot and write its assignment pointers, in one
    transaction (version-checked). Pointers of users or designations no longer assigned are ignored when
    read (the snapshot decides) and removed afterwards (`remove_stale_refs`)."""
    pk, sk = keys.plan_key(plan["id"])
    now = clock.now_iso()
    operations = [db.update_op(
        pk, sk,
        "SET #s = :live, #l = :snapshot, namedAssignees = :named, updatedAt = :now, #v = #v + :one",
        condition="attribute_exists(PK) AND #v = :v",
        names={"#s": "status", "#l": "live", "#v": "version"},
        values={":live": "LIVE", ":snapshot": live, ":named": named_assignees, ":now": now,
                ":one": 1, ":v": plan["version"]},
    )]
    ref = {"entityType": "PlanRef", "planId": plan["id"], "orgId": plan["orgId"], "createdAt": now}
    for user_id in live["assignTo"]["userIds"]:
        ref_pk, ref_sk = keys.plan_user_ref_key(user_id, plan["id"])
        operations.append(db.put_op({**ref, "PK": ref_pk, "SK": ref_sk, "userId": user_id}))
    for designation_id in live["assignTo"]["designations"]:
        ref_pk, ref_sk = keys.plan_designation_ref_key(plan["orgId"], designation_id, plan["id"])
        operations.append(db.put_op({**ref, "PK": ref_pk, "SK": ref_sk, "designationId": designation_id}))
    db.transact(operations, on_condition_failed={0: stale_version()})
    return {**plan, "status": "LIVE", "live": live, "namedAssignees": named_assignees, "updatedAt": now,
            "version": plan["version"] + 1}


def remove_stale_refs(plan: db.Item, user_ids: Iterable[str], designation_ids: Iterable[str]) -> None:
    """Best-effort clean-up of pointers the published snapshot no longer names (readers ignore them)."""
    with db.table().batch_writer() as batch:
        for user_id in user_ids:
            ref_pk, ref_sk = keys.plan_user_ref_key(user_id, plan["id"])
            batch.delete_item(Key={"PK": ref_pk, "SK": ref_sk})
        for designation_id in designation_ids:
            ref_pk, ref_sk = keys.plan_designation_ref_key(plan["orgId"], designation_id, plan["id"])
            batch.delete_item(Key={"PK": ref_pk, "SK": ref_sk})


def list_org_plans(org_id: str, limit: int, cursor: str | None) -> db.Page:
    condition = Key("GSI1PK").eq(keys.org_plans_gsi(org_id))
    return db.query_page(condition, index=keys.GSI1, scope=f"plans:{org_id}", limit=limit, cursor=cursor,
                         forward=False)


def plan_stats(plan_ids: Iterable[str]) -> dict[str, dict[str, int]]:
    plan_ids = list(dict.fromkeys(plan_ids))
    wanted = [keys.plan_stats_key(p, s) for p in plan_ids for s in range(PLAN_STAT_SHARDS)]
    totals: dict[str, dict[str, int]] = {p: {} for p in plan_ids}
    for item in db.batch_get(wanted):
        bucket = totals.setdefault(item["planId"], {})
        for name in ("courseCompletions", "startedUsers", "completedUsers"):
            bucket[name] = bucket.get(name, 0) + int(item.get(name, 0))
    return totals


def plan_progress(user_id: str, plan_ids: Iterable[str]) -> dict[str, db.Item]:
    items = db.batch_get([keys.plan_progress_key(user_id, p) for p in plan_ids])
    return {item["planId"]: item for item in items}


# ---- courses (the learning hub's items, read only; the competency → course index is read through
# karmayogi.completions.live_courses_for_competency) -----------------------------------------------------

def get_courses(course_ids: Iterable[str]) -> dict[str, db.Item]:
    items = db.batch_get([keys.course_key(c) for c in dict.fromkeys(course_ids)])
    return {item["id"]: item for item in items if item.get("id")}


def is_live(course: db.Item) -> bool:
    return str(course.get("status", "")).lower() == "live"
