"""The competency hub's rules: the framework, designation requirements (and their CSV upload), the
passbook, the learner's and the org's competency gaps, and competency building plans.

Authorization is decided here from the caller's roles and org, deny by default."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from functions.competency import repository
from functions.competency.models import (
    ID_PATTERN,
    LEVEL_NAMES,
    MAX_REQUIREMENTS,
    MAX_UPLOAD_ROWS,
    AssignToOut,
    Competency,
    CompetencyCreate,
    CompetencyUpdate,
    DesignationRequirements,
    Gap,
    LevelIn,
    MyGaps,
    MyPlan,
    MyPlans,
    OrgDesignationGaps,
    OrgRequirementGap,
    PassbookCompetency,
    PassbookEntryOut,
    Plan,
    PlanAction,
    PlanCreate,
    PlanFigures,
    PlanLive,
    PlanUpdate,
    RecommendedCourse,
    Requirement,
    RequirementsPut,
    UploadError,
    UploadResult,
)
from karmayogi.domain import completions, notifications, passbook, search
from karmayogi.platform import clock, cursor, idempotency, keys
from karmayogi.platform.errors import AppError, bad_request, conflict, forbidden, not_found, stale_version
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.observability import logger
from karmayogi.platform.roles import MDO_ADMIN, MDO_LEADER, SPV_ADMIN

RECOMMENDATIONS_PER_GAP = 5
M = TypeVar("M", bound=BaseModel)


# ---- helpers --------------------------------------------------------------------------------------------

def _competency(item: dict[str, Any]) -> Competency:
    return Competency.model_validate(item)


def _require_org_admin(caller: Caller, org_id: str) -> None:
    """MDO_ADMIN of `org_id`, or SPV_ADMIN; then the org must exist."""
    caller.require_org_role(org_id, MDO_ADMIN)
    if repository.get_org(org_id) is None:
        raise not_found("The organisation")


def _require_org_reader(caller: Caller, org_id: str) -> None:
    """MDO_ADMIN or MDO_LEADER of `org_id` (the leader reads the org's gaps and plans), or SPV_ADMIN;
    then the org must exist."""
    caller.require_org_role(org_id, MDO_ADMIN, MDO_LEADER)
    if repository.get_org(org_id) is None:
        raise not_found("The organisation")


def _require_org_member(caller: Caller, org_id: str) -> None:
    """An officer of `org_id` (any role), or SPV_ADMIN."""
    if not caller.is_spv_admin and caller.org_id != org_id:
        raise forbidden("You can see only your own organisation's mappings")
    if repository.get_org(org_id) is None:
        raise not_found("The organisation")


def _visible_to_org(competency: dict[str, Any], org_id: str) -> bool:
    """Platform competencies serve every org; an org's own domain competencies serve only that org."""
    owner = competency.get("ownerOrgId")
    return owner is None or owner == org_id


def _check_query(q: str) -> None:
    if len(q.strip()) < search.MIN_QUERY_LENGTH:
        raise bad_request("QUERY_TOO_SHORT", f"Search needs at least {search.MIN_QUERY_LENGTH} characters")


def _levels(levels: list[LevelIn]) -> list[dict[str, Any]]:
    return [{"level": level.level, "name": level.name or LEVEL_NAMES[level.level - 1],
             "description": level.description} for level in levels]


# ---- framework ------------------------------------------------------------------------------------------

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


def _once(caller: Caller, route: str, key: str | None, model: type[M], create: Callable[[], M]) -> M:
    """Run a create at most once per Idempotency-Key (a retry returns the first result)."""
    _, body = idempotency.run_once(caller.user_id, route, key,
                                   lambda: (201, create().model_dump(mode="json", by_alias=True)))
    return model.model_validate(body)


def create_competency(caller: Caller, body: CompetencyCreate, idempotency_key: str | None = None) -> Competency:
    """SPV_ADMIN adds to the platform framework; an MDO_ADMIN adds domain competencies owned by their org."""
    if caller.is_spv_admin:
        owner = None
    elif caller.has_role(MDO_ADMIN):
        if body.area != "domain":
            raise forbidden("An MDO administrator may add only domain competencies")
        owner = caller.org_id
    else:
        raise forbidden("Only SPV administrators and MDO administrators may add competencies")
    return _once(caller, "POST /competencies", idempotency_key, Competency,
                 lambda: _add_competency(caller, body, owner))


def _add_competency(caller: Caller, body: CompetencyCreate, owner: str | None) -> Competency:
    item = repository.create_competency({
        "id": keys.new_id("c-"),
        "name": body.name,
        "area": body.area,
        "description": body.description,
        "levels": _levels(body.levels),
        "ownerOrgId": owner,
        "version": 1,
        "createdBy": caller.user_id,
    })
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
    if body.description is not None:
        changes["description"] = body.description
    if body.levels is not None:
        changes["levels"] = _levels(body.levels)
    item = repository.update_competency(current, changes, body.version)
    return _competency(item)


# ---- designation requirements ---------------------------------------------------------------------------

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
    _require_org_member(caller, org_id)
    page = repository.list_requirements(org_id, limit, page_cursor)
    names = repository.get_designations(item["designationId"] for item in page.items)
    return PageOf[DesignationRequirements](items=[_requirements_out(item, names) for item in page.items],
                                           next_cursor=page.next_cursor)


def _check_competencies(org_id: str, competency_ids: list[str]) -> dict[str, dict[str, Any]]:
    found = repository.get_competencies(competency_ids)
    unknown = [c for c in competency_ids if c not in found or not _visible_to_org(found[c], org_id)]
    if unknown:
        raise bad_request("UNKNOWN_COMPETENCY", "Some competencies do not exist",
                          [{"field": "competencyId", "message": f"unknown competency {c}"} for c in unknown])
    return found


def put_requirements(caller: Caller, org_id: str, designation_id: str,
                     body: RequirementsPut) -> DesignationRequirements:
    _require_org_admin(caller, org_id)
    designations = repository.get_designations([designation_id])
    if designation_id not in designations:
        raise not_found("The designation")
    _check_competencies(org_id, [r.competency_id for r in body.requirements])
    version = 1 if body.version is None else body.version + 1
    item = repository.requirements_item(org_id, designation_id,
                                        {r.competency_id: r.level for r in body.requirements}, version,
                                        caller.user_id)
    return _requirements_out(repository.save_requirements(item, body.version), designations)


CSV_HEADER = ["designationid", "competencyid", "level"]


def upload_requirements(caller: Caller, org_id: str, text: str) -> UploadResult:
    """Load `designationId,competencyId,level` rows: every bad row is reported with its line number and
    the reason; the good ones are loaded (each sets one requirement of a designation)."""
    _require_org_admin(caller, org_id)
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
            errors.append(UploadError(line=line_number, reason=f"expected 3 columns, found {len(cells)}"))
            continue
        designation_id, competency_id, level_text = cells
        if not id_pattern.match(designation_id):
            errors.append(UploadError(line=line_number, reason="designationId is missing or malformed"))
        elif not id_pattern.match(competency_id):
            errors.append(UploadError(line=line_number, reason="competencyId is missing or malformed"))
        elif not level_text.isdigit() or not 1 <= int(level_text) <= 5:
            errors.append(UploadError(line=line_number, reason=f"level must be a whole number 1-5, got '{level_text[:20]}'"))
        else:
            parsed.append((line_number, designation_id, competency_id, int(level_text)))

    designations = repository.get_designations(d for _, d, _, _ in parsed)
    competencies = repository.get_competencies(c for _, _, c, _ in parsed)
    seen: dict[tuple[str, str], int] = {}
    good: dict[str, dict[str, int]] = {}
    lines_of: dict[str, list[int]] = {}
    for line_number, designation_id, competency_id, level in parsed:
        if designation_id not in designations:
            errors.append(UploadError(line=line_number, reason=f"unknown designation {designation_id}"))
        elif competency_id not in competencies or not _visible_to_org(competencies[competency_id], org_id):
            errors.append(UploadError(line=line_number, reason=f"unknown competency {competency_id}"))
        elif (designation_id, competency_id) in seen:
            errors.append(UploadError(line=line_number, reason=(
                f"duplicate of line {seen[(designation_id, competency_id)]}")))
        else:
            seen[(designation_id, competency_id)] = line_number
            good.setdefault(designation_id, {})[competency_id] = level
            lines_of.setdefault(designation_id, []).append(line_number)

    loaded = 0
    for designation_id, changes in good.items():
        outcome = _merge_requirements(caller, org_id, designation_id, changes)
        if outcome is None:
            loaded += len(changes)
        else:
            errors.extend(UploadError(line=n, reason=outcome) for n in lines_of[designation_id])
    errors.sort(key=lambda e: e.line)
    logger.info("requirements uploaded", extra={"orgId": org_id, "loaded": loaded, "errors": len(errors)})
    return UploadResult(loaded=loaded, errors=errors)


def _merge_requirements(caller: Caller, org_id: str, designation_id: str, changes: dict[str, int]) -> str | None:
    """Merge rows into a designation's mapping (re-read and retry on a concurrent change). None when
    loaded, else the reason the rows were not."""
    for _ in range(3):
        current = repository.get_requirements(org_id, designation_id, consistent=True)
        merged = {**((current or {}).get("requirements") or {}), **changes}
        if len(merged) > MAX_REQUIREMENTS:
            return f"the designation would require more than {MAX_REQUIREMENTS} competencies"
        version = int(current["version"]) if current else None
        item = repository.requirements_item(org_id, designation_id, merged, (version or 0) + 1, caller.user_id)
        try:
            repository.save_requirements(item, version)
            return None
        except AppError as error:
            if error.code not in ("VERSION_CONFLICT", "NOT_FOUND"):
                raise
    return "the designation's mapping kept changing; retry"


# ---- passbook -------------------------------------------------------------------------------------------

def my_passbook(caller: Caller, limit: int, page_cursor: str | None) -> PageOf[PassbookCompetency]:
    """The passbook grouped by competency, in competency-id order, `limit` competencies a page."""
    scope = f"passbook:{caller.user_id}"
    after = str(cursor.decode(page_cursor, scope).get("after", "")) if page_cursor else ""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for entry in passbook.entries_of(caller.user_id):
        grouped.setdefault(entry["competencyId"], []).append(entry)
    ids = sorted(c for c in grouped if c > after)
    page_ids = ids[:limit]
    framework = repository.get_competencies(page_ids)
    items = []
    for competency_id in page_ids:
        entries = grouped[competency_id]
        winner = passbook.winning_entry(entries)
        history = sorted(entries, key=lambda e: (e["acquiredAt"], e["level"]), reverse=True)
        known = framework.get(competency_id) or {}
        items.append(PassbookCompetency(
            competency_id=competency_id,
            name=known.get("name"),
            area=known.get("area"),
            level=int(winner["level"]),
            source=winner["source"],
            source_id=winner["sourceId"],
            acquired_at=winner["acquiredAt"],
            entries=[PassbookEntryOut(level=int(e["level"]), source=e["source"], source_id=e["sourceId"],
                                      acquired_at=e["acquiredAt"]) for e in history],
        ))
    next_cursor = cursor.encode({"after": page_ids[-1]}, scope) if len(ids) > limit else None
    return PageOf[PassbookCompetency](items=items, next_cursor=next_cursor)


# ---- gaps -----------------------------------------------------------------------------------------------

def _desired(profile: dict[str, Any]) -> dict[str, int]:
    """The levels the learner declared they want (`desiredCompetencies` of their competency profile)."""
    declared = (profile.get("competencyProfile") or {}).get("desiredCompetencies") or []
    return {str(d["competencyId"]): int(d["level"]) for d in declared if d.get("competencyId") and d.get("level")}


def my_gaps(caller: Caller) -> MyGaps:
    """What the caller lacks of their designation's requirements and of the competencies they declared they
    want: per competency the higher of the two levels is the one to reach."""
    profile, levels = repository.learner(caller.user_id)
    if profile is None:
        raise forbidden("Your account has no profile yet", code="PROFILE_MISSING")
    org_id = str(profile["orgId"])
    designation_id = profile.get("designationId")
    requirement = repository.get_requirements(org_id, designation_id) if designation_id else None
    required = {c: int(level) for c, level in ((requirement or {}).get("requirements") or {}).items()}
    desired = _desired(profile)
    wanted = {c: max(required.get(c, 0), desired.get(c, 0)) for c in {*required, *desired}}
    gaps = passbook.shortfalls(levels, wanted)
    if not gaps:
        return MyGaps(org_id=org_id, designation_id=designation_id, items=[])
    names = repository.get_competencies(c for c, _, _ in gaps)
    recommended = completions.recommend_for(caller.user_id, {c: level for c, level, _ in gaps},
                                            RECOMMENDATIONS_PER_GAP)
    return MyGaps(org_id=org_id, designation_id=designation_id, items=[
        Gap(competency_id=c, name=(names.get(c) or {}).get("name"), required_level=level, current_level=current,
            designation_level=required.get(c), desired_level=desired.get(c),
            recommended_courses=[RecommendedCourse.model_validate(course) for course in recommended[c]])
        for c, level, current in gaps
    ])


def org_gaps(caller: Caller, org_id: str, limit: int, page_cursor: str | None) -> PageOf[OrgDesignationGaps]:
    """Per designation of the org with requirements: its officers and, per required competency, how many
    meet the level and how many lack it (from the incrementally kept counters; no user is read)."""
    _require_org_reader(caller, org_id)
    page = repository.list_requirements(org_id, limit, page_cursor)
    designation_ids = [item["designationId"] for item in page.items]
    counts = repository.gap_counts(org_id, designation_ids)
    names, competency_names = repository.get_designations_and_competencies(
        designation_ids, (c for item in page.items for c in (item.get("requirements") or {})))
    items = []
    for item in page.items:
        designation_id = item["designationId"]
        totals = counts.get(designation_id, {})
        officers = totals.get(passbook.OFFICERS, 0)
        rows = []
        for competency_id, required in sorted((item.get("requirements") or {}).items()):
            meeting = passbook.meeting(totals, competency_id, int(required))
            rows.append(OrgRequirementGap(competency_id=competency_id,
                                          name=(competency_names.get(competency_id) or {}).get("name"),
                                          required_level=int(required), officers=officers, meeting=meeting,
                                          lacking=max(0, officers - meeting)))
        items.append(OrgDesignationGaps(designation_id=designation_id,
                                        designation=(names.get(designation_id) or {}).get("name"),
                                        officers=officers, competencies=rows))
    return PageOf[OrgDesignationGaps](items=items, next_cursor=page.next_cursor)


# ---- competency building plans --------------------------------------------------------------------------

def _plan_out(item: dict[str, Any], figures: PlanFigures | None = None) -> Plan:
    live = item.get("live")
    return Plan(
        id=item["id"], org_id=item["orgId"], name=item["name"], course_ids=item["courseIds"],
        assign_to=AssignToOut.model_validate(item["assignTo"]), due_date=item["dueDate"], due_at=item["dueAt"],
        status=item["status"], version=int(item["version"]), created_at=item["createdAt"],
        updated_at=item["updatedAt"], created_by=item.get("createdBy"),
        live=PlanLive.model_validate(live) if live else None, figures=figures,
    )


def _check_plan_targets(org_id: str, course_ids: list[str] | None, designations: list[str] | None,
                        user_ids: list[str] | None) -> None:
    """Refuse (400 INVALID_PLAN) courses that are not Live, unknown designations and users who are not
    officers of the org. The courses and profiles are read in one request."""
    details = []
    found, people = repository.get_courses_and_profiles(course_ids or [], user_ids or [])
    if course_ids:
        details += [{"field": "courseIds", "message": f"{c} is not a live course"}
                    for c in course_ids if c not in found or not repository.is_live(found[c])]
    if designations:
        known = repository.get_designations(designations)
        details += [{"field": "assignTo.designations", "message": f"unknown designation {d}"}
                    for d in designations if d not in known]
    if user_ids:
        details += [{"field": "assignTo.userIds", "message": f"{u} is not an officer of this organisation"}
                    for u in user_ids if u not in people or people[u].get("orgId") != org_id]
    if details:
        raise bad_request("INVALID_PLAN", "The plan names things that do not exist or are not allowed", details)


def _due(value: str) -> str:
    moment = clock.parse_deadline(value)
    if moment <= clock.now():
        raise bad_request("DUE_DATE_PASSED", "The due date must be in the future",
                          [{"field": "dueDate", "message": "is in the past"}])
    return clock.to_iso(moment)


def create_plan(caller: Caller, org_id: str, body: PlanCreate, idempotency_key: str | None = None) -> Plan:
    _require_org_admin(caller, org_id)
    if not body.assign_to.designations and not body.assign_to.user_ids:
        raise bad_request("NO_ASSIGNEES", "Assign the plan to at least one designation or user",
                          [{"field": "assignTo", "message": "is empty"}])
    due_at = _due(body.due_date)
    _check_plan_targets(org_id, body.course_ids, body.assign_to.designations, body.assign_to.user_ids)
    return _once(caller, f"POST /orgs/{org_id}/plans", idempotency_key, Plan,
                 lambda: _add_plan(caller, org_id, body, due_at))


def _add_plan(caller: Caller, org_id: str, body: PlanCreate, due_at: str) -> Plan:
    now = clock.now_iso()
    item = repository.create_plan({
        "id": keys.new_id(), "orgId": org_id, "name": body.name, "courseIds": body.course_ids,
        "assignTo": {"designations": body.assign_to.designations, "userIds": body.assign_to.user_ids},
        "dueDate": body.due_date, "dueAt": due_at, "status": "DRAFT", "version": 1,
        "createdAt": now, "updatedAt": now, "createdBy": caller.user_id,
    })
    logger.info("plan created", extra={"planId": item["id"], "orgId": org_id})
    return _plan_out(item)


def _org_plan(caller: Caller, org_id: str, plan_id: str) -> dict[str, Any]:
    _require_org_admin(caller, org_id)
    plan = repository.get_plan(plan_id, consistent=True)
    if plan is None or plan["orgId"] != org_id:
        raise not_found("The plan")
    return plan


def update_plan(caller: Caller, org_id: str, plan_id: str, body: PlanUpdate) -> Plan:
    """Edit the plan (DRAFT or LIVE; edits of a LIVE plan take effect when it is published again). One
    conditional update, no read first; a refusal says why in the same order as reading first would: 404
    (not the org's plan), 409 PLAN_RETIRED, 400 for the body, 409 VERSION_CONFLICT."""
    _require_org_admin(caller, org_id)

    def plan_first() -> None:
        refused = repository.plan_refused(plan_id, org_id)
        if refused is not None:
            raise refused

    try:
        changes = _plan_changes(org_id, body)
    except AppError as error:
        if error.status == 400:
            plan_first()
        raise
    item = repository.update_org_plan(plan_id, org_id, body.version, changes)
    return _plan_out(item)


def _plan_changes(org_id: str, body: PlanUpdate) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if body.name is not None:
        changes["name"] = body.name
    if body.course_ids is not None:
        changes["courseIds"] = body.course_ids
    if body.assign_to is not None:
        if not body.assign_to.designations and not body.assign_to.user_ids:
            raise bad_request("NO_ASSIGNEES", "Assign the plan to at least one designation or user",
                              [{"field": "assignTo", "message": "is empty"}])
        changes["assignTo"] = {"designations": body.assign_to.designations, "userIds": body.assign_to.user_ids}
    if body.due_date is not None:
        changes["dueDate"] = body.due_date
        changes["dueAt"] = _due(body.due_date)
    _check_plan_targets(org_id, body.course_ids,
                        body.assign_to.designations if body.assign_to else None,
                        body.assign_to.user_ids if body.assign_to else None)
    changes["updatedAt"] = clock.now_iso()
    return changes


def _check_version(plan: dict[str, Any], body: PlanAction | None) -> None:
    if body is not None and body.version is not None and body.version != plan["version"]:
        raise stale_version()


def publish_plan(caller: Caller, org_id: str, plan_id: str, body: PlanAction | None) -> Plan:
    """DRAFT → LIVE, or LIVE → LIVE with the edits made since: the current fields become the published
    snapshot and the assignment (users by name; designations resolved when read)."""
    plan = _org_plan(caller, org_id, plan_id)
    _check_version(plan, body)
    if plan["status"] == "RETIRED":
        raise conflict("PLAN_RETIRED", "A retired plan cannot be published")
    if clock.parse_iso(plan["dueAt"]) <= clock.now():
        raise conflict("DUE_DATE_PASSED", "The plan's due date has passed; change it before publishing")
    assign_to = plan["assignTo"]
    found, profiles = repository.get_courses_and_profiles(plan["courseIds"], assign_to["userIds"])
    not_live = [{"field": "courseIds", "message": f"{c} is not a live course"}
                for c in plan["courseIds"] if c not in found or not repository.is_live(found[c])]
    if not_live:
        raise bad_request("INVALID_PLAN", "The plan names things that do not exist or are not allowed", not_live)
    designations = set(assign_to["designations"])
    named = sum(1 for u in assign_to["userIds"]
                if (profiles.get(u) or {}).get("designationId") not in designations)
    live = {"name": plan["name"], "courseIds": plan["courseIds"], "assignTo": assign_to, "dueDate": plan["dueDate"],
            "dueAt": plan["dueAt"], "publishedAt": clock.now_iso()}
    before = (plan.get("live") or {}).get("assignTo") or {"userIds": [], "designations": []}
    newly_named = sorted(set(assign_to["userIds"]) - set(before["userIds"]))
    params = {"name": plan["name"], "due": plan["dueDate"]}
    # The notices of newly named users are stored with the publication (as many as fit in its transaction).
    item, stored = repository.publish_plan(
        plan, live, named,
        stale_user_ids=sorted(set(before["userIds"]) - set(assign_to["userIds"])),
        stale_designation_ids=sorted(set(before["designations"]) - designations),
        notices=[notifications.in_app_ops(u, "PLAN_ASSIGNED", params, link="/me/plans") for u in newly_named])
    for user_id in newly_named[stored:]:
        notifications.notify(user_id, "PLAN_ASSIGNED", params, link="/me/plans")
    logger.info("plan published", extra={"planId": plan_id, "orgId": org_id})
    return _plan_out(item)


def retire_plan(caller: Caller, org_id: str, plan_id: str, body: PlanAction | None) -> Plan:
    plan = _org_plan(caller, org_id, plan_id)
    _check_version(plan, body)
    if plan["status"] == "RETIRED":
        raise conflict("PLAN_RETIRED", "The plan is retired already")
    return _plan_out(repository.retire_plan(plan))


def list_plans(caller: Caller, org_id: str, limit: int, page_cursor: str | None) -> PageOf[Plan]:
    _require_org_reader(caller, org_id)
    page = repository.list_org_plans(org_id, limit, page_cursor)
    live = [p for p in page.items if p.get("live")]
    designation_ids = {d for p in live for d in p["live"]["assignTo"]["designations"]}
    stats, counts_of = repository.plan_figures(org_id, (p["id"] for p in live), sorted(designation_ids))
    officers = {d: counts.get(passbook.OFFICERS, 0) for d, counts in counts_of.items()}
    items = []
    for plan in page.items:
        figures = None
        if plan.get("live"):
            numbers = stats.get(plan["id"], {})
            assignees = int(plan.get("namedAssignees", 0)) + sum(
                officers.get(d, 0) for d in plan["live"]["assignTo"]["designations"])
            completed = numbers.get("completedUsers", 0)
            figures = PlanFigures(
                assignees=assignees, started_users=numbers.get("startedUsers", 0), completed_users=completed,
                course_completions=numbers.get("courseCompletions", 0),
                completion_percent=round(100 * completed / assignees) if assignees else 0)
        items.append(_plan_out(plan, figures))
    return PageOf[Plan](items=items, next_cursor=page.next_cursor)


def _assigned_plans(caller: Caller) -> tuple[list[dict[str, Any]], set[str]]:
    """The live plans assigned to the caller (as completions.assigned_plans decides) and which of their
    courses the caller completed: the profile with the named pointers in one Query, the designation's
    pointers in another, then the plans with the completions of their courses (which the pointers carry)
    in one BatchGetItem."""
    profile, refs = repository.my_plan_refs(caller.user_id)
    if profile is None:
        raise forbidden("Your account has no profile yet", code="PROFILE_MISSING")
    org_id, designation_id = str(profile["orgId"]), str(profile.get("designationId") or "")
    if org_id and designation_id:
        refs += repository.designation_plan_refs(org_id, designation_id)
    if not refs:
        return [], set()
    course_ids = {c for ref in refs for c in ref.get("courseIds") or []}
    found, done = repository.plans_and_completions((r["planId"] for r in refs), caller.user_id, course_ids)
    plans = sorted((p for p in found.values() if completions.is_assigned(p, caller.user_id, org_id, designation_id)),
                   key=lambda p: (p["live"]["dueAt"], p["id"]))
    unknown = {c for p in plans for c in p["live"]["courseIds"]} - course_ids  # pointers older than courseIds
    if unknown:
        done |= completions.completed_among(caller.user_id, unknown)
    return plans, done


def my_plans(caller: Caller) -> MyPlans:
    """The live plans assigned to the caller, grouped: completed (every course done), overdue (due time
    passed) and upcoming; each group by due time."""
    plans, done = _assigned_plans(caller)
    now = clock.now()
    grouped: dict[str, list[MyPlan]] = {"upcoming": [], "overdue": [], "completed": []}
    for plan in plans:
        live = plan["live"]
        completed_ids = [c for c in live["courseIds"] if c in done]
        entry = MyPlan(plan_id=plan["id"], org_id=plan["orgId"], name=live["name"], course_ids=live["courseIds"],
                       completed_course_ids=completed_ids,
                       progress_percent=round(100 * len(completed_ids) / len(live["courseIds"])),
                       due_date=live["dueDate"], due_at=live["dueAt"])
        if len(completed_ids) == len(live["courseIds"]):
            grouped["completed"].append(entry)
        elif clock.parse_iso(live["dueAt"]) < now:
            grouped["overdue"].append(entry)
        else:
            grouped["upcoming"].append(entry)
    return MyPlans(**grouped)

