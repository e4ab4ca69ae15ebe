"""Designation requirements: the competencies (and levels) each designation of an org requires, set one
designation at a time or loaded from CSV."""

from __future__ import annotations

import csv
import re
from typing import Any

from functions.competency import access, repository
from functions.competency.models import (
    ID_PATTERN,
    MAX_REQUIREMENTS,
    MAX_UPLOAD_ROWS,
    DesignationRequirements,
    Requirement,
    RequirementChange,
    RequirementsPut,
    UploadError,
    UploadErrorCode,
    UploadResult,
)
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import bad_request, not_found, stale_version
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.observability import logger


def _requirements_out(item: dict[str, Any], names: dict[str, dict[str, Any]]) -> DesignationRequirements:
    requirements = sorted((item.get("requirements") or {}).items())
    return DesignationRequirements(
        org_id=item["orgId"],
        designation_id=item["designationId"],
        designation=(names.get(item["designationId"]) or {}).get("name"),
        requirements=[Requirement(competency_id=c, level=int(level)) for c, level in requirements],
        version=int(item["version"]),
        updated_at=item.get("updatedAt"),
    )


def list_requirements(caller: Caller, org_id: str, limit: int,
                      page_cursor: str | None) -> PageOf[DesignationRequirements]:
    access.require_org_member(caller, org_id)
    page = repository.list_requirements(org_id, limit, page_cursor)
    names = repository.get_designations(item["designationId"] for item in page.items)
    return PageOf[DesignationRequirements](items=[_requirements_out(item, names) for item in page.items],
                                           next_cursor=page.next_cursor)


def _check_competencies(org_id: str, competency_ids: list[str]) -> dict[str, dict[str, Any]]:
    found = repository.get_competencies(competency_ids)
    unknown = [c for c in competency_ids if c not in found or not access.visible_to_org(found[c], org_id)]
    if unknown:
        raise bad_request("UNKNOWN_COMPETENCY", "Some competencies do not exist",
                          [{"field": "competencyId", "message": f"unknown competency {c}"} for c in unknown])
    return found


def put_requirements(caller: Caller, org_id: str, designation_id: str,
                     body: RequirementsPut) -> DesignationRequirements:
    access.require_org_admin(caller, org_id)
    designations = repository.get_designations([designation_id])
    if designation_id not in designations:
        raise not_found("The designation")
    _check_competencies(org_id, [r.competency_id for r in body.requirements])
    version = 1 if body.version is None else body.version + 1
    item = repository.requirements_item(org_id, designation_id,
                                        {r.competency_id: r.level for r in body.requirements}, version,
                                        caller.user_id)
    try:
        saved = repository.save_requirements(item, body.version)
    except ConditionFailed as failed:
        if failed.reason == "missing":
            raise not_found("The designation's competency mapping") from failed
        raise stale_version() from failed  # "exists" or "stale": changed since the client read it
    return _requirements_out(saved, designations)


CSV_HEADER = ["designationid", "competencyid", "level"]


def upload_requirements(caller: Caller, org_id: str, text: str, dry_run: bool = False) -> UploadResult:
    """Load `designationId,competencyId,level` rows: every bad row is reported with its line number and
    the reason; the good ones are loaded (each sets one requirement of a designation). With `dry_run`
    nothing is written: the answer says what loading would change."""
    access.require_org_admin(caller, org_id)
    rows: list[tuple[int, list[str]]] = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = next(csv.reader([line]), [])
        if line_number == 1 and [c.strip().lower() for c in cells] == CSV_HEADER:
            continue
        rows.append((line_number, [c.strip() for c in cells]))
    if len(rows) > MAX_UPLOAD_ROWS:
        raise bad_request("TOO_MANY_ROWS", f"An upload may have at most {MAX_UPLOAD_ROWS} rows; it has {len(rows)}")
    if not rows:
        raise bad_request("EMPTY_UPLOAD", "The CSV has no rows")

    errors: list[UploadError] = []
    parsed: list[tuple[int, str, str, int]] = []
    id_pattern = re.compile(ID_PATTERN)
    for line_number, cells in rows:
        if len(cells) != 3:
            errors.append(UploadError(line=line_number, code="COLUMNS", reason=f"expected 3 columns, found {len(cells)}"))
            continue
        designation_id, competency_id, level_text = cells
        if not id_pattern.match(designation_id):
            errors.append(UploadError(line=line_number, code="BAD_DESIGNATION_ID", reason="designationId is missing or malformed"))
        elif not id_pattern.match(competency_id):
            errors.append(UploadError(line=line_number, code="BAD_COMPETENCY_ID", reason="competencyId is missing or malformed"))
        elif not level_text.isdigit() or not 1 <= int(level_text) <= 5:
            errors.append(UploadError(line=line_number, code="BAD_LEVEL",
                                      reason=f"level must be a whole number 1-5, got '{level_text[:20]}'"))
        else:
            parsed.append((line_number, designation_id, competency_id, int(level_text)))

    designations = repository.get_designations(d for _, d, _, _ in parsed)
    competencies = repository.get_competencies(c for _, _, c, _ in parsed)
    seen: dict[tuple[str, str], int] = {}
    good: dict[str, dict[str, int]] = {}
    lines_of: dict[str, list[int]] = {}
    for line_number, designation_id, competency_id, level in parsed:
        if designation_id not in designations:
            errors.append(UploadError(line=line_number, code="UNKNOWN_DESIGNATION", reason=f"unknown designation {designation_id}"))
        elif competency_id not in competencies or not access.visible_to_org(competencies[competency_id], org_id):
            errors.append(UploadError(line=line_number, code="UNKNOWN_COMPETENCY", reason=f"unknown competency {competency_id}"))
        elif (designation_id, competency_id) in seen:
            errors.append(UploadError(line=line_number, code="DUPLICATE", reason=(
                f"duplicate of line {seen[(designation_id, competency_id)]}")))
        else:
            seen[(designation_id, competency_id)] = line_number
            good.setdefault(designation_id, {})[competency_id] = level
            lines_of.setdefault(designation_id, []).append(line_number)

    current = repository.get_requirements_of(org_id, good)
    diff = _changes(good, current, designations, seen)
    if dry_run:
        errors.sort(key=lambda e: e.line)
        return UploadResult(loaded=sum(len(c) for c in good.values()), errors=errors, changes=diff, dry_run=True)
    loaded = 0
    for designation_id, changes in good.items():
        outcome = _merge_requirements(caller, org_id, designation_id, changes)
        if outcome is None:
            loaded += len(changes)
        else:
            errors.extend(UploadError(line=n, code=outcome[0], reason=outcome[1]) for n in lines_of[designation_id])
    errors.sort(key=lambda e: e.line)
    failed = {e.line for e in errors}
    logger.info("requirements uploaded", extra={"orgId": org_id, "loaded": loaded, "errors": len(errors)})
    return UploadResult(loaded=loaded, errors=errors, changes=[c for c in diff if c.line not in failed])


def _changes(good: dict[str, dict[str, int]], current: dict[str, dict[str, Any]],
             designations: dict[str, dict[str, Any]], lines: dict[tuple[str, str], int]) -> list[RequirementChange]:
    """The requirements the good rows change (a row that sets the level already required changes nothing),
    in the order of their lines."""
    diff = []
    for designation_id, rows in good.items():
        before = (current.get(designation_id) or {}).get("requirements") or {}
        for competency_id, level in rows.items():
            was = int(before[competency_id]) if competency_id in before else None
            if was != level:
                diff.append(RequirementChange(
                    line=lines[(designation_id, competency_id)], designation_id=designation_id,
                    designation=(designations.get(designation_id) or {}).get("name"), competency_id=competency_id,
                    before=was, after=level))
    return sorted(diff, key=lambda c: c.line)


def _merge_requirements(caller: Caller, org_id: str, designation_id: str,
                        changes: dict[str, int]) -> tuple[UploadErrorCode, str] | None:
    """Merge rows into a designation's mapping (re-read and retry on a concurrent change). None when
    loaded, else the code and reason the rows were not."""
    for _ in range(3):
        current = repository.get_requirements(org_id, designation_id, consistent=True)
        merged = {**((current or {}).get("requirements") or {}), **changes}
        if len(merged) > MAX_REQUIREMENTS:
            return "TOO_MANY_REQUIREMENTS", f"the designation would require more than {MAX_REQUIREMENTS} competencies"
        version = int(current["version"]) if current else None
        item = repository.requirements_item(org_id, designation_id, merged, (version or 0) + 1, caller.user_id)
        try:
            repository.save_requirements(item, version)
            return None
        except ConditionFailed:
            continue  # changed (or created, or removed) meanwhile: read again
    return "KEPT_CHANGING", "the designation's mapping kept changing; retry"
