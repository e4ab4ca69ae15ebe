"""Fixtures of the competency hub's tests: the directory, a small framework and one user per role that
the permission matrix needs (learner, other-org admin, own-org admin, SPV)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from karmayogi import passbook
from local import aws
from tests import factories
from tests.competency import support


@dataclass
class World:
    learner: dict[str, Any]
    colleague: dict[str, Any]
    admin: dict[str, Any]
    other_admin: dict[str, Any]
    other_learner: dict[str, Any]
    spv: dict[str, Any]
    leader: dict[str, Any]


def joined(*roles: str, org_id: str = "dopt", designation_id: str = "section-officer") -> dict[str, Any]:
    """A user whose profile exists and who counts in the org's gap counters (as registration does)."""
    user = factories.create_user(*roles, org_id=org_id, designation_id=designation_id)
    passbook.user_joined(user["userId"], org_id, designation_id)
    return user


@pytest.fixture(scope="module")
def platform() -> Iterator[aws.LocalResources]:
    yield from support.module_platform()


@pytest.fixture
def resources(platform: aws.LocalResources) -> Iterator[aws.LocalResources]:
    """A fresh, empty table for each test (see support.module_platform)."""
    yield from support.fresh_table(platform)


@pytest.fixture
def world(resources: Any) -> World:
    factories.seed_directory()
    support.seed_framework()
    return World(
        learner=joined(),
        colleague=joined(),
        admin=joined("MDO_ADMIN", designation_id="under-secretary"),
        other_admin=joined("MDO_ADMIN", org_id="mof", designation_id="under-secretary"),
        other_learner=joined(org_id="mof"),
        spv=joined("SPV_ADMIN", org_id="mopp", designation_id="under-secretary"),
        leader=joined("MDO_LEADER", designation_id="under-secretary"),
    )
