"""SnapStart on the API hubs: snapshots of published versions, a `live` alias per hub that API Gateway
invokes (with the one invoke permission), and the other entry points left as they are."""

from __future__ import annotations

import pytest

from infra.route_table import HUBS, ROUTES

from .helpers import function_logical_ids, integration_target, methods_by_route

pytestmark = pytest.mark.infra


def _aliases(dev) -> dict[str, dict]:
    """Function logical id → its AWS::Lambda::Alias properties."""
    return {a["Properties"]["FunctionName"]["Ref"]: a["Properties"] for a in dev.resources("AWS::Lambda::Alias").values()}


def test_hub_functions_snapshot_their_published_versions(dev):
    functions = dev.resources("AWS::Lambda::Function")
    ids = function_logical_ids(dev.template_json, "dev")
    for name, logical_id in ids.items():
        snap_start = functions[logical_id]["Properties"].get("SnapStart")
        if name in HUBS:
            assert snap_start == {"ApplyOn": "PublishedVersions"}, name
        else:  # the workflow task and the reminder target are not behind the API
            assert snap_start is None, name


def test_each_hub_has_a_live_alias_on_a_published_version(dev):
    ids = function_logical_ids(dev.template_json, "dev")
    aliases = _aliases(dev)
    versions = dev.resources("AWS::Lambda::Version")
    assert set(aliases) == {ids[hub] for hub in HUBS}
    for hub in HUBS:
        alias = aliases[ids[hub]]
        assert alias["Name"] == "live"
        version_id = alias["FunctionVersion"]["Fn::GetAtt"][0]
        assert versions[version_id]["Properties"]["FunctionName"] == {"Ref": ids[hub]}
        # replaced versions (and their billed snapshots) are deleted, not kept forever
        assert versions[version_id]["DeletionPolicy"] == "Delete"


def test_api_gateway_invokes_the_alias_with_one_permission_each(dev):
    alias_ids = {
        logical_id: a["Properties"]["FunctionName"]["Ref"] for logical_id, a in dev.resources("AWS::Lambda::Alias").items()
    }
    methods = methods_by_route(dev.template_json)
    for route in ROUTES:
        (method,) = methods[(route.method, route.path)]
        target = integration_target(method)
        assert set(target) == {"Ref"} and target["Ref"] in alias_ids, f"{route.method} {route.path} skips the alias"
    permitted = [
        p["Properties"]["FunctionName"]
        for p in dev.resources("AWS::Lambda::Permission").values()
        if p["Properties"]["Principal"] == "apigateway.amazonaws.com"
    ]
    assert sorted(f["Ref"] for f in permitted) == sorted(alias_ids)
