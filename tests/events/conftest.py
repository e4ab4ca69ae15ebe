"""Fixtures of the events hub's in-process tests: a fresh platform with the clock at a fixed moment and
a few people in two orgs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from karmayogi.platform import clock
from local import schedules
from tests import factories
from tests.conftest import ApiClient
from tests.events.helpers import NOW, event_body


@dataclass
class World:
    admin: dict[str, Any]  # MDO_ADMIN of dopt
    other_admin: dict[str, Any]  # MDO_ADMIN of mof
    spv: dict[str, Any]
    learner: dict[str, Any]  # dopt
    outsider: dict[str, Any]  # mof

    def client(self, user: dict[str, Any]) -> ApiClient:
        return ApiClient(user["claims"])

    def create_event(self, user: dict[str, Any] | None = None, **body: Any) -> dict[str, Any]:
        response = self.client(user or self.admin).post("/events", event_body(**body))
        assert response.status == 201, response.json()
        created: dict[str, Any] = response.json()
        return created

    def learners(self, count: int, org_id: str = "dopt") -> list[dict[str, Any]]:
        return [factories.create_user(org_id=org_id) for _ in range(count)]


@pytest.fixture(autouse=True)
def _fresh_local_scheduler() -> Iterator[None]:
    schedules.reset()
    yield
    schedules.reset()


@pytest.fixture
def world(resources: Any) -> World:
    clock.set_now(NOW)  # (the events hub reads no directory items: no need to seed orgs)
    return World(
        admin=factories.create_user("MDO_ADMIN", org_id="dopt"),
        other_admin=factories.create_user("MDO_ADMIN", org_id="mof"),
        spv=factories.create_user("SPV_ADMIN", org_id="mopp"),
        learner=factories.create_user(org_id="dopt"),
        outsider=factories.create_user(org_id="mof"),
    )
