"""Bulk onboarding in the synthesized dev stack (infra/constructs/onboarding.py): the import's Distributed Map
reads the normalised CSV in batches the worker expects, the sender drains its queue with little concurrency and
reports failed messages one by one, and the auth hub may start imports and reach only the imports' files."""

from __future__ import annotations

import json
from typing import Any

import pytest

from functions.auth import import_worker
from infra import definitions
from infra.constructs.onboarding import SENDER_CONCURRENCY

pytestmark = pytest.mark.infra


def _definition(dev) -> dict[str, Any]:
    [machine] = [m for m in dev.resources("AWS::StepFunctions::StateMachine").values()
                 if m["Properties"]["StateMachineName"] == definitions.import_state_machine_name("dev")]
    body = machine["Properties"]["DefinitionString"]
    text = body if isinstance(body, str) else "".join(
        part if isinstance(part, str) else "${ref}" for part in body["Fn::Join"][1])
    return json.loads(text)


def test_the_import_is_a_distributed_map_over_the_normalised_rows(dev):
    states = _definition(dev)["States"]
    invite = states["InviteRows"]
    assert invite["ItemProcessor"]["ProcessorConfig"] == {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}
    assert invite["ItemReader"]["ReaderConfig"] == {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"}
    assert invite["ItemBatcher"]["MaxItemsPerBatch"] == import_worker.BATCH_ROWS
    assert invite["ToleratedFailurePercentage"] == 0
    assert states["FileAccepted"]["Choices"][0]["StringEquals"] == import_worker.RUNNING
    # every failure ends in the step that marks the import FAILED
    assert {c["Next"] for s in states.values() for c in s.get("Catch", [])} == {"Failed"}


def test_the_sender_is_paced_and_reports_failed_messages_alone(dev):
    [mapping] = [m for m in dev.resources("AWS::Lambda::EventSourceMapping").values()
                 if "StreamArn" not in json.dumps(m["Properties"].get("EventSourceArn"))]
    props = mapping["Properties"]
    assert props["ScalingConfig"] == {"MaximumConcurrency": SENDER_CONCURRENCY}
    assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert props["BatchSize"] == 10
    queues = {q["Properties"].get("QueueName"): q["Properties"] for q in dev.resources("AWS::SQS::Queue").values()}
    invitations = queues["karmayogi-dev-invitations"]
    assert invitations["RedrivePolicy"]["maxReceiveCount"] == 5
    assert invitations["SqsManagedSseEnabled"] is True


def test_the_auth_hub_reaches_only_the_imports_files_and_starts_imports(dev):
    statements = [s for logical_id, policy in dev.resources("AWS::IAM::Policy").items()
                  if logical_id.startswith("AuthHub") for s in policy["Properties"]["PolicyDocument"]["Statement"]]
    files = next(s for s in statements if s.get("Sid") == "ImportFiles")
    assert json.dumps(files["Resource"]).endswith(f'/{definitions.IMPORTS_PREFIX}*"]}}') or \
        definitions.IMPORTS_PREFIX in json.dumps(files["Resource"])
    starts = next(s for s in statements if s.get("Sid") == "StartImports")
    assert starts["Action"] == "states:StartExecution"
    assert definitions.import_state_machine_name("dev") in json.dumps(starts["Resource"])
