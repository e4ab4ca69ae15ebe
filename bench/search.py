"""Search at volume (issue 19, "Search that works at scale"): DynamoDB requests, items read and items
returned per search, with 10,000 and then 200,000+ indexed people in the same table (and courses growing
with them), so a cost that grows with the table shows as a difference between the two columns.

The people have realistic Indian name distributions: 5 % are named Rajesh (50,000 in a million), 4 % carry
Kumar, one in ten has a name in Devanagari. Each is indexed exactly as the auth hub indexes a member
(karmayogi.domain.people_index: word items and pair items); each course as the learning hub
indexes a Live course (title, competency names, description). The searches go through the domain's
`search_page` (the route adds one BatchGetItem for blocks and the org names' cache), counted with
botocore's event hooks: requests by operation, items read = the queries' ScannedCount (what a read costs,
before filters), items returned.

Engine: moto in-process by default (slow to load past ~50,000 people: its queries walk the table), or any
DynamoDB endpoint such as Amazon's DynamoDB Local (`--endpoint http://127.0.0.1:8000`); the counts are the
engine's answers either way, not timings.

    python bench/search.py --sizes 10000 200000 --endpoint http://127.0.0.1:8000 --json bench/results/search.json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "core" / "python")]

from local import aws  # noqa: E402 - after the path set-up above

aws.fake_credentials()

# (Latin, Devanagari, weight): Rajesh is 5 % of first names, Kumar 4 % of surnames
FIRST = [("Rajesh", "राजेश", 5.0), ("Priya", "प्रिया", 3.0), ("Amit", "अमित", 3.0), ("Sunita", "सुनीता", 3.0),
         ("Rahul", "राहुल", 3.0), ("Anil", "अनिल", 2.5), ("Kavita", "कविता", 2.5), ("Suresh", "सुरेश", 2.5),
         ("Meera", "मीरा", 2.0), ("Vikram", "विक्रम", 2.0), ("Ramesh", "रमेश", 2.5), ("Rajeev", "राजीव", 2.0),
         ("Deepak", "दीपक", 2.0), ("Pooja", "पूजा", 2.0), ("Sanjay", "संजय", 2.0), ("Anita", "अनीता", 2.0)]
LAST = [("Kumar", "कुमार", 4.0), ("Sharma", "शर्मा", 5.0), ("Verma", "वर्मा", 3.0), ("Singh", "सिंह", 5.0),
        ("Gupta", "गुप्ता", 3.0), ("Iyer", "अय्यर", 1.5), ("Nair", "नायर", 1.5), ("Reddy", "रेड्डी", 2.0),
        ("Das", "दास", 2.0), ("Rao", "राव", 2.0), ("Khan", "ख़ान", 2.0), ("Kulkarni", "कुलकर्णी", 1.5),
        ("Kushwaha", "कुशवाहा", 1.0), ("Patel", "पटेल", 3.0), ("Yadav", "यादव", 3.0)]
FILLER_FIRST = 100 - sum(w for _, _, w in FIRST)  # the rest: rare first names (one of many)
COURSE_WORDS = ["Data", "Privacy", "Noting", "Drafting", "Public", "Procurement", "Ethics", "Leadership",
                "Cyber", "Hygiene", "Budget", "Planning", "RTI", "Grievance", "Redressal", "Digital", "Finance"]
QUERIES = [("person", "rajesh kum"), ("person", "rajesh"), ("person", "rajesh kumar sha"),
           ("person", "राजेश कु"), ("course", "data priv"), ("course", "procurement eth")]


def person_name(rng: random.Random, n: int) -> str:
    roll = rng.uniform(0, 100)
    first = None
    for latin, hindi, weight in FIRST:
        roll -= weight
        if roll < 0:
            first = (latin, hindi)
            break
    if first is None:
        first = (f"Name{n % 5000:04d}", f"नाम{n % 5000:04d}")
    last = rng.choices(LAST, weights=[w for _, _, w in LAST])[0]
    devanagari = rng.random() < 0.1
    return f"{first[1]} {last[1]}" if devanagari else f"{first[0]} {last[0]}"


def people_items(start: int, stop: int) -> Iterator[dict[str, Any]]:
    from karmayogi.domain import people_index

    rng = random.Random(start)
    for n in range(start, stop):
        profile = {"userId": f"u{n:07d}", "name": person_name(rng, n), "orgId": f"org{n % 50}",
                   "designationId": f"d{n % 20}", "designation": "Section Officer"}
        # the search items only (the directory item serves recommendations, not search)
        yield from (i for i in people_index.person_token_items(profile) if i["entityType"] != "PeopleDirectoryEntry")


def course_items(start: int, stop: int) -> Iterator[dict[str, Any]]:
    from functions.learning.repository.courses import _catalogue_items

    rng = random.Random(10_000 + start)
    for n in range(start, stop):
        title = " ".join(rng.sample(COURSE_WORDS, 3))
        yield from _catalogue_items({
            "id": f"c{n:06d}", "title": title, "description": f"A course on {' and '.join(rng.sample(COURSE_WORDS, 4))}",
            "competencies": [], "competencyNames": [rng.choice(COURSE_WORDS)], "durationMinutes": 60,
            "publishedAt": f"2026-01-01T00:00:{n % 60:02d}Z", "language": "en",
        })


def write(items: Iterator[dict[str, Any]], threads: int) -> int:
    from karmayogi.platform import db

    batch: list[dict[str, Any]] = []
    chunks: list[list[dict[str, Any]]] = []
    for item in items:
        batch.append(item)
        if len(batch) == 2000:
            chunks.append(batch)
            batch = []
    chunks.append(batch)

    def put(chunk: list[dict[str, Any]]) -> int:
        with db.table().batch_writer() as writer:
            for item in chunk:
                writer.put_item(Item=item)
        return len(chunk)

    if threads <= 1:
        return sum(put(c) for c in chunks)
    with ThreadPoolExecutor(threads) as pool:
        return sum(pool.map(put, chunks))


@contextmanager
def counting() -> Iterator[Counter[str]]:
    from karmayogi.platform import db

    counts: Counter[str] = Counter()
    events = db.client().meta.events

    def before(model: Any, **_: Any) -> None:
        counts["requests"] += 1

    def after(model: Any, parsed: dict[str, Any], **_: Any) -> None:
        counts["itemsRead"] += int(parsed.get("ScannedCount", 0))

    events.register("before-call.dynamodb", before, unique_id="bench-search-before")
    events.register("after-call.dynamodb", after, unique_id="bench-search-after")
    try:
        yield counts
    finally:
        events.unregister("before-call.dynamodb", unique_id="bench-search-before")
        events.unregister("after-call.dynamodb", unique_id="bench-search-after")


def measure(pages: int, limit: int) -> list[dict[str, Any]]:
    from karmayogi.domain import people_index, search
    from karmayogi.platform import keys

    scopes = {"person": people_index.PERSON_SCOPE, "course": keys.COURSE_SEARCH_SCOPE}
    rows = []
    cases = [(kind, q, True) for kind, q in QUERIES] + [("person", "rajesh kum", False)]
    for kind, q, pairs in cases:
        cursor = None
        for number in range(1, pages + 1):
            started = time.perf_counter()
            with counting() as counts:
                page = search.search_page(scopes[kind], q, limit=limit, cursor=cursor, pairs=pairs, fallback=pairs)
            rows.append({"type": kind, "q": q, "rule": "pairs" if pairs else "no pairs (longest word drives)",
                         "page": number, "requests": counts["requests"], "itemsRead": counts["itemsRead"],
                         "returned": len(page.items), "ms": round((time.perf_counter() - started) * 1000, 1)})
            cursor = page.next_cursor
            if cursor is None:
                break
    rows += before_issue_19(pages, limit)
    return rows


def before_issue_19(pages: int, limit: int) -> list[dict[str, Any]]:
    """The search as it was before the pair index: ONE Query of `limit` items on the longest word's range,
    the other words filtering the page (so "rajesh kum" answered pages of Rajeshes, mostly empty)."""
    from boto3.dynamodb.conditions import Key

    from karmayogi.domain import people_index
    from karmayogi.platform import db, keys

    rows = []
    start = None
    for number in range(1, pages + 1):
        kwargs: dict[str, Any] = {"IndexName": keys.GSI1, "Limit": limit, "KeyConditionExpression":
                                  Key("GSI1PK").eq(keys.search_token_pk(people_index.PERSON_SCOPE, "rajesh"))
                                  & Key("GSI1SK").begins_with("rajesh")}
        if start:
            kwargs["ExclusiveStartKey"] = start
        with counting() as counts:
            response = db.table().query(**kwargs)
        returned = sum(1 for i in response["Items"] if any(w.startswith("kum") for w in i.get("searchWords", [])))
        rows.append({"type": "person", "q": "rajesh kum", "rule": "before: 1 Query, words filter", "page": number,
                     "requests": counts["requests"], "itemsRead": counts["itemsRead"], "returned": returned, "ms": 0})
        start = response.get("LastEvaluatedKey")
        if not start:
            break
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 200_000])
    parser.add_argument("--courses-per-1000", type=int, default=10, help="courses per 1,000 people (2,000 at 200 k)")
    parser.add_argument("--endpoint", help="a DynamoDB endpoint (e.g. DynamoDB Local); default: moto in-process")
    parser.add_argument("--threads", type=int, default=4, help="writer threads (endpoint only)")
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from infra import definitions

    os.environ.update({"STAGE": aws.STAGE, "TABLE_NAME": f"karmayogi-bench-search-{int(time.time())}",
                       "AWS_REGION": aws.REGION, "AWS_DEFAULT_REGION": aws.REGION,
                       "EMAIL_SENDER": "bench@invalid", "SMS_SENDER_ID": "BENCH", "CURSOR_SIGNING_KEY": "bench-only-key",
                       "SCHEDULE_GROUP_NAME": definitions.schedule_group_name(aws.STAGE)})
    if args.endpoint:
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = args.endpoint
        context: Any = nullcontext()
    else:
        from moto import mock_aws

        context = mock_aws()
    results: dict[str, Any] = {"engine": "endpoint" if args.endpoint else "moto", "sizes": {}}
    with context:
        import boto3

        from karmayogi.platform import db

        request = definitions.create_table_request(aws.STAGE)
        request["TableName"] = os.environ["TABLE_NAME"]
        boto3.client("dynamodb", region_name=aws.REGION).create_table(**request)
        db.reset_clients()
        people = courses = 0
        for size in sorted(args.sizes):
            started = time.perf_counter()
            written = write(people_items(people, size), args.threads if args.endpoint else 1)
            target_courses = size * args.courses_per_1000 // 1000
            written += write(course_items(courses, target_courses), args.threads if args.endpoint else 1)
            people, courses = size, target_courses
            load_s = round(time.perf_counter() - started, 1)
            rows = measure(args.pages, args.limit)
            results["sizes"][str(size)] = {"people": size, "courses": courses, "itemsWritten": written,
                                           "loadSeconds": load_s, "searches": rows}
            print(f"\n{size:,} people, {courses:,} courses ({written:,} items written in {load_s} s)")
            print(f"{'type':7} {'query':22} {'rule':30} {'page':>4} {'requests':>8} {'read':>6} {'returned':>8}")
            for r in rows:
                print(f"{r['type']:7} {r['q']:22} {r['rule']:30} {r['page']:>4} {r['requests']:>8} "
                      f"{r['itemsRead']:>6} {r['returned']:>8}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
