"""Who may act on an org's competency data (the competency hub's services share these rules)."""

from __future__ import annotations

from typing import Any

from functions.competency import repository
from karmayogi.platform.errors import forbidden, not_found
from karmayogi.platform.identity import Caller
from karmayogi.platform.roles import MDO_ADMIN, MDO_LEADER


def require_org_admin(caller: Caller, org_id: str) -> None:
    """MDO_ADMIN of `org_id`, or SPV_ADMIN; then the org must exist."""
    caller.require_org_role(org_id, MDO_ADMIN)
    if repository.get_org(org_id) is None:
        raise not_found("The organisation")


def require_org_reader(caller: Caller, org_id: str) -> None:
    """MDO_ADMIN or MDO_LEADER of `org_id` (the leader reads the org's gaps and plans), or SPV_ADMIN;
    then the org must exist."""
    caller.require_org_role(org_id, MDO_ADMIN, MDO_LEADER)
    if repository.get_org(org_id) is None:
        raise not_found("The organisation")


def require_org_member(caller: Caller, org_id: str) -> None:
    """An officer of `org_id` (any role), or SPV_ADMIN."""
    if not caller.is_spv_admin and caller.org_id != org_id:
        raise forbidden("You can see only your own organisation's mappings")
    if repository.get_org(org_id) is None:
        raise not_found("The organisation")


def visible_to_org(competency: dict[str, Any], org_id: str) -> bool:
    """Platform competencies serve every org; an org's own domain competencies serve only that org."""
    owner = competency.get("ownerOrgId")
    return owner is None or owner == org_id
