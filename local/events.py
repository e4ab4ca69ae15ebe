"""API Gateway REST proxy events, shaped as the deployed API sends them to a hub's Lambda."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any
from urllib.parse import parse_qs

from infra.route_table import Route


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
        request_context["authorizer"] = {"claims": claims}
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
