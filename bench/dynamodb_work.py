"""DynamoDB work per route: every route of the route table (the OpenAPI document's operations) driven
through one scripted journey, in-process, on the seeded platform (moto's `mock_aws`, `local.aws.provision`,
every seeder of local/seeding.py, the local gateway with demo users' claims).

botocore event hooks on every DynamoDB client count, per route, the requests (`before-call`), and read
the answers (`after-call`): items read (Query ScannedCount, GetItem's item, BatchGetItem's responses) and
the size of what was read and written, from which the request units are estimated (RRU: 4 KB per
strongly consistent read, half for eventually consistent, transactions double; WRU: 1 KB per item
written, transactions double, an UpdateItem counted by the size of its request). Index writes are billed
too: for each successful write, the item before and after (read from the stand-in's memory, no request)
tell which global secondary indexes it changed — 1 KB per item written to an index (ALL projection: the
whole item), 2 writes when its index key changed (delete + put), none where it has no index key. Calls made off the
request's thread (the enrolment workflow run by moto's Step Functions) are counted apart. Each call's CPU
time is measured on its thread, minus the time moto spends answering DynamoDB (between botocore's
`before-send` and `before-parse`), for bench/cost.py.

Targets, flagged per route: a read route ≤ 2 requests; a write route ≤ 1 write (transaction or single
write) plus ≤ 1 read; a list route reads ≤ 1.1 x the items it returns; no Scan anywhere. A route called
more than once is reported by its worst successful call."""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers/core/python")]

from bench.report import write_json  # noqa: E402

os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")

READS = {"GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"}
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}


@dataclass
class Call:
    """One API call of the journey and the DynamoDB work it caused."""

    method: str
    route: str
    status: int = 0
    duration_ms: float = 0.0  # CPU time of the request's thread (time.thread_time)
    standin_ms: float = 0.0  # of which inside moto answering DynamoDB (between before-send and before-parse)
    returned: int | None = None  # items in the response's "items" (list routes)
    requests: dict[str, int] = field(default_factory=dict)
    items_read: int = 0
    items_matched: int = 0
    rru: float = 0.0
    wru: float = 0.0
    gsi_wru: float = 0.0  # write request units of the global secondary indexes the writes changed

    @property
    def app_ms(self) -> float:
        """Our code's CPU time for the request: the handler, botocore and the gateway, without moto."""
        return max(0.0, self.duration_ms - self.standin_ms)

    @property
    def reads(self) -> int:
        return sum(n for op, n in self.requests.items() if op in READS)

    @property
    def writes(self) -> int:
        return sum(n for op, n in self.requests.items() if op in WRITES)

    @property
    def total(self) -> int:
        return sum(self.requests.values())

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


WRITE_OPERATIONS = ("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem")


def _written_keys(op: str, request: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(table, wire-format key) of every item a write request writes (ConditionCheck writes nothing)."""
    from infra import definitions

    def key_of(item: dict[str, Any]) -> dict[str, Any]:
        return {name: item[name] for name in (definitions.PARTITION_KEY, definitions.SORT_KEY) if name in item}

    if op == "PutItem":
        return [(request["TableName"], key_of(request.get("Item", {})))]
    if op in ("UpdateItem", "DeleteItem"):
        return [(request["TableName"], request["Key"])]
    found = []
    if op == "TransactWriteItems":
        for entry in request.get("TransactItems", []):
            (kind, body), = entry.items()
            if kind in ("Put", "Update", "Delete"):
                found.append((body["TableName"], body["Key"] if "Key" in body else key_of(body.get("Item", {}))))
    elif op == "BatchWriteItem":
        for table, writes in request.get("RequestItems", {}).items():
            for write in writes:
                if "PutRequest" in write:
                    found.append((table, key_of(write["PutRequest"]["Item"])))
                elif "DeleteRequest" in write:
                    found.append((table, write["DeleteRequest"]["Key"]))
    return found


def _stored(table: str, key: dict[str, Any]) -> dict[str, Any] | None:
    """The item as the stand-in holds it (moto's memory: not a request, nothing counted)."""
    from moto.dynamodb.models import dynamodb_backends

    from local import aws

    item = dynamodb_backends[aws.ACCOUNT][aws.REGION].get_item(table, key)
    return item.to_json()["Attributes"] if item is not None else None


def index_write_units(before: dict[str, Any] | None, after: dict[str, Any] | None) -> float:
    """Write request units the global secondary indexes consume for one item going from `before` to
    `after` (None: absent). An index holds the item when it has the index's key attributes; with the ALL
    projection any change of such an item is an index write of its size; a changed index key is a delete
    and a put; an item entering or leaving the index one write."""
    from infra import definitions

    def units(item: dict[str, Any]) -> int:
        return max(1, math.ceil(_size(item) / 1024))

    total = 0
    for index in definitions.GLOBAL_INDEXES:
        names = (index.partition_key, index.sort_key)
        had = before is not None and all(n in before for n in names)
        has = after is not None and all(n in after for n in names)
        if had and has:
            assert before is not None and after is not None
            if any(before[n] != after[n] for n in names):
                total += units(before) + units(after)
            elif before != after:
                total += units(after)
        elif has:
            assert after is not None
            total += units(after)
        elif had:
            assert before is not None
            total += units(before)
    return float(total)


class Meter:
    """botocore hooks on the DynamoDB clients: counts and sizes per current call."""

    def __init__(self) -> None:
        self.current: Call | None = None
        self.background = Call("-", "(off-request: workflow tasks)")
        self.main_thread = threading.main_thread()
        self.scans: list[str] = []
        self._sending = threading.local()

    def _target(self) -> Call | None:
        if threading.current_thread() is not self.main_thread:
            return self.background
        return self.current

    def before_call(self, model: Any, params: Any, **_: Any) -> None:
        call = self._target()
        if call is None:
            return
        op = model.name
        call.requests[op] = call.requests.get(op, 0) + 1
        if op == "Scan":
            self.scans.append(call.route)
        body = params.get("body") if isinstance(params, dict) else None
        request = json.loads(body) if body else {}
        factor = 2 if op == "TransactWriteItems" else 1
        if op == "PutItem":
            call.wru += math.ceil(_size(request.get("Item")) / 1024)
        elif op in ("UpdateItem", "DeleteItem"):
            call.wru += max(1, math.ceil(_size(request) / 1024))
        elif op == "TransactWriteItems":
            for entry in request.get("TransactItems", []):
                (_, op_body), = entry.items()
                call.wru += factor * max(1, math.ceil(_size(op_body.get("Item", op_body)) / 1024))
        elif op == "BatchWriteItem":
            for writes in request.get("RequestItems", {}).values():
                for write in writes:
                    call.wru += max(1, math.ceil(_size(write.get("PutRequest", {}).get("Item", {})) / 1024))
        call.__dict__.setdefault("_consistent", []).append(bool(request.get("ConsistentRead")))
        if op in WRITE_OPERATIONS:  # the items before the write, for the index writes (time not ours)
            start = time.thread_time()
            keys = _written_keys(op, request)
            call.__dict__.setdefault("_before", []).append([(t, k, _stored(t, k)) for t, k in keys])
            call.standin_ms += (time.thread_time() - start) * 1000

    def after_call(self, model: Any, parsed: Any, **_: Any) -> None:
        call = self._target()
        if call is None or not isinstance(parsed, dict):
            return
        op = model.name
        if op in WRITE_OPERATIONS:
            start = time.thread_time()
            written = (call.__dict__.get("_before") or [[]]).pop()
            if "Error" not in parsed:  # a refused write changes no index
                call.gsi_wru += sum(index_write_units(before, _stored(t, k)) for t, k, before in written)
            call.standin_ms += (time.thread_time() - start) * 1000
        consistent = (call.__dict__.get("_consistent") or [False]).pop()
        half = 1.0 if consistent else 0.5
        if op == "GetItem":
            item = parsed.get("Item")
            call.items_read += 1 if item else 0
            call.items_matched += 1 if item else 0
            call.rru += half * max(1, math.ceil(_size(item) / 4096))
        elif op in ("Query", "Scan"):
            scanned = int(parsed.get("ScannedCount", parsed.get("Count")) or 0)
            returned = int(parsed.get("Count", 0))
            call.items_read += scanned
            call.items_matched += returned
            items = parsed.get("Items") or []
            average = (_size(items) / len(items)) if items else 0
            call.rru += half * max(1, math.ceil(average * scanned / 4096))
        elif op == "BatchGetItem":
            for items in (parsed.get("Responses") or {}).values():
                call.items_read += len(items)
                call.items_matched += len(items)
                call.rru += sum(half * max(1, math.ceil(_size(i) / 4096)) for i in items)
        elif op == "TransactGetItems":
            responses = parsed.get("Responses") or []
            call.items_read += len(responses)
            call.items_matched += len(responses)
            call.rru += 2 * len(responses)

    def before_send(self, **_: Any) -> None:
        self._sending.start = time.thread_time()

    def before_parse(self, **_: Any) -> None:
        call = self._target()
        start = getattr(self._sending, "start", None)
        if call is not None and start is not None:
            call.standin_ms += (time.thread_time() - start) * 1000
        self._sending.start = None

    def install(self, emitter: Any) -> None:
        emitter.register_first("before-send.dynamodb", self.before_send, unique_id="bench-meter-send")
        emitter.register("before-parse.dynamodb", self.before_parse, unique_id="bench-meter-parse")
        emitter.register("before-call.dynamodb", self.before_call, unique_id="bench-meter-before")
        emitter.register_first("after-call.dynamodb", self.after_call, unique_id="bench-meter-after")

    @contextmanager
    def measuring(self, call: Call) -> Iterator[Call]:
        self.current = call
        try:
            yield call
        finally:
            self.current = None


def _size(value: Any) -> int:
    """Approximate DynamoDB size of an item (its JSON, wire or plain): close enough for request units."""
    if not value:
        return 0
    return len(json.dumps(value, default=str, separators=(",", ":")).encode())


# ---- the journey -------------------------------------------------------------------------------------------

class Client:
    def __init__(self, journey: Journey, claims: dict[str, Any] | None) -> None:
        self.journey = journey
        self.claims = claims

    def call(self, method: str, path: str, body: Any = None, query: dict[str, Any] | None = None,
             headers: dict[str, str] | None = None, expect: int | None = None, label: str | None = None) -> Any:
        return self.journey.call(self.claims, method, path, body, query, headers, expect, label=label)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.call("POST", path, body, **kwargs)

    def put(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.call("PUT", path, body, **kwargs)

    def patch(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.call("PATCH", path, body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.call("DELETE", path, **kwargs)


class Journey:
    def __init__(self, meter: Meter, verbose: bool = False) -> None:
        self.meter = meter
        self.calls: list[Call] = []
        self.verbose = verbose
        self.reads_to_repeat: list[tuple[dict[str, Any] | None, str, dict[str, Any] | None, dict[str, str] | None]] = []
        self.warm_calls: list[Call] = []

    def repeat_reads_warm(self) -> None:
        """Every successful GET of the journey once more, in the same (now warm) containers: what a read costs
        once the per-container reference cache holds what it needs — the steady state of a busy function."""
        measured, self.calls = self.calls, []
        for claims, path, query, headers in self.reads_to_repeat:
            self.call(claims, "GET", path, None, query, headers, expect=None, repeat=False)
        self.warm_calls, self.calls = self.calls, measured

    def call(self, claims: dict[str, Any] | None, method: str, path: str, body: Any, query: dict[str, Any] | None,
             headers: dict[str, str] | None, expect: int | None, repeat: bool = True, label: str | None = None) -> Any:
        from infra import route_table
        from local.gateway import dispatch

        found = route_table.match(method, path.split("?", maxsplit=1)[0])
        route = found[0].path if found else f"(no route) {path}"
        if label:  # a distinct case of a route, reported apart (e.g. a content's first heartbeat)
            route = f"{route} {label}"
        record = Call(method, route)
        payload = json.dumps(body) if body is not None else None
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        with self.meter.measuring(record):
            start = time.thread_time()
            response = dispatch(method, path, query=urlencode(query or {}, doseq=True), headers=all_headers,
                                body=payload, claims=claims)
            record.duration_ms = (time.thread_time() - start) * 1000
        record.status = response.status
        if repeat and method == "GET" and response.status < 400:
            self.reads_to_repeat.append((claims, path, query, headers))
        data: Any = None
        if response.headers.get("Content-Type", "").startswith("application/json") and response.body:
            data = response.json()
            if isinstance(data, dict) and isinstance(data.get("items"), list):
                record.returned = len(data["items"])
        self.calls.append(record)
        if not repeat:  # a repeated read may find what the journey deleted since: not a failure of the journey
            pass
        elif (expect is not None and response.status != expect) or (expect is None and response.status >= 400):
            print(f"  ! {method} {path} → {response.status} {str(data)[:300]}", file=sys.stderr)
        elif self.verbose:
            print(f"  {method} {path} → {response.status}", file=sys.stderr)
        return data if data is not None else response


# A media content's two heartbeats: its first (which also reads the course once, for the measured file) and
# a later one (the route's steady state: one read, one write), reported apart.
HEARTBEATS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "video": ({"position": 10, "ranges": [[0, 10]]}, {"position": 20, "ranges": [[10, 20]]}),
    "audio": ({"position": 10, "ranges": [[0, 10]]}, {"position": 20, "ranges": [[10, 20]]}),
    "pdf": ({"pages": [1]}, {"pages": [2]}),
    "scorm": ({"cmi": {"cmi.core.lesson_status": "incomplete", "cmi.suspend_data": "p1"}},
              {"cmi": {"cmi.core.lesson_status": "completed"}}),
}


def _media_ready(course_id: str, body: dict[str, Any]) -> int | None:
    """The draft's video, audio, pdf and scorm files as the media processor leaves them (READY,
    measured: 20 s, 2 pages), written through the learning repository: the bench runs no ffmpeg."""
    from functions.learning import repository
    from karmayogi.platform import clock

    media = {}
    for module in body["modules"]:
        for content in module["contents"]:
            if content["type"] in HEARTBEATS:
                prefix = f"media/{course_id}/{content['id']}/bench/"
                media[content["id"]] = {"status": "READY", "uploadId": "bench", "mediaType": "application/octet-stream",
                                     "sizeBytes": 1000, "readyAt": clock.now_iso(), "durationSeconds": 20,
                                     "pageCount": 2, "launchPath": "index.html", "prefix": prefix,
                                     "key": prefix + "source", "playKey": prefix + "source"}
    course = repository.get_course(course_id, consistent=True)
    if course is None or not media:
        return None
    return int(repository.set_media(course, {}, media, clock.now_iso())["version"])


def _watch(learner: Client, enrolment_id: str, content_id: str, kind: str) -> None:
    from datetime import timedelta

    from karmayogi.platform import clock

    learner.get(f"/enrolments/{enrolment_id}/contents/{content_id}/play")  # the signed address, then playing
    path = f"/enrolments/{enrolment_id}/contents/{content_id}/heartbeats"
    first, later = HEARTBEATS[kind]
    learner.post(path, {"sessionId": "bench", "seq": 1, **first}, label="(a content's first)")
    clock.set_now(clock.now() + timedelta(seconds=20))
    learner.post(path, {"sessionId": "bench", "seq": 2, **later})


def _wait_for(journey: Journey, claims: dict[str, Any], path: str, field_name: str, wanted: set[str]) -> Any:
    """Poll (unmeasured) until the enrolment workflow, run by moto's Step Functions, has decided."""
    from local.gateway import dispatch

    data: Any = None
    for _ in range(100):
        response = dispatch("GET", path, claims=claims, headers={"Content-Type": "application/json"})
        data = response.json() if response.body else None
        if isinstance(data, dict) and data.get(field_name) in wanted:
            return data
        time.sleep(0.05)
    print(f"  ! {path}: {field_name} stayed {data.get(field_name) if isinstance(data, dict) else data}", file=sys.stderr)
    return data


def _first(items: list[dict[str, Any]] | None, key: str = "id", where: Callable[[dict[str, Any]], bool] | None = None) -> Any:
    for item in items or []:
        if where is None or where(item):
            return item.get(key)
    return None


def run_journey(journey: Journey) -> None:
    from datetime import timedelta

    import jwt

    from karmayogi.platform import clock
    from karmayogi.platform.identity import claims_for
    from local import aws
    from local.seed.accounts import demo_user_id
    from local.seed.data.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
    from local.seed.data.courses import COURSES, QUIZZES
    from local.seed.learning import _quiz, course_body

    def user(role: str | None = None, org: str | None = None, skip: int = 0) -> tuple[str, Client]:
        candidates = [a for a in DEMO_ACCOUNTS
                      if ((role is None and a.roles == ("PUBLIC",)) or role in a.roles) and (org is None or a.org_id == org)]
        account = candidates[skip]
        user_id = demo_user_id(account.employee_id)
        return user_id, Client(journey, claims_for(user_id, user_id, account.roles, org_id=account.org_id))

    def code_for(address: str) -> str:
        import re

        sent = aws.sent_messages(address)
        match = re.search(r"(?<!\d)(\d{6})(?!\d)", sent[-1]["body"]) if sent else None
        return match.group(1) if match else "000000"

    anonymous = Client(journey, None)
    learner_id, learner = user(None, skip=0)
    learner2_id, learner2 = user(None, skip=1)
    admin_id, admin = user("MDO_ADMIN", "dopt")
    mha_admin_id, mha_admin = user("MDO_ADMIN", "mha")
    _, leader = user("MDO_LEADER")
    creator_id, creator = user("CONTENT_CREATOR")
    _, publisher = user("CONTENT_PUBLISHER")
    coordinator_id, coordinator = user("PROGRAM_COORDINATOR")
    moderator_id, moderator = user("COMMUNITY_MODERATOR")
    _, spv = user("SPV_ADMIN")
    learner_org = next(a.org_id for a in DEMO_ACCOUNTS if demo_user_id(a.employee_id) == learner_id)

    # ---- directory, meta -------------------------------------------------------------------------------------
    anonymous.get("/health")
    anonymous.get("/openapi.json")
    orgs = anonymous.get("/orgs", query={"type": "ministry", "limit": 20})
    anonymous.get(f"/orgs/{_first(orgs.get('items')) or 'mha'}")
    anonymous.get("/designations")

    # ---- registration, login, password reset, logout -----------------------------------------------------
    person = {"employeeId": "BENCH-0001", "name": "Bench Officer", "email": "bench.officer@dopt.gov.in",
              "mobile": "9876500001", "orgId": "dopt", "designationId": "so"}
    registration = anonymous.post("/auth/register", person, expect=202)
    registration_id = registration.get("registrationId") if isinstance(registration, dict) else "missing"
    anonymous.post(f"/auth/register/{registration_id}/resend", {"channel": "email"})
    anonymous.post(f"/auth/register/{registration_id}/verify",
                   {"channel": "email", "code": code_for(person["email"])})
    anonymous.post(f"/auth/register/{registration_id}/verify",
                   {"channel": "mobile", "code": code_for("+919876500001")})
    password = "Bench@Karma2026"  # noqa: S105 - a journey account on the in-process stand-in
    made = anonymous.post(f"/auth/register/{registration_id}/password", {"password": password})
    new_id = str(made.get("userId")) if isinstance(made, dict) else "missing"
    tokens = anonymous.post("/auth/login", {"username": person["email"], "password": password})
    refresh = tokens.get("refreshToken", "x") if isinstance(tokens, dict) else "x"
    anonymous.post("/auth/refresh", {"refreshToken": refresh})
    anonymous.post("/auth/password/forgot", {"username": person["email"]}, expect=202)
    password = "Bench@Karma2027"  # noqa: S105
    anonymous.post("/auth/password/reset",
                   {"username": person["email"], "code": code_for(person["email"]), "newPassword": password})
    signs_in_as = {"username": person["email"]}  # the verified email, which the officer changes below

    def log_in_newcomer() -> tuple[Client, str]:
        """A new session of the newcomer: a client with the claims Cognito put in its access token, and its
        refresh token (a password reset, a removed role and a logout each end the sessions before them)."""
        tokens = anonymous.post("/auth/login", {"username": signs_in_as["username"], "password": password})
        access_token = tokens.get("accessToken") if isinstance(tokens, dict) else None
        claims = (jwt.decode(access_token, options={"verify_signature": False}) if access_token
                  else claims_for(new_id, new_id, ["PUBLIC"]))
        return Client(journey, claims), (tokens.get("refreshToken", "x") if isinstance(tokens, dict) else "x")

    newcomer, refresh = log_in_newcomer()
    me = newcomer.get("/me")
    me = newcomer.patch("/me", {"name": "Bench Officer Two", "version": me.get("version", 1)})
    newcomer.patch("/me", {"email": "bench.officer2@dopt.gov.in", "version": me.get("version", 1)})
    newcomer.post("/me/contact/verify", {"channel": "email", "code": code_for("bench.officer2@dopt.gov.in")})
    signs_in_as["username"] = "bench.officer2@dopt.gov.in"
    framework = learner.get("/competencies", query={"limit": 20})
    competency_ids = [c["id"] for c in framework.get("items", [])] or ["missing"]
    me = newcomer.get("/me")
    newcomer.put("/me/competency-profile", {
        "competencies": [{"competencyId": competency_ids[0], "level": 2}],
        "desiredCompetencies": [{"competencyId": competency_ids[1 % len(competency_ids)], "level": 3}],
        "interests": ["public policy"], "roles": ["drafting"],
        "version": (me.get("competencyProfile") or {}).get("version") if isinstance(me, dict) else None})
    admin.get("/orgs/dopt/users", query={"limit": 20})
    admin.post(f"/users/{new_id}/roles", {"role": "CONTENT_CREATOR"})
    admin.delete(f"/users/{new_id}/roles/CONTENT_CREATOR", expect=204)
    newcomer, refresh = log_in_newcomer()  # the removed role ended the session
    newcomer.post("/auth/logout", {"refreshToken": refresh}, expect=204)
    newcomer, refresh = log_in_newcomer()  # the journey goes on as the officer

    # ---- competency hub ------------------------------------------------------------------------------------
    created = spv.post("/competencies", {
        "name": "Bench Measurement", "area": "functional", "description": "Measuring what the platform does",
        "levels": [{"level": n, "name": f"L{n}", "description": f"Level {n} of measuring"} for n in range(1, 6)]},
        expect=201)
    competency_id = created.get("id", "missing") if isinstance(created, dict) else "missing"
    got = spv.get(f"/competencies/{competency_id}")
    spv.put(f"/competencies/{competency_id}", {"description": "Measuring, side by side", "version": got.get("version", 1)})
    learner.get("/me/competencies")
    learner.get("/me/competency-gaps")
    requirements = admin.get("/orgs/dopt/designation-competencies", query={"limit": 100})
    so: dict[str, Any] = next((r for r in requirements.get("items", []) if r.get("designationId") == "so"), {})
    admin.put("/orgs/dopt/designation-competencies/so", {
        "requirements": [{"competencyId": competency_ids[0], "level": 3}, {"competencyId": competency_id, "level": 2}],
        "version": so.get("version")})
    admin.post("/orgs/dopt/designation-competencies/upload",
               {"csv": f"designationId,competencyId,level\nus,{competency_ids[0]},3\n"})
    admin.get("/orgs/dopt/competency-gaps", query={"limit": 20})

    # ---- learning hub: catalogue, authoring, batches -------------------------------------------------------
    catalogue = learner.get("/courses", query={"limit": 20})
    live_course = _first(catalogue.get("items")) or COURSES[0].id
    learner.get("/courses", query={"q": COURSES[0].title.split()[0], "limit": 20})
    learner.get(f"/courses/{live_course}")
    publisher.get(f"/courses/{live_course}/stats")
    batches = learner.get(f"/courses/{live_course}/batches", query={"limit": 20})
    source = next(c for c in COURSES if any(x.type == "quiz" for m in c.modules for x in m.contents))
    body = course_body(source).model_dump(by_alias=True, mode="json", exclude_none=True)
    body["title"] = "Bench: " + body["title"]
    body["modules"].append({"id": "bench-media", "title": "Watch, read, practise", "contents": [
        {"id": f"bench-{kind}", "title": kind.title(), "type": kind, "durationMinutes": 1} for kind in HEARTBEATS]})
    draft = creator.post("/courses", body, expect=201)
    course_id = draft.get("id", "missing") if isinstance(draft, dict) else "missing"
    draft = creator.put(f"/courses/{course_id}", {**body, "description": "Revised for the bench",
                                                  "version": draft.get("version", 1)})
    creator.get("/courses", query={"mine": "true", "limit": 20})
    ready_version = _media_ready(course_id, body)  # review needs the files READY
    preview = next((c["id"] for m in body["modules"] for c in m["contents"] if c["type"] in HEARTBEATS), None)
    if preview:
        creator.get(f"/courses/{course_id}/contents/{preview}/play")  # the author previews a READY file
    creator.post(f"/courses/{course_id}/review", {"version": ready_version or draft.get("version")})
    publisher.get("/courses", query={"status": "Review", "limit": 20})
    publisher.post(f"/courses/{course_id}/publish")
    today = (clock.now() + timedelta(hours=6)).date()
    batch_body = {"name": "Bench batch", "startDate": str(today), "endDate": str(today + timedelta(days=30)),
                  "enrollmentEndDate": str(today + timedelta(days=20)), "seats": 50}
    batch = admin.post(f"/courses/{course_id}/batches", batch_body, expect=201)
    batch_id = batch.get("id", "missing") if isinstance(batch, dict) else "missing"
    approval = admin.post(f"/courses/{course_id}/batches", {**batch_body, "name": "Bench batch with approval",
                                                            "requiresApproval": True}, expect=201)
    approval_id = approval.get("id", "missing") if isinstance(approval, dict) else "missing"

    # ---- enrolment, progress, assessment, certificate, karma -------------------------------------------------
    dopt_learner_id, dopt_learner = admin_id, admin  # the admin learns too (an officer of dopt)
    accepted = dopt_learner.post(f"/courses/{course_id}/enrolments", {"batchId": batch_id}, expect=202)
    enrolment_id = accepted.get("enrolmentId", "missing") if isinstance(accepted, dict) else "missing"
    _wait_for(journey, dopt_learner.claims or {}, f"/enrolments/{enrolment_id}", "status", {"ENROLLED"})
    dopt_learner.get(f"/enrolments/{enrolment_id}")
    quiz_content = None
    for module in body["modules"]:
        for content in module["contents"]:
            if content["type"] == "quiz":
                quiz_content = content["id"]
                continue
            if content["type"] in HEARTBEATS:
                _watch(dopt_learner, enrolment_id, content["id"], content["type"])
                continue
            dopt_learner.put(f"/enrolments/{enrolment_id}/progress",
                             {"contentId": content["id"], "status": "completed", "progressPercent": 100})
    dopt_learner.get(f"/courses/{course_id}/assessments/{quiz_content}")
    quiz = _quiz(QUIZZES[quiz_content]) if quiz_content in QUIZZES else {"questions": []}
    answers = {q["id"]: q["correct"] for q in quiz["questions"]}
    dopt_learner.post(f"/courses/{course_id}/assessments/{quiz_content}/attempts", {"answers": answers})
    dopt_learner.get("/me/enrolments", query={"limit": 20})
    certificates = dopt_learner.get("/me/certificates", query={"limit": 20})
    dopt_learner.get("/me/karma", query={"limit": 20})
    anonymous.get(f"/certificates/{_first(certificates.get('items'), 'id') or 'missing'}")
    dopt_learner.get("/orgs/dopt/leaderboard", query={"limit": 20})
    # approval: a learner of dopt asks, the coordinator approves; another asks and is rejected
    pending = coordinator.post(f"/courses/{course_id}/enrolments", {"batchId": approval_id}, expect=202)
    pending_id = pending.get("enrolmentId", "missing") if isinstance(pending, dict) else "missing"
    newcomer_pending = newcomer.post(f"/courses/{course_id}/enrolments", {"batchId": approval_id}, expect=202)
    rejected_id = newcomer_pending.get("enrolmentId", "missing") if isinstance(newcomer_pending, dict) else "missing"
    _wait_for(journey, coordinator.claims or {}, f"/enrolments/{pending_id}", "status", {"PENDING_APPROVAL"})
    _wait_for(journey, newcomer.claims or {}, f"/enrolments/{rejected_id}", "status", {"PENDING_APPROVAL"})
    admin.get("/orgs/dopt/enrolments", query={"limit": 20})
    admin.post(f"/enrolments/{pending_id}/approve")
    admin.post(f"/enrolments/{rejected_id}/reject", {"reason": "Next quarter"})
    open_batch = _first(batches.get("items")) or "missing"
    joined = learner.post(f"/courses/{live_course}/enrolments", {"batchId": open_batch}, expect=202)
    joined_id = joined.get("enrolmentId", "missing") if isinstance(joined, dict) else "missing"
    _wait_for(journey, learner.claims or {}, f"/enrolments/{joined_id}", "status", {"ENROLLED", "WAITLISTED"})
    learner.delete(f"/enrolments/{joined_id}", expect=204)

    # ---- plans (competency hub, needs a Live course) -------------------------------------------------------
    plan = admin.post("/orgs/dopt/plans", {
        "name": "Bench plan", "courseIds": [course_id], "dueDate": str(today + timedelta(days=60)),
        "assignTo": {"designations": ["so"], "userIds": [coordinator_id]}}, expect=201)
    plan_id = plan.get("id", "missing") if isinstance(plan, dict) else "missing"
    plan = admin.put(f"/orgs/dopt/plans/{plan_id}", {"name": "Bench plan (revised)", "version": plan.get("version", 1)})
    admin.get("/orgs/dopt/plans", query={"limit": 20})
    plan = admin.post(f"/orgs/dopt/plans/{plan_id}/publish", {"version": plan.get("version")})
    coordinator.get("/me/plans", query={"limit": 20})
    admin.post(f"/orgs/dopt/plans/{plan_id}/retire", {"version": plan.get("version") if isinstance(plan, dict) else None})
    publisher.post(f"/courses/{course_id}/retire")

    # ---- discussion hub -------------------------------------------------------------------------------------
    communities = learner.get("/communities", query={"limit": 20})
    community_id = _first(communities.get("items")) or "missing"
    learner.get(f"/communities/{community_id}")
    learner.get(f"/communities/{community_id}/topics", query={"limit": 20})
    opened = moderator.post("/communities", {"name": "Bench commons", "description": "Open measured talk",
                                             "visibility": "open", "tags": ["bench"]}, expect=201)
    community_id = opened.get("id", "missing") if isinstance(opened, dict) else "missing"
    learner2.post(f"/communities/{community_id}/join")
    private = moderator.post("/communities", {"name": "Bench circle", "description": "Measured talk",
                                              "visibility": "private", "tags": ["bench"]}, expect=201)
    private_id = private.get("id", "missing") if isinstance(private, dict) else "missing"
    moderator.post(f"/communities/{private_id}/invitations", {"userId": learner_id}, expect=201)
    learner.post(f"/communities/{community_id}/join")
    topic = learner.post(f"/communities/{community_id}/topics",
                         {"title": "Measuring DynamoDB work", "body": "Requests per route, side by side.",
                          "tags": ["bench"]}, expect=201)
    topic_id = topic.get("id", "missing") if isinstance(topic, dict) else "missing"
    learner2.get(f"/topics/{topic_id}")
    reply = learner2.post(f"/topics/{topic_id}/replies", {"body": "And items read per item returned."}, expect=201)
    reply_id = reply.get("id", "missing") if isinstance(reply, dict) else "missing"
    edited = learner.patch(f"/posts/{topic_id}", {"body": "Requests per route, measured.",
                                                 "version": topic.get("version", 1)})
    learner2.post(f"/posts/{topic_id}/vote", {"value": 1})
    learner2.post(f"/posts/{topic_id}/bookmark", {"bookmarked": True})
    learner2.get("/me/bookmarks", query={"limit": 20})
    learner.post(f"/posts/{reply_id}/report", {"reason": "Off topic for the bench"})
    moderator.post(f"/posts/{reply_id}/hide", {"reason": "Reported"})
    moderator.post(f"/posts/{reply_id}/restore", {"reason": "Fine after all"})
    moderator.get(f"/communities/{community_id}/moderation-log", query={"limit": 20})
    learner.delete(f"/posts/{topic_id}", query={"version": edited.get("version", 2) if isinstance(edited, dict) else 2},
                   expect=204)
    learner2.post(f"/communities/{community_id}/leave")

    # ---- network hub ----------------------------------------------------------------------------------------
    learner.get("/people", query={"q": "Kumar", "limit": 20})
    learner.get("/people/recommended", query={"limit": 20})
    learner.get(f"/people/{learner2_id}")
    asked = newcomer.post("/connections", {"userId": learner2_id}, expect=201)
    connection_id = asked.get("connectionId", "missing") if isinstance(asked, dict) else "missing"
    learner2.get("/connections", query={"status": "pending", "limit": 20})
    learner2.post(f"/connections/{connection_id}/accept")
    learner2.get("/connections", query={"limit": 20})
    newcomer.delete(f"/connections/{connection_id}", expect=204)
    declined = newcomer.post("/connections", {"userId": moderator_id}, expect=201)
    declined_id = declined.get("connectionId", "missing") if isinstance(declined, dict) else "missing"
    moderator.post(f"/connections/{declined_id}/reject")
    learner.post(f"/people/{moderator_id}/block")
    learner.delete(f"/people/{moderator_id}/block", expect=204)

    # ---- career hub ------------------------------------------------------------------------------------------
    paths = learner.get("/career/paths", query={"limit": 20})
    del paths
    coordinator.get("/me/career/readiness", query={"targetRole": "us"})  # a section officer aiming at US
    learner.get("/career/openings", query={"limit": 20})
    opening = mha_admin.post("/career/openings", {
        "title": "Bench analyst", "description": "Measures the platform", "location": "New Delhi",
        "closingDate": str(today + timedelta(days=30)),
        "requiredCompetencies": [{"competencyId": competency_ids[0], "level": 2}]}, expect=201)
    opening_id = opening.get("id", "missing") if isinstance(opening, dict) else "missing"
    learner.get(f"/career/openings/{opening_id}")
    application = learner.post(f"/career/openings/{opening_id}/applications", expect=201)
    application_id = application.get("id", "missing") if isinstance(application, dict) else "missing"
    mha_admin.get(f"/career/openings/{opening_id}/applications", query={"limit": 20})
    mha_admin.post(f"/career/applications/{application_id}/status",
                   {"status": "SHORTLISTED", "version": application.get("version") if isinstance(application, dict) else None})
    learner.get("/me/applications", query={"limit": 20})

    # ---- events hub and notifications ------------------------------------------------------------------------
    learner.get("/events", query={"limit": 20})
    start = (clock.now() + timedelta(days=3)).replace(microsecond=0)
    event = mha_admin.post("/events", {
        "title": "Bench webinar", "description": "How much work each route does", "capacity": 100,
        "startTime": start.isoformat(), "endTime": (start + timedelta(hours=1)).isoformat(),
        "joinUrl": "https://meet.example.gov.in/bench", "audience": "all", "draft": True}, expect=201)
    event_id = event.get("id", "missing") if isinstance(event, dict) else "missing"
    event = mha_admin.patch(f"/events/{event_id}", {"capacity": 120, "version": event.get("version", 1)})
    mha_admin.post(f"/events/{event_id}/publish")
    learner.get(f"/events/{event_id}")
    learner.post(f"/events/{event_id}/registrations", expect=201)
    learner2.post(f"/events/{event_id}/registrations", expect=201)
    learner2.delete(f"/events/{event_id}/registrations", expect=200)
    learner.get(f"/events/{event_id}/calendar.ics")
    learner.get("/me/events", query={"limit": 20})
    clock.set_now(start + timedelta(minutes=10))  # attendance is recorded once the event has started
    mha_admin.post(f"/events/{event_id}/attendance", {"userIds": [learner_id]})
    clock.reset()
    notifications = learner.get("/me/notifications", query={"limit": 20})
    learner.get("/me/notifications/unread-count")
    learner.post(f"/me/notifications/{_first(notifications.get('items')) or 'missing'}/read")
    mha_admin.delete(f"/events/{event_id}", expect=200)
    del learner_org, leader, mha_admin_id, creator_id, dopt_learner_id, DEMO_PASSWORD


# ---- report -------------------------------------------------------------------------------------------------

def worst(calls: list[Call]) -> Call:
    ok = [c for c in calls if c.ok] or calls
    return max(ok, key=lambda c: (c.total, c.items_read))


SHORT = {"GetItem": "G", "Query": "Q", "Scan": "S", "BatchGetItem": "BG", "TransactGetItems": "TG", "PutItem": "P",
         "UpdateItem": "U", "DeleteItem": "D", "TransactWriteItems": "TW", "BatchWriteItem": "BW"}


def operations(call: Call) -> str:
    return " ".join(f"{SHORT.get(op, op)}{n}" for op, n in sorted(call.requests.items()))


def flags(call: Call, method: str) -> list[str]:
    problems = []
    if call.requests.get("Scan"):
        problems.append("SCAN")
    if method == "GET":
        if call.total > 2:
            problems.append(f"read route {call.total} requests > 2")
    else:
        transactions = call.writes
        if transactions > 1:
            problems.append(f"{transactions} writes > 1")
        if call.reads > 1:
            problems.append(f"{call.reads} reads > 1")
    if call.returned is not None and call.returned > 0 and call.items_read > 1.1 * call.returned:
        problems.append(f"list reads {call.items_read / call.returned:.2f}x returned")
    return problems


def report(journey: Journey, meter: Meter, json_path: str | None) -> int:
    from infra.route_table import ROUTES

    by_route: dict[tuple[str, str], list[Call]] = {}
    for call in journey.calls:
        by_route.setdefault((call.method, call.route), []).append(call)
    warm_by_route: dict[tuple[str, str], list[Call]] = {}
    for call in journey.warm_calls:
        warm_by_route.setdefault((call.method, call.route), []).append(call)
    rows = []
    missing = []
    for route in ROUTES:
        calls = by_route.get((route.method, route.path), [])
        if not any(c.ok for c in calls):
            missing.append((route, sorted({c.status for c in calls})))
            continue
        call = worst(calls)
        rows.append((route, call, flags(call, route.method), len(calls)))
        # the route's distinct cases the journey labelled (e.g. a content's first heartbeat), each on a row
        for (method, labelled), cases in sorted(by_route.items()):
            if method == route.method and labelled.startswith(route.path + " (") and any(c.ok for c in cases):
                case = worst(cases)
                rows.append((dataclasses.replace(route, path=labelled), case, flags(case, method), len(cases)))

    print(f"DynamoDB work per route: {len(rows)} of {len(ROUTES)} routes exercised by the journey "
          f"({len(journey.calls)} API calls); worst successful call per route")
    print("columns: req = DynamoDB requests (R reads, W writes), read = items read, ret = items the API returned, "
          "RRU/WRU = estimated request units (IWRU: of the indexes the writes changed), cpu ms = our code's CPU time (moto's own time taken out); operations: "
          "G GetItem, Q Query, BG BatchGetItem, P PutItem, U UpdateItem, D DeleteItem, TW TransactWriteItems, "
          "BW BatchWriteItem")
    header = (f"{'method':<7}{'route':<55}{'req':>4}{'R':>3}{'W':>3}{'read':>6}{'ret':>5}{'ratio':>7}"
              f"{'RRU':>6}{'WRU':>5}{'IWRU':>5}{'cpu ms':>7}  {'operations':<16}flags")
    print(header)
    over = 0
    for route, call, problems, _count in rows:
        ratio = f"{call.items_read / call.returned:.2f}" if call.returned else "-"
        returned = str(call.returned) if call.returned is not None else "-"
        over += bool(problems)
        print(f"{route.method:<7}{route.path:<55}{call.total:>4}{call.reads:>3}{call.writes:>3}{call.items_read:>6}"
              f"{returned:>5}{ratio:>7}{call.rru:>6.1f}{call.wru:>5.0f}{call.gsi_wru:>5.0f}{call.app_ms:>7.1f}  {operations(call):<16}"
              f"{'; '.join(problems) if problems else 'ok'}")
    background = meter.background
    print(f"\noff-request DynamoDB work (enrolment workflow tasks run by Step Functions): {background.total} requests "
          f"{dict(sorted(background.requests.items()))}, {background.items_read} items read, "
          f"RRU {background.rru:.1f}, WRU {background.wru:.0f}, index WRU {background.gsi_wru:.0f}")
    print(f"Scan calls anywhere: {len(meter.scans)}" + (f" ({sorted(set(meter.scans))})" if meter.scans else ""))
    print(f"routes over a target: {over} of {len(rows)}")
    warm_rows = []
    for route, call, _problems, _count in rows:
        repeated = [c for c in warm_by_route.get((route.method, route.path), []) if c.ok]
        if route.method == "GET" and repeated:
            warm = worst(repeated)
            warm_rows.append((route, call, warm, flags(warm, route.method)))
    changed = [(r, c, w, p) for r, c, w, p in warm_rows if (w.total, w.items_read) != (c.total, c.items_read)]
    print(f"\nread routes repeated on warm containers (the per-container reference cache filled): "
          f"{sum(bool(p) for *_, p in warm_rows)} of {len(warm_rows)} over a target; those whose work changed:")
    for route, cold, warm, problems in changed:
        print(f"  {route.method:<7}{route.path:<55} requests {cold.total:>2} -> {warm.total:>2}, items read "
              f"{cold.items_read:>3} -> {warm.items_read:>3}  {operations(warm):<16}{'; '.join(problems) or 'ok'}")
    if missing:
        print(f"routes the journey could not exercise ({len(missing)}):")
        for route, statuses in missing:
            print(f"  {route.method} {route.path}  statuses seen: {statuses or 'never called'}")
    else:
        print("every route of the route table was exercised")
    write_json(json_path, {
        "routes": [{"method": r.method, "path": r.path, "requests": c.total, "reads": c.reads, "writes": c.writes,
                    "operations": c.requests, "itemsRead": c.items_read, "returned": c.returned,
                    "rru": c.rru, "wru": c.wru, "gsiWru": c.gsi_wru, "appCpuMs": round(c.app_ms, 2),
                    "standinCpuMs": round(c.standin_ms, 2), "flags": p, "calls": n}
                   for r, c, p, n in rows],
        "missing": [f"{r.method} {r.path}" for r, _ in missing],
        "warmReads": [{"method": r.method, "path": r.path, "requests": w.total, "itemsRead": w.items_read,
                       "returned": w.returned, "flags": p} for r, _, w, p in warm_rows],
        "background": {"requests": background.requests, "rru": background.rru, "wru": background.wru,
                       "gsiWru": background.gsi_wru},
        "scans": meter.scans,
    })
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--verbose", action="store_true", help="print every call of the journey")
    args = parser.parse_args()

    from local import aws

    aws.fake_credentials()
    os.environ.pop("AWS_ENDPOINT_URL", None)
    import boto3
    from moto import mock_aws

    from karmayogi.platform import clock, db
    from local import workflows
    from local.seeding import seed_all

    meter = Meter()
    config = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
    with mock_aws(config=config):  # type: ignore[call-overload]
        workflows.install(aws.provision())
        clock.reset()
        started = time.perf_counter()
        seed_all()
        print(f"seeded the demo platform in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        db.reset_clients()
        boto3.setup_default_session()
        meter.install(boto3.DEFAULT_SESSION.events)  # every client made from now on carries the hooks
        journey = Journey(meter, verbose=args.verbose)
        run_journey(journey)
        journey.repeat_reads_warm()
        return report(journey, meter, args.json)


if __name__ == "__main__":
    sys.exit(main())
