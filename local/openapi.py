"""The platform's OpenAPI document, merged from every hub's resolver, and the Swagger UI page."""

from __future__ import annotations

import importlib
import json
from functools import cache
from importlib import resources as package_files
from typing import Any

from aws_lambda_powertools.event_handler.openapi.merge import OpenAPIMerge

from infra.route_table import HUBS, ROUTES

TITLE = "Karmayogi API"
VERSION = "1.0.0"


@cache
def _merged() -> dict[str, Any]:
    merge = OpenAPIMerge(
        title=TITLE,
        version=VERSION,
        description="HTTP API of the Karmayogi platform (contract v1). Bearer: the Cognito access token.",
        on_conflict="error",
    )
    for hub in HUBS:
        module = importlib.import_module(f"functions.{hub}.handler")
        app = getattr(module, "app", None)
        if app is not None:
            merge.add_schema(json.loads(app.get_openapi_json_schema()))
    document = merge.get_openapi_schema()
    document.setdefault("components", {})["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    }
    public = {(r.method.lower(), r.path) for r in ROUTES if r.public}
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            if isinstance(operation, dict) and (method, path) not in public:
                operation["security"] = [{"bearer": []}]
    return document


def document(server_url: str | None = None) -> dict[str, Any]:
    merged = json.loads(json.dumps(_merged()))
    if server_url:
        merged["servers"] = [{"url": server_url}]
    return merged


def swagger_html() -> str:
    return """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Karmayogi API</title>
<link rel="stylesheet" href="/docs/swagger-ui.min.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.min.js"></script>
<script>SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", persistAuthorization: true});</script>
</body></html>"""


def swagger_asset(name: str) -> tuple[str, bytes] | None:
    """Swagger UI's script and style, shipped inside Powertools (nothing is fetched from a CDN)."""
    types = {"swagger-ui-bundle.min.js": "application/javascript", "swagger-ui.min.css": "text/css"}
    if name not in types:
        return None
    folder = package_files.files("aws_lambda_powertools.event_handler.openapi.swagger_ui")
    return types[name], folder.joinpath(name).read_bytes()


def main() -> None:
    """Write docs/openapi.json (`make openapi`)."""
    from pathlib import Path

    # The committed contract; the auth function's asset carries it and serves it at GET /openapi.json.
    target = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"
    target.write_text(json.dumps(document(), indent=2, ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
