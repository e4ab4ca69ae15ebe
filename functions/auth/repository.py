"""The auth hub's items and access patterns (docs/data-model.md, "Directory" and "Users")."""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Key

from karmayogi import db, keys, search

ORG_SEARCH_SCOPE = "ORG"
DESIGNATION_SEARCH_SCOPE = "DESIGNATION"
ALL_ORGS = "ORGS"


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
    with db.table().batch_writer() as batch:
        for org in orgs:
            for item in org_items(org):
                batch.put_item(Item=item)


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
            batch.put_item(Item={**payload, "PK": pk, "SK": sk, "entityType": "Designation"})
            owner = f"DESIGNATION#{designation['id']}"
            for token in search.token_items(DESIGNATION_SEARCH_SCOPE, owner, designation["id"],
                                            designation["name"], payload):
                batch.put_item(Item=token)


def list_designations(limit: int, cursor: str | None) -> db.Page:
    pk, _ = keys.designation_key("")
    condition = Key("PK").eq(pk) & Key("SK").begins_with("DESIGNATION#")
    return db.query_page(condition, scope="designations", limit=limit, cursor=cursor)


def search_designations(q: str, limit: int, cursor: str | None) -> db.Page:
    return search.search_page(DESIGNATION_SEARCH_SCOPE, q, limit=limit, cursor=cursor)


def get_designation(designation_id: str) -> db.Item | None:
    return db.get(*keys.designation_key(designation_id))
