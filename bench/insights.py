"""Insights at scale (issue 20, "Measure"): the insight queries on DuckDB over a generated platform, the
projected Athena cost for 2 crore users, and a 100,000-row CSV report's memory and time to first byte.

1. Generate N users (a parameter: the one-million-user rehearsal of issue 19 is `--users 1000000`) as the
   lines of a DynamoDB export (`{"Item": <DynamoDB JSON>}`, gzip, 50,000 items a file): per user a profile,
   ~3 enrolments (60 % completed, verified playback on video), ~4 karma credits, ~3 passbook entries and a
   completed-course marker per completion; 200 orgs (one ministry with a fifth of the users), 40 designations,
   5 required competencies per (org, designation), 3 plans per org.
2. The export-transform step (analytics/transform.py) over every file: items/s.
3. Every SQL file of analytics/sql on DuckDB: wall time and the bytes of the files it reads (= Athena's bytes
   scanned: JSON is not columnar, so a query scans every file of every table it names).
4. Projection: bytes per run scaled linearly to 2 crore (20,000,000) users, one run a night (30 a month), at
   Athena's $5 per TB scanned in ap-south-1 (https://aws.amazon.com/athena/pricing/; each query billed at least
   10 MB).
5. A 100,000-row enrolments report of one org through analytics.reports.split_by_org (the job's writer):
   tracemalloc peak of the generating function (≤ 256 MB) and time to first byte (header and first row on disk).

    .venv/bin/python bench/insights.py [--users 200000] [--json bench/results/insights.json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "core" / "python")]

from analytics import layout, queries, reports, transform  # noqa: E402
from analytics.engine import DuckEngine  # noqa: E402

TARGET_USERS = 20_000_000  # 2 crore
RUNS_PER_MONTH = 30
USD_PER_TB = 5.0
MIN_BILLED_BYTES = 10 * 1024**2
ITEMS_PER_FILE = 50_000
ORGS, DESIGNATIONS, COMPETENCIES, COURSES = 200, 40, 60, 400
REPORT_ROWS = 100_000
MEMORY_LIMIT_MB = 256


def s(value: str) -> dict[str, str]:
    return {"S": value}


def n(value: float) -> dict[str, str]:
    return {"N": str(value)}


def _org(rng: random.Random) -> str:
    return "org-000" if rng.random() < 0.2 else f"org-{rng.randrange(1, ORGS):03d}"


def items(users: int, seed: int = 20) -> Any:
    """The platform's items as DynamoDB JSON, user by user (a generator: nothing held)."""
    rng = random.Random(seed)
    for o in range(ORGS):
        yield {"PK": s(f"ORG#org-{o:03d}"), "SK": s("META"), "entityType": s("Org"), "id": s(f"org-{o:03d}"),
               "name": s(f"Organisation {o}"), "type": s("ministry")}
        for d in range(DESIGNATIONS):
            required = {f"k{(o + d + i) % COMPETENCIES}": {"N": str(1 + i % 3)} for i in range(5)}
            yield {"PK": s(f"ORGREQ#org-{o:03d}"), "SK": s(f"DESIGNATION#d{d}"),
                   "entityType": s("DesignationRequirements"), "requirements": {"M": required}}
        for p in range(3):
            courses = [s(f"c{(o * 3 + p + i) % COURSES}") for i in range(3)]
            yield {"PK": s(f"PLAN#p-{o}-{p}"), "SK": s("META"), "entityType": s("CompetencyPlan"),
                   "id": s(f"p-{o}-{p}"), "orgId": s(f"org-{o:03d}"), "status": s("LIVE"),
                   "live": {"M": {"name": s(f"Plan {p}"), "courseIds": {"L": courses},
                                  "dueAt": s(f"2026-{3 + p * 3:02d}-28T18:29:59Z"),
                                  "publishedAt": s("2026-01-05T00:00:00Z"),
                                  "assignTo": {"M": {"designations": {"L": [s(f"d{p}"), s(f"d{p + 10}")]},
                                                     "userIds": {"L": []}}}}}}
    for u in range(users):
        user, org, designation = f"u{u:08d}", _org(rng), f"d{rng.randrange(DESIGNATIONS)}"
        yield {"PK": s(f"USER#{user}"), "SK": s("PROFILE"), "entityType": s("UserProfile"), "userId": s(user),
               "orgId": s(org), "designationId": s(designation), "designation": s(f"Designation {designation}"),
               "name": s(f"Officer {u}"), "employeeId": s(f"E{u}"), "email": s(f"{user}@x.gov.in"),
               "membership": s("ACTIVE"), "createdAt": s("2026-01-01T00:00:00Z")}
        for e in range(rng.choice((1, 2, 3, 3, 4, 5))):
            month = rng.randrange(1, 13)
            requested = f"2026-{month:02d}-{rng.randrange(1, 28):02d}T05:00:00Z"
            course = f"c{rng.randrange(COURSES)}"
            done = rng.random() < 0.6
            item = {"PK": s(f"ENROLMENT#{user}-{e}"), "SK": s("META"), "entityType": s("Enrolment"),
                    "id": s(f"{user}-{e}"), "userId": s(user), "orgId": s(org), "courseId": s(course),
                    "courseTitle": s(f"Course {course}"), "batchName": s("Batch"),
                    "status": s("COMPLETED" if done else "ENROLLED"), "requestedAt": s(requested),
                    "updatedAt": s(requested), "playback": {"M": {"v1": {"M": {
                        "type": s("video"), "durationMs": n(1_800_000), "coveredPercent": n(rng.randrange(10, 101))}}}}}
            if done:
                item["completedAt"] = s(requested)
                yield {"PK": s(f"USER#{user}"), "SK": s(f"COURSEDONE#{course}"), "entityType": s("CompletedCourse"),
                       "userId": s(user), "courseId": s(course), "completedAt": s(requested)}
            yield item
        for k in range(rng.randrange(2, 7)):
            yield {"PK": s(f"USER#{user}"), "SK": s(f"KARMA#R{k}#x"), "entityType": s("KarmaCredit"),
                   "userId": s(user), "reason": s(f"R{k}"), "points": n(rng.choice((5, 10, 20))),
                   "createdAt": s(f"2026-{rng.randrange(1, 13):02d}-10T05:00:00Z")}
        for _ in range(3):
            competency = f"k{rng.randrange(COMPETENCIES)}"
            yield {"PK": s(f"USER#{user}"), "SK": s(f"PASSBOOK#{competency}#course#x"),
                   "entityType": s("PassbookEntry"), "userId": s(user), "competencyId": s(competency),
                   "level": n(rng.randrange(1, 5)), "source": s("course"),
                   "acquiredAt": s(f"2026-{rng.randrange(1, 13):02d}-15T05:00:00Z")}


def write_export(root: Path, users: int) -> tuple[list[Path], int, float]:
    data = root / layout.EXPORTS_PREFIX / "AWSDynamoDB" / "bench" / "data"
    data.mkdir(parents=True)
    files: list[Path] = []
    count, out, started = 0, None, time.perf_counter()
    for item in items(users):
        if out is None or count % ITEMS_PER_FILE == 0:
            if out is not None:
                out.close()
            files.append(data / f"{len(files):05d}.json.gz")
            out = gzip.open(files[-1], "wt", encoding="utf-8", compresslevel=1)  # noqa: SIM115 - closed below
        out.write(json.dumps({"Item": item}) + "\n")
        count += 1
    if out is not None:
        out.close()
    return files, count, time.perf_counter() - started


def run_transform(root: Path, files: list[Path]) -> tuple[dict[str, int], float]:
    counts: dict[str, int] = {}
    started = time.perf_counter()
    for number, path in enumerate(files):
        parts = layout.TableParts()
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            parts.add_all(transform.transform(lines))

        def store(table: str, temp: str, number: int = number) -> None:
            target = root / layout.part_key(table, "bench", f"{number:05d}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(Path(temp).read_bytes())

        parts.close(store)
        for table, c in parts.counts.items():
            counts[table] = counts.get(table, 0) + c
    return counts, time.perf_counter() - started


def run_queries(root: Path, users: int) -> dict[str, Any]:
    engine = DuckEngine(root, "bench")
    results: dict[str, Any] = {}
    try:
        for name in queries.names():
            started = time.perf_counter()
            _, rows = engine.rows(name)
            count = sum(1 for _ in rows)
            seconds = time.perf_counter() - started
            scanned = engine.bytes_scanned(name)
            projected = max(MIN_BILLED_BYTES, scanned * TARGET_USERS / users)
            results[name] = {"seconds": round(seconds, 3), "rows": count, "bytesScanned": scanned,
                             "projectedBytesPerRun": int(projected)}
    finally:
        engine.close()
    per_run = sum(r["projectedBytesPerRun"] for r in results.values())
    return {"queries": results, "projectedBytesPerRun": per_run,
            "projectedTBPerMonth": round(per_run * RUNS_PER_MONTH / 1024**4, 3),
            "projectedUsdPerMonth": round(per_run * RUNS_PER_MONTH / 1024**4 * USD_PER_TB, 2)}


def report_memory() -> dict[str, Any]:
    """100,000 report rows of one org (the shape of report_enrolments) through the job's writer."""
    columns = ["org_id", "enrolment_id", "user_id", "employee_id", "name", "designation", "course_id",
               "course_title", "batch_name", "status", "requested_at", "completed_at", "verified_minutes"]
    first_byte: list[float] = []
    sizes: list[int] = []

    def rows() -> Any:
        for i in range(REPORT_ROWS):
            yield ("org-000", f"e{i}", f"u{i}", f"E{i}", "=cmd|' /C calc'!A0" if i % 1000 == 0 else f"अधिकारी {i}",
                   "Section Officer", f"c{i % 400}", f"Course {i % 400}", "Batch", "COMPLETED",
                   "2026-02-01T05:00:00Z", "2026-02-20T05:00:00Z", 12.5)

    class Timed:
        def __init__(self) -> None:
            self.started = time.perf_counter()

        def __iter__(self) -> Any:
            for row in rows():
                yield row
                if not first_byte:
                    first_byte.append(time.perf_counter() - self.started)  # header + first row written

    def store(org_id: str, path: str, count: int) -> None:
        sizes.append(os.path.getsize(path))

    tracemalloc.start()
    started = time.perf_counter()
    reports.split_by_org(columns, iter(Timed()), store)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"rows": REPORT_ROWS, "seconds": round(seconds, 2), "timeToFirstByteMs": round(first_byte[0] * 1000, 2),
            "peakMB": round(peak / 1024**2, 2), "limitMB": MEMORY_LIMIT_MB, "fileMB": round(sizes[0] / 1024**2, 1),
            "withinLimit": peak / 1024**2 <= MEMORY_LIMIT_MB}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200_000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="insights-bench-") as folder:
        root = Path(folder)
        files, item_count, generate_s = write_export(root, args.users)
        print(f"export: {args.users:,} users, {item_count:,} items in {len(files)} files ({generate_s:.0f} s)")
        counts, transform_s = run_transform(root, files)
        print(f"transform: {item_count / transform_s:,.0f} items/s ({transform_s:.0f} s); rows {counts}")
        result = run_queries(root, args.users)
        for name, q in result["queries"].items():
            print(f"  {name:20} {q['seconds']:8.2f} s  {q['bytesScanned'] / 1024**2:9.1f} MB scanned  {q['rows']:>9,} rows")
        print(f"projected at 2 crore users: {result['projectedBytesPerRun'] / 1024**3:.1f} GB a run, "
              f"{result['projectedTBPerMonth']} TB a month, ${result['projectedUsdPerMonth']} a month")
    memory = report_memory()
    print(f"report of {memory['rows']:,} rows: peak {memory['peakMB']} MB (limit {MEMORY_LIMIT_MB}), "
          f"first byte {memory['timeToFirstByteMs']} ms, {memory['seconds']} s, {memory['fileMB']} MB file")
    out = {"users": args.users, "items": item_count, "exportFiles": len(files), "transformItemsPerSecond":
           round(item_count / transform_s), "tableRows": counts, **result, "report": memory,
           "measuredAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
