"""GET /courses and GET /courses/{courseId} as FastAPI + Mangum, the most common Python Lambda API stack.

The routes call exactly what functions/learning/handler.py calls for them (courses.list_courses and
courses.get_course, over functions/learning/repository/); the caller comes from the same authorizer
claims, errors are the same AppError bodies. Validation is FastAPI's (Query/Path constraints and the
response model), like Powertools' `enable_validation` in our resolver.

Two variants, as FastAPI users write them: `handler` with plain `def` routes (FastAPI runs each in its
thread pool: a thread hop per request) and `async_handler` with `async def` routes calling the same code
directly on the event loop (a Lambda container serves one request at a time, so blocking it costs
nothing). Each is built on first access (`from bench.peers.fastapi_app import async_handler` builds only
that one), so a cold start pays for its own variant alone."""

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


def _error(error: AppError) -> JSONResponse:
    return JSONResponse(status_code=error.status, content=error.body(), headers=error.headers())


def _app_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, AppError)
    return _error(error)


def _invalid(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    details = [{"field": ".".join(str(p) for p in e.get("loc", ())[1:]) or "body", "message": str(e.get("msg"))}
               for e in error.errors()]
    return _error(AppError(400, "VALIDATION_ERROR", "The request is not valid", details))


def _caller(request: Request) -> Caller:
    event: dict[str, Any] = request.scope["aws.event"]
    return caller_from_event(event)


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


def get_course(request: Request, course_id: Annotated[str, Path(alias="courseId", max_length=64)]) -> Any:
    return courses.get_course(_caller(request), course_id)


async def list_courses_async(
    request: Request,
    q: Annotated[str | None, Query(max_length=100)] = None,
    competency_id: Annotated[str | None, Query(alias="competencyId", max_length=64)] = None,
    mine: bool = False,
    status: Literal["Review"] | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> Any:
    return list_courses(request, q, competency_id, mine, status, limit, cursor)


async def get_course_async(request: Request, course_id: Annotated[str, Path(alias="courseId", max_length=64)]) -> Any:
    return get_course(request, course_id)


def build(asynchronous: bool = False) -> FastAPI:
    """The app with `def` routes, or with `async def` routes."""
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    listing, one = (list_courses_async, get_course_async) if asynchronous else (list_courses, get_course)
    app.add_api_route("/courses", listing, methods=["GET"], response_model=PageOf[CourseSummary])
    app.add_api_route("/courses/{courseId}", one, methods=["GET"], response_model=Course)
    return app


_VARIANTS = {"app": False, "async_app": True}
_HANDLERS = {"handler": "app", "async_handler": "async_app"}


def __getattr__(name: str) -> Any:
    """`app`/`handler` (def routes) and `async_app`/`async_handler` (async def routes), each built once."""
    if name in _VARIANTS:
        globals()[name] = built = build(_VARIANTS[name])
        return built
    if name in _HANDLERS:
        globals()[name] = made = Mangum(__getattr__(_HANDLERS[name]), lifespan="off")
        return made
    raise AttributeError(name)

