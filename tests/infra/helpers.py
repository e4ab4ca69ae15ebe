"""Reading the synthesized template: API paths from resource parents, functions by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from infra import definitions


def resource_paths(template: dict[str, Any]) -> dict[str, str]:
    """Logical id of each AWS::ApiGateway::Resource → its path. A parent that is no Resource of the template
    (`<api>.RootResourceId`, or the parameter a route stack receives it in) is the API's root."""
    resources = template["Resources"]
    parents: dict[str, tuple[str, str]] = {}
    for logical_id, resource in resources.items():
        if resource["Type"] != "AWS::ApiGateway::Resource":
            continue
        props = resource["Properties"]
        parent = props["ParentId"]
        parent_id = parent["Ref"] if parent.get("Ref") in resources else "root"
        parents[logical_id] = (parent_id, props["PathPart"])

    paths: dict[str, str] = {}

    def path_of(logical_id: str) -> str:
        if logical_id == "root":
            return ""
        if logical_id not in paths:
            parent_id, part = parents[logical_id]
            paths[logical_id] = f"{path_of(parent_id)}/{part}"
        return paths[logical_id]

    for logical_id in parents:
        path_of(logical_id)
    return paths


def methods_by_route(template: dict[str, Any]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """(HTTP method, path) → the AWS::ApiGateway::Method resources for it."""
    paths = resource_paths(template)
    found: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for resource in template["Resources"].values():
        if resource["Type"] != "AWS::ApiGateway::Method":
            continue
        props = resource["Properties"]
        resource_id = props["ResourceId"]
        path = paths[resource_id["Ref"]] if "Ref" in resource_id else "/"
        found.setdefault((props["HttpMethod"], path), []).append(props)
    return found


def api_stack_templates(synthesized: Any) -> tuple[dict[str, Any], dict[str, tuple[dict[str, Any], dict[str, Any]]]]:
    """The API's nested stack template (the one with the RestApi), and its route stacks: logical id of each
    route stack's resource → (its template, the parameters the API stack passes it)."""
    from .conftest import nested_templates

    files = nested_templates(synthesized.stack)
    (api_stack,) = [
        t for t in synthesized.nested_templates.values()
        if any(r["Type"] == "AWS::ApiGateway::RestApi" for r in t["Resources"].values())
    ]
    route_stacks = {
        logical_id: (synthesized.nested_templates[files[logical_id]], resource["Properties"].get("Parameters", {}))
        for logical_id, resource in api_stack["Resources"].items()
        if resource["Type"] == "AWS::CloudFormation::Stack"
    }
    return api_stack, route_stacks


COGNITO_TRIGGERS = {"token-claims": "functions.auth.token_claims.handler"}


def function_logical_ids(template: dict[str, Any], stage: str, *, triggers: bool = False) -> dict[str, str]:
    """Function short name (`auth`, `learning-workflow` ...) → logical id of its AWS::Lambda::Function: the
    platform's functions, and with `triggers` also the user pool's triggers (no table, no layers)."""
    prefix = definitions.function_name(stage, "")
    ids = {}
    for logical_id, resource in template["Resources"].items():
        if resource["Type"] == "AWS::Lambda::Function":
            if "FunctionName" not in resource["Properties"]:  # CDK's own providers (the web deployment)
                continue
            name = resource["Properties"]["FunctionName"]
            assert name.startswith(prefix), name
            short = name[len(prefix) :]
            if triggers or short not in COGNITO_TRIGGERS:
                ids[short] = logical_id
    return ids


def function_behind(template: dict[str, Any], reference: dict[str, Any]) -> str:
    """Logical id of the AWS::Lambda::Function a reference invokes: `GetAtt <function>.Arn`, or `Ref` to an
    alias of it (the SnapStart hubs are invoked through their `live` alias)."""
    if "Fn::GetAtt" in reference:
        return str(reference["Fn::GetAtt"][0])
    target = template["Resources"][reference["Ref"]]
    if target["Type"] == "AWS::Lambda::Alias":
        return str(target["Properties"]["FunctionName"]["Ref"])
    return str(reference["Ref"])


def integration_target(method: dict[str, Any]) -> dict[str, Any]:
    """The reference (GetAtt or Ref) in the integration URI of a proxy method."""
    parts = method["Integration"]["Uri"]["Fn::Join"][1]
    (target,) = [p for p in parts if isinstance(p, dict) and ("Fn::GetAtt" in p or "Ref" in p)]
    return dict(target)


def integration_function(method: dict[str, Any], template: dict[str, Any] | None = None) -> str:
    """Logical id of the Lambda function a proxy method integrates with (through its alias, given the
    template)."""
    target = integration_target(method)
    if template is None:
        return str(target["Fn::GetAtt"][0])
    return function_behind(template, target)


def key_pair_event(request: str, secret_arn: str, generation: str = "1", physical_id: str | None = None) -> dict[str, Any]:
    """A CloudFormation event (through CDK's Provider framework) for a key-pair custom resource."""
    event: dict[str, Any] = {"RequestType": request,
                             "ResourceProperties": {"SecretArn": secret_arn, "Generation": generation}}
    if physical_id:
        event["PhysicalResourceId"] = physical_id
    return event


def stored_secret(secret_arn: str) -> str:
    import boto3

    return str(boto3.client("secretsmanager").get_secret_value(SecretId=secret_arn)["SecretString"])


def roles_allowed(synthesized: Any, action: str, on: Callable[[list[Any]], bool]) -> set[str]:
    """The roles (logical ids) a policy of the stack allows `action` on resources that `on` accepts."""
    roles: set[str] = set()
    for policy in synthesized.resources("AWS::IAM::Policy").values():
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
            if action in actions and on(resources):
                roles |= {r["Ref"] for r in policy["Properties"]["Roles"]}
    return roles


def secret_readers(synthesized: Any, secret_id: str) -> set[str]:
    return roles_allowed(synthesized, "secretsmanager:GetSecretValue", lambda resources: {"Ref": secret_id} in resources)
