"""The platform's clock.

In AWS it is the wall clock. The dev server may move it forward (`POST /_local/clock`) so that scheduled
work — event reminders, expiring approvals — can be exercised without waiting; everything that asks for
"now" asks here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

_offset = timedelta(0)


def now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC) + _offset


def now_iso() -> str:
    return to_iso(now())


def epoch_seconds() -> int:
    return int(now().timestamp())


def set_now(moment: datetime) -> None:
    """Move the clock so that `now()` returns `moment` (dev server and tests only)."""
    global _offset  # noqa: PLW0603 - the clock is process-wide by design
    _offset = moment.astimezone(UTC) - datetime.now(UTC)


def reset() -> None:
    global _offset  # noqa: PLW0603
    _offset = timedelta(0)


def to_iso(moment: datetime) -> str:
    """ISO-8601 in UTC with an explicit offset, seconds precision."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse_iso(text: str) -> datetime:
    """Parse an ISO-8601 time; a time without an offset is taken as UTC."""
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


INDIA = timezone(timedelta(hours=5, minutes=30), "IST")


def parse_deadline(text: str) -> datetime:
    """A due or closing date as clients send it: `YYYY-MM-DD` is the end of that day in India
    (23:59:59 IST); a full ISO-8601 time must carry an offset. Returns UTC; ValueError when invalid."""
    value = text.strip()
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(23, 59, 59), INDIA).astimezone(UTC)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise ValueError("must be a date (YYYY-MM-DD) or an ISO-8601 time with offset") from error
    if moment.tzinfo is None:
        raise ValueError("a time needs an offset, e.g. 2026-12-01T17:00:00+05:30")
    return moment.astimezone(UTC)
