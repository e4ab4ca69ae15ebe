"""The competency hub's items and access patterns (docs/data-model.md, "Competency hub"). The only module
of the hub that talks to DynamoDB; the passbook's own items are read through karmayogi.domain.passbook."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from boto3.dynamodb.conditions import Key
from boto3.dynamodb.types import TypeSerializer
from botocore.exceptions import ClientError

from karmayogi.domain import passbook, profiles, refcache, search
from karmayogi.domain.completions import PLAN_STAT_SHARDS
from karmayogi.platform import clock, db, keys
from karmayogi.platform.errors import AppError, conflict, not_found, stale_version, unavailable
from karmayogi.platform.settings import get_settings

COMPETENCY_SEARCH_SCOPE = "COMPETENCY"
MAX_TRANSACTION_OPERATIONS = 100


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
    refcache.forget("competency", item["id"])
    return item


def get_competency(competency_id: str) -> db.Item | None:
    return db.get(*keys.competency_key(competency_id))


def get_competencies(competency_ids: Iterable[str]) -> dict[str, db.Item]:
    """Framework competencies by id, through the container's reference cache (karmayogi.domain.refcache)."""
    return refcache.competencies(competency_ids)


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
    return refcache.designations(designation_ids)


def get_designations_and_competencies(designation_ids: Iterable[str], competency_ids: Iterable[str]
                                      ) -> tuple[dict[str, db.Item], dict[str, db.Item]]:
    """Both through the reference cache; what is not cached comes in one BatchGetItem."""
    competencies, designations, _ = refcache.directory(competency_ids=competency_ids,
                                                       designation_ids=designation_ids)
    return designations, competencies


def get_org(org_id: str) -> db.Item | None:
    return refcache.org(org_id)


def get_profiles(user_ids: list[str]) -> dict[str, db.Item]:
    return profiles.get_profiles(user_ids)


def learner(user_id: str) -> tuple[db.Item | None, dict[str, int]]:
    """A user's profile and best level per competency, in one BatchGetItem: the levels from the user's
    competency summary (kept exact with every passbook write, see karmayogi.domain.passbook), or from the
    passbook entries themselves when the user has no summary yet."""
    profile_key = (keys.user_pk(user_id), keys.PROFILE_SK)
    summary_key = keys.competency_summary_key(user_id)
    found = {(item["PK"], item["SK"]): item for item in db.batch_get([profile_key, summary_key])}
    summary = found.get(summary_key)
    if summary is None:
        return found.get(profile_key), passbook.current_levels(user_id)
    return found.get(profile_key), {c: int(level) for c, level in (summary.get("levels") or {}).items()}


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
    items = list(items)
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
    refcache.forget("requirements", *((item["PK"], item["SK"]) for item in items))


def get_requirements(org_id: str, designation_id: str, consistent: bool = False) -> db.Item | None:
    """A designation's mapping: a consistent read when about to change it, else through the container's
    reference cache (a mapping changed in another container is seen within refcache.TTL_SECONDS)."""
    key = keys.designation_requirements_key(org_id, designation_id)
    if consistent:
        item = db.get(*key, consistent=True)
    else:
        item = refcache.lookup_one("requirements", key, lambda k: db.get(*k), remember_missing=True)
    return with_ids(item) if item else None


def list_requirements(org_id: str, limit: int, cursor: str | None) -> db.Page:
    pk, _ = keys.designation_requirements_key(org_id, "")
    condition = Key("PK").eq(pk) & Key("SK").begins_with(_REQ_SK)
    page = db.query_page(condition, scope=f"designation-competencies:{org_id}", limit=limit, cursor=cursor)
    return db.Page([with_ids(item) for item in page.items], page.next_cursor)


def save_requirements(item: db.Item, expected_version: int | None) -> db.Item:
    """Create (expected_version None: must not exist) or replace (version-checked) a mapping; returns it
    with its ids."""
    try:
        return _save_requirements(item, expected_version)
    finally:
        refcache.forget("requirements", (item["PK"], item["SK"]))


def _save_requirements(item: db.Item, expected_version: int | None) -> db.Item:
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


def plan_refused(plan_id: str, org_id: str, retired_code: str = "PLAN_RETIRED",
                 retired_message: str = "A retired plan cannot be changed") -> AppError | None:
    """Why a change to the plan is refused, read now (consistently): 404 when it is not the org's plan, 409
    when it is retired; None when neither."""
    plan = get_plan(plan_id, consistent=True)
    if plan is None or plan.get("orgId") != org_id:
        return not_found("The plan")
    if plan.get("status") == "RETIRED":
        return conflict(retired_code, retired_message)
    return None


def update_org_plan(plan_id: str, org_id: str, expected_version: int, changes: dict[str, Any]) -> db.Item:
    """Change a plan of `org_id` that is not retired and still at `expected_version`, in one conditional
    UpdateItem (no read first): 404 when it is not the org's plan, 409 PLAN_RETIRED, 409 VERSION_CONFLICT."""
    pk, sk = keys.plan_key(plan_id)
    names: dict[str, str] = {"#version": "version", "#org": "orgId", "#status": "status"}
    values: dict[str, Any] = {":expected": expected_version, ":one": 1, ":org": org_id, ":retired": "RETIRED"}
    sets = ["#version = #version + :one"]
    for position, (field, value) in enumerate(changes.items()):
        names[f"#f{position}"] = field
        values[f":v{position}"] = value
        sets.append(f"#f{position} = :v{position}")
    try:
        response = db.table().update_item(
            Key={"PK": pk, "SK": sk},
            UpdateExpression="SET " + ", ".join(sets),
            ConditionExpression="attribute_exists(PK) AND #org = :org AND #status <> :retired "
                                "AND #version = :expected",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
            ReturnValues="ALL_NEW",
        )
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            raise (plan_refused(plan_id, org_id) or stale_version()) from error
        raise
    return db.plain(response["Attributes"])


def _ref_ops(plan: db.Item, user_ids: Iterable[str], designation_ids: Iterable[str]) -> list[db.Item]:
    """Deletes of the plan's assignment pointers of these users and designations."""
    operations = [db.delete_op(*keys.plan_user_ref_key(user_id, plan["id"])) for user_id in user_ids]
    operations += [db.delete_op(*keys.plan_designation_ref_key(plan["orgId"], designation_id, plan["id"]))
                   for designation_id in designation_ids]
    return operations


def publish_plan(plan: db.Item, live: dict[str, Any], named_assignees: int, *,
                 stale_user_ids: Iterable[str] = (), stale_designation_ids: Iterable[str] = (),
                 notices: list[list[db.Item]] | None = None) -> tuple[db.Item, int]:
    """Make the plan LIVE with `live` as its published snapshot and write its assignment pointers, in one
    transaction (version-checked). The same transaction removes the pointers of users and designations no
    longer assigned and stores `notices` (each a group of in-app notification operations), as many as fit
    in one transaction; pointers that did not fit are removed right after (readers ignore them: the
    snapshot decides). Returns the plan and how many notices were stored."""
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
    ref = {"entityType": "PlanRef", "planId": plan["id"], "orgId": plan["orgId"], "createdAt": now,
           "courseIds": live["courseIds"]}
    for user_id in live["assignTo"]["userIds"]:
        ref_pk, ref_sk = keys.plan_user_ref_key(user_id, plan["id"])
        operations.append(db.put_op({**ref, "PK": ref_pk, "SK": ref_sk, "userId": user_id}))
    for designation_id in live["assignTo"]["designations"]:
        ref_pk, ref_sk = keys.plan_designation_ref_key(plan["orgId"], designation_id, plan["id"])
        operations.append(db.put_op({**ref, "PK": ref_pk, "SK": ref_sk, "designationId": designation_id}))
    stale = _ref_ops(plan, stale_user_ids, stale_designation_ids)
    room = MAX_TRANSACTION_OPERATIONS - len(operations)
    operations += stale[:room]
    later = stale[room:]
    stored = 0
    for notice in notices or []:
        if len(operations) + len(notice) > MAX_TRANSACTION_OPERATIONS:
            break
        operations += notice
        stored += 1
    db.transact(operations, on_condition_failed={0: stale_version()})
    if later:
        _delete_refs_best_effort(later)
    return {**plan, "status": "LIVE", "live": live, "namedAssignees": named_assignees, "updatedAt": now,
            "version": plan["version"] + 1}, stored


def retire_plan(plan: db.Item) -> db.Item:
    """RETIRED, with the pointers of its published assignment removed, in one transaction (version-checked:
    409 VERSION_CONFLICT)."""
    pk, sk = keys.plan_key(plan["id"])
    now = clock.now_iso()
    assign_to = (plan.get("live") or {}).get("assignTo") or {"userIds": [], "designations": []}
    operations = [db.update_op(pk, sk, "SET #s = :retired, updatedAt = :now, #v = #v + :one",
                               condition="attribute_exists(PK) AND #v = :v",
                               names={"#s": "status", "#v": "version"},
                               values={":retired": "RETIRED", ":now": now, ":one": 1, ":v": plan["version"]})]
    refs = _ref_ops(plan, assign_to["userIds"], assign_to["designations"])
    room = MAX_TRANSACTION_OPERATIONS - len(operations)
    db.transact(operations + refs[:room], on_condition_failed={0: stale_version()})
    if refs[room:]:
        _delete_refs_best_effort(refs[room:])
    return {**plan, "status": "RETIRED", "updatedAt": now, "version": plan["version"] + 1}


def _delete_refs_best_effort(operations: list[db.Item]) -> None:
    """Pointers the published snapshot no longer names (readers ignore them), removed after the commit."""
    with db.table().batch_writer() as batch:
        for operation in operations:
            batch.delete_item(Key=operation["Delete"]["Key"])


def list_org_plans(org_id: str, limit: int, cursor: str | None) -> db.Page:
    condition = Key("GSI1PK").eq(keys.org_plans_gsi(org_id))
    return db.query_page(condition, index=keys.GSI1, scope=f"plans:{org_id}", limit=limit, cursor=cursor,
                         forward=False)


def plan_figures(org_id: str, plan_ids: Iterable[str],
                 designation_ids: Iterable[str]) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """`plan_stats` and `gap_counts` in one BatchGetItem (per 100 keys)."""
    plan_ids = list(dict.fromkeys(plan_ids))
    designation_ids = list(dict.fromkeys(designation_ids))
    wanted = [keys.plan_stats_key(p, s) for p in plan_ids for s in range(PLAN_STAT_SHARDS)]
    wanted += [key for d in designation_ids for key in passbook.gap_counter_keys(org_id, d)]
    stats: dict[str, dict[str, int]] = {p: {} for p in plan_ids}
    counts: dict[str, dict[str, int]] = {d: {} for d in designation_ids}
    for item in db.batch_get(wanted):
        if item.get("planId") and str(item["PK"]).startswith("PLANSTAT#"):
            bucket = stats.setdefault(item["planId"], {})
            for name in ("courseCompletions", "startedUsers", "completedUsers"):
                bucket[name] = bucket.get(name, 0) + int(item.get(name, 0))
        elif item.get("designationId"):
            passbook.add_counter_items(counts.setdefault(item["designationId"], {}), [item])
    return stats, counts


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
# karmayogi.domain.completions.live_courses_for_competency) -----------------------------------------------------

def get_courses_and_profiles(course_ids: Iterable[str],
                             user_ids: Iterable[str]) -> tuple[dict[str, db.Item], dict[str, db.Item]]:
    """Courses by id and users' profiles by id, in one BatchGetItem (per 100 keys)."""
    course_keys = [keys.course_key(c) for c in dict.fromkeys(course_ids)]
    profile_keys = [(keys.user_pk(u), keys.PROFILE_SK) for u in dict.fromkeys(user_ids)]
    courses: dict[str, db.Item] = {}
    people: dict[str, db.Item] = {}
    for item in db.batch_get(course_keys + profile_keys):
        if item["SK"] == keys.PROFILE_SK and item.get("userId"):
            people[item["userId"]] = item
        elif item.get("id"):
            courses[item["id"]] = item
    return courses, people


def my_plan_refs(user_id: str) -> tuple[db.Item | None, list[db.Item]]:
    """The user's profile and the plans assigned to them by name, in one Query of their partition (the
    sort keys from `PLANREF#` to `PROFILE` hold exactly those)."""
    condition = Key("PK").eq(keys.user_pk(user_id)) & Key("SK").between("PLANREF#", keys.PROFILE_SK)
    items = db.query_all(condition)
    profile = next((i for i in items if i["SK"] == keys.PROFILE_SK), None)
    return profile, [i for i in items if str(i["SK"]).startswith("PLANREF#")]


def designation_plan_refs(org_id: str, designation_id: str) -> list[db.Item]:
    pk, _ = keys.plan_designation_ref_key(org_id, designation_id, "")
    return db.query_all(Key("PK").eq(pk) & Key("SK").begins_with("PLAN#"))


def plans_and_completions(plan_ids: Iterable[str], user_id: str,
                          course_ids: Iterable[str]) -> tuple[dict[str, db.Item], set[str]]:
    """Plans by id and which of `course_ids` the user completed, in one BatchGetItem (per 100 keys)."""
    plan_keys = [keys.plan_key(p) for p in dict.fromkeys(plan_ids)]
    done_keys = [keys.completed_course_key(user_id, c) for c in dict.fromkeys(course_ids)]
    plans: dict[str, db.Item] = {}
    done: set[str] = set()
    for item in db.batch_get(plan_keys + done_keys):
        if str(item["PK"]).startswith("PLAN#"):
            plans[item["id"]] = item
        elif item.get("courseId"):
            done.add(item["courseId"])
    return plans, done


def get_courses(course_ids: Iterable[str]) -> dict[str, db.Item]:
    items = db.batch_get([keys.course_key(c) for c in dict.fromkeys(course_ids)])
    return {item["id"]: item for item in items if item.get("id")}


def is_live(course: db.Item) -> bool:
    return str(course.get("status", "")).lower() == "live"
