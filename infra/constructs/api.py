"""The REST API, built from infra.route_table.ROUTES: one method per route, integrated with its hub's
Lambda (one invoke permission per function, so 50 routes never hit the 20 KB resource-policy limit),
a Cognito authorizer on every non-public route (access tokens: the method asks for the
`aws.cognito.signin.user.admin` scope every Cognito access token carries), CORS preflight on every
resource, and gateway responses in the API's error format.

All of it lives in a nested stack of its own (one resource in the parent, which stays far under
CloudFormation's 500 resources: the ~300 resources, methods and preflights of the API are here); the Lambda
invoke permissions stay with the functions in the parent."""

from __future__ import annotations

import json

from aws_cdk import NestedStack, RemovalPolicy, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.constructs.config import StageConfig
from infra.constructs.nag import acknowledge
from infra.route_table import ROUTES, Route

ACCESS_TOKEN_SCOPE = "aws.cognito.signin.user.admin"  # noqa: S105 - an OAuth scope name
EXTRA_ALLOWED_HEADERS = ["Idempotency-Key", "Accept-Language"]
PUBLIC_REASON = "public by API contract (API.md marks this route public: no caller identity exists yet)"
PREFLIGHT_REASON = "CORS preflight (OPTIONS) must answer without credentials, per the CORS protocol"

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
    ) -> None:
        super().__init__(scope, construct_id)
        stage = config.stage
        missing = sorted({route.hub for route in ROUTES} - set(functions))
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
            deploy=True,
            deploy_options=apigw.StageOptions(
                stage_name=stage,
                throttling_rate_limit=config.throttle_rate_limit,
                throttling_burst_limit=config.throttle_burst_limit,
                access_log_destination=apigw.LogGroupLogDestination(self.access_logs),
                access_log_format=_access_log_format(),
                tracing_enabled=True,
                metrics_enabled=True,
                logging_level=apigw.MethodLoggingLevel.ERROR,
                data_trace_enabled=False,
            ),
        )
        acknowledge(
            self.api,
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
            "AmazonAPIGatewayPushToCloudWatchLogs]",
            "The account-level API Gateway logging role uses the AWS-managed policy that API Gateway "
            "documents for it; it grants log writing only and is needed for access/execution logs.",
        )

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

        integrations = {
            hub: apigw.LambdaIntegration(function, proxy=True, scope_permission_to_method=False)
            for hub, function in functions.items()
        }
        self.methods: dict[tuple[str, str], apigw.Method] = {}
        for route in ROUTES:
            self.methods[(route.method, route.path)] = self._add_route(route, integrations[route.hub])
        # CORS preflight on every resource that serves a route. Intermediate resources without a method
        # of their own (e.g. /auth/register/{registrationId}) get none: no browser calls them, and
        # each OPTIONS method costs one of the stack's 500 CloudFormation resources.
        self.preflights: dict[str, apigw.Method] = {}
        for path in dict.fromkeys(route.path for route in ROUTES):
            resource = self.api.root.resource_for_path(path.lstrip("/"))
            preflight = resource.add_cors_preflight(
                allow_origins=origins,
                allow_methods=sorted({route.method for route in ROUTES}),
                allow_headers=[*apigw.Cors.DEFAULT_HEADERS, *EXTRA_ALLOWED_HEADERS],
                expose_headers=["Retry-After"],
            )
            acknowledge(preflight, "AwsSolutions-APIG4", PREFLIGHT_REASON)
            acknowledge(preflight, "AwsSolutions-COG4", PREFLIGHT_REASON)
            self.preflights[path] = preflight
        self._add_gateway_responses(origins)

    def _add_route(self, route: Route, integration: apigw.Integration) -> apigw.Method:
        resource = self.api.root.resource_for_path(route.path.lstrip("/"))
        validator = self.body_validator if route.method in ("POST", "PUT", "PATCH") else None
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
            authorizer=self.authorizer,
            authorization_scopes=[ACCESS_TOKEN_SCOPE],
            request_validator=validator,
        )

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

    @property
    def stage(self) -> apigw.Stage:
        return self.api.deployment_stage

    @property
    def url(self) -> str:
        return self.api.url

    @property
    def domain(self) -> str:
        """The API's regional execute-api host name (what CloudFront forwards /api/* to)."""
        stack = Stack.of(self.api)
        return f"{self.api.rest_api_id}.execute-api.{stack.region}.{stack.url_suffix}"
