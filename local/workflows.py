"""The enrolment workflow on the dev server: the state machine from the same definition file as CDK,
its Lambda tasks dispatched to our handlers.

moto executes state machines for real when started with
`config={"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}`; its Lambda
tasks then go to `LambdaSimpleBackend.invoke`, which we point at `functions.learning.workflow.handler`
(in-process, like the deployed task function). This reaches into moto's internals, so moto is pinned and
`check_moto()` fails loudly when an upgrade moves them."""

from __future__ import annotations

import io
import json
import os
import threading
import zipfile
from collections.abc import Callable
from typing import Any

import boto3

from infra import definitions
from karmayogi.platform import aws as platform_aws
from karmayogi.platform.settings import reset_settings
from local.aws import ACCOUNT, REGION, STAGE, LocalResources

TASK_FUNCTION = "learning-workflow"
EXECUTION_ROLE = "karmayogi-local-workflows"
APPROVAL_STATE = "AwaitApproval"

# Tasks the patched Lambda backend dispatches in-process: function name → entry point.
_dispatch: dict[str, Callable[[dict[str, Any], Any], Any]] = {}
_patch_lock = threading.Lock()


def task_function_name(stage: str = STAGE) -> str:
    return definitions.function_name(stage, TASK_FUNCTION)


def check_moto() -> None:
    """The internals this module patches must still be where moto 5.2 had them."""
    from moto.awslambda_simple.models import LambdaSimpleBackend
    from moto.core.config import default_user_config

    if not callable(getattr(LambdaSimpleBackend, "invoke", None)) or "stepfunctions" not in default_user_config:
        raise RuntimeError("moto's LambdaSimpleBackend.invoke or its config moved: pin moto to 5.2.x")


def execution_config_active() -> bool:
    """Whether moto currently executes state machines and runs Lambda tasks without Docker."""
    from moto.core.config import default_user_config

    return bool(
        default_user_config.get("stepfunctions", {}).get("execute_state_machine")
        and default_user_config.get("lambda", {}).get("use_docker") is False
    )


class _Context:
    """Enough of the Lambda context for Powertools."""

    def __init__(self, function_name: str) -> None:
        import uuid

        self.function_name = function_name
        self.memory_limit_in_mb = 512
        self.aws_request_id = str(uuid.uuid4())
        self.invoked_function_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{function_name}"

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 60_000


def lambda_context(function_name: str) -> _Context:
    """A Lambda context for an entry point the dev server runs in-process (local/media.py too)."""
    return _Context(function_name)


def _patch_lambda_backend() -> None:
    from moto.awslambda_simple.models import LambdaSimpleBackend

    with _patch_lock:
        if getattr(LambdaSimpleBackend, "_karmayogi_dispatch", False):
            return
        original = LambdaSimpleBackend.invoke

        def invoke(self: Any, function_name: str, qualifier: str | None, body: Any, headers: Any,
                   response_headers: Any) -> str | bytes | None:
            name = function_name.rsplit(":function:", 1)[-1].split(":", maxsplit=1)[0]
            target = _dispatch.get(name)
            if target is None:
                return original(self, function_name, qualifier, body, headers, response_headers)
            raw = body.decode() if isinstance(body, bytes) else (body or "{}")
            event = json.loads(raw or "{}")
            try:
                result = target(event, _Context(name))
            except Exception as error:  # what the Lambda runtime reports for an unhandled error
                response_headers["x-amz-function-error"] = "Unhandled"
                return json.dumps({"errorType": type(error).__name__, "errorMessage": str(error)}).encode()
            return json.dumps(result).encode()

        LambdaSimpleBackend.invoke = invoke  # type: ignore[method-assign]
        LambdaSimpleBackend._karmayogi_dispatch = True  # type: ignore[attr-defined]


def _task_handler(event: dict[str, Any], context: Any) -> Any:
    from functions.learning.workflow import handler

    return handler(event, context)


def _definition(function_arn: str, approval_timeout_seconds: int | None) -> str:
    text = definitions.render_enrolment_workflow(
        {"EnrolmentTaskFunctionArn": function_arn, "TableName": definitions.table_name(STAGE)}
    )
    if approval_timeout_seconds is None:
        return text
    document = json.loads(text)
    document["States"][APPROVAL_STATE]["TimeoutSeconds"] = approval_timeout_seconds
    return json.dumps(document)


def install(resources: LocalResources, *, approval_timeout_seconds: int | None = None) -> str:
    """Create the enrolment state machine in moto and route its Lambda tasks to our code; point the
    platform's settings at it. Returns the state machine's ARN.

    `approval_timeout_seconds` shortens the 14-day approval wait (tests of the expiry path)."""
    del resources  # the table and the rest are already in the environment (local.aws.provision)
    check_moto()
    _patch_lambda_backend()
    name = task_function_name()
    _dispatch[name] = _task_handler

    iam = boto3.client("iam", region_name=REGION)
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
              "Principal": {"Service": ["lambda.amazonaws.com", "states.amazonaws.com"]}}]}
    try:
        role_arn = iam.create_role(RoleName=EXECUTION_ROLE, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    except iam.exceptions.EntityAlreadyExistsException:
        role_arn = iam.get_role(RoleName=EXECUTION_ROLE)["Role"]["Arn"]

    lambda_client = boto3.client("lambda", region_name=REGION)
    try:
        function_arn = lambda_client.get_function(FunctionName=name)["Configuration"]["FunctionArn"]
    except lambda_client.exceptions.ResourceNotFoundException:
        function_arn = lambda_client.create_function(
            FunctionName=name,
            Runtime="python3.13",
            Role=role_arn,
            Handler="functions.learning.workflow.handler",
            Code={"ZipFile": _tiny_zip()},
            Timeout=60,
        )["FunctionArn"]

    sfn = boto3.client("stepfunctions", region_name=REGION)
    machine_name = definitions.enrolment_state_machine_name(STAGE)
    definition = _definition(function_arn, approval_timeout_seconds)
    existing = [m for m in sfn.list_state_machines()["stateMachines"] if m["name"] == machine_name]
    if existing:
        arn = existing[0]["stateMachineArn"]
        sfn.update_state_machine(stateMachineArn=arn, definition=definition)
    else:
        arn = sfn.create_state_machine(name=machine_name, definition=definition, roleArn=role_arn,
                                       type="STANDARD")["stateMachineArn"]
    os.environ["ENROLMENT_STATE_MACHINE_ARN"] = arn
    reset_settings()

    platform_aws.reset()
    return arn


def _tiny_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("README.txt", "The dev server runs this function's code in-process.\n")
    return buffer.getvalue()
