"""Org membership you can trust (API.md v2 "Registration"): registration links that join an org without
approval, and the members that wait for an MDO admin of the org (an email on a shared government domain).

A pending member's profile names no org (`profiles.UNAFFILIATED`; the org asked for is `pendingOrgId`), so
every org-scoped rule in every hub denies them by default; approval moves them into the org in one
transaction (profile, people index, passbook counts, notice), then names the org in their Cognito user so
their next tokens carry it (until then the hubs read the org from the profile: a token without the claim is
never wrong)."""

from __future__ import annotations

import secrets
from datetime import UTC, timedelta

from functions.auth import cognito, repository_accounts, repository_designations, repository_membership
from functions.auth.errors import changed_meanwhile
from functions.auth.membership_models import (
    MAX_LINK_DAYS,
    MembershipDecision,
    PendingMember,
    RegistrationLink,
    RegistrationLinkInfo,
    RegistrationLinkRequest,
)
from karmayogi.domain import notifications, passbook, profiles, push, refcache
from karmayogi.platform import clock, db, keys
from karmayogi.platform.errors import AppError, bad_request, conflict, not_found, unavailable
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.observability import logger
from karmayogi.platform.roles import MDO_ADMIN, MDO_LEADER

READERS = (MDO_ADMIN, MDO_LEADER)
HOME_LINK = "/"
REGISTER_PATH = "/app/register?link="


# ---- registration links -----------------------------------------------------------------------------------


def link_not_found() -> AppError:
    return not_found("The registration link", code="LINK_NOT_FOUND")


def _usable(link: db.Item) -> bool:
    return (not link.get("revoked") and int(link["uses"]) < int(link["maxUses"])
            and int(link["linkExpiresEpoch"]) > clock.epoch_seconds())


def link_refusal(link: db.Item | None, org_id: str) -> AppError | None:
    """Why a registration cannot use the link for `org_id`, or None when it can."""
    if link is None or link.get("orgId") != org_id:
        return link_not_found()
    if link.get("revoked"):
        return conflict("LINK_REVOKED", "This registration link was withdrawn by its organisation")
    if int(link["linkExpiresEpoch"]) <= clock.epoch_seconds():
        return conflict("LINK_EXPIRED", "This registration link has expired; ask your organisation for a new one")
    if int(link["uses"]) >= int(link["maxUses"]):
        return conflict("LINK_USED_UP", "This registration link has been used as often as it may be")
    return None


def _link_view(link: db.Item) -> RegistrationLink:
    return RegistrationLink(
        link_id=link["linkId"], url=f"{REGISTER_PATH}{link['linkId']}", org_id=link["orgId"],
        expires_at=link["linkExpiresAt"], max_uses=int(link["maxUses"]), uses=int(link["uses"]),
        revoked=bool(link.get("revoked")), created_at=link["createdAt"], created_by=link["createdBy"],
        usable=_usable(link))


def _existing_org(org_id: str) -> db.Item:
    org = refcache.org(org_id)
    if org is None:
        raise not_found("The organisation", code="ORG_NOT_FOUND")
    return org


def create_link(caller: Caller, org_id: str, request: RegistrationLinkRequest) -> RegistrationLink:
    """A link an MDO admin of the org hands to its officers: it joins the org without approval, until it
    expires, is used `maxUses` times or is revoked. Its id is 128 random bits: it cannot be guessed."""
    caller.require_org_role(org_id, MDO_ADMIN)
    _existing_org(org_id)
    expires = request.expires_at.astimezone(UTC)
    now = clock.now()
    if expires <= now:
        raise bad_request("INVALID_EXPIRY", "The link must expire in the future",
                          [{"field": "expiresAt", "message": "must be in the future"}])
    if expires > now + timedelta(days=MAX_LINK_DAYS):
        raise bad_request("INVALID_EXPIRY", f"A link may work for at most {MAX_LINK_DAYS} days",
                          [{"field": "expiresAt", "message": f"must be within {MAX_LINK_DAYS} days"}])
    item = repository_membership.link_item(
        link_id=secrets.token_hex(16), org_id=org_id, created_by=caller.user_id,
        expires_at=clock.to_iso(expires), expires_epoch=int(expires.timestamp()), max_uses=request.max_uses)
    repository_membership.create_link(item)
    logger.info("registration link created", extra={"orgId": org_id, "linkId": item["linkId"], "by": caller.user_id})
    return _link_view(item)


def list_links(caller: Caller, org_id: str, limit: int, cursor: str | None) -> PageOf[RegistrationLink]:
    caller.require_org_role(org_id, *READERS)
    page = repository_membership.list_links(org_id, limit, cursor)
    return PageOf[RegistrationLink](items=[_link_view(i) for i in page.items], next_cursor=page.next_cursor)


def revoke_link(caller: Caller, org_id: str, link_id: str) -> None:
    """The link stops working at once (an account being opened with it is refused). Revoking twice is fine."""
    caller.require_org_role(org_id, MDO_ADMIN)
    try:
        repository_membership.revoke_link(link_id, org_id)
    except db.ConditionFailed as failed:
        raise link_not_found() from failed
    logger.info("registration link revoked", extra={"orgId": org_id, "linkId": link_id, "by": caller.user_id})


def link_info(link_id: str) -> RegistrationLinkInfo:
    """What the registration page shows whoever holds the link (public): the org it joins."""
    link = repository_membership.get_link(link_id)
    if link is None:
        raise link_not_found()
    org = refcache.org(str(link["orgId"])) or {}
    return RegistrationLinkInfo(link_id=link_id, org_id=link["orgId"], org_name=str(org.get("name") or link["orgId"]),
                                org_name_hi=org.get("nameHi"), expires_at=link["linkExpiresAt"], usable=_usable(link))


# ---- pending members ----------------------------------------------------------------------------------------


def _pending_view(item: db.Item) -> PendingMember:
    return PendingMember(user_id=item["userId"], employee_id=item["employeeId"], name=item["name"],
                         email=item["email"], mobile=item["mobile"], designation_id=item["designationId"],
                         designation=item["designation"], requested_at=item["createdAt"])


def list_members(caller: Caller, org_id: str, status: str, limit: int, cursor: str | None) -> PageOf[PendingMember]:
    """The accounts waiting to join the org (`pending`), or those it refused (`rejected`), by name."""
    caller.require_org_role(org_id, *READERS)
    page = repository_membership.list_members(org_id, status, limit, cursor)
    return PageOf[PendingMember](items=[_pending_view(i) for i in page.items if i.get("entityType") == "UserProfile"],
                                 next_cursor=page.next_cursor)


def member_not_pending() -> AppError:
    """Also the answer for an account pending with another org: nothing about it is told."""
    return not_found("A member waiting to join this organisation", code="MEMBER_NOT_PENDING")


def _decision_state(caller: Caller, org_id: str, user_id: str) -> tuple[db.Item, db.Item | None]:
    caller.require_org_role(org_id, MDO_ADMIN)
    profile, summary = repository_designations.decision_state(user_id)
    if profile is None or profile.get("membership") != profiles.PENDING or profile.get("pendingOrgId") != org_id:
        raise member_not_pending()
    return profile, summary


def org_name(org_id: str, language: str) -> str:
    """The org's name as a message to the officer shows it (Hindi when the org has one and the officer reads Hindi)."""
    org = refcache.org(org_id) or {}
    return str((org.get("nameHi") if language == "hi" else None) or org.get("name") or org_id)


def approve(caller: Caller, org_id: str, user_id: str) -> MembershipDecision:
    """The member joins the org: profile, people index, the passbook's counts and the notice in one
    transaction (read again when the passbook changed meanwhile), then the org in their Cognito user."""
    for _ in range(passbook.MAX_SYNC_ATTEMPTS):
        profile, summary = _decision_state(caller, org_id, user_id)
        language = profile.get("language") or "en"
        changes = {"orgId": org_id, "membership": profiles.ACTIVE, "GSI1PK": keys.org_users_gsi(org_id),
                   "updatedAt": clock.now_iso()}
        existing = passbook.entries_of(user_id, consistent=True) if summary is None else None
        counted = passbook.designation_changed_ops(user_id, summary, passbook.membership_of({**profile, **changes}),
                                                   existing=existing)
        params = {"org": org_name(org_id, language)}
        notice = notifications.in_app_ops(user_id, "MEMBERSHIP_APPROVED", params, link=HOME_LINK)
        try:
            repository_membership.decide_membership(profile, changes, counted_ops=counted, notice_ops=notice)
        except db.ConditionFailed as failed:
            if failed.reason == repository_accounts.SUMMARY:
                continue
            raise member_not_pending() if failed.reason == repository_accounts.PROFILE else changed_meanwhile() \
                from failed
        cognito.set_member_org(user_id, org_id)
        logger.info("membership approved", extra={"orgId": org_id, "userId": user_id, "by": caller.user_id})
        push.push_to_user(user_id, "MEMBERSHIP_APPROVED", params, HOME_LINK, language,
                          deadline=push.request_path_deadline())
        return MembershipDecision(user_id=user_id, org_id=org_id, membership=profiles.ACTIVE)
    raise unavailable("The passbook is busy; retry shortly", retry_after=1)


def reject(caller: Caller, org_id: str, user_id: str, reason: str | None) -> MembershipDecision:
    """The account stays, in no org (it can still take the courses open to everyone), and leaves the org's
    pending list; the officer is told, with the reason."""
    profile, _ = _decision_state(caller, org_id, user_id)
    language = profile.get("language") or "en"
    params = {"org": org_name(org_id, language), "reason": reason or ""}
    notice = notifications.in_app_ops(user_id, "MEMBERSHIP_REJECTED", params, link=HOME_LINK)
    changes = {"membership": profiles.REJECTED, "rejectedOrgId": org_id, "updatedAt": clock.now_iso(),
               "GSI1PK": keys.org_rejected_members_gsi(org_id)}
    try:
        repository_membership.decide_membership(profile, changes, notice_ops=notice)
    except db.ConditionFailed as failed:
        raise member_not_pending() if failed.reason == repository_accounts.PROFILE else changed_meanwhile() \
            from failed
    logger.info("membership rejected", extra={"orgId": org_id, "userId": user_id, "by": caller.user_id})
    push.push_to_user(user_id, "MEMBERSHIP_REJECTED", params, HOME_LINK, language,
                      deadline=push.request_path_deadline())
    return MembershipDecision(user_id=user_id, org_id=org_id, membership=profiles.REJECTED)
