"""The competency hub's items and access patterns (docs/data-model.md, "Competency hub"): the framework,
the directory reads it needs, designation requirements and the gap counters (plans are in
plan_repository.py). With that module, the only code of the hub that talks to DynamoDB; the passbook's
own items are read through karmayogi.domain.passbook. A failed write condition is reported as
`db.ConditionFailed` named after what failed; the service decides what the client is told."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from boto3.dynamodb.conditions import Key

from karmayogi.domain import passbook, profiles, refcache, search
from karmayogi.platform import clock, db, keys

COMPETENCY_SEARCH_SCOPE = "COMPETENCY"


# ---- framework ------------------------------------------------------------------------------------------

def _competency_payload(competency: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": competency["id"],
        "name": competency["name"],
        **({"nameHi": competency["nameHi"]} if competency.get("nameHi") else {}),
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
    """The competency and its search tokens, in one transaction: `ConditionFailed("competency")` when the id
    is taken."""
    item = competency_item(competency)
    operations = [db.put_op(item, condition="attribute_not_exists(PK)", name="competency")]
    operations += [db.put_op(token) for token in _tokens(competency)]
    db.transact(operations)
    return item


def update_competency(current: db.Item, changes: dict[str, Any], expected_version: int) -> db.Item:
    """Replace the competency (version-checked) and its search tokens in one transaction:
    `ConditionFailed("competency")` when it changed since it was read."""
    updated = {**current, **changes, "version": expected_version + 1, "updatedAt": clock.now_iso()}
    item = competency_item(updated)
    operations = [db.put_op(item, condition="attribute_exists(PK) AND #v = :v",
                            names={"#v": "version"}, values={":v": expected_version}, name="competency")]
    new_tokens = _tokens(updated)
    new_sks = {token["SK"] for token in new_tokens}
    operations += [db.delete_op(item["PK"], f"WORD#{word}")
                   for word in keys.words(current["name"])
                   if len(word) >= search.MIN_QUERY_LENGTH and f"WORD#{word}" not in new_sks]
    operations += [db.put_op(token) for token in new_tokens]
    db.transact(operations)
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


get_designations_and_competencies = refcache.designations_and_competencies  # reference data, cached


def get_org(org_id: str) -> db.Item | None:
    return refcache.org(org_id)


def get_profiles(user_ids: list[str]) -> dict[str, db.Item]:
    return profiles.get_profiles(user_ids)


def learner(user_id: str) -> tuple[db.Item | None, dict[str, int]]:
    """The user's profile and best level per competency (karmayogi.domain.passbook.profile_and_levels)."""
    return passbook.profile_and_levels(user_id)


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


def get_requirements(org_id: str, designation_id: str, consistent: bool = False) -> db.Item | None:
    """A designation's mapping: a consistent read when about to change it, else through the container's
    reference cache (a mapping changed in another container is seen within refcache.TTL_SECONDS)."""
    key = keys.designation_requirements_key(org_id, designation_id)
    if consistent:
        item = db.get(*key, consistent=True)
    else:
        item = refcache.lookup_one("requirements", key, lambda k: db.get(*k), remember_missing=True)
    return with_ids(item) if item else None


def get_requirements_of(org_id: str, designation_ids: Iterable[str]) -> dict[str, db.Item]:
    """Designations' mappings by designation id, read consistently in one BatchGetItem (per 100 keys)."""
    wanted = [keys.designation_requirements_key(org_id, d) for d in dict.fromkeys(designation_ids)]
    return {item["designationId"]: item for item in (with_ids(i) for i in db.batch_get(wanted, consistent=True))}


def list_requirements(org_id: str, limit: int, cursor: str | None) -> db.Page:
    pk, _ = keys.designation_requirements_key(org_id, "")
    condition = Key("PK").eq(pk) & Key("SK").begins_with(_REQ_SK)
    page = db.query_page(condition, scope=f"designation-competencies:{org_id}", limit=limit, cursor=cursor)
    return db.Page([with_ids(item) for item in page.items], page.next_cursor)


def save_requirements(item: db.Item, expected_version: int | None) -> db.Item:
    """Create (expected_version None: must not exist) or replace (version-checked) a mapping; returns it
    with its ids. `ConditionFailed`: "exists" (created meanwhile), "missing" (no mapping to replace),
    "stale" (changed since it was read)."""
    try:
        return _save_requirements(item, expected_version)
    finally:
        refcache.forget("requirements", (item["PK"], item["SK"]))


def _save_requirements(item: db.Item, expected_version: int | None) -> db.Item:
    saved = with_ids(item)
    if expected_version is None:
        db.create(item)
        return saved
    try:
        db.transact([db.put_op(item, condition="attribute_exists(PK) AND #v = :v", names={"#v": "version"},
                               values={":v": expected_version}, name="requirements")])
    except db.ConditionFailed as failed:
        if get_requirements(saved["orgId"], saved["designationId"], consistent=True) is None:
            raise db.ConditionFailed("missing") from failed
        raise db.ConditionFailed("stale") from failed
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
