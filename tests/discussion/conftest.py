"""Fixtures of the discussion hub's tests: a moderator, an author, a member, an outsider and an open
community they belong to (the outsider does not)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from boto3.dynamodb.conditions import Key
from moto import mock_aws

from infra import definitions
from karmayogi.platform import clock, db, keys
from local import aws
from tests import factories
from tests.conftest import ApiClient


@pytest.fixture
def resources() -> Iterator[aws.LocalResources]:
    """The discussion and network hubs use only the table: a fresh moto with just the table (same
    definition as the stack, same atomic writes as the shared fixture) saves the ~1.5 s the shared
    fixture spends creating a Cognito pool (RSA keys) for every test."""
    with mock_aws():
        aws.make_dynamodb_writes_atomic()
        client = boto3.client("dynamodb", region_name=aws.REGION)
        client.create_table(**definitions.create_table_request(aws.STAGE))
        provisioned = aws.LocalResources(table_name=definitions.table_name(aws.STAGE), user_pool_id="",
                                         user_pool_client_id="", schedule_group_name=definitions.schedule_group_name(aws.STAGE),
                                         email_sender="no-reply@karmayogi.gov.in")
        aws.configure_environment(provisioned)
        clock.reset()
        yield provisioned
        clock.reset()


@dataclass
class World:
    moderator: dict[str, Any]
    author: dict[str, Any]
    member: dict[str, Any]
    outsider: dict[str, Any]
    community_id: str

    def client(self, user: dict[str, Any]) -> ApiClient:
        return ApiClient(user["claims"])

    def topic(self, user: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
        body = {"title": "How do you run e-Office?", "body": "Tips welcome", "tags": [], **fields}
        response = self.client(user or self.author).post(f"/communities/{self.community_id}/topics", body)
        assert response.status == 201, response.json()
        return dict(response.json())

    def reply(self, topic_id: str, user: dict[str, Any] | None = None, body: str = "A reply") -> dict[str, Any]:
        response = self.client(user or self.member).post(f"/topics/{topic_id}/replies", {"body": body})
        assert response.status == 201, response.json()
        return dict(response.json())


def make_community(moderator: dict[str, Any], name: str = "e-Office Practitioners",
                   visibility: str = "open") -> str:
    response = ApiClient(moderator["claims"]).post(
        "/communities", {"name": name, "description": "Tips and questions", "visibility": visibility})
    assert response.status == 201, response.json()
    return str(response.json()["id"])


def join(user: dict[str, Any], community_id: str) -> None:
    response = ApiClient(user["claims"]).post(f"/communities/{community_id}/join")
    assert response.status == 200, response.json()


def notifications_of(user_id: str) -> list[dict[str, Any]]:
    """The in-app notifications stored for a user (read from the table: the listing is another hub's)."""
    return db.query_all(Key("PK").eq(keys.user_pk(user_id)) & Key("SK").begins_with("NOTIF#"))


@pytest.fixture
def world(resources: Any) -> World:
    moderator = factories.create_user("COMMUNITY_MODERATOR", name="Ananya Das", org_id="mof")
    author = factories.create_user(name="Priya Sharma")
    member = factories.create_user(name="Arjun Nair")
    outsider = factories.create_user(name="Kavita Reddy")
    community_id = make_community(moderator)
    join(author, community_id)
    join(member, community_id)
    return World(moderator, author, member, outsider, community_id)
