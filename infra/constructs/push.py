"""Web Push (issue 16): the VAPID key pair the platform signs its pushes with (karmayogi.domain.push).

- The key pair exists at deployment without a manual step: a custom resource (CDK's Provider framework, a
  small Lambda with `cryptography` from the deps layer: infra/custom_resources/key_pairs/vapid.py) makes the P-256
  key and puts both halves into this construct's secret as JSON; the events hub's `GET /me/push/key` hands out
  the public half. Rotating it: bump `generation` (docs/runbook.md; devices must subscribe again).
- The secret is readable only by the functions that send push or hand out the key (`grant`, infra/stack.py
  SENDS_PUSH); each gets the secret's ARN as VAPID_SECRET_ARN."""

from __future__ import annotations

from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra import definitions
from infra.constructs.hub_function import HubFunction
from infra.constructs.key_pair import deploy_key_pair

KEY_PAIR_GENERATION = "1"  # change to make a new key pair at the next deployment (rotation)


class WebPushKeys(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, stage: str, deps_layer: lambda_.ILayerVersion,
                 generation: str = KEY_PAIR_GENERATION) -> None:
        super().__init__(scope, construct_id)
        self.secret, self.key_pair = deploy_key_pair(
            self,
            key_store_id="VapidKeys",
            secret_name=definitions.vapid_secret_name(stage),
            secret_description=f"Karmayogi {stage}: the Web Push VAPID key pair (JSON publicKey, privateKey; base64url)",
            why_not_rotated_on_a_schedule=(
                "The VAPID key pair of Web Push: every browser subscription is bound to its public key, so it is "
                "rotated deliberately by the key-pair custom resource (bump its generation, docs/runbook.md), never "
                "on a schedule, which would silently end every device's subscription."),
            key_kind="vapid",
            resource_type="Custom::VapidKeyPair",
            function_description="Makes the Web Push VAPID key pair at deployment (into its secret)",
            deps_layer=deps_layer,
            generation=generation,
        )

    def grant(self, function: HubFunction) -> None:
        """`function` sends push (or hands out the public key): it reads the secret, named in its environment,
        and starts only once the key pair is made."""
        self.secret.grant_read(function.role)
        function.function.add_environment("VAPID_SECRET_ARN", self.secret.secret_arn)
        function.function.node.add_dependency(self.key_pair)
