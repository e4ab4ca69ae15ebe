"""The competency framework: listing and searching it, adding and editing competencies (SPV_ADMIN for the
platform's, an MDO_ADMIN for their org's domain competencies)."""

from __future__ import annotations

from typing import Any

from functions.competency import repository
from functions.competency.models import (
    LEVEL_NAMES,
    Competency,
    CompetencyCreate,
    CompetencyUpdate,
    LevelIn,
)
from karmayogi.domain import search
from karmayogi.platform import keys
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import bad_request, conflict, forbidden, not_found, stale_version
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.observability import logger
from karmayogi.platform.roles import MDO_ADMIN, SPV_ADMIN


def _competency(item: dict[str, Any]) -> Competency:
    return Competency.model_validate(item)


def _check_query(q: str) -> None:
    if len(q.strip()) < search.MIN_QUERY_LENGTH:
        raise bad_request("QUERY_TOO_SHORT", f"Search needs at least {search.MIN_QUERY_LENGTH} characters")


def _levels(levels: list[LevelIn]) -> list[dict[str, Any]]:
    return [{"level": level.level, "name": level.name or LEVEL_NAMES[level.level - 1],
             "description": level.description} for level in levels]


def list_competencies(area: str | None, q: str | None, limit: int, page_cursor: str | None) -> PageOf[Competency]:
    if q:
        _check_query(q)
        page = repository.search_competencies(q, limit, page_cursor)
        items = [item for item in page.items if area is None or item["area"] == area]
    else:
        page = repository.list_competencies(area, limit, page_cursor)
        items = page.items
    return PageOf[Competency](items=[_competency(item) for item in items], next_cursor=page.next_cursor)


def get_competency(competency_id: str) -> Competency:
    item = repository.get_competency(competency_id)
    if item is None:
        raise not_found("The competency")
    return _competency(item)


def create_competency(caller: Caller, body: CompetencyCreate) -> Competency:
    """SPV_ADMIN adds to the platform framework; an MDO_ADMIN adds domain competencies owned by their org."""
    if caller.is_spv_admin:
        owner = None
    elif caller.has_role(MDO_ADMIN):
        if body.area != "domain":
            raise forbidden("An MDO administrator may add only domain competencies")
        owner = caller.org_id
    else:
        raise forbidden("Only SPV administrators and MDO administrators may add competencies")
    try:
        item = repository.create_competency({
            "id": keys.new_id("c-"),
            "name": body.name,
            **({"nameHi": body.name_hi} if body.name_hi else {}),
            "area": body.area,
            "description": body.description,
            "levels": _levels(body.levels),
            "ownerOrgId": owner,
            "version": 1,
            "createdBy": caller.user_id,
        })
    except ConditionFailed as failed:
        raise conflict("ALREADY_EXISTS", "The competency exists already") from failed
    logger.info("competency created", extra={"competencyId": item["id"], "ownerOrgId": owner})
    return _competency(item)


def update_competency(caller: Caller, competency_id: str, body: CompetencyUpdate) -> Competency:
    if not caller.has_role(SPV_ADMIN, MDO_ADMIN):
        raise forbidden("Only SPV administrators and MDO administrators may edit competencies")
    current = repository.get_competency(competency_id)
    if current is None:
        raise not_found("The competency")
    if not caller.is_spv_admin and (current.get("ownerOrgId") is None or current["ownerOrgId"] != caller.org_id):
        raise forbidden("An MDO administrator may edit only their own organisation's domain competencies")
    if current["version"] != body.version:
        raise stale_version()
    changes: dict[str, Any] = {}
    if body.name is not None:
        changes["name"] = body.name
    if body.name_hi is not None:
        changes["nameHi"] = body.name_hi
    if body.description is not None:
        changes["description"] = body.description
    if body.levels is not None:
        changes["levels"] = _levels(body.levels)
    try:
        item = repository.update_competency(current, changes, body.version)
    except ConditionFailed as failed:  # changed by someone else since it was read
        raise stale_version() from failed
    return _competency(item)
