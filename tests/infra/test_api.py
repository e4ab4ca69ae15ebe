"""The REST API is the route table: one method per route, the right hub, the authorizer iff not public."""

from __future__ import annotations

import json

import pytest

from infra.route_table import ROUTES

from .helpers import function_behind, function_logical_ids, integration_function, methods_by_route

pytestmark = pytest.mark.infra

ACCESS_TOKEN_SCOPE = "aws.cognito.signin.user.admin"


def test_every_route_has_exactly_one_method(dev):
    methods = methods_by_route(dev.template_json)
    functions = function_logical_ids(dev.template_json, "dev")
    (authorizer_id,) = dev.resources("AWS::ApiGateway::Authorizer")
    for route in ROUTES:
        found = methods.get((route.method, route.path), [])
        assert len(found) == 1, f"{route.method} {route.path}: {len(found)} methods"
        (method,) = found
        assert integration_function(method, dev.template_json) == functions[route.hub], f"{route.method} {route.path}"
        assert method["Integration"]["Type"] == "AWS_PROXY"
        if route.public:
            assert method["AuthorizationType"] == "NONE", f"{route.method} {route.path} is public"
            assert "AuthorizerId" not in method
        else:
            assert method["AuthorizationType"] == "COGNITO_USER_POOLS", f"{route.method} {route.path}"
            assert method["AuthorizerId"] == {"Ref": authorizer_id}
            assert method["AuthorizationScopes"] == [ACCESS_TOKEN_SCOPE]


def test_no_method_beyond_the_routes_and_their_preflights(dev):
    methods = methods_by_route(dev.template_json)
    routes = {(r.method, r.path) for r in ROUTES}
    preflights = {("OPTIONS", r.path) for r in ROUTES} | {("OPTIONS", "/")}  # the root's: CDK wants one
    assert set(methods) == routes | preflights
    for key in preflights:
        (method,) = methods[key]
        assert method["AuthorizationType"] == "NONE"
        assert method["Integration"]["Type"] == "MOCK"


def test_one_invoke_permission_per_hub_function(dev):
    permissions = dev.resources("AWS::Lambda::Permission")
    api_permissions = [
        p["Properties"] for p in permissions.values() if p["Properties"]["Principal"] == "apigateway.amazonaws.com"
    ]
    functions = function_logical_ids(dev.template_json, "dev")
    targets = sorted(function_behind(dev.template_json, p["FunctionName"]) for p in api_permissions)
    assert targets == sorted(functions[hub] for hub in {r.hub for r in ROUTES})


def test_stage_throttling_logging_and_tracing(dev):
    (stage,) = dev.resources("AWS::ApiGateway::Stage").values()
    props = stage["Properties"]
    assert props["StageName"] == "dev"
    assert props["TracingEnabled"] is True
    log_format = json.loads(props["AccessLogSetting"]["Format"])
    assert log_format["requestId"] == "$context.requestId"
    (settings,) = props["MethodSettings"]
    assert settings["LoggingLevel"] == "ERROR"
    assert settings["MetricsEnabled"] is True
    assert settings["DataTraceEnabled"] is False
    assert settings["ThrottlingRateLimit"] > 0 and settings["ThrottlingBurstLimit"] > 0


def test_gateway_responses_use_the_api_error_format(dev):
    responses = {
        r["Properties"]["ResponseType"]: r["Properties"]
        for r in dev.resources("AWS::ApiGateway::GatewayResponse").values()
    }
    assert set(responses) == {"DEFAULT_4XX", "DEFAULT_5XX", "UNAUTHORIZED", "ACCESS_DENIED", "THROTTLED"}
    for response_type, props in responses.items():
        template = props["ResponseTemplates"]["application/json"]
        assert template.startswith('{"error":{"code":"$context.error.responseType"'), response_type
        assert "gatewayresponse.header.Access-Control-Allow-Origin" in props["ResponseParameters"]
    assert responses["THROTTLED"]["StatusCode"] == "429"
    assert "gatewayresponse.header.Retry-After" in responses["THROTTLED"]["ResponseParameters"]


def test_prod_cors_allows_only_its_origins(prod):
    responses = prod.resources("AWS::ApiGateway::GatewayResponse").values()
    origins = {
        r["Properties"]["ResponseParameters"]["gatewayresponse.header.Access-Control-Allow-Origin"] for r in responses
    }
    assert origins == {"'https://karmayogi.gov.in'"}


def test_the_deployment_hash_describes_every_method(dev):
    """The Deployment's logical id hashes api_routes.method_settings (CDK cannot hash methods that live in other
    stacks): it must describe the methods the route stacks really create, or a change would not redeploy."""
    from infra.app import cdk_json_context
    from infra.constructs.api_routes import method_settings
    from infra.constructs.config import StageConfig

    config = StageConfig.from_context("dev", cdk_json_context()["stages"])
    methods = methods_by_route(dev.template_json)
    settings = method_settings(ROUTES, config.allowed_origins)
    assert {(s["method"], s["path"]) for s in settings} == set(methods)
    for setting in settings:
        (method,) = methods[(setting["method"], setting["path"])]
        if setting["method"] == "OPTIONS":
            headers = method["Integration"]["IntegrationResponses"][0]["ResponseParameters"]
            assert headers["method.response.header.Access-Control-Allow-Methods"] == (
                "'" + ",".join(setting["allow_methods"]) + "'"
            )
            assert "'" + setting["allow_origins"][0] + "'" == headers["method.response.header.Access-Control-Allow-Origin"]
            continue
        assert method["AuthorizationType"] == setting["authorization"]
        assert method.get("AuthorizationScopes", []) == setting["scopes"]
        assert ("RequestValidatorId" in method) == setting["validator"]
        assert method["Integration"]["Type"] == setting["integration"]["type"]
