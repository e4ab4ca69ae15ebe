"""Per-stage configuration, read from the CDK context (`cdk.json` → `"stages"`), account-free.

    "stages": {"dev": {"memoryMb": 1024, ...}, "prod": {...}}

`-c stage=prod` selects one (default dev). Every key is optional; the defaults below suit dev.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from aws_cdk import aws_logs as logs

DEFAULT_STAGE = "dev"
UNRESERVED_MINIMUM = 100  # Lambda refuses reservations that leave the account less unreserved concurrency

_RETENTION_BY_DAYS: dict[int, logs.RetentionDays] = {
    1: logs.RetentionDays.ONE_DAY,
    3: logs.RetentionDays.THREE_DAYS,
    5: logs.RetentionDays.FIVE_DAYS,
    7: logs.RetentionDays.ONE_WEEK,
    14: logs.RetentionDays.TWO_WEEKS,
    30: logs.RetentionDays.ONE_MONTH,
    60: logs.RetentionDays.TWO_MONTHS,
    90: logs.RetentionDays.THREE_MONTHS,
    120: logs.RetentionDays.FOUR_MONTHS,
    150: logs.RetentionDays.FIVE_MONTHS,
    180: logs.RetentionDays.SIX_MONTHS,
    365: logs.RetentionDays.ONE_YEAR,
    400: logs.RetentionDays.THIRTEEN_MONTHS,
    545: logs.RetentionDays.EIGHTEEN_MONTHS,
    731: logs.RetentionDays.TWO_YEARS,
    1827: logs.RetentionDays.FIVE_YEARS,
    3653: logs.RetentionDays.TEN_YEARS,
}


@dataclass(frozen=True)
class StageConfig:
    stage: str
    region: str = ""
    """Region of the stage (pinned: the platform's data stays in India). Empty: CDK_DEFAULT_REGION."""
    memory_mb: int = 1024
    log_level: str = "INFO"
    log_retention_days: int = 30
    throttle_rate_limit: int = 1000
    throttle_burst_limit: int = 2000
    waf_rate_limit: int = 3000
    """Requests per IP per 5 minutes before WAF blocks (whole offices share one NAT address: keep high)."""
    allowed_origins: tuple[str, ...] = ("*",)
    sender_domain: str = "karmayogi.gov.in"
    sender_local_part: str = "no-reply"
    sms_sender_id: str = "KRMYGI"
    """The DLT-registered SMS header (sender ID)."""
    dlt_entity_id: str = ""
    """The DLT principal entity ID (PE ID) sent with every SMS to India. Empty: not registered yet (synth warns)."""
    sms_monthly_spend_limit_usd: float = 1
    """The account's SNS SMS monthly spend limit as raised in the console (docs/runbook.md § 5); the spend alarm
    fires at 80% of it."""
    sms_failure_rate_percent: float = 20
    waf_integration_url: str = ""
    """The API web ACL's application integration URL (`aws wafv2 get-web-acl` → ApplicationIntegrationURL,
    known after the first deploy: docs/runbook.md § 5). Set: the web client loads the AWS WAF challenge SDK
    from it and the sending routes are challenged; empty: the challenge rule only counts (a browser without
    the SDK could not answer it, and registration would stop)."""
    sms_daily_limit: int = 100
    """The platform's SMS budget per India day (every SMS: OTPs, notices, reminders): past it SMS are not sent
    (email still is) and `SmsNotSentBudget` alarms; `SmsBudgetUsedPercent` alarms at 80 %. Keep it under
    the monthly spend limit: limit x 30 x the price of an SMS to India (~USD 0.0028) < smsMonthlySpendLimitUsd,
    so the budget, not SNS, is what stops a flood (docs/runbook.md § 5)."""
    waf_send_rate_limit: int = 100
    """Requests per client address per 5 minutes to the anonymous routes that send email or SMS (register,
    resend, forgot-password) before WAF blocks; they also need a WAF challenge token (firewall.py)."""
    """Alarm when more than this share of the SMS of an hour failed (NumberOfNotificationsFailed / all)."""
    domain_name: str = ""
    """Custom domain of the web client and the API (`/api`), served by CloudFront. Empty: *.cloudfront.net."""
    certificate_arn: str = ""
    """ACM certificate for `domain_name`, in us-east-1 (CloudFront's region), imported by ARN."""
    account_concurrency_limit: int = 1000
    """The account's Lambda concurrency quota in the region (Service Quotas)."""
    reserved_concurrency: dict[str, int] = field(default_factory=dict)
    """Reserved concurrency per function (short name: auth, learning, events-reminders ...); the account keeps
    at least UNRESERVED_MINIMUM unreserved. Empty (dev): nothing reserved."""
    threat_protection: bool = False
    """Cognito Plus feature plan with full-function threat protection (billed per MAU)."""
    alarm_email: str = ""
    termination_protection: bool = False
    api_5xx_threshold: int = 5
    ddb_user_errors_threshold: int = 25

    @property
    def ses_configuration_set(self) -> str:
        return f"karmayogi-{self.stage}"

    @property
    def waf_integration_origin(self) -> str:
        """The scheme and host of `waf_integration_url` (for the CSP), or empty."""
        parts = self.waf_integration_url.split("/")
        return "/".join(parts[:3]) if self.waf_integration_url.startswith("https://") else ""

    @property
    def custom_domain(self) -> bool:
        return bool(self.domain_name and self.certificate_arn)

    @property
    def email_sender(self) -> str:
        return f"{self.sender_local_part}@{self.sender_domain}"

    @property
    def log_retention(self) -> logs.RetentionDays:
        try:
            return _RETENTION_BY_DAYS[self.log_retention_days]
        except KeyError:
            allowed = ", ".join(str(d) for d in sorted(_RETENTION_BY_DAYS))
            raise ValueError(
                f"stage {self.stage}: logRetentionDays {self.log_retention_days} is not one of {allowed}"
            ) from None

    @classmethod
    def from_context(cls, stage: str, stages: dict[str, Any] | None) -> StageConfig:
        stages = stages or {}
        if stages and stage not in stages:
            known = ", ".join(sorted(stages))
            raise ValueError(f"unknown stage {stage!r}: cdk.json context 'stages' defines {known}")
        raw: dict[str, Any] = dict(stages.get(stage) or {})
        by_camel = {_camel(f.name): f.name for f in fields(cls) if f.name != "stage"}
        unknown = sorted(set(raw) - set(by_camel))
        if unknown:
            raise ValueError(f"stage {stage}: unknown settings {unknown}; known: {sorted(by_camel)}")
        values: dict[str, Any] = {by_camel[key]: value for key, value in raw.items()}
        if "allowed_origins" in values:
            origins = values["allowed_origins"]
            values["allowed_origins"] = (origins,) if isinstance(origins, str) else tuple(origins)
            if not values["allowed_origins"]:
                raise ValueError(f"stage {stage}: allowedOrigins must not be empty")
        config = cls(stage=stage, **values)
        config.log_retention  # noqa: B018 - validates the retention
        config.validate()
        return config

    def validate(self) -> None:
        if bool(self.domain_name) != bool(self.certificate_arn):
            raise ValueError(f"stage {self.stage}: domainName and certificateArn go together")
        if self.certificate_arn and ":us-east-1:" not in self.certificate_arn:
            raise ValueError(f"stage {self.stage}: certificateArn must be an ACM certificate in us-east-1 (CloudFront)")
        if self.waf_integration_url and not self.waf_integration_url.startswith("https://"):
            raise ValueError(f"stage {self.stage}: wafIntegrationUrl must be an https:// URL")
        if self.sms_daily_limit < 1 or self.waf_send_rate_limit < 10:
            raise ValueError(f"stage {self.stage}: smsDailyLimit must be positive and wafSendRateLimit at least 10 "
                             "(WAF's minimum)")
        reserved = sum(self.reserved_concurrency.values())
        if any(value < 1 for value in self.reserved_concurrency.values()):
            raise ValueError(f"stage {self.stage}: reservedConcurrency values must be positive")
        if reserved > self.account_concurrency_limit - UNRESERVED_MINIMUM:
            raise ValueError(
                f"stage {self.stage}: reservedConcurrency reserves {reserved} of the account's "
                f"{self.account_concurrency_limit}; Lambda keeps {UNRESERVED_MINIMUM} unreserved, so at most "
                f"{self.account_concurrency_limit - UNRESERVED_MINIMUM} can be reserved (raise accountConcurrencyLimit "
                "only after Service Quotas raised the account's limit)"
            )


def _camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part.capitalize() for part in rest)
