"""Login, tokens, logout and the password reset: who a username is, and what Cognito is asked."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from functions.auth import cognito, contacts, otp, repository, repository_codes, repository_sessions
from functions.auth.models import Accepted, LoginResponse, MfaChallenge, PasswordReset, TokensResponse
from karmayogi.domain import karma
from karmayogi.platform import clock, db, revocation
from karmayogi.platform.errors import AppError
from karmayogi.platform.identity import Caller
from karmayogi.platform.observability import logger
from karmayogi.platform.roles import NEEDS_SECOND_FACTOR

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


# Failed logins of one username (the account's user id when the username names one, so its email, employee
# id and mobile share the count; else the normalized text, so an unknown name behaves the same): from the
# third failure in the window a short wait, from the fifth a lock (429 LOGIN_LOCKED with Retry-After). The
# right password does not open a locked username; a login that succeeds clears the count.
FAILURE_WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = {3: 5, 4: 30, 5: 15 * 60}
MFA_SESSION_SECONDS = 180  # Cognito's MFA login session lives 3 minutes
REFRESH_TOKEN_SECONDS = 30 * 24 * 3600  # infra/definitions.REFRESH_TOKEN_DAYS


def login_locked(retry_after: int) -> AppError:
    return AppError(429, "LOGIN_LOCKED", "Too many failed logins; wait and try again",
                    retry_after=max(1, retry_after))


def _username_key(username: str, user_id: str | None) -> str:
    return f"user:{user_id}" if user_id else f"name:{' '.join(username.lower().split())}"


def _refuse_locked(key: str, now: int) -> bool:
    """429 while the username is locked; True when failures are being counted (a success clears them)."""
    attempts = repository_sessions.get_attempts(key)
    if attempts is None:
        return False
    locked_until = int(attempts.get("lockedUntil", 0))
    if locked_until > now:
        raise login_locked(locked_until - now)
    return True


def _count_failure(key: str, now: int) -> None:
    failures = repository_sessions.record_failure(key, now, FAILURE_WINDOW_SECONDS)
    wait = LOCK_SECONDS.get(min(failures, max(LOCK_SECONDS)))
    if wait:
        repository_sessions.lock(key, now + wait)
        logger.info("login locked", extra={"failures": failures, "seconds": wait})


@contextmanager
def _counted(key: str, now: int, counting: bool) -> Iterator[None]:
    """Count a refused password or code against the username; a success clears the count."""
    try:
        yield
    except AppError as error:
        if error.code in ("INVALID_CREDENTIALS", "MFA_CODE_INVALID"):
            _count_failure(key, now)
        raise
    if counting:
        repository_sessions.clear_failures(key)


def login(username: str, password: str, request: cognito.RequestContext | None = None) -> LoginResponse | MfaChallenge:
    user_id = resolve_username(username)
    key = _username_key(username, user_id)
    now = clock.epoch_seconds()
    counting = _refuse_locked(key, now)
    # An unknown username still asks Cognito (for a user that cannot exist), so both failures take the
    # same path and the same time, and answer the same 401.
    if user_id is not None:
        revocation.wait_to_issue(user_id)
    with _counted(key, now, counting):
        result = cognito.password_auth(user_id or f"unknown-{uuid.uuid4()}", password, request)
        if user_id is None:  # pragma: no cover - Cognito refuses an unknown user above
            raise cognito.invalid_credentials()
    if isinstance(result, cognito.MfaChallenge):
        repository_sessions.remember_owner(result.session, user_id, now + MFA_SESSION_SECONDS)
        logger.info("login needs the second factor", extra={"userId": user_id})
        return MfaChallenge(session=result.session)
    return _signed_in(user_id, result, now, second_factor=False)


def login_mfa(session: str, code: str, request: cognito.RequestContext | None = None) -> LoginResponse:
    """The second step of an MFA login: the TOTP code for the session `login` answered."""
    now = clock.epoch_seconds()
    user_id = repository_sessions.owner_of(session, now)
    if user_id is None:
        raise cognito.mfa_session_expired()
    key = _username_key("", user_id)
    counting = _refuse_locked(key, now)
    revocation.wait_to_issue(user_id)
    with _counted(key, now, counting):
        tokens = cognito.answer_mfa(user_id, session, code, request)
    repository_sessions.forget_owner(session)
    return _signed_in(user_id, tokens, now, second_factor=True)


def _signed_in(user_id: str, tokens: cognito.Tokens, now: int, *, second_factor: bool) -> LoginResponse:
    profile, credited = repository.get_profile_and_first_login(user_id)
    # One transaction: the first login's karma and who the refresh token belongs to (nothing half-written).
    owner = ([repository_sessions.owner_op(tokens.refresh_token, user_id, now + REFRESH_TOKEN_SECONDS)]
             if tokens.refresh_token else [])
    first_login = (karma.credit_ops(user_id, str(profile["orgId"]), repository.FIRST_LOGIN,
                                    repository.FIRST_LOGIN_CONTEXT) if profile is not None and not credited else [])
    try:
        if owner or first_login:
            repository_sessions.commit([*first_login, *owner])
    except db.ConditionFailed as failed:
        if failed.reason != karma.LEDGER or not owner:  # credited meanwhile by a parallel login: keep the owner
            raise
        repository_sessions.commit(owner)
    # An admin role without TOTP set up yet still gets tokens, flagged, so the client sends them to set it up.
    needs_mfa = bool(profile and NEEDS_SECOND_FACTOR & set(profile.get("roles") or ()))
    logger.info("login", extra={"userId": user_id, "secondFactor": second_factor})
    return LoginResponse(
        access_token=tokens.access_token,
        id_token=tokens.id_token,
        refresh_token=tokens.refresh_token,
        expires_in=tokens.expires_in,
        profile_complete=bool(profile and profile.get("profileComplete")),
        mfa_required=needs_mfa and not second_factor,
    )


def refresh(refresh_token: str) -> TokensResponse:
    user_id = repository_sessions.owner_of(refresh_token, clock.epoch_seconds())
    if user_id is None:
        raise AppError(401, "INVALID_TOKEN", "The refresh token is not valid; log in again")
    revocation.wait_to_issue(user_id)
    tokens = cognito.refresh(user_id, refresh_token)
    return TokensResponse(
        access_token=tokens.access_token,
        id_token=tokens.id_token,
        refresh_token=tokens.refresh_token,
        expires_in=tokens.expires_in,
    )


def logout(caller: Caller, refresh_token: str | None) -> None:
    """Every session of the user ends: the refresh tokens at Cognito at once, the access tokens already
    out on every route within 60 s (karmayogi.platform.revocation)."""
    if refresh_token:
        cognito.revoke(refresh_token)
        repository_sessions.forget_owner(refresh_token)
    cognito.sign_out_everywhere(caller.user_id)
    repository_sessions.revoke_tokens(caller.user_id)
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
    # The code and every token issued so far end in one transaction, before the password changes (a
    # failure of that change leaves the old password and asks for a new code, never a half-reset).
    revoke, not_before = repository_sessions.revoke_tokens_op(user_id)
    otp.consume(code_item, [revoke])
    revocation.remember(user_id, not_before)
    cognito.set_password(user_id, new_password)
    cognito.sign_out_everywhere(user_id)
    logger.info("password reset", extra={"userId": user_id})
    return PasswordReset()
