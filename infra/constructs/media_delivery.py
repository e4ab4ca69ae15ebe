"""Signed delivery of course media (issue 15, Delivery): the key pair CloudFront trusts and the learning hub
signs with. The distribution's /media/* behaviour that serves the media bucket with it is added to the web
client (infra/constructs/web.py `add_media`), so media is served on the web client's origin.

- The key pair exists at deployment without a manual step: a custom resource (CDK's Provider framework,
  a small Lambda with `cryptography` from the deps layer: infra/custom_resources/key_pairs/media.py) makes the
  RSA key, puts the private PEM into this construct's secret and returns the public PEM for CloudFront's
  public key. Rotating it: bump `generation` (docs/runbook.md).
- The secret is readable by the learning hub alone (`grant`); the hub gets the secret's ARN and the public
  key's id in its environment (`hub_environment`)."""

from __future__ import annotations

from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra import definitions
from infra.constructs.hub_function import HubFunction
from infra.constructs.key_pair import deploy_key_pair

KEY_PAIR_GENERATION = "1"  # change to make a new key pair at the next deployment (rotation)


class MediaSigning(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, stage: str, deps_layer: lambda_.ILayerVersion,
                 generation: str = KEY_PAIR_GENERATION) -> None:
        super().__init__(scope, construct_id)
        self.secret, key_pair = deploy_key_pair(
            self,
            key_store_id="SigningKey",
            secret_name=definitions.media_signing_secret_name(stage),
            secret_description=f"Karmayogi {stage}: the RSA private key (PEM) that signs CloudFront media addresses",
            why_not_rotated_on_a_schedule=(
                "The private key of CloudFront's media key pair: it is rotated together with CloudFront's public key "
                "by the key-pair custom resource (bump its generation, docs/runbook.md), which a Secrets Manager "
                "rotation function could not do alone."),
            key_kind="media",
            resource_type="Custom::MediaSigningKeyPair",
            function_description="Makes the media signing key pair at deployment (private half into its secret)",
            deps_layer=deps_layer,
            generation=generation,
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

    @property
    def hub_environment(self) -> dict[str, str]:
        return {"MEDIA_KEY_PAIR_ID": self.public_key.public_key_id,
                "MEDIA_SIGNING_KEY_SECRET_ARN": self.secret.secret_arn}

    def grant(self, hub: HubFunction) -> None:
        """The learning hub reads the private key (it signs); no other function may."""
        self.secret.grant_read(hub.role)
