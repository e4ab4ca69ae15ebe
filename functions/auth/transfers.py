"""An officer moves to another ministry (issue: onboarding at national scale, "account lifecycle"): an MDO
admin of the officer's org asks for the transfer, an MDO admin of the org they move to accepts it (or refuses;
the first admin may cancel it meanwhile). On acceptance the officer's profile, people-index items and passbook
counts move to the new org in one transaction; the passbook, karma, enrolments and certificates stay theirs
(they are the user's items, not the org's); the roles held in the old org are removed; the tokens already out
stop working within 60 s, and the next ones name the new org.

The Cognito changes (the groups of the old org's roles, the member org) come first and are undone if the
table's transaction fails: a token must never carry an old org's admin role into the new org."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from functions.auth import (
    cognito,
    membership,
    repository,
    repository_accounts,
    repository_designations,
    repository_sessions,
)
from functions.auth import repository_transfers as store
from functions.auth.errors import changed_meanwhile
from functions.auth.membership_models import Transfer, TransferRequest
from karmayogi.domain import notifications, passbook, profiles, push, refcache
from karmayogi.platform import clock, db, keys, revocation
from karmayogi.platform.errors import AppError, bad_request, conflict, forbidden, not_found, unavailable
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.observability import logger
from karmayogi.platform.roles import MDO_ADMIN, MDO_LEADER, PUBLIC, SPV_ADMIN

READERS = (MDO_ADMIN, MDO_LEADER)
# Roles that are the platform's, not an org's: they survive a move.
PLATFORM_ROLES = frozenset({PUBLIC, SPV_ADMIN})
PROFILE_LINK = "/me"


def _view(item: db.Item) -> Transfer:
    return Transfer.model_validate(item)


def transfer_not_found() -> AppError:
    return not_found("The transfer", code="TRANSFER_NOT_FOUND")


def request(caller: Caller, user_id: str, body: TransferRequest) -> Transfer:
    """Asked for by an MDO admin of the officer's org (or an SPV admin): one pending move per officer."""
    if not (caller.is_spv_admin or caller.has_role(MDO_ADMIN)):
        raise forbidden(f"This needs the role {MDO_ADMIN}")
    profile = repository.get_profile(user_id, consistent=True)
    if profile is None:
        raise not_found("The user")
    from_org = str(profile["orgId"])
    if not caller.is_spv_admin and caller.org_id != from_org:
        raise forbidden("You can act only within your own organisation")
    if not profiles.is_member(profile):
        raise conflict("NOT_A_MEMBER", "This account belongs to no organisation yet: approve it instead")
    if body.to_org_id == from_org:
        raise bad_request("SAME_ORG", "The officer is in that organisation already",
                          [{"field": "toOrgId", "message": "is the officer's organisation"}])
    if refcache.org(body.to_org_id) is None or body.to_org_id == profiles.UNAFFILIATED:
        raise bad_request("UNKNOWN_ORG", "There is no such organisation",
                          [{"field": "toOrgId", "message": "is not an organisation"}])
    if profile.get("pendingDesignation"):
        raise conflict("DESIGNATION_REQUEST_PENDING",
                       "Decide the officer's designation request first; the move would leave it with no administrator")
    item = {"transferId": uuid.uuid4().hex, "userId": user_id, "name": profile["name"],
            "employeeId": profile["employeeId"], "designation": profile["designation"], "fromOrgId": from_org,
            "toOrgId": body.to_org_id, "requestedBy": caller.user_id, "requestedAt": clock.now_iso()}
    try:
        store.request_transfer(item, profile)
    except db.ConditionFailed as failed:
        if failed.reason == repository_accounts.PROFILE:
            raise conflict("TRANSFER_PENDING", "The officer has a transfer waiting already, or the profile changed; "
                                               "reload and retry") from failed
        raise changed_meanwhile() from failed
    logger.info("transfer requested", extra={"transferId": item["transferId"], "userId": user_id,
                                             "to": body.to_org_id, "by": caller.user_id})
    return _view({**item, "status": store.PENDING})


def list_transfers(caller: Caller, org_id: str, direction: str, status: str, limit: int, cursor: str | None
                   ) -> PageOf[Transfer]:
    caller.require_org_role(org_id, *READERS)
    page = store.list_transfers(org_id, direction, status.upper(), limit, cursor)
    return PageOf[Transfer](items=[_view(i) for i in page.items if i.get("entityType") == "Transfer"],
                            next_cursor=page.next_cursor)


def _pending(caller: Caller, org_id: str, transfer_id: str, side: str) -> db.Item:
    """The pending transfer `transfer_id` of `org_id` on `side` (toOrgId: the org receiving, fromOrgId: the org
    leaving), for its MDO admins (SPV admins too)."""
    caller.require_org_role(org_id, MDO_ADMIN)
    transfer = store.get_transfer(transfer_id)
    if transfer is None or transfer.get(side) != org_id:
        raise transfer_not_found()
    if transfer["status"] != store.PENDING:
        raise conflict("TRANSFER_DECIDED", f"The transfer is {transfer['status'].lower()} already")
    return transfer


def _marked_profile(transfer: db.Item) -> tuple[db.Item, db.Item | None]:
    profile, summary = repository_designations.decision_state(str(transfer["userId"]))
    if profile is None or profile.get("pendingTransferId") != transfer["transferId"]:
        raise changed_meanwhile("The officer's account changed meanwhile")
    return profile, summary


def accept(caller: Caller, org_id: str, transfer_id: str) -> Transfer:
    for _ in range(passbook.MAX_SYNC_ATTEMPTS):
        transfer = _pending(caller, org_id, transfer_id, "toOrgId")
        profile, summary = _marked_profile(transfer)
        user_id, language = str(transfer["userId"]), profile.get("language") or "en"
        kept_roles = sorted(PLATFORM_ROLES.intersection(profile["roles"]) | {PUBLIC})
        dropped_roles = sorted(set(profile["roles"]) - set(kept_roles))
        now = clock.now_iso()
        changes = {"orgId": org_id, "GSI1PK": keys.org_users_gsi(org_id), "roles": kept_roles, "updatedAt": now}
        existing = passbook.entries_of(user_id, consistent=True) if summary is None else None
        counted = passbook.designation_changed_ops(user_id, summary, passbook.membership_of({**profile, **changes}),
                                                   existing=existing)
        params = {"org": membership.org_name(org_id, language)}
        revoke, not_before = repository_sessions.revoke_tokens_op(user_id)
        notice = notifications.in_app_ops(user_id, "TRANSFER_ACCEPTED", params, link=PROFILE_LINK)
        decision = {"decidedBy": caller.user_id, "decidedAt": now}
        try:
            _move(transfer, profile, changes, dropped_roles, decision, counted, [revoke, *notice])
        except _Retry:
            continue
        revocation.remember(user_id, not_before)
        logger.info("transfer accepted", extra={"transferId": transfer_id, "userId": user_id, "by": caller.user_id})
        push.push_to_user(user_id, "TRANSFER_ACCEPTED", params, PROFILE_LINK, language,
                          deadline=push.request_path_deadline())
        return _view({**transfer, **decision, "status": store.ACCEPTED})
    raise unavailable("The passbook is busy; retry shortly", retry_after=1)


class _Retry(Exception):
    """The passbook changed between the read and the write: read again."""


def _restore_group(user_id: str, role: str) -> Callable[[], None]:
    return lambda: cognito.add_to_group(user_id, role)


def _move(transfer: db.Item, profile: db.Item, changes: dict[str, Any], dropped_roles: list[str],
          decision: dict[str, str], counted: list[db.Item], extra_ops: list[db.Item]) -> None:
    """Cognito first (the old org's role groups out, the new member org in), then the table's transaction;
    the Cognito changes are undone if the transaction fails."""
    user_id = str(transfer["userId"])
    with ExitStack() as undo:
        for role in dropped_roles:
            cognito.remove_from_group(user_id, role)
            undo.enter_context(cognito.undone_on_failure("restore group", _restore_group(user_id, role), user_id))
        cognito.set_member_org(user_id, str(transfer["toOrgId"]))
        undo.enter_context(cognito.undone_on_failure(
            "restore member org", lambda: cognito.set_member_org(user_id, str(transfer["fromOrgId"])), user_id))
        try:
            store.close(transfer, profile, store.ACCEPTED, decision, profile_changes=changes,
                        counted_ops=counted, extra_ops=extra_ops)
        except db.ConditionFailed as failed:
            if failed.reason == repository_accounts.SUMMARY:
                raise _Retry from failed
            raise _refused(failed) from failed


def _refused(failed: db.ConditionFailed) -> AppError:
    if failed.reason == store.TRANSFER:
        return conflict("TRANSFER_DECIDED", "The transfer was decided meanwhile")
    return changed_meanwhile("The officer's account changed meanwhile; retry")


def _close_unmoved(caller: Caller, org_id: str, transfer_id: str, side: str, status: str,
                   reason: str | None) -> Transfer:
    transfer = _pending(caller, org_id, transfer_id, side)
    profile, _ = _marked_profile(transfer)
    decision = {"decidedBy": caller.user_id, "decidedAt": clock.now_iso(), **({"reason": reason} if reason else {})}
    try:
        store.close(transfer, profile, status, decision)
    except db.ConditionFailed as failed:
        raise _refused(failed) from failed
    logger.info("transfer closed", extra={"transferId": transfer_id, "status": status, "by": caller.user_id})
    return _view({**transfer, **decision, "status": status})


def reject(caller: Caller, org_id: str, transfer_id: str, reason: str | None) -> Transfer:
    """The receiving org refuses: the officer stays where they are."""
    return _close_unmoved(caller, org_id, transfer_id, "toOrgId", store.REJECTED, reason)


def cancel(caller: Caller, org_id: str, transfer_id: str) -> Transfer:
    """The org that asked withdraws the request."""
    return _close_unmoved(caller, org_id, transfer_id, "fromOrgId", store.CANCELLED, None)
