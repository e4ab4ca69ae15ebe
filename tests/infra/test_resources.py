"""The synthesized dev stack: table, user pool, functions, workflow, schedules, monitoring, WAF."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from infra import definitions
from infra.route_table import HUBS

from .helpers import COGNITO_TRIGGERS, function_logical_ids

pytestmark = pytest.mark.infra

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "layers/core/python/karmayogi/platform/settings.py"
COMMON_ENV = {
    "STAGE",
    "TABLE_NAME",
    "USER_POOL_ID",
    "USER_POOL_CLIENT_ID",
    "SCHEDULE_GROUP_NAME",
    "EMAIL_SENDER",
    "SES_CONFIGURATION_SET",
    "SMS_SENDER_ID",
    "DLT_ENTITY_ID",
    "CURSOR_SECRET_ARN",
    "POWERTOOLS_SERVICE_NAME",
    "POWERTOOLS_METRICS_NAMESPACE",
}
EXTRA_ENV = {
    "auth": {"OTP_SECRET_ARN", "USER_POOL_CLIENT_SECRET_ARN", "MEDIA_BUCKET", "IMPORT_STATE_MACHINE_ARN"},
    "auth-imports": {"MEDIA_BUCKET", "INVITATIONS_QUEUE_URL"},
    "auth-invitations": {"INVITATION_SEND_RATE"},
    "learning": {"ENROLMENT_STATE_MACHINE_ARN", "MEDIA_BUCKET", "ISSUER_KEY_SECRET_ARN", "ISSUER_PUBLIC_KEY"},
    "media-processor": {"MEDIA_BUCKET", "MEDIA_CONVERT_ROLE_ARN", "MEDIA_CONVERT_TEMPLATE"},
    "learning-workflow": {"ENROLMENT_STATE_MACHINE_ARN"},
    "events": {"REMINDER_TARGET_ARN", "SCHEDULER_ROLE_ARN", "REMINDER_DLQ_ARN"},
    "competency": {"ANALYTICS_BUCKET"},
    "insights-job": {"ANALYTICS_BUCKET", "ANALYTICS_DATABASE", "ANALYTICS_WORKGROUP", "TABLE_ARN"},
}
HANDLERS = {
    **{hub: f"functions.{hub}.handler.handler" for hub in HUBS},
    "learning-workflow": "functions.learning.workflow.handler",
    "events-reminders": "functions.events.reminders.handler",
    "events-expiry": "functions.events.expiry.handler",
    "events-email-feedback": "functions.events.email_feedback.handler",
    "media-processor": "functions.learning.media_processor.handler",
    "auth-imports": "functions.auth.import_worker.handler",
    "auth-invitations": "functions.auth.invitations.handler",
    "insights-job": "analytics.job.handler",
}


def only(resources: dict) -> dict:
    assert len(resources) == 1, sorted(resources)
    return next(iter(resources.values()))


def test_table_keys_indexes_and_protection(dev):
    table = only(dev.resources("AWS::DynamoDB::GlobalTable"))
    props = table["Properties"]
    assert table["DeletionPolicy"] == "Retain"
    assert table["UpdateReplacePolicy"] == "Retain"
    assert props["TableName"] == definitions.table_name("dev")
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["KeySchema"] == [
        {"AttributeName": definitions.PARTITION_KEY, "KeyType": "HASH"},
        {"AttributeName": definitions.SORT_KEY, "KeyType": "RANGE"},
    ]
    assert props["TimeToLiveSpecification"] == {"AttributeName": definitions.TTL_ATTRIBUTE, "Enabled": True}
    attributes = {a["AttributeName"]: a["AttributeType"] for a in props["AttributeDefinitions"]}
    expected = definitions.create_table_request("dev")
    assert attributes == {a["AttributeName"]: a["AttributeType"] for a in expected["AttributeDefinitions"]}
    assert attributes["monthPoints"] == "N"
    indexes = {i["IndexName"]: i for i in props["GlobalSecondaryIndexes"]}
    assert set(indexes) == {i.name for i in definitions.GLOBAL_INDEXES}
    for index in definitions.GLOBAL_INDEXES:
        assert indexes[index.name]["KeySchema"] == [
            {"AttributeName": index.partition_key, "KeyType": "HASH"},
            {"AttributeName": index.sort_key, "KeyType": "RANGE"},
        ]
        assert indexes[index.name]["Projection"] == {"ProjectionType": "ALL"}
    (replica,) = props["Replicas"]
    assert replica["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert replica["DeletionProtectionEnabled"] is True


def test_user_pool_groups_and_client(dev):
    pool = only(dev.resources("AWS::Cognito::UserPool"))
    assert pool["DeletionPolicy"] == "Retain"
    props = pool["Properties"]
    assert props["UserPoolName"] == definitions.user_pool_name("dev")
    assert props["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert props["DeletionProtection"] == "ACTIVE"
    assert set(props["AliasAttributes"]) == {"email", "preferred_username"}
    policy = props["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] == definitions.PASSWORD_MIN_LENGTH
    assert all(policy[k] for k in ("RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols"))

    client = only(dev.resources("AWS::Cognito::UserPoolClient"))["Properties"]
    assert client["ClientName"] == definitions.user_pool_client_name("dev")
    # only the auth hub can use it: a secret, the admin flow and refresh, nothing a browser could use
    assert set(client["ExplicitAuthFlows"]) == {"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
    assert client["EnableTokenRevocation"] is True
    assert client["GenerateSecret"] is True
    # a user's own token writes nothing an authorization rule reads
    assert client["WriteAttributes"] == list(definitions.USER_WRITABLE_ATTRIBUTES)
    assert not {"custom:orgId", "custom:memberOrgId", "preferred_username", "email", "phone_number"} \
        & set(client["WriteAttributes"])
    assert props["MfaConfiguration"] == "OPTIONAL" and props["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    assert client["AccessTokenValidity"] == definitions.ACCESS_TOKEN_MINUTES
    assert client["RefreshTokenValidity"] == definitions.REFRESH_TOKEN_DAYS * 24 * 60
    assert client["TokenValidityUnits"]["AccessToken"] == "minutes"

    groups = {g["Properties"]["GroupName"] for g in dev.resources("AWS::Cognito::UserPoolGroup").values()}
    assert groups == {name for name, _ in definitions.USER_GROUPS}


def test_one_function_per_hub_and_entry_point(dev):
    functions = {k: f for k, f in dev.resources("AWS::Lambda::Function").items() if "FunctionName" in f["Properties"]}
    ids = function_logical_ids(dev.template_json, "dev")
    assert set(ids) == set(HANDLERS), "one function per hub, plus the workflow task and reminder target"
    assert len(functions) == len(HANDLERS) + len(COGNITO_TRIGGERS)
    for name, logical_id in ids.items():
        props = functions[logical_id]["Properties"]
        assert props["Handler"] == HANDLERS[name]
        assert props["Runtime"] == "python3.13"
        assert props["Architectures"] == ["arm64"]
        assert props["TracingConfig"] == {"Mode": "Active"}
        assert props["MemorySize"] == 1024
        assert props["LoggingConfig"]["LogFormat"] == "JSON"
        assert len(props["Layers"]) == 2
        env = props["Environment"]["Variables"]
        assert COMMON_ENV | EXTRA_ENV.get(name, set()) <= set(env), name
        assert env["POWERTOOLS_SERVICE_NAME"] == f"karmayogi-{name}"
        assert env["POWERTOOLS_METRICS_NAMESPACE"] == "Karmayogi"
        assert env["STAGE"] == "dev"
        assert env["SCHEDULE_GROUP_NAME"] == definitions.schedule_group_name("dev")
        assert "OTP_HASH_KEY" not in env and "CURSOR_SIGNING_KEY" not in env, "keys come from Secrets Manager"
        if name in HUBS:
            assert props["Timeout"] == 29


def test_the_token_trigger_puts_the_immutable_org_into_access_tokens(dev):
    """The pool's pre-token-generation trigger (event version 2: access-token claims) is the tiny
    token_claims function: no table, no layers, no grant but its logs (and traces). The org attributes it reads:
    custom:orgId, immutable (accounts made before memberships), and custom:memberOrgId, mutable but written only
    by the auth hub's admin calls (users cannot write it: the client's write attributes above)."""
    pool = only(dev.resources("AWS::Cognito::UserPool"))["Properties"]
    schema = {a["Name"]: a for a in pool["Schema"]}
    org = schema[definitions.ORG_ATTRIBUTE]
    assert org["AttributeDataType"] == "String" and org["Mutable"] is False
    member_of = schema[definitions.MEMBER_ORG_ATTRIBUTE]
    assert member_of["AttributeDataType"] == "String" and member_of["Mutable"] is True
    trigger = pool["LambdaConfig"]["PreTokenGenerationConfig"]
    assert trigger["LambdaVersion"] == "V2_0"
    ids = function_logical_ids(dev.template_json, "dev", triggers=True)
    assert trigger["LambdaArn"] == {"Fn::GetAtt": [ids["token-claims"], "Arn"]}
    props = dev.resources("AWS::Lambda::Function")[ids["token-claims"]]["Properties"]
    assert props["Handler"] == COGNITO_TRIGGERS["token-claims"]
    assert "Layers" not in props and "Environment" not in props
    role = props["Role"]["Fn::GetAtt"][0]
    for policy in dev.resources("AWS::IAM::Policy").values():
        if {"Ref": role} in policy["Properties"]["Roles"]:
            for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
                actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                assert all(a.startswith(("logs:", "xray:")) for a in actions), actions
    permissions = [p["Properties"] for p in dev.resources("AWS::Lambda::Permission").values()
                   if p["Properties"]["FunctionName"] == {"Fn::GetAtt": [ids["token-claims"], "Arn"]}]
    assert [p["Principal"] for p in permissions] == ["cognito-idp.amazonaws.com"]


def test_unread_notifications_the_ttl_deletes_reach_the_expiry_function_only(dev):
    """The table streams old images; one event source mapping feeds the expiry function, filtered to TTL
    removals of unread notifications, with partial batch failures, bisection and the dead-letter queue."""
    table = only(dev.resources("AWS::DynamoDB::GlobalTable"))["Properties"]
    assert table["StreamSpecification"] == {"StreamViewType": "OLD_IMAGE"}
    mapping = only({k: m for k, m in dev.resources("AWS::Lambda::EventSourceMapping").items()
                    if "StreamArn" in json.dumps(m["Properties"].get("EventSourceArn"))})["Properties"]
    ids = function_logical_ids(dev.template_json, "dev")
    assert mapping["FunctionName"] == {"Ref": ids["events-expiry"]}
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["BisectBatchOnFunctionError"] is True and mapping["MaximumRetryAttempts"] == 5
    assert "OnFailure" in mapping["DestinationConfig"]
    [pattern] = [json.loads(f["Pattern"]) for f in mapping["FilterCriteria"]["Filters"]]
    assert pattern == {
        "eventName": ["REMOVE"],
        "userIdentity": {"type": ["Service"], "principalId": ["dynamodb.amazonaws.com"]},
        "dynamodb": {"OldImage": {"SK": {"S": [{"prefix": "NOTIF#"}]}, "GSI1PK": {"S": [{"exists": True}]}}},
    }


def test_environment_names_are_read_by_settings(dev):
    """Every variable the stack sets for the shared settings is one settings.py reads (no typos)."""
    from karmayogi.platform.settings import _VARIABLES

    read = set(_VARIABLES.values()) | set(re.findall(r'env\.get\(\s*"([A-Z_]+)"', SETTINGS_FILE.read_text()))
    ours = COMMON_ENV | set().union(*EXTRA_ENV.values())
    not_settings = {
        "POWERTOOLS_SERVICE_NAME",
        "POWERTOOLS_METRICS_NAMESPACE",
        "CURSOR_SECRET_ARN",  # read by the code that fetches the keys (see docs/runbook.md)
        "OTP_SECRET_ARN",
        "USER_POOL_CLIENT_SECRET_ARN",
        "ISSUER_KEY_SECRET_ARN",  # read through settings.issuer_key (karmayogi.domain.credentials)
    }
    assert ours - not_settings <= read


def test_function_assets_hold_only_their_hub(dev):
    """Each function's asset is functions/__init__.py plus functions/<hub>/** — nothing else of the repo
    (the auth function also carries docs/openapi.json, which it serves; the competency functions analytics/)."""
    functions = dev.resources("AWS::Lambda::Function")
    manifest = json.loads((dev.outdir / f"{dev.stack.artifact_id}.assets.json").read_text())
    hub_of = {**{hub: hub for hub in HUBS}, "learning-workflow": "learning", "events-reminders": "events",
              "events-expiry": "events", "events-email-feedback": "events", "token-claims": "auth",
              "media-processor": "learning", "auth-imports": "auth", "auth-invitations": "auth",
              "insights-job": "competency"}
    for name, logical_id in function_logical_ids(dev.template_json, "dev", triggers=True).items():
        asset_hash = functions[logical_id]["Properties"]["Code"]["S3Key"].removesuffix(".zip")
        root = dev.outdir / manifest["files"][asset_hash]["source"]["path"]
        files = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
        assert files, f"{name}: empty asset"
        hub = hub_of[name]
        served = {"docs/openapi.json"} if hub == "auth" else set()  # the auth hub serves GET /openapi.json (its trigger shares the asset)
        # the competency hub's functions carry the insights' SQL and runner (its job runs them)
        served_folder = "analytics/" if hub == "competency" else "functions/"
        strays = [
            f for f in files
            if f != "functions/__init__.py" and not f.startswith(f"functions/{hub}/") and f not in served
            and not (hub == "competency" and f.startswith(served_folder))
        ]
        assert strays == [], f"{name}: asset holds files outside functions/{hub}/"
        assert not any("__pycache__" in f for f in files)


def test_least_privilege_grants(dev):
    """Cognito admin only for auth, scheduling only for events, the workflow only for learning."""
    ids = function_logical_ids(dev.template_json, "dev")
    roles = {
        name: dev.template_json["Resources"][lid]["Properties"]["Role"]["Fn::GetAtt"][0] for name, lid in ids.items()
    }
    actions_by_role: dict[str, set[str]] = {}
    for policy in dev.resources("AWS::IAM::Policy").values():
        for role in policy["Properties"]["Roles"]:
            for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
                action = statement["Action"]
                actions_by_role.setdefault(role["Ref"], set()).update([action] if isinstance(action, str) else action)
    actions = {name: actions_by_role.get(role, set()) for name, role in roles.items()}
    for name, granted in actions.items():
        assert "dynamodb:Query" in granted, name
        assert "secretsmanager:GetSecretValue" in granted, name
        assert any(a.startswith("cognito-idp:") for a in granted) == (name == "auth"), name
        assert any(a.startswith("scheduler:") for a in granted) == (name == "events"), name
        assert ("iam:PassRole" in granted) == (name in ("events", "media-processor")), name  # scheduler, MediaConvert
        # the enrolment workflow (learning), the bulk import (auth starts it)
        assert ("states:StartExecution" in granted) == (name in ("learning", "learning-workflow", "auth")), name
        assert not any(a.endswith(":*") or a == "*" for a in granted), f"{name}: wildcard action"
    assert {"cognito-idp:AdminCreateUser", "cognito-idp:AdminAddUserToGroup", "cognito-idp:RevokeToken"} <= actions[
        "auth"
    ]
    assert "ses:SendEmail" in actions["auth"] and "sns:Publish" in actions["auth"]
    assert "ses:SendEmail" not in actions["network"]
    assert "cognito-idp:InitiateAuth" not in actions["auth"]  # the admin flow only


def test_the_client_secret_reaches_the_auth_function_alone(dev):
    secrets = {lid: r for lid, r in dev.resources("AWS::SecretsManager::Secret").items()
               if "client's secret" in r["Properties"].get("Description", "")}
    (secret_id, secret), = secrets.items()
    client_id = only(dev.resources("AWS::Cognito::UserPoolClient"))
    client_logical_id = next(lid for lid, r in dev.template_json["Resources"].items() if r is client_id)
    assert secret["Properties"]["SecretString"] == {"Fn::GetAtt": [client_logical_id, "ClientSecret"]}
    readers = set()
    for name, lid in function_logical_ids(dev.template_json, "dev").items():
        env = dev.template_json["Resources"][lid]["Properties"]["Environment"]["Variables"]
        if "USER_POOL_CLIENT_SECRET_ARN" in env:
            assert env["USER_POOL_CLIENT_SECRET_ARN"] == {"Ref": secret_id}
            readers.add(name)
    assert readers == {"auth"}


def test_enrolment_state_machine(dev):
    machine = only({k: m for k, m in dev.resources("AWS::StepFunctions::StateMachine").items()
                    if m["Properties"]["StateMachineName"] == definitions.enrolment_state_machine_name("dev")}
                   )["Properties"]
    assert machine["StateMachineType"] == "STANDARD"
    assert machine["TracingConfiguration"] == {"Enabled": True}
    assert machine["LoggingConfiguration"]["Level"] == "ALL"
    definition = machine["DefinitionString"]
    text = definition if isinstance(definition, str) else str(definition)
    assert "${EnrolmentTaskFunctionArn}" not in text
    ids = function_logical_ids(dev.template_json, "dev")
    if "EnrolmentTaskFunctionArn" in definitions.ENROLMENT_WORKFLOW_FILE.read_text():
        assert ids["learning-workflow"] in text


def schedules(resources: dict) -> dict:
    """The Schedules construct's resources (the media processor has a DLQ and async invoke config too)."""
    return {k: r for k, r in resources.items() if k.startswith("Schedules")}


def test_schedule_group_reminders_and_dead_letter_queue(dev):
    group = only(dev.resources("AWS::Scheduler::ScheduleGroup"))["Properties"]
    assert group["Name"] == definitions.schedule_group_name("dev")
    queue = only(schedules(dev.resources("AWS::SQS::Queue")))["Properties"]
    assert queue["SqsManagedSseEnabled"] is True
    policy = only(schedules(dev.resources("AWS::SQS::QueuePolicy")))["Properties"]["PolicyDocument"]["Statement"]
    assert any(s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} for s in policy)
    invoke_config = only(schedules(dev.resources("AWS::Lambda::EventInvokeConfig")))["Properties"]
    assert invoke_config["MaximumRetryAttempts"] == 2
    assert "OnFailure" in invoke_config["DestinationConfig"]
    ids = function_logical_ids(dev.template_json, "dev")
    assert invoke_config["FunctionName"] == {"Ref": ids["events-reminders"]}
    scheduler_roles = [
        r
        for r in dev.resources("AWS::IAM::Role").values()
        if r["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"].get("Service")
        == "scheduler.amazonaws.com"
    ]
    assert len(scheduler_roles) == 1


def test_alarms_dashboard_and_topic(dev):
    alarms = dev.resources("AWS::CloudWatch::Alarm")
    names = {a["Properties"]["AlarmName"] for a in alarms.values()}
    for name in [*HUBS, "learning-workflow", "events-reminders"]:
        assert f"karmayogi-dev-{name}-errors" in names
        assert f"karmayogi-dev-{name}-throttles" in names
    for name in (
        "api-5xx",
        "table-throttled-requests",
        "table-system-errors",
        "table-user-errors",
        "reminder-dlq-depth",
        "enrolment-workflow-failed",
    ):
        assert f"karmayogi-dev-{name}" in names
    topics = dev.resources("AWS::SNS::Topic")
    [topic_id] = [k for k, t in topics.items() if t["Properties"]["TopicName"] == "karmayogi-dev-alarms"]
    assert all("KmsMasterKeyId" in t["Properties"] for t in topics.values())
    for alarm in alarms.values():
        assert alarm["Properties"]["AlarmActions"] == [{"Ref": topic_id}]
    assert len(dev.resources("AWS::CloudWatch::Dashboard")) == 1


def test_waf_protects_the_api_stage(dev):
    acl_id, acl = next(iter(dev.resources("AWS::WAFv2::WebACL").items()))
    props = acl["Properties"]
    assert props["Scope"] == "REGIONAL"
    rules = {r["Name"]: r for r in props["Rules"]}
    assert "AWSManagedRulesCommonRuleSet" in rules
    assert rules["RatePerIp"]["Statement"]["RateBasedStatement"]["AggregateKeyType"] == "IP"
    association = only(dev.resources("AWS::WAFv2::WebACLAssociation"))["Properties"]
    assert association["WebACLArn"] == {"Fn::GetAtt": [acl_id, "Arn"]}
    stage_id = next(iter(dev.resources("AWS::ApiGateway::Stage")))
    assert {"Ref": stage_id} in association["ResourceArn"]["Fn::Join"][1]
