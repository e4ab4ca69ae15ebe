"""The REST API, built from infra.route_table.ROUTES: one method per route, integrated with its hub's
Lambda (one invoke permission per function, so 50 routes never hit the 20 KB resource-policy limit),
a Cognito authorizer on every non-public route (access tokens: the method asks for the
`aws.cognito.signin.user.admin` scope every Cognito access token carries), CORS preflight on every
resource, and gateway responses in the API's error format.

Layout (CloudFormation allows 500 resources per stack): the API's nested stack holds the RestApi, the
authorizer, the request validator, the gateway responses, the invoke permissions, the access logs, the
deployment and the stage; the path Resources, Methods and preflights live in ROUTE_STACKS nested stacks
inside it, a top-level path segment per stack (infra/constructs/api_routes.py). The deployment depends on
the route stacks and its logical id hashes every route's settings, so a route change deploys anew."""

from __future__ import annotations

import json
from collections.abc import Sequence

from aws_cdk import NestedStack, RemovalPolicy, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.constructs.api_routes import (
    EXTRA_ALLOWED_HEADERS,
    ROUTE_STACKS,
    RouteStack,
    add_preflight,
    method_settings,
    placement,
)
from infra.constructs.config import StageConfig
from infra.constructs.nag import acknowledge
from infra.route_table import ROUTES, Route

API_GENERATION = 2
"""Part of the RestApi's logical id. Generation 2 moved the routes into route stacks: CloudFormation cannot
move a path Resource between stacks within one API (the new one is created before the old is deleted, and
API Gateway refuses the duplicate path), so the update builds a new RestApi (new stage, deployment,
authorizer) beside the old one, points CloudFront and the WAF at it and deletes the old API at cleanup.
Raise it again whenever ROUTE_STACKS changes."""

# API Gateway's own errors, in the API's error format: {"error": {"code", "message"}}.
# $context.error.messageString is already a quoted JSON string.
ERROR_TEMPLATE = (
    '{"error":{"code":"$context.error.responseType","message":$context.error.messageString,'
    '"details":{"requestId":"$context.requestId"}}}'
)
GATEWAY_RESPONSES = {
    "Default4xx": (apigw.ResponseType.DEFAULT_4_XX, None),
    "Default5xx": (apigw.ResponseType.DEFAULT_5_XX, None),
    "Unauthorized": (apigw.ResponseType.UNAUTHORIZED, "401"),
    "AccessDenied": (apigw.ResponseType.ACCESS_DENIED, "403"),
    "Throttled": (apigw.ResponseType.THROTTLED, "429"),
}


def _access_log_format() -> apigw.AccessLogFormat:
    fields = {
        "requestId": apigw.AccessLogField.context_request_id(),
        "extendedRequestId": apigw.AccessLogField.context_extended_request_id(),
        "requestTime": apigw.AccessLogField.context_request_time(),
        "ip": apigw.AccessLogField.context_identity_source_ip(),
        "userAgent": apigw.AccessLogField.context_identity_user_agent(),
        "httpMethod": apigw.AccessLogField.context_http_method(),
        "resourcePath": apigw.AccessLogField.context_resource_path(),
        "protocol": apigw.AccessLogField.context_protocol(),
        "status": apigw.AccessLogField.context_status(),
        "responseLength": apigw.AccessLogField.context_response_length(),
        "responseLatency": apigw.AccessLogField.context_response_latency(),
        "integrationLatency": apigw.AccessLogField.context_integration_latency(),
        "integrationStatus": apigw.AccessLogField.context_integration_status(),
        "integrationError": apigw.AccessLogField.context_integration_error_message(),
        "errorType": apigw.AccessLogField.context_error_response_type(),
        "errorMessage": apigw.AccessLogField.context_error_message(),
        "userId": apigw.AccessLogField.context_authorizer_claims("sub"),
        "wafStatus": apigw.AccessLogField.context_waf_status(),
        "xrayTraceId": apigw.AccessLogField.context_xray_trace_id(),
    }
    return apigw.AccessLogFormat.custom(json.dumps(fields, separators=(",", ":")))


class Api(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        user_pool: cognito.IUserPool,
        functions: dict[str, lambda_.IFunction],
        routes: Sequence[Route] = ROUTES,
    ) -> None:
        super().__init__(scope, construct_id)
        stage = config.stage
        missing = sorted({route.hub for route in routes} - set(functions))
        if missing:
            raise ValueError(f"no function for hubs {missing}")
        self.resources = NestedStack(self, "Stack", description=f"Karmayogi HTTP API ({stage})")
        res = self.resources

        self.access_logs = logs.LogGroup(
            res,
            "AccessLogs",
            log_group_name=f"/aws/apigateway/karmayogi-{stage}-access",
            retention=config.log_retention,
            removal_policy=RemovalPolicy.DESTROY,
        )
        origins = list(config.allowed_origins)
        self.api = apigw.RestApi(
            res,
            "RestApi",
            rest_api_name=f"karmayogi-{stage}",
            description=f"Karmayogi HTTP API v1 ({stage})",
            endpoint_types=[apigw.EndpointType.REGIONAL],
            # The account-level role API Gateway needs to write execution and access logs.
            cloud_watch_role=True,
            cloud_watch_role_removal_policy=RemovalPolicy.RETAIN,
            # The deployment and stage are made below, once the route stacks exist.
            deploy=False,
        )
        rest_api = self.api.node.default_child
        assert isinstance(rest_api, apigw.CfnRestApi)
        rest_api.override_logical_id(f"RestApiV{API_GENERATION}")
        acknowledge(
            self.api,
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
            "AmazonAPIGatewayPushToCloudWatchLogs]",
            "The account-level API Gateway logging role uses the AWS-managed policy that API Gateway "
            "documents for it; it grants log writing only and is needed for access/execution logs.",
        )

        # One authorizer for the whole API, referenced by id from the route stacks (CDK binds it to the
        # imported API, whose id is this RestApi's): API Gateway allows 10 authorizers per API.
        self.authorizer = apigw.CognitoUserPoolsAuthorizer(
            res,
            "Authorizer",
            authorizer_name=f"karmayogi-{stage}-cognito",
            cognito_user_pools=[user_pool],
        )
        self.body_validator = self.api.add_request_validator(
            "RequestValidator",
            request_validator_name="body-and-parameters",
            validate_request_body=True,
            validate_request_parameters=True,
        )
        # One invoke permission per function, for any method and stage of this API.
        for hub in sorted({route.hub for route in routes}):
            functions[hub].add_permission(
                f"ApiInvoke{hub.title()}",
                principal=iam.ServicePrincipal("apigateway.amazonaws.com"),
                scope=self.api,
                source_arn=self.api.arn_for_execute_api(),
            )

        self.route_stacks: list[RouteStack] = []
        self.methods: dict[tuple[str, str], apigw.Method] = {}
        self.preflights: dict[str, apigw.Method] = {}
        for number, stack_routes in placement(routes).items():
            route_stack = RouteStack(
                res,
                f"Routes{number}",
                routes=stack_routes,
                all_routes=routes,
                api=self.api,
                authorizer=self.authorizer,
                validator=self.body_validator,
                functions=functions,
                origins=origins,
                description=f"Karmayogi HTTP API ({stage}): routes {number + 1} of {ROUTE_STACKS}",
            )
            self.route_stacks.append(route_stack)
            self.methods.update(route_stack.methods)
            self.preflights.update(route_stack.preflights)
        # CDK refuses a RestApi without a method of its own: the root gets the CORS preflight every routed path
        # has (OPTIONS / answers 204 to an allowed origin; any other method on / stays API Gateway's 403).
        self.root_preflight = add_preflight(self.api.root, origins, routes)
        self._add_gateway_responses(origins)

        # The deployment: after every route stack, and a new one whenever a route or a method setting changes
        # (its logical id hashes them; CloudFormation only deploys a Deployment it creates).
        self.deployment = apigw.Deployment(res, "Deployment", api=self.api, description=f"Karmayogi HTTP API ({stage})")
        for route_stack in self.route_stacks:
            self.deployment.node.add_dependency(route_stack)
        self.deployment.add_to_logical_id({
            "methods": method_settings(routes, origins),
            "authorizer": {"name": f"karmayogi-{stage}-cognito", "type": "COGNITO_USER_POOLS"},
            "gatewayResponses": self._gateway_response_settings,
        })
        self._stage = apigw.Stage(
            self.api,
            f"DeploymentStage.{stage}",
            deployment=self.deployment,
            stage_name=stage,
            throttling_rate_limit=config.throttle_rate_limit,
            throttling_burst_limit=config.throttle_burst_limit,
            access_log_destination=apigw.LogGroupLogDestination(self.access_logs),
            access_log_format=_access_log_format(),
            tracing_enabled=True,
            metrics_enabled=True,
            logging_level=apigw.MethodLoggingLevel.ERROR,
            data_trace_enabled=False,
        )
        self.api.deployment_stage = self._stage

    def _add_gateway_responses(self, origins: list[str]) -> None:
        if origins == ["*"]:
            allow_origin = "'*'"
        elif len(origins) == 1:
            allow_origin = f"'{origins[0]}'"
        else:  # several allowed origins: echo the caller's (error bodies carry no data)
            allow_origin = "method.request.header.Origin"
        headers = {
            "Access-Control-Allow-Origin": allow_origin,
            "Access-Control-Allow-Headers": "'" + ",".join([*apigw.Cors.DEFAULT_HEADERS, *EXTRA_ALLOWED_HEADERS]) + "'",
            "Vary": "'Origin'",
        }
        self._gateway_response_settings: list[dict[str, object]] = []
        for construct_id, (response_type, status) in GATEWAY_RESPONSES.items():
            response_headers = dict(headers)
            if construct_id == "Throttled":
                response_headers["Retry-After"] = "'1'"
            self.api.add_gateway_response(
                construct_id,
                type=response_type,
                status_code=status,
                response_headers=response_headers,
                templates={"application/json": ERROR_TEMPLATE},
            )
            self._gateway_response_settings.append(
                {"id": construct_id, "status": status, "headers": response_headers, "template": ERROR_TEMPLATE}
            )

    @property
    def stage(self) -> apigw.Stage:
        return self._stage

    @property
    def url(self) -> str:
        return self.api.url

    @property
    def domain(self) -> str:
        """The API's regional execute-api host name (what CloudFront forwards /api/* to)."""
        stack = Stack.of(self.api)
        return f"{self.api.rest_api_id}.execute-api.{stack.region}.{stack.url_suffix}"
