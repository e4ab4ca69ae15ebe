"""Writes of the managed directory (docs/data-model.md, "Directory"): an org with its search tokens and the
owner items of its email domains, a designation with its search tokens and its name guard — each in ONE
transaction, conditioned on the version read.

Failed conditions come through as `db.ConditionFailed` naming the operation: `ORG` / `DESIGNATION` (it
exists already, or changed since it was read), `PARENT` (the parent org is gone), `domain:<domain>` (another
org owns the domain) and `NAME` (another designation has the name)."""

from __future__ import annotations

from typing import Any

from functions.auth.repository import DESIGNATION_SEARCH_SCOPE, commit, org_items
from karmayogi.domain import refcache, search
from karmayogi.platform import db, keys

ORG, PARENT, DESIGNATION, NAME = "org", "parent", "designation", "name"
DOMAIN_PREFIX = "domain:"


def domain_item(domain: str, org_id: str) -> db.Item:
    pk, sk = keys.org_domain_key(domain)
    return {"PK": pk, "SK": sk, "entityType": "OrgDomain", "domain": domain, "orgId": org_id}


def domain_owners(domains: list[str]) -> dict[str, str]:
    """domain → the id of the org that owns it, for those owned (one consistent BatchGetItem)."""
    if not domains:
        return {}
    found = db.batch_get([keys.org_domain_key(d) for d in domains], consistent=True)
    return {str(item["domain"]): str(item["orgId"]) for item in found}


def _version_condition(expected: int | None) -> tuple[str, dict[str, str], dict[str, Any]]:
    """The item exists and still has the version read (items written before versions: none)."""
    if not expected:
        return "attribute_exists(PK) AND (attribute_not_exists(#v) OR #v = :zero)", {"#v": "version"}, {":zero": 0}
    return "attribute_exists(PK) AND #v = :v", {"#v": "version"}, {":v": expected}


def _dropped_tokens(pk: str, old_name: str, new_tokens: list[db.Item]) -> list[db.Item]:
    kept = {token["SK"] for token in new_tokens}
    return [db.delete_op(pk, f"WORD#{word}") for word in keys.words(old_name)
            if len(word) >= search.MIN_QUERY_LENGTH and f"WORD#{word}" not in kept]


def _domain_ops(org_id: str, added: list[str], removed: list[str]) -> list[db.Item]:
    ops = [db.put_op(domain_item(d, org_id), condition="attribute_not_exists(PK) OR orgId = :me",
                     values={":me": org_id}, name=f"{DOMAIN_PREFIX}{d}") for d in added]
    ops += [db.delete_op(*keys.org_domain_key(d), condition="attribute_not_exists(PK) OR orgId = :me",
                         values={":me": org_id}) for d in removed]
    return ops


def _parent_check(parent_id: str | None) -> list[db.Item]:
    if not parent_id:
        return []
    return [db.check_op(*keys.org_key(parent_id), "attribute_exists(PK)", name=PARENT)]


def save_org(org: dict[str, Any], current: db.Item | None, added: list[str], removed: list[str]) -> db.Item:
    """Create (`current` None) or replace an org in one transaction: the org item (with its GSI keys:
    type, parent, all orgs), its search tokens (those of dropped words deleted), the owner items of the
    domains it gains (`domain:<d>` when another org owns one) and frees, and a check that the parent
    exists (`PARENT`). Returns the org item as written."""
    version = int((current or {}).get("version") or 0)
    item, *tokens = org_items(org)
    item = {**item, "version": version + 1}
    if current is None:
        ops = [db.put_op(item, condition="attribute_not_exists(PK)", name=ORG)]
    else:
        condition, names, values = _version_condition(version)
        ops = [db.put_op(item, condition=condition, names=names, values=values, name=ORG)]
        ops += _dropped_tokens(item["PK"], str(current["name"]), tokens)
    ops += [db.put_op(token) for token in tokens]
    ops += _domain_ops(org["id"], added, removed)
    ops += _parent_check(org.get("parentId"))
    commit(ops)
    refcache.forget("org", org["id"])
    return item


def get_org(org_id: str) -> db.Item | None:
    return db.get(*keys.org_key(org_id), consistent=True)


def get_designation(designation_id: str) -> db.Item | None:
    return db.get(*keys.designation_key(designation_id), consistent=True)


def designation_items(designation: dict[str, Any]) -> tuple[db.Item, db.Item, list[db.Item]]:
    """The designation item, its name guard and its search tokens."""
    pk, sk = keys.designation_key(designation["id"])
    payload = {"id": designation["id"], "name": designation["name"]}
    if designation.get("nameHi"):
        payload["nameHi"] = designation["nameHi"]
    item = {**payload, "PK": pk, "SK": sk, "entityType": "Designation"}
    guard_pk, guard_sk = keys.designation_name_key(designation["name"])
    guard = {"PK": guard_pk, "SK": guard_sk, "entityType": "DesignationNameGuard", "designationId": designation["id"]}
    owner = f"DESIGNATION#{designation['id']}"
    tokens = search.token_items(DESIGNATION_SEARCH_SCOPE, owner, designation["id"], designation["name"], payload)
    return item, guard, tokens


def save_designation(designation: dict[str, Any], current: db.Item | None) -> db.Item:
    """Create (`current` None) or replace a designation in one transaction: the item (`DESIGNATION`), its
    name guard (`NAME` when another designation has the name; the old name's guard freed on a rename) and
    its search tokens. Returns the item as written."""
    version = int((current or {}).get("version") or 0)
    item, guard, tokens = designation_items(designation)
    item = {**item, "version": version + 1}
    me = {":me": designation["id"]}
    if current is None:
        ops = [db.put_op(item, condition="attribute_not_exists(PK)", name=DESIGNATION)]
    else:
        condition, names, values = _version_condition(version)
        ops = [db.put_op(item, condition=condition, names=names, values=values, name=DESIGNATION)]
        ops += _dropped_tokens(f"DESIGNATION#{designation['id']}", str(current["name"]), tokens)
        if keys.designation_name_key(str(current["name"])) != (guard["PK"], guard["SK"]):
            ops.append(db.delete_op(*keys.designation_name_key(str(current["name"])),
                                    condition="attribute_not_exists(PK) OR designationId = :me", values=me))
    ops.append(db.put_op(guard, condition="attribute_not_exists(PK) OR designationId = :me", values=me, name=NAME))
    ops += [db.put_op(token) for token in tokens]
    commit(ops)
    refcache.forget("designation", designation["id"])
    return item
