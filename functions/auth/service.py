"""The auth hub's rules: the public directory, registration with OTPs, login, passwords, profiles and org
administration. No HTTP here and no boto3 (Cognito is `cognito.py`, DynamoDB `repository.py`)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from functions.auth import cognito, contacts, otp, repository
from functions.auth.errors import already_completed, already_registered, email_not_allowed
from functions.auth.models import (
    DEFAULT_LANGUAGE,
    Accepted,
    Channel,
    CompetencyProfileRequest,
    Designation,
    LoginResponse,
    Org,
    OrgType,
    OrgUser,
    OtpSentTo,
    PasswordReset,
    PatchMeRequest,
    PendingContactChange,
    Profile,
    ProfileUpdate,
    RegisterRequest,
    RegisterResponse,
    TokensResponse,
    UserCreated,
    UserRoles,
    VerificationStatus,
)
from karmayogi.domain import karma, passbook, profiles, refcache, search
from karmayogi.platform import clock, db, keys
from karmayogi.platform.errors import AppError, bad_request, conflict, forbidden, not_found, stale_version, unavailable
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

OPENAPI_FILE = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


@cache
def _packaged_openapi() -> dict[str, Any] | None:
    if not OPENAPI_FILE.exists():
        return None
    document: dict[str, Any] = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    return document


def openapi_document(app: Any) -> dict[str, Any]:
    """The platform's whole OpenAPI document: docs/openapi.json (`make openapi`), which the auth function's
    asset carries beside functions/auth (infra/constructs/hub_function.py); without it, the auth hub's own
    routes are described."""
    packaged = _packaged_openapi()
    if packaged is not None:
        return packaged
    own: dict[str, Any] = app.get_openapi_schema().model_dump(by_alias=True, exclude_none=True, mode="json")
    return own


def _check_query(q: str) -> None:
    if len(q.strip()) < search.MIN_QUERY_LENGTH:
        raise bad_request("QUERY_TOO_SHORT", f"Search needs at least {search.MIN_QUERY_LENGTH} characters")


def list_orgs(
    org_type: OrgType | None, parent_id: str | None, q: str | None, limit: int, cursor: str | None
) -> PageOf[Org]:
    if q:
        _check_query(q)
        page = repository.search_orgs(q, limit, cursor)
        items = [
            item
            for item in page.items
            if (org_type is None or item["type"] == org_type)
            and (parent_id is None or item.get("parentId") == parent_id)
        ]
    else:
        page = repository.list_orgs(org_type, parent_id, limit, cursor)
        items = [item for item in page.items if org_type is None or item["type"] == org_type]
    return PageOf[Org](items=[Org.model_validate(item) for item in items], next_cursor=page.next_cursor)


def get_org(org_id: str) -> Org:
    item = repository.get_org(org_id)
    if item is None:
        raise not_found("The organisation")
    return Org.model_validate(item)


def list_designations(q: str | None, limit: int, cursor: str | None) -> PageOf[Designation]:
    if q:
        _check_query(q)
        page = repository.search_designations(q, limit, cursor)
    else:
        page = repository.list_designations(limit, cursor)
    return PageOf[Designation](
        items=[Designation.model_validate(item) for item in page.items], next_cursor=page.next_cursor
    )


# ---- registration ---------------------------------------------------------------------------------------

REGISTRATION_TTL_SECONDS = 24 * 3600
PENDING, COMPLETED = "PENDING", "COMPLETED"
RESET_CHANNEL = "both"  # one reset code, sent to the account's email and mobile


def _guards(email: str, mobile: str, employee_id: str) -> list[tuple[str, str]]:
    return [(repository.EMAIL, email), (repository.MOBILE, mobile), (repository.EMPLOYEE, employee_id)]


def register(request: RegisterRequest, language: str) -> RegisterResponse:
    """Start a registration: check the org, the email's domain, the designation and that nobody holds
    these details, then send a code to the email and one to the mobile."""
    org, designation, taken = repository.registration_lookup(
        request.org_id, request.chosen_designation, _guards(request.email, request.mobile, request.employee_id)
    )
    if org is None:
        raise bad_request("UNKNOWN_ORG", "There is no such organisation", [{"field": "orgId"}])
    if not contacts.email_allowed(request.email, org["emailDomains"]):
        raise email_not_allowed(org["emailDomains"])
    if designation is None:
        raise unknown_designation()
    if taken:
        raise already_registered()

    registration_id = uuid.uuid4().hex
    now = clock.now()
    registration = repository.registration_item(
        {
            "registrationId": registration_id,
            "status": PENDING,
            "employeeId": request.employee_id,
            "name": request.name,
            "email": request.email,
            "mobile": request.mobile,
            "orgId": request.org_id,
            "designationId": designation["id"],
            "designation": designation["name"],
            "emailVerified": False,
            "mobileVerified": False,
            "createdAt": clock.to_iso(now),
            "expiresAt": int(now.timestamp()) + REGISTRATION_TTL_SECONDS,
        }
    )
    email_code, email_otp = otp.prepare("REGISTER", registration_id, "email", request.email)
    mobile_code, mobile_otp = otp.prepare("REGISTER", registration_id, "mobile", request.mobile)
    quota = otp.send_quota([request.email, request.mobile])
    repository.start_registration(registration, [email_otp, mobile_otp], quota.operations, quota.exceeded)
    otp.deliver("REGISTER", email_code, language, email=request.email)
    otp.deliver("REGISTER", mobile_code, language, mobile=request.mobile)
    logger.info("registration started", extra={"registrationId": registration_id, "orgId": request.org_id})
    return RegisterResponse(
        registration_id=registration_id,
        otp_sent_to=OtpSentTo(email=contacts.mask_email(request.email), mobile=contacts.mask_mobile(request.mobile)),
    )


def _address(channel: str, value: str) -> tuple[str | None, str | None]:
    """Where a code for `channel` goes: otp.issue's (email, mobile)."""
    return (value, None) if channel == "email" else (None, value)


def unknown_designation() -> AppError:
    return bad_request("UNKNOWN_DESIGNATION", "There is no such designation", [{"field": "designation"}])


def _live_registration(registration_id: str, registration: db.Item | None = None, *, read: bool = True) -> db.Item:
    """The registration (read here unless `read` is False: then `registration` is what was read), or 404."""
    if read:
        registration = repository.get_registration(registration_id)
    if registration is None or int(registration["expiresAt"]) <= clock.epoch_seconds():
        raise not_found("The registration", code="REGISTRATION_NOT_FOUND")
    return registration


def _status(registration: db.Item) -> VerificationStatus:
    return VerificationStatus(
        email_verified=bool(registration["emailVerified"]), mobile_verified=bool(registration["mobileVerified"])
    )


def verify_registration(registration_id: str, channel: Channel, code: str) -> VerificationStatus:
    found, code_read = repository.registration_and_otp(registration_id, keys.otp_key("REGISTER", registration_id, channel))
    registration = _live_registration(registration_id, found, read=False)
    if registration["status"] == COMPLETED:
        raise already_completed()
    if registration[f"{channel}Verified"]:
        return _status(registration)
    code_item = otp.check_read("REGISTER", registration_id, channel, code, code_read)
    repository.mark_channel_verified(registration_id, channel, code_item, otp.MAX_WRONG_TRIES, otp.expired())
    logger.info("registration channel verified", extra={"registrationId": registration_id, "channel": channel})
    return _status({**registration, f"{channel}Verified": True})


def resend_registration_code(registration_id: str, channel: Channel, language: str) -> Accepted:
    registration = _live_registration(registration_id)
    if registration["status"] == COMPLETED:
        raise already_completed()
    if registration[f"{channel}Verified"]:
        raise conflict("ALREADY_VERIFIED", f"The {channel} is verified already")
    address = registration[channel]
    email, mobile = _address(channel, address)
    otp.issue("REGISTER", registration_id, channel, address, language, email=email, mobile=mobile, quota_for=[address])
    masked = contacts.mask_email(address) if channel == "email" else contacts.mask_mobile(address)
    return Accepted(message=f"A new code was sent to {masked}")


def complete_registration(registration_id: str, password: str) -> UserCreated:
    """Both channels verified: create the account (Cognito user + profile + guards, see
    `create_account`). A registration completes once."""
    registration = _live_registration(registration_id)
    if registration["status"] == COMPLETED:
        raise already_completed()
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
    create_account(
        user_id=user_id,
        employee_id=registration["employeeId"],
        name=registration["name"],
        email=registration["email"],
        mobile=registration["mobile"],
        org_id=registration["orgId"],
        designation_id=registration["designationId"],
        designation=registration["designation"],
        roles=[PUBLIC],
        password=password,
        registration_id=registration_id,
    )
    logger.info("registration completed", extra={"registrationId": registration_id, "userId": user_id})
    return UserCreated(user_id=user_id)


def create_account(
    *,
    user_id: str,
    employee_id: str,
    name: str,
    email: str,
    mobile: str,
    org_id: str,
    designation_id: str,
    designation: str,
    roles: list[str],
    password: str,
    registration_id: str | None = None,
) -> db.Item:
    """The Cognito user (username = user id, verified email and mobile, permanent password, groups) and,
    in one transaction, the profile, the three uniqueness guards, the people-index tokens, the new
    officer counted in the org's competency-gap figures (`passbook.user_joined_ops`) and (from a
    registration) the registration marked completed. If the transaction fails, the Cognito user is
    deleted again, so nothing is half-written. The demo-account seeder uses this too."""
    cognito.create_user(user_id, email=email, mobile=mobile, employee_id=employee_id, org_id=org_id)
    try:
        cognito.set_password(user_id, password)
        for role in sorted(set(roles)):
            cognito.add_to_group(user_id, role)
        profile = profiles.profile_item(
            user_id=user_id,
            employee_id=employee_id,
            name=name,
            email=email,
            mobile=mobile,
            org_id=org_id,
            designation_id=designation_id,
            designation=designation,
            roles=list(roles),
        )
        repository.create_account(profile, registration_id, passbook.user_joined_ops(user_id, org_id, designation_id))
    except BaseException:
        _compensate("delete user", lambda: cognito.delete_user(user_id), user_id)
        raise
    return profile


def _compensate(what: str, undo: Callable[[], None], user_id: str) -> None:
    """Undo a Cognito change after the DynamoDB part failed; a failed undo is logged (ids only) and
    the original error is what the client sees."""
    try:
        undo()
    except Exception:
        logger.exception("compensation failed", extra={"action": what, "userId": user_id})


# ---- login, tokens, passwords ---------------------------------------------------------------------------


def resolve_username(username: str) -> str | None:
    """The user id behind an email, an employee id or a mobile number (guard items, A2)."""
    text = username.strip()
    if "@" in text:
        candidates = [(repository.EMAIL, contacts.normalize_email)]
    else:
        candidates = [
            (repository.EMPLOYEE, contacts.normalize_employee_id),
            (repository.MOBILE, contacts.normalize_mobile),
        ]
    pairs: list[tuple[str, str]] = []
    for kind, normalize in candidates:
        try:
            pairs.append((kind, normalize(text)))
        except ValueError:
            continue
    return repository.first_guard_owner(pairs)


def login(username: str, password: str) -> LoginResponse:
    user_id = resolve_username(username)
    # An unknown username still asks Cognito (for a user that cannot exist), so both failures take the
    # same path and the same time, and answer the same 401.
    tokens = cognito.password_auth(user_id or f"unknown-{uuid.uuid4()}", password)
    if user_id is None:  # pragma: no cover - Cognito refuses an unknown user above
        raise cognito.invalid_credentials()
    profile, credited = repository.get_profile_and_first_login(user_id)
    if profile is not None and not credited:
        karma.credit(user_id, str(profile["orgId"]), repository.FIRST_LOGIN, repository.FIRST_LOGIN_CONTEXT)
    logger.info("login", extra={"userId": user_id})
    return LoginResponse(
        access_token=tokens.access_token,
        id_token=tokens.id_token,
        refresh_token=tokens.refresh_token,
        expires_in=tokens.expires_in,
        profile_complete=bool(profile and profile.get("profileComplete")),
    )


def refresh(refresh_token: str) -> TokensResponse:
    tokens = cognito.refresh(refresh_token)
    return TokensResponse(
        access_token=tokens.access_token,
        id_token=tokens.id_token,
        refresh_token=tokens.refresh_token,
        expires_in=tokens.expires_in,
    )


def logout(caller: Caller, refresh_token: str | None) -> None:
    if refresh_token:
        cognito.revoke(refresh_token)
    cognito.sign_out_everywhere(caller.user_id)
    logger.info("logout", extra={"userId": caller.user_id})


class _AccountAtLimit(AppError):
    """The account's own addresses are at a send limit (never answered: the reset code is not sent)."""

    def __init__(self) -> None:
        super().__init__(429, "SEND_LIMIT_EXCEEDED", "not sent")


def forgot_password(username: str, language: str) -> Accepted:
    """202 whether or not the account exists. The username itself is rate-limited (the same for
    every username, so a 429 says nothing about an account); past the account's own address limits the
    code is silently not sent.

    One transaction counts the username and, for an account, its email and mobile and stores the code
    (the username's counters first, so a username at its limit is the 429 whatever else is at a limit).
    When only the account's addresses are at a limit, the username alone is counted, as for an unknown
    username."""
    answer = Accepted(message="If the account exists, a code was sent to its email and mobile")
    asked = [f"forgot:{keys.normalize(username)}"]
    user_id = resolve_username(username)
    profile = repository.get_profile(user_id) if user_id else None
    if profile is None:
        otp.reserve_sends(asked)
        logger.info("password reset asked for an unknown username")
        return answer
    username_quota = otp.send_quota(asked)
    account_quota = otp.send_quota([profile["email"], profile["mobile"]])
    counted = len(username_quota.operations)

    def refused(index: int) -> AppError:
        return username_quota.exceeded(index) if index < counted else _AccountAtLimit()

    code, item = otp.prepare("RESET", profile["userId"], RESET_CHANNEL, "")
    try:
        repository.put_otp(item, [*username_quota.operations, *account_quota.operations], refused)
    except _AccountAtLimit:
        otp.reserve_sends(asked)
        logger.info("password reset code not sent", extra={"userId": user_id, "reason": "SEND_LIMIT_EXCEEDED"})
        return answer
    otp.deliver("RESET", code, language, email=profile["email"], mobile=profile["mobile"])
    logger.info("otp issued", extra={"purpose": "RESET", "subjectId": user_id, "channel": RESET_CHANNEL})
    return answer


def reset_password(username: str, code: str, new_password: str) -> PasswordReset:
    problems = contacts.password_problems(new_password)
    if problems:
        raise cognito.weak_password(problems)
    user_id = resolve_username(username)
    if user_id is None:  # no account, so no code was sent: the same answer as for a code not sent
        raise otp.expired()
    code_item = otp.check("RESET", user_id, RESET_CHANNEL, code)
    otp.consume(code_item)
    cognito.set_password(user_id, new_password)
    cognito.sign_out_everywhere(user_id)
    logger.info("password reset", extra={"userId": user_id})
    return PasswordReset()


# ---- profile --------------------------------------------------------------------------------------------


def _profile(item: db.Item) -> Profile:
    return Profile.model_validate(item)


def get_me(caller: Caller) -> Profile:
    return _profile(caller.profile)


CONTACT_KINDS = {"email": repository.EMAIL, "mobile": repository.MOBILE}


def patch_me(caller: Caller, request: PatchMeRequest, language: str) -> ProfileUpdate:
    """Name, designation and language change at once (people-index tokens rewritten with them, the
    passbook's counts moved to a new designation); a new email or mobile gets a code and changes only
    when `POST /me/contact/verify` proves it.

    Reads: one consistent BatchGetItem (the profile, with what is asked for: the org whose domains a new
    email must match, the new designation, the competency summary, the new contacts' guards). Writes: one
    transaction (the profile, the passbook's counts, the send counters and the codes), so a refusal or a
    failure changes nothing; only the passbook changing meanwhile makes it read and try again."""
    asked = {channel: value for channel, value in (("email", request.email), ("mobile", request.mobile))
             if value is not None}
    for _ in range(passbook.MAX_SYNC_ATTEMPTS):
        state = repository.profile_patch_state(
            caller.user_id,
            org_id=caller.claimed_org_id if request.email is not None else None,
            designation_id=request.designation_id,
            guards=[(CONTACT_KINDS[channel], value) for channel, value in asked.items()],
            summary=request.designation_id is not None,
        )
        profile = state.profile
        if profile is None:
            raise forbidden("Your account has no profile yet", code="PROFILE_MISSING")
        if request.version != int(profile["version"]):
            raise stale_version()
        changes = _profile_changes(caller, request, profile, state)
        contact = {channel: value for channel, value in asked.items() if value != profile[channel]}
        if "email" in contact:
            # the org is fixed at registration: the token's org is the profile's, read with it
            org = state.org if caller.claimed_org_id == str(profile["orgId"]) else refcache.org(str(profile["orgId"]))
            domains = org["emailDomains"] if org else []
            if not contacts.email_allowed(contact["email"], domains):
                raise email_not_allowed(domains)
        if any((CONTACT_KINDS[channel], value) in state.guard_owners for channel, value in contact.items()):
            raise already_registered()
        counted: list[db.Item] = []
        if "designationId" in changes:
            existing = passbook.entries_of(caller.user_id, consistent=True) if state.summary is None else None
            counted = passbook.designation_changed_ops(
                caller.user_id, state.summary, passbook.membership_of({**profile, **changes}), existing=existing
            )
        if changes:
            changes["updatedAt"] = clock.now_iso()
        codes = {channel: otp.prepare("CHANGE", caller.user_id, channel, value) for channel, value in contact.items()}
        quota = otp.send_quota(list(contact.values())) if contact else None
        try:
            profile = repository.patch_profile(
                profile,
                changes,
                counted_ops=counted,
                quota_ops=quota.operations if quota else (),
                on_quota_exceeded=quota.exceeded if quota else None,
                otps=[item for _, item in codes.values()],
            )
        except repository.SummaryChanged:
            continue
        break
    else:
        raise unavailable("The passbook is busy; retry shortly", retry_after=1)
    pending: dict[str, str] = {}
    for channel, (code, _) in codes.items():
        value = contact[channel]
        email, mobile = _address(channel, value)
        otp.deliver("CHANGE", code, language, email=email, mobile=mobile)
        pending[channel] = contacts.mask_email(value) if channel == "email" else contacts.mask_mobile(value)
    logger.info(
        "profile updated", extra={"userId": caller.user_id, "fields": sorted(changes), "pending": sorted(pending)}
    )
    return ProfileUpdate.model_validate(
        {**profile, "pendingContactChange": PendingContactChange(**pending) if pending else None}
    )


def _profile_changes(caller: Caller, request: PatchMeRequest, profile: db.Item,
                     state: repository.ProfilePatchState) -> dict[str, Any]:
    """The profile fields PATCH /me changes (name, designation, language), checked."""
    changes: dict[str, Any] = {}
    if request.name is not None and request.name != profile["name"]:
        changes["name"] = request.name
        changes["GSI1SK"] = f"{keys.normalize(request.name)}#{caller.user_id}"
    if request.designation_id is not None and request.designation_id != profile.get("designationId"):
        if state.designation is None:
            raise unknown_designation()
        changes["designationId"] = state.designation["id"]
        changes["designation"] = state.designation["name"]
    if request.language is not None and request.language != profile.get("language", DEFAULT_LANGUAGE):
        changes["language"] = request.language
    return changes


def verify_contact(caller: Caller, channel: Channel, code: str) -> Profile:
    """Apply a pending email or mobile change once its code is right: Cognito's verified attribute and,
    in one transaction, the profile, the old guard out and the new guard in."""
    profile, code_read = repository.profile_and_otp(caller.user_id, keys.otp_key("CHANGE", caller.user_id, channel))
    if profile is None:
        raise forbidden("Your account has no profile yet", code="PROFILE_MISSING")
    code_item = otp.check_read("CHANGE", caller.user_id, channel, code, code_read)
    new_value = str(code_item["address"])
    kind = repository.EMAIL if channel == "email" else repository.MOBILE
    old_value = str(profile[channel])
    cognito.set_contact(caller.user_id, **{channel: new_value})
    try:
        updated = repository.change_contact(
            profile, kind, channel, new_value, code_item, otp.MAX_WRONG_TRIES, otp.expired(), clock.now_iso()
        )
    except BaseException:
        _compensate(
            "restore contact", lambda: cognito.set_contact(caller.user_id, **{channel: old_value}), caller.user_id
        )
        raise
    logger.info("contact changed", extra={"userId": caller.user_id, "channel": channel})
    return _profile(updated)


SELF_SOURCE: passbook.Source = "self"
SELF_SOURCE_ID = "profile"


def put_competency_profile(caller: Caller, request: CompetencyProfileRequest) -> Profile:
    """Save the self-declared competency profile (every id must be in the framework), mark the profile
    complete and make the passbook's self-declared entries exactly the declared competencies (a PUT
    replaces the profile), with the user's summary and the org gap counters in step — all in one
    transaction, so a failure changes nothing. Reads: the profile, the summary and the competencies in
    one BatchGetItem, the passbook in one Query (again only when the passbook changed meanwhile)."""
    ids = list(dict.fromkeys(c.competency_id for c in (*request.competencies, *request.desired_competencies)))
    profile, summary, known = repository.competency_profile_state(caller.user_id, ids)
    unknown = [c for c in ids if c not in known]
    if unknown:
        raise bad_request("UNKNOWN_COMPETENCY", f"Unknown competencies: {', '.join(unknown)}", {"unknown": unknown})
    declared = [passbook.PassbookEntry(c.competency_id, c.level, SELF_SOURCE, SELF_SOURCE_ID)
                for c in request.competencies]
    for _ in range(passbook.MAX_SYNC_ATTEMPTS):
        if profile is None:
            raise forbidden("Your account has no profile yet", code="PROFILE_MISSING")
        if request.version is not None and request.version != int(profile["version"]):
            raise stale_version()
        now = clock.now_iso()
        competency_profile = {
            "roles": request.roles,
            "competencies": [{"competencyId": c.competency_id, "level": c.level} for c in request.competencies],
            "desiredCompetencies": [
                {"competencyId": c.competency_id, "level": c.level} for c in request.desired_competencies
            ],
            "interests": request.interests,
            "updatedAt": now,
        }
        summary_ops, entry_ops = passbook.replace_self_declared_ops(
            caller.user_id, declared, existing=passbook.entries_of(caller.user_id, consistent=True),
            summary=summary, membership=passbook.membership_of(profile))
        try:
            updated = repository.save_competency_profile(
                profile, {"competencyProfile": competency_profile, "profileComplete": True, "updatedAt": now},
                summary_ops, entry_ops)
        except repository.SummaryChanged:
            profile, summary, _ = repository.competency_profile_state(caller.user_id, [])
            continue
        logger.info("competency profile saved", extra={"userId": caller.user_id, "competencies": len(ids)})
        return _profile(updated)
    raise unavailable("The passbook is busy; retry shortly", retry_after=1)


# ---- org administration ---------------------------------------------------------------------------------

ADMIN_ROLES = (MDO_ADMIN, MDO_LEADER)


def list_org_users(caller: Caller, org_id: str, limit: int, cursor: str | None) -> PageOf[OrgUser]:
    """An org's users, by name, for its MDO admins and leaders (and SPV admins). Contact details are
    included: administrators manage these accounts and need to reach the people."""
    caller.require_org_role(org_id, *ADMIN_ROLES)
    page = repository.list_org_users(org_id, limit, cursor)
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


def grant_role(caller: Caller, user_id: str, role: str) -> UserRoles:
    target = _role_target(caller, user_id, role)
    current = list(target["roles"])
    if role in current:
        return UserRoles(user_id=user_id, roles=current)
    cognito.add_to_group(user_id, role)
    try:
        updated = repository.update_profile(target, {"roles": sorted({*current, role}), "updatedAt": clock.now_iso()})
    except BaseException:
        _compensate("remove group", lambda: cognito.remove_from_group(user_id, role), user_id)
        raise
    logger.info("role granted", extra={"userId": user_id, "role": role, "by": caller.user_id})
    return UserRoles(user_id=user_id, roles=list(updated["roles"]))


def remove_role(caller: Caller, user_id: str, role: str) -> None:
    target = _role_target(caller, user_id, role)
    current = list(target["roles"])
    if role not in current:
        return
    cognito.remove_from_group(user_id, role)
    try:
        repository.update_profile(target, {"roles": sorted(set(current) - {role}), "updatedAt": clock.now_iso()})
    except BaseException:
        _compensate("restore group", lambda: cognito.add_to_group(user_id, role), user_id)
        raise
    logger.info("role removed", extra={"userId": user_id, "role": role, "by": caller.user_id})
