"""Org administration: an org's users for its administrators, and granting and removing roles (the
Cognito group first, then the profile; the group change is undone if the profile write fails)."""

from __future__ import annotations

from functions.auth import cognito, repository, repository_accounts, repository_sessions
from functions.auth.errors import changed_meanwhile
from functions.auth.models import OrgUser, UserRoles
from karmayogi.platform import clock, db, keys, revocation
from karmayogi.platform.errors import AppError, forbidden, not_found, stale_version
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.observability import logger
from karmayogi.platform.roles import (
    ALL_ROLES,
    GRANTABLE_BY_MDO_ADMIN,
    GRANTABLE_BY_MDO_LEADER,
    MDO_ADMIN,
    MDO_LEADER,
    PUBLIC,
    SPV_ADMIN,
)

ADMIN_ROLES = (MDO_ADMIN, MDO_LEADER)


def list_org_users(caller: Caller, org_id: str, limit: int, cursor: str | None,
                   q: str | None = None) -> PageOf[OrgUser]:
    """An org's users, by name (those whose name starts with `q` when given), for its MDO admins and
    leaders (and SPV admins). Contact details are included: administrators manage these accounts and need
    to reach the people."""
    caller.require_org_role(org_id, *ADMIN_ROLES)
    page = repository_accounts.list_org_users(org_id, limit, cursor, keys.normalize(q or ""))
    return PageOf[OrgUser](
        items=[OrgUser.model_validate(i) for i in page.items if i.get("entityType") == "UserProfile"],
        next_cursor=page.next_cursor,
    )


def _grantable_roles(caller: Caller, target_org: str) -> frozenset[str]:
    if caller.is_spv_admin:
        return frozenset(ALL_ROLES) - {PUBLIC}
    if caller.org_id != target_org:
        raise forbidden("You can act only within your own organisation")
    if caller.has_role(MDO_LEADER):
        return GRANTABLE_BY_MDO_LEADER
    return GRANTABLE_BY_MDO_ADMIN


def _role_target(caller: Caller, user_id: str, role: str) -> db.Item:
    if not (caller.is_spv_admin or caller.has_role(*ADMIN_ROLES)):
        raise forbidden(f"This needs one of the roles: {', '.join(ADMIN_ROLES)}")
    target = repository.get_profile(user_id, consistent=True)
    if target is None:
        raise not_found("The user")
    if role not in _grantable_roles(caller, str(target["orgId"])):
        raise forbidden(f"You may not grant or remove {role}", code="ROLE_NOT_GRANTABLE")
    return target


def _refused(failed: db.ConditionFailed) -> AppError:
    return stale_version() if failed.reason == repository_accounts.PROFILE else changed_meanwhile()


def grant_role(caller: Caller, user_id: str, role: str) -> UserRoles:
    target = _role_target(caller, user_id, role)
    current = list(target["roles"])
    if role in current:
        return UserRoles(user_id=user_id, roles=current)
    cognito.add_to_group(user_id, role)
    try:
        with cognito.undone_on_failure("remove group", lambda: cognito.remove_from_group(user_id, role), user_id):
            updated = repository_accounts.update_profile(
                target, {"roles": sorted({*current, role}), "updatedAt": clock.now_iso()})
    except db.ConditionFailed as failed:
        raise _refused(failed) from failed
    logger.info("role granted", extra={"userId": user_id, "role": role, "by": caller.user_id})
    return UserRoles(user_id=user_id, roles=list(updated["roles"]))


def remove_role(caller: Caller, user_id: str, role: str) -> None:
    target = _role_target(caller, user_id, role)
    current = list(target["roles"])
    if role not in current:
        return
    cognito.remove_from_group(user_id, role)
    try:
        with cognito.undone_on_failure("restore group", lambda: cognito.add_to_group(user_id, role), user_id):
            repository_accounts.update_profile(
                target, {"roles": sorted(set(current) - {role}), "updatedAt": clock.now_iso()})
    except db.ConditionFailed as failed:
        raise _refused(failed) from failed
    # The tokens the user holds still list the role: they stop working everywhere within 60 s, and the
    # next ones (a refresh or a login) come without it.
    repository_sessions.revoke_tokens(user_id)
    logger.info("role removed", extra={"userId": user_id, "role": role, "by": caller.user_id})


# ---- suspension -----------------------------------------------------------------------------------------


def _suspension_target(caller: Caller, user_id: str) -> db.Item:
    """An account of the caller's org, for its MDO admins and leaders (SPV admins: any). Nobody suspends
    themselves, and only an SPV admin touches an SPV admin."""
    if not (caller.is_spv_admin or caller.has_role(*ADMIN_ROLES)):
        raise forbidden(f"This needs one of the roles: {', '.join(ADMIN_ROLES)}")
    target = repository.get_profile(user_id, consistent=True)
    if target is None:
        raise not_found("The user")
    if not caller.is_spv_admin and caller.org_id != str(target["orgId"]):
        raise forbidden("You can act only within your own organisation")
    if user_id == caller.user_id:
        raise forbidden("You cannot suspend or restore your own account", code="OWN_ACCOUNT")
    if SPV_ADMIN in target.get("roles", ()) and not caller.is_spv_admin:
        raise forbidden("Only an SPV admin may suspend an SPV admin")
    return target


def suspend(caller: Caller, user_id: str) -> None:
    """The account stops working: Cognito refuses its password and refresh tokens at once, and the tokens
    already out stop working on every route within 60 s (karmayogi.platform.revocation)."""
    target = _suspension_target(caller, user_id)
    cognito.disable_user(user_id)  # every time: a repeated suspension also mends a drifted Cognito state
    if target.get("suspended"):
        repository_sessions.revoke_tokens(user_id)
    else:
        revoke, not_before = repository_sessions.revoke_tokens_op(user_id)
        try:  # the flag and the tokens' notBefore in one transaction; Cognito undone if it fails
            with cognito.undone_on_failure("enable user", lambda: cognito.enable_user(user_id), user_id):
                repository_accounts.update_profile(target, {"suspended": True, "updatedAt": clock.now_iso()},
                                                   extra_ops=[revoke])
        except db.ConditionFailed as failed:
            raise _refused(failed) from failed
        revocation.remember(user_id, not_before)
    cognito.sign_out_everywhere(user_id)
    logger.info("account suspended", extra={"userId": user_id, "by": caller.user_id})


def restore(caller: Caller, user_id: str) -> None:
    """A suspended account works again (its owner logs in anew: the old tokens stay revoked)."""
    target = _suspension_target(caller, user_id)
    cognito.enable_user(user_id)  # every time, as for a suspension
    if target.get("suspended"):
        try:
            with cognito.undone_on_failure("disable user", lambda: cognito.disable_user(user_id), user_id):
                repository_accounts.update_profile(target, {"suspended": False, "updatedAt": clock.now_iso()})
        except db.ConditionFailed as failed:
            raise _refused(failed) from failed
    logger.info("account restored", extra={"userId": user_id, "by": caller.user_id})
