"""Every SQL file of analytics/sql runs on DuckDB over the known dataset (tests/analytics/dataset.py) and
answers exactly the figures worked out by hand there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from analytics import queries
from analytics.engine import DuckEngine
from tests.analytics import dataset

pytest.importorskip("duckdb")

F = dataset.FORMULA_NAME
EXPECTED: dict[str, list[tuple[Any, ...]]] = {
    # (org, month, designation, enrolments, completions, learning minutes, active learners)
    "activity": [
        ("o1", "2026-01", "d1", 2, 0, 0.0, 2),  # e1 and e2 requested; u1, u2 active
        ("o1", "2026-02", "d1", 0, 1, 5.0, 1),  # e1 completed; half of a 10-minute video (the pdf adds none)
        ("o1", "2026-02", "d2", 1, 1, 20.0, 1),  # e3 requested and completed; a 20-minute video
        ("o2", "2026-02", "d1", 1, 0, 0.0, 1),  # e4
    ],
    "karma": [("o1", "2026-01", "d1", 5), ("o1", "2026-02", "d1", 20), ("o1", "2026-02", "d2", 20),
              ("o2", "2026-02", "d1", 5)],  # the pending account's 5 points count nowhere
    "gap_closure": [("o1", "d1", "2026-01", 1), ("o1", "d1", "2026-02", 1), ("o1", "d1", None, 2),
                    ("o1", "d2", None, 1)],
    # (org, plan, name, due, designation, assignees, completed, completed on time); p2 was never published
    "plans": [("o1", "p1", "Induction", "2026-02-10T18:29:59Z", "d1", 2, 1, 1),
              ("o1", "p1", "Induction", "2026-02-10T18:29:59Z", "d2", 1, 0, 0)],
    "names": [("designation", "d1", "Section Officer"), ("designation", "d2", "Under Secretary"),
              ("org", "o1", "Ministry A"), ("org", "o2", "Ministry B")],
    "report_enrolments": [
        ("o1", "e1", "u1", "E1", "Asha", "Section Officer", "c1", "Course c1", "Batch 1", "COMPLETED",
         "2026-01-10T05:00:00Z", "2026-02-05T09:00:00Z", 5.0),
        ("o1", "e2", "u2", "E2", F, "Section Officer", "c1", "Course c1", "Batch 1", "ENROLLED",
         "2026-01-20T05:00:00Z", None, 0.0),
        ("o1", "e3", "u3", "E3", "Ravi", "Under Secretary", "c2", "Course c2", "Batch 1", "COMPLETED",
         "2026-02-01T05:00:00Z", "2026-02-20T09:00:00Z", 20.0),
        ("o2", "e4", "u4", "E4", "Meena", "Section Officer", "c1", "Course c1", "Batch 1", "ENROLLED",
         "2026-02-03T05:00:00Z", None, 0.0),
    ],
    "report_completions": [
        ("o1", "u1", "E1", "Asha", "Section Officer", "c1", "Course c1", "2026-02-05T09:00:00Z", 5.0),
        ("o1", "u3", "E3", "Ravi", "Under Secretary", "c2", "Course c2", "2026-02-20T09:00:00Z", 20.0),
    ],
    "report_plans": [  # ordered by name: '=' sorts before letters
        ("o1", "p1", "Induction", "2026-02-10T18:29:59Z", "u2", "E2", F, "Section Officer", 2, 0, None),
        ("o1", "p1", "Induction", "2026-02-10T18:29:59Z", "u1", "E1", "Asha", "Section Officer", 2, 2,
         "2026-02-08T09:00:00Z"),
        ("o1", "p1", "Induction", "2026-02-10T18:29:59Z", "u3", "E3", "Ravi", "Under Secretary", 2, 1,
         "2026-02-20T09:00:00Z"),
    ],
    "report_gaps": [
        ("o1", "d1", "Section Officer", "u2", "E2", F, "k1", 2, 1, None),
        ("o1", "d1", "Section Officer", "u2", "E2", F, "k2", 1, 0, None),
        ("o1", "d1", "Section Officer", "u1", "E1", "Asha", "k1", 2, 2, "2026-02-05T09:00:00Z"),
        ("o1", "d1", "Section Officer", "u1", "E1", "Asha", "k2", 1, 1, "2026-01-02T05:00:00Z"),
        ("o1", "d2", "Under Secretary", "u3", "E3", "Ravi", "k1", 3, 2, None),
    ],
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root: Path = tmp_path_factory.mktemp("analytics")
    dataset.write_tables(root)
    engine = DuckEngine(root, "run1")
    yield engine
    engine.close()


def test_every_sql_file_has_known_answers() -> None:
    assert sorted(EXPECTED) == queries.names()
    assert set(queries.AGGREGATES) | set(queries.REPORT_QUERIES.values()) == set(queries.names())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_answers_exactly(engine: DuckEngine, name: str) -> None:
    _, rows = engine.rows(name)
    assert list(rows) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(queries.REPORT_QUERIES.values()))
def test_report_queries_start_with_the_org(engine: DuckEngine, name: str) -> None:
    columns, rows = engine.rows(name)
    assert columns[0] == "org_id"
    orgs = [row[0] for row in rows]
    assert orgs == sorted(orgs)


def test_an_empty_run_answers_nothing(tmp_path: Path) -> None:
    """A run without a file of some table (a new platform) still runs every query: empty tables."""
    empty = DuckEngine(tmp_path, "none")
    try:
        for name in queries.names():
            assert list(empty.rows(name)[1]) == []
    finally:
        empty.close()


def test_bytes_scanned_counts_the_files_of_the_tables_read(engine: DuckEngine) -> None:
    assert queries.tables_of("karma") == {"karma", "users"}
    expected = sum(f.stat().st_size for t in ("karma", "users") for f in engine.files[t])
    assert engine.bytes_scanned("karma") == expected > 0


def test_a_shared_clause_is_written_once_and_sent_whole() -> None:
    """The plan assignees' rule lives in sql/shared/plan_progress.sql alone; both plan queries receive it, and no
    engine is sent an unexpanded `-- with:` line."""
    shared = (queries.SHARED_DIR / "plan_progress.sql").read_text(encoding="utf-8")
    rule = "JOIN users u ON u.org_id = p.org_id AND u.designation_id = t.designation_id"
    sources = {name: (queries.SQL_DIR / f"{name}.sql").read_text(encoding="utf-8") for name in queries.names()}
    assert rule in shared and not [name for name, source in sources.items() if rule in source]
    for name in ("plans", "report_plans"):
        assert "-- with: plan_progress" in sources[name]
        assert queries.text(name).count(rule) == 1 and "WITH targets AS (" in queries.text(name)
    assert not [name for name in queries.names() if queries.WITH_LINE.search(queries.text(name))]
