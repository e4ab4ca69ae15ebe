"""The auth hub's directory (orgs, designations), uniqueness guards and profile reads (docs/data-model.md,
"Directory" and "Auth hub"). With `repository_codes` (registrations, one-time codes, send counters) and
`repository_accounts` (accounts and profile writes), the only auth code that talks to DynamoDB.

Repositories return data or let a failed condition through as `db.ConditionFailed`, whose `reason` names
the operation (the names are this module's constants); the rules modules decide what the client is told."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from boto3.dynamodb.conditions import Key

from karmayogi.domain import profiles, search
from karmayogi.platform import db, keys

ORG_SEARCH_SCOPE = "ORG"
DESIGNATION_SEARCH_SCOPE = "DESIGNATION"
ALL_ORGS = "ORGS"


def commit(operations: Sequence[db.Item]) -> None:
    """One transaction of named operations (all or nothing); a failed condition is `ConditionFailed`
    naming the operation."""
    db.transact(operations)


# ---- directory ------------------------------------------------------------------------------------------


def org_items(org: dict[str, Any]) -> list[db.Item]:
    """The org item and its search tokens. Sort keys put names in alphabetical order."""
    pk, sk = keys.org_key(org["id"])
    name_key = f"{keys.normalize(org['name'])}#{org['id']}"
    payload = {
        "id": org["id"],
        "name": org["name"],
        "type": org["type"],
        "parentId": org.get("parentId"),
        "emailDomains": list(org["emailDomains"]),
        "nameHi": org.get("nameHi"),
    }
    item: db.Item = {
        **payload,
        "PK": pk,
        "SK": sk,
        "entityType": "Org",
        "GSI1PK": keys.orgs_by_type_gsi(org["type"]),
        "GSI1SK": name_key,
        "GSI3PK": ALL_ORGS,
        "GSI3SK": name_key,
    }
    if org.get("parentId"):
        item["GSI2PK"] = keys.orgs_by_parent_gsi(org["parentId"])
        item["GSI2SK"] = name_key
    return [item, *search.token_items(ORG_SEARCH_SCOPE, pk, org["id"], org["name"], payload)]


def put_orgs(orgs: list[dict[str, Any]]) -> None:
    """Seed orgs (the dev server, a stage's bootstrap): each org, its search tokens and the owner items of its
    email domains; a domain listed by several orgs (a department that uses its ministry's) is owned by the
    first that lists it."""
    owners: dict[str, str] = {}
    with db.table().batch_writer() as batch:
        for org in orgs:
            for item in org_items(org):
                batch.put_item(Item=item)
            for domain in org["emailDomains"]:
                owners.setdefault(domain.lower(), org["id"])
        for domain, org_id in owners.items():
            pk, sk = keys.org_domain_key(domain)
            batch.put_item(Item={"PK": pk, "SK": sk, "entityType": "OrgDomain", "domain": domain, "orgId": org_id})


def get_org(org_id: str) -> db.Item | None:
    return db.get(*keys.org_key(org_id))


def list_orgs(org_type: str | None, parent_id: str | None, limit: int, cursor: str | None) -> db.Page:
    if parent_id:
        condition = Key("GSI2PK").eq(keys.orgs_by_parent_gsi(parent_id))
        return db.query_page(condition, index=keys.GSI2, scope=f"orgs:parent:{parent_id}", limit=limit, cursor=cursor)
    if org_type:
        condition = Key("GSI1PK").eq(keys.orgs_by_type_gsi(org_type))
        return db.query_page(condition, index=keys.GSI1, scope=f"orgs:type:{org_type}", limit=limit, cursor=cursor)
    return db.query_page(Key("GSI3PK").eq(ALL_ORGS), index=keys.GSI3, scope="orgs:all", limit=limit, cursor=cursor)


def search_orgs(q: str, limit: int, cursor: str | None) -> db.Page:
    return search.search_page(ORG_SEARCH_SCOPE, q, limit=limit, cursor=cursor)


def put_designations(designations: list[dict[str, Any]]) -> None:
    with db.table().batch_writer() as batch:
        for designation in designations:
            pk, sk = keys.designation_key(designation["id"])
            payload = {"id": designation["id"], "name": designation["name"]}
            if designation.get("nameHi"):
                payload["nameHi"] = designation["nameHi"]
            batch.put_item(Item={**payload, "PK": pk, "SK": sk, "entityType": "Designation"})
            guard_pk, guard_sk = keys.designation_name_key(designation["name"])
            batch.put_item(Item={"PK": guard_pk, "SK": guard_sk, "entityType": "DesignationNameGuard",
                                 "designationId": designation["id"]})
            owner = f"DESIGNATION#{designation['id']}"
            for token in search.token_items(
                DESIGNATION_SEARCH_SCOPE, owner, designation["id"], designation["name"], payload
            ):
                batch.put_item(Item=token)


def list_designations(limit: int, cursor: str | None) -> db.Page:
    pk, _ = keys.designation_key("")
    condition = Key("PK").eq(pk) & Key("SK").begins_with("DESIGNATION#")
    return db.query_page(condition, scope="designations", limit=limit, cursor=cursor)


def search_designations(q: str, limit: int, cursor: str | None) -> db.Page:
    return search.search_page(DESIGNATION_SEARCH_SCOPE, q, limit=limit, cursor=cursor)


def get_designation(designation_id: str) -> db.Item | None:
    return db.get(*keys.designation_key(designation_id))


# ---- uniqueness guards ----------------------------------------------------------------------------------

EMAIL, MOBILE, EMPLOYEE = "EMAIL", "MOBILE", "EMPLOYEE"
# The profile field each guard holds, and the name of the operation that puts it ("guard:email"...).
GUARDED_FIELDS = {EMAIL: "email", MOBILE: "mobile", EMPLOYEE: "employeeId"}


def guard_name(kind: str) -> str:
    return f"guard:{GUARDED_FIELDS[kind]}"


def guard_item(kind: str, value: str, user_id: str) -> db.Item:
    pk, sk = keys.guard_key(kind, value)
    return {"PK": pk, "SK": sk, "entityType": "UniqueGuard", "kind": kind, "userId": user_id}


def guard_owner(kind: str, value: str) -> str | None:
    """The user id holding an email, mobile or employee id (A2), or None."""
    item = db.get(*keys.guard_key(kind, value), consistent=True)
    return str(item["userId"]) if item else None


def first_guard_owner(pairs: Sequence[tuple[str, str]]) -> str | None:
    """The user id holding the first of (kind, value) that is held (A2), or None: one strongly consistent
    GetItem, or one BatchGetItem for several."""
    if len(pairs) <= 1:
        return guard_owner(*pairs[0]) if pairs else None
    guard_keys = [keys.guard_key(kind, value) for kind, value in pairs]
    found = {(i["PK"], i["SK"]): i for i in db.batch_get(guard_keys, consistent=True)}
    return next((str(found[key]["userId"]) for key in guard_keys if key in found), None)


# ---- profile reads --------------------------------------------------------------------------------------


def profile_key(user_id: str) -> tuple[str, str]:
    return keys.user_pk(user_id), keys.PROFILE_SK


def get_profile(user_id: str, consistent: bool = False) -> db.Item | None:
    if not consistent:
        return profiles.get_profile(user_id)
    return db.get(*profile_key(user_id), consistent=True)


FIRST_LOGIN = "FIRST_LOGIN"
FIRST_LOGIN_CONTEXT = "account"


def get_profile_and_first_login(user_id: str) -> tuple[db.Item | None, bool]:
    """The profile and whether the FIRST_LOGIN karma was credited already (one BatchGetItem, A5)."""
    profile = profile_key(user_id)
    ledger_key = keys.karma_ledger_key(user_id, FIRST_LOGIN, FIRST_LOGIN_CONTEXT)
    found = {(i["PK"], i["SK"]): i for i in db.batch_get([profile, ledger_key])}
    return found.get(profile), ledger_key in found
