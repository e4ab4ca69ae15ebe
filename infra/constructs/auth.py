"""Cognito: identities, passwords, tokens and role groups. The auth hub creates users with the admin APIs
(self sign-up is off) after its own OTP checks, so Cognito sends no messages of its own."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy, SecretValue
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infra import definitions
from infra.constructs.config import StageConfig
from infra.constructs.hub_function import asset_excludes
from infra.constructs.layers import ARCHITECTURE, REPO_ROOT, RUNTIME
from infra.constructs.nag import acknowledge


class Auth(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig) -> None:
        super().__init__(scope, construct_id)
        stage = config.stage
        threat_protection = (
            {
                "feature_plan": cognito.FeaturePlan.PLUS,
                "standard_threat_protection_mode": cognito.StandardThreatProtectionMode.FULL_FUNCTION,
            }
            if config.threat_protection
            else {"feature_plan": cognito.FeaturePlan.ESSENTIALS}
        )
        self.user_pool = cognito.UserPool(
            self,
            "UserPool",
            user_pool_name=definitions.user_pool_name(stage),
            self_sign_up_enabled=False,
            # username is the platform's user id; people sign in with their email or employee ID
            # (preferred_username), both set by the auth hub.
            sign_in_aliases=cognito.SignInAliases(username=True, email=True, preferred_username=True),
            sign_in_case_sensitive=False,
            # Cognito never sends codes: the auth hub verifies email and mobile with its own OTPs.
            auto_verify=cognito.AutoVerifiedAttrs(email=False, phone=False),
            account_recovery=cognito.AccountRecovery.NONE,
            standard_attributes=cognito.StandardAttributes(
                email=cognito.StandardAttribute(required=True, mutable=True),
                phone_number=cognito.StandardAttribute(required=False, mutable=True),
            ),
            password_policy=cognito.PasswordPolicy(
                min_length=definitions.PASSWORD_MIN_LENGTH,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
                temp_password_validity=Duration.days(1),
            ),
            # The officer's organisation as the token trigger copies it into the access token (`org_id`):
            # custom:orgId, fixed when the account was made (accounts made before memberships had a status),
            # and custom:memberOrgId, which only the auth hub's admin API calls change.
            custom_attributes={
                definitions.ORG_ATTRIBUTE: cognito.StringAttribute(min_len=1, max_len=64, mutable=False),
                # The org the officer is a member of now (a pending member approved, a transfer): added to a
                # pool that exists already without replacing it (CloudFormation adds custom attributes; it
                # cannot change or remove them). Users cannot write it (the client's write attributes).
                definitions.MEMBER_ORG_ATTRIBUTE: cognito.StringAttribute(min_len=1, max_len=64, mutable=True),
            },
            # TOTP (an authenticator app) as the optional second factor: the auth hub requires it of the
            # admin roles (API.md v2 "Sessions"); nobody gets SMS MFA (no Cognito-sent messages).
            mfa=cognito.Mfa.OPTIONAL,
            mfa_second_factor=cognito.MfaSecondFactor(sms=False, otp=True),
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
            **threat_protection,
        )
        acknowledge(
            self.user_pool,
            "AwsSolutions-COG2",
            "MFA is optional at the pool: the auth hub requires TOTP of the admin roles (an admin without "
            "it gets tokens flagged mfaRequired and is sent to set it up); learners sign in with a password.",
        )
        if not config.threat_protection:
            acknowledge(
                self.user_pool,
                "AwsSolutions-COG8",
                f"Stage {stage} runs on the Essentials plan: threat protection needs the Plus plan, billed "
                "per MAU; it is switched on per stage with threatProtection in cdk.json (on for prod). "
                "The auth hub rate-limits and locks OTP and login attempts itself.",
            )

        self.client = self.user_pool.add_client(
            "Client",
            user_pool_client_name=definitions.user_pool_client_name(stage),
            # Only the auth hub talks to Cognito: the client has a secret (its SECRET_HASH goes with every
            # call) and allows the admin password flow (the hub's IAM credentials) and refresh, nothing a
            # browser holding the client id (it is in every token) could use directly.
            generate_secret=True,
            auth_flows=cognito.AuthFlow(admin_user_password=True),
            # Nothing an authorization rule reads is writable with a user's own token (the org, the
            # employee-ID alias, email and mobile change only through the hub's admin calls).
            write_attributes=cognito.ClientAttributes().with_standard_attributes(
                locale="locale" in definitions.USER_WRITABLE_ATTRIBUTES
            ),
            disable_o_auth=True,
            enable_token_revocation=True,
            prevent_user_existence_errors=True,
            access_token_validity=Duration.minutes(definitions.ACCESS_TOKEN_MINUTES),
            id_token_validity=Duration.minutes(definitions.ACCESS_TOKEN_MINUTES),
            refresh_token_validity=Duration.days(definitions.REFRESH_TOKEN_DAYS),
        )

        # The client's secret, for the auth function alone (read once per container, like the HMAC keys):
        # CloudFormation's own ClientSecret attribute, so no custom resource describes the client.
        cfn_client = self.client.node.default_child
        assert isinstance(cfn_client, cognito.CfnUserPoolClient)
        self.client_secret = secretsmanager.Secret(
            self,
            "ClientSecret",
            description=f"Karmayogi {stage}: the user pool app client's secret (auth hub only)",
            secret_string_value=SecretValue.resource_attribute(cfn_client.attr_client_secret),
        )
        acknowledge(
            self.client_secret,
            "AwsSolutions-SMG4",
            "The app client's secret is Cognito's: it changes with a new client (docs/runbook.md, "
            "'Rotating keys'), not by a rotation Lambda.",
        )

        self.groups: dict[str, cognito.CfnUserPoolGroup] = {}
        for precedence, (name, description) in enumerate(definitions.USER_GROUPS):
            self.groups[name] = cognito.CfnUserPoolGroup(
                self,
                f"Group{name.title().replace('_', '')}",
                user_pool_id=self.user_pool.user_pool_id,
                group_name=name,
                description=description,
                precedence=len(definitions.USER_GROUPS) - precedence,
            )

        self.token_claims = self._token_claims_trigger(config)

    def _token_claims_trigger(self, config: StageConfig) -> lambda_.Function:
        """functions/auth/token_claims.py as the pool's pre-token-generation trigger (event version 2, which
        can add access-token claims: the Essentials and Plus plans). It reads nothing and needs no grant but
        its logs; it must not reference the pool (the pool references it)."""
        function_name = definitions.function_name(config.stage, "token-claims")
        log_group = logs.LogGroup(
            self,
            "TokenClaimsLogs",
            log_group_name=f"/aws/lambda/{function_name}",
            retention=config.log_retention,
            removal_policy=RemovalPolicy.DESTROY,
        )
        role = iam.Role(
            self,
            "TokenClaimsRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Least-privilege role of {function_name}",
        )
        log_group.grant_write(role)
        function = lambda_.Function(
            self,
            "TokenClaims",
            function_name=function_name,
            description="Karmayogi auth: adds the caller's org_id claim to access tokens (Cognito trigger)",
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            handler="functions.auth.token_claims.handler",
            code=lambda_.Code.from_asset(str(REPO_ROOT), exclude=asset_excludes("auth")),
            memory_size=128,
            timeout=Duration.seconds(5),  # Cognito waits at most 5 s for a trigger
            role=role,
            log_group=log_group,
            logging_format=lambda_.LoggingFormat.JSON,
            tracing=lambda_.Tracing.ACTIVE,
            # Every login and refresh runs it: reserved per stage like the hubs (cdk.json reservedConcurrency).
            reserved_concurrent_executions=config.reserved_concurrency.get("token-claims"),
        )
        acknowledge(
            function,
            "AwsSolutions-L1",
            "Pinned to Python 3.13 with the platform's other functions (tested on 3.13); moving to a newer "
            "runtime is a deliberate upgrade of all of them.",
        )
        acknowledge(
            role,
            "AwsSolutions-IAM5[Resource::*]",
            "X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) have no resource-level "
            "permissions; CDK adds them with Resource '*'.",
        )
        self.user_pool.add_trigger(
            cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, function, cognito.LambdaVersion.V2_0
        )
        return function
