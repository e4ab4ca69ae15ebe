"""The flattened tables the SQL reads: their columns, in one place. The CDK construct makes one Glue table
of each (infra/constructs/analytics.py), the local engine one DuckDB view of each (analytics.engine), and
the transform (analytics.transform) writes rows with exactly these keys.

Why flattened and not the export's own DynamoDB JSON: an exported item is `{"Item": {"PK": {"S": "..."},
"points": {"N": "10"}, ...}}` — one overloaded schema for every entity, type-tagged values, numbers as
strings, maps and lists nested. SQL over it would spell each entity's filter, each type tag and each cast in
both dialects. The transform reads the export's lines once and writes one narrow, typed table per entity
(gzip JSON lines, which Athena's JSON SerDe and DuckDB's read_json both read), so the SQL stays plain."""

from __future__ import annotations

# Glue / Hive column types; analytics.engine maps them to DuckDB's.
STRING, BIGINT, DOUBLE = "string", "bigint", "double"

TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "users": (("user_id", STRING), ("org_id", STRING), ("designation_id", STRING), ("designation", STRING),
              ("name", STRING), ("employee_id", STRING), ("created_at", STRING)),
    "orgs": (("org_id", STRING), ("name", STRING), ("type", STRING)),
    "enrolments": (("enrolment_id", STRING), ("user_id", STRING), ("org_id", STRING), ("course_id", STRING),
                   ("course_title", STRING), ("batch_name", STRING), ("status", STRING),
                   ("requested_at", STRING), ("completed_at", STRING), ("updated_at", STRING),
                   ("verified_minutes", DOUBLE)),
    "karma": (("user_id", STRING), ("reason", STRING), ("points", BIGINT), ("created_at", STRING)),
    "passbook": (("user_id", STRING), ("competency_id", STRING), ("level", BIGINT), ("source", STRING),
                 ("acquired_at", STRING)),
    "requirements": (("org_id", STRING), ("designation_id", STRING), ("competency_id", STRING),
                     ("level", BIGINT)),
    "plans": (("plan_id", STRING), ("org_id", STRING), ("name", STRING), ("status", STRING), ("due_at", STRING),
              ("published_at", STRING)),
    "plan_courses": (("plan_id", STRING), ("course_id", STRING)),
    "plan_targets": (("plan_id", STRING), ("designation_id", STRING), ("user_id", STRING)),
    "course_done": (("user_id", STRING), ("course_id", STRING), ("completed_at", STRING)),
}


def columns(table: str) -> list[str]:
    return [name for name, _ in TABLES[table]]
