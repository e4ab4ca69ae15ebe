"""GET /openapi.json from the auth function (API Gateway routes it there in AWS)."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_openapi_document_is_served(api):
    response = api.get("/openapi.json")
    assert response.status == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert {"/auth/register", "/me", "/orgs/{orgId}/users"} <= set(document["paths"])


def test_the_packaged_copy_is_the_committed_document():
    committed, packaged = ROOT / "docs" / "openapi.json", ROOT / "functions" / "auth" / "openapi.json"
    if committed.exists():
        assert packaged.exists(), "run `make openapi` (it writes both files)"
        assert json.loads(packaged.read_text()) == json.loads(committed.read_text()), "run `make openapi`"
