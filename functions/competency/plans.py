"""Competency building plans: an org's MDO_ADMIN drafts, publishes and retires them (its MDO_LEADER
reads them with their completion figures); a learner sees the plans assigned to them."""

from __future__ import annotations

from typing import Any

from functions.competency import access, plan_repository, repository
from functions.competency.models import (
    AssignToOut,
    MyPlan,
    MyPlans,
    Plan,
    PlanAction,
    PlanCreate,
    PlanFigures,
    PlanLive,
    PlanUpdate,
)
from karmayogi.domain import completions, notifications, passbook, push
from karmayogi.platform import clock, keys
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import AppError, bad_request, conflict, forbidden, not_found, stale_version
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.observability import logger


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
    found, people = plan_repository.get_courses_and_profiles(course_ids or [], user_ids or [])
    if course_ids:
        details += [{"field": "courseIds", "message": f"{c} is not a live course"}
                    for c in course_ids if c not in found or not plan_repository.is_live(found[c])]
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


def create_plan(caller: Caller, org_id: str, body: PlanCreate) -> Plan:
    access.require_org_admin(caller, org_id)
    if not body.assign_to.designations and not body.assign_to.user_ids:
        raise bad_request("NO_ASSIGNEES", "Assign the plan to at least one designation or user",
                          [{"field": "assignTo", "message": "is empty"}])
    due_at = _due(body.due_date)
    _check_plan_targets(org_id, body.course_ids, body.assign_to.designations, body.assign_to.user_ids)
    return _add_plan(caller, org_id, body, due_at)


def _add_plan(caller: Caller, org_id: str, body: PlanCreate, due_at: str) -> Plan:
    now = clock.now_iso()
    item = plan_repository.create_plan({
        "id": keys.new_id(), "orgId": org_id, "name": body.name, "courseIds": body.course_ids,
        "assignTo": {"designations": body.assign_to.designations, "userIds": body.assign_to.user_ids},
        "dueDate": body.due_date, "dueAt": due_at, "status": "DRAFT", "version": 1,
        "createdAt": now, "updatedAt": now, "createdBy": caller.user_id,
    })
    logger.info("plan created", extra={"planId": item["id"], "orgId": org_id})
    return _plan_out(item)


def _org_plan(caller: Caller, org_id: str, plan_id: str) -> dict[str, Any]:
    access.require_org_admin(caller, org_id)
    plan = plan_repository.get_plan(plan_id, consistent=True)
    if plan is None or plan["orgId"] != org_id:
        raise not_found("The plan")
    return plan


def update_plan(caller: Caller, org_id: str, plan_id: str, body: PlanUpdate) -> Plan:
    """Edit the plan (DRAFT or LIVE; edits of a LIVE plan take effect when it is published again). One
    conditional update, no read first; a refusal says why in the same order as reading first would: 404
    (not the org's plan), 409 PLAN_RETIRED, 400 for the body, 409 VERSION_CONFLICT."""
    access.require_org_admin(caller, org_id)

    try:
        changes = _plan_changes(org_id, body)
    except AppError as error:
        refused = plan_repository.plan_refused(plan_id, org_id) if error.status == 400 else None
        if refused is not None:
            raise _plan_refusal(refused) from error
        raise
    try:
        item = plan_repository.update_org_plan(plan_id, org_id, body.version, changes)
    except ConditionFailed as failed:
        raise _plan_refusal(failed.reason) from failed
    return _plan_out(item)


def _plan_refusal(reason: str) -> AppError:
    """What the client is told when a plan cannot be changed: not the org's plan, retired, or stale."""
    if reason == "missing":
        return not_found("The plan")
    if reason == "retired":
        return conflict("PLAN_RETIRED", "A retired plan cannot be changed")
    return stale_version()


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
    found, profiles = plan_repository.get_courses_and_profiles(plan["courseIds"], assign_to["userIds"])
    not_live = [{"field": "courseIds", "message": f"{c} is not a live course"}
                for c in plan["courseIds"] if c not in found or not plan_repository.is_live(found[c])]
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
    try:
        item, stored = plan_repository.publish_plan(
            plan, live, named,
            stale_user_ids=sorted(set(before["userIds"]) - set(assign_to["userIds"])),
            stale_designation_ids=sorted(set(before["designations"]) - designations),
            notices=[notifications.in_app_ops(u, "PLAN_ASSIGNED", params, link="/me/plans") for u in newly_named])
    except ConditionFailed as failed:  # changed by someone else since it was read
        raise stale_version() from failed
    deadline = push.request_path_deadline()
    for user_id in newly_named[:stored]:  # their notices were stored with the publication: push them now
        push.push_to_user(user_id, "PLAN_ASSIGNED", params, "/me/plans",
                          (profiles.get(user_id) or {}).get("language") or "en", deadline=deadline)
    for user_id in newly_named[stored:]:
        notifications.notify(user_id, "PLAN_ASSIGNED", params, link="/me/plans",
                             language=(profiles.get(user_id) or {}).get("language") or "en")
    logger.info("plan published", extra={"planId": plan_id, "orgId": org_id})
    return _plan_out(item)


def retire_plan(caller: Caller, org_id: str, plan_id: str, body: PlanAction | None) -> Plan:
    plan = _org_plan(caller, org_id, plan_id)
    _check_version(plan, body)
    if plan["status"] == "RETIRED":
        raise conflict("PLAN_RETIRED", "The plan is retired already")
    try:
        return _plan_out(plan_repository.retire_plan(plan))
    except ConditionFailed as failed:  # changed by someone else since it was read
        raise stale_version() from failed


def _with_figures(org_id: str, plans: list[dict[str, Any]]) -> list[Plan]:
    """The plans with the completion figures of those published (one BatchGetItem for them all)."""
    live = [p for p in plans if p.get("live")]
    designation_ids = {d for p in live for d in p["live"]["assignTo"]["designations"]}
    stats, counts_of = plan_repository.plan_figures(org_id, (p["id"] for p in live), sorted(designation_ids))
    officers = {d: counts.get(passbook.OFFICERS, 0) for d, counts in counts_of.items()}
    items = []
    for plan in plans:
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
    return items


def list_plans(caller: Caller, org_id: str, limit: int, page_cursor: str | None) -> PageOf[Plan]:
    access.require_org_reader(caller, org_id)
    page = plan_repository.list_org_plans(org_id, limit, page_cursor)
    return PageOf[Plan](items=_with_figures(org_id, page.items), next_cursor=page.next_cursor)


def get_plan(caller: Caller, org_id: str, plan_id: str) -> Plan:
    """One plan of the org with its figures, for its MDO admins and leaders (and SPV admins)."""
    access.require_org_reader(caller, org_id)
    plan = plan_repository.get_plan(plan_id)
    if plan is None or plan.get("orgId") != org_id:
        raise not_found("The plan")
    return _with_figures(org_id, [plan])[0]


def _assigned_plans(caller: Caller) -> tuple[list[dict[str, Any]], set[str]]:
    """The live plans assigned to the caller (as completions.assigned_plans decides) and which of their
    courses the caller completed: the profile with the named pointers in one Query, the designation's
    pointers in another, then the plans with the completions of their courses (which the pointers carry)
    in one BatchGetItem."""
    profile, refs = plan_repository.my_plan_refs(caller.user_id)
    if profile is None:
        raise forbidden("Your account has no profile yet", code="PROFILE_MISSING")
    org_id, designation_id = str(profile["orgId"]), str(profile.get("designationId") or "")
    if org_id and designation_id:
        refs += plan_repository.designation_plan_refs(org_id, designation_id)
    if not refs:
        return [], set()
    course_ids = {c for ref in refs for c in ref.get("courseIds") or []}
    found, done = plan_repository.plans_and_completions((r["planId"] for r in refs), caller.user_id, course_ids)
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
