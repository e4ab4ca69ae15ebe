"""The managed directory (issue 18 item 4): SPV admins add and edit orgs and designations; each bad input
is a 4xx with its code, and nothing is half-written."""

from __future__ import annotations

import pytest

from functions.auth import contacts, repository_directory
from karmayogi.domain import refcache
from karmayogi.platform import db, keys
from tests.factories import create_user, seed_directory


@pytest.fixture
def spv(api, as_user):
    seed_directory()
    return as_user(create_user("SPV_ADMIN", org_id="mopp"))


def _org(spv, **fields):
    body = {"name": "Department of Space Applications", "type": "department", "parentId": "mopp",
            "emailDomains": ["dsa.gov.in"], **fields}
    return spv.post("/orgs", body)


def _owner(domain: str) -> str | None:
    item = db.get(*keys.org_domain_key(domain), consistent=True)
    return item["orgId"] if item else None


def test_spv_creates_an_org_with_its_domain_lookup_and_indexes(spv, api):
    response = _org(spv, nameHi="अंतरिक्ष अनुप्रयोग विभाग", emailDomains=["DSA.gov.in", "space-apps.nic.in"])
    assert response.status == 201, response.body
    org = response.json()
    assert org["emailDomains"] == ["dsa.gov.in", "space-apps.nic.in"]
    assert org["nameHi"] == "अंतरिक्ष अनुप्रयोग विभाग" and org["version"] == 1
    assert _owner("dsa.gov.in") == org["id"] and _owner("space-apps.nic.in") == org["id"]
    assert api.get(f"/orgs/{org['id']}").json()["name"] == "Department of Space Applications"
    children = api.get("/orgs", query={"parentId": "mopp"}).json()["items"]
    assert org["id"] in [o["id"] for o in children]
    assert [o["id"] for o in api.get("/orgs", query={"q": "space appl"}).json()["items"]] == [org["id"]]
    departments = api.get("/orgs", query={"type": "department"}).json()["items"]
    assert org["id"] in [o["id"] for o in departments]


def test_an_edit_moves_indexes_and_frees_a_dropped_domain(spv, api):
    org = _org(spv).json()
    edited = spv.patch(f"/orgs/{org['id']}", {"name": "Indian Space Applications Centre", "type": "organisation",
                                             "parentId": None, "emailDomains": ["isac.gov.in"],
                                             "version": org["version"]})
    assert edited.status == 200, edited.body
    body = edited.json()
    assert body["type"] == "organisation" and body["parentId"] is None and body["version"] == 2
    assert _owner("dsa.gov.in") is None and _owner("isac.gov.in") == org["id"]
    assert org["id"] not in [o["id"] for o in api.get("/orgs", query={"parentId": "mopp"}).json()["items"]]
    assert org["id"] not in [o["id"] for o in api.get("/orgs", query={"q": "department"}).json()["items"]]
    assert [o["id"] for o in api.get("/orgs", query={"q": "indian space"}).json()["items"]] == [org["id"]]
    # the freed domain may now be claimed by another org
    other = _org(spv, name="Another Department", emailDomains=["dsa.gov.in"])
    assert other.status == 201, other.body


def test_a_patch_changes_only_the_fields_given(spv):
    org = _org(spv, nameHi="विभाग").json()
    edited = spv.patch(f"/orgs/{org['id']}", {"name": "Department of Space Apps"}).json()
    assert edited["nameHi"] == "विभाग" and edited["parentId"] == "mopp" and edited["emailDomains"] == ["dsa.gov.in"]


@pytest.mark.parametrize(("fields", "status", "code"), [
    ({"parentId": "no-such-org"}, 400, "UNKNOWN_PARENT"),
    ({"emailDomains": ["gov.in"]}, 400, "SHARED_DOMAIN"),
    ({"emailDomains": ["NIC.IN"]}, 400, "SHARED_DOMAIN"),
    ({"emailDomains": ["in"]}, 400, "VALIDATION_ERROR"),
    ({"emailDomains": ["not a domain"]}, 400, "VALIDATION_ERROR"),
    ({"emailDomains": ["a.gov.in", "A.gov.in"]}, 400, "VALIDATION_ERROR"),
    ({"emailDomains": ["finmin.gov.in"]}, 409, "DOMAIN_TAKEN"),
    ({"type": "union"}, 400, "VALIDATION_ERROR"),
    ({"name": "  "}, 400, "VALIDATION_ERROR"),
])
def test_bad_org_input_is_refused_and_nothing_is_written(spv, fields, status, code):
    before = _owner("dsa.gov.in")
    response = _org(spv, **fields)
    assert response.status == status, response.body
    assert response.json()["error"]["code"] == code
    assert before is None and _owner("dsa.gov.in") is None
    assert _owner("finmin.gov.in") == "mof"


def test_a_parent_that_would_make_a_cycle_is_refused(spv):
    top = _org(spv, name="Top Board", emailDomains=["top.gov.in"]).json()
    child = _org(spv, name="Child Board", parentId=top["id"], emailDomains=[]).json()
    for parent in (child["id"], top["id"]):
        response = spv.patch(f"/orgs/{top['id']}", {"parentId": parent})
        assert response.status == 400, response.body
        assert response.json()["error"]["code"] == "PARENT_CYCLE"
    assert repository_directory.get_org(top["id"])["parentId"] == "mopp"


def test_an_edit_cannot_take_another_orgs_domain_or_a_shared_one(spv):
    org = _org(spv).json()
    taken = spv.patch(f"/orgs/{org['id']}", {"emailDomains": ["dsa.gov.in", "persmin.gov.in"]})
    assert taken.status == 409 and taken.json()["error"]["code"] == "DOMAIN_TAKEN"
    shared = spv.patch(f"/orgs/{org['id']}", {"emailDomains": ["gov.in"]})
    assert shared.status == 400 and shared.json()["error"]["code"] == "SHARED_DOMAIN"
    assert _owner("dsa.gov.in") == org["id"] and _owner("persmin.gov.in") == "mopp"


def test_a_domain_taken_between_the_check_and_the_write_is_409_not_half_written(spv, monkeypatch):
    monkeypatch.setattr(repository_directory, "domain_owners", lambda domains: {})
    response = _org(spv, emailDomains=["new.gov.in", "finmin.gov.in"])
    assert response.status == 409 and response.json()["error"]["code"] == "DOMAIN_TAKEN"
    assert _owner("new.gov.in") is None


def test_a_stale_version_is_409_and_an_unknown_org_404(spv):
    org = _org(spv).json()
    assert spv.patch(f"/orgs/{org['id']}", {"name": "First Edit", "version": 1}).status == 200
    stale = spv.patch(f"/orgs/{org['id']}", {"name": "Second Edit", "version": 1})
    assert stale.status == 409 and stale.json()["error"]["code"] == "VERSION_CONFLICT"
    assert spv.patch("/orgs/nope", {"name": "Whatever"}).status == 404


def test_seeded_orgs_keep_domains_they_share_with_their_parent(spv):
    """A seeded department that uses its ministry's domain can still be edited (only added domains are claimed)."""
    from functions.auth import repository
    from tests.factories import DEFAULT_ORGS

    repository.put_orgs([*DEFAULT_ORGS, {"id": "dept-x", "name": "Dept X", "type": "department", "parentId": "mof",
                          "emailDomains": ["finmin.gov.in"]}])
    edited = spv.patch("/orgs/dept-x", {"nameHi": "विभाग एक्स"})
    assert edited.status == 200, edited.body
    assert _owner("finmin.gov.in") == "mof"


def test_only_spv_admins_manage_the_directory(spv, as_user):
    admin = as_user(create_user("MDO_ADMIN"))
    learner = as_user(create_user())
    for client in (admin, learner):
        assert _org(client).status == 403
        assert client.patch("/orgs/dopt", {"name": "Renamed"}).status == 403
        assert client.post("/designations", {"name": "Chief Advisor"}).status == 403
        assert client.patch("/designations/section-officer", {"name": "Renamed"}).status == 403


def test_shared_domains_have_one_source_of_truth():
    assert all(contacts.is_shared_domain(d) for d in contacts.ALLOWED_EMAIL_DOMAINS)
    assert contacts.is_shared_domain("in") and not contacts.is_shared_domain("kerala.gov.in")


# ---- designations ---------------------------------------------------------------------------------------

def test_spv_creates_and_renames_a_designation(spv, api):
    created = spv.post("/designations", {"name": "Chief  Data Officer", "nameHi": "मुख्य डेटा अधिकारी"})
    assert created.status == 201, created.body
    designation = created.json()
    assert designation["name"] == "Chief Data Officer" and designation["version"] == 1
    assert [d["id"] for d in api.get("/designations", query={"q": "chief data"}).json()["items"]] == [designation["id"]]
    renamed = spv.patch(f"/designations/{designation['id']}", {"name": "Chief Digital Officer", "version": 1})
    assert renamed.status == 200, renamed.body
    assert renamed.json()["nameHi"] == "मुख्य डेटा अधिकारी"
    assert api.get("/designations", query={"q": "chief data"}).json()["items"] == []
    assert [d["id"] for d in api.get("/designations", query={"q": "digital"}).json()["items"]] == [designation["id"]]
    # the old name is free again
    assert spv.post("/designations", {"name": "Chief Data Officer"}).status == 201


def test_designation_names_are_unique(spv):
    duplicate = spv.post("/designations", {"name": "section OFFICER"})
    assert duplicate.status == 409 and duplicate.json()["error"]["code"] == "DESIGNATION_EXISTS"
    other = spv.post("/designations", {"name": "Chief Data Officer"}).json()
    rename = spv.patch(f"/designations/{other['id']}", {"name": "Under Secretary"})
    assert rename.status == 409 and rename.json()["error"]["code"] == "DESIGNATION_EXISTS"
    assert repository_directory.get_designation(other["id"])["name"] == "Chief Data Officer"


def test_bad_designation_input(spv):
    assert spv.post("/designations", {"name": "x"}).json()["error"]["code"] == "VALIDATION_ERROR"
    assert spv.post("/designations", {"name": "Officer", "grade": 3}).status == 400
    missing = spv.patch("/designations/nope", {"name": "Anything"})
    assert missing.status == 404 and missing.json()["error"]["code"] == "UNKNOWN_DESIGNATION"


# ---- the per-container caches ---------------------------------------------------------------------------

def test_an_edit_made_elsewhere_is_served_after_the_cache_ttl(spv, monkeypatch):
    """Another container's edit (here: written without this container's `forget`) reaches this
    container's reference cache when the entry's time to live has passed — no sleeping: the cache's
    monotonic clock is moved."""
    now = [1000.0]
    monkeypatch.setattr(refcache.time, "monotonic", lambda: now[0])
    refcache.reset()
    assert refcache.org("mof")["name"] == "Ministry of Finance"
    assert refcache.designations(["section-officer"])["section-officer"]["name"] == "Section Officer"
    monkeypatch.setattr(refcache, "forget", lambda *_: None)  # as if another container wrote
    assert spv.patch("/orgs/mof", {"name": "Ministry of Finance and Revenue"}).status == 200
    assert spv.patch("/designations/section-officer", {"name": "Section Head"}).status == 200
    now[0] += refcache.TTL_SECONDS - 1
    assert refcache.org("mof")["name"] == "Ministry of Finance"
    now[0] += 2
    assert refcache.org("mof")["name"] == "Ministry of Finance and Revenue"
    assert refcache.designations(["section-officer"])["section-officer"]["name"] == "Section Head"


def test_a_new_org_is_served_by_this_container_at_once(spv):
    org = _org(spv).json()
    assert refcache.org(org["id"])["name"] == "Department of Space Applications"
