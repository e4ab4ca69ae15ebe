"""One synthesized stack per stage per test session (synth ~6 s), shared by every infra test.

The app is built exactly as `cdk synth` builds it (infra.app.build_app, cdk.json's context and feature
flags, the cdk-nag plugin registered), then synthesized into a temporary cloud assembly. A nag finding
makes the synth raise; the fixture keeps the error so the nag test reports it and the others still run."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ACCOUNT = "123456789012"
REGION = "ap-south-1"


@dataclass
class Synthesized:
    stage: str
    app: Any
    stack: Any
    outdir: Path
    template_path: Path
    template_json: dict[str, Any]
    template: Any  # aws_cdk.assertions.Template
    synth_error: str | None

    def resources(self, resource_type: str) -> dict[str, dict[str, Any]]:
        return {
            logical_id: resource
            for logical_id, resource in self.template_json["Resources"].items()
            if resource["Type"] == resource_type
        }

    def validation_report(self) -> str:
        for name in ("validation-report.json", "policy-validation-report.json"):
            path = self.outdir / name
            if path.exists():
                return path.read_text()
        return ""


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def synthesize(stage: str, outdir: Path) -> Synthesized:
    import aws_cdk as cdk
    from aws_cdk.assertions import Template

    from infra.app import build_app, cdk_json_context

    context = {**cdk_json_context(), "stage": stage}
    with _environment(
        CDK_DEFAULT_ACCOUNT=ACCOUNT,
        CDK_DEFAULT_REGION=REGION,
        JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20",
    ):
        app, stack = build_app(cdk.App(context=context, outdir=str(outdir)))
        synth_error = None
        try:
            app.synth()
        except RuntimeError as error:  # the validation plugins failed (or the synth itself)
            synth_error = str(error)
    template_path = outdir / f"{stack.artifact_id}.template.json"
    template_json = json.loads(template_path.read_text())
    return Synthesized(
        stage=stage,
        app=app,
        stack=stack,
        outdir=outdir,
        template_path=template_path,
        template_json=template_json,
        template=Template.from_json(template_json),
        synth_error=synth_error,
    )


@pytest.fixture(scope="session")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    return synthesize("dev", tmp_path_factory.mktemp("cdk-dev"))


@pytest.fixture(scope="session")
def prod(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    return synthesize("prod", tmp_path_factory.mktemp("cdk-prod"))
