"""One refresh of the insights, whatever the engine: run the aggregate queries, write the per-org reports,
then the aggregate items (months first, STATE last). The dev server runs it with DuckDB
(analytics.local), the scheduled job in AWS with Athena (analytics.athena)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from analytics import aggregates, queries, reports
from analytics.layout import report_key


class Engine(Protocol):
    def rows(self, name: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]: ...


@dataclass
class Outcome:
    run_id: str
    items: int = 0
    reports: dict[str, int] = field(default_factory=dict)  # report → files written


def records(engine: Engine, name: str) -> list[dict[str, Any]]:
    names, rows = engine.rows(name)
    return [dict(zip(names, row, strict=True)) for row in rows]


def refresh(engine: Engine, table: Any, upload: Callable[[str, str], None], run_id: str, now: str) -> Outcome:
    """`upload(path, key)` stores a report file in the analytics bucket; `table`: the boto3 Table."""
    outcome = Outcome(run_id)
    results = {name: records(engine, name) for name in queries.AGGREGATES}
    org_ids = {str(r["id"]) for r in results["names"] if r["kind"] == "org"}
    files: dict[str, dict[str, Any]] = {}
    for report, query in queries.REPORT_QUERIES.items():
        columns, rows = engine.rows(query)

        def store(org_id: str, path: str, count: int, report: str = report) -> None:
            key = report_key(run_id, org_id, report)
            upload(path, key)
            files.setdefault(org_id, {})[report] = {"key": key, "rows": count, "generatedAt": now}

        outcome.reports[report] = len(reports.split_by_org(columns, rows, store, every_org=sorted(org_ids)))
    outcome.items = aggregates.write(table, aggregates.build(results, run_id, now, files))
    return outcome
