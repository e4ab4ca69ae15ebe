"""Scale model: the Karmayogi Saptah peak on 20 million users, through the REAL write paths.

1. Capture (in-process, moto): a demo learner enrols in a seeded course (the request and the enrolment
   workflow's tasks), records progress on each content and passes the quiz, which completes the course.
   Every write the platform makes is captured with a botocore hook, and every written item is read back
   afterwards to see which index partitions it occupies (GSI1PK, GSI2PK, GSI3PK, leaderboardPk). So the
   partition keys come from the real key builders of karmayogi/platform/keys/ and the hubs' real item builders,
   not from a copy of them.
2. Templates: in each captured key the concrete course, batch, org, designation and month are replaced by
   placeholders; keys that hold the learner's own id or an id minted during the flow are per-user or
   unique (they cannot be hot). A key built with `keys.shard_of(userId, N)` (course counters, gap
   counters, plan statistics) is rebuilt with the simulated user's shard through the same builder; so is
   a batch's seat shard (shard_of(enrolmentId, N) first: as evenly spread, one new id per enrolment).
3. Simulation: SECONDS of peak traffic — COMPLETIONS/s course completions, ten times as many progress
   writes and enrolments — over 20 million users in ORGS orgs of Zipf-distributed size (designations
   Zipf within an org) and COURSES courses of Zipf-distributed popularity (s = ZIPF_S), each course with
   one open batch. Each event instantiates its flow's templates; writes per partition key per second are
   summed in WCU (1 per started KB of the item, x2 inside TransactWriteItems; an index partition gets
   the item's size again, not doubled) and the busiest keys are compared with DynamoDB's 1,000 WCU per
   partition. Target: no key over 30 % of it."""

from __future__ import annotations

import argparse
import bisect
import json
import math
import os
import random
import re
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers/core/python")]

from bench.report import write_json  # noqa: E402

os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")

USERS = 20_000_000
ORGS = 2_000
COURSES = 5_000
ZIPF_S = 1.07  # course popularity: the top course draws ~10 % of all activity
ORG_ZIPF_S = 1.0
DESIGNATIONS_PER_ORG = 40
COMPLETIONS = 100
PARTITION_WCU = 1000
TARGET = 0.30
INDEX_ATTRIBUTES = ("GSI1PK", "GSI2PK", "GSI3PK", "leaderboardPk")
SHARDED = {"COURSECOUNT": "course", "GAPCOUNT": "gap", "PLANSTAT": "plan", "BATCHSEATS": "seats"}


@dataclass
class Write:
    op: str
    pk: str
    sk: str
    size: int
    transaction: bool
    indexes: list[tuple[str, str]] = field(default_factory=list)  # (index attribute, partition key)


@dataclass
class Flow:
    name: str
    writes: list[Write] = field(default_factory=list)


# ---- 1. capture -------------------------------------------------------------------------------------------

class Recorder:
    def __init__(self) -> None:
        self.flow: Flow | None = None
        self.lock = threading.Lock()

    def before_call(self, model: Any, params: Any, **_: Any) -> None:
        if self.flow is None or model.name not in ("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems",
                                                    "BatchWriteItem"):
            return
        body = json.loads(params.get("body") or "{}")
        writes: list[Write] = []
        if model.name == "PutItem":
            writes.append(_write("PutItem", body.get("Item", {}), body.get("Item", {}), False))
        elif model.name in ("UpdateItem", "DeleteItem"):
            writes.append(_write(model.name, body.get("Key", {}), body, False))
        elif model.name == "TransactWriteItems":
            for entry in body.get("TransactItems", []):
                ((kind, op),) = entry.items()
                if kind != "ConditionCheck":
                    writes.append(_write(kind, op.get("Item") or op.get("Key", {}), op.get("Item") or op, True))
        else:
            for requests in body.get("RequestItems", {}).values():
                for request in requests:
                    put = request.get("PutRequest", {}).get("Item")
                    key = put or request.get("DeleteRequest", {}).get("Key", {})
                    writes.append(_write("BatchWriteItem", key, put or key, False))
        with self.lock:
            self.flow.writes.extend(writes)


def _write(op: str, key: dict[str, Any], sized: dict[str, Any], transaction: bool) -> Write:
    def text(value: Any) -> str:
        return str(value.get("S", value)) if isinstance(value, dict) else str(value)

    size = len(json.dumps(sized, separators=(",", ":")).encode())
    return Write(op, text(key.get("PK", "")), text(key.get("SK", "")), size, transaction)


def capture() -> tuple[list[Flow], dict[str, str]]:
    """Run enrol → progress → complete for one demo learner; return the flows and the concrete ids."""
    from local import aws

    aws.fake_credentials()
    os.environ.pop("AWS_ENDPOINT_URL", None)
    import boto3
    from moto import mock_aws

    from karmayogi.domain import karma
    from karmayogi.platform import clock, db, keys
    from karmayogi.platform.identity import claims_for
    from local import workflows
    from local.gateway import dispatch
    from local.seed.accounts import demo_user_id
    from local.seed.data.accounts import DEMO_ACCOUNTS
    from local.seed.data.courses import COURSES as SEEDED
    from local.seed.data.courses import QUIZZES
    from local.seed.learning import _quiz
    from local.seeding import SEEDERS

    config = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
    recorder = Recorder()
    with mock_aws(config=config):  # type: ignore[call-overload]
        workflows.install(aws.provision())
        clock.reset()
        import importlib

        for name in SEEDERS[: SEEDERS.index("learning") + 1]:
            importlib.import_module(f"local.seed.{name}").seed()
        db.reset_clients()
        boto3.setup_default_session()
        boto3.DEFAULT_SESSION.events.register("before-call.dynamodb", recorder.before_call)

        account = next(a for a in DEMO_ACCOUNTS if a.roles == ("PUBLIC",))
        user_id = demo_user_id(account.employee_id)
        claims = claims_for(user_id, user_id, account.roles, org_id=account.org_id)
        # A seed course a learner completes by declaring its links (its files are optional: a video, audio,
        # pdf or scorm content counts from its player's heartbeats, which take the content's duration to send).
        course = next(c for c in SEEDED if all(ct.type in ("link", "quiz") or not ct.mandatory
                                                for m in c.modules for ct in m.contents))

        def call(method: str, path: str, body: Any = None) -> Any:
            response = dispatch(method, path, claims=claims, headers={"Content-Type": "application/json"},
                                body=json.dumps(body) if body is not None else None)
            if response.status >= 400:
                raise SystemExit(f"{method} {path}: {response.status} {response.body[:300]!r}")
            return response.json() if response.body else None

        batches = call("GET", f"/courses/{course.id}/batches")["items"]
        batch = next(b for b in batches if not b.get("requiresApproval"))
        flows = {name: Flow(name) for name in ("enrolment", "progress", "completion")}

        recorder.flow = flows["enrolment"]
        enrolment_id = call("POST", f"/courses/{course.id}/enrolments", {"batchId": batch["id"]})["enrolmentId"]
        for _ in range(200):  # the workflow's tasks run on moto's threads; their writes count here too
            if call("GET", f"/enrolments/{enrolment_id}")["status"] == "ENROLLED":
                break
            time.sleep(0.05)
        time.sleep(0.2)
        contents = [c for m in course.modules for c in m.contents]
        for content in contents:
            if content.type != "link":
                continue
            recorder.flow = Flow("progress")
            call("PUT", f"/enrolments/{enrolment_id}/progress",
                 {"contentId": content.id, "status": "completed", "progressPercent": 100})
            _keep(flows, recorder.flow)
        quiz = next(c for c in contents if c.type == "quiz")
        recorder.flow = Flow("attempt")
        answers = {q["id"]: q["correct"] for q in _quiz(QUIZZES[quiz.id])["questions"]}
        call("POST", f"/courses/{course.id}/assessments/{quiz.id}/attempts", {"answers": answers})
        _keep(flows, recorder.flow)
        recorder.flow = None

        for flow in flows.values():  # which index partitions each written item occupies
            for write in flow.writes:
                if write.op == "DeleteItem":
                    continue
                item = db.table().get_item(Key={"PK": write.pk, "SK": write.sk}).get("Item") or {}
                write.indexes = [(a, str(item[a])) for a in INDEX_ATTRIBUTES if a in item]
        profile = db.get(keys.user_pk(user_id), keys.PROFILE_SK) or {}
        ids = {"user": user_id, "course": course.id, "batch": batch["id"], "org": str(profile.get("orgId")),
               "designation": str(profile.get("designationId")), "month": karma.month_of(),
               "enrolment": enrolment_id}
    return list(flows.values()), ids


def _keep(flows: dict[str, Flow], flow: Flow) -> None:
    """A call whose writes include the certificate is the completion; the others are progress writes
    (the first of them is the template of a progress write)."""
    completing = any(w.pk.startswith("CERT") for w in flow.writes)
    if completing:
        flows["completion"].writes.extend(flow.writes)
    elif not flows["progress"].writes:
        flows["progress"].writes.extend(flow.writes)


# ---- 2. templates -------------------------------------------------------------------------------------------

@dataclass
class Template:
    flow: str
    kind: str  # "table" or the index attribute
    key: str  # with {course} {batch} {org} {designation} {month}, or "" for a per-user/unique key
    wcu: int
    builder: str = ""  # COURSECOUNT / GAPCOUNT / PLANSTAT: rebuilt with the simulated user's shard
    sort_key: str = ""  # an example sort key (what the item is)


def templates(flows: list[Flow], ids: dict[str, str]) -> list[Template]:
    placeholders = [(ids["batch"], "{batch}"), (ids["course"], "{course}"), (ids["org"], "{org}"),
                    (ids["designation"], "{designation}"), (ids["month"], "{month}")]
    result = []
    for flow in flows:
        for write in flow.writes:
            wcu = max(1, math.ceil(write.size / 1024))
            keys_written = [("table", write.pk, wcu * (2 if write.transaction else 1))]
            keys_written += [(attribute, value, wcu) for attribute, value in write.indexes]
            for kind, key, units in keys_written:
                template = _template(flow.name, kind, key, units, ids, placeholders)
                template.sort_key = write.sk if kind == "table" else ""
                result.append(template)
    return result


def _template(flow: str, kind: str, key: str, units: int, ids: dict[str, str],
              placeholders: list[tuple[str, str]]) -> Template:
    if ids["user"] in key or ids["enrolment"] in key or "CERT" in key.split("#", maxsplit=1)[0]:
        return Template(flow, kind, "", units)  # the learner's own partition or a new id's: not shared
    prefix = key.split("#", maxsplit=1)[0]
    shared = key
    for value, placeholder in placeholders:
        shared = re.sub(rf"(?<![\w-]){re.escape(value)}(?![\w-])", placeholder, shared)
    if prefix in SHARDED:
        shared = re.sub(r"#\d+$", "", shared)
        return Template(flow, kind, shared, units, builder=prefix)
    if shared == key and not any(p in key for _, p in placeholders) and re.search(r"[0-9a-z]{26}", key):
        return Template(flow, kind, "", units)  # holds an id minted during the flow
    return Template(flow, kind, shared, units)


# ---- 3. simulation ----------------------------------------------------------------------------------------

def zipf_cdf(n: int, s: float) -> list[float]:
    weights = [1 / (k ** s) for k in range(1, n + 1)]
    total = sum(weights)
    cdf, running = [], 0.0
    for w in weights:
        running += w / total
        cdf.append(running)
    return cdf


def pick(cdf: list[float], rng: random.Random) -> int:
    return min(bisect.bisect_left(cdf, rng.random()), len(cdf) - 1)


def simulate(all_templates: list[Template], seconds: int, completions: int, seed: int) -> dict[str, Any]:
    from karmayogi.domain import completions as completion_rules
    from karmayogi.platform import keys

    rng = random.Random(seed)
    course_cdf = zipf_cdf(COURSES, ZIPF_S)
    org_cdf = zipf_cdf(ORGS, ORG_ZIPF_S)
    designation_cdf = zipf_cdf(DESIGNATIONS_PER_ORG, 1.0)
    rates = {"completion": completions, "progress": 10 * completions, "enrolment": 10 * completions}
    by_flow: dict[str, list[Template]] = defaultdict(list)
    for template in all_templates:
        by_flow[template.flow].append(template)
    shards = {"COURSECOUNT": keys.COURSE_COUNTER_SHARDS, "GAPCOUNT": keys.GAP_COUNTER_SHARDS,
              "PLANSTAT": completion_rules.PLAN_STAT_SHARDS, "BATCHSEATS": keys.BATCH_SEAT_SHARDS}
    month = time.strftime("%Y-%m")
    per_second: dict[tuple[int, str, str], int] = Counter()
    origin: dict[tuple[str, str], Template] = {}
    unique_wcu = 0
    events = 0
    for second in range(seconds):
        for flow, rate in rates.items():
            for _ in range(rate):
                events += 1
                user = f"u{rng.randrange(USERS):08d}"
                course = f"course-{pick(course_cdf, rng):04d}"
                org = f"org-{pick(org_cdf, rng):04d}"
                values = {"{course}": course, "{batch}": f"{course}-open", "{org}": org,
                          "{designation}": f"d{pick(designation_cdf, rng):02d}", "{month}": month}
                for template in by_flow[flow]:
                    if not template.key:
                        unique_wcu += template.wcu
                        continue
                    key = template.key
                    for placeholder, value in values.items():
                        key = key.replace(placeholder, value)
                    if template.builder:
                        key = f"{key}#{keys.shard_of(user, shards[template.builder])}"
                    per_second[(second, template.kind, key)] += template.wcu
                    origin.setdefault((template.kind, key), template)
    busiest: dict[tuple[str, str], int] = {}
    for (_, kind, key), wcu in per_second.items():
        busiest[(kind, key)] = max(busiest.get((kind, key), 0), wcu)
    total = sum(per_second.values()) + unique_wcu
    return {"busiest": sorted(busiest.items(), key=lambda kv: -kv[1]), "events": events, "origin": origin,
            "wcuPerSecond": total / seconds, "sharedKeys": len(busiest)}


def builder_of(key: str, sort_key: str = "") -> str:
    """The function(s) of karmayogi/platform/keys/ whose source holds every literal part of the key (and the
    sort key's prefix): which builder made it."""
    import inspect

    from karmayogi.platform import keys

    literals = [part for part in key.split("#") if part and not part.startswith(("{", "<"))]
    literals += [sort_key.split("#", maxsplit=1)[0] + "#"] if "#" in sort_key else []
    prefix = literals[0] if literals else ""
    names = []
    for name, function in inspect.getmembers(keys, inspect.isfunction):
        if not function.__module__.startswith(keys.__name__):
            continue
        source = inspect.getsource(function)
        if f'"{prefix}#' in source and all(part in source for part in literals[1:]):
            names.append(f"keys.{name}")
    return ", ".join(names) or "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--completions", type=int, default=COMPLETIONS, help="course completions per second")
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    flows, ids = capture()
    print("captured write paths (real code, moto): " + ", ".join(
        f"{f.name} {len(f.writes)} writes ({sum(1 for w in f.writes if w.transaction)} in transactions)"
        for f in flows))
    all_templates = templates(flows, ids)
    shared = sorted({(t.flow, t.kind, t.key + (f"#<shard_of(user, {t.builder})>" if t.builder else ""), t.sort_key,
                      t.wcu) for t in all_templates if t.key})
    print("partition keys shared between users, per flow (WCU per write; the sort key of the captured item):")
    for flow, kind, key, sort_key, wcu in shared:
        print(f"  {flow:<11}{kind:<14}{key:<56}{sort_key[:30]:<31}{wcu}  {builder_of(key, sort_key)}")
    started = time.perf_counter()
    result = simulate(all_templates, args.seconds, args.completions, args.seed)
    print(f"\nsimulated {args.seconds} s of the Karmayogi Saptah peak: {args.completions} completions/s, "
          f"{10 * args.completions} progress writes/s, {10 * args.completions} enrolments/s "
          f"({result['events']:,} events, {USERS:,} users, {ORGS:,} orgs, {COURSES:,} courses, Zipf s={ZIPF_S}) "
          f"in {time.perf_counter() - started:.1f} s")
    print(f"table-wide write load: {result['wcuPerSecond']:,.0f} WCU/s (spread over {result['sharedKeys']:,} shared "
          "keys plus per-user and new items)")
    print(f"busiest partition keys (highest second), against {PARTITION_WCU} WCU per partition, target ≤ "
          f"{TARGET:.0%}:")
    print(f"{'WCU/s':>7}{'share':>7}  {'partition':<13}key")
    worst = 0.0
    rows = []
    for (kind, key), wcu in result["busiest"][: args.top]:
        share = wcu / PARTITION_WCU
        worst = max(worst, share)
        rows.append({"kind": kind, "key": key, "wcu": wcu, "share": share,
                     "builder": builder_of(result["origin"][(kind, key)].key, result["origin"][(kind, key)].sort_key)})
        print(f"{wcu:>7}{share:>7.1%}  {kind:<13}{key}  {'ok' if share <= TARGET else 'OVER'}")
    print(f"worst partition: {worst:.1%} of a partition's {PARTITION_WCU} WCU (target ≤ {TARGET:.0%}): "
          f"{'met' if worst <= TARGET else 'MISSED'}")
    for row in rows:
        if row["share"] > TARGET:
            needed = math.ceil(row["wcu"] / (TARGET * PARTITION_WCU))
            print(f"  OVER: {row['key']} ({row['kind']}, built by {row['builder']}) needs ≥ {needed} "
                  f"shards to stay under {TARGET:.0%}")
    write_json(args.json, {"busiest": rows, "worst": worst, "wcuPerSecond": result["wcuPerSecond"],
                           "shared": [list(s) for s in shared]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
