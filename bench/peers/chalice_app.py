"""GET /courses and GET /courses/{courseId} as AWS Chalice with pydantic validation of the query and path
(Chalice validates nothing itself).

Same courses service and repository code as functions/learning/handler.py (courses.list_courses and
courses.get_course), the same claims and the same AppError bodies."""

from __future__ import annotations

import json
from typing import Any, Literal

from chalice import Chalice, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from functions.learning import courses
from karmayogi.platform.errors import AppError
from karmayogi.platform.identity import caller_from_claims
from karmayogi.platform.models import DEFAULT_LIMIT, MAX_LIMIT

app = Chalice(app_name="karmayogi-peer")


class ListQuery(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    q: str | None = Field(default=None, max_length=100)
    competency_id: str | None = Field(default=None, alias="competencyId", max_length=64)
    mine: bool = False
    status: Literal["Review"] | None = None
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(default=None, max_length=2048)


class CoursePath(BaseModel):
    course_id: str = Field(alias="courseId", min_length=1, max_length=64)


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(body=json.dumps(body, ensure_ascii=False), status_code=status,
                    headers={"Content-Type": "application/json", **(headers or {})})


def _guard(route: Any) -> Any:
    """AppError → its body; pydantic ValidationError → 400 VALIDATION_ERROR with the fields."""

    def run(*args: Any, **kwargs: Any) -> Response:
        try:
            return route(*args, **kwargs)
        except AppError as error:
            return _json(error.status, error.body(), error.headers())
        except ValidationError as error:
            details = [{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in error.errors()]
            invalid = AppError(400, "VALIDATION_ERROR", "The request is not valid", details)
            return _json(400, invalid.body())

    run.__name__ = route.__name__
    return run


def _request() -> Any:
    request = app.current_request
    assert request is not None  # Chalice sets it for every invocation
    return request


def _claims() -> Any:
    context = _request().context or {}
    return (context.get("authorizer") or {}).get("claims")


@app.route("/courses", methods=["GET"])
@_guard
def list_courses() -> Response:
    query = ListQuery.model_validate(_request().query_params or {})
    caller = caller_from_claims(_claims())
    page = courses.list_courses(caller, query.q, query.competency_id, query.mine, query.status, query.limit,
                                query.cursor)
    return _json(200, page.model_dump(mode="json", by_alias=True))


@app.route("/courses/{courseId}", methods=["GET"])
@_guard
def get_course(courseId: str) -> Response:  # Chalice passes the path parameter by name
    path = CoursePath.model_validate({"courseId": courseId})
    caller = caller_from_claims(_claims())
    return _json(200, courses.get_course(caller, path.course_id).model_dump(mode="json", by_alias=True))


handler = app
