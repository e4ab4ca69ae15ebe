"""The platform's OpenAPI document, served by the auth hub (GET /openapi.json)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

OPENAPI_FILE = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


@cache
def _packaged_openapi() -> dict[str, Any] | None:
    if not OPENAPI_FILE.exists():
        return None
    document: dict[str, Any] = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    return document


def openapi_document(app: Any) -> dict[str, Any]:
    """The platform's whole OpenAPI document: docs/openapi.json (`make openapi`), which the auth function's
    asset carries beside functions/auth (infra/constructs/hub_function.py); without it, the auth hub's own
    routes are described."""
    packaged = _packaged_openapi()
    if packaged is not None:
        return packaged
    own: dict[str, Any] = app.get_openapi_schema().model_dump(by_alias=True, exclude_none=True, mode="json")
    return own
