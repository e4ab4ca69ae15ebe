"""Fixtures of the network hub's tests: people with their directory index items (as the auth hub writes
them with every profile) and a client per person."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from karmayogi.domain import people_index
from karmayogi.platform import db
from tests import factories
from tests.conftest import ApiClient
from tests.discussion.conftest import resources  # noqa: F401 - the table-only fixture, shared by both hubs

Person = dict[str, Any]


def index(profile: Person) -> None:
    with db.table().batch_writer() as batch:
        for item in people_index.person_token_items(profile):
            batch.put_item(Item=item)


@pytest.fixture
def person(resources) -> Callable[..., Person]:  # noqa: F811
    """`person(name, org_id=, designation_id=, competencies=[...])`: a user with a profile, its index
    items and a competency profile."""
    factories.seed_directory()

    def make(name: str, *roles: str, org_id: str = "dopt", designation_id: str = "section-officer",
             competencies: list[str] | None = None) -> Person:
        extra = {}
        if competencies is not None:
            extra["competencyProfile"] = {
                "roles": [], "interests": [], "desiredCompetencies": [],
                "competencies": [{"competencyId": c, "level": 3} for c in competencies],
            }
        profile = factories.create_user(*roles, org_id=org_id, designation_id=designation_id, name=name,
                                        extra=extra)
        index(profile)
        return profile

    return make


def client(user: Person) -> ApiClient:
    return ApiClient(user["claims"])


def connect(a: Person, b: Person) -> str:
    """An established connection between a and b, through the API."""
    requested = client(a).post("/connections", {"userId": b["userId"]})
    assert requested.status == 201, requested.json()
    connection_id = str(requested.json()["connectionId"])
    assert client(b).post(f"/connections/{connection_id}/accept").status == 200
    return connection_id
