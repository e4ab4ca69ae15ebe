"""The public directory: health, organisations and designations, with paging, filters and search."""

from __future__ import annotations

from functions.auth import repository

ORGS = [
    {"id": "mof", "name": "Ministry of Finance", "type": "ministry", "emailDomains": ["finmin.gov.in"]},
    {"id": "mha", "name": "Ministry of Home Affairs", "type": "ministry", "emailDomains": ["mha.gov.in"]},
    {
        "id": "dor",
        "name": "Department of Revenue",
        "type": "department",
        "parentId": "mof",
        "emailDomains": ["dor.gov.in"],
    },
    {
        "id": "doe",
        "name": "Department of Expenditure",
        "type": "department",
        "parentId": "mof",
        "emailDomains": ["doe.gov.in"],
    },
    {"id": "state-kerala", "name": "Kerala", "type": "state", "emailDomains": ["kerala.gov.in"]},
]


def seed() -> None:
    repository.put_orgs(ORGS)
    repository.put_designations(
        [
            {"id": "so", "name": "Section Officer", "nameHi": "अनुभाग अधिकारी"},
            {"id": "us", "name": "Under Secretary"},
            {"id": "aso", "name": "Assistant Section Officer"},
        ]
    )


def test_health_is_public(api):
    response = api.get("/health")
    assert response.status == 200
    assert response.json() == {"status": "ok"}


def test_orgs_filter_by_type_in_name_order(api):
    seed()
    response = api.get("/orgs", query={"type": "ministry"})
    assert response.status == 200
    body = response.json()
    assert [o["name"] for o in body["items"]] == ["Ministry of Finance", "Ministry of Home Affairs"]
    assert body["items"][0]["emailDomains"] == ["finmin.gov.in"]
    assert body["nextCursor"] is None


def test_orgs_by_parent_and_paging_with_cursor(api):
    seed()
    first = api.get("/orgs", query={"parentId": "mof", "limit": 1}).json()
    assert [o["id"] for o in first["items"]] == ["doe"]
    assert first["nextCursor"]
    second = api.get("/orgs", query={"parentId": "mof", "limit": 1, "cursor": first["nextCursor"]}).json()
    assert [o["id"] for o in second["items"]] == ["dor"]


def test_orgs_search_by_word_prefix(api):
    seed()
    body = api.get("/orgs", query={"q": "reven"}).json()
    assert [o["id"] for o in body["items"]] == ["dor"]
    body = api.get("/orgs", query={"q": "ministry ho"}).json()
    assert [o["id"] for o in body["items"]] == ["mha"]


def test_forged_or_foreign_cursor_is_a_400(api):
    seed()
    cursor = api.get("/orgs", query={"parentId": "mof", "limit": 1}).json()["nextCursor"]
    foreign = api.get("/orgs", query={"type": "ministry", "cursor": cursor})
    assert foreign.status == 400
    assert foreign.json()["error"]["code"] == "INVALID_CURSOR"
    forged = api.get("/orgs", query={"cursor": "eyJrIjp7fX0"})
    assert forged.status == 400
    assert forged.json()["error"]["code"] == "INVALID_CURSOR"


def test_bad_query_parameters_are_400_with_fields(api):
    response = api.get("/orgs", query={"type": "planet", "limit": 1000})
    assert response.status == 400
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    fields = {d["field"] for d in error["details"]}
    assert any("type" in f for f in fields) and any("limit" in f for f in fields)


def test_designations_list_and_search(api):
    seed()
    names = [d["name"] for d in api.get("/designations").json()["items"]]
    assert set(names) == {"Section Officer", "Under Secretary", "Assistant Section Officer"}
    found = api.get("/designations", query={"q": "sec"}).json()["items"]
    assert {d["id"] for d in found} == {"so", "us", "aso"}
    # the Hindi name, where the directory has one, for the Hindi UI (listed and found alike)
    assert {d["id"]: d["nameHi"] for d in found} == {"so": "अनुभाग अधिकारी", "us": None, "aso": None}
    assert {d["id"]: d["nameHi"] for d in api.get("/designations").json()["items"]}["so"] == "अनुभाग अधिकारी"


def test_protected_route_without_token_is_401_with_error_body(api):
    response = api.get("/me")
    assert response.status == 401
    assert response.json()["error"]["code"] == "UNAUTHORIZED"


def test_unknown_org_is_404(api):
    response = api.get("/orgs/nope")
    assert response.status == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"
