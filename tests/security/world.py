"""A small platform for the security and reliability tests: one moto per test module (the enrolment
workflow executing for real, as on the dev server), the personas of the authorization matrix, and one of
every resource a path parameter can name, created through the API by the persona that owns it, in the
"own org" (dopt). `Snapshot` puts the table back after a case changed it, so every case of the matrix
sees the same world."""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import boto3
from moto import mock_aws

from karmayogi.platform import clock
from karmayogi.platform.identity import claims_for
from local import aws, workflows
from local.seed.accounts import create_account
from tests import factories
from tests.conftest import ApiClient

EXECUTION_CONFIG = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
PASSWORD = "Karma@Yogi2026"
OWN_ORG, OTHER_ORG = "dopt", "mof"

PERSONAS = ("anonymous", "learner", "other_learner", "admin", "other_admin", "moderator", "spv")

LEVELS = [{"level": n, "name": f"Level {n}", "description": f"Level {n} of the competency"} for n in range(1, 6)]


def module_platform(*, quiet: bool = True) -> Iterator[aws.LocalResources]:
    """moto for one test module: table, pool, groups, SES, scheduler and the enrolment workflow."""
    from karmayogi.platform.observability import logger

    level = logger.log_level
    if quiet:
        logger.setLevel("WARNING")
    with mock_aws(config=EXECUTION_CONFIG):  # type: ignore[call-overload]
        resources = aws.provision()
        workflows.install(resources)
        clock.reset()
        yield resources
        clock.reset()
    logger.setLevel(level)


def _account(n: int, name: str, org_id: str, *roles: str, designation_id: str = "section-officer",
             membership: str = "ACTIVE") -> dict[str, Any]:
    """A real account (Cognito user with a password, profile, guards, people index), as registration
    makes it; PENDING: one waiting for an MDO admin of `org_id` (an email on a shared domain)."""
    designation = {"section-officer": "Section Officer", "under-secretary": "Under Secretary"}[designation_id]
    domain = {"dopt": "dopt.gov.in", "mof": "finmin.gov.in", "mopp": "persmin.gov.in"}[org_id]
    if membership != "ACTIVE":
        domain = "gov.in"
    profile = create_account(
        user_id=f"sec-user-{n:03d}", employee_id=f"SEC-{n:05d}", name=name, email=f"officer{n}@{domain}",
        mobile=f"+9197{n:08d}", org_id=org_id, designation_id=designation_id, designation=designation,
        roles=["PUBLIC", *roles], password=PASSWORD, membership=membership,  # type: ignore[arg-type]
    )
    profile = dict(profile)
    profile["claims"] = claims_for(profile["userId"], profile["userId"], profile["roles"], org_id=profile["orgId"])
    return profile


def client(user: dict[str, Any] | None) -> ApiClient:
    return ApiClient(user["claims"] if user else None)


def ok(response: Any, *statuses: int) -> Any:
    assert response.status in (statuses or (200, 201, 202, 204)), (response.status, response.body[:500])
    return response.json()


def course_body(title: str = "Noting and Drafting") -> dict[str, Any]:
    return {
        "title": title, "description": "How to write notes and drafts", "language": "en",
        "competencies": [{"competencyId": "c-noting", "level": 2}],
        "modules": [{"id": "m1", "title": "Module one", "contents": [
            {"id": "c1", "title": "What a good note contains", "type": "video", "durationMinutes": 10,
             "url": "https://example.gov.in/v1"},
            {"id": "q1", "title": "Quiz", "type": "quiz", "durationMinutes": 10,
             "quiz": {"passPercent": 50, "maxAttempts": 5, "questions": [
                 {"id": "x1", "text": "Pick a", "kind": "single",
                  "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}], "correct": ["a"]}]}},
            {"id": "l1", "title": "Further reading", "type": "link", "durationMinutes": 5, "mandatory": False,
             "url": "https://example.gov.in/csmop"},
        ]}],
    }


def batch_body(seats: int = 10, requires_approval: bool = False) -> dict[str, Any]:
    today = clock.now().date()
    return {"name": f"Batch of {seats}", "startDate": today.isoformat(),
            "endDate": (today + timedelta(days=30)).isoformat(),
            "enrollmentEndDate": (today + timedelta(days=10)).isoformat(),
            "seats": seats, "requiresApproval": requires_approval}


def event_body(title: str = "e-Office webinar", capacity: int = 10, draft: bool = False) -> dict[str, Any]:
    start = clock.now() + timedelta(days=7)
    return {"title": title, "description": "How to use e-Office", "capacity": capacity, "draft": draft,
            "startTime": start.isoformat(), "endTime": (start + timedelta(hours=1)).isoformat(),
            "joinUrl": "https://meet.example.gov.in/eoffice"}


def wait_enrolment(user: dict[str, Any], enrolment_id: str, *statuses: str, timeout: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    last: dict[str, Any] = {}
    while time.monotonic() < deadline:
        last = ok(client(user).get(f"/enrolments/{enrolment_id}"), 200)
        if last["status"] in statuses:
            return last
        time.sleep(0.1)
    raise AssertionError(f"enrolment {enrolment_id} stayed {last.get('status')}, wanted {statuses}")


_sfn: Any = None


def workflows_idle_now() -> bool:
    """Whether no enrolment execution is running right now."""
    global _sfn  # noqa: PLW0603 - one client for the module's moto
    if _sfn is None:
        _sfn = boto3.client("stepfunctions", region_name=aws.REGION)
    return not any(_sfn.list_executions(stateMachineArn=machine["stateMachineArn"], statusFilter="RUNNING")["executions"]
                   for machine in _sfn.list_state_machines()["stateMachines"])


def workflows_idle(timeout: float = 30.0) -> None:
    """Wait until no enrolment execution is running (they write to the table from moto's threads)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if workflows_idle_now():
            return
        time.sleep(0.05)
    raise AssertionError("enrolment executions still running")


_writes = [0]


def count_table_writes() -> None:
    """Count every write moto's DynamoDB receives (from any client or thread), so a snapshot is put
    back only when something may have changed."""
    from moto.dynamodb.models import DynamoDBBackend

    if getattr(DynamoDBBackend, "_security_counted", False):
        return
    for name in ("put_item", "update_item", "delete_item", "transact_write_items", "batch_write_item"):
        original = getattr(DynamoDBBackend, name)

        def counted(self: Any, *args: Any, __original: Any = original, **kwargs: Any) -> Any:
            _writes[0] += 1
            return __original(self, *args, **kwargs)

        setattr(DynamoDBBackend, name, counted)
    DynamoDBBackend._security_counted = True  # type: ignore[attr-defined]


def writes() -> int:
    return _writes[0]


def _moto_table() -> Any:
    from moto.dynamodb.models import dynamodb_backends

    from karmayogi.platform.settings import get_settings

    return dynamodb_backends[aws.ACCOUNT][aws.REGION].get_table(get_settings().table_name)


class Snapshot:
    """The table's items at one moment; `restore()` makes the table so again. Reads and writes moto's
    item store directly under the lock that serialises moto's writes (a Scan of a few hundred items
    through boto3 costs ~0.5 s in moto; a copy of its store ~20 ms). moto is pinned (local/aws.py)."""

    def __init__(self) -> None:
        count_table_writes()
        with aws._write_lock:
            self._store = copy.deepcopy(_moto_table().items)
            self._writes = writes()
        self.items = self._flatten(self._store)

    @staticmethod
    def _flatten(store: Any) -> dict[tuple[str, str], dict[str, Any]]:
        flat: dict[tuple[str, str], dict[str, Any]] = {}
        for by_range in store.values():
            for item in by_range.values():
                flat[(item.hash_key.value, item.range_key.value)] = item.to_json()["Attributes"]
        return flat

    @classmethod
    def read(cls) -> dict[tuple[str, str], dict[str, Any]]:
        with aws._write_lock:
            return cls._flatten(_moto_table().items)

    def diff(self) -> dict[str, list[tuple[str, str]]]:
        now = self.read()
        return {
            "added": sorted(set(now) - set(self.items)),
            "removed": sorted(set(self.items) - set(now)),
            "changed": sorted(k for k in set(now) & set(self.items) if now[k] != self.items[k]),
        }

    def restore(self) -> bool:
        """Put the items back if anything was written since; whether it had to."""
        with aws._write_lock:
            if writes() == self._writes:
                return False
            _moto_table().items = copy.deepcopy(self._store)
            self._writes = writes()
            return True


def _moto_user_pool() -> Any:
    from moto.cognitoidp.models import cognitoidp_backends

    from karmayogi.platform.settings import get_settings

    return cognitoidp_backends[aws.ACCOUNT][aws.REGION].user_pools[get_settings().user_pool_id]


class CognitoSnapshot:
    """The user pool's users and group memberships at one moment (moto's store, copied: users and groups
    link to each other, so both are copied together); `restore()` puts them back. `state()` is what a
    fault must not leave changed: who exists, enabled or not, in which groups."""

    def __init__(self) -> None:
        pool = _moto_user_pool()
        self._store = copy.deepcopy((pool.users, pool.groups))
        self.users = self.state()

    @staticmethod
    def state() -> dict[str, tuple[bool, frozenset[str]]]:
        pool = _moto_user_pool()
        return {name: (bool(user.enabled), frozenset(g.group_name for g in user.groups))
                for name, user in list(pool.users.items())}

    def diff(self) -> dict[str, list[str]]:
        now = self.state()
        return {
            "added": sorted(set(now) - set(self.users)),
            "removed": sorted(set(self.users) - set(now)),
            "changed": sorted(f"{name}: {sorted(self.users[name][1])} -> {sorted(now[name][1])}"
                              + ("" if now[name][0] == self.users[name][0] else f" (enabled {now[name][0]})")
                              for name in set(now) & set(self.users) if now[name] != self.users[name]),
        }

    def restore(self) -> bool:
        """Put the users and groups back if they changed; whether they had."""
        if self.state() == self.users:
            return False
        pool = _moto_user_pool()
        pool.users, pool.groups = copy.deepcopy(self._store)
        return True


@dataclass
class World:
    users: dict[str, dict[str, Any]]
    ids: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)

    def persona(self, name: str) -> dict[str, Any] | None:
        return None if name == "anonymous" else self.users[name]

    def client(self, name: str) -> ApiClient:
        return client(self.persona(name))


def build_world() -> World:
    """Everyone and everything the matrix's path parameters refer to, owned by the own org (dopt)."""
    factories.seed_directory()
    from tests.competency import support as competency_support

    competency_support.seed_framework()
    users = {
        "learner": _account(1, "Priya Sharma", OWN_ORG),
        "other_learner": _account(2, "Rahul Verma", OTHER_ORG),
        "admin": _account(3, "Anil Kumar", OWN_ORG, "MDO_ADMIN"),
        "other_admin": _account(4, "Sunita Rao", OTHER_ORG, "MDO_ADMIN"),
        "moderator": _account(5, "Ananya Das", OWN_ORG, "COMMUNITY_MODERATOR"),
        "spv": _account(6, "Vikram Singh", "mopp", "SPV_ADMIN"),
        "colleague": _account(7, "Arjun Nair", OWN_ORG),
        "creator": _account(8, "Meera Iyer", OWN_ORG, "CONTENT_CREATOR"),
    }
    w = World(users)
    learner, admin, moderator, colleague, creator = (users[k] for k in
                                                      ("learner", "admin", "moderator", "colleague", "creator"))
    w.ids["orgId"] = OWN_ORG
    w.ids["userId"] = learner["userId"]
    w.ids["colleagueUserId"] = colleague["userId"]
    w.ids["designationId"] = "section-officer"
    w.ids["role"] = "CONTENT_CREATOR"
    from functions.career import repository as career

    career.put_career_paths([career.career_path_item(
        "section-officer", "under-secretary", [{"competencyId": "c-e-office", "level": 3}])])
    from functions.career.repository_ladders import put_ladders  # a managed career path (SPV_ADMIN edits it)

    rungs = [{"designationId": "assistant-section-officer", "requiredCompetencies": []}, {
        "designationId": "section-officer", "requiredCompetencies": [{"competencyId": "c-e-office", "level": 2}]}]
    put_ladders([{"id": "matrix-ladder", "title": "ASO to SO", "version": 1, "createdBy": "seed", "rungs": rungs,
                  "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z"}])
    w.ids["pathId"] = "matrix-ladder"

    # registration (pending: neither channel verified)
    registration = ok(ApiClient().post("/auth/register", {
        "employeeId": "SEC-REG-1", "name": "New Officer", "email": "new.officer@dopt.gov.in",
        "mobile": "9876500001", "orgId": OWN_ORG, "designation": "section-officer"}), 202)
    w.ids["registrationId"] = registration["registrationId"]

    # competency framework: a domain competency of the own org (its admin may edit it)
    competency = ok(client(admin).post("/competencies", {
        "name": "Service Rules", "area": "domain", "description": "The rules of service", "levels": LEVELS}), 201)
    w.ids["competencyId"] = competency["id"]
    requirements = ok(client(admin).put(f"/orgs/{OWN_ORG}/designation-competencies/section-officer",
                                        {"requirements": [{"competencyId": "c-e-office", "level": 2}]}), 200)
    w.values["requirementsVersion"] = requirements["version"]

    # learning: a Live course with a batch, the learner ENROLLED; a draft of the creator
    draft = ok(client(creator).post("/courses", course_body("Draft course")), 201)
    w.ids["draftCourseId"] = draft["id"]
    w.ids["videoContentId"] = "c1"  # the draft's video: an upload opened, its file not sent
    upload = ok(client(creator).post(f"/courses/{draft['id']}/contents/c1/uploads",
                                     {"fileName": "talk.mp4", "mediaType": "video/mp4", "sizeBytes": 1024}), 201)
    w.ids["uploadId"] = upload["uploadId"]
    # its files READY (as if uploaded before): it may go to review; writing them moved its version on
    w.values["draftVersion"] = factories.ready_media(draft["id"])["version"]
    live = ok(client(creator).post("/courses", course_body()), 201)
    live = factories.ready_media(live["id"])  # its video's file READY: review needs it (MEDIA_NOT_READY)
    ok(client(creator).post(f"/courses/{live['id']}/review", {"version": live["version"]}))
    published = ok(client(admin).post(f"/courses/{live['id']}/publish"))
    w.ids["courseId"] = published["id"]
    w.ids["contentId"] = "q1"
    batch = ok(client(admin).post(f"/courses/{live['id']}/batches", batch_body()), 201)
    w.ids["batchId"] = batch["id"]
    enrolment = ok(client(learner).post(f"/courses/{live['id']}/enrolments", {"batchId": batch["id"]}), 202)
    w.ids["enrolmentId"] = enrolment["enrolmentId"]
    wait_enrolment(learner, enrolment["enrolmentId"], "ENROLLED")
    # a certificate: the colleague completes the course
    colleague_enrolment = ok(client(colleague).post(f"/courses/{live['id']}/enrolments",
                                                    {"batchId": batch["id"]}), 202)["enrolmentId"]
    wait_enrolment(colleague, colleague_enrolment, "ENROLLED")
    # its 60 s video (READY above), watched at 1x: a session's first heartbeat may claim up to 130 s
    ok(client(colleague).post(f"/enrolments/{colleague_enrolment}/contents/c1/heartbeats",
                              {"sessionId": "colleague", "seq": 1, "position": 60, "ranges": [[0, 60]]}))
    ok(client(colleague).post(f"/courses/{live['id']}/assessments/q1/attempts", {"answers": {"x1": ["a"]}}))
    certificates = ok(client(colleague).get("/me/certificates"), 200)["items"]
    assert certificates, "the colleague's completion issued no certificate"
    w.ids["certificateId"] = certificates[0]["id"]
    w.ids["certificatePdf"] = f"{certificates[0]['id']}.pdf"  # GET /me/certificates/{certificateId}.pdf
    workflows_idle()

    # competency building plan (DRAFT) of the own org
    plan = ok(client(admin).post(f"/orgs/{OWN_ORG}/plans", {
        "name": "e-Office for section officers", "courseIds": [live["id"]],
        "assignTo": {"designations": ["section-officer"], "userIds": []},
        "dueDate": (clock.now() + timedelta(days=30)).date().isoformat()}), 201)
    w.ids["planId"] = plan["id"]
    w.values["planVersion"] = plan["version"]

    # discussion: an open community of the moderator, the learner's topic, the colleague's reply
    community = ok(client(moderator).post("/communities", {
        "name": "e-Office Practitioners", "description": "Tips and questions", "visibility": "open"}), 201)
    w.ids["communityId"] = community["id"]
    for member in (learner, colleague):
        ok(client(member).post(f"/communities/{community['id']}/join"), 200)
    topic = ok(client(learner).post(f"/communities/{community['id']}/topics",
                                    {"title": "How do you file in e-Office?", "body": "Tips welcome", "tags": []}), 201)
    w.ids["topicId"] = topic["id"]
    w.ids["postId"] = topic["id"]
    w.values["topicVersion"] = topic["version"]
    private = ok(client(moderator).post("/communities", {
        "name": "Cadre Controllers", "description": "Invited members", "visibility": "private"}), 201)
    w.ids["privateCommunityId"] = private["id"]
    reply = ok(client(colleague).post(f"/topics/{topic['id']}/replies", {"body": "Use the search"}), 201)
    w.ids["replyId"] = reply["id"]

    # network: the colleague asked the learner to connect (pending, the learner receives it)
    connection = ok(client(colleague).post("/connections", {"userId": learner["userId"]}), 201)
    w.ids["connectionId"] = connection["connectionId"]

    # career: an opening of the own org, the colleague applied
    opening = ok(client(admin).post("/career/openings", {
        "title": "Deputy Secretary (e-Governance)", "description": "Lead the e-Office roll-out",
        "location": "New Delhi", "closingDate": (clock.now() + timedelta(days=20)).date().isoformat(),
        "requiredCompetencies": [{"competencyId": "c-e-office", "level": 2}]}), 201)
    w.ids["openingId"] = opening["id"]
    application = ok(client(colleague).post(f"/career/openings/{opening['id']}/applications"), 201)
    w.ids["applicationId"] = application["id"]

    # events: a published event of the admin (the learner registered) and a draft
    event = ok(client(admin).post("/events", event_body()), 201)
    w.ids["eventId"] = event["id"]
    w.values["eventVersion"] = event["version"]
    ok(client(learner).post(f"/events/{event['id']}/registrations"), 201)
    draft_event = ok(client(admin).post("/events", event_body("Draft workshop", draft=True)), 201)
    w.ids["draftEventId"] = draft_event["id"]
    other_event = ok(client(admin).post("/events", event_body("Second webinar")), 201)
    w.ids["openEventId"] = other_event["id"]

    # a designation change the colleague asked for, waiting for the org's MDO admin
    me = ok(client(colleague).get("/me"), 200)
    asked = ok(client(colleague).patch("/me", {"version": me["version"], "designationId": "under-secretary"}), 200)
    w.ids["requestId"] = asked["pendingDesignation"]["requestId"]

    # org membership: a registration link of the own org, and an officer waiting to join it
    w.ids["linkId"] = ok(client(admin).post(f"/orgs/{OWN_ORG}/registration-links", {
        "expiresAt": clock.to_iso(clock.now() + timedelta(days=7)), "maxUses": 10}), 201)["linkId"]
    w.ids["pendingUserId"] = _account(9, "Kiran Rao", OWN_ORG, membership="PENDING")["userId"]
    # transfers: an officer of the own org free to move; the creator asked to move out (to the other org), and
    # an officer of the other org asked to move in
    w.ids["moverUserId"] = _account(10, "Mohan Das", OWN_ORG)["userId"]
    w.ids["outgoingTransferId"] = ok(client(admin).post(f"/users/{creator['userId']}/transfers",
                                                        {"toOrgId": OTHER_ORG}), 201)["transferId"]
    incoming = _account(11, "Farah Khan", OTHER_ORG)
    w.ids["incomingTransferId"] = ok(client(users["other_admin"]).post(
        f"/users/{incoming['userId']}/transfers", {"toOrgId": OWN_ORG}), 201)["transferId"]

    # a bulk import of the own org, run (one row, invited)
    csv_body = b"employeeId,name,email,mobile,designation\nSEC-IMP-1,Imran Ali,imran.ali@dopt.gov.in,9876500099," \
        b"section-officer\n"
    made = ok(client(admin).post(f"/orgs/{OWN_ORG}/imports", {"fileName": "e.csv", "sizeBytes": len(csv_body)}), 201)
    from functions.auth import import_storage

    boto3.client("s3", region_name=aws.REGION).put_object(
        Bucket=import_storage.bucket(), Key=made["upload"]["fields"]["key"], Body=csv_body)
    ok(client(admin).post(f"/orgs/{OWN_ORG}/imports/{made['importId']}/start"), 202)
    w.ids["importId"] = made["importId"]

    # a notification of the learner
    notes = ok(client(learner).get("/me/notifications"), 200)["items"]
    assert notes, "the learner has no notification"
    w.ids["notificationId"] = notes[0]["id"]
    # a device of the learner with Web Push on
    w.ids["subscriptionId"] = ok(client(learner).put("/me/push/subscriptions", push_subscription_body("learner")),
                                 201)["id"]
    workflows_idle()
    # insights: one refresh of the aggregates and the reports (the scheduled job's local stand-in)
    import tempfile
    from pathlib import Path

    from analytics import local as analytics_local

    analytics_local.refresh_here(Path(tempfile.mkdtemp(prefix="insights-matrix-")))
    w.ids["report"] = "enrolments.csv"
    return w


def push_subscription_body(device: str) -> dict[str, Any]:
    """A browser's PushSubscription (a fresh P-256 key and auth secret) on FCM's endpoint `device`."""
    import base64
    import os

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    point = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return {"endpoint": f"https://fcm.googleapis.com/fcm/send/{device}", "expirationTime": None,
            "keys": {"p256dh": b64(point), "auth": b64(os.urandom(16))}}
