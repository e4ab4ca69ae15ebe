"""A small platform with known answers: two orgs, four officers (and one pending account that must count
nowhere), four enrolments, karma, requirements, passbook entries and plans. The expected figures in the
tests are worked out by hand from this list (comments say how)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from boto3.dynamodb.types import TypeSerializer

from analytics import layout, transform

FORMULA_NAME = '=HYPERLINK("http://evil","x")'


def _user(user_id: str, org: str, designation_id: str, designation: str, name: str, employee: str,
          **extra: Any) -> dict[str, Any]:
    return {"PK": f"USER#{user_id}", "SK": "PROFILE", "entityType": "UserProfile", "userId": user_id, "orgId": org,
            "designationId": designation_id, "designation": designation, "name": name, "employeeId": employee,
            "email": f"{user_id}@example.gov.in", "mobile": "+919800000000", "createdAt": "2026-01-01T00:00:00Z",
            **extra}


def _enrolment(eid: str, user: str, org: str, course: str, requested: str, updated: str,
               completed: str | None = None, playback: dict[str, Any] | None = None) -> dict[str, Any]:
    item = {"PK": f"ENROLMENT#{eid}", "SK": "META", "entityType": "Enrolment", "id": eid, "userId": user,
            "orgId": org, "courseId": course, "courseTitle": f"Course {course}", "batchName": "Batch 1",
            "status": "COMPLETED" if completed else "ENROLLED", "requestedAt": requested, "updatedAt": updated,
            "playback": playback or {}}
    if completed:
        item["completedAt"] = completed
    return item


def _karma(user: str, reason: str, context: str, points: int, at: str) -> dict[str, Any]:
    return {"PK": f"USER#{user}", "SK": f"KARMA#{reason}#{context}", "entityType": "KarmaCredit", "userId": user,
            "reason": reason, "contextId": context, "points": points, "createdAt": at}


def _passbook(user: str, competency: str, level: int, source: str, at: str) -> dict[str, Any]:
    return {"PK": f"USER#{user}", "SK": f"PASSBOOK#{competency}#{source}#x", "entityType": "PassbookEntry",
            "userId": user, "competencyId": competency, "level": level, "source": source, "sourceId": "x",
            "acquiredAt": at}


def _done(user: str, course: str, at: str) -> dict[str, Any]:
    return {"PK": f"USER#{user}", "SK": f"COURSEDONE#{course}", "entityType": "CompletedCourse", "userId": user,
            "courseId": course, "completedAt": at, "certificateId": "cert"}


def items() -> list[dict[str, Any]]:
    video = {"type": "video", "durationMs": 600_000, "coveredPercent": 50}  # 10 min, half played: 5 min
    full = {"type": "video", "durationMs": 1_200_000, "coveredPercent": 100}  # 20 min
    pdf = {"type": "pdf", "pageCount": 12, "coveredPercent": 100}  # no duration: no minutes
    return [
        {"PK": "ORG#o1", "SK": "META", "entityType": "Org", "id": "o1", "name": "Ministry A", "type": "ministry"},
        {"PK": "ORG#o2", "SK": "META", "entityType": "Org", "id": "o2", "name": "Ministry B", "type": "ministry"},
        _user("u1", "o1", "d1", "Section Officer", "Asha", "E1"),
        _user("u2", "o1", "d1", "Section Officer", FORMULA_NAME, "E2"),
        _user("u3", "o1", "d2", "Under Secretary", "Ravi", "E3"),
        _user("u4", "o2", "d1", "Section Officer", "Meena", "E4"),
        _user("u5", "unaffiliated", "d1", "Section Officer", "Pending", "E5", membership="PENDING",
              pendingOrgId="o1"),
        _enrolment("e1", "u1", "o1", "c1", "2026-01-10T05:00:00Z", "2026-02-05T09:00:00Z",
                   "2026-02-05T09:00:00Z", {"v1": video, "p1": pdf}),
        _enrolment("e2", "u2", "o1", "c1", "2026-01-20T05:00:00Z", "2026-01-20T05:00:00Z"),
        _enrolment("e3", "u3", "o1", "c2", "2026-02-01T05:00:00Z", "2026-02-20T09:00:00Z",
                   "2026-02-20T09:00:00Z", {"v2": full}),
        _enrolment("e4", "u4", "o2", "c1", "2026-02-03T05:00:00Z", "2026-02-03T05:00:00Z"),
        _karma("u1", "FIRST_LOGIN", "account", 5, "2026-01-02T05:00:00Z"),
        _karma("u1", "COURSE_COMPLETED", "c1", 20, "2026-02-05T09:00:00Z"),
        _karma("u3", "COURSE_COMPLETED", "c2", 20, "2026-02-20T09:00:00Z"),
        _karma("u4", "FIRST_LOGIN", "account", 5, "2026-02-01T05:00:00Z"),
        _karma("u5", "FIRST_LOGIN", "account", 5, "2026-02-01T05:00:00Z"),  # pending: counts nowhere
        {"PK": "ORGREQ#o1", "SK": "DESIGNATION#d1", "entityType": "DesignationRequirements",
         "requirements": {"k1": 2, "k2": 1}, "version": 1},
        {"PK": "ORGREQ#o1", "SK": "DESIGNATION#d2", "entityType": "DesignationRequirements",
         "requirements": {"k1": 3}, "version": 1},
        _passbook("u1", "k1", 2, "course", "2026-02-05T09:00:00Z"),  # closes (u1, k1) in 2026-02
        _passbook("u1", "k2", 1, "self", "2026-01-02T05:00:00Z"),  # closes (u1, k2) in 2026-01
        _passbook("u2", "k1", 1, "self", "2026-01-03T05:00:00Z"),  # below 2: (u2, k1) open; (u2, k2) open
        _passbook("u3", "k1", 2, "course", "2026-02-20T09:00:00Z"),  # below 3: (u3, k1) open
        {"PK": "PLAN#p1", "SK": "META", "entityType": "CompetencyPlan", "id": "p1", "orgId": "o1",
         "name": "Draft name", "status": "LIVE", "courseIds": ["c1"],
         "live": {"name": "Induction", "courseIds": ["c1", "c2"], "dueAt": "2026-02-10T18:29:59Z",
                  "dueDate": "2026-02-10", "publishedAt": "2026-01-05T00:00:00Z",
                  "assignTo": {"designations": ["d1"], "userIds": ["u3", "u4"]}}},  # u4: another org, ignored
        {"PK": "PLAN#p2", "SK": "META", "entityType": "CompetencyPlan", "id": "p2", "orgId": "o1",
         "name": "Never published", "status": "DRAFT", "courseIds": ["c1"]},
        _done("u1", "c1", "2026-02-05T09:00:00Z"),
        _done("u1", "c2", "2026-02-08T09:00:00Z"),  # u1 finished p1 on 2026-02-08: on time
        _done("u3", "c2", "2026-02-20T09:00:00Z"),  # u3 has one of p1's two courses
        {"PK": "OTP#REGISTER#r1", "SK": "CHANNEL#email", "entityType": "Otp", "codeHash": "secret"},  # skipped
    ]


def export_lines(source: list[dict[str, Any]]) -> list[str]:
    """The items as a full export's lines: `{"Item": <DynamoDB JSON>}`."""
    serializer = TypeSerializer()

    def typed(value: Any) -> Any:
        return {k: serializer.serialize(v) for k, v in value.items()}

    return [json.dumps({"Item": typed(item)}) for item in source]


def write_tables(root: Path, run_id: str = "run1", source: list[dict[str, Any]] | None = None) -> None:
    """Transform the dataset into `root`'s table layout (two parts per table: the transform's per-file split)."""
    lines = export_lines(items() if source is None else source)
    half = len(lines) // 2
    for number, chunk in enumerate((lines[:half], lines[half:])):
        parts = layout.TableParts()
        parts.add_all(transform.transform(chunk))

        def store(table: str, path: str, number: int = number) -> None:
            target = root / layout.part_key(table, run_id, str(number))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(Path(path).read_bytes())

        parts.close(store)


def read_part(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt") as lines:
        return [json.loads(line) for line in lines]
