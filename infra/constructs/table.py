"""The single DynamoDB table (single-table design), keys and indexes from infra/definitions."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from infra import definitions

_TYPES = {"S": dynamodb.AttributeType.STRING, "N": dynamodb.AttributeType.NUMBER}


class Table(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, stage: str) -> None:
        super().__init__(scope, construct_id)
        self.table = dynamodb.TableV2(
            self,
            "Table",
            table_name=definitions.table_name(stage),
            partition_key=dynamodb.Attribute(name=definitions.PARTITION_KEY, type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name=definitions.SORT_KEY, type=dynamodb.AttributeType.STRING),
            billing=dynamodb.Billing.on_demand(),
            global_secondary_indexes=[
                dynamodb.GlobalSecondaryIndexPropsV2(
                    index_name=index.name,
                    partition_key=dynamodb.Attribute(name=index.partition_key, type=dynamodb.AttributeType.STRING),
                    sort_key=dynamodb.Attribute(name=index.sort_key, type=_TYPES[index.sort_key_type]),
                    projection_type=dynamodb.ProjectionType.ALL,
                )
                for index in definitions.GLOBAL_INDEXES
            ],
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
            time_to_live_attribute=definitions.TTL_ATTRIBUTE,
            # Old images of changed items: the notification-expiry consumer (infra/constructs/expiry.py)
            # needs what the TTL deleted.
            dynamo_stream=dynamodb.StreamViewType.OLD_IMAGE,
            encryption=dynamodb.TableEncryptionV2.dynamo_owned_key(),
        )
