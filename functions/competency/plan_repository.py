"""The competency hub's plans (docs/data-model.md, "Competency hub"): competency building plans, their
assignment pointers and figures, and the reads of other hubs' items a plan needs (courses, profiles,
completions). A failed write condition is reported as `db.ConditionFailed`; the service decides what the
client is told."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from karmayogi.domain import passbook
from karmayogi.domain.completions import PLAN_STAT_SHARDS
from karmayogi.platform import clock, db, keys

MAX_TRANSACTION_OPERATIONS = 100


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
    db.create(item)
    return item


def get_plan(plan_id: str, consistent: bool = False) -> db.Item | None:
    return db.get(*keys.plan_key(plan_id), consistent=consistent)


def plan_refused(plan_id: str, org_id: str) -> str | None:
    """Why a change to the plan is refused, read now (consistently): "missing" when it is not the org's
    plan, "retired" when it is retired; None when neither."""
    plan = get_plan(plan_id, consistent=True)
    if plan is None or plan.get("orgId") != org_id:
        return "missing"
    if plan.get("status") == "RETIRED":
        return "retired"
    return None


def update_org_plan(plan_id: str, org_id: str, expected_version: int, changes: dict[str, Any]) -> db.Item:
    """Change a plan of `org_id` that is not retired and still at `expected_version`, in one conditional
    UpdateItem (no read first). `ConditionFailed`: "missing" (not the org's plan), "retired", "stale"."""
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
            raise db.ConditionFailed(plan_refused(plan_id, org_id) or "stale") from error
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
    snapshot decides). Returns the plan and how many notices were stored. `ConditionFailed("plan")` when
    the plan changed since it was read."""
    pk, sk = keys.plan_key(plan["id"])
    now = clock.now_iso()
    operations = [db.update_op(
        pk, sk,
        "SET #s = :live, #l = :snapshot, namedAssignees = :named, updatedAt = :now, #v = #v + :one",
        condition="attribute_exists(PK) AND #v = :v",
        names={"#s": "status", "#l": "live", "#v": "version"},
        values={":live": "LIVE", ":snapshot": live, ":named": named_assignees, ":now": now,
                ":one": 1, ":v": plan["version"]}, name="plan",
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
    db.transact(operations)
    if later:
        _delete_refs_best_effort(later)
    return {**plan, "status": "LIVE", "live": live, "namedAssignees": named_assignees, "updatedAt": now,
            "version": plan["version"] + 1}, stored


def retire_plan(plan: db.Item) -> db.Item:
    """RETIRED, with the pointers of its published assignment removed, in one transaction (version-checked:
    `ConditionFailed("plan")`)."""
    pk, sk = keys.plan_key(plan["id"])
    now = clock.now_iso()
    assign_to = (plan.get("live") or {}).get("assignTo") or {"userIds": [], "designations": []}
    operations = [db.update_op(pk, sk, "SET #s = :retired, updatedAt = :now, #v = #v + :one",
                               condition="attribute_exists(PK) AND #v = :v",
                               names={"#s": "status", "#v": "version"},
                               values={":retired": "RETIRED", ":now": now, ":one": 1, ":v": plan["version"]},
                               name="plan")]
    refs = _ref_ops(plan, assign_to["userIds"], assign_to["designations"])
    room = MAX_TRANSACTION_OPERATIONS - len(operations)
    db.transact(operations + refs[:room])
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


def plan_assignees(org_id: str, plan_id: str, designation_ids: list[str], user_ids: list[str], limit: int,
                   cursor: str | None) -> db.Page:
    """A plan's assignees by name: the org's users (A10, GSI1 `ORG#<org>#USERS`) filtered to the assigned
    designations and the named users (at most 20 and 50: the filter's IN lists stay within DynamoDB's 100)."""
    wanted = None
    if designation_ids:
        wanted = Attr("designationId").is_in(designation_ids)
    if user_ids:
        named = Attr("userId").is_in(user_ids)
        wanted = named if wanted is None else wanted | named
    if wanted is None:
        return db.Page([], None)
    return db.query_page(Key("GSI1PK").eq(keys.org_users_gsi(org_id)), index=keys.GSI1,
                         scope=f"plan-progress:{org_id}:{plan_id}", limit=limit, cursor=cursor,
                         filter_expression=Attr("entityType").eq("UserProfile") & wanted)


def completions_of(user_ids: list[str], course_ids: list[str]) -> set[tuple[str, str]]:
    """Which (user, course) pairs are completed courses (the users' `COURSEDONE#` items), in one
    BatchGetItem per 100 keys."""
    wanted = [keys.completed_course_key(u, c) for u in user_ids for c in course_ids]
    return {(str(i["userId"]), str(i["courseId"])) for i in db.batch_get(wanted) if i.get("courseId")}


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


def is_live(course: db.Item) -> bool:
    return str(course.get("status", "")).lower() == "live"
