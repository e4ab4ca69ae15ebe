"""The learning hub's only Step Functions code: start an enrolment execution, answer a waiting approval.

Like repository.py for DynamoDB, this is the one module that talks to Step Functions; the service sees
plain functions and AppErrors."""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import ClientError

from karmayogi.platform import aws
from karmayogi.platform.errors import AppError, conflict, unavailable
from karmayogi.platform.observability import logger
from karmayogi.platform.settings import get_settings

# Errors the approval wait catches (infra/workflows/enrolment.asl.json, state AwaitApproval).
REJECTED = "Approval.Rejected"
# Ends an approval wait as its 14-day timeout would (the dev server's clock, local/approvals.py): the
# workflow catches it with States.Timeout, so both take the Expired path.
EXPIRED = "Approval.Expired"
WITHDRAWN = "Approval.Withdrawn"


def _sfn() -> Any:
    """The Step Functions client of this container (karmayogi.platform.aws)."""
    return aws.client("stepfunctions")


def start(enrolment_id: str, *, name: str | None = None, resume: str = "new") -> None:
    """Start the enrolment workflow. The execution name is the enrolment id (or `name`), so a retried
    request cannot start a second execution for the same enrolment."""
    arn = get_settings().enrolment_state_machine_arn
    if not arn:
        raise AppError(500, "WORKFLOW_NOT_CONFIGURED", "The enrolment workflow is not configured")
    payload = {"enrolmentId": enrolment_id, "resume": resume}
    try:
        _sfn().start_execution(stateMachineArn=arn, name=name or enrolment_id, input=json.dumps(payload))
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code == "ExecutionAlreadyExists":
            logger.info("enrolment execution exists already", extra={"enrolmentId": enrolment_id})
            return
        if code in ("ThrottlingException", "ServiceUnavailable", "InternalServerError"):
            raise unavailable() from error
        raise


def _answer(call: str, **kwargs: Any) -> None:
    try:
        getattr(_sfn(), call)(**kwargs)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code in ("TaskTimedOut", "TaskDoesNotExist", "InvalidToken"):
            raise conflict("APPROVAL_EXPIRED", "This request is no longer waiting for a decision") from error
        if code in ("ThrottlingException", "ServiceUnavailable", "InternalServerError"):
            raise unavailable() from error
        raise


def approve(task_token: str, decided_by: str) -> None:
    _answer("send_task_success", taskToken=task_token,
            output=json.dumps({"decision": "APPROVED", "decidedBy": decided_by}))


def reject(task_token: str, error: str = REJECTED, cause: str = "") -> None:
    _answer("send_task_failure", taskToken=task_token, error=error, cause=cause[:256])
