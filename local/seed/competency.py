"""Seed the competency framework and, for every seeded org, the competencies each designation requires
(local/seed/data: COMPETENCIES, DESIGNATION_REQUIREMENTS, ORGS).

One item per (org, designation) with its requirements as a map: ~150 orgs x ~25 designations ≈ 3,600
small items in batches of 25, about a second on the in-process moto."""

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
    items = []
    for org in ORGS:
        for designation_id, requirements in DESIGNATION_REQUIREMENTS.items():
            item = repository.requirements_item(org.id, designation_id, dict(requirements), 1)
            item["updatedAt"] = SEED_TIME
            items.append(item)
    repository.put_requirements_batch(items)
