"""The network hub end to end over HTTP against the seeded dev server: search, a public profile without
contact details, recommendations from the seeded connections, a request answered."""

from __future__ import annotations

from typing import Any

import pytest

from local.seed.data.accounts import DEMO_ACCOUNTS_BY_USERNAME

pytestmark = pytest.mark.e2e

PRIYA = "priya.sharma@mha.gov.in"
KAVITA = "kavita.reddy@istm.gov.in"
VIKRAM = "vikram.singh@istm.gov.in"


@pytest.fixture(scope="module")
def session(dev_server: Any) -> Any:
    tokens = {u: dev_server.login(u, DEMO_ACCOUNTS_BY_USERNAME[u].password) for u in (PRIYA, KAVITA, VIKRAM)}

    def call(who: str, method: str, path: str, body: Any = None) -> Any:
        return dev_server.request(method, path, body, token=tokens[who])

    return call


def test_search_profile_and_recommendations(session):
    found = session(PRIYA, "GET", "/people?q=sun").json()["items"]
    sunita = next(p for p in found if p["name"] == "Sunita Verma")
    profile = session(PRIYA, "GET", f"/people/{sunita['userId']}")
    assert profile.status == 200
    assert profile.json()["relationship"] == "ESTABLISHED"
    assert b"sunita.verma@mha.gov.in" not in profile.body and b"9800000004" not in profile.body
    recommended = session(PRIYA, "GET", "/people/recommended").json()["items"]
    rajesh = next(p for p in recommended if p["name"] == "Rajesh Kumar")
    assert "MUTUAL_CONNECTIONS" in rajesh["reasons"]
    assert all(p["name"] not in ("Priya Sharma", "Sunita Verma", "Arjun Nair") for p in recommended)


def test_request_and_accept_over_http(session):
    kavita = session(VIKRAM, "GET", "/people?q=kavita").json()["items"][0]
    requested = session(VIKRAM, "POST", "/connections", {"userId": kavita["userId"]})
    assert requested.status == 201
    connection_id = requested.json()["connectionId"]
    assert session(VIKRAM, "POST", f"/connections/{connection_id}/accept").status == 403
    received = session(KAVITA, "GET", "/connections?status=received").json()["items"]
    assert [c["connectionId"] for c in received] == [connection_id]
    assert session(KAVITA, "POST", f"/connections/{connection_id}/accept").json()["status"] == "ESTABLISHED"
    assert session(VIKRAM, "POST", "/connections", {"userId": kavita["userId"]}).status == 409
