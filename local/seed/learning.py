"""Seed the courses of local/seed/data/courses.py (with the quizzes of QUIZZES) as Live courses, written by
the demo content creator and published by the demo publisher through the learning hub's own service, and
give them batches: every course an open batch; the first courses also one that needs approval and a small
one (2 seats, to see the waitlist)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from functions.learning import batches, courses, repository
from functions.learning.models import BatchIn, CourseIn
from karmayogi.platform import clock
from local.seed.accounts import demo_user_id
from local.seed.data.accounts import DEMO_ACCOUNTS
from local.seed.data.courses import COURSES, QUIZZES, Course, Quiz

PROVIDER_ORG = "istm"  # the Institute of Secretariat Training and Management writes the demo courses
COURSES_WITH_EXTRA_BATCHES = 3


@dataclass(frozen=True)
class BatchPlan:
    suffix: str
    name: str
    seats: int
    requires_approval: bool


OPEN = BatchPlan("open", "Open batch", 500, False)
APPROVAL = BatchPlan("approval", "Batch with approval", 30, True)
SMALL = BatchPlan("small", "Small batch", 2, False)


def _account(role: str) -> tuple[str, str]:
    account = next(a for a in DEMO_ACCOUNTS if role in a.roles)
    return demo_user_id(account.employee_id), account.org_id


def _quiz(quiz: Quiz) -> dict[str, Any]:
    return {
        "passPercent": quiz.pass_percent,
        "maxAttempts": quiz.max_attempts,
        "questions": [
            {"id": q.id, "text": q.text, "kind": q.kind, "options": [{"id": o.id, "text": o.text} for o in q.options],
             "correct": list(q.correct)}
            for q in quiz.questions
        ],
    }


def course_body(course: Course) -> CourseIn:
    modules = []
    for module in course.modules:
        contents = []
        for content in module.contents:
            entry: dict[str, Any] = {"id": content.id, "title": content.title, "type": content.type,
                                     "durationMinutes": content.duration_minutes, "mandatory": content.mandatory}
            if content.type == "quiz":
                entry["quiz"] = _quiz(QUIZZES[content.id])
            contents.append(entry)
        modules.append({"id": module.id, "title": module.title, "contents": contents})
    return CourseIn.model_validate({
        "title": course.title,
        "description": course.description,
        "language": course.language,
        "competencies": [{"competencyId": cid, "level": level} for cid, level in course.competencies],
        "modules": modules,
    })


def _batch(course_id: str, plan: BatchPlan, coordinator: tuple[str, str]) -> None:
    today = batches.today()
    body = BatchIn.model_validate({
        "name": plan.name,
        "startDate": today.isoformat(),
        "endDate": (today + timedelta(days=90)).isoformat(),
        "enrollmentEndDate": (today + timedelta(days=60)).isoformat(),
        "seats": plan.seats,
        "requiresApproval": plan.requires_approval,
    })
    batches.new_batch_item(course_id, body, coordinator[0], coordinator[1], batch_id=f"{course_id}-{plan.suffix}")


def seed() -> None:
    author_id, _ = _account("CONTENT_CREATOR")
    publisher_id, _ = _account("CONTENT_PUBLISHER")
    coordinator = _account("PROGRAM_COORDINATOR")
    for position, course in enumerate(COURSES):
        courses.new_course_item(author_id, PROVIDER_ORG, course_body(course), course_id=course.id, status="Review")
        now = clock.now_iso()
        repository.transition(course.id, "Review", "Live",
                              {"publishedAt": now, "publishedBy": publisher_id, "updatedAt": now})
        plans = [OPEN, APPROVAL, SMALL] if position < COURSES_WITH_EXTRA_BATCHES else [OPEN]
        for plan in plans:
            _batch(course.id, plan, coordinator)
