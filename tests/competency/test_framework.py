"""The competency framework: listing, search, one competency, and who may add or edit (SPV_ADMIN; an
MDO_ADMIN only their own org's domain competencies)."""

from __future__ import annotations

from typing import Any

from tests.competency.support import LEVELS

NEW = {
    "name": "Coastal Zone Management",
    "area": "domain",
    "description": "Applies the Coastal Regulation Zone notifications.",
    "levels": [{"level": n, "description": f"Coastal level {n}"} for n in range(1, 6)],
}


def ids(response: Any) -> list[str]:
    return [item["id"] for item in response.json()["items"]]


def test_the_framework_is_listed_by_name_and_paged(world, as_user):
    client = as_user(world.learner)
    first = client.get("/competencies", query={"limit": 4})
    assert first.status == 200
    assert ids(first) == ["c-e-office", "c-integrity", "c-land-records", "c-noting-drafting"]
    second = client.get("/competencies", query={"limit": 4, "cursor": first.json()["nextCursor"]})
    assert ids(second) == ["c-rti-handling", "c-team-work"]
    assert second.json()["nextCursor"] is None
    one = first.json()["items"][1]
    assert one == {"id": "c-integrity", "name": "Integrity", "nameHi": None, "area": "behavioural",
                   "description": "Acts honestly.", "levels": LEVELS, "ownerOrgId": None, "version": 1}


def test_area_filter_and_word_prefix_search(world, as_user):
    client = as_user(world.learner)
    assert ids(client.get("/competencies", query={"area": "functional"})) == [
        "c-e-office", "c-noting-drafting", "c-rti-handling"]
    assert ids(client.get("/competencies", query={"q": "draf"})) == ["c-noting-drafting"]
    assert ids(client.get("/competencies", query={"q": "TEAM wo"})) == ["c-team-work"]
    assert ids(client.get("/competencies", query={"q": "re", "area": "domain"})) == ["c-land-records"]
    assert ids(client.get("/competencies", query={"q": "re", "area": "behavioural"})) == []


BAD_QUERIES = [
    ({"area": "technical"}, "VALIDATION_ERROR"),
    ({"q": "x"}, "QUERY_TOO_SHORT"),
    ({"limit": 0}, "VALIDATION_ERROR"),
    ({"limit": 101}, "VALIDATION_ERROR"),
    ({"cursor": "not-a-cursor"}, "INVALID_CURSOR"),
]


def test_bad_list_queries_are_400(world, as_user):
    for query, code in BAD_QUERIES:
        response = as_user(world.learner).get("/competencies", query=query)
        assert response.status == 400, query
        assert response.json()["error"]["code"] == code, query


def test_one_competency_and_404(world, as_user, api):
    client = as_user(world.learner)
    assert client.get("/competencies/c-e-office").json()["name"] == "e-Office"
    missing = client.get("/competencies/c-nothing")
    assert missing.status == 404
    assert missing.json()["error"]["code"] == "NOT_FOUND"
    assert api.get("/competencies").status == 401
    assert api.get("/competencies/c-e-office").status == 401


def test_who_may_add_competencies(world, as_user, api):
    assert api.post("/competencies", NEW).status == 401
    assert as_user(world.learner).post("/competencies", NEW).status == 403
    assert as_user(world.leader).post("/competencies", NEW).status == 403
    functional = as_user(world.admin).post("/competencies", {**NEW, "area": "functional"})
    assert functional.status == 403
    mine = as_user(world.admin).post("/competencies", NEW)
    assert mine.status == 201
    body = mine.json()
    assert body["ownerOrgId"] == "dopt" and body["area"] == "domain" and body["version"] == 1
    assert [level["name"] for level in body["levels"]] == ["Basic", "Developing", "Proficient", "Advanced", "Expert"]
    platform = as_user(world.spv).post("/competencies", {**NEW, "area": "behavioural", "name": "Resilience"})
    assert platform.status == 201
    assert platform.json()["ownerOrgId"] is None
    client = as_user(world.learner)
    assert client.get(f"/competencies/{body['id']}").json() == body
    assert ids(client.get("/competencies", query={"q": "coastal"})) == [body["id"]]


INVALID_CHANGES: list[dict[str, Any]] = [
    {"levels": NEW["levels"][:4]},
    {"levels": [*NEW["levels"][:4], {"level": 4, "description": "again"}]},
    {"levels": [*NEW["levels"][:4], {"level": 6, "description": "six"}]},
    {"description": ""},
    {"name": "x"},
    {"area": "Domain"},
    {"colour": "blue"},
    {"levels": "five"},
]


def test_invalid_competencies_are_400_naming_the_field(world, as_user):
    for change in INVALID_CHANGES:
        response = as_user(world.spv).post("/competencies", {**NEW, **change})
        assert response.status == 400, change
        assert response.json()["error"]["code"] == "VALIDATION_ERROR", change
        assert response.json()["error"]["details"], change


def test_edits_are_version_checked_and_owned(world, as_user):
    created = as_user(world.admin).post("/competencies", NEW).json()
    url = f"/competencies/{created['id']}"
    assert as_user(world.learner).put(url, {"version": 1, "name": "Coastal Zones"}).status == 403
    assert as_user(world.other_admin).put(url, {"version": 1, "name": "Coastal Zones"}).status == 403
    renamed = as_user(world.admin).put(url, {"version": 1, "name": "Coastal Regulation"})
    assert renamed.status == 200
    assert renamed.json()["name"] == "Coastal Regulation" and renamed.json()["version"] == 2
    stale = as_user(world.admin).put(url, {"version": 1, "description": "late"})
    assert stale.status == 409
    assert stale.json()["error"]["code"] == "VERSION_CONFLICT"
    by_spv = as_user(world.spv).put(url, {"version": 2, "levels": LEVELS})
    assert by_spv.status == 200 and by_spv.json()["levels"][0]["description"] == "Level 1 of the competency"
    # An MDO admin may not edit the platform's competencies; SPV may.
    assert as_user(world.admin).put("/competencies/c-integrity", {"version": 1, "name": "Probity"}).status == 403
    assert as_user(world.spv).put("/competencies/c-integrity", {"version": 1, "name": "Probity"}).status == 200
    assert as_user(world.spv).put("/competencies/c-none", {"version": 1, "name": "Probity"}).status == 404
    assert as_user(world.spv).put(url, {"name": "no version"}).status == 400
    # Search follows the rename: the old word is gone, the new one finds it, the item is current.
    client = as_user(world.learner)
    assert ids(client.get("/competencies", query={"q": "coastal"})) == [created["id"]]
    assert ids(client.get("/competencies", query={"q": "zone"})) == []
    assert client.get("/competencies", query={"q": "regul"}).json()["items"][0]["version"] == 3
    assert ids(client.get("/competencies", query={"q": "probity"})) == ["c-integrity"]
    assert ids(client.get("/competencies", query={"q": "integ"})) == []


def test_odd_searches_and_idempotent_creation(world, as_user):
    client = as_user(world.learner)
    assert client.get("/competencies", query={"q": "!!"}).json() == {"items": [], "nextCursor": None}
    assert client.get("/competencies", query={"q": "नैतिकता"}).json()["items"] == []
    key = {"Idempotency-Key": "create-coastal-1"}
    first = as_user(world.admin).post("/competencies", NEW, headers=key)
    again = as_user(world.admin).post("/competencies", NEW, headers=key)
    assert first.status == again.status == 201
    assert first.json() == again.json()
    assert ids(client.get("/competencies", query={"q": "coastal"})) == [first.json()["id"]]


def test_a_competency_may_carry_a_hindi_name(world, as_user):
    spv = as_user(world.spv)
    created = spv.post("/competencies", {**NEW, "nameHi": "तटीय क्षेत्र प्रबंधन"})
    assert created.status == 201, created.json()
    assert created.json()["nameHi"] == "तटीय क्षेत्र प्रबंधन"
    one = created.json()
    changed = spv.put(f"/competencies/{one['id']}", {"version": one["version"], "nameHi": "तटीय प्रबंधन"})
    assert changed.status == 200 and changed.json()["nameHi"] == "तटीय प्रबंधन" and changed.json()["name"] == NEW["name"]
    assert as_user(world.learner).get(f"/competencies/{one['id']}").json()["nameHi"] == "तटीय प्रबंधन"
