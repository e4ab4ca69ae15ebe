"""The local stand-in for AWS: the same resources as the CDK stack, created from the same definitions
(infra/definitions.py) in moto — in-process for tests (`mock_aws`) or in server mode for `make dev`."""

from __future__ import annotations

import itertools
import os
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3

from infra import definitions
from karmayogi.platform import clock, db
from karmayogi.platform.settings import reset_settings

REGION = "ap-south-1"
ACCOUNT = "123456789012"
STAGE = "local"


@dataclass
class LocalResources:
    table_name: str
    user_pool_id: str
    user_pool_client_id: str
    schedule_group_name: str
    email_sender: str
    user_pool_client_secret: str = ""


def fake_credentials() -> None:
    """Credentials and region for moto; never real ones."""
    os.environ["AWS_ACCESS_KEY_ID"] = "testing"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"  # noqa: S105 - moto's dummy credential
    os.environ["AWS_SESSION_TOKEN"] = "testing"  # noqa: S105
    os.environ["AWS_DEFAULT_REGION"] = REGION
    os.environ["AWS_REGION"] = REGION
    os.environ.setdefault("MOTO_ACCOUNT_ID", ACCOUNT)
    # moto checks TOTP codes only when asked: against one fixed secret it hands every user
    # (moto.cognitoidp.models.COGNITO_TOTP_MFA_SECRET), so the dev server's and the tests' codes are real.
    os.environ["MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP"] = "true"
    os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "karmayogi-local")
    warnings.filterwarnings("ignore", message="No application metrics to publish")


_write_lock = threading.RLock()


def make_dynamodb_writes_atomic() -> None:
    """For in-process moto only (the unit tests' `mock_aws`, `local.server --engine moto`): the dev server,
    the e2e tests and `make load` run on DynamoDB Local, which needs none of this.
    DynamoDB applies a conditional write or a transaction atomically; moto checks the condition and
    then writes without a lock, so two racing threads could both pass. Serialize moto's writes so the
    local platform keeps DynamoDB's guarantees (30 learners racing for 10 seats get exactly 10)."""
    from moto.dynamodb.models import DynamoDBBackend

    if getattr(DynamoDBBackend, "_karmayogi_atomic", False):
        return
    make_dynamodb_transactions_fast()
    make_dynamodb_item_limit_exact()
    # Reads too: a query iterating the table while another thread inserts failed now and then with
    # "dictionary changed size during iteration" (the workflow's threads write while requests read).
    for name in ("put_item", "update_item", "delete_item", "transact_write_items", "batch_write_item",
                 "get_item", "query", "scan"):
        original = getattr(DynamoDBBackend, name)

        def locked(self: Any, *args: Any, __original: Any = original, **kwargs: Any) -> Any:
            with _write_lock:
                return __original(self, *args, **kwargs)

        setattr(DynamoDBBackend, name, locked)
    DynamoDBBackend._karmayogi_atomic = True  # type: ignore[attr-defined]


DYNAMODB_MAX_ITEM_BYTES = 400 * 1024  # attribute names and values, as DynamoDB (and DynamoDB Local) count them


def make_dynamodb_item_limit_exact() -> None:
    """For in-process moto only (as make_dynamodb_writes_atomic). moto 5.2 refuses items over 405,000 bytes
    (moto.dynamodb.models.dynamo_type.LimitedSizeDict, "somewhere between 409 and 410 KB"); DynamoDB's limit
    is 400 KB = 409,600 bytes (tests/local/test_engine_conformance.py compares the engines)."""
    from moto.dynamodb.exceptions import ItemSizeTooLarge
    from moto.dynamodb.models.dynamo_type import DynamoType, LimitedSizeDict, bytesize

    def size_of(value: Any) -> int:
        return int(value.size()) if type(value) is DynamoType else bytesize(str(value))

    def __setitem__(self: Any, key: str, value: Any) -> None:
        current = sum(bytesize(name) + size_of(item) for name, item in self.items() if name != key)
        if current + bytesize(key) + size_of(value) > DYNAMODB_MAX_ITEM_BYTES:
            raise ItemSizeTooLarge
        dict.__setitem__(self, key, value)

    LimitedSizeDict.__setitem__ = __setitem__  # type: ignore[method-assign]


def _refuse_unused_attributes(op: dict[str, Any]) -> None:
    """DynamoDB refuses a transaction operation with an ExpressionAttributeValues or -Names entry that none of
    its expressions uses (moto checks this for single writes, not in transactions)."""
    import re

    from moto.dynamodb.exceptions import MockValidationException

    expressions = " ".join(str(op.get(field) or "") for field in ("ConditionExpression", "UpdateExpression"))
    for field, pattern in (("Values", r":[A-Za-z0-9_]+"), ("Names", r"#[A-Za-z0-9_]+")):
        used = set(re.findall(pattern, expressions))
        for name in op.get(f"ExpressionAttribute{field}") or {}:
            if name not in used:
                raise MockValidationException(
                    f"Value provided in ExpressionAttribute{field} unused in expressions: keys: {{{name}}}")


def make_dynamodb_transactions_fast() -> None:
    """For in-process moto only (as make_dynamodb_writes_atomic).
    moto 5.2 deep-copies the whole table once per operation of every TransactWriteItems (its rollback
    snapshot): with the seeded table a 30-operation transaction took seconds. Replace it with what
    DynamoDB does: evaluate every condition against the state before the transaction, then apply the
    operations; if applying fails, put back only the items the transaction touched.
    (Added by the learning hub; moto is pinned, and this fails loudly if its internals move.)"""
    import copy

    from moto.dynamodb.comparisons import get_filter_expression
    from moto.dynamodb.exceptions import (
        MultipleTransactionsException,
        TooManyTransactionsException,
        TransactionCanceledException,
        TransactWriteSingleOpException,
    )
    from moto.dynamodb.models import DynamoDBBackend

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        if len(transact_items) > 100:
            raise TooManyTransactionsException()
        for entry in transact_items:
            _refuse_unused_attributes(next(iter(entry.values())))
        planned: list[tuple[str, dict[str, Any], dict[str, Any], Any]] = []
        seen: set[tuple[str, str]] = set()
        errors: list[Any] = []
        for entry in transact_items:
            if len(entry) > 1:
                raise TransactWriteSingleOpException
            op_type, op = next(iter(entry.items()))
            if op_type not in {"ConditionCheck", "Put", "Delete", "Update"}:
                raise ValueError("Unsupported transaction operation")
            table = self.get_table(op["TableName"])
            if op_type == "Put":
                key = {table.hash_key_attr: op["Item"][table.hash_key_attr]}
                if table.range_key_attr is not None:
                    key[table.range_key_attr] = op["Item"][table.range_key_attr]
            else:
                key = op["Key"]
            marker = (str(op["TableName"]), str(dict(sorted(key.items()))))
            if marker in seen:
                raise MultipleTransactionsException()
            seen.add(marker)
            current = self.get_item(op["TableName"], key)
            condition = op.get("ConditionExpression")
            if condition is not None and not get_filter_expression(
                condition, op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
            ).expr(current):
                # ReturnValuesOnConditionCheckFailure=ALL_OLD: the item as it was, in the cancellation reason
                returned = (current.to_json()["Attributes"]
                            if current is not None and op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD"
                            else None)
                errors.append(("ConditionalCheckFailed", "The conditional request failed", returned))
            else:
                errors.append((None, None, None))
            planned.append((op_type, op, key, copy.deepcopy(current) if current is not None else None))
        if any(code is not None for code, _, _ in errors):
            raise TransactionCanceledException(errors)
        applied: list[tuple[str, dict[str, Any], Any]] = []
        try:
            for op_type, op, key, before in planned:
                names, values = op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
                if op_type == "Put":
                    self.put_item(op["TableName"], op["Item"])
                elif op_type == "Delete":
                    self.delete_item(op["TableName"], key)
                elif op_type == "Update":
                    self.update_item(op["TableName"], key, update_expression=op["UpdateExpression"],
                                     expression_attribute_names=names, expression_attribute_values=values)
                applied.append((op["TableName"], key, before))
        except Exception:
            for table_name, key, before in reversed(applied):
                if before is None:
                    self.delete_item(table_name, key)
                else:
                    self.put_item(table_name, before.to_json()["Attributes"])
            raise

    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]


def provision(stage: str = STAGE) -> LocalResources:
    """Create the table, user pool, client, groups, SES identity and schedule group, and point the
    platform's settings at them. Returns their identifiers.

    The table goes wherever boto3 sends DynamoDB calls: to DynamoDB Local when AWS_ENDPOINT_URL_DYNAMODB
    names it (the dev server, local/dynamodb_local.py; moto's mock passes non-AWS endpoints through), else
    to in-process moto, which then gets this module's patches (atomic writes, fast transactions)."""
    if not os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"):
        make_dynamodb_writes_atomic()
    provision_table(stage)

    cognito = boto3.client("cognito-idp", region_name=REGION)
    pool = cognito.create_user_pool(
        PoolName=definitions.user_pool_name(stage),
        Policies={
            "PasswordPolicy": {
                "MinimumLength": definitions.PASSWORD_MIN_LENGTH,
                "RequireUppercase": True,
                "RequireLowercase": True,
                "RequireNumbers": True,
                "RequireSymbols": True,
            }
        },
        UsernameAttributes=[],
        AliasAttributes=["email", "preferred_username"],
        Schema=[
            {"Name": definitions.ORG_ATTRIBUTE, "AttributeDataType": "String", "Mutable": False},
            {"Name": definitions.MEMBER_ORG_ATTRIBUTE, "AttributeDataType": "String", "Mutable": True},
        ],
    )["UserPool"]
    client = cognito.create_user_pool_client(
        UserPoolId=pool["Id"],
        ClientName=definitions.user_pool_client_name(stage),
        # As in infra/constructs/auth.py: a secret only the auth hub holds, the admin password flow and
        # refresh only, and no attribute a user could write that an authorization rule reads.
        GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        WriteAttributes=list(definitions.USER_WRITABLE_ATTRIBUTES),
        EnableTokenRevocation=True,
    )["UserPoolClient"]
    # TOTP as the optional second factor (required of the admin roles by the auth hub).
    cognito.set_user_pool_mfa_config(UserPoolId=pool["Id"], SoftwareTokenMfaConfiguration={"Enabled": True},
                                     MfaConfiguration="OPTIONAL")
    for group, description in definitions.USER_GROUPS:
        cognito.create_group(GroupName=group, UserPoolId=pool["Id"], Description=description)

    sender = "no-reply@karmayogi.gov.in"
    ses = boto3.client("ses", region_name=REGION)
    ses.verify_domain_identity(Domain="karmayogi.gov.in")
    ses.verify_email_identity(EmailAddress=sender)

    scheduler = boto3.client("scheduler", region_name=REGION)
    group_name = definitions.schedule_group_name(stage)
    scheduler.create_schedule_group(Name=group_name)

    resources = LocalResources(
        table_name=definitions.table_name(stage),
        user_pool_id=pool["Id"],
        user_pool_client_id=client["ClientId"],
        schedule_group_name=group_name,
        email_sender=sender,
        user_pool_client_secret=client["ClientSecret"],
    )
    configure_environment(resources)
    record_outbox()
    run_token_generation_trigger()
    from local import cdn, issuer, media, push

    media.install()
    cdn.install()  # the media key pair: CloudFront's signed addresses work wherever the bucket does
    push.install()  # the VAPID key pair Web Push is signed with
    issuer.install()  # the Ed25519 key certificates' verifiable credentials are signed with
    return resources


def provision_table(stage: str = STAGE) -> None:
    """The single table of infra/definitions.py (keys, GSIs) with its TTL attribute, on the current engine."""
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    dynamodb.create_table(**definitions.create_table_request(stage))
    dynamodb.get_waiter("table_exists").wait(TableName=definitions.table_name(stage),
                                             WaiterConfig={"Delay": 0.2, "MaxAttempts": 100})
    dynamodb.update_time_to_live(
        TableName=definitions.table_name(stage),
        TimeToLiveSpecification={"Enabled": True, "AttributeName": definitions.TTL_ATTRIBUTE},
    )


def run_token_generation_trigger() -> None:
    """Cognito calls the pool's pre-token-generation trigger (functions/auth/token_claims.py, attached in
    infra/constructs/auth.py) before it signs a token; moto has no triggers, so call it the same way here:
    with the user's attributes, merging the claims it adds into the access token moto signs."""
    from moto.cognitoidp.models import CognitoIdpUserPool

    from functions.auth import token_claims

    if getattr(CognitoIdpUserPool.create_jwt, "runs_token_trigger", False):
        return
    create_jwt = CognitoIdpUserPool.create_jwt

    def create_jwt_with_trigger(self: Any, client_id: str, username: str, token_use: str,
                                expires_in: int = 60 * 60, extra_data: dict[str, Any] | None = None) -> Any:
        if token_use == "access":  # noqa: S105 - the kind of token, not a secret
            user = self._get_user(username)
            event = {"version": "2", "triggerSource": "TokenGeneration_Authentication", "userName": username,
                     "request": {"userAttributes": {a["Name"]: a["Value"] for a in user.attributes}},
                     "response": {}}
            details = token_claims.handler(event, None)["response"].get("claimsAndScopeOverrideDetails") or {}
            added = (details.get("accessTokenGeneration") or {}).get("claimsToAddOrOverride") or {}
            extra_data = {**(extra_data or {}), **added}
        return create_jwt(self, client_id, username, token_use, expires_in, extra_data)

    create_jwt_with_trigger.runs_token_trigger = True  # type: ignore[attr-defined]
    CognitoIdpUserPool.create_jwt = create_jwt_with_trigger  # type: ignore[method-assign]


def configure_environment(resources: LocalResources) -> None:
    os.environ["STAGE"] = STAGE
    os.environ["TABLE_NAME"] = resources.table_name
    os.environ["USER_POOL_ID"] = resources.user_pool_id
    os.environ["USER_POOL_CLIENT_ID"] = resources.user_pool_client_id
    os.environ["USER_POOL_CLIENT_SECRET"] = resources.user_pool_client_secret
    os.environ["SCHEDULE_GROUP_NAME"] = resources.schedule_group_name
    os.environ["EMAIL_SENDER"] = resources.email_sender
    os.environ.setdefault("SMS_SENDER_ID", "KRMYGI")
    # A made-up DLT principal entity ID, so that local SMS carry the attributes AWS gets.
    os.environ.setdefault("DLT_ENTITY_ID", "1101000000000000000")
    # The platform's daily SMS budget (karmayogi.domain.sms_budget), as a stage sets it (cdk.json).
    os.environ.setdefault("SMS_DAILY_LIMIT", "10000")
    # Development keys for the HMACs (OTP hashes, page cursors); in AWS each comes from Secrets Manager.
    os.environ.setdefault("OTP_HASH_KEY", "local-otp-hash-key-not-for-production")
    os.environ.setdefault("CURSOR_SIGNING_KEY", "local-cursor-key-not-for-production")
    os.environ.setdefault("REMINDER_DLQ_ARN", f"arn:aws:sqs:{REGION}:{ACCOUNT}:karmayogi-local-reminders-dlq")
    os.environ.setdefault("SCHEDULER_ROLE_ARN", f"arn:aws:iam::{ACCOUNT}:role/karmayogi-local-scheduler")
    os.environ.setdefault(
        "REMINDER_TARGET_ARN", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:karmayogi-local-reminders"
    )
    # The private bucket of course content (local.media creates it in moto).
    os.environ.setdefault("MEDIA_BUCKET", f"karmayogi-{STAGE}-media-{ACCOUNT}")
    # The insights' bucket: reports to download (analytics.local creates it in moto at the first refresh).
    os.environ.setdefault("ANALYTICS_BUCKET", f"karmayogi-{STAGE}-analytics-{ACCOUNT}")
    # Videos become HLS with ffmpeg in-process (MediaConvert in AWS), their ladders cached by content in a
    # git-ignored folder of the checkout (MEDIA_LADDER_CACHE overrides it; several dev servers may share it).
    os.environ.setdefault("MEDIA_TRANSCODER", "ffmpeg")
    os.environ.setdefault("MEDIA_LADDER_CACHE", str(Path(__file__).resolve().parent.parent / ".cache" / "media"))
    reset_settings()
    db.reset_clients()


class _StampedList(list[Any]):
    """moto keeps sent mail without a time: stamp each message with the platform clock as it lands."""

    def __init__(self, stamps: dict[int, tuple[int, str]]) -> None:
        super().__init__()
        self._stamps = stamps

    def append(self, message: Any) -> None:
        if _suppressed(message):  # SES's suppression list drops the mail; the sender is not told
            return
        self._stamps[id(message)] = (next(_sequence), clock.now_iso())
        super().append(message)


class _StampedDict(dict[str, Any]):
    def __init__(self, stamps: dict[str, tuple[int, str]]) -> None:
        super().__init__()
        self._stamps = stamps

    def __setitem__(self, key: str, value: Any) -> None:
        self._stamps[key] = (next(_sequence), clock.now_iso())
        super().__setitem__(key, value)


_sequence = itertools.count()
_email_stamps: dict[int, tuple[int, str]] = {}
_sms_stamps: dict[str, tuple[int, str]] = {}


_suppression_tables: dict[tuple[str, str], Any] = {}
_suppression_lock = threading.Lock()


def _suppression_table() -> Any:
    """A client of its own: SES's check is not the platform's DynamoDB work (request budgets, fault injection).
    One per endpoint and table (making a boto3 resource per message cost a tenth of the dev server's CPU)."""
    key = (os.environ.get("AWS_ENDPOINT_URL_DYNAMODB", ""), os.environ["TABLE_NAME"])
    with _suppression_lock:
        if key not in _suppression_tables:
            _suppression_tables[key] = boto3.resource("dynamodb", region_name=REGION).Table(key[1])
        return _suppression_tables[key]


def _suppressed(message: Any) -> bool:
    """The stand-in of the configuration set's suppression list: a message to an address on the
    platform's list (karmayogi.domain.notifications, fed by SES's bounce and complaint events) is dropped."""
    from karmayogi.platform import keys

    destinations = getattr(message, "destinations", {}) or {}
    recipients = destinations.get("ToAddresses", []) if isinstance(destinations, dict) else []
    if not recipients:
        return False
    table = _suppression_table()
    for recipient in recipients:
        pk, sk = keys.suppression_key(recipient)
        if "Item" in table.get_item(Key={"PK": pk, "SK": sk}):
            return True
    return False


def record_outbox() -> None:
    """Start recording what SES and SNS send, with times (in-process moto backends)."""
    from moto.ses.models import ses_backends
    from moto.sns.models import sns_backends

    _email_stamps.clear()
    _sms_stamps.clear()
    ses_backends[ACCOUNT][REGION].sent_messages = _StampedList(_email_stamps)
    sns_backends[ACCOUNT][REGION].sms_messages = _StampedDict(_sms_stamps)


def sent_messages(to: str | None = None) -> list[dict[str, Any]]:
    """Everything sent through SES and SNS (to one address, when given), oldest first."""
    from moto.ses.models import ses_backends
    from moto.sns.models import sns_backends

    found: list[tuple[int, dict[str, Any]]] = []
    for message in list(ses_backends[ACCOUNT][REGION].sent_messages):
        destinations = getattr(message, "destinations", {}) or {}
        recipients = destinations.get("ToAddresses", []) if isinstance(destinations, dict) else []
        order, sent_at = _email_stamps.get(id(message), (-1, ""))
        for recipient in recipients:
            found.append((order, {"channel": "email", "to": recipient, "subject": getattr(message, "subject", ""),
                                  "body": getattr(message, "body", ""), "sentAt": sent_at}))
    for message_id, (phone_number, text) in list(sns_backends[ACCOUNT][REGION].sms_messages.items()):
        order, sent_at = _sms_stamps.get(message_id, (-1, ""))
        found.append((order, {"channel": "sms", "to": phone_number, "subject": None, "body": text,
                              "sentAt": sent_at}))
    found.sort(key=lambda pair: pair[0])
    wanted = to.strip().lower() if to else None
    return [m for _, m in found if wanted is None or m["to"].lower() == wanted]
