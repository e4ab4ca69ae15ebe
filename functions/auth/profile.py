"""The caller's own profile: read it, change it (a new email or mobile waits for its code), confirm a new
contact, and save the self-declared competency profile (with the passbook in step)."""

from __future__ import annotations

from typing import Any

from functions.auth import (
    cognito,
    contacts,
    designations,
    otp,
    repository,
    repository_accounts,
    repository_designations,
)
from functions.auth.errors import (
    already_registered,
    changed_meanwhile,
    email_not_allowed,
    profile_missing,
)
from functions.auth.models import (
    DEFAULT_LANGUAGE,
    Channel,
    CompetencyProfileRequest,
    PatchMeRequest,
    PendingContactChange,
    Profile,
    ProfileUpdate,
)
from karmayogi.domain import passbook, profiles, refcache
from karmayogi.platform import clock, db
from karmayogi.platform.errors import AppError, bad_request, conflict, stale_version, unavailable
from karmayogi.platform.identity import Caller
from karmayogi.platform.observability import logger

CONTACT_KINDS = {"email": repository.EMAIL, "mobile": repository.MOBILE}
SELF_SOURCE: passbook.Source = "self"
SELF_SOURCE_ID = "profile"


def _profile(item: db.Item) -> Profile:
    return Profile.model_validate(item)


def get_me(caller: Caller) -> Profile:
    return _profile(caller.profile)


def patch_me(caller: Caller, request: PatchMeRequest, language: str) -> ProfileUpdate:
    """Name and language change at once (people-index tokens rewritten with them); a new designation
    becomes a request that an MDO admin of the org approves (`designations`: the profile shows it as
    `pendingDesignation`, the passbook and the people index follow only on approval; asking for the
    current designation withdraws it); a new email or mobile gets a code and changes only when
    `POST /me/contact/verify` proves it.

    Reads: one consistent BatchGetItem (the profile, with what is asked for: the org whose domains a new
    email must match, the new designation, the new contacts' guards). Writes: one transaction (the
    profile, the designation request, the send counters and the codes), so a refusal changes nothing."""
    asked = {channel: value for channel, value in (("email", request.email), ("mobile", request.mobile))
             if value is not None}
    state = repository_accounts.profile_patch_state(
        caller.user_id,
        org_id=caller.claimed_org_id if request.email is not None else None,
        designation_id=request.designation_id,
        guards=[(CONTACT_KINDS[channel], value) for channel, value in asked.items()],
        summary=False,
    )
    profile = state.profile
    if profile is None:
        raise profile_missing()
    if request.version != int(profile["version"]):
        raise stale_version()
    changes = _profile_changes(request, profile)
    asked_for = designations.asked_for(profile, request.designation_id, state.designation)
    request_ops: list[db.Item] = []
    if asked_for is not designations.UNCHANGED:
        if not profiles.is_member(profile):  # no MDO admin would ever see the request
            raise conflict("NOT_A_MEMBER", "Your designation can change once an organisation has approved your "
                                           "membership")
        changes["pendingDesignation"], request_ops = designations.request_change(profile, asked_for)
    contact = {channel: value for channel, value in asked.items() if value != profile[channel]}
    if "email" in contact:
        # the org is fixed at registration: the token's org is the profile's, read with it
        org = state.org if caller.claimed_org_id == str(profile["orgId"]) else refcache.org(str(profile["orgId"]))
        domains = org["emailDomains"] if org else []
        if not contacts.email_allowed(contact["email"], domains):
            raise email_not_allowed(domains)
    if any((CONTACT_KINDS[channel], value) in state.guard_owners for channel, value in contact.items()):
        raise already_registered()
    if changes:
        changes["updatedAt"] = clock.now_iso()
    codes = {channel: otp.prepare("CHANGE", caller.user_id, channel, value) for channel, value in contact.items()}
    quota = otp.send_quota(list(contact.values())) if contact else None
    written: list[db.Item] = []
    current: db.Item = profile

    def write(extra: list[db.Item]) -> None:
        written[:] = [repository_accounts.patch_profile(
            current,
            changes,
            request_ops=request_ops,
            quota_ops=[*(quota.operations if quota else ()), *extra],
            otps=[item for _, item in codes.values()],
        )]

    try:
        sms_reserved = otp.commit_with_sms(write, contact.get("mobile"))
    except db.ConditionFailed as failed:
        raise _patch_refused(failed, quota) from failed
    profile = written[0]
    pending: dict[str, str] = {}
    for channel, (code, _) in codes.items():
        value = contact[channel]
        email, mobile = otp.address(channel, value)
        otp.deliver("CHANGE", code, language, email=email, mobile=mobile, sms_reserved=sms_reserved)
        pending[channel] = contacts.mask(channel, value)
    logger.info(
        "profile updated", extra={"userId": caller.user_id, "fields": sorted(changes), "pending": sorted(pending)}
    )
    return ProfileUpdate.model_validate(
        {**profile, "pendingContactChange": PendingContactChange(**pending) if pending else None}
    )


def _patch_refused(failed: db.ConditionFailed, quota: otp.SendQuota | None) -> AppError:
    if failed.reason in (repository_accounts.PROFILE, repository_designations.OLD_REQUEST):
        return stale_version()
    limited = quota.exceeded(failed) if quota is not None else None
    return limited or changed_meanwhile("The profile changed meanwhile; retry")


def _profile_changes(request: PatchMeRequest, profile: db.Item) -> dict[str, Any]:
    """The profile fields PATCH /me changes at once (name, language, showCertificates)."""
    changes: dict[str, Any] = {}
    if request.name is not None and request.name != profile["name"]:
        changes["name"] = request.name
    if request.language is not None and request.language != profile.get("language", DEFAULT_LANGUAGE):
        changes["language"] = request.language
    if request.show_certificates is not None and request.show_certificates != bool(profile.get("showCertificates")):
        changes["showCertificates"] = request.show_certificates
    return changes


def verify_contact(caller: Caller, channel: Channel, code: str) -> Profile:
    """Apply a pending email or mobile change once its code is right: Cognito's verified attribute and,
    in one transaction, the profile, the old guard out and the new guard in."""
    profile, code_read = repository_accounts.profile_and_otp(caller.user_id, "CHANGE", channel)
    if profile is None:
        raise profile_missing()
    code_item = otp.check_read("CHANGE", caller.user_id, channel, code, code_read)
    new_value = str(code_item["address"])
    old_value = str(profile[channel])
    cognito.set_contact(caller.user_id, **{channel: new_value})

    def restore() -> None:
        cognito.set_contact(caller.user_id, **{channel: old_value})

    try:
        with cognito.undone_on_failure("restore contact", restore, caller.user_id):
            updated = repository_accounts.change_contact(
                profile, channel, new_value, code_item, otp.MAX_WRONG_TRIES, clock.now_iso()
            )
    except db.ConditionFailed as failed:
        raise _contact_refused(failed) from failed
    logger.info("contact changed", extra={"userId": caller.user_id, "channel": channel})
    return _profile(updated)


def _contact_refused(failed: db.ConditionFailed) -> AppError:
    if failed.reason == repository_accounts.PROFILE:
        return stale_version()
    if failed.reason == repository_accounts.OLD_GUARD:
        return changed_meanwhile("The current address is held by another account")
    if failed.reason.startswith("guard:"):
        return already_registered()
    return otp.refusal(failed) or changed_meanwhile()


def put_competency_profile(caller: Caller, request: CompetencyProfileRequest) -> Profile:
    """Save the self-declared competency profile (every id must be in the framework), mark the profile
    complete and make the passbook's self-declared entries exactly the declared competencies (a PUT
    replaces the profile), with the user's summary and the org gap counters in step — all in one
    transaction, so a failure changes nothing. Reads: the profile, the summary and the competencies in
    one BatchGetItem, the passbook in one Query (again only when the passbook changed meanwhile)."""
    ids = list(dict.fromkeys(c.competency_id for c in (*request.competencies, *request.desired_competencies)))
    profile, summary, known = repository_accounts.competency_profile_state(caller.user_id, ids)
    unknown = [c for c in ids if c not in known]
    if unknown:
        raise bad_request("UNKNOWN_COMPETENCY", f"Unknown competencies: {', '.join(unknown)}", {"unknown": unknown})
    declared = [passbook.PassbookEntry(c.competency_id, c.level, SELF_SOURCE, SELF_SOURCE_ID)
                for c in request.competencies]
    for _ in range(passbook.MAX_SYNC_ATTEMPTS):
        if profile is None:
            raise profile_missing()
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
            updated = repository_accounts.save_competency_profile(
                profile, {"competencyProfile": competency_profile, "profileComplete": True, "updatedAt": now},
                summary_ops, entry_ops)
        except db.ConditionFailed as failed:
            if failed.reason != repository_accounts.SUMMARY:
                raise (stale_version() if failed.reason == repository_accounts.PROFILE
                       else changed_meanwhile()) from failed
            profile, summary, _ = repository_accounts.competency_profile_state(caller.user_id, [])
            continue
        logger.info("competency profile saved", extra={"userId": caller.user_id, "competencies": len(ids)})
        return _profile(updated)
    raise unavailable("The passbook is busy; retry shortly", retry_after=1)
