"""The deployed edge and permissions, read from the synthesized prod stack (tests/infra covers cdk-nag with
no unacknowledged finding, cfn-lint, the authorizer on every protected method and the dev stack's WAF):
a WAF web ACL with a per-IP rate-based rule that blocks with 429 sits in front of the API stage, stage
throttling is on, and no IAM policy grants data access to every resource or every action."""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.infra, pytest.mark.xdist_group("security-infra")]

# Statements that AWS only allows on "*" (X-Ray segments, SMS publish to phone numbers, which have no
# ARN, and the log delivery APIs Step Functions logging needs).
WILDCARD_RESOURCE_ALLOWED = {
    "xray:PutTelemetryRecords", "xray:PutTraceSegments", "xray:GetSamplingRules", "xray:GetSamplingTargets", "sns:Publish",
    "logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups", "logs:DescribeResourcePolicies",
    "logs:GetLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:UpdateLogDelivery",
    # CDK's BucketDeployment provider (the web client's nested stack) invalidates the distribution after a
    # deployment; CDK grants the two invalidation actions on "*".
    "cloudfront:CreateInvalidation", "cloudfront:GetInvalidation",
}


@pytest.fixture(scope="module")
def prod(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tests.infra.conftest import synthesize

    synthesized = synthesize("prod", Path(tmp_path_factory.mktemp("security-prod")))
    assert synthesized.synth_error is None, synthesized.synth_error
    return synthesized


def _only(resources: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    assert len(resources) == 1, list(resources)
    return next(iter(resources.items()))


def test_a_rate_limiting_waf_is_in_front_of_the_api_stage(prod):
    acl_id, acl = _only(prod.resources("AWS::WAFv2::WebACL"))
    props = acl["Properties"]
    assert props["Scope"] == "REGIONAL"
    assert props["DefaultAction"] == {"Allow": {}}
    rate_rules = [r for r in props["Rules"] if "RateBasedStatement" in r["Statement"]]
    assert rate_rules, "no rate-based rule"
    for rule in rate_rules:
        statement = rule["Statement"]["RateBasedStatement"]
        # Per client address: the connecting one, or (behind CloudFront, /api) the viewer's in X-Forwarded-For.
        assert statement["AggregateKeyType"] in ("IP", "FORWARDED_IP")
        if statement["AggregateKeyType"] == "FORWARDED_IP":
            assert statement["ForwardedIPConfig"]["HeaderName"] == "X-Forwarded-For"
        assert 100 <= statement["Limit"] <= 100_000  # per IP per evaluation window (10x as the edge backstop)
        assert statement.get("EvaluationWindowSec", 300) <= 300
        block = rule["Action"]["Block"]
        assert block["CustomResponse"]["ResponseCode"] == 429
        assert any(h["Name"] == "Retry-After" for h in block["CustomResponse"]["ResponseHeaders"])
        body_key = block["CustomResponse"]["CustomResponseBodyKey"]
        assert '"error"' in props["CustomResponseBodies"][body_key]["Content"]  # the API's error format
    managed = {r["Statement"]["ManagedRuleGroupStatement"]["Name"] for r in props["Rules"]
               if "ManagedRuleGroupStatement" in r["Statement"]}
    assert {"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"} <= managed

    _, association = _only(prod.resources("AWS::WAFv2::WebACLAssociation"))
    assert association["Properties"]["WebACLArn"] == {"Fn::GetAtt": [acl_id, "Arn"]}
    stage_id, stage = _only(prod.resources("AWS::ApiGateway::Stage"))
    assert {"Ref": stage_id} in association["Properties"]["ResourceArn"]["Fn::Join"][1]
    throttles = [s for s in stage["Properties"].get("MethodSettings", []) if "ThrottlingRateLimit" in s]
    assert throttles and all(s["ThrottlingRateLimit"] > 0 and s["ThrottlingBurstLimit"] > 0 for s in throttles)


def _statements(prod: Any) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
        for logical_id, policy in prod.resources(kind).items():
            for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
                found.append((logical_id, statement))
    for logical_id, role in prod.resources("AWS::IAM::Role").items():
        for inline in role["Properties"].get("Policies", []):
            for statement in inline["PolicyDocument"]["Statement"]:
                found.append((logical_id, statement))
    return found


def test_no_policy_grants_every_action_or_data_access_to_every_resource(prod):
    statements = _statements(prod)
    assert statements
    for logical_id, statement in statements:
        if statement.get("Effect") != "Allow":
            continue
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        assert "*" not in actions, logical_id
        assert not any(a.endswith(":*") for a in actions), (logical_id, actions)
        resources = statement.get("Resource")
        resources = resources if isinstance(resources, list) else [resources]
        if "*" in resources:
            assert set(actions) <= WILDCARD_RESOURCE_ALLOWED, (logical_id, actions)
        for action in actions:
            if action.startswith("dynamodb:"):
                assert "*" not in resources, (logical_id, action)
        assert "Principal" not in statement or statement["Principal"] != "*", logical_id


# ---- SNS publish: SMS to phone numbers only, from the functions that send SMS -------------------------------

# The functions that send SMS themselves (OTPs: auth; bulk-import invitations: its sender; event notices and
# reminders: events and its reminder function). Nobody else needs sns:Publish (learning's notices are in-app and
# email only).
SENDS_SMS = frozenset({"auth", "auth-invitations", "events", "events-reminders"})
# A topic the stack does not own (another stack's, another account's): no role may publish to it.
FOREIGN_TOPIC = "arn:aws:sns:ap-south-1:999999999999:someone-elses-topic"


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _render(value: Any) -> str:
    """A policy resource as an ARN pattern: Fn::Join parts joined, the partition filled in, any other
    reference left as a placeholder that matches nothing by accident."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return separator.join(_render(part) for part in parts)
    if value == {"Ref": "AWS::Partition"}:
        return "aws"
    return f"<{json.dumps(value, sort_keys=True)}>"


def _matches(action_patterns: Any, action: str) -> bool:
    return any(fnmatch.fnmatchcase(action.lower(), str(p).lower()) for p in _as_list(action_patterns))


def _covers(statement: dict[str, Any], resource: str) -> bool:
    """Whether the statement applies to `resource` (Resource patterns, or everything but NotResource)."""
    if "NotResource" in statement:
        return not any(fnmatch.fnmatchcase(resource, _render(r)) for r in _as_list(statement["NotResource"]))
    return any(fnmatch.fnmatchcase(resource, _render(r)) for r in _as_list(statement.get("Resource")))


def _role_statements(prod: Any) -> dict[str, list[dict[str, Any]]]:
    """Every statement in effect for each role: attached policies, managed policies, inline policies."""
    by_role: dict[str, list[dict[str, Any]]] = {role_id: [] for role_id in prod.resources("AWS::IAM::Role")}
    for kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
        for policy in prod.resources(kind).values():
            for role in policy["Properties"].get("Roles", []):
                if isinstance(role, dict) and role.get("Ref") in by_role:
                    by_role[role["Ref"]].extend(_as_list(policy["Properties"]["PolicyDocument"]["Statement"]))
    for role_id, role in prod.resources("AWS::IAM::Role").items():
        for inline in role["Properties"].get("Policies", []):
            by_role[role_id].extend(_as_list(inline["PolicyDocument"]["Statement"]))
    return by_role


def _function_of_role(prod: Any) -> dict[str, str]:
    """Role logical id → the short name of the function using it ("auth", "events-reminders"...)."""
    names = {}
    for function in prod.resources("AWS::Lambda::Function").values():
        role = function["Properties"].get("Role")
        name = function["Properties"].get("FunctionName")
        if isinstance(role, dict) and "Fn::GetAtt" in role and isinstance(name, str) and name.startswith("karmayogi-prod-"):
            names[role["Fn::GetAtt"][0]] = name.removeprefix("karmayogi-prod-")
    return names


def _may_publish_to(statements: list[dict[str, Any]], resource: str) -> bool:
    """IAM's answer for sns:Publish on `resource`: an Allow applies and no unconditional Deny does."""
    def applies(statement: dict[str, Any]) -> bool:
        return _matches(statement.get("Action", []), "sns:Publish") and _covers(statement, resource)

    allowed = any(s.get("Effect") == "Allow" and applies(s) for s in statements)
    denied = any(s.get("Effect") == "Deny" and "Condition" not in s and applies(s) for s in statements)
    return allowed and not denied


def _publishers(prod: Any) -> dict[str, list[dict[str, Any]]]:
    """Role logical id → its statements, for the roles with any Allow of sns:Publish."""
    return {role: statements for role, statements in _role_statements(prod).items()
            if any(s.get("Effect") == "Allow" and _matches(s.get("Action", []), "sns:Publish") for s in statements)}


def test_no_role_may_publish_to_a_topic_the_stack_does_not_own(prod):
    """SMS to a phone number needs sns:Publish on * (it has no ARN); that grant must not reach topics: a
    Deny of sns:Publish on every topic ARN beside it (or a NotResource that leaves topics out). Publishing
    to the stack's own topics is the only topic publish a role may have."""
    owned = {f"<{json.dumps({'Ref': topic_id})}>" for topic_id in prod.resources("AWS::SNS::Topic")}
    functions = _function_of_role(prod)
    publishers = _publishers(prod)
    assert publishers, "no role publishes SMS: the OTP and reminder senders need sns:Publish"
    for role, statements in publishers.items():
        who = f"{role} ({functions.get(role, 'not a function')})"
        assert not _may_publish_to(statements, FOREIGN_TOPIC), f"{who} may sns:Publish to any topic"
        for statement in statements:
            if statement.get("Effect") == "Allow" and _matches(statement.get("Action", []), "sns:Publish"):
                for resource in map(_render, _as_list(statement.get("Resource", []))):
                    assert resource == "*" or resource in owned, f"{who} may publish to {resource}, not the stack's"


def test_only_the_functions_that_send_sms_may_publish_at_all(prod):
    functions = _function_of_role(prod)
    publishers = _publishers(prod)
    assert all(role in functions for role in publishers), [r for r in publishers if r not in functions]
    assert {functions[role] for role in publishers} == SENDS_SMS


def test_the_sms_senders_are_the_functions_whose_code_sends_sms():
    """SENDS_SMS above follows the code: the hubs whose modules send SMS (send_sms, or notify with a mobile)."""
    root = Path(__file__).resolve().parents[2] / "functions"
    hubs = {path.relative_to(root).parts[0] for path in root.rglob("*.py")
            if re.search(r"\bsend_sms\(|\bnotify\([^)]*\bmobile=", path.read_text())}
    assert hubs == {name.split("-")[0] for name in SENDS_SMS}
