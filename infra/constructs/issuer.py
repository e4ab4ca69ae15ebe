"""Certificates people can use (issue 20): the issuer's Ed25519 key that signs certificates' verifiable
credentials (karmayogi.domain.credentials), and the learning hub's access to the certificate PDFs.

- The key exists at deployment without a manual step: a custom resource (CDK's Provider framework, a small
  Lambda with `cryptography` from the deps layer: infra/custom_resources/key_pairs/issuer.py) makes it and puts
  both halves into this construct's secret as JSON; the learning hub publishes the public half at
  `GET /.well-known/karmayogi-issuer.json`. Rotating it: bump `generation` (docs/runbook.md; credentials
  signed before then no longer verify against the published key, so the old key is kept in the runbook's
  archive step).
- Only the learning hub reads the secret (`grant`), and it may write and read the PDFs under the media
  bucket's media/certificates/ (served by CloudFront's signed /media/* behaviour like course media)."""

from __future__ import annotations

from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from constructs import Construct

from infra import definitions
from infra.constructs.hub_function import HubFunction
from infra.constructs.key_pair import deploy_key_pair
from infra.constructs.nag import acknowledge, logical_id

KEY_PAIR_GENERATION = "1"  # change to make a new issuer key at the next deployment (rotation)


class CertificateIssuer(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, stage: str, deps_layer: lambda_.ILayerVersion,
                 generation: str = KEY_PAIR_GENERATION) -> None:
        super().__init__(scope, construct_id)
        self.secret, self.key_pair = deploy_key_pair(
            self,
            key_store_id="IssuerKey",
            secret_name=definitions.issuer_secret_name(stage),
            secret_description=f"Karmayogi {stage}: the certificate issuer's Ed25519 key (JSON publicKey, "
                               "privateKey; base64url)",
            why_not_rotated_on_a_schedule=(
                "The certificate issuer's signing key: credentials already issued are verified offline against "
                "its published public key, so it is rotated deliberately by the key-pair custom resource (bump "
                "its generation, docs/runbook.md), never on a schedule."),
            key_kind="issuer",
            resource_type="Custom::IssuerKeyPair",
            function_description="Makes the certificate issuer's Ed25519 key at deployment (into its secret)",
            deps_layer=deps_layer,
            generation=generation,
        )

    def grant(self, function: HubFunction, bucket: s3.IBucket, web_origin: str) -> None:
        """`function` (the learning hub) signs credentials and makes the PDFs: it reads the key (named in its
        environment; it starts only once the key exists), and writes and reads media/certificates/*."""
        self.secret.grant_read(function.role)
        function.function.add_environment("ISSUER_KEY_SECRET_ARN", self.secret.secret_arn)
        # the public half, published at /.well-known/karmayogi-issuer.json without reading the secret
        function.function.add_environment("ISSUER_PUBLIC_KEY", self.key_pair.get_att_string("PublicKey"))
        if web_origin:
            function.function.add_environment("WEB_ORIGIN", web_origin)
        function.function.node.add_dependency(self.key_pair)
        function.function.add_to_role_policy(iam.PolicyStatement(
            sid="CertificatePdfs",
            actions=["s3:PutObject", "s3:GetObject"],
            resources=[bucket.arn_for_objects(f"{definitions.CERTIFICATES_PREFIX}*")],
        ))
        acknowledge(function.role,
                    f"AwsSolutions-IAM5[Resource::<{logical_id(bucket)}.Arn>/{definitions.CERTIFICATES_PREFIX}*]",
                    "The learning hub writes and reads certificate PDFs under media/certificates/<certificateId>/ "
                    "(one object per template version); nothing else of the bucket.")
