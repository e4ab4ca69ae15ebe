"""A regional WAFv2 web ACL in front of the API stage: AWS managed common rules and known bad inputs,
plus a per-IP rate limit answered with the API's error format."""

from __future__ import annotations

import json

from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from infra.constructs.config import StageConfig

RATE_LIMITED_BODY = "RateLimited"


def _visibility(name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=name, sampled_requests_enabled=True
    )


def _managed(name: str, priority: int, count_rules: tuple[str, ...] = ()) -> wafv2.CfnWebACL.RuleProperty:
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
        statement=wafv2.CfnWebACL.StatementProperty(
            managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                vendor_name="AWS",
                name=name,
                rule_action_overrides=[
                    wafv2.CfnWebACL.RuleActionOverrideProperty(
                        name=rule, action_to_use=wafv2.CfnWebACL.RuleActionProperty(count={})
                    )
                    for rule in count_rules
                ]
                or None,
            )
        ),
        visibility_config=_visibility(name),
    )


EDGE_FACTOR = 10


def _rate_rule(name: str, priority: int, limit: int, *, forwarded: bool) -> wafv2.CfnWebACL.RuleProperty:
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        action=wafv2.CfnWebACL.RuleActionProperty(
            block=wafv2.CfnWebACL.BlockActionProperty(
                custom_response=wafv2.CfnWebACL.CustomResponseProperty(
                    response_code=429,
                    custom_response_body_key=RATE_LIMITED_BODY,
                    response_headers=[wafv2.CfnWebACL.CustomHTTPHeaderProperty(name="Retry-After", value="60")],
                )
            )
        ),
        statement=wafv2.CfnWebACL.StatementProperty(
            rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                limit=limit,
                aggregate_key_type="FORWARDED_IP" if forwarded else "IP",
                forwarded_ip_config=(
                    wafv2.CfnWebACL.ForwardedIPConfigurationProperty(
                        header_name="X-Forwarded-For", fallback_behavior="MATCH"
                    )
                    if forwarded
                    else None
                ),
                evaluation_window_sec=300,
            )
        ),
        visibility_config=_visibility(name),
    )


class Firewall(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig, stage: apigw.Stage) -> None:
        super().__init__(scope, construct_id)
        name = f"karmayogi-{config.stage}-api"
        self.web_acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            name=name,
            scope="REGIONAL",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=_visibility(name),
            custom_response_bodies={
                RATE_LIMITED_BODY: wafv2.CfnWebACL.CustomResponseBodyProperty(
                    content_type="APPLICATION_JSON",
                    content=json.dumps(
                        {"error": {"code": "RATE_LIMITED", "message": "Too many requests; retry later"}}
                    ),
                )
            },
            rules=[
                # Request bodies over 8 KB are legitimate here (course authoring, CSV uploads of
                # designation competencies): that one rule only counts; API Gateway caps bodies at 10 MB.
                _managed("AWSManagedRulesCommonRuleSet", 10, count_rules=("SizeRestrictions_BODY",)),
                _managed("AWSManagedRulesKnownBadInputsRuleSet", 20),
                # The web client reaches the API through CloudFront (/api): the address API Gateway sees is
                # a CloudFront edge's, shared by everyone behind that edge. So the per-person limit counts
                # the viewer's address CloudFront puts into X-Forwarded-For (the first one), and the limit
                # on the connecting address is a 10x backstop (direct calls to execute-api, edges).
                _rate_rule("RatePerClientIp", 30, config.waf_rate_limit, forwarded=True),
                _rate_rule("RatePerIp", 40, config.waf_rate_limit * EDGE_FACTOR, forwarded=False),
            ],
        )
        self.association = wafv2.CfnWebACLAssociation(
            self,
            "StageAssociation",
            resource_arn=stage.stage_arn,
            web_acl_arn=self.web_acl.attr_arn,
        )
