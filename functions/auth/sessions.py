"""Login, tokens, logout and the password reset: who a username is, and what Cognito is asked."""

from __future__ import annotations

import uuid

from functions.auth import cognito, contacts, otp, repository, repository_codes
from functions.auth.models import Accepted, LoginResponse, PasswordReset, TokensResponse
from karmayogi.domain import karma
from karmayogi.platform import db
from karmayogi.platform.identity import Caller
from karmayogi.platform.observability import logger

RESET_CHANNEL = "both"  # one reset code, sent to the account's email and mobile


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


def forgot_password(username: str, language: str) -> Accepted:
    """202 whether or not the account exists. The username itself is rate-limited (the same for
    every username, so a 429 says nothing about an account); past the account's own address limits the
    code is silently not sent.

    One transaction counts the username and, for an account, its email and mobile and stores the code
    (the username's counters first, so a username at its limit is the 429 whatever else is at a limit).
    When only the account's addresses are at a limit, the username alone is counted, as for an unknown
    username."""
    answer = Accepted(message="If the account exists, a code was sent to its email and mobile")
    asked = [repository_codes.username_send_address(username)]
    user_id = resolve_username(username)
    profile = repository.get_profile(user_id) if user_id else None
    if profile is None:
        otp.reserve_sends(asked)
        logger.info("password reset asked for an unknown username")
        return answer
    username_quota = otp.send_quota(asked, "send:username")
    account_quota = otp.send_quota([profile["email"], profile["mobile"]], "send:account")
    code, item = otp.prepare("RESET", profile["userId"], RESET_CHANNEL, "")
    try:
        sms_reserved = otp.commit_with_sms(lambda extra: repository_codes.store_code(
            item, [*username_quota.operations, *account_quota.operations, *extra]), profile["mobile"])
    except db.ConditionFailed as failed:
        limited = username_quota.exceeded(failed)
        if limited is not None:
            raise limited from failed
        if account_quota.exceeded(failed) is None:
            raise
        otp.reserve_sends(asked)
        logger.info("password reset code not sent", extra={"userId": user_id, "reason": "SEND_LIMIT_EXCEEDED"})
        return answer
    otp.deliver("RESET", code, language, email=profile["email"], mobile=profile["mobile"], sms_reserved=sms_reserved)
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
