"""The events hub's adapter to EventBridge Scheduler: one one-time schedule per (event, reminder kind),
named from both, so creating it again is harmless (create, or update when it exists) and moving or
deleting it needs no lookup. The only file of the hub that talks to Scheduler."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

from botocore.exceptions import ClientError

from karmayogi.platform import aws
from karmayogi.platform.observability import logger
from karmayogi.platform.settings import get_settings

IST = timezone(timedelta(hours=5, minutes=30), "IST")
TIMEZONE = "Asia/Kolkata"
# Scheduler retries a failed delivery to the target this often within this age, then dead-letters it.
RETRY_POLICY = {"MaximumRetryAttempts": 3, "MaximumEventAgeInSeconds": 3600}

def client() -> Any:
    """The EventBridge Scheduler client of this container (karmayogi.platform.aws)."""
    return aws.client("scheduler")


def schedule_name(event_id: str, kind: str) -> str:
    return f"event-{event_id}-{kind}"


def at_expression(moment: datetime) -> str:
    """`at(yyyy-mm-ddThh:mm:ss)` in Asia/Kolkata wall time (IST has no daylight saving)."""
    return f"at({moment.astimezone(IST).strftime('%Y-%m-%dT%H:%M:%S')})"


def _request(event_id: str, kind: str, fire_at: datetime, payload: dict[str, Any]) -> dict[str, Any]:
    settings = get_settings()
    target: dict[str, Any] = {
        "Arn": settings.reminder_target_arn,
        "RoleArn": settings.scheduler_role_arn,
        "Input": json.dumps(payload, separators=(",", ":")),
        "RetryPolicy": dict(RETRY_POLICY),
    }
    if settings.reminder_dlq_arn:
        target["DeadLetterConfig"] = {"Arn": settings.reminder_dlq_arn}
    return {
        "Name": schedule_name(event_id, kind),
        "GroupName": settings.schedule_group_name,
        "Description": f"{kind} reminder of event {event_id}",
        "ScheduleExpression": at_expression(fire_at),
        "ScheduleExpressionTimezone": TIMEZONE,
        "FlexibleTimeWindow": {"Mode": "OFF"},
        "Target": target,
        "ActionAfterCompletion": "DELETE",
        "State": "ENABLED",
    }


def put_schedule(event_id: str, kind: str, fire_at: datetime, payload: dict[str, Any]) -> None:
    """Create the schedule, or move it (UpdateSchedule replaces the whole definition) when it exists."""
    request = _request(event_id, kind, fire_at, payload)
    try:
        client().create_schedule(**request)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "ConflictException":
            raise
        client().update_schedule(**request)
    logger.info("reminder scheduled", extra={"eventId": event_id, "kind": kind})


def delete_schedule(event_id: str, kind: str) -> None:
    """Delete the schedule; one that has fired (and deleted itself) or never existed is fine."""
    try:
        client().delete_schedule(Name=schedule_name(event_id, kind), GroupName=get_settings().schedule_group_name)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "ResourceNotFoundException":
            raise
        return
    logger.info("reminder unscheduled", extra={"eventId": event_id, "kind": kind})
