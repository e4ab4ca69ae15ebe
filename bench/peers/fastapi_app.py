"""GET /courses and GET /courses/{courseId} as FastAPI + Mangum, the most common Python Lambda API stack.

The routes call exactly what functions/learning/handler.py calls for them (courses.list_courses and
courses.get_course, over functions/learning/repository/); the caller comes from the same authorizer
claims, errors are the same AppError bodies. Validation is FastAPI's (Query/Path constraints and the
response model), like Powertools' `enable_validation` in our resolver."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from mangum import Mangum

from functions.learning import courses
from functions.learning.models import Course, CourseSummary
from karmayogi.platform.errors import AppError
from karmayogi.platform.identity import Caller, caller_from_event
from karmayogi.platform.models import DEFAULT_LIMIT, MAX_LIMIT, PageOf

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


def _error(error: AppError) -> JSONResponse:
    return JSONResponse(status_code=error.status, content=error.body(), headers=error.headers())


@app.exception_handler(AppError)
def _app_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, AppError)
    return _error(error)


@app.exception_handler(RequestValidationError)
def _invalid(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    details = [{"field": ".".join(str(p) for p in e.get("loc", ())[1:]) or "body", "message": str(e.get("msg"))}
               for e in error.errors()]
    return _error(AppError(400, "VALIDATION_ERROR", "The request is not valid", details))


def _caller(request: Request) -> Caller:
    event: dict[str, Any] = request.scope["aws.event"]
    return caller_from_event(event)


@app.get("/courses", response_model=PageOf[CourseSummary])
def list_courses(
    request: Request,
    q: Annotated[str | None, Query(max_length=100)] = None,
    competency_id: Annotated[str | None, Query(alias="competencyId", max_length=64)] = None,
    mine: bool = False,
    status: Literal["Review"] | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> Any:
    return courses.list_courses(_caller(request), q, competency_id, mine, status, limit, cursor)


@app.get("/courses/{courseId}", response_model=Course)
def get_course(request: Request, course_id: Annotated[str, Path(alias="courseId", max_length=64)]) -> Any:
    return courses.get_course(_caller(request), course_id)


handler = Mangum(app, lifespan="off")

__all__ = ["app", "handler"]
