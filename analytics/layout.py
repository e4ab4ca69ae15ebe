"""Where everything lives in the analytics bucket (and, on the dev server, in a local folder of the same
shape):

    exports/AWSDynamoDB/<exportId>/manifest-summary.json   what DynamoDB's export to S3 writes (DYNAMODB_JSON,
    exports/AWSDynamoDB/<exportId>/manifest-files.json     gzip lines); the local exporter writes the same
    exports/AWSDynamoDB/<exportId>/data/<n>.json.gz
    tables/<table>/run=<runId>/part-<n>.json.gz            the flattened tables (analytics.schema) of one run;
                                                           each Glue table points at its newest run's folder
    reports/<runId>/<orgId>/<report>.csv                   the per-org CSV reports of one run
    athena-results/                                        Athena's query results (the workgroup's output)

Old runs, exports and results expire by the bucket's lifecycle rules (infra/constructs/analytics.py)."""

from __future__ import annotations

import gzip
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from typing import Any

from analytics.schema import columns

EXPORTS_PREFIX = "exports/"
TABLES_PREFIX = "tables/"
REPORTS_PREFIX = "reports/"
RESULTS_PREFIX = "athena-results/"
REPORTS = ("enrolments", "completions", "plans", "gaps")


def table_prefix(table: str, run_id: str) -> str:
    return f"{TABLES_PREFIX}{table}/run={run_id}/"


def part_key(table: str, run_id: str, part: str) -> str:
    return f"{table_prefix(table, run_id)}part-{part}.json.gz"


def report_key(run_id: str, org_id: str, report: str) -> str:
    return f"{REPORTS_PREFIX}{run_id}/{org_id}/{report}.csv"


class _GzipLines:
    """A gzip file written through a 1 MiB buffer (one compress call per buffer, not per line)."""

    def __init__(self, handle: int) -> None:
        self.raw = os.fdopen(handle, "wb")
        self.gzip = gzip.GzipFile(fileobj=self.raw, mode="wb", compresslevel=6)
        self.buffer = io.BufferedWriter(self.gzip, buffer_size=1 << 20)

    def write(self, data: bytes) -> None:
        self.buffer.write(data)

    def close(self) -> None:
        if not self.raw.closed:
            self.buffer.close()  # flushes into, and closes, the gzip stream (which leaves the raw file open)
            self.raw.close()


class TableParts:
    """One part file per table for one input file of the export: rows are appended as gzip JSON lines to
    temporary files (constant memory), then `close` hands each non-empty file to `store(table, path)`."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[str, Any]] = {}
        self.counts: dict[str, int] = {}

    def add(self, table: str, row: dict[str, Any]) -> None:
        if table not in self._files:
            handle, path = tempfile.mkstemp(suffix=".json.gz")
            self._files[table] = (path, _GzipLines(handle))
        line = {name: row.get(name) for name in columns(table)}
        self._files[table][1].write(json.dumps(line, ensure_ascii=False).encode() + b"\n")
        self.counts[table] = self.counts.get(table, 0) + 1

    def add_all(self, rows: Iterable[tuple[str, dict[str, Any]]]) -> None:
        for table, row in rows:
            self.add(table, row)

    def close(self, store: Callable[[str, str], None]) -> None:
        try:
            for table, (path, out) in self._files.items():
                out.close()
                store(table, path)
        finally:
            for path, out in self._files.values():
                out.close()
                if os.path.exists(path):
                    os.unlink(path)
            self._files.clear()


