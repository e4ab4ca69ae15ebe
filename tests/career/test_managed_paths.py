"""Managed career paths (issue 18 item 4): SPV admins add and edit ladders; their steps are what
`GET /career/paths` and readiness read; bad input is a 4xx with its code and nothing half-written."""

from __future__ import annotations

from typing import Any

import pytest

from functions.career import repository_ladders
from karmayogi.domain import refcache
from karmayogi.platform import db, keys
from tests.competency import support
from tests.conftest import ApiClient


def client(user: dict[str, Any]) -> ApiClient:
    return ApiClient(user["claims"])


LADDER = {
    "title": "Secretariat ladder",
    "rungs": [
        {"designationId": "section-officer"},
        {"designationId": "under-secretary", "requiredCompetencies": [{"competencyId": "c-integrity", "level": 3}]},
    ],
}
# the fixture's ladder (tests/career/conftest.py) has section-officer → under-secretary already (seeded, no
# path): a managed path starts from the assistant section officer instead
ASO_LADDER = {
    "title": "Assistant to Under Secretary",
    "rungs": [
        {"designationId": "assistant-section-officer"},
        {"designationId": "under-secretary",
         "requiredCompetencies": [{"competencyId": "c-integrity", "level": 3}, {"competencyId": "c-e-office", "level": 2}]},
    ],
}


def _code(response: Any) -> str:
    return response.json()["error"]["code"]


def test_spv_creates_a_path_whose_steps_are_the_role_ladders(world):
    spv, learner = client(world.spv), client(world.learner)
    response = spv.post("/career/paths", ASO_LADDER)
    assert response.status == 201, response.body
    ladder = response.json()
    assert ladder["version"] == 1 and ladder["title"] == "Assistant to Under Secretary"
    assert ladder["rungs"][1]["designationName"] == "Under Secretary"
    assert ladder["rungs"][1]["requiredCompetencies"][0] == {"competencyId": "c-integrity", "name": "Integrity",
                                                             "level": 3}
    steps = learner.get("/career/paths", query={"designation": "assistant-section-officer"}).json()["items"]
    new = [s for s in steps if s["toRole"] == "under-secretary"]
    assert new and new[0]["pathId"] == ladder["id"] and new[0]["pathTitle"] == "Assistant to Under Secretary"
    assert learner.get(f"/career/paths/{ladder['id']}").json() == ladder


def test_an_edit_replaces_the_steps_and_readiness_follows(world):
    spv, learner = client(world.spv), client(world.learner)
    ladder = spv.post("/career/paths", {"title": "Section to Director", "rungs": [
        {"designationId": "section-officer"},
        {"designationId": "assistant-section-officer", "requiredCompetencies": [{"competencyId": "c-e-office",
                                                                                 "level": 5}]},
    ]}).json()
    before = learner.get("/me/career/readiness", query={"targetRole": "assistant-section-officer"}).json()
    assert before["basis"] == "path" and before["requirements"][0]["requiredLevel"] == 5
    edited = spv.patch(f"/career/paths/{ladder['id']}", {"version": 1, "title": "Section ladder", "rungs": [
        {"designationId": "section-officer"},
        {"designationId": "assistant-section-officer", "requiredCompetencies": [{"competencyId": "c-e-office",
                                                                                 "level": 1}]},
    ]})
    assert edited.status == 200, edited.body
    assert edited.json()["version"] == 2 and edited.json()["title"] == "Section ladder"
    after = learner.get("/me/career/readiness", query={"targetRole": "assistant-section-officer"}).json()
    assert after["requirements"][0]["requiredLevel"] == 1
    # a step the ladder no longer has is gone
    moved = spv.patch(f"/career/paths/{ladder['id']}", {"rungs": [
        {"designationId": "under-secretary"}, {"designationId": "assistant-section-officer"}]})
    assert moved.status == 200, moved.body
    assert db.get(*keys.career_path_key("section-officer", "assistant-section-officer")) is None
    assert db.get(*keys.career_path_key("under-secretary", "assistant-section-officer"))["pathId"] == ladder["id"]


@pytest.mark.parametrize(("rungs", "code"), [
    ([{"designationId": "section-officer"}, {"designationId": "no-such-designation"}], "UNKNOWN_DESIGNATION"),
    ([{"designationId": "section-officer"},
      {"designationId": "assistant-section-officer", "requiredCompetencies": [{"competencyId": "c-flying",
                                                                               "level": 2}]}], "UNKNOWN_COMPETENCY"),
    ([{"designationId": "section-officer"}], "VALIDATION_ERROR"),
    ([{"designationId": "section-officer"}, {"designationId": "section-officer"}], "VALIDATION_ERROR"),
    ([{"designationId": "section-officer"},
      {"designationId": "under-secretary", "requiredCompetencies": [{"competencyId": "c-integrity", "level": 6}]}],
     "VALIDATION_ERROR"),
    ([{"designationId": "section-officer", "requiredCompetencies": [{"competencyId": "c-integrity", "level": 1}]},
      {"designationId": "assistant-section-officer"}], "VALIDATION_ERROR"),
    ([{"designationId": "section-officer"},
      {"designationId": "assistant-section-officer", "requiredCompetencies": [{"competencyId": "c-integrity",
                                                                               "level": 2}] * 2}],
     "VALIDATION_ERROR"),
])
def test_bad_rungs_are_400_and_nothing_is_written(world, rungs, code):
    response = client(world.spv).post("/career/paths", {"title": "Bad ladder", "rungs": rungs})
    assert response.status == 400, response.body
    assert _code(response) == code
    assert db.get(*keys.career_path_key("section-officer", "assistant-section-officer")) is None


def test_a_step_of_another_path_is_409(world):
    spv = client(world.spv)
    taken = spv.post("/career/paths", LADDER)  # section-officer → under-secretary is the seeded ladder's
    assert taken.status == 409 and _code(taken) == "CAREER_STEP_TAKEN"
    first = spv.post("/career/paths", ASO_LADDER).json()
    second = spv.post("/career/paths", {**ASO_LADDER, "title": "Copy"})
    assert second.status == 409 and _code(second) == "CAREER_STEP_TAKEN"
    step = db.get(*keys.career_path_key("assistant-section-officer", "under-secretary"))
    assert step["pathId"] == first["id"] and step["pathTitle"] == "Assistant to Under Secretary"


def test_stale_versions_and_unknown_paths(world):
    spv = client(world.spv)
    ladder = spv.post("/career/paths", ASO_LADDER).json()
    assert spv.patch(f"/career/paths/{ladder['id']}", {"title": "Renamed", "version": 1}).status == 200
    stale = spv.patch(f"/career/paths/{ladder['id']}", {"title": "Again", "version": 1})
    assert stale.status == 409 and _code(stale) == "VERSION_CONFLICT"
    assert spv.patch("/career/paths/nope", {"title": "Whatever"}).status == 404
    assert spv.get("/career/paths/nope").status == 404


def test_only_spv_admins_manage_career_paths(world):
    spv = client(world.spv)
    ladder = spv.post("/career/paths", ASO_LADDER).json()
    for user in (world.learner, world.admin, world.leader):
        assert client(user).post("/career/paths", {**ASO_LADDER, "title": "Mine"}).status == 403
        assert client(user).patch(f"/career/paths/{ladder['id']}", {"title": "Mine"}).status == 403
    assert repository_ladders.get_ladder(ladder["id"])["title"] == ASO_LADDER["title"]


def test_a_new_step_reaches_another_containers_readiness_after_the_ttl(world, monkeypatch):
    """Readiness remembers that a step is absent (reference cache); another container's new path is
    served once the entry's time to live has passed (the cache's clock is moved, nobody sleeps)."""
    now = [5000.0]
    monkeypatch.setattr(refcache.time, "monotonic", lambda: now[0])
    refcache.reset()
    learner, spv = client(world.learner), client(world.spv)
    support.require("dopt", "assistant-section-officer", {"c-integrity": 1})  # the org's own requirements
    target = {"targetRole": "assistant-section-officer"}
    assert learner.get("/me/career/readiness", query=target).json()["basis"] == "designation"
    monkeypatch.setattr(refcache, "forget", lambda *_: None)  # as if another container wrote
    assert spv.post("/career/paths", {"title": "Down a rung", "rungs": [
        {"designationId": "section-officer"},
        {"designationId": "assistant-section-officer",
         "requiredCompetencies": [{"competencyId": "c-e-office", "level": 2}]}]}).status == 201
    assert learner.get("/me/career/readiness", query=target).json()["basis"] == "designation"
    now[0] += refcache.TTL_SECONDS + 1
    assert learner.get("/me/career/readiness", query=target).json()["basis"] == "path"
