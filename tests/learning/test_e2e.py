"""The learner's journey over HTTP on the seeded dev server, with the real enrolment workflow (Step
Functions on moto): author → publish → batches → enrol (open, approval approved and rejected, waitlist
and promotion), every refusal code, progress, assessment, certificate, karma."""

from __future__ import annotations

import secrets
import time
from datetime import date, timedelta
from typing import Any

import pytest

from local.seed.data.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.learning.conftest import course_body

pytestmark = pytest.mark.e2e


def _username(role: str, org: str | None = None) -> str:
    return next(a.username for a in DEMO_ACCOUNTS if role in a.roles and (org is None or a.org_id == org))


@pytest.fixture(scope="module")
def tokens(dev_server) -> dict[str, str]:
    people = {
        "creator": _username("CONTENT_CREATOR"),
        "publisher": _username("CONTENT_PUBLISHER"),
        "coordinator": _username("PROGRAM_COORDINATOR"),
        "priya": "priya.sharma@mha.gov.in",
        "arjun": "arjun.nair@kerala.gov.in",
        "mha_admin": _username("MDO_ADMIN", "mha"),
        "spv": _username("SPV_ADMIN"),
    }
    return {name: dev_server.login(username, DEMO_PASSWORD) for name, username in people.items()}


class Http:
    def __init__(self, server: Any, tokens: dict[str, str]) -> None:
        self.server = server
        self.tokens = tokens

    def __call__(self, who: str, method: str, path: str, body: Any = None, status: int | None = None) -> Any:
        response = self.server.request(method, path, body, token=self.tokens[who])
        if status is not None:
            assert response.status == status, (method, path, response.status, response.body)
        return response

    def wait(self, who: str, enrolment_id: str, *statuses: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            current = self(who, "GET", f"/enrolments/{enrolment_id}", status=200).json()
            if current["status"] in statuses:
                return current
            assert time.monotonic() < deadline, f"{enrolment_id} stayed {current['status']}, wanted {statuses}"
            time.sleep(0.2)

    def enrol(self, who: str, course_id: str, batch_id: str) -> str:
        response = self(who, "POST", f"/courses/{course_id}/enrolments", {"batchId": batch_id}, status=202)
        assert response.json()["status"] == "REQUESTED"
        return str(response.json()["enrolmentId"])


@pytest.fixture(scope="module")
def http(dev_server, tokens) -> Http:
    return Http(dev_server, tokens)


def _today(dev_server) -> date:
    now = dev_server.request("GET", "/_local/clock").json()["now"]
    from datetime import datetime

    return (datetime.fromisoformat(now) + timedelta(hours=5, minutes=30)).date()


def _publish(http: Http, title: str) -> str:
    body = course_body(title)
    body["modules"][0]["contents"][0]["type"] = "link"  # no file to upload: review needs media READY
    course = http("creator", "POST", "/courses", body, status=201).json()
    http("creator", "POST", f"/courses/{course['id']}/review", status=200)
    http("publisher", "POST", f"/courses/{course['id']}/publish", status=200)
    return str(course["id"])


def _batch(http: Http, course_id: str, today: date, *, seats: int = 5, approval: bool = False,
           enrol_days: int = 10, days: int = 30, opens_in: int = 0) -> str:
    body = {"name": f"E2E batch {secrets.token_hex(3)}", "startDate": today.isoformat(),
            "endDate": (today + timedelta(days=days)).isoformat(),
            "enrollmentStartDate": (today + timedelta(days=opens_in)).isoformat(),
            "enrollmentEndDate": (today + timedelta(days=enrol_days)).isoformat(),
            "seats": seats, "requiresApproval": approval}
    return str(http("coordinator", "POST", f"/courses/{course_id}/batches", body, status=201).json()["id"])


def test_learner_journey_open_batch_to_certificate(dev_server, http):
    today = _today(dev_server)
    title = f"E2E Noting {secrets.token_hex(3)}"
    course_id = _publish(http, title)
    assert course_id in [c["id"] for c in http("priya", "GET", "/courses?q=" + title.rsplit(maxsplit=1)[-1], status=200)
                         .json()["items"]]
    batch_id = _batch(http, course_id, today)

    enrolment_id = http.enrol("priya", course_id, batch_id)
    assert http.wait("priya", enrolment_id, "ENROLLED")["status"] == "ENROLLED"
    # another learner cannot write her progress or read her enrolment
    other = http("arjun", "PUT", f"/enrolments/{enrolment_id}/progress", {"contentId": "c1", "status": "completed"})
    assert other.status == 404
    assert http("arjun", "GET", f"/enrolments/{enrolment_id}").status == 404

    for content in ("c1", "c2"):
        http("priya", "PUT", f"/enrolments/{enrolment_id}/progress",
             {"contentId": content, "status": "completed", "progressPercent": 100}, status=200)
    quiz = http("priya", "GET", f"/courses/{course_id}/assessments/q1", status=200)
    assert b"correct" not in quiz.body
    result = http("priya", "POST", f"/courses/{course_id}/assessments/q1/attempts",
                  {"answers": {"x1": ["a"], "x2": ["a", "c"]}}, status=200).json()
    assert (result["passed"], result["enrolmentStatus"], result["completionPercentage"]) == (True, "COMPLETED", 100)

    certificate_id = http("priya", "GET", f"/enrolments/{enrolment_id}", status=200).json()["certificateId"]
    public = dev_server.request("GET", f"/certificates/{certificate_id}")  # no token: public
    assert public.status == 200
    assert (public.json()["learnerName"], public.json()["courseTitle"]) == ("Priya Sharma", title)
    assert certificate_id in [c["id"] for c in http("priya", "GET", "/me/certificates", status=200).json()["items"]]
    karma = http("priya", "GET", "/me/karma?limit=100", status=200).json()
    credited = {(e["reason"], e["contextId"]) for e in karma["ledger"]}
    assert {("COURSE_COMPLETED", course_id), ("ASSESSMENT_PASSED", course_id)} <= credited
    # the passbook entry is written with the completion (its summary and plans follow in the workflow)
    passbook = http("priya", "GET", "/me/competencies?limit=100", status=200).json()["items"]
    noting = next(c for c in passbook if c["competencyId"] == "c-noting")
    assert {"level": 2, "source": "course", "sourceId": certificate_id} in [
        {k: e[k] for k in ("level", "source", "sourceId")} for e in noting["entries"]]
    board = http("priya", "GET", "/orgs/mha/leaderboard", status=200).json()["items"]
    assert any(row["name"] == "Priya Sharma" and row["points"] >= 10 for row in board)
    subjects = [m["subject"] for m in dev_server.outbox("priya.sharma@mha.gov.in")]
    assert f"You are enrolled: {title}" in subjects and f"Certificate: {title}" in subjects


def test_approval_batch_approved_and_rejected(dev_server, http):
    today = _today(dev_server)
    course_id = _publish(http, f"E2E Approval {secrets.token_hex(3)}")
    batch_id = _batch(http, course_id, today, approval=True)

    approved = http.enrol("priya", course_id, batch_id)
    http.wait("priya", approved, "PENDING_APPROVAL")
    pending = http("mha_admin", "GET", "/orgs/mha/enrolments?status=PENDING_APPROVAL", status=200).json()["items"]
    assert approved in [e["enrolmentId"] for e in pending]
    assert http("arjun", "POST", f"/enrolments/{approved}/approve").status == 403
    http("mha_admin", "POST", f"/enrolments/{approved}/approve", status=200)
    assert http.wait("priya", approved, "ENROLLED")["status"] == "ENROLLED"

    rejected = http.enrol("arjun", course_id, batch_id)
    http.wait("arjun", rejected, "PENDING_APPROVAL")
    assert http("mha_admin", "POST", f"/enrolments/{rejected}/reject").status == 403  # not his org
    http("spv", "POST", f"/enrolments/{rejected}/reject", {"reason": "Nominate next quarter"}, status=200)
    done = http.wait("arjun", rejected, "REJECTED")
    assert done["reason"] == "Nominate next quarter"
    seats = {b["id"]: b["seatsTaken"] for b in http("arjun", "GET", f"/courses/{course_id}/batches").json()["items"]}
    assert seats[batch_id] == 1


def test_waitlist_and_promotion(dev_server, http):
    today = _today(dev_server)
    course_id = _publish(http, f"E2E Waitlist {secrets.token_hex(3)}")
    batch_id = _batch(http, course_id, today, seats=1)
    first = http.enrol("priya", course_id, batch_id)
    http.wait("priya", first, "ENROLLED")
    second = http.enrol("arjun", course_id, batch_id)
    assert http.wait("arjun", second, "WAITLISTED")["reason"] == "NO_SEATS"
    assert http("priya", "DELETE", f"/enrolments/{first}").status == 204
    assert http.wait("arjun", second, "ENROLLED")["reason"] == "PROMOTED_FROM_WAITLIST"


def test_every_refusal_code(dev_server, http):
    today = _today(dev_server)
    course_id = _publish(http, f"E2E Refusals {secrets.token_hex(3)}")
    open_id = _batch(http, course_id, today)
    closing = _batch(http, course_id, today, enrol_days=0, days=10)
    not_yet = _batch(http, course_id, today, opens_in=5, enrol_days=10)

    def refused(batch_id: str) -> tuple[int, str]:
        response = http("arjun", "POST", f"/courses/{course_id}/enrolments", {"batchId": batch_id})
        return response.status, response.json()["error"]["code"]

    assert refused("no-such-batch") == (404, "BATCH_NOT_FOUND")
    assert refused(not_yet) == (409, "BATCH_CLOSED")
    enrolment_id = http.enrol("arjun", course_id, open_id)
    assert refused(open_id) == (409, "ALREADY_ENROLLED")
    http.wait("arjun", enrolment_id, "ENROLLED")
    assert refused(open_id) == (409, "ALREADY_ENROLLED")

    started = dev_server.request("GET", "/_local/clock").json()["now"]
    try:
        moved = (date.fromisoformat(started[:10]) + timedelta(days=3)).isoformat() + "T06:00:00+00:00"
        dev_server.request("POST", "/_local/clock", {"now": moved})
        assert refused(closing) == (409, "ENROLMENT_CLOSED")
        later = (date.fromisoformat(started[:10]) + timedelta(days=12)).isoformat() + "T06:00:00+00:00"
        dev_server.request("POST", "/_local/clock", {"now": later})
        assert refused(closing) == (409, "BATCH_CLOSED")
    finally:
        dev_server.request("POST", "/_local/clock", {"now": started})
