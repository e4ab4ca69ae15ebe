"""The competency hub over HTTP on the seeded dev server: a demo learner sees real gaps at once, with the
seeded Live courses recommended; the org's admin sees the org's figures and assigns a plan."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from karmayogi.platform import clock
from local.seed.data.accounts import DEMO_ACCOUNTS_BY_USERNAME, DEMO_PASSWORD
from local.seed.data.career import DESIGNATION_REQUIREMENTS
from local.seed.data.courses import COURSES

pytestmark = pytest.mark.e2e

LEARNER = "priya.sharma@mha.gov.in"  # mha, Assistant Section Officer
ADMIN = "sunita.verma@mha.gov.in"  # MDO_ADMIN of mha


def recommended_for(competency_id: str, required: int, completed: set[str]) -> list[str]:
    """The rule, computed from the seed data: Live courses building the competency to at least the
    level, not completed, highest level first, then shortest, then title."""
    candidates = [(level, c.duration_minutes, c.title, c.id) for c in COURSES for cid, level in c.competencies
                  if cid == competency_id and level >= required and c.id not in completed]
    return [course_id for _, _, _, course_id in sorted(candidates, key=lambda c: (-c[0], c[1], c[2], c[3]))][:5]


def test_a_demo_learner_sees_real_gaps_at_once(dev_server):
    token = dev_server.login(LEARNER, DEMO_PASSWORD)
    account = DEMO_ACCOUNTS_BY_USERNAME[LEARNER]
    response = dev_server.request("GET", "/me/competency-gaps", token=token)
    assert response.status == 200
    body = response.json()
    assert (body["orgId"], body["designationId"]) == (account.org_id, account.designation_id)
    passbook = dev_server.request("GET", "/me/competencies?limit=100", token=token).json()["items"]
    current = {item["competencyId"]: item["level"] for item in passbook}
    required = dict(DESIGNATION_REQUIREMENTS[account.designation_id])
    expected = sorted(((c, level, current.get(c, 0)) for c, level in required.items() if current.get(c, 0) < level),
                      key=lambda g: (g[2] - g[1], g[0]))
    assert expected, "the seeded learner should start with gaps"
    assert [(g["competencyId"], g["requiredLevel"], g["currentLevel"]) for g in body["items"]] == expected
    certificates = dev_server.request("GET", "/me/certificates?limit=100", token=token)
    completed = {c.get("courseId") for c in certificates.json().get("items", [])} if certificates.status == 200 else set()
    for gap in body["items"]:
        assert [c["id"] for c in gap["recommendedCourses"]] == recommended_for(
            gap["competencyId"], gap["requiredLevel"], completed), gap["competencyId"]
    assert any(gap["recommendedCourses"] for gap in body["items"])


def test_the_org_admin_sees_the_orgs_figures_and_assigns_a_plan(dev_server):
    admin = dev_server.login(ADMIN, DEMO_PASSWORD)
    learner = dev_server.login(LEARNER, DEMO_PASSWORD)
    account = DEMO_ACCOUNTS_BY_USERNAME[LEARNER]
    view = dev_server.request("GET", "/orgs/mha/competency-gaps?limit=100", token=admin)
    assert view.status == 200
    rows = {item["designationId"]: item for item in view.json()["items"]}
    assert set(rows) == set(DESIGNATION_REQUIREMENTS)  # every seeded designation mapping of the org
    aso = rows[account.designation_id]
    assert aso["officers"] >= 1  # the demo learner counts
    assert all(row["meeting"] + row["lacking"] == aso["officers"] for row in aso["competencies"])
    assert dev_server.request("GET", "/orgs/mha/competency-gaps", token=learner).status == 403
    assert dev_server.request("GET", "/orgs/dopt/competency-gaps", token=admin).status == 403

    now = dev_server.request("GET", "/_local/clock").json()
    due = (clock.parse_iso(now["now"]) + timedelta(days=30)).date().isoformat()
    course_ids = [c.id for c in COURSES if any(cid == "c-e-office" for cid, _ in c.competencies)][:2]
    plan: dict[str, Any] = dev_server.request("POST", "/orgs/mha/plans", {
        "name": "ASO onboarding", "courseIds": course_ids,
        "assignTo": {"designations": [account.designation_id], "userIds": []}, "dueDate": due}, token=admin).json()
    assert plan["status"] == "DRAFT", plan
    published = dev_server.request("POST", f"/orgs/mha/plans/{plan['id']}/publish", {"version": plan["version"]},
                                   token=admin)
    assert published.status == 200 and published.json()["status"] == "LIVE"
    mine = dev_server.request("GET", "/me/plans", token=learner).json()
    assert plan["id"] in [p["planId"] for p in mine["upcoming"]]
