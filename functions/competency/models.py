"""Request, response and item models of the competency hub: the framework, designation requirements,
the passbook, gaps (the learner's and the org's) and competency building plans."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, field_validator, model_validator
from pydantic.alias_generators import to_camel

from karmayogi.platform import clock
from karmayogi.platform import models as base


class CamelModel(base.CamelModel):
    # Schemas are built on first use, not at import: a cold start builds only what its request needs.
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, defer_build=True)


class RequestModel(base.RequestModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid",
                              str_strip_whitespace=True, defer_build=True)

Area = Literal["behavioural", "functional", "domain"]
AREAS: tuple[str, ...] = ("behavioural", "functional", "domain")
LEVEL_NAMES: tuple[str, ...] = ("Basic", "Developing", "Proficient", "Advanced", "Expert")
Source = Literal["self", "course", "assessment"]
PlanStatus = Literal["DRAFT", "LIVE", "RETIRED"]

# Ids of competencies, designations, courses and users: letters, digits and - _ . (no separators of keys).
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Level = Annotated[int, Field(ge=1, le=5)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]



def _check_due(value: str) -> str:
    clock.parse_deadline(value)
    return value.strip()


DueDate = Annotated[str, StringConstraints(max_length=40), AfterValidator(_check_due)]


def _unique(values: list[str], what: str) -> list[str]:
    if len(set(values)) != len(values):
        raise ValueError(f"{what} must not repeat")
    return values


# ---- framework ------------------------------------------------------------------------------------------

class LevelDescription(CamelModel):
    level: int
    name: str
    description: str


class Competency(CamelModel):
    id: str
    name: str
    name_hi: str | None = Field(default=None, description="The name in Hindi, when there is one (a client shows it in the Hindi UI)")
    area: Area
    description: str
    levels: list[LevelDescription]
    owner_org_id: str | None = None
    version: int = 1


class LevelIn(RequestModel):
    level: Level
    name: Annotated[str, StringConstraints(min_length=1, max_length=40)] | None = None
    description: Text


def _five_levels(levels: list[LevelIn] | None) -> list[LevelIn] | None:
    if levels is None:
        return None
    if sorted(level.level for level in levels) != [1, 2, 3, 4, 5]:
        raise ValueError("exactly five levels, 1 to 5, each once")
    return sorted(levels, key=lambda level: level.level)


Levels = Annotated[list[LevelIn], Field(min_length=5, max_length=5), AfterValidator(_five_levels)]
Name = Annotated[str, StringConstraints(min_length=2, max_length=120)]


class CompetencyCreate(RequestModel):
    name: Name
    name_hi: Name | None = None
    area: Area
    description: Text
    levels: Levels


class CompetencyUpdate(RequestModel):
    version: Annotated[int, Field(ge=1)]
    name: Name | None = None
    name_hi: Name | None = None
    description: Text | None = None
    levels: Annotated[list[LevelIn], Field(min_length=5, max_length=5), AfterValidator(_five_levels)] | None = None


# ---- designation requirements ---------------------------------------------------------------------------

class Requirement(CamelModel):
    competency_id: str
    level: int


class RequirementIn(RequestModel):
    competency_id: Id
    level: Level


MAX_REQUIREMENTS = 50


class RequirementsPut(RequestModel):
    requirements: Annotated[list[RequirementIn], Field(max_length=MAX_REQUIREMENTS)]
    version: Annotated[int, Field(ge=1)] | None = Field(
        default=None, description="The current version; omit only to create the designation's first mapping")

    @field_validator("requirements")
    @classmethod
    def _distinct(cls, value: list[RequirementIn]) -> list[RequirementIn]:
        _unique([r.competency_id for r in value], "competencyId")
        return value


class DesignationRequirements(CamelModel):
    org_id: str
    designation_id: str
    designation: str | None = None
    requirements: list[Requirement]
    version: int
    updated_at: str | None = None


MAX_UPLOAD_ROWS = 1000


class RequirementsUpload(RequestModel):
    """A CSV text, one requirement per line: `designationId,competencyId,level` (an optional first
    header line with exactly these names is skipped; blank lines are ignored). At most 1,000 rows.
    Each row sets (adds or changes) the level a designation requires of a competency; the designation's
    other requirements stay."""

    csv: Annotated[str, StringConstraints(max_length=60_000)] = Field(
        description="designationId,competencyId,level lines", examples=["so,c-noting-drafting,3\nso,c-e-office,2"])


UploadErrorCode = Literal["COLUMNS", "BAD_DESIGNATION_ID", "BAD_COMPETENCY_ID", "BAD_LEVEL", "UNKNOWN_DESIGNATION",
                         "UNKNOWN_COMPETENCY", "DUPLICATE", "TOO_MANY_REQUIREMENTS", "KEPT_CHANGING"]


class UploadError(CamelModel):
    """A row not loaded: its line, a code for clients to translate, and the reason in English."""

    line: int
    code: UploadErrorCode
    reason: str


class RequirementChange(CamelModel):
    """One requirement an upload sets: `before` is the level the designation required until now (null:
    not required), `after` the uploaded level."""

    line: int
    designation_id: str
    designation: str | None = None
    competency_id: str
    before: int | None
    after: int


class UploadResult(CamelModel):
    loaded: int = Field(description="Rows loaded (with `dryRun`: rows that would be loaded)")
    errors: list[UploadError]
    changes: list[RequirementChange] = Field(
        default=[], description="What the good rows change, unchanged rows left out (with `dryRun`: would change)")
    dry_run: bool = False


# ---- passbook and gaps ----------------------------------------------------------------------------------

class PassbookEntryOut(CamelModel):
    level: int
    source: Source
    source_id: str
    acquired_at: str


class PassbookCompetency(CamelModel):
    """One competency of the passbook: the highest level and the entry that shows it (flat fields, as
    in the contract), with every entry (history), newest first."""

    competency_id: str
    name: str | None = None
    area: str | None = None
    level: int
    source: Source
    source_id: str
    acquired_at: str
    entries: list[PassbookEntryOut]


class RecommendedCourse(CamelModel):
    id: str
    title: str
    duration_minutes: int | None = None
    level: int = Field(description="The level of the competency the course builds")


class Gap(CamelModel):
    """A competency the learner lacks: one the designation requires, one the learner declared they want
    (`desiredCompetencies` of `PUT /me/competency-profile`), or both. `requiredLevel` is the higher of
    the two levels (`designationLevel`, `desiredLevel`; a side that does not ask for it is null)."""

    competency_id: str
    name: str | None = None
    required_level: int = Field(description="The level to reach: the higher of designationLevel and desiredLevel")
    current_level: int
    designation_level: int | None = Field(default=None, description="What the designation requires, if anything")
    desired_level: int | None = Field(default=None, description="What the learner declared they want, if anything")
    recommended_courses: list[RecommendedCourse]


class MyGaps(CamelModel):
    """The learner's gaps against their designation's requirements and their own desired competencies,
    the largest shortfall first."""

    org_id: str
    designation_id: str | None
    items: list[Gap]
    next_cursor: str | None = None


class OrgRequirementGap(CamelModel):
    competency_id: str
    name: str | None = None
    required_level: int
    officers: int
    meeting: int
    lacking: int


class OrgDesignationGaps(CamelModel):
    designation_id: str
    designation: str | None = None
    officers: int
    competencies: list[OrgRequirementGap]


# ---- competency building plans --------------------------------------------------------------------------

MAX_PLAN_USERS = 50
MAX_PLAN_DESIGNATIONS = 20
MAX_PLAN_COURSES = 20


class AssignTo(RequestModel):
    designations: Annotated[list[Id], Field(max_length=MAX_PLAN_DESIGNATIONS)] = []
    user_ids: Annotated[list[Id], Field(max_length=MAX_PLAN_USERS)] = []

    @model_validator(mode="after")
    def _distinct(self) -> AssignTo:
        _unique(self.designations, "designations")
        _unique(self.user_ids, "userIds")
        return self


CourseIds = Annotated[list[Id], Field(min_length=1, max_length=MAX_PLAN_COURSES)]
PlanName = Annotated[str, StringConstraints(min_length=2, max_length=200)]


class PlanCreate(RequestModel):
    name: PlanName
    course_ids: CourseIds
    assign_to: AssignTo
    due_date: DueDate = Field(description="YYYY-MM-DD (due at the end of that day, IST) or an ISO time")

    @field_validator("course_ids")
    @classmethod
    def _distinct_courses(cls, value: list[str]) -> list[str]:
        return _unique(value, "courseIds")


class PlanUpdate(RequestModel):
    version: Annotated[int, Field(ge=1)]
    name: PlanName | None = None
    course_ids: CourseIds | None = None
    assign_to: AssignTo | None = None
    due_date: DueDate | None = None

    @field_validator("course_ids")
    @classmethod
    def _distinct_courses(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _unique(value, "courseIds")


class PlanAction(RequestModel):
    version: Annotated[int, Field(ge=1)] | None = None


class AssignToOut(CamelModel):
    designations: list[str]
    user_ids: list[str]


class PlanLive(CamelModel):
    name: str
    course_ids: list[str]
    assign_to: AssignToOut
    due_date: str
    due_at: str
    published_at: str


class PlanFigures(CamelModel):
    """Completion figures of the published plan. `assignees`: named users outside the assigned
    designations (counted at publish) plus the current officers of the assigned designations.
    `startedUsers`/`completedUsers`: assignees with at least one / all plan courses completed, counted
    when they complete a plan course while the plan is live (earlier completions of theirs included).
    `courseCompletions`: plan courses so counted."""

    assignees: int
    started_users: int
    completed_users: int
    course_completions: int
    completion_percent: int


class Plan(CamelModel):
    id: str
    org_id: str
    name: str
    course_ids: list[str]
    assign_to: AssignToOut
    due_date: str
    due_at: str
    status: PlanStatus
    version: int
    created_at: str
    updated_at: str
    created_by: str | None = None
    live: PlanLive | None = None
    figures: PlanFigures | None = None


class MyPlan(CamelModel):
    plan_id: str
    org_id: str
    name: str
    course_ids: list[str]
    completed_course_ids: list[str]
    progress_percent: int
    due_date: str
    due_at: str


class MyPlans(CamelModel):
    upcoming: list[MyPlan]
    overdue: list[MyPlan]
    completed: list[MyPlan]


PlanProgressStatus = Literal["UPCOMING", "OVERDUE", "COMPLETED"]


class PlanAssigneeProgress(CamelModel):
    """One assignee of a plan (named, or an officer of an assigned designation) and how far they are:
    `completedCourses` of `totalCourses` plan courses done; `status` COMPLETED when all are, OVERDUE when
    the due time has passed, else UPCOMING (the groups of `GET /me/plans`)."""

    user_id: str
    name: str
    employee_id: str | None = None
    designation_id: str | None = None
    designation: str | None = None
    completed_course_ids: list[str]
    completed_courses: int
    total_courses: int
    progress_percent: int
    status: PlanProgressStatus
