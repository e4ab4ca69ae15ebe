"""Per-person completion of a competency building plan, for the org's MDO admins and leaders: every
assignee (named, or an officer of an assigned designation) with the plan courses they completed."""

from __future__ import annotations

from typing import Any

from functions.competency import access, plan_repository
from functions.competency.models import PlanAssigneeProgress, PlanProgressStatus
from karmayogi.platform import clock
from karmayogi.platform.errors import not_found
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf


def _assignment(plan: dict[str, Any]) -> tuple[list[str], dict[str, Any], str]:
    """The courses, assignment and due time that count: the published snapshot once there is one, else
    the draft's own fields (nobody has been told of a draft: its figures are what publishing would show)."""
    source = plan.get("live") or plan
    return list(source["courseIds"]), source["assignTo"], str(source["dueAt"])


def plan_progress(caller: Caller, org_id: str, plan_id: str, limit: int,
                  page_cursor: str | None) -> PageOf[PlanAssigneeProgress]:
    access.require_org_reader(caller, org_id)
    plan = plan_repository.get_plan(plan_id)
    if plan is None or plan.get("orgId") != org_id:
        raise not_found("The plan")
    course_ids, assign_to, due_at = _assignment(plan)
    page = plan_repository.plan_assignees(org_id, plan_id, assign_to.get("designations") or [],
                                          assign_to.get("userIds") or [], limit, page_cursor)
    done = plan_repository.completions_of([p["userId"] for p in page.items], course_ids)
    overdue = clock.parse_iso(due_at) < clock.now()
    items = []
    for person in page.items:
        completed = [c for c in course_ids if (person["userId"], c) in done]
        total = len(course_ids)
        status: PlanProgressStatus = "COMPLETED" if total and len(completed) == total else "OVERDUE" if overdue else "UPCOMING"
        items.append(PlanAssigneeProgress(
            user_id=person["userId"], name=person.get("name") or person["userId"],
            employee_id=person.get("employeeId"), designation_id=person.get("designationId"),
            designation=person.get("designation"), completed_course_ids=completed,
            completed_courses=len(completed), total_courses=total,
            progress_percent=round(100 * len(completed) / total) if total else 0, status=status))
    return PageOf[PlanAssigneeProgress](items=items, next_cursor=page.next_cursor)
