"""Registration: the details checked, a code to the email and one to the mobile, both verified, then the
password creates the account (a Cognito user, and the profile with its guards in one transaction)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from functions.auth import (
    cognito,
    contacts,
    invitations,
    membership,
    otp,
    repository,
    repository_accounts,
    repository_codes,
    repository_imports,
    repository_membership,
)
from functions.auth.errors import (
    already_completed,
    already_registered,
    changed_meanwhile,
    email_not_allowed,
    sms_budget_spent,
    unknown_designation,
)
from functions.auth.models import (
    Accepted,
    Channel,
    OtpSentTo,
    RegisterRequest,
    RegisterResponse,
    UserCreated,
    VerificationStatus,
)
from karmayogi.domain import passbook, profiles
from karmayogi.platform import clock, db
from karmayogi.platform.errors import AppError, bad_request, conflict, not_found
from karmayogi.platform.observability import logger
from karmayogi.platform.roles import PUBLIC

REGISTRATION_TTL_SECONDS = 24 * 3600
GUARD_NAMES = frozenset(repository.guard_name(kind) for kind in repository.GUARDED_FIELDS)


def _guards(email: str, mobile: str, employee_id: str) -> list[tuple[str, str]]:
    return [(repository.EMAIL, email), (repository.MOBILE, mobile), (repository.EMPLOYEE, employee_id)]


def register(request: RegisterRequest, language: str) -> RegisterResponse:
    """Start a registration: check the org, the email's domain and the designation, then send a code to
    the email and one to the mobile.

    When the email, the mobile or the employee id belongs to an account already, the answer is the same
    202 with the same body, after the same reads and writes: a decoy registration is stored with codes
    that are never sent and can never match (`otp.prepare(decoy=True)`), and the two addresses get the
    ACCOUNT_EXISTS notice instead of a code, through the same channels. So nothing a stranger sees (status,
    body, error code, work done, messages to addresses they hold) tells whether an account exists. Its
    later steps fail as a wrong code does: verify answers OTP_INVALID and then OTP_LOCKED, resend sends the
    notice again, and the password step answers NOT_VERIFIED."""
    org, designation, taken, link = repository_codes.registration_lookup(
        request.org_id, request.chosen_designation, _guards(request.email, request.mobile, request.employee_id),
        request.link_id,
    )
    if org is None:
        raise bad_request("UNKNOWN_ORG", "There is no such organisation", [{"field": "orgId"}])
    if request.link_id and (refused := membership.link_refusal(link, request.org_id)):
        raise refused
    # An email on the org's own domains (or a link of the org) joins it; one on a shared government domain
    # waits for an MDO admin of the org (profiles.PENDING); any other address is refused.
    joins_as = contacts.membership_for(request.email, org["emailDomains"], by_link=bool(request.link_id))
    if joins_as is None:
        raise email_not_allowed(org["emailDomains"])
    if designation is None:
        raise unknown_designation()

    details = {"employeeId": request.employee_id, "name": request.name, "email": request.email,
               "mobile": request.mobile, "orgId": request.org_id, "designationId": designation["id"],
               "designation": designation["name"]}
    return _open(details, language, taken=taken, membership=joins_as,
                 extra={"linkId": request.link_id} if request.link_id else {})


def register_invited(code: str, language: str) -> RegisterResponse:
    """Start the registration an invitation of a bulk import opens (`invitations.waiting_invitation`): the
    details the MDO admin gave, membership ACTIVE; the OTP steps and the password follow as for anyone, and the
    account's transaction uses the invitation up. An account holding the details meanwhile gets the same decoy
    as `register`."""
    invitation = invitations.waiting_invitation(code)
    fields = ("employeeId", "name", "email", "mobile", "orgId", "designationId", "designation")
    details = {field: str(invitation[field]) for field in fields}
    _, _, taken, _ = repository_codes.registration_lookup(
        details["orgId"], details["designationId"], _guards(details["email"], details["mobile"], details["employeeId"]))
    return _open(details, language, taken=taken, membership=profiles.ACTIVE,
                 extra={"invitationId": str(invitation["invitationId"])})


def _open(details: dict[str, str], language: str, *, taken: bool, membership: str,
          extra: dict[str, str]) -> RegisterResponse:
    """The registration with `details` stored (`extra`: the link or invitation it came with) and a code sent to
    the email and one to the mobile, or the decoy when `taken` (see `register`)."""
    registration_id = uuid.uuid4().hex
    now = clock.now()
    email, mobile = details["email"], details["mobile"]
    registration = {
        "registrationId": registration_id,
        **details,
        "emailVerified": False,
        "mobileVerified": False,
        "existingAccount": taken,
        "membership": membership,
        **extra,
        "createdAt": clock.to_iso(now),
        "expiresAt": int(now.timestamp()) + REGISTRATION_TTL_SECONDS,
    }
    email_code, email_otp = otp.prepare("REGISTER", registration_id, "email", email, decoy=taken)
    mobile_code, mobile_otp = otp.prepare("REGISTER", registration_id, "mobile", mobile, decoy=taken)
    quota = otp.send_quota([email, mobile])
    try:
        sms_reserved = otp.commit_with_sms(lambda more: repository_codes.start_registration(
            registration, [email_otp, mobile_otp], [*quota.operations, *more]), mobile)
    except db.ConditionFailed as failed:
        raise quota.exceeded(failed) or changed_meanwhile("The registration exists already") from failed
    otp.deliver("REGISTER", email_code, language, email=email, decoy=taken)
    sms_sent = otp.deliver("REGISTER", mobile_code, language, mobile=mobile, decoy=taken, sms_reserved=sms_reserved)
    logger.info("registration started", extra={"registrationId": registration_id, "orgId": details["orgId"],
                                                "existingAccount": taken, "membership": membership})
    return RegisterResponse(
        registration_id=registration_id,
        otp_sent_to=OtpSentTo(email=contacts.mask_email(email), mobile=contacts.mask_mobile(mobile)),
        sms_delayed=not sms_sent,
    )


def _live(registration: db.Item | None) -> db.Item:
    """The registration if it exists and has not expired, or 404."""
    if registration is None or int(registration["expiresAt"]) <= clock.epoch_seconds():
        raise not_found("The registration", code="REGISTRATION_NOT_FOUND")
    return registration


def _pending(registration: db.Item | None) -> db.Item:
    """The live registration if it is not complete yet (409 ALREADY_COMPLETED)."""
    live = _live(registration)
    if live["status"] == repository_codes.COMPLETED:
        raise already_completed()
    return live


def _status(registration: db.Item) -> VerificationStatus:
    return VerificationStatus(
        email_verified=bool(registration["emailVerified"]), mobile_verified=bool(registration["mobileVerified"])
    )


def verify_registration(registration_id: str, channel: Channel, code: str) -> VerificationStatus:
    found, code_read = repository_codes.registration_and_otp(registration_id, channel)
    registration = _pending(found)
    if registration[f"{channel}Verified"]:
        return _status(registration)
    code_item = otp.check_read("REGISTER", registration_id, channel, code, code_read)
    try:
        repository_codes.mark_channel_verified(registration_id, channel, code_item, otp.MAX_WRONG_TRIES)
    except db.ConditionFailed as failed:
        if failed.reason == repository_codes.REGISTRATION:
            raise already_completed() from failed
        raise otp.refusal(failed) or changed_meanwhile() from failed
    logger.info("registration channel verified", extra={"registrationId": registration_id, "channel": channel})
    return _status({**registration, f"{channel}Verified": True})


def resend_registration_code(registration_id: str, channel: Channel, language: str) -> Accepted:
    registration = _pending(repository_codes.get_registration(registration_id))
    if registration[f"{channel}Verified"]:
        raise conflict("ALREADY_VERIFIED", f"The {channel} is verified already")
    value = registration[channel]
    email, mobile = otp.address(channel, value)
    sent = otp.issue("REGISTER", registration_id, channel, value, language, email=email, mobile=mobile,
                     quota_for=[value], decoy=bool(registration.get("existingAccount")))
    if not sent:
        raise sms_budget_spent()
    return Accepted(message=f"A new code was sent to {contacts.mask(channel, value)}")


def complete_registration(registration_id: str, password: str) -> UserCreated:
    """Both channels verified: create the account (`open_account`): the Cognito user and, in one
    transaction, the registration marked completed with the profile and its guards. A registration
    completes once."""
    registration = _pending(repository_codes.get_registration(registration_id))
    if not (registration["emailVerified"] and registration["mobileVerified"]):
        raise conflict(
            "NOT_VERIFIED",
            "Verify both the email and the mobile first",
            _status(registration).model_dump(by_alias=True),
        )
    problems = contacts.password_problems(password)
    if problems:
        raise cognito.weak_password(problems)
    # Details taken since the registration started (by another account) are refused by the account's
    # transaction (guard conditions; Cognito refuses a taken email or employee id alias even before it),
    # and the Cognito user is deleted again: no read of the guards beforehand.
    user_id = str(uuid.uuid4())
    profile = profiles.profile_item(
        user_id=user_id,
        employee_id=registration["employeeId"],
        name=registration["name"],
        email=registration["email"],
        mobile=registration["mobile"],
        org_id=registration["orgId"],
        designation_id=registration["designationId"],
        designation=registration["designation"],
        roles=[PUBLIC],
        membership=registration.get("membership", profiles.ACTIVE),
    )
    # Counted in the org's gap counters as a member; a pending member is counted nowhere until approved.
    counted = passbook.summary_ops_for(user_id, None, {}, passbook.membership_of(profile))
    link_use = ([repository_membership.use_link_op(registration["linkId"], registration["orgId"])]
                if registration.get("linkId") else [])
    if registration.get("invitationId"):
        link_use.append(repository_imports.accept_invitation_op(str(registration["invitationId"])))
    try:
        open_account(profile, password,
                     lambda: repository_accounts.create_account(profile, registration_id, counted, link_use))
    except db.ConditionFailed as failed:
        if failed.reason == repository_imports.INVITATION:
            raise invitations.invitation_not_found() from failed
        if failed.reason == repository_membership.LINK:
            raise (membership.link_refusal(repository_membership.get_link(registration["linkId"], consistent=True),
                                           registration["orgId"]) or changed_meanwhile()) from failed
        raise _account_refused(failed) from failed
    logger.info("registration completed", extra={"registrationId": registration_id, "userId": user_id})
    return UserCreated(user_id=user_id)


def _account_refused(failed: db.ConditionFailed) -> AppError:
    if failed.reason == repository_codes.REGISTRATION:
        return already_completed()
    if failed.reason == repository_accounts.PROFILE or failed.reason in GUARD_NAMES:
        return already_registered()
    return changed_meanwhile()


def open_account(profile: db.Item, password: str, write: Callable[[], None]) -> None:
    """The Cognito user of a profile item (`karmayogi.domain.profiles.profile_item`: username = user id,
    verified email and mobile, the org, a permanent password, a group per role), then `write`, the
    account's DynamoDB part (one transaction). If any of it fails, the Cognito user is deleted again, so
    nothing is half-written, and the error goes on to the caller."""
    user_id = str(profile["userId"])
    cognito.create_user(user_id, email=profile["email"], mobile=profile["mobile"], employee_id=profile["employeeId"],
                        org_id=profile["orgId"] if profiles.is_member(profile) else None)
    with cognito.undone_on_failure("delete user", lambda: cognito.delete_user(user_id), user_id):
        cognito.set_password(user_id, password)
        for role in sorted(set(profile["roles"])):
            cognito.add_to_group(user_id, role)
        write()
