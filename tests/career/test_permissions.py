"""Every route of the career hub for a learner, another org's admin, the posting org's admin and an SPV
admin (and no caller at all)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from karmayogi.platform import clock
from tests.competency import support
from tests.conftest import ApiClient

PERSONAS = ("learner", "other_admin", "admin", "spv")
OPENING = {"title": "Deputy Director (Training)", "description": "Training plans.", "location": "New Delhi",
           "closingDate": "2026-06-30", "requiredCompetencies": [{"competencyId": "c-integrity", "level": 3}]}


def test_every_career_route_for_every_kind_of_caller(world):
    clock.set_now(datetime(2026, 6, 1, tzinfo=UTC))
    for org_id in ("dopt", "mof", "mopp"):
        support.require(org_id, "under-secretary", {"c-integrity": 3})
    clients = {name: ApiClient(getattr(world, name)["claims"]) for name in PERSONAS}
    opening = clients["admin"].post("/career/openings", OPENING).json()
    applications = {name: clients[name].post(f"/career/openings/{opening['id']}/applications").json()
                    for name in ("learner", "other_admin")}
    transitions = {"admin": ("learner", "SHORTLISTED"), "spv": ("other_admin", "REJECTED"),
                   "learner": ("learner", "SHORTLISTED"), "other_admin": ("learner", "SHORTLISTED")}

    def change_status(client: ApiClient, name: str) -> int:
        whose, status = transitions[name]
        return client.post(f"/career/applications/{applications[whose]['id']}/status", {"status": status}).status

    def apply(client: ApiClient, name: str) -> int:
        target = clients["admin"].post("/career/openings", {**OPENING, "title": f"Opening for {name}"}).json()
        return client.post(f"/career/openings/{target['id']}/applications").status

    routes: list[tuple[str, Callable[[ApiClient, str], int], tuple[int, int, int, int]]] = [
        # route, call, expected for (learner, other org's admin, posting org's admin, SPV)
        ("GET /career/paths", lambda c, _: c.get("/career/paths").status, (200, 200, 200, 200)),
        ("GET /me/career/readiness", lambda c, _: c.get("/me/career/readiness",
                                                        query={"targetRole": "under-secretary"}).status,
         (200, 200, 200, 200)),
        ("GET /career/openings", lambda c, _: c.get("/career/openings").status, (200, 200, 200, 200)),
        ("POST /career/openings", lambda c, _: c.post("/career/openings", OPENING).status, (403, 201, 201, 403)),
        ("GET /career/openings/{id}", lambda c, _: c.get(f"/career/openings/{opening['id']}").status,
         (200, 200, 200, 200)),
        ("POST /career/openings/{id}/applications", apply, (201, 201, 201, 201)),
        ("GET /career/openings/{id}/applications",
         lambda c, _: c.get(f"/career/openings/{opening['id']}/applications").status, (403, 403, 200, 200)),
        ("POST /career/applications/{id}/status", change_status, (403, 403, 200, 200)),
        ("GET /me/applications", lambda c, _: c.get("/me/applications").status, (200, 200, 200, 200)),
    ]
    anonymous = ApiClient()
    for route, call, expected in routes:
        got = tuple(call(clients[name], name) for name in PERSONAS)
        assert got == expected, route
        assert call(anonymous, "learner") == 401, route
