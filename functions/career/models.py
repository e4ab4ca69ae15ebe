"""Request, response and item models of the career hub: role ladders, readiness, openings and
applications."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints
from pydantic.alias_generators import to_camel

from karmayogi.platform import clock
from karmayogi.platform import models as base


class CamelModel(base.CamelModel):
    # Schemas are built on first use, not at import: a cold start builds only what its request needs.
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, defer_build=True)


class RequestModel(base.RequestModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid",
                              str_strip_whitespace=True, defer_build=True)


ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Level = Annotated[int, Field(ge=1, le=5)]
ApplicationStatus = Literal["APPLIED", "SHORTLISTED", "SELECTED", "REJECTED"]


def _check_closing(value: str) -> str:
    clock.parse_deadline(value)
    return value.strip()


ClosingDate = Annotated[str, StringConstraints(max_length=40), AfterValidator(_check_closing)]


class OpeningRequirementIn(RequestModel):
    competency_id: Id
    level: Level


class RoleRequirement(CamelModel):
    competency_id: str
    name: str | None = None
    level: int


class CareerPath(CamelModel):
    from_role: str
    from_role_name: str | None = None
    to_role: str
    to_role_name: str | None = None
    required_competencies: list[RoleRequirement]
    path_id: str | None = Field(default=None, description="The managed career path (ladder) this step belongs to")
    path_title: str | None = None


class ReadinessGap(CamelModel):
    competency_id: str
    name: str | None = None
    required_level: int
    current_level: int


class ReadinessCourse(CamelModel):
    id: str
    title: str
    duration_minutes: int | None = None
    competency_id: str = Field(description="The gap the course closes")
    level: int


class Readiness(CamelModel):
    """`readinessPercent` = the mean, over the target role's required competencies, of
    min(currentLevel / requiredLevel, 1), times 100, rounded half up (100 when nothing is required).
    `basis` says where the requirements came from: a ladder rung into the target role ("path": the rung
    from the learner's designation when the ladder has one, else, when the org sets nothing for the target
    designation, another listed rung into it, named by `pathFromRole`) or the requirements the learner's
    org sets for the target designation ("designation")."""

    target_role: str
    target_role_name: str | None = None
    from_role: str | None = Field(default=None, description="The learner's designation")
    path_from_role: str | None = Field(default=None, description="With basis \"path\": the role the rung "
                                       "used starts from (the learner's designation, or another one)")
    basis: Literal["path", "designation"]
    readiness_percent: int
    requirements: list[ReadinessGap]
    gaps: list[ReadinessGap]
    recommended_courses: list[ReadinessCourse]


def each_competency_once(value: list[OpeningRequirementIn]) -> list[OpeningRequirementIn]:
    """Requirements (an opening's, a career path rung's) name each competency once."""
    ids = [r.competency_id for r in value]
    if len(set(ids)) != len(ids):
        raise ValueError("a competency is listed once")
    return value


class OpeningCreate(RequestModel):
    title: Annotated[str, StringConstraints(min_length=3, max_length=200)]
    description: Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
    location: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    closing_date: ClosingDate = Field(description="YYYY-MM-DD (closes at the end of that day, IST) or an ISO time")
    required_competencies: Annotated[list[OpeningRequirementIn], Field(max_length=30),
                                     AfterValidator(each_competency_once)] = []


class Opening(CamelModel):
    id: str
    org_id: str
    title: str
    description: str
    location: str
    closing_date: str
    closing_at: str
    required_competencies: list[RoleRequirement]
    status: Literal["OPEN", "CLOSED"]
    created_by: str
    created_at: str


class ApplicationReadiness(CamelModel):
    readiness_percent: int
    gaps: list[ReadinessGap]


class Application(CamelModel):
    id: str
    opening_id: str
    opening_title: str
    org_id: str
    user_id: str
    applicant_name: str | None = None
    applicant_designation: str | None = None
    status: ApplicationStatus
    applied_at: str
    updated_at: str
    version: int
    readiness: ApplicationReadiness | None = None


class StatusChange(RequestModel):
    status: Literal["SHORTLISTED", "SELECTED", "REJECTED"]
    version: Annotated[int, Field(ge=1)] | None = None
