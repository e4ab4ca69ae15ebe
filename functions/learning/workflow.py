"""The enrolment workflow's task entry point: Step Functions invokes `handler` with
`{"action", "enrolmentId", ...}` (infra/workflows/enrolment.asl.json). Each action is idempotent, so the
workflow's retries and at-least-once delivery change nothing twice.

Errors tell the state machine what to do: `TransientError` (throttling, a busy dependency) is retried by
the task's Retry; anything else fails the task and its Catch compensates (releases the seat)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.exceptions import ClientError

from karmayogi.platform import db
from karmayogi.platform.errors import AppError
from karmayogi.platform.observability import logger


class TransientError(Exception):
    """Retry me (the Retry of every task state names this error type)."""


class StepFailed(Exception):
    """A step cannot succeed; the state machine's Catch compensates."""


def _run(action: str, event: dict[str, Any]) -> dict[str, Any]:
    from functions.learning import enrolments, progress

    enrolment_id = str(event["enrolmentId"])
    if action == "follow_up_completion":
        return progress.step_follow_up(enrolment_id)
    if action == "check":
        return enrolments.step_check(enrolment_id)
    if action == "reserve_seat":
        return enrolments.step_reserve_seat(enrolment_id)
    if action == "await_approval":
        return enrolments.step_await_approval(enrolment_id, str(event["taskToken"]))
    if action == "confirm":
        return enrolments.step_confirm(enrolment_id)
    if action == "release_seat":
        return enrolments.step_release_seat(enrolment_id, str(event["outcome"]))
    raise StepFailed(f"unknown action {action!r}")


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    action = str(event.get("action", ""))
    logger.append_keys(action=action, enrolmentId=event.get("enrolmentId"))
    try:
        result = _run(action, event)
    except AppError as error:
        if error.status in (429, 503):
            raise TransientError(error.code) from error
        logger.warning("enrolment step refused", extra={"code": error.code})
        raise StepFailed(error.code) from error
    except db.ConditionFailed as failed:  # a condition no step expected: the state changed under it
        logger.warning("enrolment step refused", extra={"reason": failed.reason})
        raise StepFailed(failed.reason) from failed
    except ClientError as error:
        if db.is_throttling(error) or error.response.get("Error", {}).get("Code") == "TransactionCanceledException":
            raise TransientError(error.response["Error"]["Code"]) from error
        logger.exception("enrolment step failed")
        raise
    logger.info("enrolment step done", extra={"result": result})
    return result
