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
    """The root template with the resources of its nested stacks (API and its route stacks, web) merged in, their parameters
    replaced by what the root passes (so a nested method's `Ref` to a function alias is the root's)."""
    template: Any  # aws_cdk.assertions.Template of template_json
    synth_error: str | None
    root_template_json: dict[str, Any]
    nested_templates: dict[str, dict[str, Any]]  # nested template file name → template

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
    root = json.loads(template_path.read_text())
    merged, nested = merge_nested(outdir, root, nested_templates(stack))
    return Synthesized(
        stage=stage,
        app=app,
        stack=stack,
        outdir=outdir,
        template_path=template_path,
        template_json=merged,
        template=Template.from_json(merged),
        synth_error=synth_error,
        root_template_json=root,
        nested_templates=nested,
    )


def _inline(value: Any, parameters: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        if set(value) == {"Ref"} and value["Ref"] in parameters:
            return parameters[value["Ref"]]
        return {k: _inline(v, parameters) for k, v in value.items()}
    if isinstance(value, list):
        return [_inline(v, parameters) for v in value]
    return value


def nested_templates(stack: Any) -> dict[str, str]:
    """Logical id (in the root) of each nested stack's resource → its template file."""
    from aws_cdk import NestedStack

    found = {}
    for construct in stack.node.find_all():
        if isinstance(construct, NestedStack) and construct.nested_stack_resource is not None:
            resource = construct.nested_stack_resource
            logical_id = resource.stack.resolve(resource.stack.get_logical_id(resource))
            found[str(logical_id)] = construct.template_file
    return found


def merge_nested(outdir: Path, root: dict[str, Any], files: dict[str, str]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The root's resources and those of every nested stack (at any depth: the API's route stacks are nested in
    the API's), each nested stack's parameters replaced by what its parent passes, itself resolved first."""
    merged = json.loads(json.dumps(root))
    nested: dict[str, dict[str, Any]] = {}

    def merge(template: dict[str, Any], inherited: dict[str, Any]) -> None:
        for stack_id, resource in template["Resources"].items():
            if resource["Type"] != "AWS::CloudFormation::Stack":
                continue
            name = files[stack_id]
            child = json.loads((outdir / name).read_text())
            nested[name] = child
            parameters = _inline(resource["Properties"].get("Parameters", {}), inherited)
            for logical_id, child_resource in child["Resources"].items():
                assert logical_id not in merged["Resources"], f"{logical_id} in two templates"
                merged["Resources"][logical_id] = _inline(child_resource, parameters)
            merge(child, parameters)

    merge(root, {})
    return merged, nested


@pytest.fixture(scope="session")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    return synthesize("dev", tmp_path_factory.mktemp("cdk-dev"))


@pytest.fixture(scope="session")
def prod(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    return synthesize("prod", tmp_path_factory.mktemp("cdk-prod"))


@pytest.fixture
def key_pair_secret(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The ARN of a key pair's secret in moto's Secrets Manager, holding the placeholder the stack creates it with
    (the key-pair custom resources of infra/custom_resources/key_pairs write the key into it)."""
    import boto3
    from moto import mock_aws

    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        yield boto3.client("secretsmanager").create_secret(Name="karmayogi-test-key-pair",
                                                           SecretString="generated-placeholder")["ARN"]
