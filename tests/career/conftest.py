"""Fixtures of the career hub's tests: the competency hub's fast platform and people, plus a small
role ladder."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from functions.career import repository
from local import aws
from tests.competency import support
from tests.competency.support import World

LADDER = [
    ("assistant-section-officer", "section-officer",
     [("c-noting-drafting", 3), ("c-e-office", 3), ("c-team-work", 2), ("c-rti-handling", 2)]),
    ("section-officer", "under-secretary", [("c-noting-drafting", 4), ("c-integrity", 3)]),
]


@pytest.fixture(scope="module")
def platform() -> Iterator[aws.LocalResources]:
    yield from support.module_platform()


@pytest.fixture
def resources(platform: aws.LocalResources) -> Iterator[aws.LocalResources]:
    yield from support.fresh_table(platform)


@pytest.fixture
def world(resources: Any) -> World:
    made = support.make_world()
    repository.put_career_paths(
        repository.career_path_item(a, b, [{"competencyId": c, "level": level} for c, level in reqs])
        for a, b, reqs in LADDER)
    return made
