"""The CDK app: `npx cdk synth -c stage=dev` (cdk.json runs `.venv/bin/python -m infra.app`).

One KarmayogiStack for the selected stage (context `stage`, default dev) with the stage's settings from
the context `stages` (cdk.json). Account and region come from CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION
(region default ap-south-1). cdk-nag's AwsSolutions pack validates every synth: an unacknowledged
finding fails it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks

from infra import definitions
from infra.constructs.config import DEFAULT_STAGE, StageConfig
from infra.stack import KarmayogiStack

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REGION = "ap-south-1"
STACK_ID = "KarmayogiStack"


def cdk_json_context() -> dict[str, Any]:
    """The context of cdk.json (feature flags and stages), for apps built outside the CDK CLI (tests)."""
    context: dict[str, Any] = json.loads((REPO_ROOT / "cdk.json").read_text())["context"]
    return context


def build_app(app: cdk.App | None = None, *, nag: bool = True) -> tuple[cdk.App, KarmayogiStack]:
    app = app or cdk.App()
    stage = str(app.node.try_get_context("stage") or DEFAULT_STAGE)
    config = StageConfig.from_context(stage, app.node.try_get_context("stages"))
    env = cdk.Environment(
        account=os.environ.get("CDK_DEFAULT_ACCOUNT"),
        # The stage's own region first: the CDK CLI fills CDK_DEFAULT_REGION from the caller's AWS
        # profile (us-east-1 when there is none), which must not move the platform out of India.
        region=config.region or os.environ.get("CDK_DEFAULT_REGION") or DEFAULT_REGION,
    )
    stack = KarmayogiStack(app, STACK_ID, config=config, env=env, stack_name=definitions.stack_name(stage))
    if nag:
        cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    return app, stack


def main() -> None:
    app, _ = build_app()
    app.synth()


if __name__ == "__main__":
    main()
