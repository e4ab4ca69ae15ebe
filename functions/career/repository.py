"""The career hub's items and access patterns (docs/data-model.md, "Career hub"): role ladders,
openings and applications. The only module of the hub that talks to DynamoDB (the passbook and the
competency framework are read through the shared layer and their key builders)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from boto3.dynamodb.conditions import Key

from karmayogi import db, keys, profiles
from karmayogi.errors import conflict

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


def get_path(from_role: str, to_role: str) -> db.Item | None:
    return db.get(*keys.career_path_key(from_role, to_role))


# ---- directory, framework and designation requirements (other hubs' items, read only) -------------------

def get_designations(designation_ids: Iterable[str]) -> dict[str, db.Item]:
    items = db.batch_get([keys.designation_key(d) for d in dict.fromkeys(designation_ids)])
    return {item["id"]: item for item in items}


def get_competencies(competency_ids: Iterable[str]) -> dict[str, db.Item]:
    items = db.batch_get([keys.competency_key(c) for c in dict.fromkeys(competency_ids)])
    return {item["id"]: item for item in items}


def get_designation_requirements(org_id: str, designation_id: str) -> dict[str, int]:
    item = db.get(*keys.designation_requirements_key(org_id, designation_id))
    return {c: int(level) for c, level in ((item or {}).get("requirements") or {}).items()}


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
    db.put_new(item)
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

def create_application(application: dict[str, Any], opening: db.Item, now_iso: str) -> db.Item:
    """The application, its one-per-learner guard and a check that the opening is still open, in one
    transaction: 409 ALREADY_APPLIED, 409 OPENING_CLOSED."""
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
    db.transact(
        [
            db.put_op(guard, condition="attribute_not_exists(PK)"),
            db.put_op(item, condition="attribute_not_exists(PK)"),
            db.check_op(opening_pk, opening_sk, "attribute_exists(PK) AND closingAt > :now AND #s = :open",
                        names={"#s": "status"}, values={":now": now_iso, ":open": "OPEN"}),
        ],
        on_condition_failed={
            0: conflict("ALREADY_APPLIED", "You have applied for this opening already"),
            1: conflict("ALREADY_APPLIED", "You have applied for this opening already"),
            2: conflict("OPENING_CLOSED", "The opening is closed"),
        },
    )
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


def change_status(application: db.Item, new_status: str, now_iso: str, changed_by: str) -> db.Item:
    """Move an application from its current status to `new_status` (conditional on both the status and
    the version it was read at): a concurrent change is a 409."""
    pk, sk = keys.application_key(application["id"])
    return db.update_versioned(pk, sk, int(application["version"]),
                               {"status": new_status, "updatedAt": now_iso, "statusChangedBy": changed_by},
                               what="The application")
