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
    # Keys for HMACs: OTP hashes and page cursors. In AWS they come from Secrets Manager through the
    # environment of the function (see infra); locally they are fixed development values.
    otp_hash_key: str
    cursor_signing_key: str
    # The local stand-in for AWS does not need real tokens to be verified by API Gateway: the dev server
    # verifies them itself and passes the claims on exactly as the Cognito authorizer would.
    is_local: bool


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
        otp_hash_key=env.get("OTP_HASH_KEY", "local-otp-hash-key-not-for-production"),
        cursor_signing_key=env.get("CURSOR_SIGNING_KEY", "local-cursor-key-not-for-production"),
        is_local=env.get("STAGE", "local") == "local",
    )


def reset_settings() -> None:
    """Forget the cached settings (tests and the dev server change the environment)."""
    get_settings.cache_clear()
