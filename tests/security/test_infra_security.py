"""The deployed edge and permissions, read from the synthesized prod stack (tests/infra covers cdk-nag with
no unacknowledged finding, cfn-lint, the authorizer on every protected method and the dev stack's WAF):
a WAF web ACL with a per-IP rate-based rule that blocks with 429 sits in front of the API stage, stage
throttling is on, and no IAM policy grants data access to every resource or every action."""

from __future__ import annotations

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


def test_sms_publish_on_any_resource_is_only_for_phone_numbers(prod):
    """sns:Publish on "*" (SMS to a phone number has no ARN) comes with no topic: a condition, or at
    least no topic ARNs it could reach by accident beyond the alarm topic's own policy."""
    for logical_id, statement in _statements(prod):
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        if "sns:Publish" in actions and statement.get("Resource") == "*":
            assert actions == ["sns:Publish"] or set(actions) <= WILDCARD_RESOURCE_ALLOWED, logical_id
