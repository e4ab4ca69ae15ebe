"""Lambda SnapStart hooks for the API hubs (infra/constructs/hub_function.py turns SnapStart on).

With SnapStart, Lambda initializes a published version once, runs the before-snapshot hooks, snapshots
the memory and resumes new execution environments from that snapshot. What the hooks do:

- before snapshot (`warm`): import the modules the handler module names in `SNAPSHOT_IMPORTS` (what a route
  imports lazily and is too heavy for a first request, e.g. the certificate PDF's fpdf2), create the DynamoDB resource (botocore loads and parses the service model and
  endpoint rules), make one call of each kind the repositories make (GetItem, Query, PutItem, UpdateItem,
  BatchGetItem, TransactWriteItems: serializers, signer, parsers, endpoint resolution) and resolve one
  request per route of the hub's resolver, without a caller, so Powertools builds every route's parameter
  and body validation once. While warming, every AWS call is answered
  locally with an empty result (a `before-send` hook), so nothing leaves the sandbox and nothing is
  written; a protected route stops at the missing caller (401) before it would call AWS anyway.
- after restore (`after_restore`): give this environment its own state where a snapshot would make it
  shared: reseed `random` (botocore's retry jitter; ids and tokens use `secrets`/`os.urandom`, which the
  restored kernel reseeds) and forget cached secrets so each environment reads them itself. The boto3
  clients are kept on purpose (they are the point of the warm-up): they hold no connection (warming made
  none) and their credentials are refreshable (SnapStart functions get them from the container credential
  endpoint; botocore refreshes them before they expire), so a client from the snapshot is safe.

Hooks are registered when this module is imported inside a Lambda runtime that has `snapshot_restore_py`;
elsewhere (tests, the dev server) importing it does nothing. The handler module stays as it is: the
module to warm is the one named by Lambda's `_HANDLER` variable (`functions.<hub>.handler.handler`).
`karmayogi/__init__.py` imports this module, because Lambda only runs hooks registered by code the
handler imports."""

from __future__ import annotations

import importlib
import logging
import os
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

WARM_UP_ID = "snapstart-warm-up"

_warming = False


def _answer_locally(request: Any, **_: Any) -> Any:
    """botocore `before-send`: while warming, an empty JSON answer instead of a network call.
    Outside the warm-up it returns None (send as usual), so a copy left in a client is inert."""
    if not _warming:
        return None
    from botocore.awsrequest import AWSResponse

    class _Body:
        @staticmethod
        def stream(**_: Any) -> Iterator[bytes]:
            yield b"{}"

    return AWSResponse(request.url, 200, {"Content-Type": "application/x-amz-json-1.0"}, _Body())


@contextmanager
def _offline_and_quiet() -> Iterator[None]:
    """No AWS call leaves the process and no log line is written while warming."""
    global _warming  # noqa: PLW0603 - one flag per process, read by _answer_locally
    import boto3

    from karmayogi.platform import db

    client = db.client()  # creates boto3's default session too
    session = boto3.DEFAULT_SESSION
    emitters = [client.meta.events, *([session.events] if session is not None else [])]
    for emitter in emitters:
        emitter.register("before-send", _answer_locally, unique_id="karmayogi-snapstart")
    logging.disable(logging.CRITICAL)
    _warming = True
    try:
        yield
    finally:
        _warming = False
        logging.disable(logging.NOTSET)
        for emitter in emitters:
            emitter.unregister("before-send", _answer_locally, unique_id="karmayogi-snapstart")


def _event(method: str, path: str, resource: str, parameters: dict[str, str]) -> dict[str, Any]:
    return {
        "resource": resource, "path": path, "httpMethod": method, "headers": {}, "multiValueHeaders": {},
        "queryStringParameters": None, "multiValueQueryStringParameters": None,
        "pathParameters": parameters or None, "stageVariables": None,
        "requestContext": {"resourcePath": resource, "httpMethod": method, "stage": "snapstart",
                           "requestId": WARM_UP_ID, "identity": {"sourceIp": "127.0.0.1"}},
        "body": None, "isBase64Encoded": False,
    }


def _route_requests(app: Any) -> list[dict[str, Any]]:
    """One request per route of a Powertools resolver, path parameters filled with a dummy id."""
    import re

    requests = []
    for route in [*getattr(app, "_static_routes", []), *getattr(app, "_dynamic_routes", [])]:
        names = re.findall(r"<(\w+)>", route.path)
        path = re.sub(r"<\w+>", WARM_UP_ID, route.path)
        requests.append(_event(route.method, path, route.openapi_path, dict.fromkeys(names, WARM_UP_ID)))
    return requests


def _warm_dynamodb_calls() -> None:
    """One call of each kind the repositories make, answered locally: botocore builds each operation's
    model, serializer and parser and resolves the endpoint once, before the snapshot."""
    from boto3.dynamodb.conditions import Key

    from karmayogi.platform import db

    table = db.table()
    key = {"PK": WARM_UP_ID, "SK": WARM_UP_ID}
    table.get_item(Key=key)
    table.query(KeyConditionExpression=Key("PK").eq(WARM_UP_ID), Limit=1)
    table.put_item(Item=key, ConditionExpression="attribute_not_exists(PK)")
    table.update_item(Key=key, UpdateExpression="SET version = :v", ExpressionAttributeValues={":v": 1})
    db.resource().batch_get_item(RequestItems={table.name: {"Keys": [key]}})
    db.client().transact_write_items(TransactItems=[{"Put": {"TableName": table.name, "Item": key}}])


def handler_module() -> str | None:
    """The module of the function's handler (`_HANDLER` = "functions.learning.handler.handler")."""
    handler = os.environ.get("_HANDLER", "")
    return handler.rsplit(".", 1)[0] if "." in handler else None


@dataclass
class WarmUp:
    """What a warm-up did: how many route requests it resolved, and which of them failed (an exception, or
    a 5xx answer: a route whose code path could not be built is still cold after the snapshot)."""

    resolved: int = 0
    failed: list[str] = field(default_factory=list)


def warm(module_name: str | None = None) -> WarmUp:
    """Create the DynamoDB resource and resolve one dummy request per route of the handler module's
    resolver (`app`). Returns what was resolved and what failed; a failing route never stops the others."""
    from karmayogi.platform import db

    db.table()
    module_name = module_name or handler_module()
    if not module_name:
        return WarmUp()
    module = importlib.import_module(module_name)
    for heavy in getattr(module, "SNAPSHOT_IMPORTS", ()):  # modules its routes import lazily, e.g. the PDF path
        importlib.import_module(heavy)
    app = getattr(module, "app", None)
    if app is None or not hasattr(app, "resolve"):
        return WarmUp()
    requests = _route_requests(app)
    failed: list[str] = []
    with _offline_and_quiet():
        _warm_dynamodb_calls()
        for request in requests:
            route = f"{request['httpMethod']} {request['resource']}"
            try:
                response = app.resolve(request, None)
            except Exception as error:
                failed.append(f"{route}: {type(error).__name__}: {error}")
                continue
            status = int(response.get("statusCode", 500)) if isinstance(response, dict) else 500
            if status >= 500:
                failed.append(f"{route}: answered {status}")
    return WarmUp(resolved=len(requests), failed=failed)


def before_snapshot() -> None:
    """The runtime hook: a warm-up failure is logged, never raised (the snapshot is taken anyway; a route
    that failed to warm is only slower on its first request)."""
    from karmayogi.platform.observability import logger

    try:
        result = warm()
    except Exception:
        logger.exception("SnapStart warm-up failed")
        return
    if result.failed:
        logger.warning("SnapStart warm-up: some routes failed to resolve",
                       extra={"resolved": result.resolved, "failed": result.failed})


def after_restore() -> None:
    from karmayogi.platform.settings import reset_settings

    random.seed()
    reset_settings()  # cached secrets (and settings, re-read from the same environment) per environment


def register() -> bool:
    """Register the hooks with the Lambda runtime; False where there is none (local runs)."""
    try:
        from snapshot_restore_py import (
            register_after_restore,
            register_before_snapshot,
        )
    except ImportError:
        return False
    register_before_snapshot(before_snapshot)
    register_after_restore(after_restore)
    return True


register()
