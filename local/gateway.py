"""The local API gateway: route a request through the shared route table to its hub's handler, as an
API Gateway proxy event, with the claims the Cognito authorizer would pass on."""

from __future__ import annotations

import base64
import importlib
import importlib.util
import json
import queue
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from infra import route_table
from karmayogi.platform.errors import AppError
from local import threadsafe_resolver
from local.events import authorizer_claims, proxy_event

threadsafe_resolver.install()


@dataclass
class LambdaContext:
    """Enough of the Lambda context object for Powertools."""

    function_name: str
    memory_limit_in_mb: int = 1024
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:ap-south-1:123456789012:function:{self.function_name}"

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 29_000


@dataclass
class GatewayResponse:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: list[str] = field(default_factory=list)  # each Set-Cookie (one header each, never joined)

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def _error(error: AppError) -> GatewayResponse:
    headers = {"Content-Type": "application/json", **error.headers()}
    return GatewayResponse(error.status, headers, json.dumps(error.body()).encode())


# A hub's warm containers at most. 16 made requests queue for a container under `make load` (200 learners:
# most in flight wait on DynamoDB, not on the CPU); a container costs one copy of the hub's handler module.
CONTAINERS_PER_HUB = 64


class ContainerPool:
    """Warm "containers" of one hub: each is its own copy of the hub's handler module, so its own
    resolver. A Powertools resolver holds the request it is serving on itself — one request at a time,
    exactly as one Lambda container serves one invocation at a time — so concurrent requests to a hub
    each take a free container (a new one is loaded when all are busy, up to `limit`; beyond that they
    wait, like Lambda's reserved concurrency)."""

    def __init__(self, hub: str, limit: int | None = None) -> None:
        self.hub = hub
        self.limit = limit or CONTAINERS_PER_HUB
        self._idle: queue.LifoQueue[Any] = queue.LifoQueue()
        self._created = 0
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            self._created += 1
            number = self._created
        try:
            return self._load_copy(number)
        except BaseException:
            with self._lock:  # a container that failed to load is not one: it must not use up the limit
                self._created -= 1
            raise

    def _load_copy(self, number: int) -> Any:
        if number == 1:
            return importlib.import_module(f"functions.{self.hub}.handler").handler
        spec = importlib.util.find_spec(f"functions.{self.hub}.handler")
        assert spec is not None and spec.origin is not None
        copy_spec = importlib.util.spec_from_file_location(f"functions.{self.hub}.handler_c{number}", spec.origin)
        assert copy_spec is not None and copy_spec.loader is not None
        module = importlib.util.module_from_spec(copy_spec)
        copy_spec.loader.exec_module(module)
        return module.handler

    @contextmanager
    def container(self) -> Iterator[Any]:
        try:
            handler = self._idle.get_nowait()
        except queue.Empty:
            handler = self._load() if self._created < self.limit else self._idle.get()
        try:
            yield handler
        finally:
            self._idle.put(handler)


_pools: dict[str, ContainerPool] = {}
_pools_lock = threading.Lock()


def pool_of(hub: str) -> ContainerPool:
    with _pools_lock:
        if hub not in _pools:
            _pools[hub] = ContainerPool(hub)
        return _pools[hub]


def dispatch(
    method: str,
    path: str,
    *,
    query: str = "",
    headers: dict[str, str] | None = None,
    body: bytes | str | None = None,
    claims: dict[str, Any] | None = None,
) -> GatewayResponse:
    """What API Gateway does for one request: match a route, refuse a missing identity on a protected
    route with the same error body as the deployed gateway, invoke the hub, shape the response."""
    method = method.upper()
    found = route_table.match(method, path)
    if found is None:
        if route_table.path_exists(path):
            return _error(AppError(405, "METHOD_NOT_ALLOWED", "This method is not allowed on this path"))
        return _error(AppError(404, "ROUTE_NOT_FOUND", "There is no such route"))
    route, params = found
    if not route.public and claims is None:
        return _error(AppError(401, "UNAUTHORIZED", "Authentication is required"))
    event = proxy_event(route, path, params, method=method, query=query, headers=headers, body=body,
                        claims=None if route.public else claims)
    if route.public and claims is not None:
        # A public route still sees who is calling when a valid token was sent (e.g. logout).
        event["requestContext"]["authorizer"] = {"claims": authorizer_claims(claims)}
    with pool_of(route.hub).container() as handler:
        result = handler(event, LambdaContext(function_name=f"karmayogi-local-{route.hub}"))
    response_headers = {k: str(v) for k, v in (result.get("headers") or {}).items()}
    cookies: list[str] = []
    for key, values in (result.get("multiValueHeaders") or {}).items():
        if key.lower() == "set-cookie":
            cookies += [str(v) for v in values]
        else:
            response_headers[key] = ", ".join(str(v) for v in values)
    raw = result.get("body") or ""
    payload = base64.b64decode(raw) if result.get("isBase64Encoded") else raw.encode()
    return GatewayResponse(int(result.get("statusCode", 500)), response_headers, payload, cookies)
