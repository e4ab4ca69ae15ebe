"""The export-transform step (analytics/transform.py): DynamoDB export lines in, flattened rows out."""

from __future__ import annotations

import json
from pathlib import Path

from analytics import transform
from analytics.schema import columns
from tests.analytics import dataset


def test_full_export_lines_become_the_rows_of_the_known_dataset() -> None:
    rows = list(transform.transform(dataset.export_lines(dataset.items())))
    tables = [table for table, _ in rows]
    assert tables.count("users") == 4  # the pending account is nobody's officer yet
    assert tables.count("enrolments") == 4
    assert tables.count("karma") == 5
    assert tables.count("requirements") == 3  # d1: k1, k2; d2: k1
    assert tables.count("plans") == 1 and tables.count("plan_courses") == 2 and tables.count("plan_targets") == 3
    assert tables.count("course_done") == 3
    assert "Otp" not in json.dumps(rows)  # secrets never leave the table
    users = [row for table, row in rows if table == "users"]
    assert all("email" not in row and "mobile" not in row for row in users)


def test_incremental_export_lines_take_the_new_image_and_skip_deletes() -> None:
    new = json.dumps({"Metadata": {"WriteTimestampMicros": {"N": "1"}}, "Keys": {"PK": {"S": "USER#u9"}},
                      "NewImage": {"PK": {"S": "USER#u9"}, "SK": {"S": "KARMA#X#y"},
                                   "entityType": {"S": "KarmaCredit"}, "userId": {"S": "u9"},
                                   "reason": {"S": "X"}, "points": {"N": "7"},
                                   "createdAt": {"S": "2026-03-01T00:00:00Z"}}})
    deleted = json.dumps({"Metadata": {}, "Keys": {"PK": {"S": "USER#u9"}}, "OldImage": {"PK": {"S": "USER#u9"}}})
    assert list(transform.transform([new, deleted, ""])) == [
        ("karma", {"user_id": "u9", "reason": "X", "points": 7, "created_at": "2026-03-01T00:00:00Z"})]


def test_verified_minutes_count_only_played_durations() -> None:
    playback = {"a": {"durationMs": 90_000, "coveredPercent": 40}, "b": {"pageCount": 3, "coveredPercent": 100}}
    assert transform._verified_minutes(playback) == 0.6
    assert transform._verified_minutes(None) == 0.0


def test_part_files_hold_exactly_the_schema_columns(tmp_path: Path) -> None:
    dataset.write_tables(tmp_path)
    karma_parts = sorted((tmp_path / "tables" / "karma").rglob("*.json.gz"))
    assert len(karma_parts) == 2  # the karma credits are in both export files: a part of each
    for table_dir in (tmp_path / "tables").iterdir():
        for part in table_dir.rglob("*.json.gz"):
            assert all(list(row) == columns(table_dir.name) for row in dataset.read_part(part))
