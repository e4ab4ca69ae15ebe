"""Security and deployability gates on the synthesized stacks: cdk-nag (AwsSolutions) has no finding that
is not acknowledged with a reason, cfn-lint reports nothing, and the stack keeps room under the
CloudFormation limit of 500 resources."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from cdk_nag import AwsSolutionsChecks

from infra.constructs.api_routes import ACCESS_TOKEN_SCOPE
from infra.route_table import ROUTES

from .helpers import api_stack_templates, methods_by_route, resource_paths

pytestmark = pytest.mark.infra

# CDK puts explicit DependsOn (function → its role and policy) next to the GetAtt that already implies
# it; cfn-lint warns about the redundancy. Nothing else is ignored.
CFN_LINT_IGNORED = "W3005"
CFN_LINT = "import sys; from cfnlint.runner import main; sys.exit(main())"
ROOT_BUDGET = 300  # of CloudFormation's 500 per stack: the API's resources live in a nested stack
# Each nested stack: the API's (RestApi, authorizer, deployment, stage, WAF), its route stacks (a Resource per
# path segment, a Method per route, a preflight per path: infra/constructs/api_routes.py) and the web client's.
NESTED_BUDGET = 450


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_synth_passes_cdk_nag(stage, request):
    synthesized = request.getfixturevalue(stage)
    assert synthesized.synth_error is None, (
        f"{stage}: synth failed: {synthesized.synth_error}\n{synthesized.validation_report()}"
    )


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_no_unacknowledged_nag_finding(stage, request):
    """The same check without the validation framework, listing every finding (errors and warnings)."""
    synthesized = request.getfixturevalue(stage)
    report = AwsSolutionsChecks().validate_scope(synthesized.stack)
    findings = [
        f"{v.severity} {v.rule_name}: {[r.construct_path for r in v.violating_resources]}"
        for v in (report.violations or [])
    ]
    assert findings == []


def test_cfn_lint_is_clean(dev, prod):
    """Both stages' templates in one cfn-lint run (its start-up is most of its time)."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            CFN_LINT,
            "--ignore-checks",
            CFN_LINT_IGNORED,
            "--",
            *(str(p) for p in sorted(dev.outdir.glob("*.template.json"))),
            *(str(p) for p in sorted(prod.outdir.glob("*.template.json"))),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_stacks_stay_under_the_resource_limit(stage, request):
    synthesized = request.getfixturevalue(stage)
    count = len(synthesized.root_template_json["Resources"])
    assert count <= ROOT_BUDGET, (
        f"root stack: {count} resources of CloudFormation's 500. Move a group of resources (a hub's "
        "functions, the alarms) into a nested stack of its own before adding more."
    )
    assert synthesized.nested_templates, "the API and the web client are nested stacks"
    for name, template in synthesized.nested_templates.items():
        nested_count = len(template["Resources"])
        assert nested_count <= NESTED_BUDGET, (
            f"{name}: {nested_count} resources of CloudFormation's 500; the API's route stacks: raise ROUTE_STACKS "
            "together with API_GENERATION (infra/constructs/api.py, api_routes.py)"
        )


def test_route_stacks_create_every_route_once(dev):
    """The route stacks (in the API's nested stack) together create every route of the route table exactly once,
    with its authorization, and a preflight per routed path; no two create the same path Resource; the API's
    own stack has no route, and its deployment comes after every route stack."""
    api_stack, route_stacks = api_stack_templates(dev)
    (authorizer_id,) = [k for k, r in api_stack["Resources"].items() if r["Type"] == "AWS::ApiGateway::Authorizer"]
    assert {r["Type"] for r in api_stack["Resources"].values()}.isdisjoint({"AWS::ApiGateway::Resource"})
    assert set(methods_by_route(api_stack)) == {("OPTIONS", "/")}  # CDK wants a method on the RestApi itself
    assert len(route_stacks) >= 2

    created: dict[tuple[str, str], list[dict[str, Any]]] = {}
    path_owner: dict[str, str] = {}
    for stack_id, (template, parameters) in route_stacks.items():
        for path in resource_paths(template).values():
            assert path not in path_owner, f"{path} created by {path_owner[path]} and {stack_id}"
            path_owner[path] = stack_id
        for key, methods in methods_by_route(template).items():
            created.setdefault(key, []).extend({**m, "stack": parameters} for m in methods)

    routes = {(r.method, r.path): r for r in ROUTES}
    preflights = {("OPTIONS", r.path) for r in ROUTES}
    assert set(created) == set(routes) | preflights
    for key, methods in created.items():
        assert len(methods) == 1, f"{key}: created {len(methods)} times"
        (method,) = methods
        route = routes.get(key)
        if route is None or route.public:
            assert method["AuthorizationType"] == "NONE", key
            assert "AuthorizerId" not in method, key
            continue
        assert method["AuthorizationType"] == "COGNITO_USER_POOLS", key
        assert method["AuthorizationScopes"] == [ACCESS_TOKEN_SCOPE], key
        assert method["stack"][method["AuthorizerId"]["Ref"]] == {"Ref": authorizer_id}, key

    (deployment,) = [r for r in api_stack["Resources"].values() if r["Type"] == "AWS::ApiGateway::Deployment"]
    assert set(route_stacks) <= set(deployment["DependsOn"])


def test_prod_user_pool_has_threat_protection(prod, dev):
    (prod_pool,) = prod.resources("AWS::Cognito::UserPool").values()
    assert prod_pool["Properties"]["UserPoolTier"] == "PLUS"
    assert prod_pool["Properties"]["UserPoolAddOns"]["AdvancedSecurityMode"] == "ENFORCED"
    (dev_pool,) = dev.resources("AWS::Cognito::UserPool").values()
    assert dev_pool["Properties"]["UserPoolTier"] == "ESSENTIALS"
