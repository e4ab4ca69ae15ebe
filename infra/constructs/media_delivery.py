"""Signed delivery of course media (issue 15, Delivery): the key pair CloudFront trusts and the learning hub
signs with. The distribution's /media/* behaviour that serves the media bucket with it is added to the web
client (infra/constructs/web.py `add_media`), so media is served on the web client's origin.

- The key pair exists at deployment without a manual step: a custom resource (CDK's Provider framework,
  a small Lambda with `cryptography` from the deps layer: infra/custom_resources/media_key_pair) makes the
  RSA key, puts the private PEM into this construct's secret and returns the public PEM for CloudFront's
  public key. Rotating it: bump `generation` (docs/runbook.md).
- The secret is readable by the learning hub alone (`grant`); the hub gets the secret's ARN and the public
  key's id in its environment (`hub_environment`)."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import CustomResource, Duration
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import custom_resources as cr
from constructs import Construct

from infra import definitions
from infra.constructs.hub_function import HubFunction
from infra.constructs.layers import ARCHITECTURE, RUNTIME
from infra.constructs.nag import acknowledge, acknowledge_all, logical_id

KEY_PAIR_CODE = Path(__file__).resolve().parent.parent / "custom_resources" / "media_key_pair"
KEY_PAIR_GENERATION = "1"  # change to make a new key pair at the next deployment (rotation)
DEPLOY_ONLY = "it runs only while the stack deploys"


class MediaSigning(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, stage: str, deps_layer: lambda_.ILayerVersion,
                 generation: str = KEY_PAIR_GENERATION) -> None:
        super().__init__(scope, construct_id)
        self.secret = secretsmanager.Secret(
            self, "SigningKey",
            secret_name=definitions.media_signing_secret_name(stage),
            description=f"Karmayogi {stage}: the RSA private key (PEM) that signs CloudFront media addresses",
        )
        acknowledge(self.secret, "AwsSolutions-SMG4",
                    "The private key of CloudFront's media key pair: it is rotated together with CloudFront's "
                    "public key by the key-pair custom resource (bump its generation, docs/runbook.md), which a "
                    "Secrets Manager rotation function could not do alone.")
        generator = lambda_.Function(
            self, "KeyPairFunction",
            runtime=RUNTIME, architecture=ARCHITECTURE,
            handler="index.handler",
            code=lambda_.Code.from_asset(str(KEY_PAIR_CODE), exclude=["__pycache__", "*.pyc"]),
            layers=[deps_layer],
            timeout=Duration.minutes(1),
            memory_size=256,
            reserved_concurrent_executions=1,  # one deployment at a time makes the key
            description="Makes the media signing key pair at deployment (private half into its secret)",
        )
        self.secret.grant_read(generator)
        self.secret.grant_write(generator)
        provider = cr.Provider(self, "KeyPairProvider", on_event_handler=generator)
        key_pair = CustomResource(
            self, "KeyPair",
            service_token=provider.service_token,
            resource_type="Custom::MediaSigningKeyPair",
            properties={"SecretArn": self.secret.secret_arn, "Generation": generation},
        )
        self.public_key = cloudfront.PublicKey(
            self, "PublicKey",
            encoded_key=key_pair.get_att_string("PublicKey"),
            comment=f"Karmayogi {stage}: verifies signed course media addresses and cookies",
        )
        self.key_group = cloudfront.KeyGroup(
            self, "KeyGroup", items=[self.public_key],
            comment=f"Karmayogi {stage}: the keys whose signatures /media/* accepts",
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

    @property
    def hub_environment(self) -> dict[str, str]:
        return {"MEDIA_KEY_PAIR_ID": self.public_key.public_key_id,
                "MEDIA_SIGNING_KEY_SECRET_ARN": self.secret.secret_arn}

    def grant(self, hub: HubFunction) -> None:
        """The learning hub reads the private key (it signs); no other function may."""
        self.secret.grant_read(hub.role)
