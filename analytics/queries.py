"""The SQL files (analytics/sql/*.sql): one set for Athena and DuckDB. `AGGREGATES` feed the dashboards'
items, `REPORTS` the CSV files (their first column is always `org_id`, and their rows come ordered by it).

A query that starts from common table expressions another query shares says so in a line `-- with: <name>`,
which `text` replaces with analytics/sql/shared/<name>.sql (a `WITH ...` clause): both engines receive plain
SQL, and a rule such as who a plan is assigned to is written once. Athena has no include of its own (its views
live in the Glue catalog, which the job would have to create and keep in step)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from analytics.schema import TABLES

SQL_DIR = Path(__file__).resolve().parent / "sql"
SHARED_DIR = SQL_DIR / "shared"
WITH_LINE = re.compile(r"^-- with: ([a-z_]+)$", flags=re.MULTILINE)
AGGREGATES = ("activity", "karma", "plans", "gap_closure", "names")
REPORT_QUERIES = {"enrolments": "report_enrolments", "completions": "report_completions",
                  "plans": "report_plans", "gaps": "report_gaps"}


def names() -> list[str]:
    return sorted(p.stem for p in SQL_DIR.glob("*.sql"))


@cache
def text(name: str) -> str:
    """The query as both engines run it: its `-- with:` line replaced by the shared clause it names."""
    source = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return WITH_LINE.sub(lambda line: (SHARED_DIR / f"{line[1]}.sql").read_text(encoding="utf-8").rstrip(), source)


def tables_of(name: str) -> set[str]:
    """The tables a query reads (the words after FROM / JOIN that name a table)."""
    found = re.findall(r"\b(?:FROM|JOIN)\s+([a-z_]+)", text(name), flags=re.IGNORECASE)
    return {t for t in found if t in TABLES}
