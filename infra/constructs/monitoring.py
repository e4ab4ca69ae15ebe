"""Alarms and one dashboard. Every alarm notifies one encrypted SNS topic (subscribe the on-call address
with `alarmEmail` in cdk.json, or by hand: see docs/runbook.md)."""

from __future__ import annotations

from typing import Any

from aws_cdk import Duration, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from infra.constructs.config import StageConfig
from infra.constructs.hub_function import HubFunction

PERIOD = Duration.minutes(5)
SMS_BUDGET_ALARM_PERCENT = 80
SMS_SPEND_ALARM_SHARE = 0.8
SMS_MINIMUM_VOLUME = 10  # SMS in an hour before the failure rate means anything
TABLE_OPERATIONS = [
    dynamodb.Operation.GET_ITEM,
    dynamodb.Operation.PUT_ITEM,
    dynamodb.Operation.UPDATE_ITEM,
    dynamodb.Operation.DELETE_ITEM,
    dynamodb.Operation.QUERY,
    dynamodb.Operation.BATCH_GET_ITEM,
    dynamodb.Operation.BATCH_WRITE_ITEM,
    dynamodb.Operation.TRANSACT_WRITE_ITEMS,
    dynamodb.Operation.TRANSACT_GET_ITEMS,
]


class Monitoring(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        api: apigw.RestApi,
        functions: list[HubFunction],
        table: dynamodb.TableV2,
        dead_letter_queue: sqs.IQueue,
        state_machine: sfn.StateMachine,
    ) -> None:
        super().__init__(scope, construct_id)
        stage = config.stage
        self.key = kms.Key(
            self,
            "AlarmTopicKey",
            description=f"Karmayogi {stage}: encrypts the alarm topic",
            enable_key_rotation=True,
        )
        # CloudWatch must be able to use the key to publish alarm notifications to the encrypted topic.
        self.key.add_to_resource_policy(
            iam.PolicyStatement(
                actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
                resources=["*"],
                conditions={"StringEquals": {"aws:SourceAccount": Stack.of(self).account}},
            )
        )
        self.topic = sns.Topic(
            self,
            "AlarmTopic",
            topic_name=f"karmayogi-{stage}-alarms",
            display_name=f"Karmayogi {stage} alarms",
            master_key=self.key,
            enforce_ssl=True,
        )
        if config.alarm_email:
            self.topic.add_subscription(subscriptions.EmailSubscription(config.alarm_email))
        self.alarms: list[cloudwatch.Alarm] = []
        action = actions.SnsAction(self.topic)

        def alarm(
            construct_id: str,
            metric: cloudwatch.IMetric,
            threshold: float,
            description: str,
            evaluation_periods: int = 1,
        ) -> cloudwatch.Alarm:
            created = cloudwatch.Alarm(
                self,
                construct_id,
                alarm_name=f"karmayogi-{stage}-{construct_id}",
                alarm_description=description,
                metric=metric,
                threshold=threshold,
                evaluation_periods=evaluation_periods,
                comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            )
            created.add_alarm_action(action)
            created.add_ok_action(action)
            self.alarms.append(created)
            return created

        api_5xx = api.metric_server_error(period=PERIOD, statistic="Sum")
        alarm("api-5xx", api_5xx, config.api_5xx_threshold, "API Gateway 5xx responses (5 min sum)")

        for hub_function in functions:
            fn = hub_function.function
            alarm(
                f"{hub_function.name}-errors",
                fn.metric_errors(period=PERIOD, statistic="Sum"),
                1,
                f"{hub_function.function_name}: invocation errors (unhandled exceptions, timeouts)",
            )
            alarm(
                f"{hub_function.name}-throttles",
                fn.metric_throttles(period=PERIOD, statistic="Sum"),
                1,
                f"{hub_function.function_name}: throttled invocations (concurrency limit)",
            )

        table_throttles = table.metric_throttled_requests_for_operations(operations=TABLE_OPERATIONS, period=PERIOD)
        table_system_errors = table.metric_system_errors_for_operations(operations=TABLE_OPERATIONS, period=PERIOD)
        table_user_errors = table.metric_user_errors(period=PERIOD, statistic="Sum")
        alarm("table-throttled-requests", table_throttles, 1, "DynamoDB requests throttled (hot key?)")
        alarm("table-system-errors", table_system_errors, 1, "DynamoDB returned 500s (service side)")
        alarm(
            "table-user-errors",
            table_user_errors,
            config.ddb_user_errors_threshold,
            "DynamoDB 400s other than condition failures (bad requests from our code; account-wide)",
        )
        dlq_depth = dead_letter_queue.metric_approximate_number_of_messages_visible(period=PERIOD, statistic="Maximum")
        alarm("reminder-dlq-depth", dlq_depth, 1, "Event reminders that failed after all retries")
        workflow_failed = state_machine.metric_failed(period=PERIOD, statistic="Sum")
        alarm("enrolment-workflow-failed", workflow_failed, 1, "Enrolment workflow executions failed")

        sms_spend, sms_failure_rate = self._sms_alarms(config, alarm)

        self.dashboard = cloudwatch.Dashboard(
            self,
            "Dashboard",
            dashboard_name=f"karmayogi-{stage}",
            default_interval=Duration.hours(6),
        )
        self.dashboard.add_widgets(
            cloudwatch.AlarmStatusWidget(title="Alarms", alarms=self.alarms, width=24, height=4),
        )
        self.dashboard.add_widgets(
            cloudwatch.GraphWidget(
                title="API requests",
                left=[api.metric_count(period=PERIOD, statistic="Sum")],
                right=[api.metric_client_error(period=PERIOD, statistic="Sum"), api_5xx],
                width=12,
            ),
            cloudwatch.GraphWidget(
                title="API latency (p50, p99)",
                left=[
                    api.metric_latency(period=PERIOD, statistic="p50"),
                    api.metric_latency(period=PERIOD, statistic="p99"),
                    api.metric_integration_latency(period=PERIOD, statistic="p99"),
                ],
                width=12,
            ),
        )
        self.dashboard.add_widgets(
            cloudwatch.GraphWidget(
                title="Lambda errors",
                left=[f.function.metric_errors(period=PERIOD, statistic="Sum") for f in functions],
                width=8,
            ),
            cloudwatch.GraphWidget(
                title="Lambda throttles",
                left=[f.function.metric_throttles(period=PERIOD, statistic="Sum") for f in functions],
                width=8,
            ),
            cloudwatch.GraphWidget(
                title="Lambda duration p99",
                left=[f.function.metric_duration(period=PERIOD, statistic="p99") for f in functions],
                width=8,
            ),
        )
        self.dashboard.add_widgets(
            cloudwatch.GraphWidget(
                title="DynamoDB consumed capacity",
                left=[
                    table.metric_consumed_read_capacity_units(period=PERIOD),
                    table.metric_consumed_write_capacity_units(period=PERIOD),
                ],
                width=8,
            ),
            cloudwatch.GraphWidget(
                title="DynamoDB throttled requests, user errors",
                left=[table_throttles],
                right=[table_user_errors],
                width=8,
            ),
            cloudwatch.GraphWidget(title="DynamoDB system errors", left=[table_system_errors], width=8),
        )
        self.dashboard.add_widgets(
            cloudwatch.GraphWidget(
                title="Reminder DLQ depth, enrolment workflow failures",
                left=[dlq_depth],
                right=[
                    workflow_failed,
                    state_machine.metric_succeeded(period=PERIOD, statistic="Sum"),
                ],
                width=8,
            ),
            cloudwatch.GraphWidget(
                title="SMS: month-to-date spend (USD), failure rate (%)",
                left=[sms_spend],
                right=[sms_failure_rate],
                width=8,
            ),
        )

    def _sms_alarms(self, config: StageConfig, alarm: Any) -> tuple[cloudwatch.IMetric, cloudwatch.IMetric]:
        """SNS SMS: the month's spend against the account's spend limit (SNS stops sending at the limit: OTPs
        stop with it), and the share of failed SMS (an unregistered DLT template, a blocked header)."""
        spend = cloudwatch.Metric(
            namespace="AWS/SNS", metric_name="SMSMonthToDateSpentUSD", statistic="Maximum", period=PERIOD
        )
        alarm(
            "sms-spend",
            spend,
            round(config.sms_monthly_spend_limit_usd * SMS_SPEND_ALARM_SHARE, 2),
            f"SMS spend this month passed {int(SMS_SPEND_ALARM_SHARE * 100)}% of the account's SMS spend limit "
            f"(USD {config.sms_monthly_spend_limit_usd}): raise it (docs/runbook.md § 5) before SNS stops sending",
        )

        def sms(metric_name: str) -> cloudwatch.Metric:
            # SMS published straight to a phone number report under PhoneNumber=PhoneNumberDirect.
            return cloudwatch.Metric(
                namespace="AWS/SNS", metric_name=metric_name, dimensions_map={"PhoneNumber": "PhoneNumberDirect"},
                statistic="Sum", period=Duration.hours(1),
            )

        failure_rate = cloudwatch.MathExpression(
            expression=f"IF((failed + delivered) >= {SMS_MINIMUM_VOLUME}, 100 * failed / (failed + delivered), 0)",
            using_metrics={"failed": sms("NumberOfNotificationsFailed"), "delivered": sms("NumberOfNotificationsDelivered")},
            label="SMS failed (%)",
            period=Duration.hours(1),
        )
        alarm(
            "sms-failure-rate",
            failure_rate,
            config.sms_failure_rate_percent,
            f"More than {config.sms_failure_rate_percent}% of the last hour's SMS failed (at least "
            f"{SMS_MINIMUM_VOLUME} sent): check the DLT registration and the SNS delivery logs (docs/runbook.md § 5)",
        )
        self._sms_budget_alarms(config, alarm)
        return spend, failure_rate

    @staticmethod
    def _sms_budget_alarms(config: StageConfig, alarm: Any) -> None:
        """The platform's own daily SMS budget (karmayogi.domain.sms_budget, Powertools metrics): its use
        passing 80 % of smsDailyLimit, and any SMS not sent because it is spent (OTPs then go by email only)."""

        def budget(metric_name: str, statistic: str) -> cloudwatch.Metric:
            return cloudwatch.Metric(namespace="Karmayogi", metric_name=metric_name, statistic=statistic,
                                     dimensions_map={"service": "karmayogi"}, period=PERIOD)

        alarm(
            "sms-daily-budget",
            budget("SmsBudgetUsedPercent", "Maximum"),
            SMS_BUDGET_ALARM_PERCENT,
            f"Today's SMS passed {SMS_BUDGET_ALARM_PERCENT}% of the daily SMS budget ({config.sms_daily_limit}): "
            "raise smsDailyLimit (and the SNS spend limit with it) or find the flood (docs/runbook.md § 5)",
        )
        alarm(
            "sms-budget-spent",
            budget("SmsNotSentBudget", "Sum"),
            1,
            "SMS not sent: the daily SMS budget is spent (OTPs go by email only until midnight IST)",
        )
