"""Per-org CSV reports (analytics/reports.py): split while streaming, every cell formula-safe."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from analytics import reports


def _collect() -> tuple[dict[str, str], reports.Store]:
    files: dict[str, str] = {}

    def store(org_id: str, path: str, rows: int) -> None:
        files[org_id] = Path(path).read_bytes().decode("utf-8")

    return files, store


def test_one_file_per_org_with_escaped_cells() -> None:
    files, store = _collect()
    rows = [("o1", "=1+1", 3, None), ("o1", "@SUM(A1)", 1.0, "x"), ("o2", "-2", 2.5, "+91 98")]
    written = reports.split_by_org(["org_id", "name", "n", "note"], iter(rows), store, every_org=["o1", "o2", "o3"])
    assert written == {"o1": 2, "o2": 1, "o3": 0}
    assert files["o1"].startswith("\ufeffname,n,note\r\n")
    parsed = list(csv.reader(io.StringIO(files["o1"].lstrip("\ufeff"))))
    assert parsed == [["name", "n", "note"], ["'=1+1", "3", ""], ["'@SUM(A1)", "1", "x"]]
    assert list(csv.reader(io.StringIO(files["o2"].lstrip("\ufeff"))))[1] == ["'-2", "2.5", "'+91 98"]
    assert files["o3"] == "\ufeffname,n,note\r\n"


def test_rows_out_of_org_order_are_refused() -> None:
    files, store = _collect()
    with pytest.raises(ValueError, match="ordered"):
        reports.split_by_org(["org_id", "a"], iter([("o1", 1), ("o2", 2), ("o1", 3)]), store)
    assert sorted(files) == ["o1", "o2"]  # o1 again is refused before a second file of it is made
    with pytest.raises(ValueError, match="first column"):
        reports.split_by_org(["a", "org_id"], iter([]), store)
