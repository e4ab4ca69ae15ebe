"""SES bounce and complaint events: the stage's SES configuration set publishes them to an SNS topic, which
invokes this function (infra/constructs/notifications.py). Permanent bounces and complaints put the
recipient on the email suppression list that `notifications.send_email` honours, so the platform stops
mailing an address that does not exist or that marked its mail as spam (SES's reputation rules).

Each SNS record carries one SES event (JSON). A record that fails raises: SNS retries the invocation, and
writing a suppression twice is harmless. Addresses are never logged."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from karmayogi.domain import notifications
from karmayogi.platform.observability import logger, metrics, traced


def suppressions(event: dict[str, Any]) -> list[str]:
    """The reason of each address suppressed by the SNS event's records (BOUNCE or COMPLAINT)."""
    reasons: list[str] = []
    for record in event.get("Records") or []:
        message = (record.get("Sns") or {}).get("Message") or "{}"
        reasons += notifications.record_ses_feedback(json.loads(message))
    return reasons


@logger.inject_lambda_context(clear_state=True)
@traced
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    reasons = suppressions(event)
    for reason in set(reasons):
        metrics.add_metric(name=f"EmailSuppressed{reason.capitalize()}", unit="Count", value=reasons.count(reason))
    if reasons:
        logger.info("addresses suppressed", extra={"count": len(reasons), "reasons": sorted(set(reasons))})
    return {"suppressed": len(reasons)}
