"""The career hub's rules: role ladders, a learner's readiness for a role, openings and applications.

Authorization is decided here from the caller's roles and org, deny by default."""

from __future__ import annotations

import math
from typing import Any, Literal

from functions.career import repository
from functions.career.models import (
    Application,
    ApplicationReadiness,
    CareerPath,
    Opening,
    OpeningCreate,
    Readiness,
    ReadinessCourse,
    ReadinessGap,
    RoleRequirement,
    StatusChange,
)
from karmayogi.domain import completions, notifications, passbook
from karmayogi.platform import clock, keys
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import AppError, bad_request, conflict, forbidden, not_found, stale_version
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.observability import logger
from karmayogi.platform.roles import MDO_ADMIN

RECOMMENDED_COURSES = 10
RECOMMENDATIONS_PER_GAP = 3

# APPLIED → SHORTLISTED → SELECTED, and REJECTED from either of the first two.
TRANSITIONS: dict[str, frozenset[str]] = {
    "APPLIED": frozenset({"SHORTLISTED", "REJECTED"}),
    "SHORTLISTED": frozenset({"SELECTED", "REJECTED"}),
}
STATUS_TEMPLATES = {
    "APPLIED": "APPLICATION_SUBMITTED",
    "SHORTLISTED": "APPLICATION_SHORTLISTED",
    "SELECTED": "APPLICATION_SELECTED",
    "REJECTED": "APPLICATION_REJECTED",
}


# ---- readiness ------------------------------------------------------------------------------------------

def readiness_percent(levels: dict[str, int], requirements: dict[str, int]) -> int:
    """The mean over the required competencies of min(current / required, 1), times 100, rounded half
    up; 100 when nothing is required. Exact (integer arithmetic over the levels' common multiple), e.g.
    current 1 of 2 and 3 of 3 → 75; 2 of 3 alone → 67; 1 of 4, 0 of 2 and 5 of 5 → round(41.67) = 42;
    1 of 4 and 0 of 2 → 12.5 → 13."""
    if not requirements:
        return 100
    common = math.lcm(*(int(r) for r in requirements.values()))
    reached = sum(min(levels.get(c, 0), int(r)) * (common // int(r)) for c, r in requirements.items())
    count = len(requirements)
    return (200 * reached + count * common) // (2 * count * common)


def _gap_rows(levels: dict[str, int], requirements: dict[str, int],
              names: dict[str, dict[str, Any]]) -> list[ReadinessGap]:
    return [ReadinessGap(competency_id=c, name=(names.get(c) or {}).get("name"), required_level=required,
                         current_level=current)
            for c, required, current in passbook.shortfalls(levels, requirements)]


def readiness(caller: Caller, target_role: str) -> Readiness:
    """How ready the caller is for `target_role` (a designation id): against the ladder rung from their
    designation to it when there is one, otherwise against what their org requires of that designation,
    otherwise against a listed rung into that role from another designation (any role a listed path leads
    to has requirements, whatever the learner's own designation)."""
    profile, levels = repository.learner(caller.user_id)
    if profile is None:
        raise forbidden("Your account has no profile yet", code="PROFILE_MISSING")
    from_role = profile.get("designationId")
    designations = repository.get_designations([target_role])
    if target_role not in designations:
        raise not_found("The target role", "ROLE_NOT_FOUND")
    path = repository.get_path(from_role, target_role) if from_role else None
    basis: Literal["path", "designation"] = "path"
    requirements: dict[str, int] = {}
    if path is None:
        requirements = repository.get_designation_requirements(str(profile["orgId"]), target_role)
        basis = "designation"
    if path is None and not requirements:
        # No rung from the learner's own designation and nothing the org requires: any listed rung into the
        # target role (the first by the role it starts from) says what the role needs.
        path = next(iter(repository.paths_into(target_role)), None)
        basis = "path"
    if path is not None:
        requirements = {r["competencyId"]: int(r["level"]) for r in path["requiredCompetencies"]}
    if not requirements and path is None:
        raise AppError(404, "NO_REQUIREMENTS", "Requirements for this role were not found")
    names = repository.get_competencies(requirements)
    gaps = _gap_rows(levels, requirements, names)
    recommended = completions.recommend_for(caller.user_id, {g.competency_id: g.required_level for g in gaps},
                                            RECOMMENDATIONS_PER_GAP)
    courses: list[ReadinessCourse] = []
    seen: set[str] = set()
    for gap in gaps:  # the largest shortfall's courses first
        for course in recommended.get(gap.competency_id, []):
            if course["id"] not in seen and len(courses) < RECOMMENDED_COURSES:
                seen.add(course["id"])
                courses.append(ReadinessCourse(id=course["id"], title=course["title"],
                                               duration_minutes=course["durationMinutes"],
                                               competency_id=gap.competency_id, level=course["level"]))
    all_rows = [ReadinessGap(competency_id=c, name=(names.get(c) or {}).get("name"), required_level=required,
                             current_level=levels.get(c, 0)) for c, required in sorted(requirements.items())]
    return Readiness(target_role=target_role, target_role_name=designations[target_role].get("name"),
                     from_role=from_role, path_from_role=path["fromRole"] if path is not None else None, basis=basis, readiness_percent=readiness_percent(levels, requirements),
                     requirements=all_rows, gaps=gaps, recommended_courses=courses)


# ---- role ladders ---------------------------------------------------------------------------------------

def list_paths(designation: str | None, limit: int, cursor: str | None) -> PageOf[CareerPath]:
    page = repository.paths_from(designation, limit, cursor) if designation else repository.all_paths(limit, cursor)
    names, competency_names = repository.get_designations_and_competencies(
        {r for p in page.items for r in (p["fromRole"], p["toRole"])},
        (r["competencyId"] for p in page.items for r in p["requiredCompetencies"]))
    items = [
        CareerPath(
            from_role=p["fromRole"], from_role_name=(names.get(p["fromRole"]) or {}).get("name"),
            to_role=p["toRole"], to_role_name=(names.get(p["toRole"]) or {}).get("name"),
            required_competencies=[RoleRequirement(competency_id=r["competencyId"], level=int(r["level"]),
                                               name=(competency_names.get(r["competencyId"]) or {}).get("name"))
                                   for r in p["requiredCompetencies"]],
            path_id=p.get("pathId"), path_title=p.get("pathTitle"))
        for p in page.items
    ]
    return PageOf[CareerPath](items=items, next_cursor=page.next_cursor)


# ---- openings -------------------------------------------------------------------------------------------

def _opening_out(item: dict[str, Any]) -> Opening:
    is_open = item.get("status") == "OPEN" and clock.parse_iso(item["closingAt"]) > clock.now()
    return Opening(
        id=item["id"], org_id=item["orgId"], title=item["title"], description=item["description"],
        location=item["location"], closing_date=item["closingDate"], closing_at=item["closingAt"],
        required_competencies=[RoleRequirement(competency_id=r["competencyId"], level=int(r["level"]), name=r.get("name"))
                               for r in item.get("requiredCompetencies") or []],
        status="OPEN" if is_open else "CLOSED", created_by=item["createdBy"], created_at=item["createdAt"],
    )


def list_openings(org_id: str | None, limit: int, cursor: str | None) -> PageOf[Opening]:
    """Open openings (closing time not passed), the soonest closing first; with `orgId`, that org's
    openings (open or closed), newest first."""
    if org_id:
        page = repository.org_openings(org_id, limit, cursor)
    else:
        page = repository.open_openings(clock.now_iso(), limit, cursor)
    return PageOf[Opening](items=[_opening_out(item) for item in page.items], next_cursor=page.next_cursor)


def create_opening(caller: Caller, body: OpeningCreate) -> Opening:
    caller.require_role(MDO_ADMIN)
    org_id = caller.org_id
    closing = clock.parse_deadline(body.closing_date)
    if closing <= clock.now():
        raise bad_request("CLOSING_DATE_PASSED", "The closing date must be in the future",
                          [{"field": "closingDate", "message": "is in the past"}])
    wanted = [r.competency_id for r in body.required_competencies]
    found = repository.get_competencies(wanted)
    unknown = [c for c in wanted if c not in found or found[c].get("ownerOrgId") not in (None, org_id)]
    if unknown:
        raise bad_request("UNKNOWN_COMPETENCY", "Some competencies do not exist",
                          [{"field": "requiredCompetencies", "message": f"unknown competency {c}"} for c in unknown])
    return _add_opening(caller, org_id, body, clock.to_iso(closing), found)


def _add_opening(caller: Caller, org_id: str, body: OpeningCreate, closing_at: str,
                 found: dict[str, dict[str, Any]]) -> Opening:
    now = clock.now_iso()
    item = repository.create_opening({
        "id": keys.new_id(), "orgId": org_id, "title": body.title, "description": body.description,
        "location": body.location, "closingDate": body.closing_date, "closingAt": closing_at,
        "requiredCompetencies": [{"competencyId": r.competency_id, "level": r.level,
                                  "name": found[r.competency_id]["name"]} for r in body.required_competencies],
        "status": "OPEN", "createdBy": caller.user_id, "createdAt": now,
    })
    logger.info("opening created", extra={"openingId": item["id"], "orgId": org_id})
    return _opening_out(item)


def get_opening(opening_id: str) -> Opening:
    item = repository.get_opening(opening_id)
    if item is None:
        raise not_found("The opening")
    return _opening_out(item)


# ---- applications ---------------------------------------------------------------------------------------

def _application_out(item: dict[str, Any], readiness_of: ApplicationReadiness | None = None) -> Application:
    return Application(
        id=item["id"], opening_id=item["openingId"], opening_title=item["openingTitle"], org_id=item["orgId"],
        user_id=item["userId"], applicant_name=item.get("applicantName"),
        applicant_designation=item.get("applicantDesignation"), status=item["status"],
        applied_at=item["appliedAt"], updated_at=item["updatedAt"], version=int(item["version"]),
        readiness=readiness_of,
    )


def _notice(user_id: str, status: str, application: dict[str, Any],
            profile: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The applicant's in-app notice of a status, as operations of the change's own transaction."""
    return notifications.in_app_ops(user_id, STATUS_TEMPLATES[status], _notice_params(application, profile),
                                    link=f"/career/openings/{application['openingId']}")


def _notice_params(application: dict[str, Any], profile: dict[str, Any] | None) -> dict[str, Any]:
    return {"title": application["openingTitle"], "name": (profile or {}).get("name", "")}


def _email(profile: dict[str, Any] | None, user_id: str, status: str, application: dict[str, Any]) -> None:
    """Email the applicant, after the change (and its in-app notice) committed. Best effort: failing the
    request here would answer 503 for a change that was made, and its retry would be refused."""
    email = (profile or {}).get("email")
    if not email:
        return
    try:
        notifications.send_email(email, STATUS_TEMPLATES[status], str((profile or {}).get("language") or "en"),
                                 _notice_params(application, profile))
    except Exception:
        logger.exception("applicant email failed", extra={"userId": user_id, "status": status})


def apply(caller: Caller, opening_id: str) -> Application:
    """Apply once per learner, before the opening closes (the route is idempotent: a retry with the same
    Idempotency-Key returns the application; without one, a second application is a 409 ALREADY_APPLIED)."""
    profile, opening = repository.profile_and_opening(caller.user_id, opening_id)
    if profile is None:
        raise forbidden("Your account has no profile yet", code="PROFILE_MISSING")
    if opening is None:
        raise not_found("The opening")
    now = clock.now_iso()
    if opening.get("status") != "OPEN" or opening["closingAt"] <= now:
        raise conflict("OPENING_CLOSED", "The opening is closed")
    application = {
        "id": keys.new_id(), "openingId": opening_id, "openingTitle": opening["title"], "orgId": opening["orgId"],
        "userId": caller.user_id, "applicantName": profile.get("name"),
        "applicantDesignation": profile.get("designation"), "applicantDesignationId": profile.get("designationId"),
        "status": "APPLIED", "appliedAt": now, "updatedAt": now, "version": 1,
    }
    try:
        item = repository.create_application(application, opening, now,
                                              _notice(caller.user_id, "APPLIED", application, profile))
    except ConditionFailed as failed:
        if failed.reason == "opening":
            raise conflict("OPENING_CLOSED", "The opening is closed") from failed
        raise conflict("ALREADY_APPLIED", "You have applied for this opening already") from failed
    _email(profile, caller.user_id, "APPLIED", item)
    logger.info("applied", extra={"openingId": opening_id, "applicationId": item["id"]})
    return _application_out(item)


def my_applications(caller: Caller, limit: int, cursor: str | None) -> PageOf[Application]:
    page = repository.user_applications(caller.user_id, limit, cursor)
    return PageOf[Application](items=[_application_out(item) for item in page.items], next_cursor=page.next_cursor)


def _posting_org_admin(caller: Caller, org_id: str) -> None:
    caller.require_org_role(org_id, MDO_ADMIN)


def _check_opening_admin(caller: Caller, opening: dict[str, Any] | None) -> dict[str, Any]:
    if opening is None:
        raise not_found("The opening")
    _posting_org_admin(caller, opening["orgId"])
    return opening


def opening_applications(caller: Caller, opening_id: str, limit: int, cursor: str | None) -> PageOf[Application]:
    """The opening's applications, oldest first, each with the applicant's current readiness against
    the opening's required competencies (the posting org's MDO_ADMIN, or SPV_ADMIN)."""
    try:
        page = repository.opening_applications(opening_id, limit, cursor)
    except AppError:  # a bad cursor: the opening's own refusals come first
        _check_opening_admin(caller, repository.get_opening(opening_id))
        raise
    # The opening (for who may see this and what it requires) with the applicants' summaries: one request.
    opening, levels_of = repository.opening_and_levels(opening_id, [item["userId"] for item in page.items])
    opening = _check_opening_admin(caller, opening)
    requirements = {r["competencyId"]: int(r["level"]) for r in opening.get("requiredCompetencies") or []}
    names = {r["competencyId"]: {"name": r.get("name")} for r in opening.get("requiredCompetencies") or []}
    items = []
    for item in page.items:
        levels = levels_of.get(item["userId"], {})
        items.append(_application_out(item, ApplicationReadiness(
            readiness_percent=readiness_percent(levels, requirements),
            gaps=_gap_rows(levels, requirements, names))))
    return PageOf[Application](items=items, next_cursor=page.next_cursor)


def change_status(caller: Caller, application_id: str, body: StatusChange) -> Application:
    application = repository.get_application(application_id)
    if application is None:
        raise not_found("The application")
    _posting_org_admin(caller, application["orgId"])
    if body.version is not None and body.version != int(application["version"]):
        raise stale_version()
    allowed = TRANSITIONS.get(application["status"], frozenset())
    if body.status not in allowed:
        raise conflict("INVALID_TRANSITION", f"An application that is {application['status']} cannot become "
                       f"{body.status}", {"status": application["status"], "allowed": sorted(allowed)})
    profile = repository.get_profile(application["userId"])  # the notice's name, the email's address
    changed = {**application, "status": body.status}
    try:
        item = repository.change_status(application, body.status, clock.now_iso(), caller.user_id,
                                        _notice(application["userId"], body.status, changed, profile))
    except ConditionFailed as failed:  # changed by someone else since it was read
        raise stale_version() from failed
    _email(profile, application["userId"], body.status, item)
    logger.info("application status changed", extra={"applicationId": application_id, "status": body.status})
    return _application_out(item)

