"""The managed directory (issue 18 item 4): SPV admins add and edit organisations and designations.

An org's email domains decide who joins it at once (functions/auth/contacts.membership_for), so each domain
has one owner (an `ORGDOMAIN#<domain>` item written in the org's transaction), and the shared government
domains themselves (contacts.ALLOWED_EMAIL_DOMAINS: gov.in, nic.in) are nobody's. A parent must exist and
an org may not end up above itself. Other containers see a change within the reference cache's TTL
(karmayogi.domain.refcache); this one forgets its entry at once."""

from __future__ import annotations

from typing import Any

from functions.auth import contacts, repository_directory
from functions.auth.directory_models import DesignationCreate, DesignationUpdate, OrgCreate, OrgUpdate
from functions.auth.models import Designation, Org
from karmayogi.platform import db, keys
from karmayogi.platform.errors import AppError, bad_request, conflict, not_found, stale_version
from karmayogi.platform.identity import Caller
from karmayogi.platform.observability import logger
from karmayogi.platform.roles import SPV_ADMIN

MAX_DEPTH = 8  # ministry > department > division …: a deeper chain is refused as if it were a cycle


def _spv(caller: Caller) -> None:
    caller.require_role(SPV_ADMIN)


def _shared_refused(domains: list[str]) -> None:
    shared = [d for d in domains if contacts.is_shared_domain(d)]
    if shared:
        raise bad_request("SHARED_DOMAIN", "gov.in and nic.in are shared by every organisation: list the "
                          "organisation's own subdomain instead", [{"field": "emailDomains", "domains": shared}])


def _domain_taken(domains: list[str]) -> AppError:
    return conflict("DOMAIN_TAKEN", "Another organisation owns this email domain",
                    [{"field": "emailDomains", "domains": domains}])


def _check_domains_free(org_id: str, added: list[str]) -> None:
    owners = repository_directory.domain_owners(added)
    taken = [d for d in added if owners.get(d, org_id) != org_id]
    if taken:
        raise _domain_taken(taken)


def _unknown_parent() -> AppError:
    return bad_request("UNKNOWN_PARENT", "There is no such parent organisation", [{"field": "parentId"}])


def _check_parent(org_id: str, parent_id: str | None) -> None:
    """The parent exists, and following parents up from it never reaches the org itself."""
    seen: set[str] = set()
    current = parent_id
    while current:
        if current == org_id or current in seen or len(seen) >= MAX_DEPTH:
            raise bad_request("PARENT_CYCLE", "The organisation would end up inside itself",
                              [{"field": "parentId"}])
        seen.add(current)
        parent = repository_directory.get_org(current)
        if parent is None:
            if current == parent_id:
                raise _unknown_parent()
            break
        current = parent.get("parentId")


def _refused(failed: db.ConditionFailed) -> AppError:
    if failed.reason.startswith(repository_directory.DOMAIN_PREFIX):
        return _domain_taken([failed.reason.removeprefix(repository_directory.DOMAIN_PREFIX)])
    if failed.reason == repository_directory.PARENT:
        return _unknown_parent()
    if failed.reason == repository_directory.NAME:
        return _designation_exists()
    return stale_version()


def _org_out(item: db.Item) -> Org:
    return Org.model_validate(item)


def create_org(caller: Caller, body: OrgCreate) -> Org:
    _spv(caller)
    _shared_refused(body.email_domains)
    org: dict[str, Any] = {"id": keys.new_id(), "name": body.name, "nameHi": body.name_hi, "type": body.type,
                           "parentId": body.parent_id, "emailDomains": body.email_domains}
    _check_parent(org["id"], body.parent_id)
    _check_domains_free(org["id"], body.email_domains)
    try:
        item = repository_directory.save_org(org, None, body.email_domains, [])
    except db.ConditionFailed as failed:
        raise _refused(failed) from failed
    logger.info("org created", extra={"orgId": org["id"], "by": caller.user_id})
    return _org_out(item)


def update_org(caller: Caller, org_id: str, body: OrgUpdate) -> Org:
    _spv(caller)
    current = repository_directory.get_org(org_id)
    if current is None:
        raise not_found("The organisation")
    version = int(current.get("version") or 0)
    if body.version is not None and body.version != version:
        raise stale_version()
    given = body.model_fields_set
    org: dict[str, Any] = {
        "id": org_id,
        "name": body.name if body.name is not None else current["name"],
        "nameHi": body.name_hi if "name_hi" in given else current.get("nameHi"),
        "type": body.type or current["type"],
        "parentId": body.parent_id if "parent_id" in given else current.get("parentId"),
        "emailDomains": body.email_domains if body.email_domains is not None else list(current["emailDomains"]),
    }
    old_domains = [d.lower() for d in current["emailDomains"]]
    added = [d for d in org["emailDomains"] if d not in old_domains]
    removed = [d for d in old_domains if d not in org["emailDomains"]]
    _shared_refused(added)
    if org["parentId"] != current.get("parentId"):
        _check_parent(org_id, org["parentId"])
    _check_domains_free(org_id, added)
    try:
        item = repository_directory.save_org(org, current, added, removed)
    except db.ConditionFailed as failed:
        raise _refused(failed) from failed
    logger.info("org updated", extra={"orgId": org_id, "by": caller.user_id})
    return _org_out(item)


# ---- designations ---------------------------------------------------------------------------------------

def _designation_exists() -> AppError:
    return conflict("DESIGNATION_EXISTS", "A designation with this name exists already", [{"field": "name"}])


def _designation_out(item: db.Item) -> Designation:
    return Designation.model_validate(item)


def create_designation(caller: Caller, body: DesignationCreate) -> Designation:
    _spv(caller)
    designation = {"id": keys.new_id(), "name": body.name, "nameHi": body.name_hi}
    try:
        item = repository_directory.save_designation(designation, None)
    except db.ConditionFailed as failed:
        raise _refused(failed) from failed
    logger.info("designation created", extra={"designationId": designation["id"], "by": caller.user_id})
    return _designation_out(item)


def update_designation(caller: Caller, designation_id: str, body: DesignationUpdate) -> Designation:
    _spv(caller)
    current = repository_directory.get_designation(designation_id)
    if current is None:
        raise not_found("The designation", code="UNKNOWN_DESIGNATION")
    if body.version is not None and body.version != int(current.get("version") or 0):
        raise stale_version()
    designation = {"id": designation_id, "name": body.name if body.name is not None else current["name"],
                   "nameHi": body.name_hi if "name_hi" in body.model_fields_set else current.get("nameHi")}
    try:
        item = repository_directory.save_designation(designation, current)
    except db.ConditionFailed as failed:
        raise _refused(failed) from failed
    logger.info("designation updated", extra={"designationId": designation_id, "by": caller.user_id})
    return _designation_out(item)
