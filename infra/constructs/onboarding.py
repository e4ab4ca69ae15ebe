"""Bulk onboarding (functions/auth/import_worker.py, functions/auth/invitations.py): the import's state machine
(a Distributed Map over the normalised CSV in the media bucket), the Lambda that runs its steps, and the paced
sender of invitations behind an SQS queue.

The definition is infra/workflows/import.asl.json (placeholder `${ImportTaskFunctionArn}`); the dev server runs
the same steps in order (functions/auth/imports.run_here)."""

from __future__ import annotations

import re

from aws_cdk import ArnFormat, Duration, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from infra import definitions
from infra.constructs.hub_function import FunctionDefaults, HubFunction
from infra.constructs.nag import acknowledge, logical_id

_PLACEHOLDER = re.compile(r"\$\{([A-Za-z][A-Za-z0-9_]*)\}")
WORKER_TIMEOUT = Duration.minutes(5)  # a batch of 100 rows is a few seconds; a 20 MiB file's check under a minute
SENDER_TIMEOUT = Duration.seconds(60)
# Invitations per second per sender instance, times SENDER_CONCURRENCY: 2 x 5/s = 10 invitations (20 messages)
# a second, under SES's and SNS's default account rates (docs/runbook.md "National roll-out").
SENDER_CONCURRENCY = 2
SEND_RATE_PER_SENDER = 5


class Onboarding(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, defaults: FunctionDefaults,
                 bucket: s3.IBucket) -> None:
        super().__init__(scope, construct_id)
        stage = defaults.config.stage
        state_machine_name = definitions.import_state_machine_name(stage)
        self.state_machine_arn = Stack.of(self).format_arn(
            service="states", resource="stateMachine", resource_name=state_machine_name,
            arn_format=ArnFormat.COLON_RESOURCE_NAME)
        imports = self.imports_arn = bucket.arn_for_objects(f"{definitions.IMPORTS_PREFIX}*")
        self.imports_wildcard = f"AwsSolutions-IAM5[Resource::<{logical_id(bucket)}.Arn>/{definitions.IMPORTS_PREFIX}*]"

        # ---- the sender: SQS → a Lambda with little concurrency, paced within each invocation ----
        self.dead_letter_queue = sqs.Queue(
            self, "InvitationsDlq", queue_name=f"karmayogi-{stage}-invitations-dlq",
            encryption=sqs.QueueEncryption.SQS_MANAGED, enforce_ssl=True, retention_period=Duration.days(14))
        acknowledge(self.dead_letter_queue, "AwsSolutions-SQS3",
                    "This queue is the dead-letter queue of the invitations queue; a DLQ for a DLQ adds nothing.")
        self.queue = sqs.Queue(
            self, "Invitations", queue_name=f"karmayogi-{stage}-invitations",
            encryption=sqs.QueueEncryption.SQS_MANAGED, enforce_ssl=True, retention_period=Duration.days(4),
            visibility_timeout=Duration.seconds(SENDER_TIMEOUT.to_seconds() * 6),
            dead_letter_queue=sqs.DeadLetterQueue(queue=self.dead_letter_queue, max_receive_count=5))
        self.sender = HubFunction(
            self, "Sender", name="auth-invitations", hub="auth", handler="functions.auth.invitations.handler",
            defaults=defaults, description="Sends bulk-import invitations (email and SMS), paced under the rate limits",
            environment={"INVITATION_SEND_RATE": str(SEND_RATE_PER_SENDER)}, timeout=SENDER_TIMEOUT)
        self.sender.function.add_event_source(sources.SqsEventSource(
            self.queue, batch_size=10, max_concurrency=SENDER_CONCURRENCY, report_batch_item_failures=True))

        # ---- the import's steps ----
        self.worker = HubFunction(
            self, "Worker", name="auth-imports", hub="auth", handler="functions.auth.import_worker.handler",
            defaults=defaults, description="Steps of a bulk import: check the file, invite a batch of rows, finish",
            environment={"MEDIA_BUCKET": bucket.bucket_name, "INVITATIONS_QUEUE_URL": self.queue.queue_url},
            timeout=WORKER_TIMEOUT)
        self.worker.function.add_to_role_policy(iam.PolicyStatement(
            sid="ImportFiles", actions=["s3:GetObject", "s3:PutObject"], resources=[imports]))
        self.queue.grant_send_messages(self.worker.function)
        acknowledge(self.worker.role, self.imports_wildcard,
                    "The import worker reads the uploaded file and writes its normalised copy under "
                    "imports/<org>/<import>/ (ids made per import); nothing else in the bucket.")

        template = definitions.IMPORT_WORKFLOW_FILE.read_text()
        substitutions = {"ImportTaskFunctionArn": self.worker.function.function_arn}
        unknown = sorted(set(_PLACEHOLDER.findall(template)) - set(substitutions))
        if unknown:
            raise ValueError(f"{definitions.IMPORT_WORKFLOW_FILE} uses placeholders {unknown} that infra/constructs/"
                             f"onboarding.py does not substitute")
        self.log_group = logs.LogGroup(
            self, "Logs", log_group_name=f"/aws/vendedlogs/states/{state_machine_name}",
            retention=defaults.config.log_retention, removal_policy=RemovalPolicy.DESTROY)
        self.state_machine = sfn.StateMachine(
            self, "Import", state_machine_name=state_machine_name, state_machine_type=sfn.StateMachineType.STANDARD,
            definition_body=sfn.DefinitionBody.from_string(
                definitions.render_enrolment_workflow(substitutions, definitions.IMPORT_WORKFLOW_FILE)),
            logs=sfn.LogOptions(destination=self.log_group, level=sfn.LogLevel.ALL,
                                include_execution_data=False),  # rows carry names, emails and mobiles
            tracing_enabled=True,
            timeout=Duration.hours(6))
        self.worker.function.grant_invoke(self.state_machine)
        role = self.state_machine.role
        # A Distributed Map runs child executions of its own state machine and reads the CSV itself.
        role.add_to_principal_policy(iam.PolicyStatement(
            sid="DistributedMap", actions=["states:StartExecution"], resources=[self.state_machine_arn]))
        executions = Stack.of(self).format_arn(service="states", resource="execution",
                                               resource_name=f"{state_machine_name}/*",
                                               arn_format=ArnFormat.COLON_RESOURCE_NAME)
        role.add_to_principal_policy(iam.PolicyStatement(
            sid="DistributedMapChildren", actions=["states:DescribeExecution", "states:StopExecution"],
            resources=[executions]))
        role.add_to_principal_policy(iam.PolicyStatement(sid="ReadRows", actions=["s3:GetObject"], resources=[imports]))
        acknowledge(role, self.imports_wildcard,
                    "The Distributed Map reads the normalised CSV of the import it runs (imports/<org>/<import>/).")
        acknowledge(role, f"AwsSolutions-IAM5[Resource::<{logical_id(self.worker.function)}.Arn>:*]",
                    "lambda:InvokeFunction on the import worker and its versions (CDK grantInvoke).")
        acknowledge(role, "AwsSolutions-IAM5[Resource::*]",
                    "Step Functions log delivery and X-Ray tracing actions have no resource-level permissions.")
        acknowledge(role, f"AwsSolutions-IAM5[Resource::{executions}]",
                    "The Distributed Map describes and stops the child executions of its own runs only.")

    @property
    def functions(self) -> list[HubFunction]:
        return [self.worker, self.sender]

    def grant_imports(self, hub: HubFunction) -> None:
        """What the auth hub does: presign the upload of a file, check it arrived, write and sign the download of
        the rejected rows, start the import's execution."""
        hub.function.add_to_role_policy(iam.PolicyStatement(
            sid="ImportFiles", actions=["s3:PutObject", "s3:GetObject"],
            resources=[self.imports_arn]))
        hub.function.add_to_role_policy(iam.PolicyStatement(
            sid="StartImports", actions=["states:StartExecution"], resources=[self.state_machine_arn]))
        acknowledge(hub.role, self.imports_wildcard,
                    "The auth hub presigns uploads of import files and signs downloads of their rejected rows "
                    "under imports/<org>/<import>/ (ids made per import); nothing else in the bucket.")

    @property
    def hub_environment(self) -> dict[str, str]:
        return {"IMPORT_STATE_MACHINE_ARN": self.state_machine_arn}
