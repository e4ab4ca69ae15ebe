"""The enrolment state machine's definition (one file for CDK and the dev server): every task retries
transient errors and compensates failures, the approval wait has its token and 14-day limit, and the
only placeholders are the ones CDK substitutes. Plus the moto internals the dev server relies on."""

from __future__ import annotations

import json
import re

from infra import definitions
from local import workflows

TASK_ARN = "arn:aws:lambda:ap-south-1:123456789012:function:karmayogi-test-learning-workflow"
TRANSIENT = {"TransientError", "Lambda.ServiceException", "Lambda.TooManyRequestsException"}
COMPENSATIONS = {"Rejected", "Withdrawn", "Expired", "Compensate"}
# Idempotent steps after an outcome that stands: retried on any error, nothing to compensate.
FOLLOW_UPS = {"CompletionFollowUp"}


def states() -> dict:
    return json.loads(definitions.render_enrolment_workflow({"EnrolmentTaskFunctionArn": TASK_ARN}))["States"]


def test_only_known_placeholders():
    text = definitions.ENROLMENT_WORKFLOW_FILE.read_text()
    assert set(re.findall(r"\$\{(\w+)\}", text)) == {"EnrolmentTaskFunctionArn"}
    assert "${" not in definitions.render_enrolment_workflow({"EnrolmentTaskFunctionArn": TASK_ARN})


def test_every_task_retries_and_compensates():
    for name, state in states().items():
        if state["Type"] != "Task":
            continue
        assert state["Parameters"]["FunctionName"] == TASK_ARN, name
        retried = {e for rule in state["Retry"] for e in rule["ErrorEquals"]}
        if name in COMPENSATIONS | FOLLOW_UPS:
            assert "States.ALL" in retried, name  # compensation must not give up on a blip
            assert "Catch" not in state, name
        else:
            assert retried >= TRANSIENT, name
            catches = {c["Next"] for c in state["Catch"] if "States.ALL" in c["ErrorEquals"]}
            assert catches == {"Compensate"}, name


def test_approval_waits_on_a_task_token_for_fourteen_days():
    wait = states()["AwaitApproval"]
    assert wait["Resource"] == "arn:aws:states:::lambda:invoke.waitForTaskToken"
    assert wait["Parameters"]["Payload"]["taskToken.$"] == "$$.Task.Token"
    assert wait["TimeoutSeconds"] == 14 * 24 * 3600
    routes = {tuple(c["ErrorEquals"]): c["Next"] for c in wait["Catch"]}
    assert routes[("Approval.Rejected",)] == "Rejected"
    assert routes[("States.Timeout", "States.HeartbeatTimeout", "Approval.Expired")] == "Expired"
    assert states()["Compensate"]["Next"] == "EnrolmentFailed"


def test_a_completion_follow_up_starts_from_the_choice_and_retries_until_it_succeeds():
    start = states()["Start"]
    routes = {c["StringEquals"]: c["Next"] for c in start["Choices"]}
    assert routes == {"approval": "AwaitApproval", "completed": "CompletionFollowUp"}
    follow_up = states()["CompletionFollowUp"]
    assert follow_up["Parameters"]["Payload"]["action"] == "follow_up_completion"
    assert follow_up["Next"] == "Done" and "Catch" not in follow_up
    assert [rule["MaxAttempts"] for rule in follow_up["Retry"]] == [8]


def test_moto_internals_are_where_the_dev_server_expects_them():
    workflows.check_moto()
