"""The scheduled insights job's tasks (the state machine of infra/constructs/analytics.py runs them in this
order; the dev server runs the same work in one go: analytics.local):

1. `start`     ExportTableToPointInTime (a full export, DYNAMODB_JSON, into exports/; the table has PITR)
2. `status`    DescribeExport until COMPLETED (the state machine waits between looks)
3. `transform` one per export data file (a Distributed Map over exports/AWSDynamoDB/<id>/data/): the file's
               lines → one part file per flattened table under tables/<table>/run=<runId>/
4. `publish`   each Glue table's location → its folder of this run
5. `report`    one per report (a Map): the report query on Athena, split into one CSV per org
6. `aggregate` the aggregate queries on Athena → the insight items in the table (STATE last)
"""

from __future__ import annotations

import gzip
import hashlib
import json
from typing import Any

from analytics import layout, queries, refresh, transform
from analytics.athena import AthenaEngine
from analytics.schema import TABLES
from karmayogi.platform import aws, clock, db
from karmayogi.platform.settings import get_settings

REPORT_MANIFEST = "manifest.json"


def _engine() -> AthenaEngine:
    settings = get_settings()
    return AthenaEngine(aws.client("athena"), aws.client("s3"), settings.analytics_workgroup,
                        settings.analytics_database)


def start(event: dict[str, Any]) -> dict[str, Any]:
    settings = get_settings()
    export = aws.client("dynamodb").export_table_to_point_in_time(
        TableArn=settings.table_arn, S3Bucket=settings.analytics_bucket, S3Prefix=layout.EXPORTS_PREFIX.rstrip("/"),
        ExportFormat="DYNAMODB_JSON", ExportType="FULL_EXPORT",
        ClientToken=hashlib.sha256(str(event.get("scheduledAt") or clock.now_iso()).encode()).hexdigest()[:32])
    description = export["ExportDescription"]
    export_id = str(description["ExportArn"]).rsplit("/", 1)[-1]
    return {"exportArn": description["ExportArn"], "runId": export_id, "startedAt": clock.now_iso()}


def status(event: dict[str, Any]) -> dict[str, Any]:
    description = aws.client("dynamodb").describe_export(ExportArn=event["exportArn"])["ExportDescription"]
    manifest = str(description.get("ExportManifest") or "")
    return {**event, "exportStatus": description["ExportStatus"],
            "dataPrefix": manifest.rsplit("/", 1)[0] + "/data/" if manifest else ""}


def transform_file(event: dict[str, Any]) -> dict[str, Any]:
    """One export data file (the Distributed Map's item: `{"Key": ...}`; `runId` from its item selector)."""
    bucket, key, run_id = get_settings().analytics_bucket, str(event["Key"]), str(event["runId"])
    s3 = aws.client("s3")
    body = s3.get_object(Bucket=bucket, Key=key)["Body"]
    parts = layout.TableParts()
    try:
        with gzip.open(body, "rt", encoding="utf-8") as lines:
            parts.add_all(transform.transform(lines))
    finally:
        body.close()
    name = hashlib.sha256(key.encode()).hexdigest()[:16]
    parts.close(lambda table, path: s3.upload_file(path, bucket, layout.part_key(table, run_id, name)))
    return {"key": key, "rows": parts.counts}


def publish(event: dict[str, Any]) -> dict[str, Any]:
    """Point every Glue table at this run's folder (a table without rows in this run gets an empty folder)."""
    settings = get_settings()
    glue = aws.client("glue")
    for table in TABLES:
        current = glue.get_table(DatabaseName=settings.analytics_database, Name=table)["Table"]
        table_input = {k: current[k] for k in ("Name", "Description", "TableType", "Parameters",
                                                "StorageDescriptor", "PartitionKeys") if k in current}
        table_input["StorageDescriptor"]["Location"] = (
            f"s3://{settings.analytics_bucket}/{layout.table_prefix(table, event['runId'])}")
        glue.update_table(DatabaseName=settings.analytics_database, TableInput=table_input)
    return event


def report(event: dict[str, Any]) -> dict[str, Any]:
    """One report's per-org files; their list goes to reports/<run>/<report>.manifest.json for `aggregate`."""
    settings = get_settings()
    s3 = aws.client("s3")
    engine = _engine()
    run_id, now = str(event["runId"]), clock.now_iso()
    files = refresh.write_report(engine, event["report"], lambda path, key: s3.upload_file(
        path, settings.analytics_bucket, key, ExtraArgs={"ContentType": "text/csv; charset=utf-8"}),
        run_id, now, refresh.org_ids(engine))
    s3.put_object(Bucket=settings.analytics_bucket, Key=_manifest_key(run_id, event["report"]),
                  Body=json.dumps(files).encode(), ContentType="application/json")
    return {"report": event["report"], "files": len(files), "bytesScanned": sum(engine.scanned.values())}


def _manifest_key(run_id: str, report_name: str) -> str:
    return f"{layout.REPORTS_PREFIX}{run_id}/{report_name}.{REPORT_MANIFEST}"


def aggregate(event: dict[str, Any]) -> dict[str, Any]:
    settings = get_settings()
    s3 = aws.client("s3")
    run_id = str(event["runId"])
    files: refresh.Files = {}
    for report_name in queries.REPORT_QUERIES:
        body = s3.get_object(Bucket=settings.analytics_bucket, Key=_manifest_key(run_id, report_name))["Body"]
        for org_id, entry in json.loads(body.read()).items():
            files.setdefault(org_id, {}).update(entry)
    engine = _engine()
    items = refresh.write_aggregates(engine, db.table(), run_id, clock.now_iso(), files)
    return {"runId": run_id, "items": items, "bytesScanned": sum(engine.scanned.values())}


STEPS = {"start": start, "status": status, "transform": transform_file, "publish": publish, "report": report,
         "aggregate": aggregate}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return STEPS[str(event["step"])](event)
