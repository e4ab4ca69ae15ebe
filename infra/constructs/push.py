"""Web Push (issue 16): the VAPID key pair the platform signs its pushes with (karmayogi.domain.push).

- The key pair exists at deployment without a manual step: a custom resource (CDK's Provider framework, a
  small Lambda with `cryptography` from the deps layer: infra/custom_resources/vapid_key_pair) makes the P-256
  key and puts both halves into this construct's secret as JSON; the events hub's `GET /me/push/key` hands out
  the public half. Rotating it: bump `generation` (docs/runbook.md; devices must subscribe again).
- The secret is readable only by the functions that send push or hand out the key (`grant`, infra/stack.py
  SENDS_PUSH); each gets the secret's ARN as VAPID_SECRET_ARN."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import CustomResource, Duration
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import custom_resources as cr
from constructs import Construct

from infra import definitions
from infra.constructs.hub_function import HubFunction
from infra.constructs.layers import ARCHITECTURE, RUNTIME
from infra.constructs.nag import acknowledge, acknowledge_all, logical_id

KEY_PAIR_CODE = Path(__file__).resolve().parent.parent / "custom_resources" / "vapid_key_pair"
KEY_PAIR_GENERATION = "1"  # change to make a new key pair at the next deployment (rotation)
DEPLOY_ONLY = "it runs only while the stack deploys"


class WebPushKeys(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, stage: str, deps_layer: lambda_.ILayerVersion,
                 generation: str = KEY_PAIR_GENERATION) -> None:
        super().__init__(scope, construct_id)
        self.secret = secretsmanager.Secret(
            self, "VapidKeys",
            secret_name=definitions.vapid_secret_name(stage),
            description=f"Karmayogi {stage}: the Web Push VAPID key pair (JSON publicKey, privateKey; base64url)",
        )
        acknowledge(self.secret, "AwsSolutions-SMG4",
                    "The VAPID key pair of Web Push: every browser subscription is bound to its public key, so it "
                    "is rotated deliberately by the key-pair custom resource (bump its generation, docs/runbook.md), "
                    "never on a schedule, which would silently end every device's subscription.")
        generator = lambda_.Function(
            self, "KeyPairFunction",
            runtime=RUNTIME, architecture=ARCHITECTURE,
            handler="index.handler",
            code=lambda_.Code.from_asset(str(KEY_PAIR_CODE), exclude=["__pycache__", "*.pyc"]),
            layers=[deps_layer],
            timeout=Duration.minutes(1),
            memory_size=256,
            reserved_concurrent_executions=1,  # one deployment at a time makes the key
            description="Makes the Web Push VAPID key pair at deployment (into its secret)",
        )
        self.secret.grant_read(generator)
        self.secret.grant_write(generator)
        provider = cr.Provider(self, "KeyPairProvider", on_event_handler=generator)
        self.key_pair = CustomResource(
            self, "KeyPair",
            service_token=provider.service_token,
            resource_type="Custom::VapidKeyPair",
            properties={"SecretArn": self.secret.secret_arn, "Generation": generation},
        )
        basic = ("AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                 "AWSLambdaBasicExecutionRole]")
        acknowledge_all(generator, {
            basic: f"The key-pair function writes its own logs with the AWS managed basic execution policy; {DEPLOY_ONLY}.",
            "AwsSolutions-L1": "Pinned to Python 3.13 like every function: it runs with the deps layer, built from "
            "cp313 aarch64 wheels (cryptography).",
        })
        acknowledge_all(provider, {
            basic: f"CDK's Provider framework function logs with the AWS managed basic execution policy; {DEPLOY_ONLY}.",
            f"AwsSolutions-IAM5[Resource::<{logical_id(generator)}.Arn>:*]": "CDK's Provider framework may invoke "
            "the key-pair function and its versions (the `:*` CDK grants); nothing else.",
            "AwsSolutions-L1": f"The runtime of CDK's Provider framework function is chosen by aws-cdk-lib; {DEPLOY_ONLY}.",
        })

    def grant(self, function: HubFunction) -> None:
        """`function` sends push (or hands out the public key): it reads the secret, named in its environment,
        and starts only once the key pair is made."""
        self.secret.grant_read(function.role)
        function.function.add_environment("VAPID_SECRET_ARN", self.secret.secret_arn)
        function.function.node.add_dependency(self.key_pair)
