"""The resolver every hub uses, with the platform's error mapping, and the Lambda entry point.

Errors become HTTP only here (house rule 1, docs/architecture.md): `AppError` → its status and body; request validation →
400 VALIDATION_ERROR naming the fields; DynamoDB throttling → 503 with Retry-After; anything else →
500 INTERNAL_ERROR with the same body (and a log line with the error, never the request body)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Annotated, Any, Protocol

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response, content_types
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.openapi.encoders import jsonable_encoder
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.exceptions import ClientError
from pydantic import BaseModel, ValidationError

from karmayogi.platform import db
from karmayogi.platform.errors import AppError
from karmayogi.platform.identity import Caller, caller_from_event
from karmayogi.platform.models import MAX_LIMIT
from karmayogi.platform.observability import logger, metrics, traced
from karmayogi.platform.settings import get_settings

MAX_BODY_BYTES = 64 * 1024

# The list parameters of API.md ("Lists"), shared by every hub's list routes.
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (default 20, at most 100)")]
Cursor = Annotated[str | None, Query(max_length=2048, description="The nextCursor of the previous page")]


ERROR_DESCRIPTIONS = {
    400: "Invalid input (the fields at fault in `details`), or a request the route's rules refuse",
    401: "Not authenticated",
    403: "Not allowed for the caller's roles or org",
    404: "Not found",
    409: "Conflicts with the current state (duplicate, stale version, a state that does not allow it)",
    413: "The body is too large",
    429: "Rate limited; retry after `Retry-After` seconds",
    503: "A dependency is busy; retry after `Retry-After` seconds",
}


def errors(*statuses: int) -> dict[int, OpenAPIResponse]:
    """The OpenAPI `responses` of the error statuses a route answers beyond those every route shares,
    with the shared error body: `@app.get(..., responses=errors(403, 404))`. The shared ones (400 where
    the route takes input, 401 where it is not public, 413 where it takes a body, 429 and 503) are added
    for every route by the document's generator (local/openapi.py)."""
    from karmayogi.platform.models import ErrorBody

    return {status: {"description": ERROR_DESCRIPTIONS[status], "content": {"application/json": {"model": ErrorBody}}}
            for status in statuses}


def documented(*error_statuses: int, success: int = 200) -> dict[int, OpenAPIResponse]:
    """A route's OpenAPI `responses`: its success status and its own error statuses (`errors`). Powertools
    documents the success body (from the route's return annotation) only when the success status is listed
    beside the others: `@app.get(..., responses=documented(403, 404))`."""
    return {**errors(*error_statuses), success: {"description": "Successful Response"}}


def error_response(error: AppError) -> Response:
    return Response(
        status_code=error.status,
        content_type=content_types.APPLICATION_JSON,
        body=json.dumps(error.body(), ensure_ascii=False),
        headers=error.headers(),
    )


_LIMITS = ("min_length", "max_length", "ge", "gt", "le", "lt", "max_digits")


def _field_errors(errors: Any) -> list[dict[str, Any]]:
    """Each refused field: its name, the English message, and `reason` (pydantic's error type, or the custom
    type a validator gave) with the bound it missed, so that a client can say it in the user's language."""
    details = []
    for err in errors:
        location = [str(part) for part in err.get("loc", ()) if part not in ("body",)] or ["body"]
        detail: dict[str, Any] = {"field": ".".join(location), "message": str(err.get("msg", "is invalid")),
                                  "reason": str(err.get("type", "value_error"))}
        context = err.get("ctx") or {}
        limit = next((context[k] for k in _LIMITS if isinstance(context.get(k), int | float | str)), None)
        if limit is not None:
            detail["limit"] = limit
        details.append(detail)
    return details


def make_resolver() -> APIGatewayRestResolver:
    """A REST resolver with validation, OpenAPI and the platform's exception handlers."""
    app = APIGatewayRestResolver(
        enable_validation=True,
        # ALLOWED_ORIGIN: the stage's origin (infra/stack.py, cdk.json allowedOrigins); unset (dev server, tests): any.
        cors=CORSConfig(allow_origin=os.environ.get("ALLOWED_ORIGIN") or "*",
                        allow_headers=["Authorization", "Idempotency-Key", "Accept-Language"]),
    )

    @app.exception_handler(AppError)
    def _app_error(error: AppError) -> Response:
        logger.info("request refused", extra={"status": error.status, "errorCode": error.code})
        return error_response(error)

    @app.exception_handler(RequestValidationError)
    def _invalid_request(error: RequestValidationError) -> Response:
        return error_response(
            AppError(400, "VALIDATION_ERROR", "The request is not valid", _field_errors(error.errors()))
        )

    @app.exception_handler(RequestUnsupportedContentType)
    def _unsupported_content_type(_: RequestUnsupportedContentType) -> Response:
        return error_response(AppError(400, "UNSUPPORTED_CONTENT_TYPE", "Send the body as JSON (application/json)",
                                       [{"field": "body", "message": "must be JSON"}]))

    @app.exception_handler(ValidationError)
    def _invalid_model(error: ValidationError) -> Response:
        return error_response(
            AppError(400, "VALIDATION_ERROR", "The request is not valid", _field_errors(error.errors()))
        )

    @app.exception_handler(UnicodeDecodeError)
    def _not_utf8(_: UnicodeDecodeError) -> Response:
        return error_response(AppError(400, "INVALID_JSON", "The body is not UTF-8 encoded JSON"))

    @app.exception_handler(RecursionError)
    def _too_deep(_: RecursionError) -> Response:
        return error_response(AppError(400, "INVALID_JSON", "The JSON body is nested too deeply"))

    @app.exception_handler(db.ConditionFailed)
    def _unmapped_condition(failed: db.ConditionFailed) -> Response:
        # The safety net of the error convention (docs/architecture.md, "Errors"): a service maps each
        # reason it expects; one it did not expect is still a conflict with the current state, never a 500.
        logger.info("unmapped condition failure", extra={"reason": failed.reason})
        if failed.reason == "exists":
            return error_response(AppError(409, "ALREADY_EXISTS", "It exists already"))
        if failed.reason == "stale":
            return error_response(AppError(409, "VERSION_CONFLICT",
                                           "The resource was changed by someone else; reload it and retry"))
        return error_response(AppError(409, "CONFLICT", "The change conflicts with the current state"))

    @app.exception_handler(ClientError)
    def _aws_error(error: ClientError) -> Response:
        if db.is_throttling(error):
            logger.warning("dependency throttled", extra={"awsCode": error.response["Error"]["Code"]})
            return error_response(AppError(503, "SERVICE_UNAVAILABLE", "Busy; retry shortly", retry_after=2))
        logger.exception("AWS call failed")
        return error_response(AppError(500, "INTERNAL_ERROR", "Something went wrong on our side"))

    @app.not_found
    def _no_route(_: Exception) -> Response:
        return error_response(AppError(404, "ROUTE_NOT_FOUND", "There is no such route"))

    return app


class ServesRequests(Protocol):
    """A resolver, or a router a resolver included: what the request helpers below read."""

    @property
    def current_event(self) -> Any: ...


def caller(app: ServesRequests) -> Caller:
    """The authenticated caller of the current request (401 without one)."""
    return caller_from_event(app.current_event.raw_event)


def language(app: ServesRequests) -> str:
    header = (app.current_event.headers or {}).get("Accept-Language") or (
        app.current_event.headers or {}
    ).get("accept-language") or ""
    return "hi" if header.strip().lower().startswith("hi") else "en"


def header(app: ServesRequests, name: str) -> str | None:
    for key, value in (app.current_event.headers or {}).items():
        if key.lower() == name.lower():
            return value
    return None


def idempotent(app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response:
    """The one idempotency step (API.md "Conventions"): a create route lists it in its `middlewares`, and
    a retry with the same `Idempotency-Key` (per caller and path) answers the first result and creates
    nothing new. Runs after request validation, so an invalid request never takes a key."""
    from karmayogi.platform import idempotency

    key = header(app, "Idempotency-Key")
    if not key:
        return next_middleware(app)
    event = app.current_event
    route = f"{event.http_method} {event.path}"
    answered: list[Response] = []

    def create() -> tuple[int, dict[str, Any]]:
        response = next_middleware(app)
        answered.append(response)
        return response.status_code, jsonable_encoder(response.body, by_alias=True)

    status, body = idempotency.run_once(caller(app).user_id, route, key, create)
    if answered:
        return answered[0]
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body=body)


def created(body: BaseModel | dict[str, Any]) -> Response:
    return Response(status_code=201, content_type=content_types.APPLICATION_JSON, body=body)


def accepted(body: BaseModel | dict[str, Any] | None = None) -> Response:
    return Response(status_code=202, content_type=content_types.APPLICATION_JSON, body=body or {})


def no_content() -> Response:
    return Response(status_code=204, content_type=content_types.APPLICATION_JSON, body="")


LambdaHandler = Callable[[dict[str, Any], LambdaContext], dict[str, Any]]


def lambda_entry(app: APIGatewayRestResolver, needs: tuple[str, ...] = ()) -> LambdaHandler:
    """The function API Gateway invokes: body-size guard, logging context, metrics, tracing.

    In the Lambda runtime the settings are validated here, at init: a function deployed without a
    variable it needs (the common ones, plus `needs`, e.g. "enrolment_state_machine_arn") fails to start
    with a message naming it (karmayogi.platform.settings)."""
    if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
        get_settings().require(*needs)

    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
    @traced
    @metrics.log_metrics
    def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        body = event.get("body") or ""
        size = len(body) * 3 // 4 if event.get("isBase64Encoded") else len(body.encode("utf-8", "surrogatepass"))
        if size > MAX_BODY_BYTES:
            too_large = AppError(413, "PAYLOAD_TOO_LARGE", f"The body exceeds {MAX_BODY_BYTES} bytes")
            return {
                "statusCode": 413,
                "headers": {"Content-Type": "application/json"},
                "body": json.dumps(too_large.body()),
                "isBase64Encoded": False,
            }
        try:
            return app.resolve(event, context)
        except Exception:  # the last line of defence: the error body, never a bare 500
            logger.exception("unhandled error")
            crash = AppError(500, "INTERNAL_ERROR", "Something went wrong on our side")
            return {
                "statusCode": 500,
                "headers": {"Content-Type": "application/json"},
                "body": json.dumps(crash.body()),
                "isBase64Encoded": False,
            }

    return handler
