"""Our own stack (karmayogi.platform.api.make_resolver + lambda_entry: Powertools with validation, the platform's
error mapping, logging context and metrics) serving ONLY the two routes the peers serve — to tell the
framework's cost from the cost of a hub that carries 25 routes (functions/learning/handler.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from functions.learning import courses
from functions.learning.models import Course, CourseSummary
from karmayogi.platform.api import caller, lambda_entry, make_resolver
from karmayogi.platform.models import DEFAULT_LIMIT, MAX_LIMIT, PageOf

app = make_resolver()


@app.get("/courses")
def list_courses(
    q: Annotated[str | None, Query(max_length=100)] = None,
    competency_id: Annotated[str | None, Query(alias="competencyId", max_length=64)] = None,
    mine: Annotated[bool, Query()] = False,
    status: Annotated[Literal["Review"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> PageOf[CourseSummary]:
    return courses.list_courses(caller(app), q, competency_id, mine, status, limit, cursor)


@app.get("/courses/<courseId>")
def get_course(course_id: Annotated[str, Path(alias="courseId", max_length=64)]) -> Course:
    return courses.get_course(caller(app), course_id)


handler = lambda_entry(app)
