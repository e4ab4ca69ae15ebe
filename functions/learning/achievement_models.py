"""Response and request models of the learning hub's assessments (quiz attempts), certificates and karma
(the course, enrolment and progress models they build on are in models.py)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, field_validator

from functions.learning.models import ID_PATTERN, CompetencyLevel, EnrolmentStatus, Id, QuestionKind
from karmayogi.platform.models import CamelModel, RequestModel

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


# ---- assessments ------------------------------------------------------------------------------------------

class QuizOptionOut(CamelModel):
    id: str
    text: str


class QuestionOut(CamelModel):
    """A question as learners see it: never with its answer."""

    id: str
    text: str
    kind: QuestionKind
    options: list[QuizOptionOut]


class AssessmentOut(CamelModel):
    course_id: str
    content_id: str
    title: str
    pass_percent: int
    max_attempts: int
    attempts_used: int
    best_score_percent: int | None = None
    passed: bool
    questions: list[QuestionOut]


class AttemptIn(RequestModel):
    answers: dict[Annotated[str, Field(pattern=ID_PATTERN)], list[Id]] = Field(max_length=50)

    @field_validator("answers")
    @classmethod
    def _bounded(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for options in value.values():
            if len(options) > 10:
                raise ValueError("at most 10 options per answer")
        return value


class AttemptOut(CamelModel):
    attempt: int
    score_percent: int
    passed: bool
    best_score_percent: int
    pass_percent: int
    attempts_used: int
    attempts_remaining: int
    completion_percentage: int
    enrolment_status: EnrolmentStatus


# ---- certificates and karma -------------------------------------------------------------------------------

class Certificate(CamelModel):
    id: str
    learner_name: str
    course_id: str
    course_title: str
    issued_at: str
    competencies: list[CompetencyLevel] = Field(default_factory=list)
    kind: Literal["course", "event"] = Field("course", description="course: a completion; event: attendance "
                                             "(courseId and courseTitle are then the event's)")


class KarmaEntry(CamelModel):
    reason: str
    context_id: str
    points: int
    note: str = ""
    created_at: str


class Karma(CamelModel):
    total: int
    ledger: list[KarmaEntry]
    next_cursor: str | None = None


class LeaderboardEntry(CamelModel):
    rank: int
    user_id: str
    name: str
    designation: str | None = None
    points: int


class Leaderboard(CamelModel):
    org_id: str
    month: str
    items: list[LeaderboardEntry]


def valid_month(value: str) -> bool:
    return bool(MONTH.match(value))
