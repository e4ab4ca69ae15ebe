"""The EventBridge Scheduler target: one invocation per (event, reminder kind) with the schedule's input
`{"eventId", "kind", "startTime"}`. Sends the reminder to every registrant still REGISTERED (kind
"cancelled": the cancellation notice to every registrant of a cancelled event), each once even when
Scheduler delivers the invocation twice or retries it; fails (so that it is retried, then dead-lettered)
only when some messages could not be sent."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from functions.events import delivery
from functions.events.models import ReminderInput
from karmayogi.platform.observability import logger, metrics, traced

# Stop sending this long before the function's timeout: a run is never cut off between claiming a
# registrant's "sent" marker and sending, and the retry carries on from where this run stopped.
SAFETY_MS = 10_000


@logger.inject_lambda_context(clear_state=True)
@traced
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    payload = ReminderInput.model_validate(event)
    return delivery.send_reminders(payload, out_of_time=lambda: context.get_remaining_time_in_millis() < SAFETY_MS)
