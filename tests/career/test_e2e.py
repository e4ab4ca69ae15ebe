"""The career hub over HTTP on the seeded dev server: ladders, readiness, the seeded openings, applying
and the posting org's review."""

from __future__ import annotations

import pytest

from local.seed.data.accounts import DEMO_PASSWORD
from local.seed.data.career import CAREER_PATHS

pytestmark = pytest.mark.e2e

LEARNER = "priya.sharma@mha.gov.in"  # mha, Assistant Section Officer
ADMIN = "sunita.verma@mha.gov.in"  # MDO_ADMIN of mha


def test_ladders_readiness_and_an_application_over_http(dev_server):
    learner = dev_server.login(LEARNER, DEMO_PASSWORD)
    admin = dev_server.login(ADMIN, DEMO_PASSWORD)
    paths = dev_server.request("GET", "/career/paths?designation=aso", token=learner).json()["items"]
    rung = next(p for p in CAREER_PATHS if p.from_role == "aso")
    assert [(p["fromRole"], p["toRole"]) for p in paths] == [("aso", rung.to_role)]
    assert [(r["competencyId"], r["level"]) for r in paths[0]["requiredCompetencies"]] == list(
        rung.required_competencies)

    readiness = dev_server.request("GET", "/me/career/readiness?targetRole=so", token=learner)
    assert readiness.status == 200
    body = readiness.json()
    assert body["basis"] == "path" and 0 <= body["readinessPercent"] <= 100
    assert {g["competencyId"] for g in body["gaps"]} <= {c for c, _ in rung.required_competencies}

    openings = dev_server.request("GET", "/career/openings", token=learner).json()["items"]
    mha = next(o for o in openings if o["orgId"] == "mha")
    applied = dev_server.request("POST", f"/career/openings/{mha['id']}/applications", token=learner)
    assert applied.status == 201, applied.json()
    again = dev_server.request("POST", f"/career/openings/{mha['id']}/applications", token=learner)
    assert again.status == 409 and again.json()["error"]["code"] == "ALREADY_APPLIED"
    review = dev_server.request("GET", f"/career/openings/{mha['id']}/applications", token=admin).json()["items"]
    mine = next(a for a in review if a["id"] == applied.json()["id"])
    assert 0 <= mine["readiness"]["readinessPercent"] <= 100
    moved = dev_server.request("POST", f"/career/applications/{mine['id']}/status", {"status": "SHORTLISTED"},
                               token=admin)
    assert moved.status == 200 and moved.json()["status"] == "SHORTLISTED"
    subjects = [m["subject"] for m in dev_server.outbox(LEARNER)]
    assert f"Shortlisted: {mha['title']}" in subjects
