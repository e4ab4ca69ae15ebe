"""The platform's clock.

In AWS it is the wall clock. The dev server may move it forward (`POST /_local/clock`) so that scheduled
work — event reminders, expiring approvals — can be exercised without waiting; everything that asks for
"now" asks here.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
