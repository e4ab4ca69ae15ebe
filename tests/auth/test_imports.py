"""Bulk onboarding end to end on the local stand-ins (issue: onboarding at national scale): an MDO admin
uploads a CSV, the import checks the file and each row, invites the accepted rows by email and SMS, lists the
rejected rows with their reasons (formula cells escaped), and an invitee completes registration from the code."""

from __future__ import annotations

import csv
import io
import re

import boto3
import pytest

from functions.auth import import_storage
from karmayogi.platform import db, keys
from karmayogi.platform.settings import get_settings
from tests import factories
from tests.auth import support
from tests.conftest import ApiClient

HEADER = "employeeId,name,email,mobile,designation"


@pytest.fixture
def world(resources, api):
    factories.seed_directory()
    support.seed_competencies()
    return {
        "admin": ApiClient(factories.create_user("MDO_ADMIN", name="Asha Admin")["claims"]),
        "leader": ApiClient(factories.create_user("MDO_LEADER")["claims"]),
        "outsider": ApiClient(factories.create_user("MDO_ADMIN", org_id="mof")["claims"]),
        "learner": ApiClient(factories.create_user()["claims"]),
    }


def s3():
    return boto3.client("s3", region_name=get_settings().region)


def upload_and_start(admin: ApiClient, body: bytes, name: str = "employees.csv") -> dict:
    created = admin.post("/orgs/dopt/imports", {"fileName": name, "sizeBytes": len(body)})
    assert created.status == 201, created.json()
    made = created.json()
    fields = made["upload"]["fields"]
    assert fields["Content-Type"] == "text/csv" and fields["key"].startswith("imports/dopt/")
    s3().put_object(Bucket=import_storage.bucket(), Key=fields["key"], Body=body, ContentType="text/csv")
    started = admin.post(f"/orgs/dopt/imports/{made['importId']}/start")
    assert started.status == 202, started.json()
    return admin.get(f"/orgs/dopt/imports/{made['importId']}").json()


def code_sent_to(address: str) -> str:
    [message] = [m for m in support.messages(address) if "invit" in (m.get("subject") or m["body"]).lower()][-1:]
    found = re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\b", message["body"])
    assert found, message["body"]
    return found.group(1)


def test_an_import_invites_good_rows_and_lists_the_rest_with_reasons(world, api):
    taken = support.register_account(api)  # an account exists for this email already
    rows = [
        "\ufeff" + HEADER,
        "DOPT/1001,Riya Sharma,riya.sharma@dopt.gov.in,7000000001,Section Officer",
        "DOPT/1002,राम कुमार,ram.kumar@gov.in,+91 70000 00002,under-secretary",
        "DOPT/1003,Duplicate Riya,riya.sharma@dopt.gov.in,7000000003,section-officer",
        f"DOPT/1004,Already Here,{taken['email']},7000000004,section-officer",
        "DOPT/1005,Gmail User,someone@gmail.com,7000000005,section-officer",
        "DOPT/1006,Bad Mobile,bad.mobile@dopt.gov.in,12345,section-officer",
        "DOPT/1007,Wizard,wizard@dopt.gov.in,7000000007,Chief Wizard",
        "DOPT/1008,=cmd|' /C calc'!A0,formula@dopt.gov.in,7000000008,section-officer",
    ]
    status = upload_and_start(world["admin"], ("\r\n".join(rows) + "\r\n").encode())
    assert (status["status"], status["total"], status["processed"]) == ("COMPLETED", 8, 8)
    assert (status["invited"], status["rejected"]) == (2, 6)

    reasons = {r["row"]: r["code"] for r in _rejected(world["admin"], status["importId"])}
    assert reasons == {"4": "DUPLICATE_IN_FILE", "5": "ALREADY_REGISTERED", "6": "WRONG_DOMAIN",
                       "7": "BAD_MOBILE", "8": "UNKNOWN_DESIGNATION", "9": "BAD_NAME"}
    formula = next(r for r in _rejected(world["admin"], status["importId"]) if r["row"] == "9")
    assert formula["name"] == "'=cmd|' /C calc'!A0"  # escaped: a spreadsheet shows it as text

    # the invitee gets the code by email and SMS, and opens the account with it
    code = code_sent_to("ram.kumar@gov.in")
    assert code_sent_to("+917000000002") == code
    redeemed = api.post("/auth/invitations/redeem", {"code": code.lower()})
    assert redeemed.status == 202, redeemed.json()
    registration_id = redeemed.json()["registrationId"]
    support.verify_both(api, registration_id, {"email": "ram.kumar@gov.in", "mobile": "7000000002"})
    done = api.post(f"/auth/register/{registration_id}/password", {"password": support.PASSWORD})
    assert done.status == 201, done.json()
    profile = db.get(keys.user_pk(done.json()["userId"]), keys.PROFILE_SK, consistent=True)
    assert (profile["orgId"], profile["membership"], profile["designationId"], profile["name"]) == (
        "dopt", "ACTIVE", "under-secretary", "राम कुमार")  # a shared domain, but the admin vouched: no approval
    again = api.post("/auth/invitations/redeem", {"code": code})
    assert (again.status, again.json()["error"]["code"]) == (404, "INVITATION_NOT_FOUND")


def _rejected(admin: ApiClient, import_id: str) -> list[dict]:
    answer = admin.get(f"/orgs/dopt/imports/{import_id}/rejected")
    assert answer.status == 200, answer.json()
    key = import_storage.keys_for("dopt", import_id)[0].rsplit("/", 1)[0] + "/rejected.csv"
    text = s3().get_object(Bucket=import_storage.bucket(), Key=key)["Body"].read().decode("utf-8-sig")
    assert answer.json()["rows"] == text.count("\r\n") - 1
    return list(csv.DictReader(io.StringIO(text)))


def test_the_same_file_uploaded_again_invites_nobody_twice(world):
    body = (HEADER + "\nD-1,Asha Rao,asha.rao@dopt.gov.in,9876511111,section-officer\n").encode()
    first = upload_and_start(world["admin"], body)
    sent = len(support.messages("asha.rao@dopt.gov.in"))
    second = upload_and_start(world["admin"], body)
    assert (first["invited"], second["invited"], second["rejected"]) == (1, 0, 1)
    assert [r["code"] for r in _rejected(world["admin"], second["importId"])] == ["ALREADY_INVITED"]
    assert len(support.messages("asha.rao@dopt.gov.in")) == sent


@pytest.mark.parametrize(("body", "code"), [
    (b"employee,name,email,mobile,designation\nD-1,A,a@dopt.gov.in,9876511111,section-officer\n", "WRONG_HEADER"),
    ((HEADER + "\n" + "D-1,Asha,a@dopt.gov.in,9876511111,section-officer\n" * 100_001).encode(), "TOO_MANY_ROWS"),
    (HEADER.encode() + b"\nD-1,\xff,a@dopt.gov.in,9876511111,section-officer\n", "NOT_UTF8"),
])
def test_a_bad_file_fails_whole_and_invites_nobody(world, body, code):
    status = upload_and_start(world["admin"], body)
    assert (status["status"], status["failure"]["code"], status["invited"]) == ("FAILED", code, 0)
    assert support.messages("a@dopt.gov.in") == []


def test_refusals_of_the_routes(world):
    admin = world["admin"]
    made = admin.post("/orgs/dopt/imports", {"fileName": "e.csv", "sizeBytes": 10}).json()
    not_uploaded = admin.post(f"/orgs/dopt/imports/{made['importId']}/start")
    assert (not_uploaded.status, not_uploaded.json()["error"]["code"]) == (409, "FILE_NOT_UPLOADED")
    assert admin.post("/orgs/dopt/imports", {"fileName": "e.csv", "sizeBytes": 30 * 1024 * 1024}).status == 400
    assert world["outsider"].post("/orgs/dopt/imports", {"fileName": "e.csv", "sizeBytes": 10}).status == 403
    assert world["learner"].get("/orgs/dopt/imports").status == 403
    assert world["leader"].get("/orgs/dopt/imports").status == 200
    assert world["leader"].post("/orgs/dopt/imports", {"fileName": "e.csv", "sizeBytes": 10}).status == 403
    foreign = world["outsider"].get(f"/orgs/mof/imports/{made['importId']}")
    assert (foreign.status, foreign.json()["error"]["code"]) == (404, "IMPORT_NOT_FOUND")
    early = admin.get(f"/orgs/dopt/imports/{made['importId']}/rejected")
    assert (early.status, early.json()["error"]["code"]) == (409, "NO_ROWS_YET")
    body = (HEADER + "\nD-9,Asha,asha9@dopt.gov.in,9876519999,section-officer\n").encode()
    done = upload_and_start(admin, body)
    twice = admin.post(f"/orgs/dopt/imports/{done['importId']}/start")
    assert (twice.status, twice.json()["error"]["code"]) == (409, "IMPORT_STARTED")
    wrong = ApiClient().post("/auth/invitations/redeem", {"code": "AAAA-BBBB-CCCC"})
    assert (wrong.status, wrong.json()["error"]["code"]) == (404, "INVITATION_NOT_FOUND")
