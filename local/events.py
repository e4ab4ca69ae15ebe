"""API Gateway REST proxy events, shaped as the deployed API sends them to a hub's Lambda (claims included:
the Cognito authorizer passes every claim as a string, see `authorizer_claims`)."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

from infra.route_table import Route

# Claims the REST authorizer renders as dates ("Tue Apr 04 18:39:39 UTC 2023"); other numbers become digits.
_DATE_CLAIMS = ("exp", "iat")


def authorizer_claims(claims: dict[str, Any]) -> dict[str, str]:
    """The token's claims as API Gateway's Cognito user pool authorizer (REST API) passes them on in
    `requestContext.authorizer.claims`: every value a string. A list (`cognito:groups`) is joined with
    commas ("MDO_ADMIN,PUBLIC"), a user in no group has no `cognito:groups` at all, booleans are
    "true"/"false", `exp` and `iat` are dates, other numbers their digits."""
    rendered: dict[str, str] = {}
    for name, value in claims.items():
        if isinstance(value, list | tuple | set | frozenset):
            if not value:
                continue
            rendered[name] = ",".join(str(v) for v in value)
        elif isinstance(value, bool):
            rendered[name] = "true" if value else "false"
        elif name in _DATE_CLAIMS and isinstance(value, int | float):
            rendered[name] = datetime.fromtimestamp(value, UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
        else:
            rendered[name] = str(value)
    return rendered


def proxy_event(
    route: Route,
    path: str,
    path_parameters: dict[str, str],
    *,
    method: str | None = None,
    query: str = "",
    headers: dict[str, str] | None = None,
    body: bytes | str | None = None,
    claims: dict[str, Any] | None = None,
    stage: str = "local",
    source_ip: str = "127.0.0.1",
) -> dict[str, Any]:
    parsed = parse_qs(query, keep_blank_values=True)
    single = {k: v[-1] for k, v in parsed.items()} or None
    multi = dict(parsed.items()) or None
    headers = dict(headers or {})
    text_body: str | None
    is_base64 = False
    if body is None or body in {b"", ""}:
        text_body = None
    elif isinstance(body, bytes):
        try:
            text_body = body.decode("utf-8")
        except UnicodeDecodeError:
            text_body = base64.b64encode(body).decode()
            is_base64 = True
    else:
        text_body = body
    resource = route.path
    request_context: dict[str, Any] = {
        "resourcePath": resource,
        "httpMethod": method or route.method,
        "path": f"/{stage}{path}",
        "stage": stage,
        "requestId": str(uuid.uuid4()),
        "identity": {"sourceIp": source_ip, "userAgent": headers.get("User-Agent", "")},
        "accountId": "000000000000",
        "apiId": "local",
    }
    if claims is not None:
        request_context["authorizer"] = {"claims": authorizer_claims(claims)}
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method or route.method,
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": single,
        "multiValueQueryStringParameters": multi,
        "pathParameters": path_parameters or None,
        "stageVariables": None,
        "requestContext": request_context,
        "body": text_body,
        "isBase64Encoded": is_base64,
    }


def json_body(response: dict[str, Any]) -> Any:
    body = response.get("body") or ""
    if response.get("isBase64Encoded"):
        body = base64.b64decode(body).decode()
    return json.loads(body) if body else None
