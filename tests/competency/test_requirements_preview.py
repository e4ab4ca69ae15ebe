"""A CSV upload of designation requirements says what it changes (`changes`), and with `?dryRun=true`
only says so: nothing is written (the screen's preview before the upload is applied)."""

from __future__ import annotations

from tests.competency import support

URL = "/orgs/dopt/designation-competencies"

CSV = "\n".join([
    "designationId,competencyId,level",
    "section-officer,c-integrity,3",        # 2 changes 2 → 3
    "section-officer,c-team-work,1",        # 3 already required at 1: no change
    "section-officer,c-e-office,2",         # 4 new requirement
    "under-secretary,c-noting-drafting,4",  # 5 a new mapping
    "astronaut,c-integrity,2",              # 6 unknown designation
])


def test_dry_run_answers_the_changes_and_writes_nothing(world, as_user):
    support.require("dopt", "section-officer", {"c-integrity": 2, "c-team-work": 1})
    client = as_user(world.admin)
    before = client.get(URL).json()
    response = client.post(f"{URL}/upload", {"csv": CSV}, query={"dryRun": "true"})
    assert response.status == 200, response.json()
    body = response.json()
    assert body["dryRun"] is True and body["loaded"] == 4
    assert body["errors"] == [{"line": 6, "code": "UNKNOWN_DESIGNATION", "reason": "unknown designation astronaut"}]
    assert [(c["line"], c["designationId"], c["competencyId"], c["before"], c["after"]) for c in body["changes"]] == [
        (2, "section-officer", "c-integrity", 2, 3),
        (4, "section-officer", "c-e-office", None, 2),
        (5, "under-secretary", "c-noting-drafting", None, 4)]
    assert body["changes"][0]["designation"] == "Section Officer"
    assert client.get(URL).json() == before  # nothing written

    applied = client.post(f"{URL}/upload", {"csv": CSV}, query={"dryRun": "false"}).json()
    assert applied["dryRun"] is False and applied["changes"] == body["changes"] and applied["loaded"] == 4
    again = client.post(f"{URL}/upload", {"csv": CSV}, query={"dryRun": "true"}).json()
    assert again["changes"] == []  # the same file changes nothing any more


def test_dry_run_refuses_what_the_upload_refuses(world, as_user):
    assert as_user(world.learner).post(f"{URL}/upload", {"csv": CSV}, query={"dryRun": "true"}).status == 403
    assert as_user(world.leader).post(f"{URL}/upload", {"csv": CSV}, query={"dryRun": "true"}).status == 403
    client = as_user(world.admin)
    empty = client.post(f"{URL}/upload", {"csv": "designationId,competencyId,level\n"}, query={"dryRun": "true"})
    assert empty.status == 400 and empty.json()["error"]["code"] == "EMPTY_UPLOAD"
    bad_flag = client.post(f"{URL}/upload", {"csv": CSV}, query={"dryRun": "perhaps"})
    assert bad_flag.status == 400
