"""Settings read from the environment, once per container, and validated when the function starts.

Nothing falls back to a local default: the CDK stack sets every variable a function needs, and the dev
server and the tests set the same variables (local/aws.py `configure_environment`). A function deployed
without one fails at init with a message naming it (`lambda_entry` validates), never later against the
wrong table.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from functools import lru_cache


class SettingsError(RuntimeError):
    """A required environment variable is missing: the deployment is wrong, not the request."""


@dataclass(frozen=True)
class Settings:
    stage: str
    region: str
    table_name: str
    email_sender: str
    sms_sender_id: str
    schedule_group_name: str
    # Only some functions get these (infra/stack.py `_hub_environment`); `require` names what one needs.
    user_pool_id: str = ""
    user_pool_client_id: str = ""
    enrolment_state_machine_arn: str = ""
    reminder_target_arn: str = ""
    scheduler_role_arn: str = ""
    # Dead-letter queue of the reminder schedules (EventBridge Scheduler's DeadLetterConfig).
    reminder_dlq_arn: str = ""
    # SMS to India: the DLT principal entity ID sent with every SMS (AWS.MM.SMS.EntityId). Empty: the stage
    # has no DLT registration yet (SMS go out without it and operators may drop them; docs/runbook.md § 5).
    dlt_entity_id: str = ""
    # The SES configuration set whose bounce and complaint events feed the suppression list (empty: none).
    ses_configuration_set: str = ""
    # The platform's SMS budget per India day (karmayogi.domain.sms_budget); empty or 0: no budget.
    sms_daily_limit: str = ""
    # Course content (the learning hub): the private bucket of uploads and processed media, and in AWS the
    # MediaConvert role and job template the media processor passes (empty locally: ffmpeg does the HLS).
    media_bucket: str = ""
    # The insights' bucket (analytics/layout.py: exports, flattened tables, per-org CSV reports).
    analytics_bucket: str = ""
    # The scheduled insights job (analytics/job.py): the Glue database and Athena workgroup its SQL runs in,
    # and the table's ARN (its export to S3 names the table by ARN).
    analytics_database: str = ""
    analytics_workgroup: str = ""
    table_arn: str = ""
    # The bulk import's sender (functions/auth/invitations.py): the SQS queue of invitations to send (empty: sent
    # at once, as on the dev server) and the Step Functions state machine that imports a file (empty: the
    # steps run in the request's process, as on the dev server).
    invitations_queue_url: str = ""
    import_state_machine_arn: str = ""
    # Invitations a sender sends per second (infra/constructs/onboarding.py; empty: the module's default).
    invitation_send_rate: str = ""
    media_convert_role_arn: str = ""
    media_convert_template: str = ""
    # "ffmpeg": the dev server's and the tests' HLS stand-in (local/aws.py sets it): the processor makes a
    # video's ladder in-process with ffmpeg. Empty: MediaConvert (the role and template above).
    media_transcoder: str = ""
    # The local stand-in's content-addressed cache of HLS ladders (a folder; empty: none).
    media_ladder_cache: str = ""
    # Delivery of course media through CloudFront's signed URLs and cookies (functions/learning/cdn.py): the
    # id of the CloudFront public key whose private half signs (the key itself: media_signing_key below).
    media_key_pair_id: str = ""
    # Web Push (karmayogi.domain.push): the secret holding the VAPID key pair, given only to the functions
    # that send push or hand out its public key (infra/stack.py SENDS_PUSH). Empty: this function sends none.
    vapid_secret_arn: str = ""
    # The web client's origin (https://<domain>), where certificates' QR codes and credentials point to the
    # public verification page (functions/learning/certificates_service.py). Empty: the request's origin.
    web_origin: str = ""
    # The certificate issuer's Ed25519 public key (base64url), given by the stack beside the secret that holds the
    # pair (ISSUER_KEY_SECRET_ARN): the issuer document is published from it without reading the secret.
    issuer_public_key: str = ""

    @property
    def sms_daily_limit_count(self) -> int:
        return int(self.sms_daily_limit) if self.sms_daily_limit.strip().isdigit() else 0

    def require(self, *names: str) -> Settings:
        """Fail with a clear message unless every named setting is present (what a function needs)."""
        missing = [_VARIABLES[name] for name in names if not getattr(self, name)]
        if missing:
            raise SettingsError(f"missing environment variable(s): {', '.join(missing)}")
        return self

    # Keys for HMACs: OTP hashes and page cursors. In AWS each comes from its Secrets Manager secret
    # (OTP_SECRET_ARN / CURSOR_SECRET_ARN, read once per container on first use, so functions that never
    # page or send an OTP never pay for the call); the dev server and tests set the value itself.
    @property
    def otp_hash_key(self) -> str:
        return _secret("OTP_SECRET_ARN", "OTP_HASH_KEY")

    @property
    def cursor_signing_key(self) -> str:
        return _secret("CURSOR_SECRET_ARN", "CURSOR_SIGNING_KEY")

    @property
    def media_signing_key(self) -> str:
        """The RSA private key (PEM) of the CloudFront key pair that signs media addresses: in AWS and on the
        dev server the secret MEDIA_SIGNING_KEY_SECRET_ARN names (generated at deployment by the stack)."""
        return _secret("MEDIA_SIGNING_KEY_SECRET_ARN", "MEDIA_SIGNING_KEY")

    @property
    def vapid_keys(self) -> VapidKeys:
        """The VAPID key pair push messages are signed with: in AWS and on the dev server the JSON
        `{"publicKey", "privateKey"}` of the secret VAPID_SECRET_ARN names (generated at deployment by the
        stack, at start by the dev server), checked here so that a wrong secret fails loudly, not per push."""
        return _vapid_keys(_secret("VAPID_SECRET_ARN", "VAPID_KEYS"))

    @property
    def issuer_key(self) -> str:
        """The Ed25519 key certificates' verifiable credentials are signed with (karmayogi.domain.credentials):
        the JSON `{"publicKey", "privateKey"}` (base64url, 32 bytes each) of the secret ISSUER_KEY_SECRET_ARN
        names, made at deployment by the stack (infra/constructs/issuer.py), at start by the dev server."""
        return _secret("ISSUER_KEY_SECRET_ARN", "ISSUER_KEY")

    @property
    def user_pool_client_secret(self) -> str:
        """The app client's secret (only the auth hub has it: its SECRET_HASH goes with every Cognito call
        that names a user, so nobody can call Cognito around the hub with the public client id)."""
        return _secret("USER_POOL_CLIENT_SECRET_ARN", "USER_POOL_CLIENT_SECRET")


@dataclass(frozen=True)
class VapidKeys:
    """base64url (unpadded): the public key as the 65-byte uncompressed P-256 point browsers take as
    `applicationServerKey`, the private key as its 32-byte scalar."""

    public_key: str
    private_key: str


def _base64url_bytes(value: object) -> bytes:
    import base64
    import binascii

    if not isinstance(value, str):
        raise ValueError("not a string")
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as error:
        raise ValueError("not base64url") from error


@lru_cache(maxsize=2)
def _vapid_keys(secret: str) -> VapidKeys:
    import json

    try:
        document = json.loads(secret)
        public, private = document["publicKey"], document["privateKey"]
        point, scalar = _base64url_bytes(public), _base64url_bytes(private)
        if len(point) != 65 or point[0] != 4 or len(scalar) != 32:
            raise ValueError("wrong key sizes")
    except (ValueError, KeyError, TypeError) as error:
        raise SettingsError("the VAPID secret is not {\"publicKey\", \"privateKey\"} of a P-256 key pair "
                            "(base64url: a 65-byte uncompressed point and a 32-byte scalar)") from error
    return VapidKeys(public_key=public, private_key=private)


_VARIABLES = {field.name: field.name.upper() for field in fields(Settings)} | {"region": "AWS_REGION"}
_REQUIRED = ("stage", "region", "table_name", "email_sender", "sms_sender_id", "schedule_group_name")


@lru_cache(maxsize=8)
def _secret(arn_variable: str, value_variable: str) -> str:
    arn = os.environ.get(arn_variable)
    if not arn:
        value = os.environ.get(value_variable)
        if not value:
            raise SettingsError(f"missing environment variable: {arn_variable} (or {value_variable})")
        return value
    from karmayogi.platform import aws

    secret: str = aws.client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"]
    return secret


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    env = os.environ
    values = {name: env.get(variable, "") for name, variable in _VARIABLES.items()}
    values["region"] = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or ""
    settings = Settings(**values)
    return settings.require(*_REQUIRED)


def reset_settings() -> None:
    """Forget the cached settings (tests and the dev server change the environment)."""
    get_settings.cache_clear()
    _secret.cache_clear()
    _vapid_keys.cache_clear()
