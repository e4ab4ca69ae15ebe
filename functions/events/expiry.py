"""The table's stream consumer for expired notifications: when DynamoDB's TTL deletes an in-app
notification that was never read, the reader's unread counter must drop by one, or the badge would count
notifications nobody can see any more.

The event source mapping (infra/constructs/expiry.py) passes on only removals made by the TTL service
(`userIdentity` dynamodb.amazonaws.com) of unread notifications (`NOTIF#` items that still carry their
unread index key); the same test is repeated here, so a broader mapping changes nothing. Records are
processed one by one with partial batch failures: a failed record is retried (then dead-lettered), the
others are not, and each decrement happens at most once (karmayogi.domain.notifications.forget_expired_unread)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
    DynamoDBRecordEventName,
)
from aws_lambda_powertools.utilities.typing import LambdaContext

from karmayogi.domain import notifications
from karmayogi.platform import keys
from karmayogi.platform.observability import logger, metrics, traced

TTL_PRINCIPAL = "dynamodb.amazonaws.com"

processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


def is_expired_unread_notification(record: DynamoDBRecord) -> bool:
    identity = record.user_identity or {}
    if record.event_name != DynamoDBRecordEventName.REMOVE or identity.get("principalId") != TTL_PRINCIPAL:
        return False
    old = record.dynamodb.old_image if record.dynamodb else {}
    return (str(old.get("SK", "")).startswith(keys.NOTIFICATION_SK_PREFIX) and bool(old.get("GSI1PK"))
            and not old.get("read") and bool(old.get("userId")) and bool(old.get("id")))


def forget(record: DynamoDBRecord) -> None:
    if not is_expired_unread_notification(record):
        return
    old = record.dynamodb.old_image if record.dynamodb else {}
    if notifications.forget_expired_unread(str(old["userId"]), str(old["id"])):
        metrics.add_metric(name="ExpiredUnreadNotifications", unit="Count", value=1)


@logger.inject_lambda_context(clear_state=True)
@traced
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """`{"batchItemFailures": [{"itemIdentifier": <sequence number>}, ...]}`: the records to retry."""
    return dict(process_partial_response(event=event, record_handler=forget, processor=processor, context=context))
