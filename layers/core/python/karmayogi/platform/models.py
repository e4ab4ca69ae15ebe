"""Base models: camelCase on the wire, snake_case in Python, unknown fields refused."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class CamelModel(BaseModel):
    """A response or item model: camelCase JSON.

    Validators are built on first use, not at import (`defer_build`): a request uses one or two of a hub's
    models, and building all of them at import was a measurable share of the cold start."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, defer_build=True)


class RequestModel(CamelModel):
    """A request body: camelCase JSON, unknown fields are a 400, strings are trimmed."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        str_strip_whitespace=True,
        defer_build=True,
    )


T = TypeVar("T")


class PageOf(CamelModel, Generic[T]):
    """A page of a list: `{"items": [...], "nextCursor": "..." | null}` (API.md "Lists")."""

    items: list[T]
    next_cursor: str | None = None


DEFAULT_LIMIT = 20
MAX_LIMIT = 100
LimitField = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class ErrorDetail(CamelModel):
    field: str | None = None
    message: str | None = None
    reason: str | None = Field(
        default=None, description="Stable, snake_case: why the field is refused (e.g. missing, string_too_short, "
        "mobile_format, before_start), for a client's own translated message")
    limit: int | float | str | None = Field(default=None, description="The bound a too short/long/small/large value missed")


class ErrorInfo(CamelModel):
    code: str = Field(description="SNAKE_CASE, stable: what a client switches on")
    message: str = Field(description="Human text (English, or Hindi where the client asked for it)")
    details: list[ErrorDetail] | dict[str, object] | None = Field(
        default=None, description="For 400 VALIDATION_ERROR: the fields at fault")


class ErrorBody(CamelModel):
    """Every 4xx/5xx body (API.md "Conventions")."""

    error: ErrorInfo
