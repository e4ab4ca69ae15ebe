"""The career hub's items and access patterns (docs/data-model.md, "Career hub"): role ladders,
openings and applications. The only module of the hub that talks to DynamoDB (the passbook and the
competency framework are read through the shared layer and their key builders)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from boto3.dynamodb.conditions import Key

from karmayogi.domain import passbook, profiles, refcache
from karmayogi.platform import db, keys

# ---- role ladders ---------------------------------------------------------------------------------------


def career_path_item(from_role: str, to_role: str, requirements: list[dict[str, Any]]) -> db.Item:
    pk, sk = keys.career_path_key(from_role, to_role)
    return {
        "PK": pk,
        "SK": sk,
        "entityType": "CareerPath",
        "fromRole": from_role,
        "toRole": to_role,
        "requiredCompetencies": requirements,
        "GSI1PK": keys.ALL_CAREER_PATHS_GSI,
        "GSI1SK": f"{from_role}#{to_role}",
        "GSI2PK": keys.career_paths_to_gsi(to_role),
        "GSI2SK": from_role,
    }


def put_career_paths(items: Iterable[db.Item]) -> None:
    with db.table().batch_writer() as batch:
        for item in items:
            batch.put_item(Item=item)


def paths_from(designation_id: str, limit: int, cursor: str | None) -> db.Page:
    pk, _ = keys.career_path_key(designation_id, "")
    condition = Key("PK").eq(pk) & Key("SK").begins_with("TO#")
    return db.query_page(condition, scope=f"career-paths:{designation_id}", limit=limit, cursor=cursor)


def all_paths(limit: int, cursor: str | None) -> db.Page:
    condition = Key("GSI1PK").eq(keys.ALL_CAREER_PATHS_GSI)
    return db.query_page(condition, index=keys.GSI1, scope="career-paths", limit=limit, cursor=cursor)


def paths_into(to_role: str) -> list[db.Item]:
    """The rungs into a role (GSI2), by the role they start from: a handful per role."""
    return db.query_all(Key("GSI2PK").eq(keys.career_paths_to_gsi(to_role)), index=keys.GSI2, max_items=100)


def get_path(from_role: str, to_role: str) -> db.Item | None:
    """A ladder rung (or None), through the container's reference cache (karmayogi.domain.refcache)."""
    return refcache.lookup_one("career-path", keys.career_path_key(from_role, to_role), lambda k: db.get(*k),
                               remember_missing=True)


# ---- directory, framework and designation requirements (other hubs' items, read only) -------------------

def get_designations(designation_ids: Iterable[str]) -> dict[str, db.Item]:
    return refcache.designations(designation_ids)


def get_competencies(competency_ids: Iterable[str]) -> dict[str, db.Item]:
    return refcache.competencies(competency_ids)


get_designations_and_competencies = refcache.designations_and_competencies  # reference data, cached


def get_designation_requirements(org_id: str, designation_id: str) -> dict[str, int]:
    """What an org requires of a designation, through the reference cache (the same entry the competency
    hub keeps and forgets when it changes the mapping)."""
    item = refcache.lookup_one("requirements", keys.designation_requirements_key(org_id, designation_id),
                               lambda k: db.get(*k), remember_missing=True)
    return {c: int(level) for c, level in ((item or {}).get("requirements") or {}).items()}


def learner(user_id: str) -> tuple[db.Item | None, dict[str, int]]:
    """The user's profile and best level per competency (karmayogi.domain.passbook.profile_and_levels)."""
    return passbook.profile_and_levels(user_id)


def profile_and_opening(user_id: str, opening_id: str) -> tuple[db.Item | None, db.Item | None]:
    """A user's profile and an opening, in one BatchGetItem."""
    profile_key = (keys.user_pk(user_id), keys.PROFILE_SK)
    opening_key = keys.opening_key(opening_id)
    found = {(item["PK"], item["SK"]): item for item in db.batch_get([profile_key, opening_key])}
    return found.get(profile_key), found.get(opening_key)


def opening_and_levels(opening_id: str, user_ids: list[str]) -> tuple[db.Item | None, dict[str, dict[str, int]]]:
    """An opening and the applicants' best levels (their competency summaries), in one BatchGetItem."""
    opening_key = keys.opening_key(opening_id)
    summary_keys = [keys.competency_summary_key(u) for u in dict.fromkeys(user_ids)]
    opening: db.Item | None = None
    levels: dict[str, dict[str, int]] = {u: {} for u in user_ids}
    for item in db.batch_get([opening_key, *summary_keys]):
        if (item["PK"], item["SK"]) == opening_key:
            opening = item
        elif item.get("userId"):
            levels[item["userId"]] = {c: int(level) for c, level in (item.get("levels") or {}).items()}
    return opening, levels


def get_profiles(user_ids: list[str]) -> dict[str, db.Item]:
    return profiles.get_profiles(user_ids)


def get_profile(user_id: str) -> db.Item | None:
    return profiles.get_profile(user_id)


# ---- openings -------------------------------------------------------------------------------------------

def opening_item(opening: dict[str, Any]) -> db.Item:
    pk, sk = keys.opening_key(opening["id"])
    return {
        **opening,
        "PK": pk,
        "SK": sk,
        "entityType": "Opening",
        "GSI1PK": keys.OPENINGS_GSI,
        "GSI1SK": f"{opening['closingAt']}#{opening['id']}",
        "GSI2PK": keys.org_openings_gsi(opening["orgId"]),
        "GSI2SK": f"{opening['createdAt']}#{opening['id']}",
    }


def create_opening(opening: dict[str, Any]) -> db.Item:
    item = opening_item(opening)
    db.create(item)
    return item


def put_openings(openings: Iterable[dict[str, Any]]) -> None:
    with db.table().batch_writer() as batch:
        for opening in openings:
            batch.put_item(Item=opening_item(opening))


def get_opening(opening_id: str) -> db.Item | None:
    return db.get(*keys.opening_key(opening_id))


def open_openings(now_iso: str, limit: int, cursor: str | None) -> db.Page:
    """Openings whose closing time is still ahead, the soonest closing first."""
    condition = Key("GSI1PK").eq(keys.OPENINGS_GSI) & Key("GSI1SK").gt(now_iso)
    return db.query_page(condition, index=keys.GSI1, scope="openings", limit=limit, cursor=cursor)


def org_openings(org_id: str, limit: int, cursor: str | None) -> db.Page:
    condition = Key("GSI2PK").eq(keys.org_openings_gsi(org_id))
    return db.query_page(condition, index=keys.GSI2, scope=f"openings:{org_id}", limit=limit, cursor=cursor,
                         forward=False)


# ---- applications ---------------------------------------------------------------------------------------

def create_application(application: dict[str, Any], opening: db.Item, now_iso: str,
                       notice: list[db.Item] | None = None) -> db.Item:
    """The application, its one-per-learner guard, a check that the opening is still open and the
    applicant's in-app `notice` (transaction operations), in one transaction. `ConditionFailed`: "guard"
    (the learner applied already), "application" (the id is taken), "opening" (closed or gone)."""
    pk, sk = keys.application_key(application["id"])
    item = {
        **application,
        "PK": pk,
        "SK": sk,
        "entityType": "Application",
        "GSI1PK": keys.opening_applications_gsi(application["openingId"]),
        "GSI1SK": f"{application['appliedAt']}#{application['id']}",
        "GSI2PK": keys.user_applications_gsi(application["userId"]),
        "GSI2SK": f"{application['appliedAt']}#{application['id']}",
    }
    guard_pk, guard_sk = keys.application_guard_key(application["openingId"], application["userId"])
    guard = {"PK": guard_pk, "SK": guard_sk, "entityType": "ApplicationGuard", "applicationId": application["id"],
             "userId": application["userId"], "createdAt": application["appliedAt"]}
    opening_pk, opening_sk = keys.opening_key(opening["id"])
    db.transact([
        db.put_op(guard, condition="attribute_not_exists(PK)", name="guard"),
        db.put_op(item, condition="attribute_not_exists(PK)", name="application"),
        db.check_op(opening_pk, opening_sk, "attribute_exists(PK) AND closingAt > :now AND #s = :open",
                    names={"#s": "status"}, values={":now": now_iso, ":open": "OPEN"}, name="opening"),
        *(notice or []),
    ])
    return item


def get_application(application_id: str) -> db.Item | None:
    return db.get(*keys.application_key(application_id))


def opening_applications(opening_id: str, limit: int, cursor: str | None) -> db.Page:
    condition = Key("GSI1PK").eq(keys.opening_applications_gsi(opening_id))
    return db.query_page(condition, index=keys.GSI1, scope=f"applications:{opening_id}", limit=limit,
                         cursor=cursor)


def user_applications(user_id: str, limit: int, cursor: str | None) -> db.Page:
    condition = Key("GSI2PK").eq(keys.user_applications_gsi(user_id))
    return db.query_page(condition, index=keys.GSI2, scope=f"my-applications:{user_id}", limit=limit,
                         cursor=cursor, forward=False)


def change_status(application: db.Item, new_status: str, now_iso: str, changed_by: str,
                  notice: list[db.Item] | None = None) -> db.Item:
    """Move an application from its current status to `new_status` (conditional on the version it was
    read at) and store the applicant's in-app `notice`, in one transaction: a concurrent change is
    `ConditionFailed("application")` (applications are never deleted)."""
    pk, sk = keys.application_key(application["id"])
    version = int(application["version"])
    changes = {"status": new_status, "updatedAt": now_iso, "statusChangedBy": changed_by}
    db.transact([
        db.update_op(pk, sk, "SET #s = :s, updatedAt = :u, statusChangedBy = :b, #v = #v + :one",
                     condition="attribute_exists(PK) AND #v = :v", names={"#s": "status", "#v": "version"},
                     values={":s": new_status, ":u": now_iso, ":b": changed_by, ":one": 1, ":v": version},
                     name="application"),
        *(notice or []),
    ])
    return {**application, **changes, "version": version + 1}
