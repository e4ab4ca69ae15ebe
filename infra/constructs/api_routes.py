"""The API's routes in nested stacks of their own: CDK's "RestApi across nested stacks" pattern.

The RestApi, its authorizer, validator, gateway responses, deployment and stage live in the API's nested
stack (infra/constructs/api.py); each route stack here imports that API by id
(`RestApi.from_rest_api_attributes`) and creates the path Resources, Methods and CORS preflights of the
top-level path segments placed in it. CloudFormation allows 500 resources per stack: one stack holding
every route would stop the API growing.

Placement: a top-level segment (`/orgs`, `/me`, ...) and its whole subtree go to route stack
`crc32(segment) % ROUTE_STACKS`, so two stacks never create the same path Resource, and adding routes never
moves a segment from one stack to another. That matters: CloudFormation would create the moved path
Resource in its new stack before deleting it from the old one (at cleanup), and API Gateway refuses a
second Resource with the same path (ConflictException), so the update would fail. Changing ROUTE_STACKS
moves segments: do it together with a new API_GENERATION (api.py), which builds a new RestApi beside the
old one."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from typing import Any

from aws_cdk import NestedStack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra.constructs.nag import acknowledge
from infra.route_table import Route

ROUTE_STACKS = 4
"""How many route stacks the API has (today ~460 route resources: ~60 to 170 per stack, room to double)."""
ACCESS_TOKEN_SCOPE = "aws.cognito.signin.user.admin"  # noqa: S105 - an OAuth scope name
EXTRA_ALLOWED_HEADERS = ["Idempotency-Key", "Accept-Language"]
EXPOSED_HEADERS = ["Retry-After"]
BODY_METHODS = ("POST", "PUT", "PATCH")
LAMBDA_INVOKE_PATH = "2015-03-31/functions/{arn}/invocations"
PUBLIC_REASON = "public by API contract (API.md marks this route public: no caller identity exists yet)"
PREFLIGHT_REASON = "CORS preflight (OPTIONS) must answer without credentials, per the CORS protocol"


def top_segment(path: str) -> str:
    return path.strip("/").split("/")[0]


def route_stack_of(path: str) -> int:
    """The route stack (0 .. ROUTE_STACKS-1) that creates `path` and every path under its top-level segment."""
    return zlib.crc32(top_segment(path).encode()) % ROUTE_STACKS


def placement(routes: Iterable[Route]) -> dict[int, list[Route]]:
    """Route stack number → its routes, in route-table order (stacks without routes are left out)."""
    stacks: dict[int, list[Route]] = {}
    for route in routes:
        stacks.setdefault(route_stack_of(route.path), []).append(route)
    return dict(sorted(stacks.items()))


def resource_count(routes: Sequence[Route]) -> int:
    """CloudFormation resources the routes take: a Resource per path segment, a Method per route and an
    OPTIONS preflight per routed path."""
    prefixes: set[str] = set()
    for route in routes:
        parts = route.path.strip("/").split("/")
        prefixes.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return len(prefixes) + len(routes) + len({route.path for route in routes})


def preflight_options(origins: Sequence[str], routes: Sequence[Route]) -> dict[str, list[str]]:
    return {
        "allow_origins": list(origins),
        "allow_methods": sorted({route.method for route in routes}),
        "allow_headers": [*apigw.Cors.DEFAULT_HEADERS, *EXTRA_ALLOWED_HEADERS],
        "expose_headers": EXPOSED_HEADERS,
    }


def add_preflight(resource: apigw.IResource, origins: Sequence[str], all_routes: Sequence[Route]) -> apigw.Method:
    """The CORS preflight (OPTIONS, a MOCK answering 204) of one resource."""
    options = preflight_options(origins, all_routes)
    preflight = resource.add_cors_preflight(
        allow_origins=options["allow_origins"],
        allow_methods=options["allow_methods"],
        allow_headers=options["allow_headers"],
        expose_headers=options["expose_headers"],
    )
    acknowledge(preflight, "AwsSolutions-APIG4", PREFLIGHT_REASON)
    acknowledge(preflight, "AwsSolutions-COG4", PREFLIGHT_REASON)
    return preflight


def method_settings(routes: Sequence[Route], origins: Sequence[str]) -> list[Any]:
    """Everything a deployment serves of the routes, as plain data: what the Deployment's logical id hashes,
    so that a change to any route or method setting makes CloudFormation create a new deployment (the
    methods live in other stacks, where CDK cannot add them to the hash itself)."""
    settings: list[Any] = []
    for route in routes:
        settings.append({
            "method": route.method,
            "path": route.path,
            "integration": {"type": "AWS_PROXY", "hub": route.hub, "stack": route_stack_of(route.path)},
            "authorization": "NONE" if route.public else "COGNITO_USER_POOLS",
            "scopes": [] if route.public else [ACCESS_TOKEN_SCOPE],
            "validator": route.method in BODY_METHODS,
        })
    preflight = preflight_options(origins, routes)
    paths = ["/", *dict.fromkeys(route.path for route in routes)]
    settings.extend({"method": "OPTIONS", "path": path, **preflight} for path in paths)
    return settings


class RouteStack(NestedStack):
    """The Resources, Methods and preflights of some top-level path segments, on the imported API."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        routes: Sequence[Route],
        all_routes: Sequence[Route],
        api: apigw.IRestApi,
        authorizer: apigw.IAuthorizer,
        validator: apigw.IRequestValidator,
        functions: dict[str, lambda_.IFunction],
        origins: Sequence[str],
        description: str,
    ) -> None:
        super().__init__(scope, construct_id, description=description)
        self.rest_api = apigw.RestApi.from_rest_api_attributes(
            self, "RestApi", rest_api_id=api.rest_api_id, root_resource_id=api.rest_api_root_resource_id
        )
        self._authorizer = authorizer
        self._validator = validator
        # One integration per hub and stack (its URI names this stack's region). No invoke permission here:
        # api.py grants API Gateway one per function (an integration that grants per imported API would
        # add one per function and route stack).
        self._integrations: dict[str, apigw.Integration] = {
            hub: apigw.AwsIntegration(
                service="lambda", proxy=True, path=LAMBDA_INVOKE_PATH.format(arn=functions[hub].function_arn)
            )
            for hub in dict.fromkeys(route.hub for route in routes)
        }
        self.methods: dict[tuple[str, str], apigw.Method] = {}
        for route in routes:
            self.methods[(route.method, route.path)] = self._add_route(route)
        # CORS preflight on every resource that serves a route. Intermediate resources without a method
        # of their own (e.g. /auth/register/{registrationId}) get none: no browser calls them, and
        # each OPTIONS method costs one of the stack's 500 CloudFormation resources.
        self.preflights: dict[str, apigw.Method] = {
            path: add_preflight(self.rest_api.root.resource_for_path(path.lstrip("/")), origins, all_routes)
            for path in dict.fromkeys(route.path for route in routes)
        }

    def _add_route(self, route: Route) -> apigw.Method:
        resource = self.rest_api.root.resource_for_path(route.path.lstrip("/"))
        integration = self._integrations[route.hub]
        validator = self._validator if route.method in BODY_METHODS else None
        if route.public:
            method = resource.add_method(
                route.method,
                integration,
                authorization_type=apigw.AuthorizationType.NONE,
                request_validator=validator,
            )
            acknowledge(method, "AwsSolutions-APIG4", PUBLIC_REASON)
            acknowledge(method, "AwsSolutions-COG4", PUBLIC_REASON)
            return method
        return resource.add_method(
            route.method,
            integration,
            authorization_type=apigw.AuthorizationType.COGNITO,
            authorizer=self._authorizer,
            authorization_scopes=[ACCESS_TOKEN_SCOPE],
            request_validator=validator,
        )
