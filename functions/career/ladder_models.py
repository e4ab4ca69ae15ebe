"""Request and response models of the managed career paths (SPV_ADMIN): a ladder is a title and ordered
rungs (designations); each rung after the first names the competencies (and levels) needed to step up to
it. Its steps are the role-ladder rungs `GET /career/paths` and readiness read."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, field_validator

from functions.career.models import (
    CamelModel,
    Id,
    OpeningRequirementIn,
    RequestModel,
    RoleRequirement,
    each_competency_once,
)

MAX_RUNGS = 15
MAX_REQUIREMENTS = 30

Title = Annotated[str, Field(min_length=3, max_length=200)]


class RungIn(RequestModel):
    designation_id: Id
    required_competencies: Annotated[list[OpeningRequirementIn], Field(max_length=MAX_REQUIREMENTS),
                                     AfterValidator(each_competency_once)] = Field(
        default=[], description="What stepping up to this rung takes (the first rung, where the ladder starts: none)")


def _rungs(value: list[RungIn] | None) -> list[RungIn] | None:
    if value is None:
        return None
    ids = [r.designation_id for r in value]
    if len(set(ids)) != len(ids):
        raise ValueError("a designation is a rung once")
    if value[0].required_competencies:
        raise ValueError("the first rung is where the ladder starts: it requires nothing")
    return value


Rungs = Annotated[list[RungIn], Field(min_length=2, max_length=MAX_RUNGS)]


class CareerLadderCreate(RequestModel):
    title: Title
    rungs: Rungs

    _valid_rungs = field_validator("rungs")(_rungs)


class CareerLadderUpdate(RequestModel):
    title: Title | None = None
    rungs: Rungs | None = None
    version: Annotated[int, Field(ge=1)] | None = None

    _valid_rungs = field_validator("rungs")(_rungs)


class Rung(CamelModel):
    designation_id: str
    designation_name: str | None = None
    required_competencies: list[RoleRequirement]


class CareerLadder(CamelModel):
    id: str
    title: str
    rungs: list[Rung]
    version: int
    created_by: str
    created_at: str
    updated_at: str
