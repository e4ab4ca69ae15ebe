"""Seed the competency framework and, for every seeded org, the competencies each designation requires
(local/seed/data: COMPETENCIES, DESIGNATION_REQUIREMENTS, ORGS).

One item per (org, designation) with its requirements as a map: 149 orgs x 25 designations = 3,725
small items (keys, entityType, the map and a version) in BatchWriteItem requests of 25: 1.2-2 s on the
in-process moto of the dev server (measured on a loaded 2-CPU machine)."""

from __future__ import annotations

from dataclasses import asdict

from functions.competency import repository
from local.seed.data.career import DESIGNATION_REQUIREMENTS
from local.seed.data.competencies import COMPETENCIES
from local.seed.data.orgs import ORGS

SEED_TIME = "2026-01-01T00:00:00+00:00"


def framework() -> list[dict[str, object]]:
    return [
        {
            "id": c.id,
            "name": c.name,
            "area": c.area,
            "description": c.description,
            "levels": [asdict(level) for level in c.levels],
            "ownerOrgId": None,
            "version": 1,
            "createdAt": SEED_TIME,
            "updatedAt": SEED_TIME,
        }
        for c in COMPETENCIES
    ]


def seed() -> None:
    repository.put_competencies(framework())
    repository.put_requirements_batch(
        repository.requirements_item(org.id, designation_id, dict(requirements), 1, stamped=False)
        for org in ORGS for designation_id, requirements in DESIGNATION_REQUIREMENTS.items()
    )
