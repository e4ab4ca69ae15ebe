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
   partition. Target: no key over 30 % of it.
4. Heartbeats (issue 16): the demo learner enrols in every other seeded course with files and plays them
   through the real heartbeat route as a learner does over a few sessions (videos and audio in 20 s
   heartbeats with a seek, a pdf page by page, a SCORM package's cmi values), so each enrolment item carries
   its contents' `playback` entries as functions/learning/heartbeats.py stores them; then one more heartbeat
   per course is captured (its UpdateItem, and the index partitions of the item it rewrote). A heartbeat
   rewrites the whole item: its WCU = ceil(the item's DynamoDB size / 1 KB), in the table and again in every
   index the item is in (ALL projection). Simulated: LEARNERS learners watching at once, each on one
   enrolment of a course of Zipf popularity (the course's shape — which seeded course's item it writes — by
   its rank), each heartbeat U(30, 60) s after the previous one; WCU per partition key per second, table and
   indexes apart, against 1,000 WCU; and the course item's reads by a content's first heartbeat against
   3,000 RCU."""

from __future__ import annotations

import argparse
import bisect
import heapq
import json
import math
import os
import random
import re
import statistics
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


def capture() -> tuple[list[Flow], dict[str, str], list[Shape]]:
    """Run enrol → progress → complete for one demo learner; return the flows and the concrete ids, and the
    steady heartbeat of each other seeded course with files (capture_heartbeats)."""
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
        shapes = capture_heartbeats(call, recorder, user_id, skip=course.id)
    return list(flows.values()), ids, shapes


def _keep(flows: dict[str, Flow], flow: Flow) -> None:
    """A call whose writes include the certificate is the completion; the others are progress writes
    (the first of them is the template of a progress write)."""
    completing = any(w.pk.startswith("CERT") for w in flow.writes)
    if completing:
        flows["completion"].writes.extend(flow.writes)
    elif not flows["progress"].writes:
        flows["progress"].writes.extend(flow.writes)


# ---- 1b. capture: heartbeats ------------------------------------------------------------------------------

HEARTBEAT_INTERVAL_S = 20  # the web players' cadence while playing (web/src/players.ts HEARTBEAT_INTERVAL_MS)
PDF_SECONDS_PER_PAGE = 60  # a learner reading a handout (assumed)
SCORM_SUSPEND_DATA = 512  # characters of cmi.suspend_data a package keeps (assumed; SCORM 1.2 allows 4,096)
LEARNERS = 1_000_000
HEARTBEAT_GAP_S = (30, 60)  # the heartbeat interval at the Saptah peak
PARTITION_RCU = 3000
TABLE_QUOTA_WRU = 40_000  # DynamoDB's default on-demand maximum per table
LARGE_COURSE_FILES = 20  # file contents of a large iGOT course (assumed)
KEEP_PER_SECOND = 4  # the busiest keys of each kind kept per simulated second


@dataclass
class Shape:
    """A seeded course as its enrolment item stands after a learner played its files over a few sessions:
    the writes of one more heartbeat, the item's size, and the course item a content's first heartbeat reads."""
    course: str
    enrolment: str
    media_contents: int
    content_minutes: float  # mean duration of its file contents (how often a learner starts a new one)
    item_bytes: int  # DynamoDB's size of the enrolment item the heartbeat wrote
    wire_bytes: int  # the same item as JSON on the wire (what bench/dynamodb_work.py sizes)
    course_bytes: int
    playback_bytes: int  # the item's `playback` attribute: what an unindexed item of its own would hold
    entry_bytes: dict[str, int] = field(default_factory=dict)  # a playback entry's size, per content type
    flow: Flow = field(default_factory=lambda: Flow("heartbeat"))


def item_size(item: dict[str, Any]) -> int:
    """An item's size as DynamoDB bills it: its attributes' (a top-level item is no map: no map overhead)."""
    return sum(dynamodb_size(value, str(name)) for name, value in item.items())


def dynamodb_size(value: Any, name: str = "") -> int:
    """An item's (or attribute's) size as DynamoDB bills it, by its documented rules: the attribute's name in
    UTF-8 bytes plus its value — a string its UTF-8 bytes, a number 1 byte per 2 significant digits + 1, a
    binary its bytes, a boolean or null 1 byte, a map or list 3 bytes + 1 byte per element + the elements (a
    map's with their names), a set its elements. Hand-written: the one package on PyPI for it is a 2020
    "rough" estimate; JSON's length (bench/dynamodb_work.py's estimate) counts the wire format's type tags."""
    from decimal import Decimal

    size = len(name.encode())
    if isinstance(value, bool) or value is None:
        return size + 1
    if isinstance(value, (int, float, Decimal)):
        digits = Decimal(str(value)).normalize().as_tuple().digits
        return size + (len(digits) + 1) // 2 + 1
    if isinstance(value, str):
        return size + len(value.encode())
    if isinstance(value, (bytes, bytearray)):
        return size + len(value)
    if hasattr(value, "value") and isinstance(value.value, (bytes, bytearray)):  # boto3's Binary
        return size + len(value.value)
    if isinstance(value, dict):
        return size + 3 + sum(1 + dynamodb_size(v, str(k)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return size + 3 + sum(1 + dynamodb_size(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return size + sum(dynamodb_size(v) for v in value)
    return size + len(str(value).encode())


def capture_heartbeats(call: Any, recorder: Recorder, user_id: str, skip: str) -> list[Shape]:
    """Enrol in every seeded course with files but `skip`, play each file as a learner would (two sessions;
    unrecorded), then record one more heartbeat per course: the route's steady state."""
    from datetime import timedelta

    from functions.learning import repository
    from karmayogi.platform import clock, db, keys
    from local.seed.data.courses import COURSES as SEEDED
    from local.seed.data.courses import FILE_CONTENT_TYPES

    courses = [c for c in SEEDED if c.id != skip and any(ct.type in FILE_CONTENT_TYPES
                                                         for m in c.modules for ct in m.contents)]
    enrolments = {}
    for course in courses:
        batches = call("GET", f"/courses/{course.id}/batches")["items"]
        batch = next(b for b in batches if not b.get("requiresApproval") and int(b.get("seats", 0)) > 2)
        enrolments[course.id] = call("POST", f"/courses/{course.id}/enrolments",
                                     {"batchId": batch["id"]})["enrolmentId"]
    for enrolment_id in enrolments.values():
        for _ in range(200):
            if call("GET", f"/enrolments/{enrolment_id}")["status"] == "ENROLLED":
                break
            time.sleep(0.05)

    def advance(seconds: float) -> None:
        clock.set_now(clock.now() + timedelta(seconds=seconds))

    shapes = []
    for course in courses:
        enrolment_id = enrolments[course.id]
        stored_course = repository.get_course(course.id, consistent=True) or {}
        files = [ct for m in course.modules for ct in m.contents if ct.type in FILE_CONTENT_TYPES]
        for content in files:
            _play_like_a_learner(call, advance, enrolment_id, content.id, content.type,
                                 (stored_course.get("media") or {}).get(content.id) or {})
        steady = files[0]
        advance(3600)
        recorder.flow = Flow("heartbeat")
        path = f"/enrolments/{enrolment_id}/contents/{steady.id}/heartbeats"
        call("POST", path, {"sessionId": "steady", "seq": 1, **_claim(steady.type, 0, HEARTBEAT_INTERVAL_S, 1)})
        flow, recorder.flow = recorder.flow, None
        item = db.get(*keys.enrolment_key(enrolment_id), consistent=True) or {}
        for write in flow.writes:
            write.size = item_size(item)
            write.indexes = [(a, str(item[a])) for a in INDEX_ATTRIBUTES if a in item]
        playback = item.get("playback") or {}
        entry_bytes: dict[str, list[int]] = defaultdict(list)
        for content in files:
            if content.id in playback:
                entry_bytes[content.type].append(dynamodb_size(playback[content.id], content.id))
        shapes.append(Shape(
            course.id, enrolment_id, len(files), sum(c.duration_minutes for c in files) / len(files),
            item_size(item), len(json.dumps(item, default=str, separators=(",", ":")).encode()),
            item_size(stored_course), dynamodb_size(playback, "playback"),
            {k: max(v) for k, v in entry_bytes.items()}, flow))
    return shapes


def _claim(kind: str, start: float, end: float, page: int) -> dict[str, Any]:
    if kind in ("video", "audio"):
        return {"position": round(end, 3), "ranges": [[round(start, 3), round(end, 3)]]}
    if kind == "pdf":
        return {"pages": [page]}
    return {"cmi": {"cmi.core.lesson_status": "incomplete", "cmi.core.lesson_location": f"slide-{page}"}}


def _play_like_a_learner(call: Any, advance: Any, enrolment_id: str, content_id: str, kind: str,
                         media: dict[str, Any]) -> None:
    """Two sessions an hour apart: a video or audio half watched, then resumed with a seek past a twentieth
    of it, in heartbeats of 20 s of playback; a pdf read page by page; a SCORM package's progress then its
    completion. What the players send (web/src/players.ts), not what a forger would."""
    path = f"/enrolments/{enrolment_id}/contents/{content_id}/heartbeats"
    if kind in ("video", "audio"):
        duration = float(media["durationSeconds"])
        sessions = [[(0.0, 0.5 * duration)], [(0.45 * duration, 0.7 * duration), (0.75 * duration, duration)]]
        for number, segments in enumerate(sessions):
            advance(3600)
            seq = 0
            for start, end in segments:
                position = start
                while position < end - 0.001:
                    step = min(HEARTBEAT_INTERVAL_S, end - position)
                    advance(step)
                    seq += 1
                    call("POST", path, {"sessionId": f"s{number}", "seq": seq,
                                        **_claim(kind, position, position + step, 0)})
                    position += step
    elif kind == "pdf":
        pages = int(media["pageCount"])
        half = (pages + 1) // 2
        for number, session in enumerate((range(1, half + 1), range(half + 1, pages + 1))):
            advance(3600)
            for seq, page in enumerate(session, start=1):
                advance(PDF_SECONDS_PER_PAGE)
                call("POST", path, {"sessionId": f"s{number}", "seq": seq, "pages": [page]})
    else:
        state = ("{" + ",".join(f'"q{i}":"answer {i}"' for i in range(60)) + "}")[:SCORM_SUSPEND_DATA]
        advance(3600)
        call("POST", path, {"sessionId": "s0", "seq": 1, "cmi": {
            "cmi.core.lesson_status": "incomplete", "cmi.core.lesson_location": "slide-4",
            "cmi.suspend_data": state}})
        advance(3600)
        call("POST", path, {"sessionId": "s1", "seq": 1, "cmi": {
            "cmi.core.lesson_status": "passed", "cmi.core.score.raw": "80", "cmi.core.lesson_location": "slide-9",
            "cmi.suspend_data": state}})


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


# ---- 4. heartbeats ----------------------------------------------------------------------------------------

@dataclass
class KeyTemplate:
    kind: str  # "table" or the index attribute
    key: str  # with {user} {enrolment} {course}
    wcu: int


def heartbeat_templates(shape: Shape, user_id: str) -> list[KeyTemplate]:
    """The partition keys one heartbeat of the shape's course writes, the learner's and enrolment's ids (and
    the course's) as placeholders: every key is counted, per learner too, not only the shared ones."""
    result = []
    for write in shape.flow.writes:
        wcu = max(1, math.ceil(write.size / 1024)) * (2 if write.transaction else 1)
        for kind, key in [("table", write.pk), *write.indexes]:
            template = key
            for value, placeholder in ((shape.enrolment, "{enrolment}"), (user_id, "{user}"),
                                       (shape.course, "{course}")):
                template = re.sub(rf"(?<![\w-]){re.escape(value)}(?![\w-])", placeholder, template)
            result.append(KeyTemplate(kind, template, wcu))
    return result


def simulate_heartbeats(shapes: list[Shape], user_id: str, learners: int, seconds: int, seed: int) -> dict[str, Any]:
    """`learners` learners watching for `seconds`: each on one enrolment of a course of Zipf popularity (the
    course of rank r writes items shaped like shapes[r % len(shapes)]), a heartbeat U(30, 60) s after the
    previous one (the first at a uniform phase). WCU per partition key per second, table and indexes apart;
    the course item's eventually consistent reads by a content's first heartbeat (a learner starts a new
    content once per the course's mean content duration). Second by second, keeping only each second's
    busiest keys: memory stays flat at a million learners."""
    from karmayogi.platform import keys

    rng = random.Random(seed)
    course_cdf = zipf_cdf(COURSES, ZIPF_S)
    templates = [heartbeat_templates(shape, user_id) for shape in shapes]
    course_rcu = [max(1, math.ceil(shape.course_bytes / 4096)) * 0.5 for shape in shapes]
    course_of = [0] * learners
    due: list[list[tuple[int, float]]] = [[] for _ in range(seconds)]
    for learner in range(learners):
        course_of[learner] = pick(course_cdf, rng)
        at = rng.uniform(0, rng.uniform(*HEARTBEAT_GAP_S))
        if at < seconds:
            due[int(at)].append((learner, at))
    busiest: dict[tuple[str, str], float] = {}
    kinds: dict[str, float] = defaultdict(float)
    heartbeats = 0
    keys_per_second = []
    for second in range(seconds):
        load: dict[tuple[str, str], float] = defaultdict(float)
        for learner, at in due[second]:
            heartbeats += 1
            rank = course_of[learner]
            shape = rank % len(shapes)
            values = {"{user}": f"u{learner:08d}", "{enrolment}": f"e{learner:08d}", "{course}": f"course-{rank:04d}"}
            for template in templates[shape]:
                key = template.key
                for placeholder, value in values.items():
                    key = key.replace(placeholder, value)
                load[(template.kind, key)] += template.wcu
                kinds[template.kind] += template.wcu
            gap = rng.uniform(*HEARTBEAT_GAP_S)
            if rng.random() < gap / (60 * shapes[shape].content_minutes):  # this one starts a new content
                load[("read", keys.course_key(f"course-{rank:04d}")[0])] += course_rcu[shape]
                kinds["read"] += course_rcu[shape]
            if at + gap < seconds:
                due[int(at + gap)].append((learner, at + gap))
        due[second] = []
        keys_per_second.append(len(load))
        for kind in {k for k, _ in load}:
            of_kind = ((partition, units) for partition, units in load.items() if partition[0] == kind)
            for partition, units in heapq.nlargest(KEEP_PER_SECOND, of_kind, key=lambda kv: kv[1]):
                busiest[partition] = max(busiest.get(partition, 0.0), units)
    return {"heartbeatsPerSecond": heartbeats / seconds, "wcuPerSecond": {k: v / seconds for k, v in kinds.items()},
            "busiest": sorted(busiest.items(), key=lambda kv: -kv[1]), "keysPerSecond": max(keys_per_second)}


def report_heartbeats(shapes: list[Shape], user_id: str, learners: int, seconds: int, seed: int,
                      top: int) -> dict[str, Any]:
    from functions.learning import heartbeats as heartbeat_rules

    print(f"\nheartbeats (issue 16): the steady heartbeat of {len(shapes)} seeded courses, after a learner played "
          "their files over two sessions (real route, moto); the item a heartbeat rewrites:")
    print(f"  {'course':<34}{'files':>6}{'item B':>8}{'wire B':>8}{'WCU':>5}  indexes it is in (ALL projection)")
    for shape in shapes:
        wcu = max(1, math.ceil(shape.item_bytes / 1024))
        indexes = sorted({f"{a} {k.split('#')[0]}#…#{k.split('#')[-1]}" for w in shape.flow.writes for a, k in w.indexes})
        print(f"  {shape.course:<34}{shape.media_contents:>6}{shape.item_bytes:>8}{shape.wire_bytes:>8}{wcu:>5}  "
              f"{', '.join(indexes) or '-'}")
    entries: dict[str, list[int]] = defaultdict(list)
    for shape in shapes:
        for kind, size in shape.entry_bytes.items():
            entries[kind].append(size)
    print("  a playback entry (largest per course, median over courses): " + ", ".join(
        f"{kind} {sorted(v)[len(v) // 2]} B" for kind, v in sorted(entries.items())))
    ops = Counter(w.op for s in shapes for w in s.flow.writes)
    print(f"  writes per heartbeat: {dict(ops)} over {len(shapes)} heartbeats")
    started = time.perf_counter()
    result = simulate_heartbeats(shapes, user_id, learners, seconds, seed)
    per_kind = result["wcuPerSecond"]
    print(f"\nsimulated {seconds} s of {learners:,} learners watching at the Saptah peak, a heartbeat every "
          f"U{HEARTBEAT_GAP_S} s, {COURSES:,} courses of Zipf popularity (s={ZIPF_S}), in "
          f"{time.perf_counter() - started:.1f} s: {result['heartbeatsPerSecond']:,.0f} heartbeats/s")
    table_wcu = per_kind.get("table", 0.0)
    index_wcu = sum(v for k, v in per_kind.items() if k not in ("table", "read"))
    print(f"write load: {table_wcu:,.0f} WCU/s on the table + {index_wcu:,.0f} WCU/s on the indexes "
          f"({', '.join(f'{k} {v:,.0f}' for k, v in per_kind.items() if k not in ('table', 'read'))}) = "
          f"{table_wcu + index_wcu:,.0f} WCU/s; course reads by first heartbeats {per_kind.get('read', 0):,.0f} RCU/s")
    print(f"busiest partition keys (highest second), against {PARTITION_WCU} WCU ({PARTITION_RCU} RCU for reads) "
          f"per partition, target ≤ {TARGET:.0%}:")
    print(f"{'units/s':>8}{'share':>7}  {'partition':<13}key")
    rows = []
    worst: dict[str, dict[str, Any]] = {}
    shown: Counter[str] = Counter()
    for (kind, key), units in result["busiest"]:
        share = units / (PARTITION_RCU if kind == "read" else PARTITION_WCU)
        group = "table" if kind == "table" else "read" if kind == "read" else "index"
        row = {"kind": kind, "key": key, "units": units, "share": share}
        if group not in worst:
            worst[group] = row
        if shown[group] < max(1, top // 3):
            shown[group] += 1
            rows.append(row)
            print(f"{units:>8g}{share:>7.1%}  {kind:<13}{key}  {'ok' if share <= TARGET else 'OVER'}")
    writes_worst = max((worst[g]["share"] for g in ("table", "index") if g in worst), default=0.0)
    print(f"worst write partition: {writes_worst:.1%} of {PARTITION_WCU} WCU (target ≤ {TARGET:.0%}): "
          f"{'met' if writes_worst <= TARGET else 'MISSED'}; every key a heartbeat writes is the learner's own "
          "(the enrolment's, and GSI1's USER#<id>#ENROLMENTS): no index partition is shared between learners")
    over = table_wcu > TABLE_QUOTA_WRU or any(v > TABLE_QUOTA_WRU for k, v in per_kind.items() if k not in ("table", "read"))
    print(f"the table's default on-demand quota is {TABLE_QUOTA_WRU:,} WRU/s (an adjustable service quota): "
          + ("this load is over it — raise the quota and pre-warm the table (warm throughput) before the Saptah; "
             "on-demand serves at once only the traffic the table reached before" if over else "this load is under it"))
    # A course of iGOT's size: the noting and drafting item with LARGE_COURSE_FILES video entries in all.
    richest = max(shapes, key=lambda s: s.item_bytes)
    video_entry = statistics.median(s.entry_bytes["video"] for s in shapes if "video" in s.entry_bytes)
    large_bytes = richest.item_bytes + (LARGE_COURSE_FILES - richest.media_contents) * video_entry
    large_wcu = math.ceil(large_bytes / 1024)
    typical_wcu = statistics.median(max(1, math.ceil(s.item_bytes / 1024)) for s in shapes)
    print(f"a course with {LARGE_COURSE_FILES} files (assumed; {richest.course}'s item + video entries of "
          f"{video_entry:.0f} B): {large_bytes:,.0f} B = {large_wcu} WCU a heartbeat, table and GSI1 each: "
          f"{(table_wcu + index_wcu) * large_wcu / typical_wcu:,.0f} WCU/s in all at this load if every course "
          f"were that size; its busiest key {large_wcu / PARTITION_WCU:.1%}")
    largest = heartbeat_rules.MAX_ENROLMENT_BYTES
    largest_wcu = math.ceil(largest / 1024)
    print(f"bound: an enrolment at the route's cap ({largest:,} B; 409 PROGRESS_STORE_FULL beyond) costs {largest_wcu} "
          f"WCU a heartbeat in the table and again in each index it is in: {largest_wcu / PARTITION_WCU:.0%} of its "
          f"partitions in the second it is written, {largest_wcu / typical_wcu:.0f}x a seeded course's item")
    return {"learners": learners, "seconds": seconds, "heartbeatsPerSecond": result["heartbeatsPerSecond"],
            "wcuPerSecond": {"table": table_wcu, "indexes": index_wcu, **per_kind}, "busiest": rows,
            "worst": worst, "worstWriteShare": writes_worst, "largeCourse": {
                "files": LARGE_COURSE_FILES, "itemBytes": large_bytes, "wcu": large_wcu},
            "shapes": [{"course": s.course, "mediaContents": s.media_contents, "itemBytes": s.item_bytes,
                        "wireBytes": s.wire_bytes, "courseBytes": s.course_bytes, "playbackBytes": s.playback_bytes,
                        "entryBytes": s.entry_bytes,
                        "contentMinutes": s.content_minutes,
                        "writes": [{"op": w.op, "wcu": max(1, math.ceil(w.size / 1024)), "transaction": w.transaction,
                                    "indexes": [a for a, _ in w.indexes]} for w in s.flow.writes]}
                       for s in shapes]}


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
    parser.add_argument("--learners", type=int, default=LEARNERS, help="learners watching at once (heartbeats)")
    parser.add_argument("--heartbeat-seconds", type=int, default=60, help="seconds of heartbeats to simulate")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    flows, ids, shapes = capture()
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
    heartbeats = report_heartbeats(shapes, ids["user"], args.learners, args.heartbeat_seconds, args.seed, args.top)
    write_json(args.json, {"busiest": rows, "worst": worst, "wcuPerSecond": result["wcuPerSecond"],
                           "shared": [list(s) for s in shared], "heartbeats": heartbeats})
    return 0


if __name__ == "__main__":
    sys.exit(main())
