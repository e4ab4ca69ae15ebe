"""The engine in AWS: Amazon Athena runs the same SQL files over the Glue tables of the analytics database,
in the stage's workgroup (its result location, encryption and bytes-scanned limit are the workgroup's:
infra/constructs/analytics.py). Rows are read back from the result file in S3 as a stream — never the
whole result in memory, and no 1,000-row GetQueryResults pages for a report of millions of rows."""

from __future__ import annotations

import codecs
import csv
import time
from collections.abc import Iterator
from typing import Any

from analytics import queries

POLL_SECONDS = (1, 1, 2, 2, 3, 5)  # then every 5 s


class QueryFailed(RuntimeError):
    pass


class AthenaEngine:
    def __init__(self, athena: Any, s3: Any, workgroup: str, database: str, timeout_seconds: float = 600) -> None:
        self.athena, self.s3 = athena, s3
        self.workgroup, self.database = workgroup, database
        self.timeout_seconds = timeout_seconds
        self.scanned: dict[str, int] = {}  # query → bytes Athena scanned (what it bills)

    def run(self, name: str) -> str:
        """Start the query and wait for it; the S3 address of its result file."""
        execution_id = self.athena.start_query_execution(
            QueryString=queries.text(name), WorkGroup=self.workgroup,
            QueryExecutionContext={"Database": self.database})["QueryExecutionId"]
        started = time.monotonic()
        for attempt in range(10_000):
            execution = self.athena.get_query_execution(QueryExecutionId=execution_id)["QueryExecution"]
            state = execution["Status"]["State"]
            if state == "SUCCEEDED":
                self.scanned[name] = int(execution.get("Statistics", {}).get("DataScannedInBytes", 0))
                return str(execution["ResultConfiguration"]["OutputLocation"])
            if state in ("FAILED", "CANCELLED"):
                raise QueryFailed(f"{name}: {state} {execution['Status'].get('StateChangeReason', '')}")
            if time.monotonic() - started > self.timeout_seconds:
                self.athena.stop_query_execution(QueryExecutionId=execution_id)
                raise QueryFailed(f"{name}: still running after {self.timeout_seconds} s")
            time.sleep(POLL_SECONDS[min(attempt, len(POLL_SECONDS) - 1)])
        raise QueryFailed(name)

    def rows(self, name: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        """The columns and rows of the query's CSV result (Athena writes NULL as an empty field)."""
        bucket, key = self.run(name).removeprefix("s3://").split("/", 1)
        body = self.s3.get_object(Bucket=bucket, Key=key)["Body"]
        reader = csv.reader(codecs.getreader("utf-8")(body))
        header = next(reader, [])

        def streamed() -> Iterator[tuple[Any, ...]]:
            try:
                for row in reader:
                    yield tuple(cell if cell != "" else None for cell in row)
            finally:
                body.close()

        return header, streamed()
