"""Outbound email (SES) and SMS (SNS) for OTPs, reminders and notices.

SES: a domain identity for the stage's sender domain (DKIM records to publish: see docs/runbook.md).
SMS: SNS direct publish to phone numbers, which IAM cannot scope to a resource."""

from __future__ import annotations

from aws_cdk import aws_iam as iam
from aws_cdk import aws_ses as ses
from constructs import Construct

from infra.constructs.config import StageConfig
from infra.constructs.hub_function import HubFunction
from infra.constructs.nag import acknowledge


class Notifications(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig) -> None:
        super().__init__(scope, construct_id)
        self.sender_domain = config.sender_domain
        self.email_sender = config.email_sender
        self.sms_sender_id = config.sms_sender_id
        self.identity = ses.EmailIdentity(
            self,
            "SenderDomain",
            identity=ses.Identity.domain(config.sender_domain),
            dkim_signing=True,
            feedback_forwarding=True,
        )

    def grant_send(self, function: HubFunction) -> None:
        """Email through SES from the sender identity, and SMS through SNS."""
        self.identity.grant_send_email(function.role)
        function.role.add_to_principal_policy(
            iam.PolicyStatement(
                sid="SendSms",
                actions=["sns:Publish"],
                resources=["*"],
                conditions={"Bool": {"aws:SecureTransport": "true"}},
            )
        )
        acknowledge(
            function.role,
            "AwsSolutions-IAM5[Resource::*]",
            "sns:Publish of SMS to a phone number has no resource ARN to scope to (it is not a topic), "
            "and X-Ray tracing actions have no resource-level permissions.",
        )
