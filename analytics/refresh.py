"""One refresh of the insights, whatever the engine: run the aggregate queries, write the per-org reports,
then the aggregate items (months first, STATE last). The dev server runs it with DuckDB
(analytics.local), the scheduled job in AWS with Athena (analytics.athena, analytics.job)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from analytics import aggregates, queries, reports
from analytics.layout import report_key

Upload = Callable[[str, str], None]  # (local path, key in the analytics bucket)
Files = dict[str, dict[str, Any]]  # org → report → {key, rows, generatedAt}
EMPTY = "_empty"  # the "org" of a run's header-only file of a report (no org id starts with "_")


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


def org_ids(engine: Engine) -> list[str]:
    return sorted({str(r["id"]) for r in records(engine, "names") if r["kind"] == "org"})


def write_report(engine: Engine, report: str, upload: Upload, run_id: str, now: str,
                 every_org: Iterable[str]) -> Files:
    """One report's files, one per org with rows (streamed from the engine's rows); the orgs without a row
    share one file with the header only."""
    files: Files = {}
    columns, rows = engine.rows(queries.REPORT_QUERIES[report])

    def store(org_id: str, path: str, count: int) -> None:
        key = report_key(run_id, org_id, report)
        upload(path, key)
        files.setdefault(org_id, {})[report] = {"key": key, "rows": count, "generatedAt": now}

    reports.split_by_org(columns, rows, store)
    empty_orgs = [org_id for org_id in every_org if org_id not in files]
    if empty_orgs:
        reports.split_by_org(columns, (), store, every_org=[EMPTY])
        shared = files.pop(EMPTY)[report]
        for org_id in empty_orgs:
            files[org_id] = {report: shared}
    return files


def write_aggregates(engine: Engine, table: Any, run_id: str, now: str, files: Files) -> int:
    results = {name: records(engine, name) for name in queries.AGGREGATES}
    return aggregates.write(table, aggregates.build(results, run_id, now, files))


def refresh(engine: Engine, table: Any, upload: Upload, run_id: str, now: str) -> Outcome:
    """Everything, in this process (the dev server; the job runs the same two steps as separate tasks)."""
    outcome = Outcome(run_id)
    orgs = org_ids(engine)
    files: Files = {}
    for report in queries.REPORT_QUERIES:
        written = write_report(engine, report, upload, run_id, now, orgs)
        outcome.reports[report] = len(written)
        for org_id, entry in written.items():
            files.setdefault(org_id, {}).update(entry)
    outcome.items = write_aggregates(engine, table, run_id, now, files)
    return outcome
