"""The aggregate items the dashboards read, built from the aggregate queries' rows (analytics.queries):

| item | PK | SK | holds |
|---|---|---|---|
| InsightsMonth | `INSIGHTS#<orgId>` | `MONTH#<YYYY-MM>` | per designation: enrolments, completions, learningMinutes, activeLearners, karma, gapsClosed |
| InsightsState | `INSIGHTS#<orgId>` | `STATE` | runId, refreshedAt, names, open and required gap pairs per designation, the live plans per designation, the reports |
| InsightsMonth (all orgs) | `INSIGHTS#ALL` | `MONTH#<YYYY-MM>` | the same figures per org |
| InsightsState (all orgs) | `INSIGHTS#ALL` | `STATE` | runId, refreshedAt, per org: name, gap pairs, plan figures |

A run writes its months first and its STATE items last; readers take only months of the STATE's run, so a
month that has no data any more stops counting the moment the new STATE lands."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

ALL = "ALL"
MEASURES = ("enrolments", "completions", "learningMinutes", "activeLearners", "karma", "gapsClosed")
MAX_PLANS = 200  # per org, the most recently due: keeps the STATE item far below 400 KB


def insights_pk(scope: str) -> str:
    return f"INSIGHTS#{scope}"


def month_sk(month: str) -> str:
    return f"MONTH#{month}"


STATE_SK = "STATE"


def _number(value: Any) -> int | float:
    if value is None or value == "":
        return 0
    number = float(value)
    return int(number) if number.is_integer() else round(number, 2)


def _add(target: dict[str, Any], measure: str, value: Any) -> None:
    target[measure] = _number(target.get(measure, 0)) + _number(value)


def build(records: Mapping[str, Iterable[Mapping[str, Any]]], run_id: str, refreshed_at: str,
          reports: Mapping[str, Mapping[str, Any]] | None = None) -> Iterator[dict[str, Any]]:
    """Every aggregate item of a run (months first, STATE items last). `reports`: orgId → {report: {key,
    rows}} of the CSV files the run wrote."""
    months: dict[tuple[str, str], dict[str, dict[str, Any]]] = defaultdict(lambda: defaultdict(dict))
    open_gaps: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    required: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    plans: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    names: dict[str, dict[str, str]] = {"org": {}, "designation": {}}
    for row in records.get("activity", ()):
        cell = months[(row["org_id"], row["month"])][row["designation_id"]]
        _add(cell, "enrolments", row["enrolments"])
        _add(cell, "completions", row["completions"])
        _add(cell, "learningMinutes", row["learning_minutes"])
        _add(cell, "activeLearners", row["active_learners"])
    for row in records.get("karma", ()):
        _add(months[(row["org_id"], row["month"])][row["designation_id"]], "karma", row["karma"])
    for row in records.get("gap_closure", ()):
        pairs = int(_number(row["pairs"]))
        required[row["org_id"]][row["designation_id"]] += pairs
        if row.get("month"):
            _add(months[(row["org_id"], row["month"])][row["designation_id"]], "gapsClosed", pairs)
        else:
            open_gaps[row["org_id"]][row["designation_id"]] += pairs
    for row in records.get("plans", ()):
        plan = plans[row["org_id"]].setdefault(row["plan_id"], {
            "planId": row["plan_id"], "name": row["name"], "dueAt": row["due_at"], "designations": {}})
        plan["designations"][row["designation_id"]] = {
            "assignees": int(_number(row["assignees"])), "completed": int(_number(row["completed"])),
            "completedOnTime": int(_number(row["completed_on_time"]))}
    for row in records.get("names", ()):
        names.setdefault(row["kind"], {})[row["id"]] = row["name"] or row["id"]

    all_months: dict[str, dict[str, dict[str, Any]]] = defaultdict(lambda: defaultdict(dict))
    for (org_id, month), designations in sorted(months.items()):
        totals = all_months[month][org_id]
        for cell in designations.values():
            for measure, value in cell.items():
                _add(totals, measure, value)
        yield {"PK": insights_pk(org_id), "SK": month_sk(month), "entityType": "InsightsMonth", "orgId": org_id,
               "month": month, "runId": run_id, "designations": {d: dict(c) for d, c in designations.items()}}
    for month, orgs in sorted(all_months.items()):
        yield {"PK": insights_pk(ALL), "SK": month_sk(month), "entityType": "InsightsMonth", "orgId": ALL,
               "month": month, "runId": run_id, "orgs": {o: dict(c) for o, c in orgs.items()}}

    org_ids = sorted({o for o, _ in months} | set(required) | set(plans) | set(names["org"]) | set(reports or {}))
    summary: dict[str, dict[str, Any]] = {}
    for org_id in org_ids:
        org_plans = sorted(plans.get(org_id, {}).values(), key=lambda p: (p["dueAt"] or "", p["planId"]),
                           reverse=True)[:MAX_PLANS]
        designation_ids = ({d for (o, _), cells in months.items() if o == org_id for d in cells}
                           | set(required.get(org_id, {})) | {d for p in org_plans for d in p["designations"]})
        summary[org_id] = {
            "name": names["org"].get(org_id, org_id),
            "gapsOpen": sum(open_gaps.get(org_id, {}).values()),
            "gapsRequired": sum(required.get(org_id, {}).values()),
            "plans": [{"planId": p["planId"], "dueAt": p["dueAt"],
                       **{k: sum(d[k] for d in p["designations"].values())
                          for k in ("assignees", "completed", "completedOnTime")}} for p in org_plans],
        }
        yield {"PK": insights_pk(org_id), "SK": STATE_SK, "entityType": "InsightsState", "orgId": org_id,
               "runId": run_id, "refreshedAt": refreshed_at, "orgName": summary[org_id]["name"],
               "designationNames": {d: names["designation"].get(d, d) for d in sorted(designation_ids)},
               "gapsOpen": dict(open_gaps.get(org_id, {})), "gapsRequired": dict(required.get(org_id, {})),
               "plans": org_plans, "reports": dict((reports or {}).get(org_id, {}))}
    yield {"PK": insights_pk(ALL), "SK": STATE_SK, "entityType": "InsightsState", "orgId": ALL, "runId": run_id,
           "refreshedAt": refreshed_at, "orgs": summary}


def write(table: Any, items: Iterable[dict[str, Any]]) -> int:
    """Put the items (boto3 Table resource; floats become Decimals for DynamoDB)."""
    from decimal import Decimal

    def stored(value: Any) -> Any:
        if isinstance(value, float):
            return Decimal(str(value))
        if isinstance(value, dict):
            return {k: stored(v) for k, v in value.items()}
        if isinstance(value, list):
            return [stored(v) for v in value]
        return value

    count = 0
    with table.batch_writer() as batch:
        for item in items:
            batch.put_item(Item=stored(item))
            count += 1
    return count
