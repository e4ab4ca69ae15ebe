"""Response models of the insights routes (functions/competency/insights.py)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from functions.competency.models import CamelModel

Report = Literal["enrolments", "completions", "plans", "gaps"]


class InsightFigures(CamelModel):
    enrolments: int = 0
    completions: int = 0
    learning_hours: float = Field(0, description="Hours of audio and video really played (verified progress)")
    karma: int = 0
    gaps_closed: int = Field(0, description="(officer, required competency) gaps closed: the required level reached")


class InsightMonth(InsightFigures):
    month: str = Field(description="YYYY-MM")
    active_learners: int = Field(0, description="Officers who enrolled, completed or played something that month")


class InsightStanding(CamelModel):
    gaps_open: int = Field(0, description="(officer, required competency) pairs below the required level now")
    gaps_required: int = Field(0, description="(officer, required competency) pairs in all")
    plan_assignees: int = 0
    plan_completed: int = 0
    plan_overdue: int = Field(0, description="Assignees of plans past their due date who have not completed them")


class InsightDesignation(InsightFigures, InsightStanding):
    designation_id: str
    designation: str


class InsightOrg(InsightFigures, InsightStanding):
    org_id: str
    name: str


class InsightTotals(InsightFigures, InsightStanding):
    pass


class InsightPlan(CamelModel):
    plan_id: str
    name: str
    due_at: str | None
    assignees: int
    completed: int
    completed_on_time: int
    overdue: int


class InsightReportFile(CamelModel):
    report: Report
    rows: int
    generated_at: str


class OrgInsights(CamelModel):
    org_id: str
    org_name: str
    from_: str = Field(alias="from", description="First month of the range (YYYY-MM)")
    to: str = Field(description="Last month of the range (YYYY-MM)")
    refreshed_at: str | None = Field(description="When the figures were computed (null: not yet)")
    totals: InsightTotals
    by_month: list[InsightMonth]
    by_designation: list[InsightDesignation]
    plans: list[InsightPlan]
    reports: list[InsightReportFile]


class AllInsights(CamelModel):
    from_: str = Field(alias="from")
    to: str
    refreshed_at: str | None
    totals: InsightTotals
    by_month: list[InsightMonth]
    by_org: list[InsightOrg]


class ReportDownload(CamelModel):
    url: str = Field(description="A signed address of the CSV file (UTF-8 with a byte-order mark, formula-like "
                                 "cells escaped), valid for 5 minutes")
    expires_at: str
    rows: int
    generated_at: str
