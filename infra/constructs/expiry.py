"""Expired notifications: the table's stream (old images) feeds a small Lambda that takes each unread
in-app notification the TTL deletes off its reader's unread counter (functions/events/expiry.py).

The event source mapping filters before invoking, so the function runs only for TTL removals of unread
notifications (not for the table's other writes); failed records are retried with the batch bisected,
then sent to the platform's dead-letter queue (whose depth is alarmed on)."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.constructs.hub_function import FunctionDefaults, HubFunction

EXPIRY_HANDLER = "functions.events.expiry.handler"
NOTIFICATION_SK_PREFIX = "NOTIF#"  # karmayogi.platform.keys.NOTIFICATION_SK_PREFIX
TTL_PRINCIPAL = "dynamodb.amazonaws.com"  # who deletes items whose TTL has passed

EXPIRED_UNREAD_NOTIFICATIONS = lambda_.FilterCriteria.filter({
    "eventName": lambda_.FilterRule.is_equal("REMOVE"),
    "userIdentity": {
        "type": lambda_.FilterRule.is_equal("Service"),
        "principalId": lambda_.FilterRule.is_equal(TTL_PRINCIPAL),
    },
    "dynamodb": {
        "OldImage": {
            "SK": {"S": lambda_.FilterRule.begins_with(NOTIFICATION_SK_PREFIX)},
            "GSI1PK": {"S": lambda_.FilterRule.exists()},  # unread: reading removes the unread index key
        },
    },
})


class NotificationExpiry(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, defaults: FunctionDefaults,
                 table: dynamodb.TableV2, dead_letter_queue: sqs.IQueue) -> None:
        super().__init__(scope, construct_id)
        self.expiry = HubFunction(
            self,
            "Expiry",
            name="events-expiry",
            hub="events",
            handler=EXPIRY_HANDLER,
            defaults=defaults,
            description="Takes unread notifications the TTL deletes off their reader's unread counter",
            timeout=Duration.seconds(60),
        )
        self.expiry.function.add_event_source(
            sources.DynamoEventSource(
                table,
                starting_position=lambda_.StartingPosition.TRIM_HORIZON,
                batch_size=100,
                max_batching_window=Duration.seconds(10),
                bisect_batch_on_error=True,
                retry_attempts=5,
                max_record_age=Duration.days(1),
                report_batch_item_failures=True,
                on_failure=sources.SqsDlq(dead_letter_queue),
                filters=[EXPIRED_UNREAD_NOTIFICATIONS],
            )
        )
