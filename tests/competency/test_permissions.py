"""Every route of the competency hub for the four callers that matter: a learner of the org, another
org's admin, the org's own admin and an SPV admin (and no caller at all)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from karmayogi.platform import clock
from tests.competency import support
from tests.conftest import ApiClient

LEVELS = [{"level": n, "description": f"Level {n}"} for n in range(1, 6)]
PERSONAS = ("learner", "other_admin", "admin", "spv")


def test_every_competency_route_for_every_kind_of_caller(world):
    clock.set_now(datetime(2026, 6, 1, tzinfo=UTC))
    support.require("dopt", "section-officer", {"c-integrity": 2})
    support.live_course("rti-quick", "RTI in an Hour", [("c-rti-handling", 1)], 60)
    clients = {name: ApiClient(getattr(world, name)["claims"]) for name in PERSONAS}
    admin = clients["admin"]
    owned = admin.post("/competencies", {"name": "Cadre Management", "area": "domain",
                                         "description": "Manages cadres.", "levels": LEVELS}).json()
    plan_body = {"name": "RTI for all", "courseIds": ["rti-quick"], "dueDate": "2026-06-30",
                 "assignTo": {"designations": ["section-officer"], "userIds": []}}
    plans = {name: admin.post("/orgs/dopt/plans", plan_body).json() for name in PERSONAS}
    state = {"competency_version": owned["version"], "mapping_version": 1}

    def put_competency(client: ApiClient, _: str) -> int:
        response = client.put(f"/competencies/{owned['id']}", {"version": state["competency_version"],
                                                                "description": "Manages cadres well."})
        if response.status == 200:
            state["competency_version"] += 1
        return response.status

    def put_mapping(client: ApiClient, _: str) -> int:
        response = client.put("/orgs/dopt/designation-competencies/section-officer", {
            "version": state["mapping_version"], "requirements": [{"competencyId": "c-integrity", "level": 3}]})
        if response.status == 200:
            state["mapping_version"] += 1
        return response.status

    def upload(client: ApiClient, _: str) -> int:
        response = client.post("/orgs/dopt/designation-competencies/upload", {"csv": "under-secretary,c-integrity,2"})
        return response.status

    def plan_action(action: str) -> Callable[[ApiClient, str], int]:
        def run(client: ApiClient, name: str) -> int:
            plan = plans[name]
            if action == "edit":
                return client.put(f"/orgs/dopt/plans/{plan['id']}", {"version": plan["version"], "name": "Edited"}).status
            return client.post(f"/orgs/dopt/plans/{plan['id']}/{action}").status
        return run

    routes: list[tuple[str, Callable[[ApiClient, str], int], tuple[int, int, int, int]]] = [
        # route, call, expected for (learner, other org's admin, own admin, SPV)
        ("GET /competencies", lambda c, _: c.get("/competencies").status, (200, 200, 200, 200)),
        ("POST /competencies (domain)", lambda c, _: c.post("/competencies", {
            "name": "Port Operations", "area": "domain", "description": "Runs ports.", "levels": LEVELS}).status,
         (403, 201, 201, 201)),
        ("GET /competencies/{id}", lambda c, _: c.get(f"/competencies/{owned['id']}").status, (200, 200, 200, 200)),
        ("PUT /competencies/{id}", put_competency, (403, 403, 200, 200)),
        ("GET /me/competencies", lambda c, _: c.get("/me/competencies").status, (200, 200, 200, 200)),
        ("GET /me/competency-gaps", lambda c, _: c.get("/me/competency-gaps").status, (200, 200, 200, 200)),
        ("GET /orgs/{orgId}/designation-competencies",
         lambda c, _: c.get("/orgs/dopt/designation-competencies").status, (200, 403, 200, 200)),
        ("PUT /orgs/{orgId}/designation-competencies/{designationId}", put_mapping, (403, 403, 200, 200)),
        ("POST /orgs/{orgId}/designation-competencies/upload", upload, (403, 403, 200, 200)),
        ("GET /orgs/{orgId}/competency-gaps", lambda c, _: c.get("/orgs/dopt/competency-gaps").status,
         (403, 403, 200, 200)),
        ("POST /orgs/{orgId}/plans", lambda c, _: c.post("/orgs/dopt/plans", plan_body).status, (403, 403, 201, 201)),
        ("GET /orgs/{orgId}/plans", lambda c, _: c.get("/orgs/dopt/plans").status, (403, 403, 200, 200)),
        ("PUT /orgs/{orgId}/plans/{planId}", plan_action("edit"), (403, 403, 200, 200)),
        ("POST /orgs/{orgId}/plans/{planId}/publish", plan_action("publish"), (403, 403, 200, 200)),
        ("POST /orgs/{orgId}/plans/{planId}/retire", plan_action("retire"), (403, 403, 200, 200)),
        ("GET /me/plans", lambda c, _: c.get("/me/plans").status, (200, 200, 200, 200)),
    ]
    anonymous = ApiClient()
    for route, call, expected in routes:
        got = tuple(call(clients[name], name) for name in PERSONAS)
        assert got == expected, route
        assert call(anonymous, "learner") == 401, route
