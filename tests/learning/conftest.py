"""Fixtures of the learning hub's tests: the enrolment workflow running for real on moto (Step Functions
executing the same definition as CDK, its Lambda tasks dispatched in-process), and course/batch builders."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from moto.core.config import default_user_config

from functions.learning import service
from functions.learning.models import BatchIn, CourseIn
from local import aws, workflows
from tests import factories
from tests.conftest import ApiClient

EXECUTION_CONFIG = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}


@pytest.fixture
def workflow(resources: aws.LocalResources) -> Iterator[str]:
    """The shared `resources` mock with moto executing state machines (the dev server's config), and the
    enrolment workflow installed exactly as the dev server installs it. Yields the state machine ARN."""
    with mock.patch.dict(default_user_config, EXECUTION_CONFIG):
        assert workflows.execution_config_active()
        yield workflows.install(resources)


@pytest.fixture
def short_approval(resources: aws.LocalResources) -> Iterator[str]:
    """As `workflow`, with the 14-day approval wait shortened to 2 seconds (the expiry path)."""
    with mock.patch.dict(default_user_config, EXECUTION_CONFIG):
        yield workflows.install(resources, approval_timeout_seconds=2)


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
    """A Live course stored directly through the service (authoring is tested over the API elsewhere)."""
    course = service.new_course_item("author-1", org_id, CourseIn.model_validate(body or course_body()),
                                     status="Review")
    from functions.learning import repository

    return repository.transition(course["id"], "Review", "Live", {"publishedAt": course["createdAt"]})


def batch(course_id: str, *, seats: int = 10, requires_approval: bool = False, org_id: str | None = None,
          start_in: int = 0, enrol_days: int = 10, days: int = 30) -> dict[str, Any]:
    today = service.today()
    body = BatchIn.model_validate({
        "name": f"Batch of {seats}", "startDate": (today + timedelta(days=start_in)).isoformat(),
        "endDate": (today + timedelta(days=start_in + days)).isoformat(),
        "enrollmentEndDate": (today + timedelta(days=enrol_days)).isoformat(),
        "seats": seats, "requiresApproval": requires_approval, "orgId": org_id,
    })
    return service.new_batch_item(course_id, body, "coordinator-1", "dopt")


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
        time.sleep(0.05)
    raise AssertionError(f"enrolment {enrolment_id} stayed {last.get('status')}, wanted {statuses}")


@pytest.fixture
def learner_factory(resources: aws.LocalResources) -> Callable[..., dict[str, Any]]:
    def make(*roles: str, org_id: str = "dopt", **kwargs: Any) -> dict[str, Any]:
        return factories.create_user(*roles, org_id=org_id, **kwargs)

    return make


def enrol(client: ApiClient, course_id: str, batch_id: str) -> str:
    response = client.post(f"/courses/{course_id}/enrolments", {"batchId": batch_id})
    assert response.status == 202, response.body
    assert response.json()["status"] == "REQUESTED"
    return str(response.json()["enrolmentId"])
