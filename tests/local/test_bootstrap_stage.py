"""scripts/bootstrap_stage.py against a stand-in of a freshly deployed stage (empty table and pool): the
reference data lets officers register, and the first SPV administrator can sign in and administer."""

from __future__ import annotations

import io
import os

import jwt
import pytest

from local import aws
from scripts import bootstrap_stage
from tests.conftest import ApiClient

PASSWORD = "Adm1n-Karmayogi!"
ADMIN = ["--employee-id", "SPV0001", "--name", "Platform Admin", "--email", "admin@dopt.gov.in",
         "--mobile", "9876512345", "--org-id", "dopt", "--designation-id", "us"]


@pytest.fixture
def stage(resources, monkeypatch):
    """The deployed stage's outputs; the environment the script points at them is restored afterwards."""
    for variable in ("STAGE", "AWS_REGION", *bootstrap_stage.OUTPUTS_TO_ENVIRONMENT.values()):
        monkeypatch.setenv(variable, os.environ.get(variable, ""))
    outputs = {"TableName": resources.table_name, "UserPoolId": resources.user_pool_id,
               "UserPoolClientId": resources.user_pool_client_id, "ApiUrl": "https://example.invalid/"}
    yield lambda stage_name, region: outputs
    aws.configure_environment(resources)


def run(stage, *argv: str, passwords: tuple[str, ...] = (PASSWORD, PASSWORD)) -> tuple[int, str]:
    answers = iter(passwords)
    out = io.StringIO()
    status = bootstrap_stage.main(["--stage", "local", "--region", aws.REGION, *argv], outputs=stage,
                                  read_password=lambda _prompt: next(answers), out=out)
    return status, out.getvalue()


def test_an_empty_stage_gets_its_directory_once(stage, api, capsys):
    assert api.get("/orgs", query={"limit": 5}).json()["items"] == []
    status, said = run(stage, "reference-data")
    assert status == 0 and "organisations" in said
    assert api.get("/orgs/dopt").json()["emailDomains"]
    assert api.get("/designations").json()["items"]
    status, _ = run(stage, "reference-data")
    assert status == 2 and "--force" in capsys.readouterr().err
    assert run(stage, "reference-data", "--force")[0] == 0


def test_the_first_administrator_signs_in_with_the_org_and_role_in_the_token(stage, api):
    run(stage, "reference-data")
    status, said = run(stage, "create-admin", *ADMIN)
    assert status == 0, said
    login = api.post("/auth/login", {"username": "admin@dopt.gov.in", "password": PASSWORD})
    assert login.status == 200, login.json()
    claims = jwt.decode(login.json()["accessToken"], options={"verify_signature": False})
    assert claims["org_id"] == "dopt" and "SPV_ADMIN" in claims["cognito:groups"]
    me = ApiClient(claims).get("/me").json()
    assert me["employeeId"] == "SPV0001" and "SPV_ADMIN" in me["roles"]
    assert ApiClient(claims).get("/competencies").json()["items"], "the framework was loaded"
    ladder = ApiClient(claims).get("/career/paths", query={"designation": "aso"}).json()["items"]
    assert [(p["toRole"], p["pathId"]) for p in ladder] == [("so", "seed-aso-secretary")], "the career paths were loaded"
    assert ApiClient(claims).get("/career/paths/seed-aso-secretary").json()["rungs"][-1]["designationId"] == "secretary"
    # the same person cannot be made twice
    assert run(stage, "create-admin", *ADMIN)[0] == 2


@pytest.mark.parametrize(("change", "passwords", "reason"), [
    ({}, ("weak", "weak"), "too weak"),
    ({}, (PASSWORD, PASSWORD + "x"), "differ"),
    ({"--org-id": "nowhere"}, (PASSWORD, PASSWORD), "no organisation"),
    ({"--email": "admin@gmail.com"}, (PASSWORD, PASSWORD), "accepts addresses"),
    ({"--mobile": "12345"}, (PASSWORD, PASSWORD), "mobile"),
    ({"--designation-id": "pharaoh"}, (PASSWORD, PASSWORD), "no designation"),
])
def test_a_refused_administrator_leaves_nothing_behind(stage, api, capsys, change, passwords, reason):
    run(stage, "reference-data")
    argv = list(ADMIN)
    for flag, value in change.items():
        argv[argv.index(flag) + 1] = value
    status, _ = run(stage, "create-admin", *argv, passwords=passwords)
    assert status == 2 and reason in capsys.readouterr().err
    login = api.post("/auth/login", {"username": "admin@dopt.gov.in", "password": PASSWORD})
    assert login.status == 401


def test_a_stage_that_is_not_deployed_is_refused(resources, capsys):
    status = bootstrap_stage.main(["--stage", "local", "reference-data"], outputs=lambda stage, region: {})
    assert status == 2 and "deploy it first" in capsys.readouterr().err
