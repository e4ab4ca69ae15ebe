"""Fires due EventBridge Scheduler schedules on the dev clock (moto stores schedules but never fires
them). The events hub's reminder target is invoked with each schedule's input, as Scheduler would.

Reads moto's scheduler backend in this process (the dev server and the tests run moto in-process), so it
depends on moto internals (`scheduler_backends`, `ScheduleGroup.schedules`, `Schedule.target` …): moto is
pinned, and tests/events/test_local_schedules.py fails loudly if an upgrade changes them.

Only one-time `at(...)` schedules fire. After a successful invocation the schedule is deleted
(ActionAfterCompletion DELETE) or, otherwise, remembered as fired. A failing target is retried on later
ticks up to the schedule's RetryPolicy (at most MAX_LOCAL_ATTEMPTS), then "dead-lettered": recorded in
`dead_letters` (the local stand-in for the DLQ) and deleted."""

from __future__ import annotations

import importlib
import json
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

from karmayogi.platform import clock
from karmayogi.platform.observability import logger

# Target function name (the last part of a Lambda ARN) → the handler that Lambda runs.
TARGETS: dict[str, str] = {
    "karmayogi-local-reminders": "functions.events.reminders.handler",
    "karmayogi-local-events-reminders": "functions.events.reminders.handler",
}
MAX_LOCAL_ATTEMPTS = 4

_AT = re.compile(r"^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$")
_lock = threading.Lock()
_fired: set[tuple[str, str]] = set()
_attempts: dict[tuple[str, str], int] = {}
dead_letters: list[dict[str, Any]] = []


@dataclass
class _Context:
    """Enough of the Lambda context for Powertools."""

    function_name: str
    memory_limit_in_mb: int = 256
    aws_request_id: str = field(default="local-scheduler")
    invoked_function_arn: str = ""

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 60_000


def _zone(name: str | None) -> tzinfo:
    if not name or name == "UTC":
        return UTC
    if name == "Asia/Kolkata":
        return timezone(timedelta(hours=5, minutes=30))  # no daylight saving: no tz database needed
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def due_time(schedule: Any) -> datetime | None:
    """When a one-time schedule is due (UTC); None for recurring or malformed expressions."""
    found = _AT.match(getattr(schedule, "schedule_expression", "") or "")
    if not found:
        return None
    local = datetime.fromisoformat(found.group(1)).replace(tzinfo=_zone(schedule.schedule_expression_timezone))
    return local.astimezone(UTC)


def _handler_for(arn: str) -> Any:
    path = TARGETS.get(arn.rsplit(":", 1)[-1])
    if path is None:
        return None
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _backend() -> Any:
    from moto.scheduler.models import scheduler_backends

    from local.aws import ACCOUNT, REGION

    return scheduler_backends[ACCOUNT][REGION]


def fire_due() -> int:
    """Fire every one-time schedule whose time has come on the platform clock, oldest first; returns
    how many fired successfully. Safe to call from several threads (one firing at a time)."""
    with _lock:
        now = clock.now()
        due: list[tuple[datetime, Any, Any]] = []
        for group in list(_backend().schedule_groups.values()):
            for schedule in list(group.schedules.values()):
                when = due_time(schedule)
                if when is None or when > now or (schedule.state or "ENABLED") != "ENABLED":
                    continue
                if (schedule.arn, schedule.schedule_expression) in _fired:
                    continue
                due.append((when, group, schedule))
        due.sort(key=lambda entry: entry[0])
        fired = 0
        for _, group, schedule in due:
            fired += _fire(group, schedule)
        return fired


def _fire(group: Any, schedule: Any) -> int:
    target = schedule.target or {}
    handler = _handler_for(str(target.get("Arn", "")))
    key = (schedule.arn, schedule.schedule_expression)
    if handler is None:
        logger.warning("schedule target unknown locally; not fired", extra={"schedule": schedule.name})
        _fired.add(key)
        return 0
    try:
        payload = json.loads(target.get("Input") or "{}")
        handler(payload, _Context(function_name=str(target["Arn"]).rsplit(":", 1)[-1],
                                  invoked_function_arn=str(target["Arn"])))
    except Exception as error:
        attempts = _attempts.get(key, 0) + 1
        _attempts[key] = attempts
        allowed = min(MAX_LOCAL_ATTEMPTS, 1 + int((target.get("RetryPolicy") or {}).get("MaximumRetryAttempts", 0)))
        logger.warning("scheduled target failed", extra={"schedule": schedule.name, "attempt": attempts})
        if attempts >= allowed:
            dead_letters.append({"schedule": schedule.name, "group": group.name, "input": target.get("Input"),
                                 "deadLetterArn": (target.get("DeadLetterConfig") or {}).get("Arn"),
                                 "error": repr(error)})
            _complete(group, schedule, key, delete=True)
        return 0
    _complete(group, schedule, key, delete=schedule.action_after_completion == "DELETE")
    return 1


def _complete(group: Any, schedule: Any, key: tuple[str, str], *, delete: bool) -> None:
    _attempts.pop(key, None)
    if delete:
        # Only if it is still the schedule that fired (it may have been moved meanwhile).
        current = group.schedules.get(schedule.name)
        if current is schedule and current.schedule_expression == key[1]:
            group.schedules.pop(schedule.name, None)
    else:
        _fired.add(key)


def reset() -> None:
    """Forget what fired, failed and was dead-lettered (tests start each platform afresh)."""
    with _lock:
        _fired.clear()
        _attempts.clear()
        dead_letters.clear()
