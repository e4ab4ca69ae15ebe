"""Generate a national-scale platform for the rehearsal (issue 19, item 3) into a DynamoDB table.

N officers (`--users`, default 1,000,000) with realistic Indian name distributions (bench/search.py's
weighted first names and surnames: 5 % Rajesh, so 50,000 in a million; one in ten with a Devanagari
display name), in the seed's orgs and designations; 2,000 courses (variations of the seed's courses, Live,
with their catalogue and search items); 5 enrolments per officer on average; communities with topics;
in-app notifications and karma (the monthly leaderboard). Every item comes from the platform's own
builders and repository functions (profiles.profile_item, people_index.person_token_items,
learning's create_course / _catalogue_items / create_enrolment, discussion's community_item / topic_item,
notifications.in_app_ops, karma.credit_ops), captured by bench/rehearsal/collect.py and written with
BatchWriteItem from several threads. Deterministic: officer n's data come from random.Random(seed, n).

Generation is incremental: `generate(start, stop)` adds officers [start, stop) to a table that holds the
first `start`, so the rehearsal measures at 10 k, then grows the same table to the larger size.

    python -m bench.rehearsal.generate --users 10000        # DynamoDB Local, in memory; prints items/s
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "core" / "python")]
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")

from bench.rehearsal.collect import Collector, Writer  # noqa: E402
from bench.search import person_name  # noqa: E402 - the weighted Indian names (sets fake credentials)

COURSES = 2_000
COMMUNITIES = 40
ENROLMENTS_PER_OFFICER = 5  # on average: 0-10, uniform
NOTIFICATIONS_PER_OFFICER = 3  # on average: 0-6
TOPIC_EVERY = 10  # one topic per 10 officers, spread over the communities
COURSE_WORDS = ["Data", "Privacy", "Noting", "Drafting", "Public", "Procurement", "Ethics", "Leadership", "Cyber",
                "Hygiene", "Budget", "Planning", "Grievance", "Redressal", "Digital", "Finance", "Gender", "Audit"]
CHUNK = 500  # officers per unit of work


def user_id(n: int) -> str:
    return f"rh{n:07d}"


def course_id(n: int) -> str:
    return f"rhc{n:05d}"


def community_id(n: int) -> str:
    return f"rhcom{n:03d}"


@contextmanager
def platform(engine: str = "dynamodb-local", progress: Callable[[str], None] = print) -> Iterator[dict[str, Any]]:
    """An empty platform: the table on DynamoDB Local (in memory) or in-process moto, the other services on
    moto, provisioned like the dev server, with the seed's directory (orgs, designations) and competency
    framework (with the orgs' requirements)."""
    from moto import mock_aws

    from local import aws
    from local.dynamodb_local import DynamoDBLocal

    engine_process = None
    if engine == "dynamodb-local":
        # 1 M officers are ~23 M items: more than the JVM's default heap holds (writes stalled at ~3.5 M items)
        engine_process = DynamoDBLocal(max_heap=os.environ.get("REHEARSAL_HEAP", "16g")).start()
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = engine_process.endpoint
        progress(f"DynamoDB Local on {engine_process.endpoint}")
    else:
        os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)
    import boto3
    from botocore.config import Config

    boto3.setup_default_session()
    boto3.DEFAULT_SESSION._session.set_default_client_config(Config(max_pool_connections=64))
    mock = mock_aws()
    mock.start()
    try:
        from karmayogi.platform import aws as platform_aws
        from karmayogi.platform import db

        resources = aws.provision()
        platform_aws.reset()
        db.reset_clients()
        from local.seed import competency, directory

        directory.seed()
        competency.seed()
        yield {"engine": engine, "resources": resources}
    finally:
        mock.stop()
        if engine_process is not None:
            engine_process.stop()
            os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)


def _org_and_designations() -> tuple[list[str], list[tuple[str, str]]]:
    from local.seed.data.designations import DESIGNATIONS
    from local.seed.data.orgs import ORGS

    return [o.id for o in ORGS], [(d.id, d.name) for d in DESIGNATIONS]


def course_items(collector: Collector, courses: int = COURSES) -> None:
    """2,000 Live courses: the seed's courses with generated titles, through learning's own create_course
    (captured) and _catalogue_items (catalogue card, competency cards, search words and pairs)."""
    from functions.learning import courses as course_service
    from functions.learning.repository import courses as course_repository
    from local.seed.data.courses import COURSES as SEEDED
    from local.seed.learning import course_body

    rng = random.Random(1)
    names: dict[str, list[str]] = {}
    with collector.capture():
        for n in range(courses):
            template = SEEDED[n % len(SEEDED)]
            title = f"{' '.join(rng.sample(COURSE_WORDS, 3))} {n}"
            description = f"A course on {' and '.join(rng.sample(COURSE_WORDS, 4))}"
            body = course_body(dataclasses.replace(template, id=course_id(n), title=title, description=description))
            course = course_service.new_course_item("rh-author", "rh-provider", body, course_id=course_id(n),
                                                    status="Live")
            if template.id not in names:
                names[template.id] = course_repository.competency_names(course)
            course = {**course, "publishedAt": f"2026-01-{1 + n % 28:02d}T00:00:00Z",
                      "competencyNames": names[template.id]}
            collector.put(course)
            for item in course_repository._catalogue_items(course):  # the hub's own builder
                collector.put(item)


def community_items(collector: Collector) -> None:
    from functions.discussion.repository.communities import community_item, member_item

    for n in range(COMMUNITIES):
        collector.put(community_item(community_id=community_id(n), name=f"Rehearsal community {n}",
                                     description="Practice and questions", visibility="open",
                                     tags=["practice"], org_id=None, created_by=user_id(0),
                                     now="2026-01-01T00:00:00Z"))
        collector.put(member_item(community_id(n), user_id(0), "MODERATOR", "2026-01-01T00:00:00Z"))


def officer_items(n: int, collector: Collector, orgs: list[str], designations: list[tuple[str, str]],
                  communities: dict[str, dict[str, Any]], seed: int, courses: int = COURSES) -> None:
    """One officer: profile, people index, enrolments, a topic now and then, notifications, karma."""
    from functions.discussion.repository.posts import topic_item
    from functions.learning.repository import enrolments
    from karmayogi.domain import karma, notifications, people_index, profiles

    rng = random.Random(seed * 10_000_019 + n)
    uid = user_id(n)
    org = orgs[rng.randrange(len(orgs))]
    designation_id, designation = designations[rng.randrange(len(designations))]
    profile = profiles.profile_item(user_id=uid, employee_id=f"E{n:07d}", name=person_name(rng, n),
                                    email=f"{uid}@rehearsal.invalid", mobile=f"+9190{n:08d}", org_id=org,
                                    designation_id=designation_id, designation=designation, roles=["PUBLIC"])
    collector.put(profile)
    for item in people_index.person_token_items(profile):
        collector.put(item)
    for c in rng.sample(range(courses), rng.randint(0, 2 * ENROLMENTS_PER_OFFICER)):
        enrolments.create_enrolment({
            "userId": uid, "orgId": org, "learnerName": profile["name"], "courseId": course_id(c),
            "courseTitle": f"Course {c}", "batchId": f"{course_id(c)}-open", "batchName": "Open",
            "requiresApproval": False, "seatShards": 1, "batchStartDate": "2026-01-01",
            "batchEndDate": "2026-12-31", "language": "en", "contentIds": [], "mandatoryContentIds": [],
            "quizContentIds": [], "mediaContentIds": [], "contentProgress": {},
        }, f"2026-0{1 + rng.randrange(9)}-{1 + rng.randrange(28):02d}T10:00:00Z")
    for k in range(rng.randint(0, 2 * NOTIFICATIONS_PER_OFFICER)):
        collector.apply(notifications.in_app_ops(uid, "enrolment-confirmed", {"course": f"Course {k}"}))
    credits = rng.randint(0, 4)
    for k in range(credits):
        collector.apply(karma.credit_ops(uid, org, "COURSE_COMPLETED", course_id(k)))
    if n % TOPIC_EVERY == 0:
        community = communities[community_id((n // TOPIC_EVERY) % COMMUNITIES)]
        now = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=n)
        collector.put(topic_item(topic_id=f"rht{n:07d}", community=community, title=f"Question {n}",
                                 body="How do I file this?", tags=["practice"], author_id=uid,
                                 author_name=profile["name"], now=now, rank=f"{n:012d}"))


def generate(start: int, stop: int, *, seed: int = 7, threads: int = 8, courses: int = COURSES,
             progress: Callable[[str], None] = print, seconds: float | None = None) -> dict[str, Any]:
    """Add officers [start, stop) (and, when start is 0, the courses and communities); the figures.
    With `seconds`, growth stops at the first chunk boundary past that time: `officers` says where."""
    orgs, designations = _org_and_designations()
    writer = Writer(threads, progress)
    collector = Collector()
    if start == 0:
        course_items(collector, courses)
        community_items(collector)
        shared = collector.drain()
        for i in range(0, len(shared), 2_000):
            writer.submit(shared[i:i + 2_000])
    from functions.discussion.repository.communities import community_item

    communities = {community_id(n): community_item(community_id=community_id(n), name="", description="",
                                                   visibility="open", tags=[], org_id=None, created_by="",
                                                   now="") for n in range(COMMUNITIES)}
    reached = start
    with collector.capture():
        for first in range(start, stop, CHUNK):
            if seconds is not None and time.perf_counter() - writer.started > seconds:
                progress(f"  time budget of {seconds:.0f} s reached at {reached:,} officers")
                break
            reached = min(stop, first + CHUNK)
            for n in range(first, reached):
                officer_items(n, collector, orgs, designations, communities, seed, courses)
            writer.submit(collector.drain())
            if reached % 10_000 == 0:
                progress(f"  {reached:,} officers")
    stop = reached
    elapsed = writer.finish()
    figures = {"officers": stop, "added": stop - start, "itemsWritten": writer.written,
               "seconds": round(elapsed, 1), "itemsPerSecond": round(writer.written / max(elapsed, 1e-9))}
    progress(f"generated officers {start:,}-{stop:,}: {writer.written:,} items in {elapsed:.1f} s "
             f"({figures['itemsPerSecond']:,} items/s, {threads} writer threads)")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--courses", type=int, default=COURSES)
    parser.add_argument("--engine", choices=("dynamodb-local", "moto"), default="dynamodb-local")
    args = parser.parse_args()
    with platform(args.engine):
        started = time.perf_counter()
        generate(0, args.users, seed=args.seed, threads=args.threads, courses=args.courses)
        print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
