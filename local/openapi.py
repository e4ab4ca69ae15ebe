"""The platform's OpenAPI document, merged from every hub's resolver, and the Swagger UI page.

The document tells what the API answers (API.md "Conventions"): Powertools' 422 (never sent: a request
that fails validation is a 400) is removed, and every operation gets the error statuses every route
shares, with the shared error body (`ErrorBody`): 400 where it takes parameters or a body, 401 where it
is not public, 413 where it takes a body, 429 and 503 (with `Retry-After`) everywhere. The statuses of
one route (403, 404, 409...) are its handler's `responses=errors(...)`. A route with the `idempotent`
middleware documents the optional `Idempotency-Key` header, and a route whose `responses` name only
errors still documents its success (its `status_code` and return annotation)."""

from __future__ import annotations

import copy
import importlib
import json
from collections.abc import Iterable
from functools import cache
from importlib import resources as package_files
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.api_gateway import Route as ResolverRoute
from aws_lambda_powertools.event_handler.openapi.merge import OpenAPIMerge

from infra.route_table import HUBS, ROUTES
from karmayogi.platform.api import ERROR_DESCRIPTIONS, idempotent
from karmayogi.platform.models import ErrorBody

TITLE = "Karmayogi API"
VERSION = "1.0.0"
ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorBody"}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before retrying",
        "required": True,
        "schema": {"type": "integer", "minimum": 0},
    }
}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Any 1-128 printable characters: a retry with the same key answers the first result "
    "and creates nothing new",
    "schema": {"type": "string", "minLength": 1, "maxLength": 128},
}
# Powertools' validation errors (its 422s), which this API never answers.
POWERTOOLS_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError", "ResponseValidationError")


def _resolver_routes(app: APIGatewayRestResolver) -> list[ResolverRoute]:
    return [*app._dynamic_routes, *app._static_routes]


def _with_success(route: ResolverRoute) -> ResolverRoute:
    """The route as documented: Powertools documents the success response (the route's `status_code` and
    its return annotation) only when the route names no `responses`, so a route declaring its errors
    alone gets its success entry here (content left out: Powertools fills it from the annotation)."""
    responses = route.responses or {}
    if not responses or any(200 <= int(status) < 300 for status in responses):
        return route
    documented = copy.copy(route)
    documented.responses = {**responses, route.status_code: {"description": "Successful Response"}}
    return documented


def hub_schema(app: APIGatewayRestResolver) -> dict[str, Any]:
    documented = APIGatewayRestResolver(enable_validation=True)
    documented._dynamic_routes = [_with_success(r) for r in app._dynamic_routes]
    documented._static_routes = [_with_success(r) for r in app._static_routes]
    schema: dict[str, Any] = json.loads(documented.get_openapi_json_schema())
    return schema


def _error_schemas() -> dict[str, Any]:
    schema = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}", mode="serialization")
    definitions: dict[str, Any] = schema.pop("$defs", {})
    return {"ErrorBody": schema, **definitions}


def _error(status: int, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": ERROR_DESCRIPTIONS[status],
        "content": {"application/json": {"schema": ERROR_SCHEMA}},
    }
    if headers:
        response["headers"] = headers
    return response


def _document_operation(operation: dict[str, Any], *, public: bool, idempotent_route: bool) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    responses.pop("422", None)
    for status, response in responses.items():
        if status == "204":
            response.pop("content", None)  # a 204 has no body
    takes_body = "requestBody" in operation
    if idempotent_route and not any(
        p.get("in") == "header" and p.get("name", "").lower() == "idempotency-key"
        for p in operation.get("parameters", [])
    ):
        operation.setdefault("parameters", []).append(dict(IDEMPOTENCY_KEY))
    shared = {
        400: takes_body or bool(operation.get("parameters")),
        401: not public,
        413: takes_body,
        429: True,
        503: True,
    }
    for code, applies in shared.items():
        if applies and str(code) not in responses:
            responses[str(code)] = _error(code, RETRY_AFTER if code in (429, 503) else None)
    for retry_later in ("429", "503"):  # a route's own 429 (its rate limit) says when to retry, too
        headers = responses[retry_later].setdefault("headers", {})
        for name, header in RETRY_AFTER.items():
            headers.setdefault(name, header)


def _idempotent_routes(apps: Iterable[APIGatewayRestResolver]) -> set[tuple[str, str]]:
    return {
        (route.method.lower(), route.openapi_path)
        for app in apps
        for route in _resolver_routes(app)
        if idempotent in route.middlewares
    }


def complete(document: dict[str, Any], apps: Iterable[APIGatewayRestResolver]) -> dict[str, Any]:
    """The merged resolvers' document, made to say what the API answers (see the module's docstring)."""
    public = {(r.method.lower(), r.path) for r in ROUTES if r.public}
    with_key = _idempotent_routes(apps)
    components = document.setdefault("components", {})
    components["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}
    schemas = components.setdefault("schemas", {})
    for name in POWERTOOLS_VALIDATION_SCHEMAS:
        schemas.pop(name, None)
    schemas.update(_error_schemas())
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            is_public = (method, path) in public
            if not is_public:
                operation["security"] = [{"bearer": []}]
            _document_operation(operation, public=is_public, idempotent_route=(method, path) in with_key)
    return document


def undocumented_success(document: dict[str, Any]) -> list[str]:
    """Operations without a success response, or whose success (other than 204) has no schema."""
    missing = []
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            successes = {s: r for s, r in operation.get("responses", {}).items() if s.startswith("2")}
            if not successes:
                missing.append(f"{method.upper()} {path}: no success response")
            for status, response in successes.items():
                if status == "204":
                    continue
                contents = response.get("content") or {}
                if not contents or not all(media.get("schema") for media in contents.values()):
                    missing.append(f"{method.upper()} {path}: {status} without a schema")
    return missing


@cache
def _merged() -> dict[str, Any]:
    merge = OpenAPIMerge(
        title=TITLE,
        version=VERSION,
        description="HTTP API of the Karmayogi platform (contract v1). Bearer: the Cognito access token.",
        on_conflict="error",
    )
    apps = []
    for hub in HUBS:
        module = importlib.import_module(f"functions.{hub}.handler")
        app = getattr(module, "app", None)
        if app is not None:
            apps.append(app)
            merge.add_schema(hub_schema(app))
    return complete(merge.get_openapi_schema(), apps)


def document(server_url: str | None = None) -> dict[str, Any]:
    merged = json.loads(json.dumps(_merged()))
    if server_url:
        merged["servers"] = [{"url": server_url}]
    return merged


def swagger_html() -> str:
    return """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Karmayogi API</title>
<link rel="stylesheet" href="/docs/swagger-ui.min.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.min.js"></script>
<script>SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", persistAuthorization: true});</script>
</body></html>"""


def swagger_asset(name: str) -> tuple[str, bytes] | None:
    """Swagger UI's script and style, shipped inside Powertools (nothing is fetched from a CDN)."""
    types = {"swagger-ui-bundle.min.js": "application/javascript", "swagger-ui.min.css": "text/css"}
    if name not in types:
        return None
    folder = package_files.files("aws_lambda_powertools.event_handler.openapi.swagger_ui")
    return types[name], folder.joinpath(name).read_bytes()


def main() -> None:
    """Write docs/openapi.json (`make openapi`)."""
    from pathlib import Path

    # The committed contract; the auth function's asset carries it and serves it at GET /openapi.json.
    target = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"
    target.write_text(json.dumps(document(), indent=2, ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
