"""Event reminders: the EventBridge Scheduler group the events hub puts one-off schedules in, the Lambda
the schedules invoke, the role the scheduler assumes to invoke it, and a dead-letter queue for reminders
that fail after retries (both the Lambda's async retries and the scheduler's own delivery)."""

from __future__ import annotations

from aws_cdk import Aws, Duration, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra import definitions
from infra.constructs.hub_function import FunctionDefaults, HubFunction
from infra.constructs.nag import acknowledge, logical_id

REMINDER_HANDLER = "functions.events.reminders.handler"


def schedules_arn_pattern(group_name: str) -> str:
    """ARN of every schedule in a group. Built from pseudo parameters (not the synth-time account and
    region) so the policy, and the nag finding id that acknowledges it, are the same in every
    environment."""
    return f"arn:{Aws.PARTITION}:scheduler:{Aws.REGION}:{Aws.ACCOUNT_ID}:schedule/{group_name}/*"


class Schedules(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, defaults: FunctionDefaults) -> None:
        super().__init__(scope, construct_id)
        stage = defaults.config.stage
        stack = Stack.of(self)

        self.group_name = definitions.schedule_group_name(stage)
        self.group = scheduler.ScheduleGroup(
            self,
            "Group",
            schedule_group_name=self.group_name,
            removal_policy=RemovalPolicy.DESTROY,
        )

        self.dead_letter_queue = sqs.Queue(
            self,
            "ReminderDlq",
            queue_name=f"karmayogi-{stage}-reminders-dlq",
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=Duration.days(14),
        )
        acknowledge(
            self.dead_letter_queue,
            "AwsSolutions-SQS3",
            "This queue is itself the dead-letter queue of the reminder Lambda and of the reminder "
            "schedules; a DLQ for a DLQ adds nothing (its depth is alarmed on instead).",
        )

        self.reminder = HubFunction(
            self,
            "Reminders",
            name="events-reminders",
            hub="events",
            handler=REMINDER_HANDLER,
            defaults=defaults,
            description="Sends an event's reminder (email and SMS) when its schedule fires",
            timeout=Duration.seconds(60),
        )
        self.reminder.function.configure_async_invoke(
            retry_attempts=2,
            max_event_age=Duration.hours(6),
            on_failure=destinations.SqsDestination(self.dead_letter_queue),
        )

        # Confused-deputy guard as EventBridge Scheduler documents it: aws:SourceArn is the ARN of the
        # schedule *group* (Scheduler passes the group's ARN, never a schedule's: a condition naming
        # schedules never matches, and no reminder would ever fire), and aws:SourceAccount the account.
        self.scheduler_role = iam.Role(
            self,
            "SchedulerRole",
            assumed_by=iam.ServicePrincipal(
                "scheduler.amazonaws.com",
                conditions={
                    "StringEquals": {
                        "aws:SourceAccount": stack.account,
                        "aws:SourceArn": self.group.schedule_group_arn,
                    },
                },
            ),
            description="Assumed by EventBridge Scheduler to invoke the event reminder Lambda",
        )
        self.reminder.function.grant_invoke(self.scheduler_role)
        self.dead_letter_queue.grant_send_messages(self.scheduler_role)
        acknowledge(
            self.scheduler_role,
            f"AwsSolutions-IAM5[Resource::<{logical_id(self.reminder.function)}.Arn>:*]",
            "lambda:InvokeFunction on the reminder function and its versions/aliases (CDK grantInvoke); "
            "the scheduler invokes only this function.",
        )

    @property
    def schedules_arn_pattern(self) -> str:
        """ARN of every schedule in the group (the events hub creates and deletes them)."""
        return schedules_arn_pattern(self.group_name)
