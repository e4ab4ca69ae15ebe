"""The enrolment workflow (Step Functions, STANDARD) and the Lambda that runs its tasks.

The definition is infra/workflows/enrolment.asl.json, loaded through definitions.render_enrolment_workflow
(the dev server loads the same file). Placeholders it may use: ${EnrolmentTaskFunctionArn},
${TableName}. Any other `${Name}` left in it fails the synth."""

from __future__ import annotations

import re

from aws_cdk import ArnFormat, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from infra import definitions
from infra.constructs.hub_function import FunctionDefaults, HubFunction
from infra.constructs.nag import acknowledge, logical_id

WORKFLOW_HANDLER = "functions.learning.workflow.handler"
TASK_RESPONSE_ACTIONS = ["states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"]
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z][A-Za-z0-9_]*)\}")


class Workflows(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, defaults: FunctionDefaults) -> None:
        super().__init__(scope, construct_id)
        stage = defaults.config.stage

        # The state machine's ARN, known before it exists (its name is fixed): the task function may start
        # executions itself (a waitlisted learner promoted into a batch that needs approval) without a
        # dependency cycle between the function and the definition that names it.
        state_machine_name = definitions.enrolment_state_machine_name(stage)
        self.state_machine_arn = Stack.of(self).format_arn(
            service="states",
            resource="stateMachine",
            resource_name=state_machine_name,
            arn_format=ArnFormat.COLON_RESOURCE_NAME,
        )
        self.enrolment_task = HubFunction(
            self,
            "EnrolmentTask",
            name="learning-workflow",
            hub="learning",
            handler=WORKFLOW_HANDLER,
            defaults=defaults,
            description="Task steps of the enrolment workflow (seats, approval, enrolment)",
            environment={"ENROLMENT_STATE_MACHINE_ARN": self.state_machine_arn},
        )
        self.enrolment_task.role.add_to_principal_policy(
            iam.PolicyStatement(
                sid="EnrolmentWorkflow",
                actions=["states:StartExecution", *TASK_RESPONSE_ACTIONS],
                resources=[self.state_machine_arn],
            )
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
            log_group_name=f"/aws/vendedlogs/states/{state_machine_name}",
            retention=defaults.config.log_retention,
            removal_policy=RemovalPolicy.DESTROY,
        )
        self.state_machine = sfn.StateMachine(
            self,
            "Enrolment",
            state_machine_name=state_machine_name,
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

        _acknowledge_role_findings(self.state_machine, self.enrolment_task)


def _acknowledge_role_findings(state_machine: sfn.StateMachine, task: HubFunction) -> None:
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
