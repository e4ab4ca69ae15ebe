"""How much DynamoDB work each learning route does: a scripted learner journey (catalogue, course,
batch, enrolment through the real workflow, approval, waitlist and promotion, progress, assessment,
certificate, karma, leaderboard) on the local stand-in, counting the DynamoDB requests every route and
every workflow step makes, with the items they read and returned.

moto's timings say nothing about DynamoDB's, so this counts work instead: requests, items read
(ScannedCount of queries, items fetched by Get/BatchGet) and items returned, plus items written.

    .venv/bin/python -m bench.learning_dynamodb_requests [--courses 300]
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections import defaultdict
from datetime import timedelta
from typing import Any

from local import aws

aws.fake_credentials()

from moto import mock_aws  # noqa: E402

from functions.learning import batches, repository  # noqa: E402
from functions.learning.courses import new_course_item  # noqa: E402
from functions.learning.models import BatchIn, CourseIn  # noqa: E402
from karmayogi.domain import profiles  # noqa: E402
from karmayogi.platform import db, identity  # noqa: E402
from local import gateway, workflows  # noqa: E402
from local.server import MOTO_CONFIG  # noqa: E402

_current = threading.local()


class Counter:
    """botocore event hooks on the platform's DynamoDB client: per label, requests and items."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.calls: dict[str, int] = defaultdict(int)

    def label(self) -> str:
        return getattr(_current, "label", "setup")

    def before(self, event_name: str, **_: Any) -> None:
        operation = event_name.rsplit(".", 1)[-1]
        row = self.rows[self.label()]
        row["requests"] += 1
        row[f"op:{operation}"] += 1

    def parameters(self, event_name: str, params: dict[str, Any], **_: Any) -> None:
        operation = event_name.rsplit(".", 1)[-1]
        row = self.rows[self.label()]
        if operation == "TransactWriteItems":
            row["written"] += len(params.get("TransactItems", []))
        elif operation in ("PutItem", "UpdateItem", "DeleteItem"):
            row["written"] += 1
        elif operation == "BatchWriteItem":
            row["written"] += sum(len(v) for v in params.get("RequestItems", {}).values())

    def after(self, event_name: str, parsed: dict[str, Any], **_: Any) -> None:
        operation = event_name.rsplit(".", 1)[-1]
        row = self.rows[self.label()]
        if operation in ("Query", "Scan"):
            row["read"] += int(parsed.get("ScannedCount", 0))
            row["returned"] += int(parsed.get("Count", 0))
        elif operation == "GetItem":
            found = 1 if parsed.get("Item") else 0
            row["read"] += found
            row["returned"] += found
        elif operation == "BatchGetItem":
            found = sum(len(v) for v in parsed.get("Responses", {}).values())
            row["read"] += found
            row["returned"] += found

    def install(self) -> None:
        events = db.resource().meta.client.meta.events
        events.register("before-call.dynamodb.*", self.before)
        events.register("before-parameter-build.dynamodb.*", self.parameters)
        events.register("after-call.dynamodb.*", self.after)


class Labelled:
    def __init__(self, label: str) -> None:
        self.label = label

    def __enter__(self) -> None:
        self.previous = getattr(_current, "label", "setup")
        _current.label = self.label

    def __exit__(self, *_: Any) -> None:
        _current.label = self.previous


def call(counter: Counter, claims: dict[str, Any] | None, method: str, path: str, route: str,
         body: Any = None, query: str = "") -> Any:
    counter.calls[route] += 1
    with Labelled(route):
        response = gateway.dispatch(method, path, query=query, headers={"Content-Type": "application/json"},
                                    body=json.dumps(body) if body is not None else None, claims=claims)
    if response.status >= 400:
        raise RuntimeError(f"{method} {path}: {response.status} {response.body[:300]!r}")
    return response.json()


def wait(counter: Counter, claims: dict[str, Any], enrolment_id: str, *statuses: str) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        # polling is the test's doing, not the platform's: not counted
        with Labelled("(polling)"):
            current = gateway.dispatch("GET", f"/enrolments/{enrolment_id}", claims=claims).json()
        if current["status"] in statuses:
            return dict(current)
        time.sleep(0.1)
    raise RuntimeError(f"{enrolment_id} did not reach {statuses}")


def user(user_id: str, org_id: str, *roles: str) -> dict[str, Any]:
    item = profiles.profile_item(user_id=user_id, employee_id=user_id.upper(), name=f"Officer {user_id}",
                                 email=f"{user_id}@dopt.gov.in", mobile="+919800000001", org_id=org_id,
                                 designation_id="so", designation="Section Officer", roles=["PUBLIC", *roles])
    db.table().put_item(Item=item)
    return identity.claims_for(user_id, user_id, ["PUBLIC", *roles], org_id=org_id)


def course_body(i: int, competency: str) -> CourseIn:
    quiz = {"passPercent": 50, "maxAttempts": 3, "questions": [
        {"id": "q1", "text": "One?", "kind": "single", "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
         "correct": ["a"]},
        {"id": "q2", "text": "Two?", "kind": "multiple",
         "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}], "correct": ["a", "b"]}]}
    return CourseIn.model_validate({
        "title": f"Course number {i} on public administration", "description": "A benchmark course",
        "competencies": [{"competencyId": competency, "level": 2}],
        "modules": [{"id": "m1", "title": "Module", "contents": [
            {"id": "v1", "title": "Reading", "type": "link", "durationMinutes": 10},  # declared progress: a link
            {"id": "d1", "title": "Document", "type": "document", "durationMinutes": 10},
            {"id": "quiz", "title": "Quiz", "type": "quiz", "durationMinutes": 5, "quiz": quiz}]}],
    })


def batch(course_id: str, seats: int, approval: bool) -> str:
    today = batches.today()
    body = BatchIn.model_validate({"name": f"{seats} seats", "startDate": today.isoformat(),
                                   "endDate": (today + timedelta(days=30)).isoformat(),
                                   "enrollmentEndDate": (today + timedelta(days=10)).isoformat(),
                                   "seats": seats, "requiresApproval": approval})
    return str(batches.new_batch_item(course_id, body, "bench", "dopt")["id"])


def journey(counter: Counter, courses: int) -> None:
    for i in range(courses):
        course = new_course_item("author", "istm", course_body(i, f"comp-{i % 10}"), status="Review")
        repository.transition(course["id"], "Review", "Live", {"publishedAt": course["createdAt"]})
    course_id = course["id"]
    learner = user("learner", "dopt")
    second = user("second", "dopt")
    third = user("third", "dopt")
    admin = user("admin", "dopt", "MDO_ADMIN")

    call(counter, learner, "GET", "/courses", "GET /courses", query="limit=20")
    page = call(counter, learner, "GET", "/courses", "GET /courses", query="limit=20")
    call(counter, learner, "GET", "/courses", "GET /courses (next page)",
         query=f"limit=20&cursor={page['nextCursor']}")
    call(counter, learner, "GET", "/courses", "GET /courses?competencyId=", query="competencyId=comp-3&limit=20")
    call(counter, learner, "GET", "/courses", "GET /courses?q=", query="q=number%2012&limit=20")
    call(counter, learner, "GET", f"/courses/{course_id}", "GET /courses/{id}")
    created = call(counter, admin, "POST", f"/courses/{course_id}/batches", "POST /courses/{id}/batches", body={
        "name": "API batch", "startDate": batches.today().isoformat(),
        "endDate": (batches.today() + timedelta(days=20)).isoformat(),
        "enrollmentEndDate": (batches.today() + timedelta(days=5)).isoformat(), "seats": 1})
    call(counter, learner, "GET", f"/courses/{course_id}/batches", "GET /courses/{id}/batches")

    enrolled = call(counter, learner, "POST", f"/courses/{course_id}/enrolments", "POST /courses/{id}/enrolments",
                    body={"batchId": created["id"]})["enrolmentId"]
    wait(counter, learner, enrolled, "ENROLLED")
    waiting = call(counter, second, "POST", f"/courses/{course_id}/enrolments", "POST /courses/{id}/enrolments",
                   body={"batchId": created["id"]})["enrolmentId"]
    wait(counter, second, waiting, "WAITLISTED")
    call(counter, learner, "GET", f"/enrolments/{enrolled}", "GET /enrolments/{id}")
    call(counter, learner, "GET", "/me/enrolments", "GET /me/enrolments")

    approval = batch(course_id, 5, True)
    pending = call(counter, third, "POST", f"/courses/{course_id}/enrolments", "POST /courses/{id}/enrolments",
                   body={"batchId": approval})["enrolmentId"]
    wait(counter, third, pending, "PENDING_APPROVAL")
    call(counter, admin, "GET", "/orgs/dopt/enrolments", "GET /orgs/{id}/enrolments?status=PENDING_APPROVAL",
         query="status=PENDING_APPROVAL")
    call(counter, admin, "POST", f"/enrolments/{pending}/approve", "POST /enrolments/{id}/approve")
    wait(counter, third, pending, "ENROLLED")

    for content in ("v1", "d1"):
        call(counter, learner, "PUT", f"/enrolments/{enrolled}/progress", "PUT /enrolments/{id}/progress",
             body={"contentId": content, "status": "completed", "progressPercent": 100})
    call(counter, learner, "GET", f"/courses/{course_id}/assessments/quiz", "GET /courses/{id}/assessments/{cid}")
    call(counter, learner, "POST", f"/courses/{course_id}/assessments/quiz/attempts",
         "POST .../attempts (fails)", body={"answers": {"q1": ["b"]}})
    done = call(counter, learner, "POST", f"/courses/{course_id}/assessments/quiz/attempts",
                "POST .../attempts (passes, completes)", body={"answers": {"q1": ["a"], "q2": ["a", "b"]}})
    assert done["enrolmentStatus"] == "COMPLETED", done
    certificate = call(counter, learner, "GET", "/me/certificates", "GET /me/certificates")["items"][0]["id"]
    call(counter, None, "GET", f"/certificates/{certificate}", "GET /certificates/{id} (public)")
    call(counter, learner, "GET", "/me/karma", "GET /me/karma")
    call(counter, learner, "GET", "/orgs/dopt/leaderboard", "GET /orgs/{id}/leaderboard")

    call(counter, third, "DELETE", f"/enrolments/{pending}", "DELETE /enrolments/{id} (no waitlist)")
    # the second learner's waitlisted place gets the seat of a leaver: set one up
    leaver = user("leaver", "dopt")
    small = batch(course_id, 1, False)
    leaving = call(counter, leaver, "POST", f"/courses/{course_id}/enrolments", "POST /courses/{id}/enrolments",
                   body={"batchId": small})["enrolmentId"]
    wait(counter, leaver, leaving, "ENROLLED")
    call(counter, second, "DELETE", f"/enrolments/{waiting}", "DELETE /enrolments/{id} (waitlisted)")
    fourth = user("fourth", "dopt")
    queued = call(counter, fourth, "POST", f"/courses/{course_id}/enrolments", "POST /courses/{id}/enrolments",
                  body={"batchId": small})["enrolmentId"]
    wait(counter, fourth, queued, "WAITLISTED")
    call(counter, leaver, "DELETE", f"/enrolments/{leaving}", "DELETE /enrolments/{id} (promotes)")
    wait(counter, fourth, queued, "ENROLLED")


def label_workflow_steps() -> None:
    name = workflows.task_function_name()
    step = workflows._dispatch[name]

    def labelled(event: dict[str, Any], context: Any) -> Any:
        with Labelled(f"workflow step: {event.get('action')}"):
            return step(event, context)

    workflows._dispatch[name] = labelled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=300, help="Live courses in the catalogue")
    args = parser.parse_args(argv)
    counter = Counter()
    with mock_aws(config=MOTO_CONFIG):  # type: ignore[call-overload]
        resources = aws.provision()
        workflows.install(resources)
        from karmayogi.platform.observability import logger

        logger.setLevel("WARNING")
        label_workflow_steps()
        counter.install()
        journey(counter, args.courses)

    rows = {k: v for k, v in counter.rows.items() if k not in ("setup", "(polling)")}
    width = max(len(k) for k in rows) + 2
    out = sys.stdout
    out.write(f"DynamoDB work per learning route ({args.courses} Live courses in the catalogue)\n\n")
    out.write(f"{'route / step':{width}} {'calls':>5} {'requests':>8} {'per call':>8} {'read':>6} {'returned':>8} "
              f"{'written':>7}  operations\n")
    for label in sorted(rows, key=lambda k: (k.startswith("workflow"), k)):
        row = rows[label]
        calls = counter.calls.get(label) or row.get("op:Invocations", 0) or 1
        if label.startswith("workflow"):
            calls = 0
        operations = ", ".join(f"{k[3:]} x{v}" for k, v in sorted(row.items()) if k.startswith("op:"))
        per_call = f"{row['requests'] / calls:.1f}" if calls else "-"
        out.write(f"{label:{width}} {calls or '-':>5} {row['requests']:>8} {per_call:>8} {row['read']:>6} "
                  f"{row['returned']:>8} {row['written']:>7}  {operations}\n")
    out.write("\nread = items DynamoDB read (query ScannedCount, Get/BatchGet hits); returned = items in responses;\n"
              "written = items written (a transaction counts each of its operations). Workflow steps run in the\n"
              "task Lambda; their counts are totals over the journey's executions.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
