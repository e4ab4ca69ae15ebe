"""Settings read from the environment, once per container.

Every value has a local default so the handlers run unchanged under the dev server and the tests;
in AWS the CDK stack sets each variable explicitly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Settings:
    stage: str
    region: str
    table_name: str
    user_pool_id: str
    user_pool_client_id: str
    enrolment_state_machine_arn: str
    schedule_group_name: str
    reminder_target_arn: str
    scheduler_role_arn: str
    # Dead-letter queue of the reminder schedules (EventBridge Scheduler's DeadLetterConfig).
    reminder_dlq_arn: str
    email_sender: str
    sms_sender_id: str
    # The local stand-in for AWS does not need real tokens to be verified by API Gateway: the dev server
    # verifies them itself and passes the claims on exactly as the Cognito authorizer would.
    is_local: bool

    # Keys for HMACs: OTP hashes and page cursors. In AWS each comes from its Secrets Manager secret
    # (OTP_SECRET_ARN / CURSOR_SECRET_ARN, read once per container on first use, so functions that never
    # page or send an OTP never pay for the call); locally they are fixed development values.
    @property
    def otp_hash_key(self) -> str:
        return _secret("OTP_SECRET_ARN", "OTP_HASH_KEY", "local-otp-hash-key-not-for-production")

    @property
    def cursor_signing_key(self) -> str:
        return _secret("CURSOR_SECRET_ARN", "CURSOR_SIGNING_KEY", "local-cursor-key-not-for-production")


@lru_cache(maxsize=4)
def _secret(arn_variable: str, value_variable: str, local_default: str) -> str:
    arn = os.environ.get(arn_variable)
    if not arn:
        return os.environ.get(value_variable, local_default)
    import boto3

    client = boto3.client("secretsmanager", region_name=os.environ.get("AWS_REGION", "ap-south-1"))
    value: str = client.get_secret_value(SecretId=arn)["SecretString"]
    return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    env = os.environ
    return Settings(
        stage=env.get("STAGE", "local"),
        region=env.get("AWS_REGION", env.get("AWS_DEFAULT_REGION", "ap-south-1")),
        table_name=env.get("TABLE_NAME", "karmayogi-local"),
        user_pool_id=env.get("USER_POOL_ID", ""),
        user_pool_client_id=env.get("USER_POOL_CLIENT_ID", ""),
        enrolment_state_machine_arn=env.get("ENROLMENT_STATE_MACHINE_ARN", ""),
        schedule_group_name=env.get("SCHEDULE_GROUP_NAME", "karmayogi-local-reminders"),
        reminder_target_arn=env.get("REMINDER_TARGET_ARN", ""),
        scheduler_role_arn=env.get("SCHEDULER_ROLE_ARN", ""),
        reminder_dlq_arn=env.get(
            "REMINDER_DLQ_ARN", "arn:aws:sqs:ap-south-1:123456789012:karmayogi-local-reminders-dlq"
        ),
        email_sender=env.get("EMAIL_SENDER", "no-reply@karmayogi.gov.in"),
        sms_sender_id=env.get("SMS_SENDER_ID", "KRMYGI"),
        is_local=env.get("STAGE", "local") == "local",
    )


def reset_settings() -> None:
    """Forget the cached settings (tests and the dev server change the environment)."""
    get_settings.cache_clear()
    _secret.cache_clear()
