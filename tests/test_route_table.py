"""The route table is the one truth for API Gateway and the dev server: every hub's resolver serves
exactly its rows (the OpenAPI document: tests/test_openapi_conformance.py)."""

from __future__ import annotations

import importlib
import json

import pytest

from infra import route_table
from infra.route_table import HUBS, ROUTES


def resolver_routes(hub: str) -> set[tuple[str, str]]:
    app = importlib.import_module(f"functions.{hub}.handler").app
    schema = app.get_openapi_schema().model_dump(by_alias=True, exclude_none=True)
    return {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}


@pytest.mark.parametrize("hub", HUBS)
def test_each_hub_serves_exactly_its_rows(hub):
    expected = {(r.method, r.path) for r in ROUTES if r.hub == hub}
    served = resolver_routes(hub)
    assert served - expected == set(), f"{hub} serves routes missing from infra/route_table.py"
    assert expected - served == set(), f"infra/route_table.py lists routes {hub} does not serve"


def test_routes_are_unique_and_parameters_consistent():
    seen = set()
    by_position: dict[tuple[str, ...], str] = {}
    for route in ROUTES:
        assert (route.method, route.path) not in seen
        seen.add((route.method, route.path))
        segments = route.path.strip("/").split("/")
        for depth, segment in enumerate(segments):
            if segment.startswith("{"):
                parent = tuple(segments[:depth])
                assert by_position.setdefault(parent, segment) == segment, (
                    f"API Gateway needs one parameter name under /{'/'.join(parent)}: "
                    f"{by_position[parent]} vs {segment}"
                )


def test_literal_segments_win_over_parameters():
    found = route_table.match("GET", "/people/recommended")
    assert found and found[0].path == "/people/recommended"
    found = route_table.match("GET", "/people/u-1")
    assert found and found[0].path == "/people/{userId}" and found[1] == {"userId": "u-1"}
    assert route_table.match("GET", "/nowhere") is None



def test_no_two_hubs_define_one_schema_name_differently():
    """The merged OpenAPI document keeps one schema per name: two hubs' different models with one name
    would silently describe one of them wrongly."""
    seen: dict[str, tuple[str, object]] = {}
    for hub in HUBS:
        app = importlib.import_module(f"functions.{hub}.handler").app
        schemas = json.loads(app.get_openapi_json_schema()).get("components", {}).get("schemas", {})
        for name, schema in schemas.items():
            first_hub, first = seen.setdefault(name, (hub, schema))
            assert first == schema, f"schema {name} differs between {first_hub} and {hub}"
