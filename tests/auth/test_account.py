"""A signed-in user changes their password (POST /me/password, Cognito's ChangePassword with their own
access token): the current one is checked, a weak or unchanged new one refused, and afterwards only the new
one logs in."""

from __future__ import annotations

from typing import Any

import pytest

from tests import factories
from tests.auth import support
from tests.auth.support import PASSWORD
from tests.auth.test_sessions import user_client

NEW = "N3w@Karmayogi2026"


@pytest.fixture
def account(resources, api):
    factories.seed_directory()
    return support.register_account(api)


def code_of(response: Any) -> tuple[int, str]:
    return response.status, response.json()["error"]["code"]


def test_a_user_changes_their_password(api, account):
    tokens = support.login(api, account["email"])
    me = user_client(tokens, Authorization=f"Bearer {tokens['accessToken']}")
    assert code_of(me.post("/me/password", {"currentPassword": "Wrong@Passw0rd", "newPassword": NEW})) == \
        (400, "CURRENT_PASSWORD_WRONG")
    assert code_of(me.post("/me/password", {"currentPassword": PASSWORD, "newPassword": "short"})) == \
        (400, "WEAK_PASSWORD")
    assert code_of(me.post("/me/password", {"currentPassword": PASSWORD, "newPassword": PASSWORD})) == \
        (400, "SAME_PASSWORD")
    assert me.post("/me/password", {"currentPassword": PASSWORD}).status == 400
    assert api.post("/auth/login", {"username": account["email"], "password": PASSWORD}).status == 200

    changed = me.post("/me/password", {"currentPassword": PASSWORD, "newPassword": NEW})
    assert changed.status == 204, changed.body
    assert api.post("/auth/login", {"username": account["email"], "password": PASSWORD}).status == 401
    assert api.post("/auth/login", {"username": account["email"], "password": NEW}).status == 200


def test_changing_the_password_needs_the_access_token_itself(api, account):
    tokens = support.login(api, account["email"])
    claims_only = user_client(tokens)
    assert code_of(claims_only.post("/me/password", {"currentPassword": PASSWORD, "newPassword": NEW})) == \
        (401, "UNAUTHORIZED")
    assert api.post("/me/password", {"currentPassword": PASSWORD, "newPassword": NEW}).status == 401
