"""The local stand-in of the scheduled job: export the (moto / DynamoDB Local) table in the layout DynamoDB's
export to S3 writes, transform it into the flattened tables, run the same SQL on DuckDB and write the same
aggregate items and reports. The dev server runs it after seeding and on `POST /_local/insights/refresh`."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3

from analytics import layout, refresh, transform
from analytics.engine import DuckEngine
from karmayogi.platform import clock, db, keys
from karmayogi.platform.settings import get_settings

ITEMS_PER_FILE = 5_000
_lock = threading.Lock()  # one refresh at a time per process


@dataclass
class LocalRun:
    export_id: str
    run_id: str
    items: int
    outcome: refresh.Outcome


def default_root() -> Path:
    """The local 'bucket' of exports and tables: ANALYTICS_LOCAL_DIR, or a git-ignored folder of the checkout."""
    configured = os.environ.get("ANALYTICS_LOCAL_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parent.parent / ".cache" / "analytics" / get_settings().table_name


def export_table(root: Path, export_id: str) -> tuple[list[str], int]:
    """Scan the table into `exports/AWSDynamoDB/<id>/data/*.json.gz` (`{"Item": <DynamoDB JSON>}` lines, as
    the export writes them) with its manifests. Returns the data files' keys and the item count."""
    base = f"{layout.EXPORTS_PREFIX}AWSDynamoDB/{export_id}/"
    (root / base / "data").mkdir(parents=True, exist_ok=True)
    # A plain client: the resource's client would turn DynamoDB JSON into Python values.
    paginator = boto3.client("dynamodb", region_name=get_settings().region).get_paginator("scan")
    data_keys: list[str] = []
    manifest: list[dict[str, Any]] = []
    out: Any = None
    in_file = total = 0
    try:
        for page in paginator.paginate(TableName=get_settings().table_name):
            for item in page.get("Items", []):
                if out is None or in_file >= ITEMS_PER_FILE:
                    if out is not None:
                        out.close()
                        manifest.append({"itemCount": in_file, "dataFileS3Key": data_keys[-1]})
                    data_keys.append(f"{base}data/{len(data_keys):05d}.json.gz")
                    out = gzip.open(root / data_keys[-1], "wt", encoding="utf-8")  # noqa: SIM115 - closed below
                    in_file = 0
                out.write(json.dumps({"Item": item}, ensure_ascii=False) + "\n")
                in_file += 1
                total += 1
    finally:
        if out is not None:
            out.close()
            manifest.append({"itemCount": in_file, "dataFileS3Key": data_keys[-1]})
    (root / base / "manifest-files.json").write_text("".join(json.dumps(m) + "\n" for m in manifest))
    (root / base / "manifest-summary.json").write_text(json.dumps(
        {"exportType": "FULL_EXPORT", "outputFormat": "DYNAMODB_JSON", "itemCount": total,
         "manifestFilesS3Key": f"{base}manifest-files.json", "exportTime": clock.now_iso()}))
    return data_keys, total


def transform_files(root: Path, data_keys: list[str], run_id: str) -> dict[str, int]:
    """Each export data file → one part file per table (the same step the job's Map runs per file)."""
    counts: dict[str, int] = {}
    for number, key in enumerate(data_keys):
        parts = layout.TableParts()
        with gzip.open(root / key, "rt", encoding="utf-8") as lines:
            parts.add_all(transform.transform(lines))

        def store(table: str, path: str, number: int = number) -> None:
            target = root / layout.part_key(table, run_id, f"{number:05d}")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)

        parts.close(store)
        for table, count in parts.counts.items():
            counts[table] = counts.get(table, 0) + count
    return counts


def ensure_bucket() -> str:
    bucket = get_settings().analytics_bucket
    s3 = boto3.client("s3", region_name=get_settings().region)
    try:
        s3.head_bucket(Bucket=bucket)
    except s3.exceptions.ClientError:
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": get_settings().region})
    return bucket


def _put(s3: Any, bucket: str, key: str, path: str) -> None:
    """One PutObject (the local reports are small; the transfer manager's threads cost more than they save)."""
    with open(path, "rb") as body:
        s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType="text/csv; charset=utf-8")


def refresh_here(root: Path | None = None) -> LocalRun:
    """Export, transform, query, write: the whole scheduled job, in this process."""
    with _lock:
        root = root or default_root()
        export_id = run_id = keys.new_id()
        data_keys, items = export_table(root, export_id)
        transform_files(root, data_keys, run_id)
        bucket = ensure_bucket()
        s3 = boto3.client("s3", region_name=get_settings().region)
        engine = DuckEngine(root, run_id)
        try:
            outcome = refresh.refresh(
                engine, db.table(), lambda path, key: _put(s3, bucket, key, path),
                run_id, clock.now_iso())
        finally:
            engine.close()
        shutil.rmtree(root / layout.EXPORTS_PREFIX / "AWSDynamoDB" / export_id, ignore_errors=True)
        for table_dir in (root / layout.TABLES_PREFIX).glob("*"):
            for old in table_dir.glob("run=*"):
                if old.name != f"run={run_id}":
                    shutil.rmtree(old, ignore_errors=True)
        return LocalRun(export_id, run_id, items, outcome)
