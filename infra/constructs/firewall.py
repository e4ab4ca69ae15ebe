"""A regional WAFv2 web ACL in front of the API stage: AWS managed common rules and known bad inputs,
a per-IP rate limit answered with the API's error format, and, on the anonymous routes that send email or
SMS (register, resend, forgot-password), a tighter per-client rate limit and a WAF challenge: a request
without a valid challenge token (the web client's AWS WAF JavaScript SDK puts it in `x-aws-waf-token`) is
answered 202 with `x-amzn-waf-action: challenge` and never reaches the function, so no message is sent."""

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
# The anonymous routes that send an email or an SMS, as WAF sees the path: the stage name first on
# execute-api (`/dev/auth/register`), nothing first through a custom domain's base path mapping.
SENDING_PATHS = r"^(/[a-z0-9_-]+)?/auth/(register|register/[a-z0-9_-]+/resend|password/forgot)/?$"
CHALLENGE_IMMUNITY_SECONDS = 300


def sending_routes() -> wafv2.CfnWebACL.StatementProperty:
    """POST to one of SENDING_PATHS (the path URL-decoded and lower-cased first, so no spelling escapes)."""
    transforms = [wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="URL_DECODE"),
                  wafv2.CfnWebACL.TextTransformationProperty(priority=1, type="LOWERCASE")]
    return wafv2.CfnWebACL.StatementProperty(and_statement=wafv2.CfnWebACL.AndStatementProperty(statements=[
        wafv2.CfnWebACL.StatementProperty(regex_match_statement=wafv2.CfnWebACL.RegexMatchStatementProperty(
            field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(uri_path={}),
            regex_string=SENDING_PATHS,
            text_transformations=transforms,
        )),
        wafv2.CfnWebACL.StatementProperty(byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
            field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(method={}),
            positional_constraint="EXACTLY",
            search_string="POST",
            text_transformations=[wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")],
        )),
    ]))


def challenge_action(config: StageConfig) -> wafv2.CfnWebACL.RuleActionProperty:
    """CHALLENGE once the stage's web client carries the WAF SDK (`waf_integration_url` set); until then
    COUNT, so the rule's metrics show what it would challenge without stopping every registration."""
    if config.waf_integration_url:
        return wafv2.CfnWebACL.RuleActionProperty(challenge={})
    return wafv2.CfnWebACL.RuleActionProperty(count={})


def _challenge_rule(name: str, priority: int, config: StageConfig) -> wafv2.CfnWebACL.RuleProperty:
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        action=challenge_action(config),
        challenge_config=wafv2.CfnWebACL.ChallengeConfigProperty(
            immunity_time_property=wafv2.CfnWebACL.ImmunityTimePropertyProperty(
                immunity_time=CHALLENGE_IMMUNITY_SECONDS)),
        statement=sending_routes(),
        visibility_config=_visibility(name),
    )


def _rate_rule(name: str, priority: int, limit: int, *, forwarded: bool,
               scope: wafv2.CfnWebACL.StatementProperty | None = None) -> wafv2.CfnWebACL.RuleProperty:
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
                scope_down_statement=scope,
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
            # The challenge token is issued for the web client's domain (the page calls the API on /api).
            token_domains=[config.domain_name] if config.domain_name else None,
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
                # Register, resend and forgot-password send an SMS or an email each: per client address a
                # far lower limit, and a challenge the browser's WAF SDK answers silently (scripts cannot
                # without running it); the function's own send limits and daily SMS budget stay behind.
                _rate_rule("SendingRatePerClientIp", 24, config.waf_send_rate_limit, forwarded=True,
                           scope=sending_routes()),
                _challenge_rule("SendingChallenge", 26, config),
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
