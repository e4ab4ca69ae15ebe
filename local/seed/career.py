"""Seed the role ladders (local/seed/data/career.py CAREER_PATHS) and a couple of openings that stay
open for a few months of the dev clock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from functions.career import repository
from karmayogi.platform import clock
from local.seed.data.career import CAREER_PATHS
from local.seed.data.competencies import COMPETENCIES_BY_ID

OPENINGS: tuple[dict[str, Any], ...] = (
    {
        "id": "opening-dopt-us-training",
        "orgId": "dopt",
        "title": "Under Secretary (Training Division), deputation",
        "description": "The Training Division of DoPT invites applications from Section Officers and Under "
                       "Secretaries for a post of Under Secretary on deputation, to coordinate the annual "
                       "capacity building plans of ministries with the Capacity Building Commission.",
        "location": "North Block, New Delhi",
        "requiredCompetencies": (("c-noting-drafting", 4), ("c-decision-making", 3), ("c-service-matters", 3)),
        "createdBy": "seed",
    },
    {
        "id": "opening-mha-so-disaster",
        "orgId": "mha",
        "title": "Section Officer, Disaster Management Division",
        "description": "The Disaster Management Division of the Ministry of Home Affairs seeks a Section "
                       "Officer to handle relief coordination files and liaison with NDMA and the states.",
        "location": "NDCC-II Building, New Delhi",
        "requiredCompetencies": (("c-noting-drafting", 3), ("c-disaster-management", 2), ("c-e-office", 3)),
        "createdBy": "seed",
    },
)


def seed() -> None:
    repository.put_career_paths(
        repository.career_path_item(p.from_role, p.to_role,
                                    [{"competencyId": c, "level": level} for c, level in p.required_competencies])
        for p in CAREER_PATHS
    )
    now = clock.now()
    closing = now + timedelta(days=120)
    repository.put_openings(
        {
            **opening,
            "requiredCompetencies": [{"competencyId": c, "level": level, "name": COMPETENCIES_BY_ID[c].name}
                                     for c, level in opening["requiredCompetencies"]],
            "closingDate": closing.date().isoformat(),
            "closingAt": clock.to_iso(clock.parse_deadline(closing.date().isoformat())),
            "status": "OPEN",
            "createdAt": clock.to_iso(now),
        }
        for opening in OPENINGS
    )
