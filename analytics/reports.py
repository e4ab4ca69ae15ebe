"""The per-org CSV reports of a run: a report query's rows come ordered by `org_id` (its first column) and
are split, as they stream, into one file per org — one org's file open at a time, one row in memory.
Every cell is escaped against formula injection (karmayogi.platform.csv_cells, the same rules as the bulk
import's rejected rows)."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from karmayogi.platform.csv_cells import csv_lines, escape_cell, text_of

# store(org_id, path, rows): keeps the finished file (uploads it); the file is deleted afterwards.
Store = Callable[[str, str, int], None]


class _OrgFile:
    def __init__(self, org_id: str, header: Sequence[str]) -> None:
        self.org_id = org_id
        self.rows = 0
        handle, self.path = tempfile.mkstemp(suffix=".csv")
        self.out = os.fdopen(handle, "w", encoding="utf-8", newline="")
        self.out.write(next(csv_lines(header, ())))  # the byte-order mark and the header
        self.writer = csv.writer(self.out, lineterminator="\r\n")

    def write(self, cells: Sequence[Any]) -> None:
        self.writer.writerow([escape_cell(text_of(cell)) for cell in cells])
        self.rows += 1

    def finish(self, store: Store) -> None:
        self.out.close()
        try:
            store(self.org_id, self.path, self.rows)
        finally:
            os.unlink(self.path)

    def discard(self) -> None:
        self.out.close()
        if os.path.exists(self.path):
            os.unlink(self.path)


def split_by_org(columns: Sequence[str], rows: Iterable[Sequence[Any]], store: Store,
                 every_org: Iterable[str] = ()) -> dict[str, int]:
    """Write one CSV per org (header: the columns after `org_id`); each org of `every_org` without a row gets
    a file with the header only. Returns org → rows written."""
    if not columns or columns[0] != "org_id":
        raise ValueError("a report query's first column must be org_id")
    header = list(columns[1:])
    written: dict[str, int] = {}
    current: _OrgFile | None = None
    try:
        for row in rows:
            org_id = str(row[0])
            if current is None or org_id != current.org_id:
                if current is not None:
                    current.finish(store)
                    written[current.org_id] = current.rows
                    current = None
                if org_id in written:
                    raise ValueError("the report's rows are not ordered by org_id")
                current = _OrgFile(org_id, header)
            current.write(row[1:])
        if current is not None:
            current.finish(store)
            written[current.org_id] = current.rows
            current = None
        for org_id in every_org:
            if org_id not in written:
                empty = _OrgFile(org_id, header)
                empty.finish(store)
                written[org_id] = 0
    finally:
        if current is not None:
            current.discard()
    return written
