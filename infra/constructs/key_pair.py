"""A key pair that exists at deployment without a manual step, its private half in a secret: what the media
signing key (CloudFront, infra/constructs/media_delivery.py), the Web Push VAPID key (infra/constructs/push.py)
and the certificate issuer's key (infra/constructs/issuer.py) all need.

`deploy_key_pair(scope, ...)` adds to `scope` the secret, a small generator Lambda (`key_kind`: a module of
infra/custom_resources/key_pairs/, with `cryptography` from the deps layer; the three kinds share one asset and
its CloudFormation lifecycle) and CDK's Provider framework around it, and the custom resource that makes the
key; it returns the secret and the custom resource (whose attributes are what the handler answers: the public
key). The children keep their ids (`KeyPairFunction`, `KeyPairProvider`, `KeyPair`) in the caller's scope, so
the callers' logical ids stay what they were.
Rotating: change `generation` (docs/runbook.md 7a, 7b)."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import CustomResource, Duration
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import custom_resources as cr
from constructs import Construct

from infra.constructs.layers import ARCHITECTURE, RUNTIME
from infra.constructs.nag import acknowledge, acknowledge_all, logical_id

CUSTOM_RESOURCES = Path(__file__).resolve().parent.parent / "custom_resources"
KEY_PAIRS_PACKAGE = "key_pairs"
DEPLOY_ONLY = "it runs only while the stack deploys"


def deploy_key_pair(
    scope: Construct,
    *,
    key_store_id: str,
    secret_name: str,
    secret_description: str,
    why_not_rotated_on_a_schedule: str,
    key_kind: str,
    resource_type: str,
    function_description: str,
    deps_layer: lambda_.ILayerVersion,
    generation: str,
) -> tuple[secretsmanager.Secret, CustomResource]:
    secret = secretsmanager.Secret(scope, key_store_id, secret_name=secret_name, description=secret_description)
    acknowledge(secret, "AwsSolutions-SMG4", why_not_rotated_on_a_schedule)
    generator = lambda_.Function(
        scope, "KeyPairFunction",
        runtime=RUNTIME, architecture=ARCHITECTURE,
        handler=f"{KEY_PAIRS_PACKAGE}.{key_kind}.handler",  # one asset: every kind shares key_pairs.lifecycle
        code=lambda_.Code.from_asset(str(CUSTOM_RESOURCES), exclude=["__pycache__", "*.pyc"]),
        layers=[deps_layer],
        timeout=Duration.minutes(1),
        memory_size=256,
        reserved_concurrent_executions=1,  # one deployment at a time makes the key
        description=function_description,
    )
    secret.grant_read(generator)
    secret.grant_write(generator)
    provider = cr.Provider(scope, "KeyPairProvider", on_event_handler=generator)
    key_pair = CustomResource(
        scope, "KeyPair",
        service_token=provider.service_token,
        resource_type=resource_type,
        properties={"SecretArn": secret.secret_arn, "Generation": generation},
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
    return secret, key_pair
