"""Seed the role ladders (local/seed/data/career.py CAREER_PATHS, as managed career paths: `seed_paths`, which a
stage's bootstrap loads too) and a couple of openings that stay open for a few months of the dev clock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from functions.career import repository, repository_ladders
from karmayogi.platform import clock
from local.seed.data.career import CAREER_PATHS
from local.seed.data.competencies import COMPETENCIES_BY_ID
from local.seed.data.designations import DESIGNATIONS

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


def ladders() -> list[dict[str, Any]]:
    """The role ladders of CAREER_PATHS as managed career paths (an SPV admin can edit them): each chain of
    steps, in the order listed, from a designation up as far as the steps go; a step starts a new path when
    its designation's own chain has gone another way (two steps out of one designation)."""
    names = {d.id: d.name for d in DESIGNATIONS}
    unused = list(CAREER_PATHS)
    found: list[dict[str, Any]] = []
    now = clock.now_iso()
    while unused:
        first = unused.pop(0)
        rungs = [{"designationId": first.from_role, "requiredCompetencies": []}, _rung(first.to_role, first)]
        while (step := next((p for p in unused if p.from_role == rungs[-1]["designationId"]), None)) is not None:
            unused.remove(step)
            rungs.append(_rung(step.to_role, step))
        top, bottom = rungs[-1]["designationId"], rungs[0]["designationId"]
        found.append({"id": f"seed-{bottom}-{top}", "title": f"{names.get(bottom, bottom)} to {names.get(top, top)}",
                      "rungs": rungs, "version": 1, "createdBy": "seed", "createdAt": now, "updatedAt": now})
    return found


def _rung(designation_id: str, step: Any) -> dict[str, Any]:
    return {"designationId": designation_id,
            "requiredCompetencies": [{"competencyId": c, "level": level} for c, level in step.required_competencies]}


def seed_paths() -> int:
    """The role ladders, as managed career paths with their steps (the dev server and a stage's bootstrap)."""
    found = ladders()
    repository_ladders.put_ladders(found)
    return len(found)


def seed() -> None:
    seed_paths()
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
