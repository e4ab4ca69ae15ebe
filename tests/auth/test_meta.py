"""GET /openapi.json from the auth function (API Gateway routes it there in AWS)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_openapi_document_is_served(api):
    response = api.get("/openapi.json")
    assert response.status == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert {"/auth/register", "/me", "/orgs/{orgId}/users"} <= set(document["paths"])


def test_the_auth_function_asset_carries_the_committed_document():
    """API Gateway sends GET /openapi.json to the auth function, whose asset holds functions/auth and
    docs/openapi.json (infra/constructs/hub_function.asset_excludes)."""
    from functions.auth import meta
    from infra.constructs.hub_function import asset_excludes

    assert meta.OPENAPI_FILE == ROOT / "docs" / "openapi.json"
    excludes = asset_excludes("auth")
    assert "!docs/openapi.json" in excludes
    assert "!docs/openapi.json" not in asset_excludes("learning")
