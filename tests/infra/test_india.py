"""Deployable in India (ap-south-1): reminders that can fire (the scheduler's trust policy), SMS with their DLT
registration and spend/failure alarms, email bounces and complaints fed back into a suppression list, one
domain for the app and the API, per-stage reserved concurrency, and notification grants scoped per sender."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from infra import definitions
from infra.constructs.config import UNRESERVED_MINIMUM, StageConfig
from infra.constructs.web import SPA_ROUTES_FUNCTION, STRIP_API_PREFIX_FUNCTION
from infra.stack import SENDS_EMAIL, SENDS_SMS

from .conftest import ACCOUNT
from .helpers import function_logical_ids

pytestmark = pytest.mark.infra


def only(resources: dict) -> dict:
    assert len(resources) == 1, sorted(resources)
    return next(iter(resources.values()))


def statements_by_function(synthesized) -> dict[str, list[dict]]:
    template = synthesized.template_json
    ids = function_logical_ids(template, synthesized.stage)
    role_of = {name: template["Resources"][lid]["Properties"]["Role"]["Fn::GetAtt"][0] for name, lid in ids.items()}
    found: dict[str, list[dict]] = {name: [] for name in ids}
    for policy in synthesized.resources("AWS::IAM::Policy").values():
        roles = {r["Ref"] for r in policy["Properties"]["Roles"]}
        for name, role in role_of.items():
            if role in roles:
                found[name] += policy["Properties"]["PolicyDocument"]["Statement"]
    return found


def actions_of(statement: dict) -> list[str]:
    action = statement["Action"]
    return [action] if isinstance(action, str) else list(action)


# ---- reminders fire: EventBridge Scheduler's execution role ------------------------------------------------

def test_scheduler_trust_names_the_schedule_group_and_the_account(dev):
    """AWS's confused-deputy guidance for Scheduler: aws:SourceArn is the schedule *group* ARN (Scheduler
    never presents a schedule's ARN: a condition on schedules makes every AssumeRole fail)."""
    [group_id] = dev.resources("AWS::Scheduler::ScheduleGroup")
    [role] = [r for r in dev.resources("AWS::IAM::Role").values()
              if "scheduler.amazonaws.com" in json.dumps(r["Properties"]["AssumeRolePolicyDocument"])]
    [statement] = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Service": "scheduler.amazonaws.com"}
    assert statement["Condition"] == {
        "StringEquals": {"aws:SourceAccount": ACCOUNT, "aws:SourceArn": {"Fn::GetAtt": [group_id, "Arn"]}}
    }
    assert "schedule/" not in json.dumps(statement)


# ---- SMS: DLT settings, alarms; who may send what ---------------------------------------------------------

def test_functions_get_the_sms_and_email_settings(prod):
    functions = prod.resources("AWS::Lambda::Function")
    for name, logical_id in function_logical_ids(prod.template_json, "prod").items():
        env = functions[logical_id]["Properties"]["Environment"]["Variables"]
        assert env["SMS_SENDER_ID"] == "KRMYGI", name
        assert "DLT_ENTITY_ID" in env, name
        assert env["SES_CONFIGURATION_SET"] == "karmayogi-prod", name
        if name in definitions.HUBS:
            assert env["ALLOWED_ORIGIN"] == "https://karmayogi.gov.in", name


def test_only_sms_senders_may_publish_and_never_to_a_topic(dev):
    for name, statements in statements_by_function(dev).items():
        publish = [s for s in statements if "sns:Publish" in actions_of(s)]
        if name not in SENDS_SMS:
            assert publish == [], name
            continue
        allow = [s for s in publish if s["Effect"] == "Allow"]
        deny = [s for s in publish if s["Effect"] == "Deny"]
        assert [s["Resource"] for s in allow] == ["*"], name
        assert [s["Resource"] for s in deny] == ["arn:aws:sns:*:*:*"], name


def test_email_only_from_the_stage_sender_through_its_configuration_set(dev):
    for name, statements in statements_by_function(dev).items():
        sends = [s for s in statements if "ses:SendEmail" in actions_of(s)]
        if name not in SENDS_EMAIL:
            assert sends == [], name
            continue
        [statement] = sends
        assert statement["Condition"] == {"StringEquals": {"ses:FromAddress": "no-reply@dev.karmayogi.gov.in"}}
        resources = json.dumps(statement["Resource"])
        [configuration_set] = dev.resources("AWS::SES::ConfigurationSet")
        assert "identity/dev.karmayogi.gov.in" in resources
        assert "configuration-set/" in resources and json.dumps({"Ref": configuration_set}) in resources


def test_sms_spend_and_failure_rate_alarms(prod):
    alarms = {a["Properties"]["AlarmName"]: a["Properties"] for a in prod.resources("AWS::CloudWatch::Alarm").values()}
    spend = alarms["karmayogi-prod-sms-spend"]
    assert spend["MetricName"] == "SMSMonthToDateSpentUSD" and spend["Namespace"] == "AWS/SNS"
    assert spend["Threshold"] == 0.8 * StageConfig.from_context("prod", _stages()).sms_monthly_spend_limit_usd
    rate = alarms["karmayogi-prod-sms-failure-rate"]
    metrics = {m["Id"]: m for m in rate["Metrics"]}
    assert {metrics[i]["MetricStat"]["Metric"]["MetricName"] for i in ("failed", "delivered")} == {
        "NumberOfNotificationsFailed", "NumberOfNotificationsDelivered"}
    assert all(metrics[i]["MetricStat"]["Metric"]["Dimensions"] == [{"Name": "PhoneNumber", "Value": "PhoneNumberDirect"}]
               for i in ("failed", "delivered"))
    [expression] = [m for m in rate["Metrics"] if "Expression" in m]
    assert "failed / (failed + delivered)" in expression["Expression"]


# ---- email bounces and complaints ---------------------------------------------------------------------------

def test_bounces_and_complaints_reach_the_feedback_function(dev):
    configuration_set = only(dev.resources("AWS::SES::ConfigurationSet"))["Properties"]
    assert configuration_set["Name"] == "karmayogi-dev"
    # SES itself drops mail to a suppressed address: sending needs no read of the platform's list.
    assert sorted(configuration_set["SuppressionOptions"]["SuppressedReasons"]) == ["BOUNCE", "COMPLAINT"]
    identity = only(dev.resources("AWS::SES::EmailIdentity"))["Properties"]
    assert identity["ConfigurationSetAttributes"]["ConfigurationSetName"]
    destination = only(dev.resources("AWS::SES::ConfigurationSetEventDestination"))["Properties"]["EventDestination"]
    assert sorted(destination["MatchingEventTypes"]) == ["bounce", "complaint"]
    topic_ref = destination["SnsDestination"]["TopicARN"]
    subscription = only(dev.resources("AWS::SNS::Subscription"))["Properties"]
    assert subscription["TopicArn"] == topic_ref and subscription["Protocol"] == "lambda"
    ids = function_logical_ids(dev.template_json, "dev")
    assert subscription["Endpoint"] == {"Fn::GetAtt": [ids["events-email-feedback"], "Arn"]}
    topic = dev.template_json["Resources"][topic_ref["Ref"]]["Properties"]
    assert "KmsMasterKeyId" in topic


# ---- one domain: the app and /api on CloudFront -------------------------------------------------------------

def _distribution(synthesized) -> dict:
    return only(synthesized.resources("AWS::CloudFront::Distribution"))["Properties"]["DistributionConfig"]


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_the_api_is_served_under_api_on_the_web_domain(stage, request):
    synthesized = request.getfixturevalue(stage)
    config = _distribution(synthesized)
    # besides /api/*: /media/* (signed course media, tests/infra/test_media_delivery.py)
    assert sorted(b["PathPattern"] for b in config["CacheBehaviors"]) == ["/api/*", "/media/*"]
    [behavior] = [b for b in config["CacheBehaviors"] if b["PathPattern"] == "/api/*"]
    assert set(behavior["AllowedMethods"]) == {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"}
    assert behavior["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # CachingDisabled
    assert behavior["OriginRequestPolicyId"] == "b689b0a8-53d0-40ab-baf2-68738e2966ac"  # AllViewerExceptHostHeader
    [association] = behavior["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"
    origin = next(o for o in config["Origins"] if o["Id"] == behavior["TargetOriginId"])
    assert origin["OriginPath"] == f"/{stage}"
    assert "execute-api" in json.dumps(origin["DomainName"])
    assert "CustomErrorResponses" not in config, "error pages would replace the API's own 403/404 bodies"
    staged = [p for p in synthesized.outdir.iterdir() if p.name.startswith("asset.") and (p / "config.json").exists()]
    assert [json.loads((p / "config.json").read_text()) for p in staged] == [{"apiBaseUrl": "/api"}]


def test_prod_serves_its_custom_domain_with_tls_1_2(prod, dev):
    config = _distribution(prod)
    assert config["Aliases"] == ["karmayogi.gov.in"]
    assert config["ViewerCertificate"]["MinimumProtocolVersion"] == "TLSv1.2_2021"
    assert config["ViewerCertificate"]["AcmCertificateArn"].startswith("arn:aws:acm:us-east-1:")
    assert "Aliases" not in _distribution(dev)


@pytest.mark.skipif(shutil.which("node") is None, reason="node runs the CloudFront functions")
def test_cloudfront_functions_rewrite_paths():
    cases = {
        STRIP_API_PREFIX_FUNCTION: {"/api/me": "/me", "/api/": "/", "/api": "/", "/apiary": "/apiary",
                                    "/api/courses/c1/batches": "/courses/c1/batches"},
        SPA_ROUTES_FUNCTION: {"/app/": "/app/index.html", "/app": "/app/index.html",
                              "/app/courses/c1": "/app/index.html", "/app/assets/index-1a2b.js": "/app/assets/index-1a2b.js",
                              "/app/config.json": "/app/config.json", "/": "/"},
    }
    for code, expected in cases.items():
        script = code + "\nconst cases = " + json.dumps(list(expected)) + ";\n" + (
            "console.log(JSON.stringify(cases.map(u => handler({request: {uri: u}}).uri)));"
        )
        result = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=30, check=True)
        assert json.loads(result.stdout) == list(expected.values())


def test_waf_limits_per_viewer_address_behind_cloudfront(dev):
    rules = {r["Name"]: r for r in only(dev.resources("AWS::WAFv2::WebACL"))["Properties"]["Rules"]}
    viewer = rules["RatePerClientIp"]["Statement"]["RateBasedStatement"]
    assert viewer["AggregateKeyType"] == "FORWARDED_IP"
    assert viewer["ForwardedIPConfig"]["HeaderName"] == "X-Forwarded-For"
    assert rules["RatePerIp"]["Statement"]["RateBasedStatement"]["AggregateKeyType"] == "IP"


SENDING = ["/dev/auth/register", "/dev/auth/register/0f3a9c/resend", "/dev/auth/password/forgot", "/auth/register",
           "/dev/AUTH/Register"]
NOT_SENDING = ["/dev/auth/register/0f3a9c/verify", "/dev/auth/register/0f3a9c/password", "/dev/auth/login",
               "/dev/auth/password/reset", "/dev/orgs", "/dev/x/auth/register"]


def _sending_scope(statement: dict) -> tuple[str, str]:
    """(the path regex, the method) of the sending-routes statement."""
    regex, method = statement["AndStatement"]["Statements"]
    assert [t["Type"] for t in regex["RegexMatchStatement"]["TextTransformations"]] == ["URL_DECODE", "LOWERCASE"]
    assert regex["RegexMatchStatement"]["FieldToMatch"] == {"UriPath": {}}
    return regex["RegexMatchStatement"]["RegexString"], method["ByteMatchStatement"]["SearchString"]


def test_waf_rate_limits_and_challenges_the_anonymous_routes_that_send_messages(dev):
    import re

    acl = only(dev.resources("AWS::WAFv2::WebACL"))["Properties"]
    rules = {r["Name"]: r for r in acl["Rules"]}
    config = StageConfig.from_context("dev", _stages())
    rate = rules["SendingRatePerClientIp"]
    statement = rate["Statement"]["RateBasedStatement"]
    assert statement["Limit"] == config.waf_send_rate_limit < config.waf_rate_limit
    assert statement["AggregateKeyType"] == "FORWARDED_IP"
    assert statement["ForwardedIPConfig"]["HeaderName"] == "X-Forwarded-For"
    assert rate["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 429
    challenge = rules["SendingChallenge"]
    # dev's web client has no WAF SDK URL yet: the rule counts; with one, it challenges
    assert challenge["Action"] == {"Count": {}} and not config.waf_integration_url
    from infra.constructs.firewall import challenge_action

    with_sdk = StageConfig.from_context("dev", {"dev": {"wafIntegrationUrl": "https://abc.edge.sdk.awswaf.com/abc/def/"}})
    assert challenge_action(with_sdk).challenge == {} and challenge_action(config).count == {}
    assert with_sdk.waf_integration_origin == "https://abc.edge.sdk.awswaf.com"
    assert challenge["ChallengeConfig"]["ImmunityTimeProperty"]["ImmunityTime"] == 300
    # the rate rule counts every attempt (challenged ones too), so it comes first; both before the general rules
    assert rate["Priority"] < challenge["Priority"] < rules["RatePerClientIp"]["Priority"]
    for scope in (statement["ScopeDownStatement"], challenge["Statement"]):
        regex, method = _sending_scope(scope)
        assert method == "POST"
        assert all(re.match(regex, path.lower()) for path in SENDING)
        assert not any(re.match(regex, path.lower()) for path in NOT_SENDING)


def test_sms_daily_budget_reaches_the_functions_and_alarms(prod):
    config = StageConfig.from_context("prod", _stages())
    assert config.sms_daily_limit * 30 * 0.0028 < config.sms_monthly_spend_limit_usd
    functions = prod.resources("AWS::Lambda::Function").values()
    limits = {f["Properties"].get("Environment", {}).get("Variables", {}).get("SMS_DAILY_LIMIT") for f in functions
              if "SMS_SENDER_ID" in f["Properties"].get("Environment", {}).get("Variables", {})}
    assert limits == {str(config.sms_daily_limit)}
    alarms = {a["Properties"]["AlarmName"]: a["Properties"] for a in prod.resources("AWS::CloudWatch::Alarm").values()}
    used = alarms["karmayogi-prod-sms-daily-budget"]
    assert (used["Namespace"], used["MetricName"], used["Statistic"], used["Threshold"]) == (
        "Karmayogi", "SmsBudgetUsedPercent", "Maximum", 80)
    assert used["Dimensions"] == [{"Name": "service", "Value": "karmayogi"}]
    spent = alarms["karmayogi-prod-sms-budget-spent"]
    assert (spent["MetricName"], spent["Statistic"], spent["Threshold"]) == ("SmsNotSentBudget", "Sum", 1)


# ---- reserved concurrency ----------------------------------------------------------------------------------

def test_prod_reserves_concurrency_per_function_and_dev_none(prod, dev):
    reserved = StageConfig.from_context("prod", _stages()).reserved_concurrency
    functions = prod.resources("AWS::Lambda::Function")
    ids = function_logical_ids(prod.template_json, "prod", triggers=True)
    for name, logical_id in ids.items():
        assert functions[logical_id]["Properties"].get("ReservedConcurrentExecutions") == reserved.get(name), name
    assert set(reserved) == set(ids), "every function of prod has its reservation"
    for logical_id in function_logical_ids(dev.template_json, "dev").values():
        assert "ReservedConcurrentExecutions" not in dev.resources("AWS::Lambda::Function")[logical_id]["Properties"]


def test_reservations_leave_the_account_its_unreserved_minimum():
    with pytest.raises(ValueError, match="unreserved"):
        StageConfig.from_context("x", {"x": {"accountConcurrencyLimit": 1000, "reservedConcurrency": {"auth": 901}}})
    config = StageConfig.from_context("x", {"x": {"accountConcurrencyLimit": 1000, "reservedConcurrency": {"auth": 900}}})
    assert sum(config.reserved_concurrency.values()) + UNRESERVED_MINIMUM == 1000
    with pytest.raises(ValueError, match="us-east-1"):
        StageConfig.from_context("x", {"x": {"domainName": "a.gov.in",
                                             "certificateArn": "arn:aws:acm:ap-south-1:1:certificate/x"}})
    with pytest.raises(ValueError, match="go together"):
        StageConfig.from_context("x", {"x": {"domainName": "a.gov.in"}})


def _stages() -> dict:
    from infra.app import cdk_json_context

    stages: dict = cdk_json_context()["stages"]
    return stages
