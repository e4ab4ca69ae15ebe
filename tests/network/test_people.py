"""People search and public profiles over HTTP: name prefix (case-insensitive), org and designation
filters, no email or mobile in any people response, blocked users invisible."""

from __future__ import annotations

import pytest

from karmayogi.platform import db
from tests.network.conftest import client, connect


def _names(response):
    assert response.status == 200, response.json()
    return sorted(p["name"] for p in response.json()["items"])


@pytest.fixture
def people(person):
    return {
        "me": person("Meera Joshi"),
        "rajesh": person("Rajesh Kumar", org_id="dopt", designation_id="under-secretary"),
        "rajeev": person("Rajeev Ranjan", org_id="mof", designation_id="section-officer"),
        "raj": person("Anil Raj", org_id="mof", designation_id="under-secretary"),
        "priya": person("Priya Sharma", org_id="dopt", designation_id="section-officer"),
        "hindi": person("राजेश वर्मा", org_id="dopt"),
    }


def test_search_by_name_prefix_case_insensitive(people):
    me = client(people["me"])
    assert _names(me.get("/people", query={"q": "raj"})) == ["Anil Raj", "Rajeev Ranjan", "Rajesh Kumar"]
    assert _names(me.get("/people", query={"q": "RAJE"})) == ["Rajeev Ranjan", "Rajesh Kumar"]
    assert _names(me.get("/people", query={"q": "kumar"})) == ["Rajesh Kumar"]
    assert _names(me.get("/people", query={"q": "raj ran"})) == ["Rajeev Ranjan"]  # every word a prefix
    assert _names(me.get("/people", query={"q": "राजे"})) == ["राजेश वर्मा"]
    assert _names(me.get("/people", query={"q": "zz"})) == []


def test_search_filters_by_org_and_designation(people):
    me = client(people["me"])
    assert _names(me.get("/people", query={"q": "raj", "orgId": "mof"})) == ["Anil Raj", "Rajeev Ranjan"]
    assert _names(me.get("/people", query={"q": "raj", "designation": "under-secretary"})) == \
        ["Anil Raj", "Rajesh Kumar"]
    assert _names(me.get("/people", query={"q": "raj", "designation": "Under Secretary"})) == \
        ["Anil Raj", "Rajesh Kumar"]
    assert _names(me.get("/people", query={"q": "raj", "orgId": "mof", "designation": "section-officer"})) == \
        ["Rajeev Ranjan"]
    # Without a name: the people of an org, by name.
    assert _names(me.get("/people", query={"orgId": "dopt"})) == \
        ["Meera Joshi", "Priya Sharma", "Rajesh Kumar", "राजेश वर्मा"]
    assert _names(me.get("/people", query={"orgId": "dopt", "designation": "under-secretary"})) == ["Rajesh Kumar"]


def test_search_results_carry_public_fields_only(people):
    response = client(people["me"]).get("/people", query={"q": "rajesh"})
    (found,) = response.json()["items"]
    assert found == {"userId": people["rajesh"]["userId"], "name": "Rajesh Kumar", "orgId": "dopt",
                     "orgName": "Department of Personnel and Training", "designationId": "under-secretary",
                     "designation": "Under Secretary"}


@pytest.mark.parametrize("query, code", [
    ({}, "QUERY_REQUIRED"),
    ({"q": "r"}, "QUERY_TOO_SHORT"),
    ({"q": "  "}, "QUERY_REQUIRED"),
    ({"q": "--"}, "QUERY_TOO_SHORT"),
    ({"q": "ra", "cursor": "forged"}, "INVALID_CURSOR"),
    ({"q": "x" * 101}, "VALIDATION_ERROR"),
    ({"q": "ra", "limit": "ten"}, "VALIDATION_ERROR"),
])
def test_bad_searches_are_400(person, query, code):
    response = client(person("Meera Joshi")).get("/people", query=query)
    assert response.status == 400
    assert response.json()["error"]["code"] == code


def test_search_paging(person):
    me = person("Meera Joshi")
    for n in range(5):
        person(f"Sunil Number{n}")
    first = client(me).get("/people", query={"q": "sunil", "limit": 3}).json()
    assert len(first["items"]) == 3 and first["nextCursor"]
    second = client(me).get("/people", query={"q": "sunil", "limit": 3, "cursor": first["nextCursor"]}).json()
    assert len(second["items"]) == 2
    assert {p["userId"] for p in first["items"]}.isdisjoint({p["userId"] for p in second["items"]})
    # A cursor belongs to its search.
    other = client(me).get("/people", query={"q": "meera", "cursor": first["nextCursor"]})
    assert other.json()["error"]["code"] == "INVALID_CURSOR"


def test_public_profile_never_shows_email_or_mobile(people):
    rajesh = people["rajesh"]
    response = client(people["me"]).get(f"/people/{rajesh['userId']}")
    assert response.status == 200
    text = response.body.decode()
    for secret in (rajesh["email"], rajesh["mobile"], rajesh["mobile"][3:], rajesh["employeeId"]):
        assert secret not in text
    body = response.json()
    assert not {"email", "mobile", "employeeId", "roles"} & set(body)
    assert body["name"] == "Rajesh Kumar" and body["relationship"] == "NONE"
    assert body["orgName"] == "Department of Personnel and Training"


def test_no_people_response_contains_email_or_mobile(people, person):
    me = people["me"]
    connect(me, people["priya"])
    client(people["rajesh"]).post("/connections", {"userId": me["userId"]})
    everyone = list(people.values())
    responses = [
        client(me).get("/people", query={"q": "ra"}),
        client(me).get("/people", query={"orgId": "dopt"}),
        client(me).get("/people/recommended"),
        client(me).get("/connections", query={"status": "established"}),
        client(me).get("/connections", query={"status": "received"}),
        *[client(me).get(f"/people/{p['userId']}") for p in everyone],
    ]
    for response in responses:
        assert response.status == 200
        text = response.body.decode()
        for p in everyone:
            assert p["email"] not in text and p["mobile"] not in text and p["employeeId"] not in text


def test_unknown_person_is_404(people):
    assert client(people["me"]).get("/people/nobody").status == 404


def test_own_profile(people, person):
    me = people["me"]
    connect(me, people["priya"])
    body = client(me).get(f"/people/{me['userId']}").json()
    assert body["relationship"] == "SELF" and body["connectionCount"] == 1


def test_profile_shows_competencies_and_the_relationship(person):
    me, other = person("Meera Joshi"), person("Ravi Teja", competencies=["comp-a", "comp-b"])
    requested = client(me).post("/connections", {"userId": other["userId"]}).json()
    mine = client(me).get(f"/people/{other['userId']}").json()
    assert mine["relationship"] == "PENDING" and mine["connectionId"] == requested["connectionId"]
    assert {c["competencyId"] for c in mine["competencies"]} == {"comp-a", "comp-b"}
    theirs = client(other).get(f"/people/{me['userId']}").json()
    assert theirs["relationship"] == "RECEIVED"
    client(other).post(f"/connections/{requested['connectionId']}/accept")
    assert client(me).get(f"/people/{other['userId']}").json()["relationship"] == "ESTABLISHED"
    assert client(me).get(f"/people/{other['userId']}").json()["connectionCount"] == 1


def test_anonymous_people_requests_are_401(api):
    assert api.get("/people", query={"q": "ra"}).status == 401
    assert api.get("/people/recommended").status == 401


def test_certificates_show_on_a_public_profile_only_when_the_person_chooses(people):
    """Issue 20: PATCH /me showCertificates (default off) lists the person's certificates, newest first and
    never a revoked one, on GET /people/{userId}."""
    from karmayogi.platform import keys

    priya, me = people["priya"], client(people["me"])
    for n, (issued, revoked) in enumerate([("2026-11-01T10:00:00+00:00", None), ("2026-12-01T10:00:00+00:00", None),
                                            ("2026-12-02T10:00:00+00:00", "2026-12-03T00:00:00+00:00")]):
        pk, sk = keys.certificate_key(f"shown-{priya['userId']}-{n}")
        item = {"PK": pk, "SK": sk, "entityType": "Certificate", "id": f"shown-{priya['userId']}-{n}",
                "userId": priya["userId"], "learnerName": "Priya Sharma", "courseId": f"c{n}",
                "courseTitle": f"Course {n}", "issuedAt": issued, "competencies": [],
                "GSI1PK": keys.user_certificates_gsi(priya["userId"]), "GSI1SK": f"{issued}#{n}"}
        if revoked:
            item["revokedAt"] = revoked
        db.table().put_item(Item=item)
    assert me.get(f"/people/{priya['userId']}").json()["certificates"] is None  # off by default
    assert client(priya).get("/me").json()["showCertificates"] is False

    shown = client(priya).patch("/me", {"version": 1, "showCertificates": True})
    assert shown.status == 200, shown.json()
    assert shown.json()["showCertificates"] is True
    listed = me.get(f"/people/{priya['userId']}").json()["certificates"]
    assert [(c["courseTitle"], c["kind"]) for c in listed] == [("Course 1", "course"), ("Course 0", "course")]

    hidden = client(priya).patch("/me", {"version": shown.json()["version"], "showCertificates": False})
    assert hidden.status == 200 and hidden.json()["showCertificates"] is False
    assert me.get(f"/people/{priya['userId']}").json()["certificates"] is None
    bad = client(priya).patch("/me", {"version": hidden.json()["version"], "showCertificates": "yes please"})
    assert bad.status == 400
