"""HTTP routes of the competency hub: the framework, designation requirements, the passbook, gaps and
competency building plans."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query

from functions.competency import framework, gaps, insights, plan_progress, plans, requirements
from functions.competency.insights_models import AllInsights, OrgInsights, ReportDownload
from functions.competency.models import (
    Area,
    Competency,
    CompetencyCreate,
    CompetencyUpdate,
    DesignationRequirements,
    MyGaps,
    MyPlans,
    OrgDesignationGaps,
    PassbookCompetency,
    Plan,
    PlanAction,
    PlanAssigneeProgress,
    PlanCreate,
    PlanUpdate,
    RequirementsPut,
    RequirementsUpload,
    UploadResult,
)
from karmayogi.platform.api import Cursor, Limit, caller, documented, errors, idempotent, lambda_entry, make_resolver
from karmayogi.platform.models import DEFAULT_LIMIT, PageOf

app = make_resolver()

OrgId = Annotated[str, Path(alias="orgId", max_length=64)]
PlanId = Annotated[str, Path(alias="planId", max_length=64)]
CompetencyId = Annotated[str, Path(alias="competencyId", max_length=80)]
TAGS = ["Competency"]
INSIGHTS_TAGS = ["Insights"]
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
MonthFrom = Annotated[str | None, Query(alias="from", pattern=MONTH, description="First month, YYYY-MM")]
MonthTo = Annotated[str | None, Query(pattern=MONTH, description="Last month, YYYY-MM")]


@app.get("/competencies", tags=TAGS, summary="The competency framework (area filter, word-prefix search)")
def list_competencies(
    area: Annotated[Area | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[Competency]:
    caller(app)
    return framework.list_competencies(area, q, limit, cursor)


@app.post("/competencies", tags=TAGS, summary="Add a competency (SPV_ADMIN; MDO_ADMIN: own org's domain ones)",
          status_code=201, middlewares=[idempotent],
          responses={**errors(403), 201: {"description": "Created", "content": {"application/json": {"model": Competency}}}})
def create_competency(body: Annotated[CompetencyCreate, Body()]) -> Competency:
    return framework.create_competency(caller(app), body)


@app.get("/competencies/<competencyId>", tags=TAGS, summary="One competency with its five levels",
         responses=documented(404))
def get_competency(competency_id: CompetencyId) -> Competency:
    caller(app)
    return framework.get_competency(competency_id)


@app.put("/competencies/<competencyId>", tags=TAGS, summary="Edit a competency (version-checked)",
         responses=documented(403, 404, 409))
def update_competency(competency_id: CompetencyId, body: Annotated[CompetencyUpdate, Body()]) -> Competency:
    return framework.update_competency(caller(app), competency_id, body)


@app.get("/me/competencies", tags=TAGS, summary="My competency passbook, by competency with its history")
def my_passbook(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> PageOf[PassbookCompetency]:
    return gaps.my_passbook(caller(app), limit, cursor)


@app.get("/me/competency-gaps", tags=TAGS,
         summary="Competencies my designation requires or I want that I lack, with recommended courses",
         description="Each gap is a competency the learner's designation requires (its org's mapping) or one the "
                     "learner declared they want (`desiredCompetencies` of `PUT /me/competency-profile`), below the "
                     "level asked: `requiredLevel` is the higher of `designationLevel` and `desiredLevel`.",
         responses=documented(403))
def my_gaps() -> MyGaps:
    return gaps.my_gaps(caller(app))


@app.get("/orgs/<orgId>/designation-competencies", tags=TAGS,
         summary="The competencies each designation of the org requires", responses=documented(403, 404))
def list_requirements(org_id: OrgId, limit: Limit = DEFAULT_LIMIT,
                      cursor: Cursor = None) -> PageOf[DesignationRequirements]:
    return requirements.list_requirements(caller(app), org_id, limit, cursor)


@app.put("/orgs/<orgId>/designation-competencies/<designationId>", tags=TAGS,
         summary="Set a designation's required competencies (MDO_ADMIN of the org)", responses=documented(403, 404, 409))
def put_requirements(org_id: OrgId, designation_id: Annotated[str, Path(alias="designationId", max_length=80)],
                     body: Annotated[RequirementsPut, Body()]) -> DesignationRequirements:
    return requirements.put_requirements(caller(app), org_id, designation_id, body)


@app.post("/orgs/<orgId>/designation-competencies/upload", tags=TAGS,
          summary="Load requirements from CSV (JSON body {\"csv\": \"...\"}, at most 1,000 rows)",
          description="Each line `designationId,competencyId,level`; an optional header line with these names "
                      "is skipped. Bad rows are reported with their line number and reason, good rows are "
                      "loaded. More than 1,000 rows is a 400 TOO_MANY_ROWS. `changes` lists what the good rows "
                      "change; `?dryRun=true` answers the same without writing anything (a preview).",
          responses=documented(403, 404))
def upload_requirements(org_id: OrgId, body: Annotated[RequirementsUpload, Body()],
                        dry_run: Annotated[bool, Query(alias="dryRun")] = False) -> UploadResult:
    return requirements.upload_requirements(caller(app), org_id, body.csv, dry_run)


@app.get("/orgs/<orgId>/competency-gaps", tags=TAGS,
         summary="How many of the org's officers lack each required competency (MDO_ADMIN, MDO_LEADER, SPV_ADMIN)",
         responses=documented(403, 404))
def org_gaps(org_id: OrgId, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> PageOf[OrgDesignationGaps]:
    return gaps.org_gaps(caller(app), org_id, limit, cursor)


@app.post("/orgs/<orgId>/plans", tags=TAGS, summary="Create a competency building plan (DRAFT; MDO_ADMIN)",
          status_code=201, middlewares=[idempotent],
          responses={**errors(403, 404), 201: {"description": "Created", "content": {"application/json": {"model": Plan}}}})
def create_plan(org_id: OrgId, body: Annotated[PlanCreate, Body()]) -> Plan:
    return plans.create_plan(caller(app), org_id, body)


@app.get("/orgs/<orgId>/plans", tags=TAGS,
         summary="The org's plans with completion figures (MDO_ADMIN, MDO_LEADER, SPV_ADMIN)", responses=documented(403, 404))
def list_plans(org_id: OrgId, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> PageOf[Plan]:
    return plans.list_plans(caller(app), org_id, limit, cursor)


@app.get("/orgs/<orgId>/plans/<planId>", tags=TAGS,
         summary="One plan of the org with its completion figures (MDO_ADMIN, MDO_LEADER, SPV_ADMIN)",
         responses=documented(403, 404))
def get_plan(org_id: OrgId, plan_id: PlanId) -> Plan:
    return plans.get_plan(caller(app), org_id, plan_id)


@app.put("/orgs/<orgId>/plans/<planId>", tags=TAGS,
         summary="Edit a plan (version-checked; a LIVE plan's edits apply when it is published again)",
         responses=documented(403, 404, 409))
def update_plan(org_id: OrgId, plan_id: PlanId, body: Annotated[PlanUpdate, Body()]) -> Plan:
    return plans.update_plan(caller(app), org_id, plan_id, body)


@app.post("/orgs/<orgId>/plans/<planId>/publish", tags=TAGS, summary="Publish (or republish) a plan",
          responses=documented(403, 404, 409))
def publish_plan(org_id: OrgId, plan_id: PlanId, body: Annotated[PlanAction | None, Body()] = None) -> Plan:
    return plans.publish_plan(caller(app), org_id, plan_id, body)


@app.post("/orgs/<orgId>/plans/<planId>/retire", tags=TAGS, summary="Retire a plan", responses=documented(403, 404, 409))
def retire_plan(org_id: OrgId, plan_id: PlanId, body: Annotated[PlanAction | None, Body()] = None) -> Plan:
    return plans.retire_plan(caller(app), org_id, plan_id, body)


@app.get("/orgs/<orgId>/plans/<planId>/progress", tags=TAGS,
         summary="Each assignee of a plan with the plan courses they completed (MDO_ADMIN, MDO_LEADER, SPV_ADMIN)",
         description="The assignees are the org's officers of the assigned designations and the named users "
                     "(of the published assignment once the plan is published, else the draft's), by name; "
                     "`status` groups them as `GET /me/plans` does: COMPLETED, OVERDUE (due time passed) or UPCOMING.",
         responses=documented(403, 404))
def get_plan_progress(org_id: OrgId, plan_id: PlanId, limit: Limit = DEFAULT_LIMIT,
                      cursor: Cursor = None) -> PageOf[PlanAssigneeProgress]:
    return plan_progress.plan_progress(caller(app), org_id, plan_id, limit, cursor)


@app.get("/me/plans", tags=TAGS, summary="My assigned plans: upcoming, overdue and completed", responses=documented(403))
def my_plans() -> MyPlans:
    return plans.my_plans(caller(app))


handler = lambda_entry(app)


# ---- insights (precomputed by the scheduled refresh: analytics/) ----

@app.get("/orgs/<orgId>/insights", tags=INSIGHTS_TAGS,
         summary="The org's learning figures by month and by designation (MDO_ADMIN, MDO_LEADER, SPV_ADMIN)",
         description="Enrolments, completions, verified learning hours, karma, active learners, skill-gap closure and "
                     "plan completion/overdue, from the aggregates the scheduled refresh computes (Athena over the "
                     "table's export; `refreshedAt` says when). `from`/`to` are months (YYYY-MM, default the last "
                     "twelve); `from` after `to` is 400 INVALID_RANGE, more than 36 months 400 RANGE_TOO_LONG.",
         responses=documented(403, 404))
def org_insights(org_id: OrgId, from_: MonthFrom = None, to: MonthTo = None) -> OrgInsights:
    return insights.org_insights(caller(app), org_id, from_, to)


@app.get("/insights", tags=INSIGHTS_TAGS, summary="Every org's learning figures by month (SPV_ADMIN)",
         description="The platform's figures by month and by org, from the same aggregates as the org's insights.",
         responses=documented(403))
def all_insights(from_: MonthFrom = None, to: MonthTo = None) -> AllInsights:
    return insights.all_insights(caller(app), from_, to)


@app.get("/orgs/<orgId>/reports/<report>", tags=INSIGHTS_TAGS,
         summary="A CSV report of the org: enrolments.csv, completions.csv, plans.csv or gaps.csv (a signed address)",
         description="The report is generated by the scheduled refresh, one file per org, streamed row by row and "
                     "every cell escaped against formula injection; API Gateway and Lambda cannot stream a large "
                     "body, so this answers a signed S3 address of the file (valid 5 minutes). An unknown report is "
                     "404 REPORT_NOT_FOUND; one not generated yet 409 REPORT_NOT_READY.",
         responses=documented(403, 404, 409))
def report(org_id: OrgId, report: Annotated[str, Path(max_length=40)]) -> ReportDownload:
    return insights.report_download(caller(app), org_id, report)
