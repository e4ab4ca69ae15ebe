"""The export-transform step: the lines of a DynamoDB export to S3 (DYNAMODB_JSON) in, rows of the
flattened tables (analytics.schema) out — a generator, so a data file of any size passes in constant memory.

Both export kinds are read: a full export's line is `{"Item": {...}}`, an incremental export's
`{"Metadata": ..., "Keys": ..., "NewImage": {...}, "OldImage": ...}` (a line without NewImage is a delete and
yields nothing). Only the entities the insights read become rows; everything else (OTPs, tokens, guards,
search tokens…) is skipped. Of a person only the name and employee id are copied (the org's reports name
its officers, as /app/admin does); never an email, a mobile or anything secret."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer

Row = tuple[str, dict[str, Any]]  # (table, row)
UNAFFILIATED = "unaffiliated"  # karmayogi.domain.profiles.UNAFFILIATED: an account of no org (yet)

KINDS = frozenset({"UserProfile", "Org", "Enrolment", "KarmaCredit", "PassbookEntry", "DesignationRequirements",
                   "CompetencyPlan", "CompletedCourse"})


class _Deserializer(TypeDeserializer):
    """boto3's deserializer with plain numbers (int or float) instead of Decimals: the rows are JSON."""

    def _deserialize_n(self, value: str) -> int | float:
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)


_deserializer = _Deserializer()


def item_of(line: str) -> dict[str, Any] | None:
    """The item of one export line (plain Python values), or None for a delete, a blank line or an entity the
    insights do not read (told by its entityType before anything else is decoded)."""
    if not line.strip():
        return None
    record = json.loads(line)
    image = record.get("Item") or record.get("NewImage")
    if not image or (image.get("entityType") or {}).get("S") not in KINDS:
        return None
    return {name: _deserializer.deserialize(value) for name, value in image.items()}


def _verified_minutes(playback: dict[str, Any] | None) -> float:
    """Minutes of audio/video really played (the server-merged coverage of L-W19), over the enrolment's
    contents: duration times covered share. Pages and SCORM have no duration and count nothing here."""
    total_ms = 0.0
    for entry in (playback or {}).values():
        if isinstance(entry, dict) and entry.get("durationMs"):
            total_ms += float(entry["durationMs"]) * float(entry.get("coveredPercent") or 0) / 100
    return round(total_ms / 60000, 2)


def rows_of(item: dict[str, Any]) -> Iterator[Row]:
    """The flattened rows of one item (most items: none)."""
    kind = item.get("entityType")
    if kind == "UserProfile":
        org = item.get("orgId")
        if org and org != UNAFFILIATED and item.get("membership", "ACTIVE") == "ACTIVE":
            yield "users", {"user_id": item["userId"], "org_id": org, "designation_id": item.get("designationId"),
                            "designation": item.get("designation"), "name": item.get("name"),
                            "employee_id": item.get("employeeId"), "created_at": item.get("createdAt")}
    elif kind == "Org":
        yield "orgs", {"org_id": item.get("id") or str(item["PK"]).removeprefix("ORG#"), "name": item.get("name"),
                       "type": item.get("type")}
    elif kind == "Enrolment":
        yield "enrolments", {
            "enrolment_id": item["id"], "user_id": item["userId"], "org_id": item.get("orgId"),
            "course_id": item.get("courseId"), "course_title": item.get("courseTitle"),
            "batch_name": item.get("batchName"), "status": item.get("status"),
            "requested_at": item.get("requestedAt"), "completed_at": item.get("completedAt"),
            "updated_at": item.get("updatedAt"), "verified_minutes": _verified_minutes(item.get("playback"))}
    elif kind == "KarmaCredit":
        yield "karma", {"user_id": item["userId"], "reason": item.get("reason"), "points": int(item.get("points") or 0),
                        "created_at": item.get("createdAt")}
    elif kind == "PassbookEntry":
        yield "passbook", {"user_id": item["userId"], "competency_id": item["competencyId"],
                           "level": int(item["level"]), "source": item.get("source"),
                           "acquired_at": item.get("acquiredAt")}
    elif kind == "DesignationRequirements":
        org_id = str(item["PK"]).removeprefix("ORGREQ#")
        designation_id = str(item["SK"]).removeprefix("DESIGNATION#")
        for competency_id, level in sorted((item.get("requirements") or {}).items()):
            yield "requirements", {"org_id": org_id, "designation_id": designation_id,
                                   "competency_id": competency_id, "level": int(level)}
    elif kind == "CompetencyPlan":
        yield from _plan_rows(item)
    elif kind == "CompletedCourse":
        yield "course_done", {"user_id": item["userId"], "course_id": item["courseId"],
                              "completed_at": item.get("completedAt")}


def _plan_rows(item: dict[str, Any]) -> Iterator[Row]:
    """A plan as learners see it: its published snapshot (`live`); a plan never published has none."""
    live = item.get("live")
    if not live:
        return
    plan_id = item["id"]
    yield "plans", {"plan_id": plan_id, "org_id": item["orgId"], "name": live.get("name"), "status": item.get("status"),
                    "due_at": live.get("dueAt"), "published_at": live.get("publishedAt")}
    for course_id in live.get("courseIds") or []:
        yield "plan_courses", {"plan_id": plan_id, "course_id": course_id}
    assign_to = live.get("assignTo") or {}
    for designation_id in assign_to.get("designations") or []:
        yield "plan_targets", {"plan_id": plan_id, "designation_id": designation_id, "user_id": None}
    for user_id in assign_to.get("userIds") or []:
        yield "plan_targets", {"plan_id": plan_id, "designation_id": None, "user_id": user_id}


def transform(lines: Iterable[str]) -> Iterator[Row]:
    """Every row of every line, in order."""
    for line in lines:
        item = item_of(line)
        if item is not None:
            yield from rows_of(item)
