"""The SQL files (analytics/sql/*.sql): one set for Athena and DuckDB. `AGGREGATES` feed the dashboards'
items, `REPORTS` the CSV files (their first column is always `org_id`, and their rows come ordered by it)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from analytics.schema import TABLES

SQL_DIR = Path(__file__).resolve().parent / "sql"
AGGREGATES = ("activity", "karma", "plans", "gap_closure", "names")
REPORT_QUERIES = {"enrolments": "report_enrolments", "completions": "report_completions",
                  "plans": "report_plans", "gaps": "report_gaps"}


def names() -> list[str]:
    return sorted(p.stem for p in SQL_DIR.glob("*.sql"))


@cache
def text(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def tables_of(name: str) -> set[str]:
    """The tables a query reads (the words after FROM / JOIN that name a table)."""
    found = re.findall(r"\b(?:FROM|JOIN)\s+([a-z_]+)", text(name), flags=re.IGNORECASE)
    return {t for t in found if t in TABLES}
