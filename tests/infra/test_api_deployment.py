"""The API's deployment follows its routes: the methods live in route stacks (infra/constructs/api_routes.py),
where CDK cannot add them to the Deployment's logical id, so api.py hashes the routes' settings itself. A
Deployment whose logical id stays the same is never redeployed by CloudFormation: the stage would keep
serving the old routes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Template

from infra.constructs.api import Api
from infra.constructs.api_routes import ROUTE_STACKS, placement, resource_count
from infra.constructs.config import StageConfig
from infra.route_table import HUBS, ROUTES, Route

pytestmark = pytest.mark.infra


def deployment_of(routes: Sequence[Route], config: StageConfig | None = None) -> tuple[str, dict]:
    """(logical id, resource) of the Deployment of an Api built alone from `routes`."""
    app = cdk.App()
    stack = cdk.Stack(app, "Test", env=cdk.Environment(account="123456789012", region="ap-south-1"))
    pool = cognito.UserPool(stack, "Pool")
    functions: dict[str, lambda_.IFunction] = {
        hub: lambda_.Function(
            stack, f"Fn{hub}", runtime=lambda_.Runtime.PYTHON_3_13, handler="index.handler",
            code=lambda_.Code.from_inline("def handler(event, context):\n    return {}\n"),
        )
        for hub in HUBS
    }
    api = Api(stack, "Api", config=config or StageConfig(stage="dev"), user_pool=pool, functions=functions,
              routes=routes)
    (found,) = Template.from_stack(api.resources).find_resources("AWS::ApiGateway::Deployment").items()
    return found


@pytest.fixture(scope="module")
def today() -> tuple[str, dict]:
    return deployment_of(ROUTES)


def test_same_routes_same_deployment(today):
    assert deployment_of(ROUTES)[0] == today[0]


def test_a_new_route_makes_a_new_deployment(today):
    added = (*ROUTES, Route("GET", "/health/deep", "auth", public=True))
    assert deployment_of(added)[0] != today[0]


@pytest.mark.parametrize("change", ["public", "hub", "removed"])
def test_a_changed_route_makes_a_new_deployment(today, change):
    first, *rest = ROUTES
    if change == "public":
        changed = (replace(first, public=not first.public), *rest)
    elif change == "hub":
        changed = (replace(first, hub="learning"), *rest)
    else:
        changed = tuple(rest)
    assert deployment_of(changed)[0] != today[0]


def test_changed_cors_origins_make_a_new_deployment(today):
    config = StageConfig(stage="dev", allowed_origins=("https://karmayogi.gov.in",))
    assert deployment_of(ROUTES, config)[0] != today[0]


def test_the_deployment_waits_for_every_route_stack(today):
    _, deployment = today
    stacks = [d for d in deployment["DependsOn"] if d.startswith("Routes")]
    assert len(stacks) == len(placement(ROUTES)) == ROUTE_STACKS


def test_adding_routes_moves_no_segment_to_another_stack():
    """CloudFormation cannot move a path Resource between stacks in one update (the new one is created before
    the old is deleted, and API Gateway refuses the duplicate): new routes, under new or existing segments,
    leave every existing route in its stack."""
    before = {(r.method, r.path): number for number, routes in placement(ROUTES).items() for r in routes}
    added = [Route("GET", f"/segment{n}/{{id}}", "auth") for n in range(40)] + [
        Route("GET", f"/orgs/{{orgId}}/extra{n}", "auth") for n in range(40)
    ]
    after = {(r.method, r.path): number for number, routes in placement([*added, *ROUTES]).items() for r in routes}
    assert {key: after[key] for key in before} == before
    for routes in placement(ROUTES).values():
        assert resource_count(routes) <= 450
