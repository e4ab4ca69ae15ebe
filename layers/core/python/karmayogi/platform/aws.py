"""The one factory of AWS clients (house rule 2, docs/architecture.md "Clients"): each client is created on
first use, once per container, and reused; nothing is created at import time. Every module that calls AWS
asks here instead of keeping a singleton of its own, so tests and the dev server reset them all at once."""

from __future__ import annotations

import threading
from typing import Any

from karmayogi.platform.settings import get_settings

_clients: dict[tuple[str, str], Any] = {}
_lock = threading.Lock()


def client(service: str, **options: Any) -> Any:
    """The boto3 client of `service` (e.g. "cognito-idp", "stepfunctions") for this container. `options`
    (e.g. a botocore `config`) only apply when the client is first made; pass the same ones every time."""
    return _cached(("client", service), lambda: _boto3().client(service, region_name=get_settings().region, **options))


def resource(service: str) -> Any:
    """The boto3 service resource of `service` (DynamoDB's, for its type serializers)."""
    return _cached(("resource", service), lambda: _boto3().resource(service, region_name=get_settings().region))


def reset() -> None:
    """Forget every client: tests and the dev server switch endpoints and accounts between runs."""
    with _lock:
        _clients.clear()


def _cached(key: tuple[str, str], make: Any) -> Any:
    found = _clients.get(key)
    if found is not None:
        return found
    with _lock:
        found = _clients.get(key)
        if found is None:
            found = _clients[key] = make()
        return found


def _boto3() -> Any:
    import boto3  # imported on first use: ~250 ms that routes without AWS calls never pay

    return boto3
