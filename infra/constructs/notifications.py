"""Outbound email (SES) and SMS (SNS) for OTPs, reminders and notices, and what comes back from SES.

SES: a domain identity for the stage's sender domain (DKIM records to publish: see docs/runbook.md) and a
configuration set the functions send through. Its bounce and complaint events go to an encrypted SNS topic
that invokes a small function (functions/events/email_feedback.py), which puts the address on the email
suppression list `send_email` honours.

Grants are per function and per channel (infra/stack.py decides who sends what): email only from the
stage's sender address, through its identity and configuration set; SMS through SNS direct publish to
phone numbers, which IAM cannot scope to a resource, so the grant is `sns:Publish` on `*` with an explicit
deny of publishing to any topic (a phone number is not an SNS ARN: the deny leaves SMS alone)."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from constructs import Construct

from infra.constructs.config import StageConfig
from infra.constructs.hub_function import FunctionDefaults, HubFunction
from infra.constructs.nag import acknowledge

FEEDBACK_HANDLER = "functions.events.email_feedback.handler"


class Notifications(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig) -> None:
        super().__init__(scope, construct_id)
        stack = Stack.of(self)
        self.sender_domain = config.sender_domain
        self.email_sender = config.email_sender
        self.sms_sender_id = config.sms_sender_id
        self.configuration_set = ses.ConfigurationSet(
            self,
            "ConfigurationSet",
            configuration_set_name=config.ses_configuration_set,
            reputation_metrics=True,
            sending_enabled=True,
            # SES itself drops mail to an address that hard-bounced or complained (no read per send).
            suppression_reasons=ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
        )
        self.identity = ses.EmailIdentity(
            self,
            "SenderDomain",
            identity=ses.Identity.domain(config.sender_domain),
            configuration_set=self.configuration_set,
            dkim_signing=True,
            feedback_forwarding=True,
        )

        self.feedback_key = kms.Key(
            self,
            "FeedbackTopicKey",
            description=f"Karmayogi {config.stage}: encrypts the SES bounce and complaint topic",
            enable_key_rotation=True,
        )
        self.feedback_key.add_to_resource_policy(
            iam.PolicyStatement(
                actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                principals=[iam.ServicePrincipal("ses.amazonaws.com")],
                resources=["*"],
                conditions={"StringEquals": {"aws:SourceAccount": stack.account}},
            )
        )
        self.feedback_topic = sns.Topic(
            self,
            "FeedbackTopic",
            topic_name=f"karmayogi-{config.stage}-ses-feedback",
            display_name=f"Karmayogi {config.stage} SES bounces and complaints",
            master_key=self.feedback_key,
            enforce_ssl=True,
        )
        self.configuration_set.add_event_destination(
            "BouncesAndComplaints",
            destination=ses.EventDestination.sns_topic(self.feedback_topic),
            events=[ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
        )
        self.feedback: HubFunction | None = None

    def add_feedback_function(self, defaults: FunctionDefaults) -> HubFunction:
        """The function that turns SES bounce and complaint events into suppressions (needs the table)."""
        self.feedback = HubFunction(
            self,
            "EmailFeedback",
            name="events-email-feedback",
            hub="events",
            handler=FEEDBACK_HANDLER,
            defaults=defaults,
            description="Puts addresses SES reports as bounced or complaining on the email suppression list",
        )
        self.feedback.function.add_event_source(sources.SnsEventSource(self.feedback_topic))
        return self.feedback

    def grant_email(self, function: HubFunction) -> None:
        """ses:SendEmail from the stage's sender address only, through its identity and configuration set
        (SES authorizes a send against both)."""
        stack = Stack.of(self)
        configuration_set_arn = stack.format_arn(
            service="ses", resource="configuration-set", resource_name=self.configuration_set.configuration_set_name
        )
        identity_arn = stack.format_arn(service="ses", resource="identity", resource_name=self.sender_domain)
        function.role.add_to_principal_policy(
            iam.PolicyStatement(
                sid="SendEmailFromStageSender",
                actions=["ses:SendEmail", "ses:SendRawEmail"],
                resources=[identity_arn, configuration_set_arn],
                conditions={"StringEquals": {"ses:FromAddress": self.email_sender}},
            )
        )

    def grant_sms(self, function: HubFunction) -> None:
        """sns:Publish of SMS to phone numbers, never to a topic."""
        function.role.add_to_principal_policy(
            iam.PolicyStatement(
                sid="SendSms",
                actions=["sns:Publish"],
                resources=["*"],
                conditions={"Bool": {"aws:SecureTransport": "true"}},
            )
        )
        function.role.add_to_principal_policy(
            iam.PolicyStatement(
                sid="NoPublishToTopics",
                effect=iam.Effect.DENY,
                actions=["sns:Publish"],
                resources=[f"arn:{Stack.of(self).partition}:sns:*:*:*"],
            )
        )
        acknowledge(
            function.role,
            "AwsSolutions-IAM5[Resource::*]",
            "sns:Publish of SMS to a phone number has no resource ARN to scope to (it is not a topic; "
            "publishing to any topic is denied), and X-Ray tracing actions have no resource-level permissions.",
        )
