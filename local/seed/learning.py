"""Seed the courses of local/seed/data/courses.py (with the quizzes of QUIZZES) as Live courses, written by
the demo content creator and published by the demo publisher through the learning hub's own service, and
give them batches: every course an open batch; the first courses also one that needs approval and a small
one (2 seats, to see the waitlist).

Every course's files (local/seed/content, generated once and then taken from the cache) go the way a
creator's do: the course is a Draft, each file is uploaded through the upload rules (functions/learning/
uploads.py: start_upload, the browser's POST to the presigned address in the media bucket, complete_upload),
the bucket's notification runs the media processor (local/media.py: in-process, before the POST returns),
and only when every file is READY is the course submitted for review and published. A file the processor
rejects stops the seeding with its reason."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from functions.learning import batches, courses, repository, uploads
from functions.learning.models import BatchIn, CourseIn
from functions.learning.upload_models import CompleteIn, UploadIn
from karmayogi.platform.identity import Caller
from local.seed.accounts import demo_user_id
from local.seed.content.cache import MediaFile, seed_media
from local.seed.data.accounts import DEMO_ACCOUNTS
from local.seed.data.courses import COURSES, FILE_CONTENT_TYPES, QUIZZES, Course, Quiz

PROVIDER_ORG = "istm"  # the Institute of Secretariat Training and Management writes the demo courses
COURSES_WITH_EXTRA_BATCHES = 3


@dataclass(frozen=True)
class BatchPlan:
    suffix: str
    name: str
    seats: int
    requires_approval: bool
    name_hi: str


OPEN = BatchPlan("open", "Open batch", 500, False, "खुला बैच")
APPROVAL = BatchPlan("approval", "Batch with approval", 30, True, "स्वीकृति वाला बैच")
SMALL = BatchPlan("small", "Small batch", 2, False, "छोटा बैच")


PROCESSING_WAIT_SECONDS = 300  # the processor runs before the upload's POST returns; this bounds a slower one
UPLOAD_TIMEOUT_SECONDS = 60
COURSE_WORKERS = 2


class SeedMediaRejected(RuntimeError):
    """A seed file did not become READY: the generator and the processor disagree (fix one of them)."""


def _account(role: str) -> tuple[str, str]:
    account = next(a for a in DEMO_ACCOUNTS if role in a.roles)
    return demo_user_id(account.employee_id), account.org_id


def _caller(role: str) -> Caller:
    account = next(a for a in DEMO_ACCOUNTS if role in a.roles)
    return Caller(user_id=demo_user_id(account.employee_id), username=account.username,
                  roles=frozenset(account.roles), claimed_org_id=account.org_id)


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
        "nameHi": plan.name_hi,
        "startDate": today.isoformat(),
        "endDate": (today + timedelta(days=90)).isoformat(),
        "enrollmentEndDate": (today + timedelta(days=60)).isoformat(),
        "seats": plan.seats,
        "requiresApproval": plan.requires_approval,
    })
    batches.new_batch_item(course_id, body, coordinator[0], coordinator[1], batch_id=f"{course_id}-{plan.suffix}")


def upload(author: Caller, file: MediaFile) -> dict[str, Any]:
    """Upload one file to its content as the course's author would (presigned POST, then completion); its
    READY media entry. SeedMediaRejected when processing refuses it or does not finish."""
    import requests

    from local import media

    size = file.path.stat().st_size
    opened = uploads.start_upload(author, file.course_id, file.content_id, UploadIn.model_validate(
        {"fileName": file.path.name, "mediaType": file.media_type, "sizeBytes": size}))
    if opened.url is None:
        raise SeedMediaRejected(f"{file.path.name}: {size} bytes need a multipart upload; keep seed files small")
    failures_before = len(media.failures)
    with open(file.path, "rb") as data:
        sent = requests.post(opened.url, data=opened.fields, files={"file": (file.path.name, data, file.media_type)},
                             timeout=UPLOAD_TIMEOUT_SECONDS)
    if sent.status_code >= 300:
        raise SeedMediaRejected(f"{file.path.name}: the bucket refused the upload ({sent.status_code}): {sent.text[:300]}")
    uploads.complete_upload(author, file.course_id, file.content_id, opened.upload_id, CompleteIn())
    deadline = time.monotonic() + PROCESSING_WAIT_SECONDS
    while True:
        entry = courses.media_entry(repository.get_course(file.course_id, consistent=True) or {}, file.content_id)
        status = entry["status"] if entry and entry.get("uploadId") == opened.upload_id else "PROCESSING"
        if status == "READY" and entry is not None:
            return entry
        raised = media.failures[failures_before:]
        if status == "REJECTED" or raised or time.monotonic() > deadline:
            reason = (entry or {}).get("reason") or "; ".join(raised) or f"still PROCESSING after {PROCESSING_WAIT_SECONDS} s"
            raise SeedMediaRejected(f"{file.course_id}/{file.content_id} ({file.path.name}) is {status}: {reason}")
        time.sleep(0.2)


def _files_of(course: Course, files: dict[tuple[str, str], MediaFile]) -> list[MediaFile]:
    """The generated file of each of the course's file contents (every one has one, of its type)."""
    found = []
    for module in course.modules:
        for content in module.contents:
            if content.type not in FILE_CONTENT_TYPES:
                continue
            file = files.get((course.id, content.id))
            if file is None or file.type != content.type:
                raise SeedMediaRejected(f"{course.id}/{content.id}: no generated {content.type} file "
                                        "(local/seed/content/script.py names each course's files)")
            found.append(file)
    return found


def _seed_course(position: int, course: Course, files: dict[tuple[str, str], MediaFile]) -> None:
    author, publisher = _caller("CONTENT_CREATOR"), _caller("CONTENT_PUBLISHER")
    courses.new_course_item(author.user_id, PROVIDER_ORG, course_body(course), course_id=course.id)
    for file in _files_of(course, files):
        upload(author, file)
    courses.submit_for_review(author, course.id, None)
    courses.publish(publisher, course.id, None)
    plans = [OPEN, APPROVAL, SMALL] if position < COURSES_WITH_EXTRA_BATCHES else [OPEN]
    for plan in plans:
        _batch(course.id, plan, _account("PROGRAM_COORDINATOR"))


def seed() -> None:
    """The courses, COURSE_WORKERS at a time (the processor's checks of each file take most of the time)."""
    files = {(f.course_id, f.content_id): f for f in seed_media()}
    with ThreadPoolExecutor(max_workers=COURSE_WORKERS, thread_name_prefix="seed-course") as pool:
        for done in [pool.submit(_seed_course, position, course, files) for position, course in enumerate(COURSES)]:
            done.result()  # the first failure, raised
