"""Managed career paths (issue 18 item 4): SPV admins add and edit ladders — a title and ordered rungs
(designations), each rung after the first with the competencies (framework ones) and levels that stepping
up to it takes. The ladder's steps are the rungs `GET /career/paths` and readiness read; a step belongs to
one ladder. Other containers see a change within the reference cache's TTL (karmayogi.domain.refcache)."""

from __future__ import annotations

from typing import Any

from functions.career import repository, repository_ladders
from functions.career.ladder_models import CareerLadder, CareerLadderCreate, CareerLadderUpdate, Rung, RungIn
from functions.career.models import RoleRequirement
from karmayogi.platform import clock, db, keys
from karmayogi.platform.errors import AppError, bad_request, conflict, not_found, stale_version
from karmayogi.platform.identity import Caller
from karmayogi.platform.observability import logger
from karmayogi.platform.roles import SPV_ADMIN


def _rungs(rungs: list[RungIn]) -> list[dict[str, Any]]:
    """The rungs as stored, after checking that every designation and competency exists."""
    designation_ids = [r.designation_id for r in rungs]
    competency_ids = {c.competency_id for r in rungs for c in r.required_competencies}
    designations, competencies = repository.get_designations_and_competencies(designation_ids, competency_ids)
    unknown = [d for d in designation_ids if d not in designations]
    if unknown:
        raise bad_request("UNKNOWN_DESIGNATION", "There is no such designation",
                          [{"field": "rungs", "designationIds": unknown}])
    missing = sorted(competency_ids - set(competencies))
    if missing:
        raise bad_request("UNKNOWN_COMPETENCY", "The framework has no such competency",
                          [{"field": "rungs", "competencyIds": missing}])
    return [{"designationId": r.designation_id,
             "requiredCompetencies": [{"competencyId": c.competency_id, "level": c.level}
                                      for c in r.required_competencies]} for r in rungs]


def _refused(failed: db.ConditionFailed) -> AppError:
    if failed.reason.startswith(repository_ladders.STEP_PREFIX):
        from_role, _, to_role = failed.reason.removeprefix(repository_ladders.STEP_PREFIX).partition(":")
        return conflict("CAREER_STEP_TAKEN", "Another career path has this step already",
                        [{"field": "rungs", "fromRole": from_role, "toRole": to_role}])
    return stale_version()


def ladder_out(item: db.Item) -> CareerLadder:
    rungs = item["rungs"]
    designations, competencies = repository.get_designations_and_competencies(
        [r["designationId"] for r in rungs], {c["competencyId"] for r in rungs for c in r["requiredCompetencies"]})
    return CareerLadder(
        id=item["id"], title=item["title"], version=int(item["version"]), created_by=item["createdBy"],
        created_at=item["createdAt"], updated_at=item["updatedAt"],
        rungs=[Rung(designation_id=r["designationId"],
                    designation_name=(designations.get(r["designationId"]) or {}).get("name"),
                    required_competencies=[RoleRequirement(
                        competency_id=c["competencyId"], level=int(c["level"]),
                        name=(competencies.get(c["competencyId"]) or {}).get("name"))
                        for c in r["requiredCompetencies"]]) for r in rungs])


def get_ladder(path_id: str) -> CareerLadder:
    item = repository_ladders.get_ladder(path_id)
    if item is None:
        raise not_found("The career path")
    return ladder_out(item)


def create_ladder(caller: Caller, body: CareerLadderCreate) -> CareerLadder:
    caller.require_role(SPV_ADMIN)
    now = clock.now_iso()
    ladder = {"id": keys.new_id(), "title": body.title, "rungs": _rungs(body.rungs), "version": 1,
              "createdBy": caller.user_id, "createdAt": now, "updatedAt": now}
    try:
        item = repository_ladders.save_ladder(ladder, None)
    except db.ConditionFailed as failed:
        raise _refused(failed) from failed
    logger.info("career path created", extra={"pathId": ladder["id"], "by": caller.user_id})
    return ladder_out(item)


def update_ladder(caller: Caller, path_id: str, body: CareerLadderUpdate) -> CareerLadder:
    caller.require_role(SPV_ADMIN)
    current = repository_ladders.get_ladder(path_id)
    if current is None:
        raise not_found("The career path")
    if body.version is not None and body.version != int(current["version"]):
        raise stale_version()
    ladder = {**{k: v for k, v in current.items() if not k.startswith("GSI") and k not in ("PK", "SK", "entityType")},
              "title": body.title if body.title is not None else current["title"],
              "rungs": _rungs(body.rungs) if body.rungs is not None else current["rungs"],
              "version": int(current["version"]) + 1, "updatedAt": clock.now_iso(), "updatedBy": caller.user_id}
    try:
        item = repository_ladders.save_ladder(ladder, current)
    except db.ConditionFailed as failed:
        raise _refused(failed) from failed
    logger.info("career path updated", extra={"pathId": path_id, "by": caller.user_id})
    return ladder_out(item)
