"""KarmayogiStack: one per stage. It only composes the constructs of infra/constructs and wires the
grants and environment each function needs (least privilege: a role per function, grants by name)."""

from __future__ import annotations

from typing import Any

from aws_cdk import Annotations, CfnOutput, Stack, Tags
from aws_cdk import aws_iam as iam
from constructs import Construct

from infra import definitions
from infra.constructs import (
    Api,
    AppSecrets,
    Auth,
    Firewall,
    FunctionDefaults,
    HubFunction,
    Monitoring,
    Notifications,
    Schedules,
    SharedLayers,
    StageConfig,
    Table,
    Workflows,
)
from infra.constructs.analytics import Analytics
from infra.constructs.expiry import NotificationExpiry
from infra.constructs.issuer import CertificateIssuer
from infra.constructs.media import Media
from infra.constructs.media_delivery import MediaSigning
from infra.constructs.nag import acknowledge
from infra.constructs.onboarding import Onboarding
from infra.constructs.push import WebPushKeys
from infra.constructs.web import WebClient

# Functions that send email (SES) themselves: OTPs (auth), reminders and event notices (events), enrolment
# decisions (learning and its workflow), application status notices (career).
SENDS_EMAIL = frozenset({"auth", "auth-invitations", "events", "events-reminders", "learning", "learning-workflow", "career"})
# Functions that send SMS (SNS): OTPs (auth), event notices and reminders (events). Nobody else may publish.
SENDS_SMS = frozenset({"auth", "auth-invitations", "events", "events-reminders"})
# Functions that send Web Push (karmayogi.domain.push): designation decisions (auth), plan assignments
# (competency), event reminders, notices and the key route (events), enrolment decisions (learning and its
# workflow). Only they read the VAPID key pair.
SENDS_PUSH = frozenset({"auth", "competency", "events", "events-reminders", "learning", "learning-workflow"})

# What the auth hub does with Cognito (admin APIs only: self sign-up is off).
COGNITO_ADMIN_ACTIONS = [
    "cognito-idp:AdminCreateUser",
    "cognito-idp:AdminDeleteUser",  # undoes a half-made registration
    "cognito-idp:AdminSetUserPassword",
    "cognito-idp:AdminAddUserToGroup",
    "cognito-idp:AdminRemoveUserFromGroup",
    "cognito-idp:AdminGetUser",
    "cognito-idp:AdminUpdateUserAttributes",
    "cognito-idp:AdminUserGlobalSignOut",
    "cognito-idp:AdminDisableUser",  # a suspended account
    "cognito-idp:AdminEnableUser",
    "cognito-idp:AdminInitiateAuth",
    "cognito-idp:AdminRespondToAuthChallenge",  # the TOTP step of an admin's login
    "cognito-idp:AdminSetUserMFAPreference",
    "cognito-idp:AdminListGroupsForUser",
    "cognito-idp:RevokeToken",
]
SCHEDULER_ACTIONS = [
    "scheduler:CreateSchedule",
    "scheduler:UpdateSchedule",
    "scheduler:DeleteSchedule",
    "scheduler:GetSchedule",
]


class KarmayogiStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig, **kwargs: Any) -> None:
        super().__init__(
            scope,
            construct_id,
            description=f"Karmayogi learning platform ({config.stage})",
            termination_protection=config.termination_protection,
            **kwargs,
        )
        stage = config.stage
        self.config = config
        Tags.of(self).add("Project", definitions.APP_NAME)
        Tags.of(self).add("Stage", stage)

        self.table = Table(self, "Table", stage=stage).table
        self.auth = Auth(self, "Auth", config=config)
        self.secrets = AppSecrets(self, "Secrets", stage=stage)
        self.notifications = Notifications(self, "Notifications", config=config)
        self.layers = SharedLayers(self, "Layers", stage=stage)

        defaults = FunctionDefaults(
            config=config,
            layers=self.layers.all,
            table=self.table,
            cursor_secret=self.secrets.cursor_signing_key,
            environment={
                "STAGE": stage,
                "TABLE_NAME": self.table.table_name,
                "USER_POOL_ID": self.auth.user_pool.user_pool_id,
                "USER_POOL_CLIENT_ID": self.auth.client.user_pool_client_id,
                "SCHEDULE_GROUP_NAME": definitions.schedule_group_name(stage),
                "EMAIL_SENDER": config.email_sender,
                "SES_CONFIGURATION_SET": config.ses_configuration_set,
                "SMS_SENDER_ID": config.sms_sender_id,
                "DLT_ENTITY_ID": config.dlt_entity_id,
                "SMS_DAILY_LIMIT": str(config.sms_daily_limit),
                "CURSOR_SECRET_ARN": self.secrets.cursor_signing_key.secret_arn,
            },
        )

        self.notifications.add_feedback_function(defaults)
        self.schedules = Schedules(self, "Schedules", defaults=defaults)
        self.workflows = Workflows(self, "Workflows", defaults=defaults)
        self.notification_expiry = NotificationExpiry(
            self, "NotificationExpiry", defaults=defaults, table=self.table,
            dead_letter_queue=self.schedules.dead_letter_queue,
        )

        # Course content: the media bucket and its processor (uploads go straight from the web client's origin).
        web_origins = [f"https://{config.domain_name}"] if config.domain_name else list(config.allowed_origins)
        self.media = Media(self, "Media", defaults=defaults, web_origins=web_origins)
        # Bulk onboarding: imports of employee CSVs (files in the media bucket's imports/) and their invitations.
        self.onboarding = Onboarding(self, "Onboarding", defaults=defaults, bucket=self.media.bucket)
        # Insights: the nightly export of the table, Athena over it, and the aggregates the dashboards read.
        self.analytics = Analytics(self, "Analytics", defaults=defaults, log_bucket=self.media.log_bucket)
        # Its delivery: the key pair CloudFront's /media/* behaviour trusts (added to the web client below).
        self.media_signing = MediaSigning(self, "MediaSigning", stage=stage, deps_layer=self.layers.deps)
        # Web Push: the VAPID key pair (made at deployment), read by the functions in SENDS_PUSH.
        self.push_keys = WebPushKeys(self, "WebPush", stage=stage, deps_layer=self.layers.deps)
        # Certificates: the issuer's Ed25519 key (made at deployment) the learning hub signs credentials with.
        self.certificate_issuer = CertificateIssuer(self, "CertificateIssuer", stage=stage, deps_layer=self.layers.deps)

        self.hubs: dict[str, HubFunction] = {}
        for hub in definitions.HUBS:
            self.hubs[hub] = HubFunction(
                self,
                f"{hub.capitalize()}Hub",
                name=hub,
                hub=hub,
                handler=f"functions.{hub}.handler.handler",
                defaults=defaults,
                description=f"Karmayogi {hub} hub: its API routes (infra/route_table.py)",
                environment=self._hub_environment(hub),
                snap_start=True,
            )
        self._grant_auth(self.hubs["auth"])
        self._grant_learning(self.hubs["learning"])
        self._grant_events(self.hubs["events"])
        self.analytics.grant_reports(self.hubs["competency"])
        for function in self.all_functions:
            if function.name in SENDS_EMAIL:
                self.notifications.grant_email(function)
            if function.name in SENDS_SMS:
                self.notifications.grant_sms(function)
            if function.name in SENDS_PUSH:
                self.push_keys.grant(function)
        unknown = sorted(set(config.reserved_concurrency) - {f.name for f in self.all_functions} - {"token-claims"})
        if unknown:
            raise ValueError(f"stage {stage}: reservedConcurrency names unknown functions {unknown}")
        self._warn_about_registrations()

        self.api = Api(
            self,
            "Api",
            config=config,
            user_pool=self.auth.user_pool,
            functions={hub: f.invocable for hub, f in self.hubs.items()},
        )
        # Beside the stage it protects, in the API's nested stack.
        self.firewall = Firewall(self.api.resources, "Firewall", config=config, stage=self.api.stage)
        self.web = WebClient(
            self,
            "Web",
            config=config,
            api_url=self.api.url,
            domain_name=config.domain_name or None,
            certificate_arn=config.certificate_arn or None,
            api_domain=self.api.domain,
            api_stage=stage,
            upload_origin=f"https://{self.media.bucket.bucket_regional_domain_name}",
        )
        self.web.add_media(self.media.bucket, self.media_signing.key_group)
        self.monitoring = Monitoring(
            self,
            "Monitoring",
            config=config,
            api=self.api.api,
            functions=self.all_functions,
            table=self.table,
            dead_letter_queue=self.schedules.dead_letter_queue,
            state_machine=self.workflows.state_machine,
        )

        self.media.add_alarms(self.monitoring.topic)

        CfnOutput(self, "MediaBucketName", value=self.media.bucket.bucket_name)
        CfnOutput(self, "ApiUrl", value=self.api.url, description="Base URL of the HTTP API (API Gateway)")
        CfnOutput(self, "WebApiUrl", value=f"https://{self.web.domain_name}/api/",
                  description="The same API on the web client's domain (what the app calls)")
        CfnOutput(self, "WebUrl", value=self.web.url, description="The web client (CloudFront)")
        CfnOutput(self, "UserPoolId", value=self.auth.user_pool.user_pool_id)
        CfnOutput(self, "UserPoolClientId", value=self.auth.client.user_pool_client_id)
        CfnOutput(self, "TableName", value=self.table.table_name)
        CfnOutput(self, "AlarmTopicArn", value=self.monitoring.topic.topic_arn)
        CfnOutput(self, "DashboardName", value=f"karmayogi-{stage}")

    @property
    def all_functions(self) -> list[HubFunction]:
        return [
            *self.hubs.values(),
            self.workflows.enrolment_task,
            self.schedules.reminder,
            self.notification_expiry.expiry,
            self.media.processor,
            *self.onboarding.functions,
            self.analytics.job,
            *([self.notifications.feedback] if self.notifications.feedback else []),
        ]

    def _warn_about_registrations(self) -> None:
        """What needs doing by hand before the stage works in India: the DLT registration of SMS (TRAI, docs/
        runbook.md § 5) and the domain's certificate (§ 3a)."""
        from karmayogi.domain.templates import SMS_DLT

        pending = sorted(f"{t}/{lang}" for t, langs in SMS_DLT.items() for lang, d in langs.items() if not d.template_id)
        if not self.config.dlt_entity_id:
            Annotations.of(self).add_warning_v2(
                "karmayogi:dlt-entity-missing",
                f"stage {self.config.stage}: no dltEntityId in cdk.json: SMS to India go out without the DLT "
                "entity ID and operators may drop them (docs/runbook.md § 5)",
            )
        if ":000000000000:" in self.config.certificate_arn:
            Annotations.of(self).add_warning_v2(
                "karmayogi:certificate-placeholder",
                f"stage {self.config.stage}: certificateArn is the placeholder: request the us-east-1 certificate "
                "for domainName and put its ARN into cdk.json before deploying (docs/runbook.md § 3a)",
            )
        if pending:
            Annotations.of(self).add_warning_v2(
                "karmayogi:dlt-templates-pending",
                f"SMS templates without a DLT template ID (karmayogi/domain/templates.py SMS_DLT): {', '.join(pending)}",
            )

    def _hub_environment(self, hub: str) -> dict[str, str]:
        # The origin Lambda's CORS headers allow (karmayogi.platform.api.make_resolver); the web client itself
        # calls the API on its own domain (/api), so this only matters to other origins.
        cors = {"ALLOWED_ORIGIN": self.config.allowed_origins[0]}
        return {**cors, **self._hub_extra_environment(hub)}

    def _hub_extra_environment(self, hub: str) -> dict[str, str]:
        if hub == "auth":
            return {"OTP_SECRET_ARN": self.secrets.otp_hash_key.secret_arn,
                    "USER_POOL_CLIENT_SECRET_ARN": self.auth.client_secret.secret_arn,
                    "MEDIA_BUCKET": self.media.bucket.bucket_name, **self.onboarding.hub_environment}
        if hub == "learning":
            return {"ENROLMENT_STATE_MACHINE_ARN": self.workflows.state_machine.state_machine_arn,
                    **self.media.hub_environment, **self.media_signing.hub_environment}
        if hub == "competency":
            return self.analytics.hub_environment
        if hub == "events":
            return {
                "REMINDER_TARGET_ARN": self.schedules.reminder.function.function_arn,
                "SCHEDULER_ROLE_ARN": self.schedules.scheduler_role.role_arn,
                "REMINDER_DLQ_ARN": self.schedules.dead_letter_queue.queue_arn,
            }
        return {}

    def _grant_auth(self, function: HubFunction) -> None:
        function.role.add_to_principal_policy(
            iam.PolicyStatement(
                sid="CognitoAdmin",
                actions=COGNITO_ADMIN_ACTIONS,
                resources=[self.auth.user_pool.user_pool_arn],
            )
        )
        self.secrets.otp_hash_key.grant_read(function.role)
        self.auth.client_secret.grant_read(function.role)
        self.onboarding.grant_imports(function)

    def _grant_learning(self, function: HubFunction) -> None:
        state_machine = self.workflows.state_machine
        state_machine.grant_start_execution(function.role)
        state_machine.grant_task_response(function.role)
        self.media.grant_uploads(function)
        self.media_signing.grant(function)
        web_origin = f"https://{self.config.domain_name}" if self.config.domain_name else ""
        self.certificate_issuer.grant(function, self.media.bucket, web_origin)

    def _grant_events(self, function: HubFunction) -> None:
        function.role.add_to_principal_policy(
            iam.PolicyStatement(
                sid="ManageReminderSchedules",
                actions=SCHEDULER_ACTIONS,
                resources=[self.schedules.schedules_arn_pattern],
            )
        )
        self.schedules.scheduler_role.grant_pass_role(function.role)
        acknowledge(
            function.role,
            "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:"
            f"schedule/{self.schedules.group_name}/*]",
            "The events hub creates, updates and deletes one schedule per event reminder, named at run "
            "time, in the stage's reminder schedule group only.",
        )
