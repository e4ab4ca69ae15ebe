"""Insights routes over a refresh of the known dataset (tests/analytics/dataset.py): the same hand-computed
figures as the SQL tests, now through the aggregates and the HTTP API; who may see them; the range's
validation; the reports' download and their escaped cells."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import boto3
import pytest

from analytics import local
from karmayogi.platform import db
from karmayogi.platform.identity import claims_for
from karmayogi.platform.settings import get_settings
from tests.analytics import dataset
from tests.conftest import ApiClient

ADMIN = ApiClient(claims_for("u1", "u1", ["PUBLIC", "MDO_ADMIN"], org_id="o1"))
LEADER = ApiClient(claims_for("u3", "u3", ["PUBLIC", "MDO_LEADER"], org_id="o1"))
OTHER_ADMIN = ApiClient(claims_for("u4", "u4", ["PUBLIC", "MDO_ADMIN"], org_id="o2"))
LEARNER = ApiClient(claims_for("u2", "u2", ["PUBLIC"], org_id="o1"))
SPV = ApiClient(claims_for("spv", "spv", ["PUBLIC", "SPV_ADMIN"], org_id="o2"))
RANGE = {"from": "2026-01", "to": "2026-03"}


def _seed() -> None:
    with db.table().batch_writer() as batch:
        for item in dataset.items():
            batch.put_item(Item=item)


@pytest.fixture
def refreshed(resources: Any, tmp_path: Path) -> local.LocalRun:
    _seed()
    return local.refresh_here(tmp_path)


def test_org_figures_match_the_dataset(refreshed: local.LocalRun) -> None:
    response = ADMIN.get("/orgs/o1/insights", query=RANGE)
    assert response.status == 200, response.json()
    body = response.json()
    assert (body["orgId"], body["orgName"], body["from"], body["to"]) == ("o1", "Ministry A", "2026-01", "2026-03")
    assert body["refreshedAt"]
    assert body["byMonth"] == [
        {"month": "2026-01", "enrolments": 2, "completions": 0, "learningHours": 0.0, "karma": 5,
         "gapsClosed": 1, "activeLearners": 2},
        {"month": "2026-02", "enrolments": 1, "completions": 2, "learningHours": 0.4, "karma": 40,
         "gapsClosed": 1, "activeLearners": 2},  # 5 + 20 verified minutes
        {"month": "2026-03", "enrolments": 0, "completions": 0, "learningHours": 0.0, "karma": 0,
         "gapsClosed": 0, "activeLearners": 0},
    ]
    # p1 was due on 2026-02-10: its assignees who have not completed it are overdue (u2 of d1, u3 of d2)
    assert body["byDesignation"] == [
        {"designationId": "d1", "designation": "Section Officer", "enrolments": 2, "completions": 1,
         "learningHours": 0.1, "karma": 25, "gapsClosed": 2, "gapsOpen": 2, "gapsRequired": 4,
         "planAssignees": 2, "planCompleted": 1, "planOverdue": 1},
        {"designationId": "d2", "designation": "Under Secretary", "enrolments": 1, "completions": 1,
         "learningHours": 0.3, "karma": 20, "gapsClosed": 0, "gapsOpen": 1, "gapsRequired": 1,
         "planAssignees": 1, "planCompleted": 0, "planOverdue": 1},
    ]
    assert body["totals"] == {"enrolments": 3, "completions": 2, "learningHours": 0.4, "karma": 45, "gapsClosed": 2,
                              "gapsOpen": 3, "gapsRequired": 5, "planAssignees": 3, "planCompleted": 1,
                              "planOverdue": 2}
    assert body["plans"] == [{"planId": "p1", "name": "Induction", "dueAt": "2026-02-10T18:29:59Z", "assignees": 3,
                              "completed": 1, "completedOnTime": 1, "overdue": 2}]
    assert {(r["report"], r["rows"]) for r in body["reports"]} == {
        ("completions", 2), ("enrolments", 3), ("gaps", 5), ("plans", 3)}


def test_a_narrower_range_counts_only_its_months(refreshed: local.LocalRun) -> None:
    body = LEADER.get("/orgs/o1/insights", query={"from": "2026-02", "to": "2026-02"}).json()
    assert [m["month"] for m in body["byMonth"]] == ["2026-02"]
    assert body["totals"]["enrolments"] == 1 and body["totals"]["karma"] == 40


def test_every_org_for_the_spv_admin(refreshed: local.LocalRun) -> None:
    response = SPV.get("/insights", query=RANGE)
    assert response.status == 200, response.json()
    body = response.json()
    assert body["byMonth"][1] == {"month": "2026-02", "enrolments": 2, "completions": 2, "learningHours": 0.4,
                                  "karma": 45, "gapsClosed": 1, "activeLearners": 3}
    assert [(o["orgId"], o["name"], o["enrolments"], o["karma"], o["gapsOpen"], o["planOverdue"])
            for o in body["byOrg"]] == [("o1", "Ministry A", 3, 45, 3, 2), ("o2", "Ministry B", 1, 5, 0, 0)]
    assert body["totals"]["enrolments"] == 4


def test_who_may_see_insights(refreshed: local.LocalRun) -> None:
    assert LEADER.get("/orgs/o1/insights").status == 200
    assert SPV.get("/orgs/o1/insights").status == 200
    assert OTHER_ADMIN.get("/orgs/o1/insights").status == 403
    assert LEARNER.get("/orgs/o1/insights").status == 403
    assert ADMIN.get("/insights").status == 403
    assert LEARNER.get("/orgs/o1/reports/enrolments.csv").status == 403
    assert ApiClient().get("/insights").status == 401
    assert SPV.get("/orgs/nowhere/insights").status == 404


@pytest.mark.parametrize(("query", "code"), [
    ({"from": "2026-13"}, "VALIDATION_ERROR"),
    ({"to": "26-01"}, "VALIDATION_ERROR"),
    ({"from": "2026-05", "to": "2026-04"}, "INVALID_RANGE"),
    ({"from": "2023-01", "to": "2026-01"}, "RANGE_TOO_LONG"),  # 37 months
])
def test_bad_ranges_are_400(resources: Any, query: dict[str, str], code: str) -> None:
    _seed()
    for client, path in ((ADMIN, "/orgs/o1/insights"), (SPV, "/insights")):
        response = client.get(path, query=query)
        assert response.status == 400, response.json()
        assert response.json()["error"]["code"] == code


def test_before_any_refresh_the_figures_are_empty_and_reports_not_ready(resources: Any) -> None:
    _seed()
    body = ADMIN.get("/orgs/o1/insights", query=RANGE).json()
    assert body["refreshedAt"] is None and body["totals"]["enrolments"] == 0 and len(body["byMonth"]) == 3
    response = ADMIN.get("/orgs/o1/reports/gaps.csv")
    assert (response.status, response.json()["error"]["code"]) == (409, "REPORT_NOT_READY")


@pytest.mark.parametrize("name", ["salaries.csv", "enrolments", "enrolments.xlsx", "..csv"])
def test_unknown_reports_are_404(refreshed: local.LocalRun, name: str) -> None:
    response = ADMIN.get(f"/orgs/o1/reports/{name}")
    assert (response.status, response.json()["error"]["code"]) == (404, "REPORT_NOT_FOUND")


def _download(url: str) -> str:
    bucket = get_settings().analytics_bucket
    key = unquote(urlparse(url).path).lstrip("/").removeprefix(f"{bucket}/")  # virtual-host or path style
    body = boto3.client("s3", region_name=get_settings().region).get_object(
        Bucket=bucket, Key=key)["Body"].read()
    return str(body.decode("utf-8"))


def test_reports_download_with_escaped_cells(refreshed: local.LocalRun) -> None:
    response = ADMIN.get("/orgs/o1/reports/enrolments.csv")
    assert response.status == 200, response.json()
    file = response.json()
    assert file["rows"] == 3 and "X-Amz-Signature" in file["url"] and "enrolments" in file["url"]
    text = _download(file["url"])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:5] == ["enrolment_id", "user_id", "employee_id", "name", "designation"]
    assert [r[0] for r in rows[1:]] == ["e1", "e2", "e3"]
    assert rows[2][3] == "'" + dataset.FORMULA_NAME  # shown as text, never run as a formula
    gaps = list(csv.reader(io.StringIO(_download(ADMIN.get("/orgs/o1/reports/gaps.csv").json()["url"]))))
    assert len(gaps) == 6
    other = OTHER_ADMIN.get("/orgs/o2/reports/plans.csv").json()
    assert other["rows"] == 0 and _download(other["url"]).count("\r\n") == 1  # the header only


def test_months_of_an_older_run_stop_counting(refreshed: local.LocalRun, tmp_path: Path) -> None:
    db.table().delete_item(Key={"PK": "ENROLMENT#e2", "SK": "META"})
    for sk in ("KARMA#FIRST_LOGIN#account",):
        db.table().delete_item(Key={"PK": "USER#u1", "SK": sk})
    local.refresh_here(tmp_path / "second")
    body = ADMIN.get("/orgs/o1/insights", query=RANGE).json()
    assert body["byMonth"][0]["enrolments"] == 1 and body["byMonth"][0]["karma"] == 0


def test_a_range_with_one_end_takes_twelve_months(resources: Any) -> None:
    from karmayogi.platform import clock

    _seed()
    clock.set_now(clock.parse_iso("2026-12-07T10:00:00+05:30"))
    assert [(b["from"], b["to"]) for b in (ADMIN.get("/orgs/o1/insights").json(),
                                           ADMIN.get("/orgs/o1/insights", query={"from": "2026-05"}).json(),
                                           ADMIN.get("/orgs/o1/insights", query={"from": "2027-03"}).json(),
                                           ADMIN.get("/orgs/o1/insights", query={"to": "2026-03"}).json())] == [
        ("2026-01", "2026-12"), ("2026-05", "2026-12"), ("2027-03", "2027-03"), ("2025-04", "2026-03")]
