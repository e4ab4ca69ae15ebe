"""Nothing a client can send makes the competency or career hub answer 500: odd bodies, odd ids in the
path, odd query values."""

from __future__ import annotations

from typing import Any

from tests.conftest import ApiClient

ODD_BODIES: list[Any] = [None, [], "text", 7, True, {"version": "one"}, {"requirements": None}, {"csv": ["a"]},
              {"status": {"nested": [1, 2]}}, {"name": "\u0000" * 3}, {"a" * 300: 1}]
ODD_IDS = ["x" * 200, "%E0%A4", "a#b", "..", "COMPETENCY%23c-integrity", "नैतिकता", "null", "0"]
WRITE_ROUTES = [
    ("POST", "/competencies"), ("PUT", "/competencies/{id}"),
    ("PUT", "/orgs/{id}/designation-competencies/{id}"), ("POST", "/orgs/{id}/designation-competencies/upload"),
    ("POST", "/orgs/{id}/plans"), ("PUT", "/orgs/{id}/plans/{id}"), ("POST", "/orgs/{id}/plans/{id}/publish"),
    ("POST", "/orgs/{id}/plans/{id}/retire"), ("POST", "/career/openings"),
    ("POST", "/career/openings/{id}/applications"), ("POST", "/career/applications/{id}/status"),
]
READ_ROUTES = [
    "/competencies/{id}", "/orgs/{id}/designation-competencies", "/orgs/{id}/competency-gaps", "/orgs/{id}/plans",
    "/career/openings/{id}", "/career/openings/{id}/applications",
]
ODD_QUERIES = [
    ("/competencies", {"q": "%%%"}), ("/competencies", {"q": "a" * 101}), ("/competencies", {"area": ""}),
    ("/competencies", {"limit": "ten"}), ("/competencies", {"limit": "-1"}), ("/me/competencies", {"cursor": "x" * 3000}),
    ("/career/paths", {"designation": "'; DROP TABLE"}), ("/me/career/readiness", {"targetRole": "x" * 81}),
    ("/career/openings", {"orgId": "é"}), ("/me/applications", {"cursor": "eyJrIjp7fX0"}),
]


def test_no_odd_input_is_a_500(world):
    spv = ApiClient(world.spv["claims"])
    learner = ApiClient(world.learner["claims"])
    for method, template in WRITE_ROUTES:
        for odd_id in [*ODD_IDS[:4], "dopt", "c-integrity"]:
            path = template.replace("{id}", odd_id)
            for body in ODD_BODIES:
                response = spv.request(method, path, body)
                assert response.status < 500, (method, path, body, response.json())
                assert "error" in response.json(), (method, path, body)
    for template in READ_ROUTES:
        for odd_id in ODD_IDS:
            response = spv.get(template.replace("{id}", odd_id))
            assert response.status in (200, 400, 403, 404), (template, odd_id, response.json())
    for path, query in ODD_QUERIES:
        response = learner.get(path, query=query)
        assert response.status < 500, (path, query, response.json())
