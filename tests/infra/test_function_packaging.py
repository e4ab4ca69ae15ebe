"""A hub's Lambda package holds only `functions/__init__.py` and `functions/<hub>/**`
(infra/constructs/hub_function.py's `asset_excludes`); the layers add `karmayogi` and the runtime dependencies.
A module of a hub that imports anything else of the repository (infra, local, another hub) passes every local
test, where the whole repository is on the path, and fails in AWS with an import error on its first call."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from infra.constructs.hub_function import asset_excludes
from infra.constructs.layers import REPO_ROOT
from infra.route_table import ROUTES

REPOSITORY_ONLY = {"infra", "local", "tests", "scripts", "bench", "analytics", "web", "docs"}
HUBS = sorted({route.hub for route in ROUTES} | {p.name for p in (REPO_ROOT / "functions").iterdir()
                                                  if p.is_dir() and (p / "__init__.py").exists()})


def imported_modules(source: Path) -> list[tuple[int, str]]:
    tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def packaged_folders(hub: str) -> set[str]:
    """The repository's top-level folders a hub's asset re-includes (e.g. the competency hub's `analytics`)."""
    return {pattern[1:] for pattern in asset_excludes(hub) if pattern.startswith("!") and "/" not in pattern}


def outside_the_package(hub: str, module: str) -> bool:
    top, _, rest = module.partition(".")
    if top in REPOSITORY_ONLY - packaged_folders(hub):
        return True
    return top == "functions" and bool(rest) and rest.split(".")[0] != hub


@pytest.mark.parametrize("hub", HUBS)
def test_a_hub_imports_only_what_its_package_and_layers_hold(hub):
    offenders = [
        f"{path.relative_to(REPO_ROOT)}:{line} imports {module}"
        for path in sorted((REPO_ROOT / "functions" / hub).rglob("*.py"))
        for line, module in imported_modules(path)
        if outside_the_package(hub, module)
    ]
    assert offenders == []


def test_the_check_sees_a_forbidden_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from infra.definitions import X\nimport functions.events.rules\nfrom functions.learning import cdn\n")
    assert [m for _, m in imported_modules(module) if outside_the_package("learning", m)] == [
        "infra.definitions", "functions.events.rules"]


def test_the_core_layer_imports_no_hub_and_nothing_of_the_repository():
    layer = REPO_ROOT / "layers" / "core" / "python"
    offenders = [
        f"{path.relative_to(REPO_ROOT)}:{line} imports {module}"
        for path in sorted(layer.rglob("*.py"))
        for line, module in imported_modules(path)
        if module.partition(".")[0] in REPOSITORY_ONLY | {"functions"}
    ]
    assert offenders == []
