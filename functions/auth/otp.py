"""One-time codes of the auth hub (registration, password reset, contact change) and the limits on
sending them. Cognito in moto cannot verify codes, and the real platform needs its own rules anyway, so
codes are ours: 6 digits from `secrets`, kept only as an HMAC for 15 minutes, at most 3 wrong tries per
code, and at most 5 messages an hour and 20 a day to one address.

A code never reaches a log line or a response; only the message to its owner carries it."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from functions.auth import repository, repository_codes
from karmayogi.domain import notifications, sms_budget
from karmayogi.platform import clock, db
from karmayogi.platform.errors import AppError, bad_request, too_many_requests
from karmayogi.platform.observability import logger
from karmayogi.platform.settings import get_settings

Purpose = Literal["REGISTER", "RESET", "CHANGE"]
TEMPLATES: dict[str, str] = {"REGISTER": "OTP_REGISTER", "RESET": "OTP_RESET", "CHANGE": "OTP_CHANGE"}
# What a decoy registration (its details belong to an account already) sends instead of a code.
ACCOUNT_EXISTS = "ACCOUNT_EXISTS"

CODE_TTL_SECONDS = 15 * 60
MAX_WRONG_TRIES = 3
HOURLY_SENDS = 5
DAILY_SENDS = 20


def new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def code_hash(purpose: str, subject_id: str, channel: str, code: str) -> str:
    """HMAC-SHA256 bound to what the code is for, so a stored hash is useless anywhere else."""
    key = get_settings().otp_hash_key.encode()
    return hmac.new(key, f"{purpose}|{subject_id}|{channel}|{code}".encode(), hashlib.sha256).hexdigest()


# ---- send limits ----------------------------------------------------------------------------------------


def _windows(now: datetime) -> list[tuple[str, int, int, int]]:
    """(window id, limit, seconds until it ends, epoch when its counter may be deleted)."""
    hour_start = now.replace(minute=0, second=0, microsecond=0)
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    hour_end, day_end = hour_start + timedelta(hours=1), day_start + timedelta(days=1)
    return [
        (
            hour_start.strftime("H%Y%m%d%H"),
            HOURLY_SENDS,
            _seconds_until(now, hour_end),
            int(hour_end.timestamp()) + 3600,
        ),
        (day_start.strftime("D%Y%m%d"), DAILY_SENDS, _seconds_until(now, day_end), int(day_end.timestamp()) + 3600),
    ]


def _seconds_until(now: datetime, end: datetime) -> int:
    return max(1, int((end - now).total_seconds() + 0.999))


@dataclass(frozen=True)
class SendQuota:
    """One message counted against each address's hourly and daily limit: the named transaction
    operations, and what a failed one means (`exceeded`)."""

    operations: list[db.Op]
    windows: dict[str, tuple[str, int, int]]  # operation name → (window id, limit, seconds until it ends)

    def exceeded(self, failed: db.ConditionFailed) -> AppError | None:
        """The 429 SEND_LIMIT_EXCEEDED (with Retry-After until the full window ends) when `failed` is one
        of these counters at its limit; None for anything else."""
        if failed.reason not in self.windows:
            return None
        window, limit, retry_after = self.windows[failed.reason]
        period = "hour" if window.startswith("H") else "day"
        return too_many_requests(
            "SEND_LIMIT_EXCEEDED", f"At most {limit} codes per {period} may be sent to one address", retry_after
        )


def send_quota(addresses: list[str], name: str = "send") -> SendQuota:
    """The counting of one message to each address, to run in the transaction that stores the codes:
    if any address is at a limit, nothing is counted and nothing is stored. The operations are named
    `<name>:<window>`, so two quotas in one transaction need two names."""
    windows = _windows(clock.now())
    named = {f"{name}:{window}": (window, limit, retry_after) for window, limit, retry_after, _ in windows}
    counters = [(f"{name}:{window}", address, window, limit, expires)
                for address in addresses for window, limit, _, expires in windows]
    return SendQuota(repository_codes.send_counter_ops(counters), named)


def refusal(failed: db.ConditionFailed, quota: SendQuota | None = None) -> AppError | None:
    """What a failed code write means for the client: the code used, replaced or locked meanwhile →
    400 OTP_EXPIRED; a send counter of `quota` at its limit → 429; None for other reasons."""
    if failed.reason == repository_codes.CODE:
        return expired()
    return quota.exceeded(failed) if quota is not None else None


def reserve_sends(addresses: list[str], name: str = "send") -> None:
    """Count one message to each address in the current hour and day on its own (429 when at a limit)."""
    quota = send_quota(addresses, name)
    try:
        repository.commit(quota.operations)
    except db.ConditionFailed as failed:
        error = quota.exceeded(failed)
        if error is None:
            raise
        raise error from failed


# ---- issuing and checking codes -------------------------------------------------------------------------


def prepare(purpose: Purpose, subject_id: str, channel: str, address: str, *, decoy: bool = False
            ) -> tuple[str, db.Item]:
    """A fresh code and its item (hash only) for the caller to store before sending. A `decoy` code is
    stored the same way but is 32 random hex digits, never sent: no 6-digit code ever matches it, so
    checking codes against it counts wrong tries and locks exactly like a real one."""
    code = secrets.token_hex(16) if decoy else new_code()
    now = clock.now()
    item = repository_codes.otp_item(
        purpose,
        subject_id,
        channel,
        code_hash=code_hash(purpose, subject_id, channel, code),
        address=address,
        created_at=clock.to_iso(now),
        expires_at=int(now.timestamp()) + CODE_TTL_SECONDS,
    )
    return code, item


def address(channel: str, value: str) -> tuple[str | None, str | None]:
    """Where a code for `channel` goes: `deliver`'s (email, mobile)."""
    return (value, None) if channel == "email" else (None, value)


def deliver(purpose: Purpose, code: str, language: str, *, email: str | None = None, mobile: str | None = None,
            decoy: bool = False, sms_reserved: bool | None = None) -> bool:
    """Send a code (a `decoy`'s code is not sent: the ACCOUNT_EXISTS notice goes instead, to the same
    addresses, through the same channels). False when an SMS was due but the day's SMS budget is spent
    (`notifications.send_sms`); the email goes all the same."""
    template = ACCOUNT_EXISTS if decoy else TEMPLATES[purpose]
    params = {} if decoy else {"code": code}
    if email:
        notifications.send_email(email, template, language, params)
    if mobile:
        return notifications.send_sms(mobile, template, language, params, reserved=sms_reserved)
    return True


def commit_with_sms(write: Callable[[list[db.Item]], None], mobile: str | None) -> bool | None:
    """Run `write(extra_operations)` (one transaction of the caller's) with the SMS about to go to `mobile`
    counted against the day's budget in that same transaction (`sms_budget.Reservation`): a failed request
    writes nothing, the count included. Returns whether the SMS may be sent (None: no SMS)."""
    if not mobile:
        write([])
        return None
    reservation = sms_budget.Reservation()
    for _ in range(2):
        try:
            write(reservation.operations)
            return reservation.granted
        except db.ConditionFailed as failed:
            if failed.reason != sms_budget.OPERATION:
                raise
            reservation.retry()
    write(reservation.operations)
    return reservation.granted


def issue(
    purpose: Purpose,
    subject_id: str,
    channel: str,
    address: str,
    language: str,
    *,
    email: str | None = None,
    mobile: str | None = None,
    quota_for: list[str] | None = None,
    decoy: bool = False,
) -> bool:
    """Replace the live code of (purpose, subject, channel) with a new one and send it. `channel` is
    the channel name the code is checked under; `email`/`mobile` say where it goes. With `quota_for`, the
    message is counted against those addresses' send limits in the same transaction that stores the code
    (429 and nothing stored when at a limit). A `decoy` stores a code that never matches and sends the
    ACCOUNT_EXISTS notice (`prepare`, `deliver`). False when the SMS was not sent (the day's SMS budget)."""
    code, item = prepare(purpose, subject_id, channel, address, decoy=decoy)
    quota = send_quota(quota_for) if quota_for else None
    try:
        sms_reserved = commit_with_sms(
            lambda extra: repository_codes.store_code(item, [*(quota.operations if quota else []), *extra]), mobile)
    except db.ConditionFailed as failed:
        error = refusal(failed, quota)
        if error is None:
            raise
        raise error from failed
    sent = deliver(purpose, code, language, email=email, mobile=mobile, decoy=decoy, sms_reserved=sms_reserved)
    logger.info("otp issued", extra={"purpose": purpose, "subjectId": subject_id, "channel": channel})
    return sent


def expired() -> AppError:
    return bad_request("OTP_EXPIRED", "The code has expired; ask for a new one")


def check(purpose: Purpose, subject_id: str, channel: str, code: str) -> db.Item:
    """The live code item when `code` is right (the caller consumes it with `repository_codes.consume_code_op`
    in the transaction the code authorises). Wrong: 400 OTP_INVALID and one try counted; the fourth
    try at one code: 429 OTP_LOCKED; past 15 minutes or never sent: 400 OTP_EXPIRED."""
    return check_read(purpose, subject_id, channel, code, repository_codes.get_otp(purpose, subject_id, channel))


def check_read(purpose: Purpose, subject_id: str, channel: str, code: str, otp: db.Item | None) -> db.Item:
    """`check` for a code item read already (strongly consistent, with what the code authorises)."""
    now = clock.epoch_seconds()
    if otp is None or int(otp["expiresAt"]) <= now:
        raise expired()
    if int(otp["attempts"]) >= MAX_WRONG_TRIES:
        raise locked(int(otp["expiresAt"]) - now)
    if hmac.compare_digest(otp["codeHash"], code_hash(purpose, subject_id, channel, code)):
        return otp
    attempts = repository_codes.record_wrong_attempt(otp, MAX_WRONG_TRIES)
    logger.info(
        "otp wrong", extra={"purpose": purpose, "subjectId": subject_id, "channel": channel, "attempts": attempts}
    )
    if attempts is None:  # another request locked it or replaced it meanwhile
        raise locked(int(otp["expiresAt"]) - now)
    left = MAX_WRONG_TRIES - attempts
    raise bad_request("OTP_INVALID", "The code is not right", {"attemptsLeft": left})


def locked(seconds_left: int) -> AppError:
    return too_many_requests("OTP_LOCKED", "Too many wrong codes; ask for a new code", max(1, seconds_left))


def consume(otp: db.Item, with_operations: Sequence[db.Item] = ()) -> None:
    """Use a right code up (400 OTP_EXPIRED when it was used, replaced or locked meanwhile), in one
    transaction with `with_operations` (what the code authorises)."""
    try:
        repository_codes.consume_code(otp, MAX_WRONG_TRIES, with_operations)
    except db.ConditionFailed as failed:
        error = refusal(failed)
        if error is None:
            raise
        raise error from failed
