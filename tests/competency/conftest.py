"""Fixtures of the competency hub's tests: one moto per module with a fresh table per test, the
directory, a small framework and one user per role that the permission matrix needs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from local import aws
from tests.competency import support
from tests.competency.support import World


@pytest.fixture(scope="module")
def platform() -> Iterator[aws.LocalResources]:
    yield from support.module_platform()


@pytest.fixture
def resources(platform: aws.LocalResources) -> Iterator[aws.LocalResources]:
    """A fresh, empty table for each test (see support.module_platform)."""
    yield from support.fresh_table(platform)


@pytest.fixture
def world(resources: Any) -> World:
    return support.make_world()
