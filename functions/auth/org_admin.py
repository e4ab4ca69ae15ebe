"""Org administration: an org's users for its administrators, and granting and removing roles (the
Cognito group first, then the profile; the group change is undone if the profile write fails)."""

from __future__ import annotations

from functions.auth import cognito, repository, repository_accounts, repository_sessions
from functions.auth.errors import changed_meanwhile
from functions.auth.models import OrgUser, UserRoles
from karmayogi.platform import clock, db
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
)

ADMIN_ROLES = (MDO_ADMIN, MDO_LEADER)


def list_org_users(caller: Caller, org_id: str, limit: int, cursor: str | None) -> PageOf[OrgUser]:
    """An org's users, by name, for its MDO admins and leaders (and SPV admins). Contact details are
    included: administrators manage these accounts and need to reach the people."""
    caller.require_org_role(org_id, *ADMIN_ROLES)
    page = repository_accounts.list_org_users(org_id, limit, cursor)
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
