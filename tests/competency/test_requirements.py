"""Designation → required competencies per org: read by the org's officers, managed by its MDO_ADMIN
(and SPV_ADMIN), one designation at a time (version-checked) or by CSV upload."""

from __future__ import annotations

from tests.competency import support

URL = "/orgs/dopt/designation-competencies"
SO = f"{URL}/section-officer"


def put(client, url=SO, requirements=None, version=None):
    body = {"requirements": requirements if requirements is not None else
            [{"competencyId": "c-integrity", "level": 3}, {"competencyId": "c-e-office", "level": 2}]}
    if version is not None:
        body["version"] = version
    return client.put(url, body)


def test_permission_matrix(world, as_user, api):
    support.require("dopt", "section-officer", {"c-integrity": 2})
    upload = {"csv": "section-officer,c-rti-handling,1"}
    cases = [
        # (user, GET, PUT, upload)
        (world.learner, 200, 403, 403),
        (world.leader, 200, 403, 403),
        (world.other_learner, 403, 403, 403),
        (world.other_admin, 403, 403, 403),
        (world.admin, 200, 200, 200),
        (world.spv, 200, 200, 200),
    ]
    version = 1
    for user, get_status, put_status, upload_status in cases:
        client = as_user(user)
        assert client.get(URL).status == get_status, user["roles"]
        response = put(client, version=version)
        assert response.status == put_status, (user["roles"], response.json())
        if response.status == 200:
            version += 1
        uploaded = client.post(f"{URL}/upload", upload)
        assert uploaded.status == upload_status
        if uploaded.status == 200:
            version += 1
    assert api.get(URL).status == 401
    assert api.put(SO, {"requirements": []}).status == 401
    assert api.post(f"{URL}/upload", upload).status == 401


def test_put_creates_then_updates_with_the_version(world, as_user):
    client = as_user(world.admin)
    created = put(client)
    assert created.status == 200
    assert created.json() == {
        "orgId": "dopt", "designationId": "section-officer", "designation": "Section Officer",
        "requirements": [{"competencyId": "c-e-office", "level": 2}, {"competencyId": "c-integrity", "level": 3}],
        "version": 1, "updatedAt": created.json()["updatedAt"]}
    again = put(client)
    assert again.status == 409 and again.json()["error"]["code"] == "VERSION_CONFLICT"
    updated = put(client, requirements=[{"competencyId": "c-rti-handling", "level": 1}], version=1)
    assert updated.status == 200 and updated.json()["version"] == 2
    stale = put(client, version=1)
    assert stale.status == 409
    assert put(client, url=f"{URL}/under-secretary", version=1).status == 404
    listed = as_user(world.learner).get(URL).json()["items"]
    assert [(i["designationId"], i["requirements"], i["version"]) for i in listed] == [
        ("section-officer", [{"competencyId": "c-rti-handling", "level": 1}], 2)]


BAD_REQUIREMENTS = [
    ([{"competencyId": "c-nothing", "level": 2}], 400, "UNKNOWN_COMPETENCY"),
    ([{"competencyId": "c-integrity", "level": 0}], 400, "VALIDATION_ERROR"),
    ([{"competencyId": "c-integrity", "level": 6}], 400, "VALIDATION_ERROR"),
    ([{"competencyId": "c-integrity", "level": "high"}], 400, "VALIDATION_ERROR"),
    ([{"competencyId": "c-integrity", "level": 2}, {"competencyId": "c-integrity", "level": 3}], 400,
     "VALIDATION_ERROR"),
    ([{"competencyId": "c/../x", "level": 2}], 400, "VALIDATION_ERROR"),
    ([{"competencyId": "c-integrity"}], 400, "VALIDATION_ERROR"),
    ([{"competencyId": f"c-{n}", "level": 1} for n in range(51)], 400, "VALIDATION_ERROR"),
]


def test_bad_requirements_are_400(world, as_user):
    for requirements, status, code in BAD_REQUIREMENTS:
        response = put(as_user(world.admin), requirements=requirements)
        assert response.status == status, requirements
        assert response.json()["error"]["code"] == code, requirements


def test_unknown_designation_and_org_are_404_and_other_orgs_domain_competencies_are_refused(world, as_user):
    assert put(as_user(world.admin), url=f"{URL}/astronaut").status == 404
    assert put(as_user(world.spv), url="/orgs/atlantis/designation-competencies/section-officer").status == 404
    assert as_user(world.spv).get("/orgs/atlantis/designation-competencies").status == 404
    levels = [{"level": n, "description": f"L{n}"} for n in range(1, 6)]
    theirs = as_user(world.other_admin).post("/competencies", {
        "name": "Customs Valuation", "area": "domain", "description": "Values goods.", "levels": levels}).json()
    refused = put(as_user(world.admin), requirements=[{"competencyId": theirs["id"], "level": 2}])
    assert refused.status == 400 and refused.json()["error"]["code"] == "UNKNOWN_COMPETENCY"
    mine = as_user(world.admin).post("/competencies", {
        "name": "Cadre Management", "area": "domain", "description": "Manages cadres.", "levels": levels}).json()
    assert put(as_user(world.admin), requirements=[{"competencyId": mine["id"], "level": 2}]).status == 200


def test_csv_upload_reports_bad_rows_with_line_numbers_and_loads_the_good_ones(world, as_user):
    support.require("dopt", "section-officer", {"c-integrity": 2, "c-team-work": 1})
    csv_text = "\n".join([
        "designationId,competencyId,level",        # 1 header, skipped
        "section-officer,c-integrity,3",            # 2 good: changes a level
        "section-officer,c-e-office,2",             # 3 good: adds
        "",                                         # 4 blank, ignored
        "under-secretary,c-noting-drafting,4",      # 5 good: a new designation mapping
        "section-officer,c-integrity,4",            # 6 duplicate of line 2
        "astronaut,c-integrity,2",                  # 7 unknown designation
        "section-officer,c-telepathy,2",            # 8 unknown competency
        "section-officer,c-rti-handling,6",         # 9 level out of range
        "section-officer,c-rti-handling,two",       # 10 level not a number
        "section-officer,c-rti-handling",           # 11 too few columns
        "section-officer,c-rti-handling,1,extra",   # 12 too many columns
        ",c-rti-handling,1",                        # 13 empty designation
        "section-officer,,1",                       # 14 empty competency
        '"section-officer","c-rti-handling","1"',   # 15 good (quoted CSV)
    ])
    response = as_user(world.admin).post(f"{URL}/upload", {"csv": csv_text})
    assert response.status == 200
    body = response.json()
    assert body["loaded"] == 4
    assert body["errors"] == [
        {"line": 6, "code": "DUPLICATE", "reason": "duplicate of line 2"},
        {"line": 7, "code": "UNKNOWN_DESIGNATION", "reason": "unknown designation astronaut"},
        {"line": 8, "code": "UNKNOWN_COMPETENCY", "reason": "unknown competency c-telepathy"},
        {"line": 9, "code": "BAD_LEVEL", "reason": "level must be a whole number 1-5, got '6'"},
        {"line": 10, "code": "BAD_LEVEL", "reason": "level must be a whole number 1-5, got 'two'"},
        {"line": 11, "code": "COLUMNS", "reason": "expected 3 columns, found 2"},
        {"line": 12, "code": "COLUMNS", "reason": "expected 3 columns, found 4"},
        {"line": 13, "code": "BAD_DESIGNATION_ID", "reason": "designationId is missing or malformed"},
        {"line": 14, "code": "BAD_COMPETENCY_ID", "reason": "competencyId is missing or malformed"},
    ]
    items = {i["designationId"]: i for i in as_user(world.admin).get(URL).json()["items"]}
    assert items["section-officer"]["requirements"] == [
        {"competencyId": "c-e-office", "level": 2}, {"competencyId": "c-integrity", "level": 3},
        {"competencyId": "c-rti-handling", "level": 1}, {"competencyId": "c-team-work", "level": 1}]
    assert items["section-officer"]["version"] == 2
    assert items["under-secretary"]["requirements"] == [{"competencyId": "c-noting-drafting", "level": 4}]


def test_upload_limits(world, as_user):
    client = as_user(world.admin)
    too_many = "\n".join("section-officer,c-integrity,2" for _ in range(1001))
    response = client.post(f"{URL}/upload", {"csv": too_many})
    assert response.status == 400 and response.json()["error"]["code"] == "TOO_MANY_ROWS"
    exactly = "designationId,competencyId,level\n" + "\n".join("section-officer,c-integrity,2" for _ in range(1000))
    accepted = client.post(f"{URL}/upload", {"csv": exactly})
    assert accepted.status == 200
    assert accepted.json()["loaded"] == 1 and len(accepted.json()["errors"]) == 999
    assert accepted.json()["errors"][0] == {"line": 3, "code": "DUPLICATE", "reason": "duplicate of line 2"}
    empty = client.post(f"{URL}/upload", {"csv": "designationId,competencyId,level\n\n"})
    assert empty.status == 400 and empty.json()["error"]["code"] == "EMPTY_UPLOAD"
    assert client.post(f"{URL}/upload", {}).status == 400
    assert client.post(f"{URL}/upload", {"csv": 5}).status == 400
    assert client.post(f"{URL}/upload", {"csv": "a,b,1", "extra": 1}).status == 400
    as_text = client.request("POST", f"{URL}/upload", raw_body="section-officer,c-integrity,2",
                             headers={"Content-Type": "text/csv"})
    assert as_text.status == 400
    assert as_text.json()["error"]["code"] == "UNSUPPORTED_CONTENT_TYPE"
    not_json = client.request("POST", f"{URL}/upload", raw_body="{not json")
    assert not_json.status == 400


def test_list_is_paged(world, as_user):
    for designation in ("section-officer", "under-secretary", "assistant-section-officer"):
        support.require("dopt", designation, {"c-integrity": 1})
    client = as_user(world.learner)
    first = client.get(URL, query={"limit": 2}).json()
    second = client.get(URL, query={"limit": 2, "cursor": first["nextCursor"]}).json()
    assert [i["designationId"] for i in first["items"] + second["items"]] == [
        "assistant-section-officer", "section-officer", "under-secretary"]
    assert second["nextCursor"] is None
    forged = client.get(URL, query={"cursor": first["nextCursor"][:-2] + "AA"})
    assert forged.status == 400
    other_list = client.get("/competencies", query={"cursor": first["nextCursor"]})
    assert other_list.status == 400


def test_upload_keeps_a_designation_within_50_requirements(world, as_user):
    support.require("dopt", "section-officer", {f"c-old-{n}": 1 for n in range(50)})
    response = as_user(world.admin).post(f"{URL}/upload", {"csv": "section-officer,c-integrity,2\n"
                                                                  "under-secretary,c-integrity,2"})
    assert response.json() == {"loaded": 1, "errors": [
        {"line": 1, "code": "TOO_MANY_REQUIREMENTS", "reason": "the designation would require more than 50 competencies"}], "dryRun": False,
        "changes": [{"line": 2, "designationId": "under-secretary", "designation": "Under Secretary",
                     "competencyId": "c-integrity", "before": None, "after": 2}]}
