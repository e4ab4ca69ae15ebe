"""The enrolment workflow (Step Functions, STANDARD) and the Lambda that runs its tasks.

The definition is infra/workflows/enrolment.asl.json, loaded through definitions.render_enrolment_workflow
(the dev server loads the same file). Placeholders it may use: ${EnrolmentTaskFunctionArn},
${TableName}. Any other `${Name}` left in it fails the synth."""

from __future__ import annotations

import re

from aws_cdk import RemovalPolicy
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from infra import definitions
from infra.constructs.hub_function import FunctionDefaults, HubFunction
from infra.constructs.nag import acknowledge, logical_id

WORKFLOW_HANDLER = "functions.learning.workflow.handler"
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z][A-Za-z0-9_]*)\}")


class Workflows(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, defaults: FunctionDefaults) -> None:
        super().__init__(scope, construct_id)
        stage = defaults.config.stage

        self.enrolment_task = HubFunction(
            self,
            "EnrolmentTask",
            name="learning-workflow",
            hub="learning",
            handler=WORKFLOW_HANDLER,
            defaults=defaults,
            description="Task steps of the enrolment workflow (seats, approval, enrolment)",
        )

        template = definitions.ENROLMENT_WORKFLOW_FILE.read_text()
        substitutions = {
            "EnrolmentTaskFunctionArn": self.enrolment_task.function.function_arn,
            "TableName": defaults.table.table_name,
        }
        unknown = sorted(set(_PLACEHOLDER.findall(template)) - set(substitutions))
        if unknown:
            raise ValueError(
                f"{definitions.ENROLMENT_WORKFLOW_FILE} uses placeholders {unknown} that infra/constructs/"
                f"workflows.py does not substitute; known: {sorted(substitutions)}"
            )

        self.log_group = logs.LogGroup(
            self,
            "Logs",
            log_group_name=f"/aws/vendedlogs/states/{definitions.enrolment_state_machine_name(stage)}",
            retention=defaults.config.log_retention,
            removal_policy=RemovalPolicy.DESTROY,
        )
        self.state_machine = sfn.StateMachine(
            self,
            "Enrolment",
            state_machine_name=definitions.enrolment_state_machine_name(stage),
            state_machine_type=sfn.StateMachineType.STANDARD,
            definition_body=sfn.DefinitionBody.from_string(definitions.render_enrolment_workflow(substitutions)),
            logs=sfn.LogOptions(
                destination=self.log_group,
                level=sfn.LogLevel.ALL,
                include_execution_data=False,  # executions carry user ids and emails
            ),
            tracing_enabled=True,
        )
        self.enrolment_task.function.grant_invoke(self.state_machine)
        if "${TableName}" in template:  # direct DynamoDB task integrations in the definition
            defaults.table.grant_read_write_data(self.state_machine)
            acknowledge(
                self.state_machine.role,
                f"AwsSolutions-IAM5[Resource::<{logical_id(defaults.table)}.Arn>/index/*]",
                "The workflow's DynamoDB tasks work on the single table and its indexes only.",
            )

        acknowledge_all_state_machine(self.state_machine, self.enrolment_task)


def acknowledge_all_state_machine(state_machine: sfn.StateMachine, task: HubFunction) -> None:
    role = state_machine.role
    acknowledge(
        role,
        f"AwsSolutions-IAM5[Resource::<{logical_id(task.function)}.Arn>:*]",
        "lambda:InvokeFunction on the enrolment task function and its versions (CDK grantInvoke).",
    )
    acknowledge(
        role,
        "AwsSolutions-IAM5[Resource::*]",
        "Step Functions log delivery (logs:CreateLogDelivery, PutResourcePolicy, DescribeLogGroups ...) "
        "and X-Ray tracing actions have no resource-level permissions; CDK adds them with '*'.",
    )
