"""The nightly job's tasks (analytics/job.py) against moto: a data file of an export becomes the run's part
files, the Glue tables are repointed to the run, and Athena's result file is read back as rows."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from analytics import job, layout
from analytics.athena import AthenaEngine, QueryFailed
from analytics.schema import TABLES
from local import aws
from tests.analytics import dataset

BUCKET = "insights-test-bucket"
DATABASE = "karmayogi_test_analytics"


@pytest.fixture
def cloud(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with mock_aws():
        aws.provision()
        monkeypatch.setenv("ANALYTICS_BUCKET", BUCKET)
        monkeypatch.setenv("ANALYTICS_DATABASE", DATABASE)
        from karmayogi.platform import aws as platform_aws
        from karmayogi.platform.settings import reset_settings

        reset_settings()
        platform_aws.reset()
        s3 = boto3.client("s3", region_name=aws.REGION)
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": aws.REGION})
        yield s3
        reset_settings()


def test_a_data_file_becomes_the_runs_part_files(cloud: Any) -> None:
    body = gzip.compress("\n".join(dataset.export_lines(dataset.items())).encode())
    cloud.put_object(Bucket=BUCKET, Key="exports/AWSDynamoDB/x/data/a.json.gz", Body=body)
    result = job.handler({"step": "transform", "Key": "exports/AWSDynamoDB/x/data/a.json.gz", "runId": "r1"}, None)
    assert result["rows"]["enrolments"] == 4 and result["rows"]["users"] == 4
    keys = [o["Key"] for o in cloud.list_objects_v2(Bucket=BUCKET, Prefix="tables/")["Contents"]]
    assert sorted({k.split("/")[1] for k in keys}) == sorted(result["rows"])
    assert all(k.startswith(f"tables/{k.split('/')[1]}/run=r1/part-") for k in keys)
    part = next(k for k in keys if k.startswith("tables/karma/"))
    lines = gzip.decompress(cloud.get_object(Bucket=BUCKET, Key=part)["Body"].read()).decode().splitlines()
    assert len(lines) == 5 and json.loads(lines[0])["points"] == 5


def test_publish_points_every_glue_table_at_the_run(cloud: Any) -> None:
    glue = boto3.client("glue", region_name=aws.REGION)
    glue.create_database(DatabaseInput={"Name": DATABASE})
    for table, columns in TABLES.items():
        glue.create_table(DatabaseName=DATABASE, TableInput={
            "Name": table, "TableType": "EXTERNAL_TABLE",
            "StorageDescriptor": {"Columns": [{"Name": n, "Type": t} for n, t in columns],
                                  "Location": f"s3://{BUCKET}/tables/{table}/"}})
    assert job.handler({"step": "publish", "runId": "r7"}, None) == {"step": "publish", "runId": "r7"}
    for table in TABLES:
        location = glue.get_table(DatabaseName=DATABASE, Name=table)["Table"]["StorageDescriptor"]["Location"]
        assert location == f"s3://{BUCKET}/{layout.table_prefix(table, 'r7')}"


class FakeAthena:
    def __init__(self, states: list[str], output: str) -> None:
        self.states, self.output = states, output
        self.started: list[dict[str, Any]] = []

    def start_query_execution(self, **request: Any) -> dict[str, Any]:
        self.started.append(request)
        return {"QueryExecutionId": "q1"}

    def get_query_execution(self, QueryExecutionId: str) -> dict[str, Any]:
        state = self.states.pop(0)
        return {"QueryExecution": {"Status": {"State": state, "StateChangeReason": "bad"},
                                   "Statistics": {"DataScannedInBytes": 1234},
                                   "ResultConfiguration": {"OutputLocation": self.output}}}


def test_athena_rows_stream_from_the_result_file(cloud: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("analytics.athena.time.sleep", lambda _: None)
    cloud.put_object(Bucket=BUCKET, Key="athena-results/q1.csv",
                     Body=b'"org_id","month","pairs"\n"o1","2026-01","3"\n"o1",,"2"\n')
    fake = FakeAthena(["RUNNING", "SUCCEEDED"], f"s3://{BUCKET}/athena-results/q1.csv")
    engine = AthenaEngine(fake, cloud, "wg", DATABASE)
    columns, rows = engine.rows("gap_closure")
    assert columns == ["org_id", "month", "pairs"]
    assert list(rows) == [("o1", "2026-01", "3"), ("o1", None, "2")]  # NULL is an empty field
    assert fake.started[0]["WorkGroup"] == "wg" and fake.started[0]["QueryExecutionContext"] == {"Database": DATABASE}
    assert "FROM users u" in fake.started[0]["QueryString"] and engine.scanned["gap_closure"] == 1234
    with pytest.raises(QueryFailed, match="FAILED bad"):
        AthenaEngine(FakeAthena(["FAILED"], ""), cloud, "wg", DATABASE).rows("karma")
