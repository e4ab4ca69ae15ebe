"""Designation changes: a learner cannot promote themself. PATCH /me with a new designation makes a
request (the profile shows it as `pendingDesignation`); an MDO admin of the learner's org approves or
rejects it. Only the approval changes the designation, and with it, in the same transaction, the people
index and the passbook's counts (the officer moves from the old designation's gap counters to the new
one's); the officer gets an in-app notice of either decision in that transaction too."""

from __future__ import annotations

from typing import Any, Final

from functions.auth import repository_accounts, repository_designations
from functions.auth.errors import changed_meanwhile, unknown_designation
from functions.auth.models import DesignationRequest, DesignationRequestStatus
from karmayogi.domain import notifications, passbook, push
from karmayogi.platform import clock, db, keys
from karmayogi.platform.errors import AppError, conflict, forbidden, not_found, unavailable
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.observability import logger
from karmayogi.platform.roles import MDO_ADMIN

UNCHANGED: Final = object()
PROFILE_LINK = "/profile"


def asked_for(profile: db.Item, designation_id: str | None, designation: db.Item | None) -> Any:
    """What a PATCH /me's `designationId` asks: UNCHANGED (nothing, or the request pending already), a
    designation item (a new request), or None (the current designation: withdraw the pending request)."""
    pending = profile.get("pendingDesignation")
    if designation_id is None:
        return UNCHANGED
    if designation_id == profile.get("designationId"):
        return None if pending else UNCHANGED
    if designation is None:
        raise unknown_designation()
    if pending and pending["designationId"] == designation_id:
        return UNCHANGED
    return designation


def request_change(profile: db.Item, designation: db.Item | None) -> tuple[dict[str, Any] | None, list[db.Item]]:
    """The profile's new `pendingDesignation` (None: withdrawn) and the operations that record it."""
    pending = None
    if designation is not None:
        pending = repository_designations.pending_of(profile, keys.new_id(), designation, clock.now_iso())
    return pending, repository_designations.request_ops(profile, pending)


def _model(item: db.Item) -> DesignationRequest:
    return DesignationRequest.model_validate(item)


def list_requests(caller: Caller, org_id: str, status: DesignationRequestStatus, limit: int,
                  cursor: str | None) -> PageOf[DesignationRequest]:
    caller.require_org_role(org_id, MDO_ADMIN)
    page = repository_designations.list_requests(org_id, status.upper(), limit, cursor)
    return PageOf[DesignationRequest](items=[_model(i) for i in page.items], next_cursor=page.next_cursor)


def _decidable(caller: Caller, org_id: str, request_id: str) -> db.Item:
    caller.require_org_role(org_id, MDO_ADMIN)
    request = repository_designations.get_request(request_id)
    if request is None or request["orgId"] != org_id:
        raise not_found("The designation request", code="REQUEST_NOT_FOUND")
    if request["userId"] == caller.user_id:
        raise forbidden("Another administrator decides your own designation", code="OWN_REQUEST")
    if request["status"] != repository_designations.PENDING:
        raise not_pending()
    return request


def not_pending() -> AppError:
    return conflict("REQUEST_NOT_PENDING", "The request was decided or withdrawn already")


def _refused(failed: db.ConditionFailed) -> AppError:
    if failed.reason in (repository_designations.REQUEST, repository_accounts.PROFILE):
        return not_pending()
    return changed_meanwhile()


def approve(caller: Caller, org_id: str, request_id: str) -> DesignationRequest:
    """The designation changes: the profile, its people-index items, the passbook's counts (read again
    when the passbook changed meanwhile) and the officer's notice, in one transaction."""
    for _ in range(passbook.MAX_SYNC_ATTEMPTS):
        request = _decidable(caller, org_id, request_id)
        user_id = str(request["userId"])
        profile, summary = repository_designations.decision_state(user_id)
        if profile is None:
            raise not_pending()
        changes = {"designationId": request["designationId"], "designation": request["designation"],
                   "updatedAt": clock.now_iso()}
        existing = passbook.entries_of(user_id, consistent=True) if summary is None else None
        counted = passbook.designation_changed_ops(user_id, summary, passbook.membership_of({**profile, **changes}),
                                                   existing=existing)
        notice = notifications.in_app_ops(user_id, "DESIGNATION_APPROVED", {"designation": request["designation"]},
                                          link=PROFILE_LINK)
        try:
            decided, _ = repository_designations.decide(
                request, profile, repository_designations.APPROVED,
                {"decidedBy": caller.user_id, "decidedAt": changes["updatedAt"]}, changes,
                counted_ops=counted, notice_ops=notice)
        except db.ConditionFailed as failed:
            if failed.reason == repository_accounts.SUMMARY:
                continue
            raise _refused(failed) from failed
        logger.info("designation approved", extra={"requestId": request_id, "userId": user_id, "by": caller.user_id})
        push.push_to_user(user_id, "DESIGNATION_APPROVED", {"designation": request["designation"]}, PROFILE_LINK,
                          profile.get("language") or "en", deadline=push.request_path_deadline())
        return _model(decided)
    raise unavailable("The passbook is busy; retry shortly", retry_after=1)


def reject(caller: Caller, org_id: str, request_id: str, reason: str | None) -> DesignationRequest:
    """The request closes, the profile stops showing it, the officer is told (with the reason)."""
    request = _decidable(caller, org_id, request_id)
    profile, _ = repository_designations.decision_state(str(request["userId"]))
    if profile is None:
        raise not_pending()
    decision: dict[str, Any] = {"decidedBy": caller.user_id, "decidedAt": clock.now_iso()}
    if reason:
        decision["reason"] = reason
    notice = notifications.in_app_ops(str(request["userId"]), "DESIGNATION_REJECTED",
                                      {"designation": request["designation"], "reason": reason or ""},
                                      link=PROFILE_LINK)
    try:
        decided, _ = repository_designations.decide(request, profile, repository_designations.REJECTED, decision,
                                                    {"updatedAt": decision["decidedAt"]}, notice_ops=notice)
    except db.ConditionFailed as failed:
        raise _refused(failed) from failed
    logger.info("designation rejected", extra={"requestId": request_id, "by": caller.user_id})
    push.push_to_user(str(request["userId"]), "DESIGNATION_REJECTED",
                      {"designation": request["designation"], "reason": reason or ""}, PROFILE_LINK,
                      profile.get("language") or "en", deadline=push.request_path_deadline())
    return _model(decided)
