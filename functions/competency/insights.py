"""Insights leaders can act on (issue 20): the org's and the platform's figures by month and by designation,
and the CSV reports — all read from what the scheduled refresh precomputed (analytics/), never from the
transactional items: two reads a dashboard (C19, C20), one a report (C19)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any, cast

from functions.competency import access, insights_repository
from functions.competency.insights_models import (
    AllInsights,
    InsightDesignation,
    InsightMonth,
    InsightOrg,
    InsightPlan,
    InsightReportFile,
    InsightTotals,
    OrgInsights,
    Report,
    ReportDownload,
)
from karmayogi.platform import clock
from karmayogi.platform.errors import bad_request, conflict, forbidden, not_found
from karmayogi.platform.identity import Caller

ALL = "ALL"
REPORTS: tuple[Report, ...] = ("enrolments", "completions", "plans", "gaps")
MAX_MONTHS = 36
DEFAULT_MONTHS = 12
DOWNLOAD_SECONDS = 300
FIGURES = ("enrolments", "completions", "karma", "gapsClosed")


# ---- the range ---------------------------------------------------------------------------------------------

def _month_index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _month_of(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_range(first: str | None, last: str | None) -> tuple[str, str]:
    """The months asked for (YYYY-MM, both ends included): by default the twelve up to this one (India's
    calendar). A range that runs backwards is 400 INVALID_RANGE, one longer than 36 months 400 RANGE_TOO_LONG."""
    this_month = clock.now().astimezone(clock.INDIA).strftime("%Y-%m")
    end = last or (this_month if not first else _month_of(
        max(_month_index(first), min(_month_index(first) + DEFAULT_MONTHS - 1, _month_index(this_month)))))
    start = first or _month_of(_month_index(end) - DEFAULT_MONTHS + 1)
    if _month_index(start) > _month_index(end):
        raise bad_request("INVALID_RANGE", "`from` is after `to`",
                          [{"field": "from", "message": "must not be after to"}])
    if _month_index(end) - _month_index(start) + 1 > MAX_MONTHS:
        raise bad_request("RANGE_TOO_LONG", f"At most {MAX_MONTHS} months at a time",
                          [{"field": "to", "message": f"at most {MAX_MONTHS} months after from"}])
    return start, end


# ---- figures -----------------------------------------------------------------------------------------------

def _current_months(scope: str, state: dict[str, Any] | None, start: str, end: str) -> list[dict[str, Any]]:
    """The months of the state's run (a month an older run left behind no longer counts)."""
    if state is None:
        return []
    return [m for m in insights_repository.months(scope, start, end) if m.get("runId") == state.get("runId")]


def _figures(cell: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {name: int(cell.get(name) or 0) for name in FIGURES}
    out["learningHours"] = round(float(cell.get("learningMinutes") or 0) / 60, 1)
    return out


def _add(target: dict[str, Any], cell: dict[str, Any]) -> None:
    for name in (*FIGURES, "learningMinutes", "activeLearners"):
        target[name] = target.get(name, 0) + (cell.get(name) or 0)


def _month_rows(start: str, end: str, totals_of: dict[str, dict[str, Any]]) -> list[InsightMonth]:
    """Every month of the range, the empty ones too (a chart's axis has no holes)."""
    rows = []
    for index in range(_month_index(start), _month_index(end) + 1):
        cell = totals_of.get(_month_of(index), {})
        rows.append(InsightMonth.model_validate({"month": _month_of(index), **_figures(cell),
                                                 "activeLearners": int(cell.get("activeLearners") or 0)}))
    return rows


def _plan_figures(plan: dict[str, Any], now: str) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """A plan's totals and per-designation figures, overdue as of `now`."""
    past_due = bool(plan.get("dueAt")) and str(plan["dueAt"]) < now
    per: dict[str, dict[str, int]] = {}
    for designation_id, cell in (plan.get("designations") or {}).items():
        assignees, completed = int(cell.get("assignees") or 0), int(cell.get("completed") or 0)
        per[designation_id] = {"assignees": assignees, "completed": completed,
                               "completedOnTime": int(cell.get("completedOnTime") or 0),
                               "overdue": assignees - completed if past_due else 0}
    total = {k: sum(d[k] for d in per.values()) for k in ("assignees", "completed", "completedOnTime", "overdue")}
    return total, per


def org_insights(caller: Caller, org_id: str, first: str | None, last: str | None) -> OrgInsights:
    access.require_org_reader(caller, org_id)
    start, end = month_range(first, last)
    state = insights_repository.state(org_id)
    now = clock.now_iso()
    by_month: dict[str, dict[str, Any]] = defaultdict(dict)
    by_designation: dict[str, dict[str, Any]] = defaultdict(dict)
    for item in _current_months(org_id, state, start, end):
        for designation_id, cell in (item.get("designations") or {}).items():
            _add(by_month[item["month"]], cell)
            _add(by_designation[designation_id], cell)
    state = state or {}
    plans, standing = [], cast(dict[str, dict[str, int]], defaultdict(lambda: defaultdict(int)))
    for plan in state.get("plans") or []:
        total, per = _plan_figures(plan, now)
        plans.append(InsightPlan(plan_id=plan["planId"], name=plan.get("name") or plan["planId"],
                                 due_at=plan.get("dueAt"), assignees=total["assignees"], completed=total["completed"],
                                 completed_on_time=total["completedOnTime"], overdue=total["overdue"]))
        for designation_id, cell in per.items():
            standing[designation_id]["planAssignees"] += cell["assignees"]
            standing[designation_id]["planCompleted"] += cell["completed"]
            standing[designation_id]["planOverdue"] += cell["overdue"]
    for designation_id, pairs in (state.get("gapsOpen") or {}).items():
        standing[designation_id]["gapsOpen"] += int(pairs)
    for designation_id, pairs in (state.get("gapsRequired") or {}).items():
        standing[designation_id]["gapsRequired"] += int(pairs)
    names = state.get("designationNames") or {}
    designation_ids = sorted(set(by_designation) | set(standing), key=lambda d: (str(names.get(d, d)), d))
    rows = [InsightDesignation.model_validate({
        "designationId": d, "designation": names.get(d, d) if d != "-" else "-",
        **_figures(by_designation.get(d, {})), **standing.get(d, {})}) for d in designation_ids]
    totals: dict[str, Any] = {}
    for cell in by_designation.values():
        _add(totals, cell)
    standing_totals = {k: sum(s.get(k, 0) for s in standing.values())
                       for k in ("gapsOpen", "gapsRequired", "planAssignees", "planCompleted", "planOverdue")}
    reports = [InsightReportFile(report=name, rows=int(file["rows"]), generated_at=file["generatedAt"])
               for name, file in sorted((state.get("reports") or {}).items()) if name in REPORTS]
    return OrgInsights.model_validate({
        "orgId": org_id, "orgName": state.get("orgName") or org_id, "from": start, "to": end,
        "refreshedAt": state.get("refreshedAt"), "totals": InsightTotals.model_validate({**_figures(totals),
                                                                                   **standing_totals}),
        "byMonth": _month_rows(start, end, by_month), "byDesignation": rows, "plans": plans, "reports": reports})


def all_insights(caller: Caller, first: str | None, last: str | None) -> AllInsights:
    if not caller.is_spv_admin:
        raise forbidden("Only an SPV admin sees every organisation's figures")
    start, end = month_range(first, last)
    state = insights_repository.state(ALL)
    now = clock.now_iso()
    by_month: dict[str, dict[str, Any]] = defaultdict(dict)
    by_org: dict[str, dict[str, Any]] = defaultdict(dict)
    for item in _current_months(ALL, state, start, end):
        for org_id, cell in (item.get("orgs") or {}).items():
            _add(by_month[item["month"]], cell)
            _add(by_org[org_id], cell)
    summary = (state or {}).get("orgs") or {}
    rows = []
    totals: dict[str, Any] = {}
    standing_totals: dict[str, int] = defaultdict(int)
    for org_id in sorted(set(by_org) | set(summary), key=lambda o: (str((summary.get(o) or {}).get("name", o)), o)):
        org = summary.get(org_id) or {}
        standing = {"gapsOpen": int(org.get("gapsOpen") or 0), "gapsRequired": int(org.get("gapsRequired") or 0),
                    "planAssignees": 0, "planCompleted": 0, "planOverdue": 0}
        for plan in org.get("plans") or []:
            past_due = bool(plan.get("dueAt")) and str(plan["dueAt"]) < now
            standing["planAssignees"] += int(plan.get("assignees") or 0)
            standing["planCompleted"] += int(plan.get("completed") or 0)
            if past_due:
                standing["planOverdue"] += int(plan.get("assignees") or 0) - int(plan.get("completed") or 0)
        for key, value in standing.items():
            standing_totals[key] += value
        _add(totals, by_org.get(org_id, {}))
        rows.append(InsightOrg.model_validate({"orgId": org_id, "name": org.get("name") or org_id,
                                               **_figures(by_org.get(org_id, {})), **standing}))
    return AllInsights.model_validate({
        "from": start, "to": end, "refreshedAt": (state or {}).get("refreshedAt"),
        "totals": InsightTotals.model_validate({**_figures(totals), **standing_totals}),
        "byMonth": _month_rows(start, end, by_month), "byOrg": rows})


# ---- reports -----------------------------------------------------------------------------------------------

def report_download(caller: Caller, org_id: str, file_name: str) -> ReportDownload:
    """`file_name` is `<report>.csv` (API Gateway's path parameters are whole segments); an unknown report
    is 404 REPORT_NOT_FOUND, one the refresh has not written yet 409 REPORT_NOT_READY."""
    access.require_org_reader(caller, org_id)
    report = file_name.removesuffix(".csv")
    if not file_name.endswith(".csv") or report not in REPORTS:
        raise not_found("The report", code="REPORT_NOT_FOUND")
    file = ((insights_repository.state(org_id) or {}).get("reports") or {}).get(report)
    if not file:
        raise conflict("REPORT_NOT_READY", "The report has not been generated yet; it is made by the next refresh")
    url = insights_repository.download_url(str(file["key"]), f"{report}-{org_id[:24]}.csv", DOWNLOAD_SECONDS)
    return ReportDownload(url=url, rows=int(file["rows"]), generated_at=str(file["generatedAt"]),
                          expires_at=clock.to_iso(clock.now() + timedelta(seconds=DOWNLOAD_SECONDS)))
