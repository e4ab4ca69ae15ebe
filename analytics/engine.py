"""The local engine: DuckDB runs the SQL files over the flattened tables of one run in a local folder of the
bucket's layout (analytics.layout). `duckdb` is a development dependency only: no Lambda imports this."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from analytics import queries
from analytics.layout import table_prefix
from analytics.schema import BIGINT, DOUBLE, STRING, TABLES

DUCK_TYPES = {STRING: "VARCHAR", BIGINT: "BIGINT", DOUBLE: "DOUBLE"}
FETCH_ROWS = 10_000


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class DuckEngine:
    """One connection with a view per table over `<root>/tables/<table>/run=<run_id>/*.json.gz` (an empty
    table when the run has no file of it)."""

    def __init__(self, root: Path, run_id: str, threads: int | None = None) -> None:
        import duckdb

        self.root = root
        self.run_id = run_id
        self.connection = duckdb.connect(":memory:")
        if threads:
            self.connection.execute(f"SET threads = {int(threads)}")
        self.files: dict[str, list[Path]] = {}
        for table, spec in TABLES.items():
            folder = root / table_prefix(table, run_id)
            files = sorted(folder.glob("*.json.gz")) if folder.is_dir() else []
            self.files[table] = files
            column_types = ", ".join(f"{_quoted(name)}: {_quoted(DUCK_TYPES[kind])}" for name, kind in spec)
            if files:
                paths = "[" + ", ".join(_quoted(str(f)) for f in files) + "]"
                source = (f"read_json({paths}, format = 'newline_delimited', compression = 'gzip', "
                          f"columns = {{{column_types}}})")
                self.connection.execute(f"CREATE VIEW {table} AS SELECT * FROM {source}")  # noqa: S608 - quoted
            else:
                definition = ", ".join(f"{name} {DUCK_TYPES[kind]}" for name, kind in spec)
                self.connection.execute(f"CREATE TABLE {table} ({definition})")

    def rows(self, name: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        """The query's column names and its rows, fetched a page at a time."""
        cursor = self.connection.cursor()
        cursor.execute(queries.text(name))
        names = [d[0] for d in cursor.description or []]

        def fetched() -> Iterator[tuple[Any, ...]]:
            try:
                while page := cursor.fetchmany(FETCH_ROWS):
                    yield from page
            finally:
                cursor.close()

        return names, fetched()

    def records(self, name: str) -> list[dict[str, Any]]:
        names, rows = self.rows(name)
        return [dict(zip(names, row, strict=True)) for row in rows]

    def bytes_scanned(self, name: str) -> int:
        """What Athena would bill for the query: JSON is not columnar, so every file of every table it reads."""
        return sum(f.stat().st_size for table in queries.tables_of(name) for f in self.files[table])

    def close(self) -> None:
        self.connection.close()
