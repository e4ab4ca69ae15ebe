"""Shared fixtures: a fresh in-process AWS stand-in (moto) per test, provisioned from the same
definitions as the CDK stack and the dev server, and an API client that calls the hubs' handlers
through the local gateway."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest

from local import aws

aws.fake_credentials()
os.environ.pop("AWS_ENDPOINT_URL", None)
os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)  # in-process tests: the table in moto, never a DynamoDB Local

from moto import mock_aws  # noqa: E402 - after the fake credentials

from karmayogi.platform import clock, identity  # noqa: E402
from local.gateway import GatewayResponse, dispatch  # noqa: E402


@pytest.fixture
def resources() -> Iterator[aws.LocalResources]:
    """A fresh, empty platform (table, user pool, groups, SES, scheduler) for one test."""
    with mock_aws():
        provisioned = aws.provision()
        clock.reset()
        yield provisioned
        clock.reset()


class ApiClient:
    """Calls the platform as a client would, in-process, as a given user (or anonymously)."""

    def __init__(self, claims: dict[str, Any] | None = None) -> None:
        self.claims = claims

    def as_user(self, user_id: str, *roles: str, username: str | None = None) -> ApiClient:
        return ApiClient(identity.claims_for(user_id, username or user_id, roles or ("PUBLIC",)))

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        query: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        raw_body: str | None = None,
    ) -> GatewayResponse:
        payload = raw_body if raw_body is not None else (json.dumps(body) if body is not None else None)
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        return dispatch(method, path, query=urlencode(query or {}, doseq=True), headers=all_headers,
                        body=payload, claims=self.claims)

    def get(self, path: str, **kwargs: Any) -> GatewayResponse:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> GatewayResponse:
        return self.request("POST", path, body, **kwargs)

    def put(self, path: str, body: Any = None, **kwargs: Any) -> GatewayResponse:
        return self.request("PUT", path, body, **kwargs)

    def patch(self, path: str, body: Any = None, **kwargs: Any) -> GatewayResponse:
        return self.request("PATCH", path, body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> GatewayResponse:
        return self.request("DELETE", path, **kwargs)


@pytest.fixture
def api(resources: aws.LocalResources) -> ApiClient:
    """An anonymous client; `api.as_user(user_id, *roles)` for an authenticated one."""
    return ApiClient()


@pytest.fixture
def as_user():
    """`as_user(profile)` → an ApiClient acting as a user made by tests.factories.create_user."""

    def make(user: dict[str, Any]) -> ApiClient:
        return ApiClient(user["claims"])

    return make


@pytest.fixture(scope="session")
def dev_server():
    """The dev server (seeded) in a subprocess on a free port, shared by the session's e2e tests."""
    from tests.e2e_support import DevServerProcess

    server = DevServerProcess()
    yield server
    server.stop()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """All end-to-end tests share one dev server: keep them on one xdist worker (unless they name a group of
    their own, with a dev server of their own)."""
    for item in items:
        if item.get_closest_marker("e2e") and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group("e2e"))
