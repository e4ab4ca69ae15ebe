"""Fixtures of the learning hub's tests: the enrolment workflow running for real on moto (Step Functions
executing the same definition as CDK, its Lambda tasks dispatched in-process), and course/batch builders."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from moto import mock_aws

from functions.learning import batches, courses
from functions.learning.models import BatchIn, CourseIn
from karmayogi.platform import clock
from local import aws, workflows
from tests.conftest import ApiClient

EXECUTION_CONFIG = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}


@pytest.fixture(scope="package")
def platform() -> Iterator[str]:
    """One AWS stand-in for the learning tests (per xdist worker), started as the dev server starts it (moto executing state
    machines, Lambda without Docker), provisioned from the same definitions, with the enrolment workflow
    installed by local.workflows exactly as on the dev server. Tests isolate themselves by creating their
    own courses, batches and users (a fresh moto per test cost ~1.5 s each). Yields the state machine ARN."""
    from karmayogi.platform.observability import logger

    level = logger.log_level
    logger.setLevel("WARNING")  # thousands of INFO lines (one per step and message) slow the workflow threads
    with mock_aws(config=EXECUTION_CONFIG):  # type: ignore[arg-type]
        assert workflows.execution_config_active()
        resources = aws.provision()
        yield workflows.install(resources)
    logger.setLevel(level)


@pytest.fixture
def workflow(platform: str) -> Iterator[str]:
    clock.reset()
    yield platform
    clock.reset()


@pytest.fixture
def short_approval(workflow: str) -> Iterator[str]:
    """The same state machine with the 14-day approval wait shortened to 2 seconds (the expiry path)."""
    from karmayogi.platform.settings import get_settings

    resources = aws.LocalResources(get_settings().table_name, "", "", "", "")
    yield workflows.install(resources, approval_timeout_seconds=2)
    workflows.install(resources)


def course_body(title: str = "Noting and Drafting", *, quiz: bool = True, competencies: Any = None,
                language: str = "en") -> dict[str, Any]:
    contents: list[dict[str, Any]] = [
        {"id": "c1", "title": "What a good note contains", "type": "video", "durationMinutes": 10,
         "url": "https://example.gov.in/v1"},
        {"id": "c2", "title": "Drafting letters", "type": "document", "durationMinutes": 15},
        {"id": "c3", "title": "Further reading", "type": "link", "durationMinutes": 5, "mandatory": False,
         "url": "https://example.gov.in/csmop"},
    ]
    if quiz:
        contents.append({
            "id": "q1", "title": "Quiz", "type": "quiz", "durationMinutes": 10,
            "quiz": {"passPercent": 60, "maxAttempts": 2, "questions": [
                {"id": "x1", "text": "Pick a", "kind": "single",
                 "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}], "correct": ["a"]},
                {"id": "x2", "text": "Pick a and c", "kind": "multiple",
                 "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}],
                 "correct": ["a", "c"]},
            ]},
        })
    return {
        "title": title,
        "description": "How to write notes and drafts",
        "language": language,
        "competencies": competencies if competencies is not None else [{"competencyId": "c-noting", "level": 2}],
        "modules": [{"id": "m1", "title": "Module one", "contents": contents}],
    }


def live_course(body: dict[str, Any] | None = None, org_id: str = "dopt") -> dict[str, Any]:
    """A Live course stored directly through the courses service (authoring is tested over the API elsewhere)."""
    course = courses.new_course_item("author-1", org_id, CourseIn.model_validate(body or course_body()),
                                     status="Review")
    from functions.learning import repository

    return repository.transition(course["id"], "Review", "Live", {"publishedAt": course["createdAt"]})


def batch(course_id: str, *, seats: int = 10, requires_approval: bool = False, org_id: str | None = None,
          start_in: int = 0, enrol_days: int = 10, days: int = 30) -> dict[str, Any]:
    today = batches.today()
    body = BatchIn.model_validate({
        "name": f"Batch of {seats}", "startDate": (today + timedelta(days=start_in)).isoformat(),
        "endDate": (today + timedelta(days=start_in + days)).isoformat(),
        "enrollmentEndDate": (today + timedelta(days=enrol_days)).isoformat(),
        "seats": seats, "requiresApproval": requires_approval, "orgId": org_id,
    })
    return batches.new_batch_item(course_id, body, "coordinator-1", "dopt")


def taken(batch_item: dict[str, Any]) -> int:
    """The seats taken in a batch: the sum over its seat shards (strongly consistent)."""
    from functions.learning import repository

    return repository.seats_taken([batch_item], consistent=True)[batch_item["id"]]


def wait_for(client: ApiClient, enrolment_id: str, *statuses: str, timeout: float = 20.0) -> dict[str, Any]:
    """Poll GET /enrolments/{id} until the workflow has moved it to one of `statuses`."""
    deadline = time.monotonic() + timeout
    last: dict[str, Any] = {}
    while time.monotonic() < deadline:
        response = client.get(f"/enrolments/{enrolment_id}")
        assert response.status == 200, response.body
        last = response.json()
        if last["status"] in statuses:
            return last
        time.sleep(0.15)
    raise AssertionError(f"enrolment {enrolment_id} stayed {last.get('status')}, wanted {statuses}")


def wait_mail(email: str, subject: str, timeout: float = 10.0) -> list[dict[str, Any]]:
    """The messages sent to `email` once one with `subject` is among them (the workflow notifies right
    after it changed the enrolment, so a test that saw the status may be a moment early)."""
    deadline = time.monotonic() + timeout
    while True:
        messages = aws.sent_messages(email)
        if any(m["subject"] == subject for m in messages) or time.monotonic() > deadline:
            return messages
        time.sleep(0.05)


def enrol(client: ApiClient, course_id: str, batch_id: str) -> str:
    response = client.post(f"/courses/{course_id}/enrolments", {"batchId": batch_id})
    assert response.status == 202, response.body
    assert response.json()["status"] == "REQUESTED"
    return str(response.json()["enrolmentId"])
