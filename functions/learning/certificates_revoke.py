"""Revoking a certificate (issue 20, POST /certificates/{certificateId}/revoke): an SPV_ADMIN, or an MDO_ADMIN of
the certificate's issuing org (its `providerOrgId`, the course's provider or the event's organiser), withdraws it
with a reason. One transaction writes `revokedAt`, `revokedBy` and `revokedReason` (on the condition that it was
not revoked before) and the holder's in-app notice; the email follows the commit, best effort. From then on the
public verification answers `status` "revoked" with the date (never the reason), the credential carries
`validUntil`, and the holder's public profile no longer lists it."""

from __future__ import annotations

from typing import Any

from functions.learning import certificates_service, repository
from functions.learning.certificates_models import VerifiedCertificate
from karmayogi.domain import notifications
from karmayogi.platform import clock, db, keys
from karmayogi.platform.errors import AppError, conflict, forbidden, not_found
from karmayogi.platform.identity import Caller
from karmayogi.platform.observability import logger
from karmayogi.platform.roles import MDO_ADMIN

TEMPLATE = "CERTIFICATE_REVOKED"


def _already_revoked() -> AppError:
    return conflict("ALREADY_REVOKED", "The certificate was revoked before")


def issuer_org_id(certificate: dict[str, Any]) -> str | None:
    """The org that issued the certificate (see certificates_service._issuer_org)."""
    org_id = certificate.get("providerOrgId")
    if not org_id and certificate.get("kind", "course") == "course":
        course = repository.get_course(str(certificate["courseId"])) or {}
        org_id = course.get("providerOrgId") or course.get("orgId")
    return str(org_id) if org_id else None


def _require_revoker(caller: Caller, certificate: dict[str, Any]) -> None:
    if caller.is_spv_admin:
        return
    caller.require_role(MDO_ADMIN)
    if issuer_org_id(certificate) != caller.org_id:
        raise forbidden("Only an admin of the organisation that issued the certificate revokes it", "NOT_ISSUER_ADMIN")


def revoke(caller: Caller, certificate_id: str, reason: str) -> VerifiedCertificate:
    """Revoke a certificate: 404 CERTIFICATE_NOT_FOUND, 403 (not its issuer's admin), 409 ALREADY_REVOKED."""
    certificate = repository.get_certificate(certificate_id)
    if certificate is None:
        raise not_found("The certificate", "CERTIFICATE_NOT_FOUND")
    _require_revoker(caller, certificate)
    if certificate.get("revokedAt"):
        raise _already_revoked()
    at = clock.now_iso()
    holder = str(certificate["userId"])
    params = {"course": certificate.get("courseTitle", ""), "certificateId": certificate_id, "date": at[:10]}
    # Everything the answer and the email need is read before the write: nothing after it can fail the request.
    answer = certificates_service.verified({**certificate, "revokedAt": at})
    profile = db.get(keys.user_pk(holder), keys.PROFILE_SK) or {}
    notice = notifications.in_app_ops(holder, TEMPLATE, params, link=f"/certificates/{certificate_id}")
    try:
        db.transact([repository.revoke_certificate_op(certificate_id, at, caller.user_id, reason), *notice])
    except db.ConditionFailed as error:  # revoked meanwhile
        raise _already_revoked() from error
    logger.info("certificate revoked", extra={"certificateId": certificate_id, "by": caller.user_id})
    _email_holder(holder, profile, params)
    return answer


def _email_holder(user_id: str, profile: dict[str, Any], params: dict[str, Any]) -> None:
    """The holder's email, after the commit (best effort: the in-app notice exists whether or not it goes)."""
    if not profile.get("email"):
        return
    try:
        notifications.send_email(str(profile["email"]), TEMPLATE, str(profile.get("language") or "en"), params)
    except Exception:
        logger.exception("certificate revocation email failed", extra={"userId": user_id})
