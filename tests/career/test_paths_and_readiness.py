"""Role ladders and a learner's readiness for a target role, on known fixtures with exact numbers."""

from __future__ import annotations

from typing import Any

from functions.career.service import readiness_percent
from karmayogi.domain import completions, passbook
from karmayogi.domain.passbook import PassbookEntry
from tests.competency import support
from tests.conftest import ApiClient


def client(user: dict[str, Any]) -> ApiClient:
    return ApiClient(user["claims"])


def test_readiness_percent_is_the_mean_of_capped_ratios_rounded_half_up():
    assert readiness_percent({}, {}) == 100
    assert readiness_percent({"a": 1, "b": 3}, {"a": 2, "b": 3}) == 75
    assert readiness_percent({"a": 2}, {"a": 3}) == 67
    assert readiness_percent({"a": 1, "c": 5}, {"a": 4, "b": 2, "c": 5}) == 42  # (0.25 + 0 + 1) / 3
    assert readiness_percent({"a": 1}, {"a": 4, "b": 2}) == 13  # 12.5 rounds half up
    assert readiness_percent({"a": 5, "b": 5}, {"a": 2, "b": 1}) == 100  # above the need counts as 1
    assert readiness_percent({"z": 5}, {"a": 1}) == 0


def test_paths_by_designation_and_all(world, api):
    learner = client(world.learner)
    response = learner.get("/career/paths", query={"designation": "assistant-section-officer"})
    assert response.status == 200
    assert response.json() == {"items": [{
        "fromRole": "assistant-section-officer", "fromRoleName": "Assistant Section Officer",
        "toRole": "section-officer", "toRoleName": "Section Officer",
        "requiredCompetencies": [
            {"competencyId": "c-noting-drafting", "name": "Noting and Drafting", "level": 3},
            {"competencyId": "c-e-office", "name": "e-Office", "level": 3},
            {"competencyId": "c-team-work", "name": "Team Work", "level": 2},
            {"competencyId": "c-rti-handling", "name": "RTI Handling", "level": 2}],
        "pathId": None, "pathTitle": None}], "nextCursor": None}
    everything = learner.get("/career/paths", query={"limit": 1}).json()
    assert [p["toRole"] for p in everything["items"]] == ["section-officer"]
    rest = learner.get("/career/paths", query={"limit": 1, "cursor": everything["nextCursor"]}).json()
    assert [p["toRole"] for p in rest["items"]] == ["under-secretary"]
    assert learner.get("/career/paths", query={"designation": "astronaut"}).json()["items"] == []
    assert api.get("/career/paths").status == 401


def test_readiness_along_the_ladder_with_exact_numbers(world):
    support.live_course("noting-4", "Advanced Noting", [("c-noting-drafting", 4)], 300)
    support.live_course("noting-3", "Noting and Drafting", [("c-noting-drafting", 3)], 120)
    support.live_course("team-2", "Working in Teams", [("c-team-work", 2)], 30)
    support.live_course("rti-2", "RTI Handling", [("c-rti-handling", 2)], 60)
    aso = support.joined(designation_id="assistant-section-officer")
    passbook.replace_self_declared(aso["userId"], [PassbookEntry("c-noting-drafting", 2, "self", "profile"),
                                                   PassbookEntry("c-team-work", 1, "self", "profile")])
    completions.course_completed(aso["userId"], "dopt", "eoffice", [("c-e-office", 3)], "2026-01-05T00:00:00+00:00",
                                 "cert-1")
    completions.course_completed(aso["userId"], "dopt", "rti-2", [("c-rti-handling", 1)], "2026-01-06T00:00:00+00:00",
                                 "cert-2")
    response = client(aso).get("/me/career/readiness", query={"targetRole": "section-officer"})
    assert response.status == 200, response.json()
    body = response.json()
    # noting 2/3, e-office 3/3, team work 1/2, RTI 1/2: (0.667 + 1 + 0.5 + 0.5) / 4 = 66.67% → 67
    assert body["readinessPercent"] == 67
    assert (body["basis"], body["fromRole"], body["targetRole"], body["targetRoleName"]) == (
        "path", "assistant-section-officer", "section-officer", "Section Officer")
    assert [(g["competencyId"], g["requiredLevel"], g["currentLevel"]) for g in body["gaps"]] == [
        ("c-noting-drafting", 3, 2), ("c-rti-handling", 2, 1), ("c-team-work", 2, 1)]
    assert [(r["competencyId"], r["currentLevel"]) for r in body["requirements"]] == [
        ("c-e-office", 3), ("c-noting-drafting", 2), ("c-rti-handling", 1), ("c-team-work", 1)]
    # Courses for the gaps, largest shortfall first, best course first; the completed RTI course is
    # not recommended again.
    assert [(c["id"], c["competencyId"]) for c in body["recommendedCourses"]] == [
        ("noting-4", "c-noting-drafting"), ("noting-3", "c-noting-drafting"), ("team-2", "c-team-work")]


def test_readiness_falls_back_to_the_orgs_designation_requirements(world):
    support.require("dopt", "under-secretary", {"c-integrity": 4, "c-e-office": 2})
    # The learner is a section officer: the ladder has section officer → under secretary, so that rung's
    # requirements apply; an assistant section officer has no rung to under secretary: the org's.
    aso = support.joined(designation_id="assistant-section-officer")
    passbook.record_competencies(aso["userId"], [PassbookEntry("c-integrity", 3, "course", "c1"),
                                                 PassbookEntry("c-e-office", 2, "course", "c2")])
    body = client(aso).get("/me/career/readiness", query={"targetRole": "under-secretary"}).json()
    assert body["basis"] == "designation"
    assert body["readinessPercent"] == 88  # (3/4 + 1) / 2 = 87.5 → 88
    assert [(g["competencyId"], g["requiredLevel"], g["currentLevel"]) for g in body["gaps"]] == [
        ("c-integrity", 4, 3)]
    ladder = client(world.learner).get("/me/career/readiness", query={"targetRole": "under-secretary"}).json()
    assert ladder["basis"] == "path" and ladder["readinessPercent"] == 0


def test_readiness_for_any_role_a_listed_path_leads_to(world):
    """Bug: an under secretary asking about section officer (the ladder lists assistant section officer →
    section officer, nothing from under secretary, and the org sets nothing for section officer) got 404
    NO_REQUIREMENTS. The listed rung into the role says what it needs."""
    listed = client(world.admin).get("/career/paths").json()["items"]
    assert ("assistant-section-officer", "section-officer") in {(p["fromRole"], p["toRole"]) for p in listed}
    passbook.record_competencies(world.admin["userId"], [PassbookEntry("c-e-office", 3, "course", "c1")])
    response = client(world.admin).get("/me/career/readiness", query={"targetRole": "section-officer"})
    assert response.status == 200, response.json()
    body = response.json()
    assert (body["basis"], body["fromRole"], body["pathFromRole"]) == (
        "path", "under-secretary", "assistant-section-officer")
    # noting 0/3, e-office 3/3, team work 0/2, RTI 0/2: 1/4 → 25
    assert body["readinessPercent"] == 25
    assert sorted(r["competencyId"] for r in body["requirements"]) == [
        "c-e-office", "c-noting-drafting", "c-rti-handling", "c-team-work"]
    # The learner's own rung still comes first, and names itself.
    own = client(world.learner).get("/me/career/readiness", query={"targetRole": "under-secretary"}).json()
    assert (own["basis"], own["pathFromRole"]) == ("path", "section-officer")


def test_readiness_errors(world, api):
    learner = client(world.learner)
    unknown = learner.get("/me/career/readiness", query={"targetRole": "astronaut"})
    assert unknown.status == 404 and unknown.json()["error"]["code"] == "ROLE_NOT_FOUND"
    nothing = learner.get("/me/career/readiness", query={"targetRole": "assistant-section-officer"})
    assert nothing.status == 404 and nothing.json()["error"]["code"] == "NO_REQUIREMENTS"
    assert nothing.json()["error"]["message"] == "Requirements for this role were not found"
    assert learner.get("/me/career/readiness").status == 400
    assert learner.get("/me/career/readiness", query={"targetRole": ""}).status == 400
    assert api.get("/me/career/readiness", query={"targetRole": "section-officer"}).status == 401


def test_readiness_percent_matches_exact_rational_arithmetic():
    from fractions import Fraction
    from itertools import product

    for required in product(range(1, 6), repeat=2):
        for current in product(range(0, 6), repeat=2):
            requirements = {"a": required[0], "b": required[1]}
            levels = {"a": current[0], "b": current[1]}
            mean = sum(min(Fraction(c, r), Fraction(1)) for c, r in zip(current, required, strict=True)) / 2
            assert readiness_percent(levels, requirements) == int(mean * 100 + Fraction(1, 2)), (levels, requirements)


def test_readiness_is_two_requests_on_a_warm_container(world):
    """Issue 8: the designation, the ladder rung, the competency names and the Live courses come from the
    container's reference cache; the profile with the competency summary is one request, the completions
    of the candidate courses another."""
    from collections import Counter

    from tests.competency.support import counting

    support.live_course("noting-4", "Advanced Noting", [("c-noting-drafting", 4)], 300)
    first = client(world.learner).get("/me/career/readiness", query={"targetRole": "under-secretary"}).json()
    with counting() as calls:
        again = client(world.learner).get("/me/career/readiness", query={"targetRole": "under-secretary"}).json()
    assert again == first and calls == Counter({"BatchGetItem": 2})
    assert [c["id"] for c in again["recommendedCourses"]] == ["noting-4"]
