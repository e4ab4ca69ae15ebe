"""The insights engine in the synthesized dev stack (infra/constructs/analytics.py): a private, encrypted,
expiring bucket; Glue tables that are exactly analytics/schema.py; an Athena workgroup that stops runaway
queries; the nightly state machine; and a job role that reaches nothing beyond its export, bucket,
workgroup, database and the table's INSIGHTS# items."""

from __future__ import annotations

import json
from typing import Any

import pytest

from analytics import layout, queries
from analytics.schema import TABLES
from infra.constructs.analytics import BYTES_SCANNED_CUTOFF, database_name, workgroup_name

pytestmark = pytest.mark.infra


def _bucket(dev) -> dict[str, Any]:
    [bucket] = [b["Properties"] for b in dev.resources("AWS::S3::Bucket").values()
                if b["Properties"].get("LoggingConfiguration", {}).get("LogFilePrefix") == "analytics/"]
    return bucket


def test_the_bucket_is_private_encrypted_and_expires_what_it_holds(dev):
    bucket = _bucket(dev)
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True}
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "AES256"}
    rules = {r["Id"]: r for r in bucket["LifecycleConfiguration"]["Rules"]}
    assert {rules[i]["Prefix"]: rules[i]["ExpirationInDays"] for i in ("Exports", "Results", "Tables", "Reports")} == {
        layout.EXPORTS_PREFIX: 7, layout.RESULTS_PREFIX: 7, layout.TABLES_PREFIX: 14, layout.REPORTS_PREFIX: 14}
    assert rules["Multipart"]["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 1}


def test_glue_tables_are_the_schema(dev):
    tables = {t["Properties"]["TableInput"]["Name"]: t["Properties"] for t in dev.resources("AWS::Glue::Table").values()}
    assert set(tables) == set(TABLES)
    for name, props in tables.items():
        assert props["DatabaseName"] == database_name("dev")
        descriptor = props["TableInput"]["StorageDescriptor"]
        assert [(c["Name"], c["Type"]) for c in descriptor["Columns"]] == list(TABLES[name])
        assert descriptor["SerdeInfo"]["SerializationLibrary"] == "org.openx.data.jsonserde.JsonSerDe"


def test_the_workgroup_limits_bytes_scanned_and_enforces_its_results(dev):
    [workgroup] = [w["Properties"] for w in dev.resources("AWS::Athena::WorkGroup").values()]
    assert workgroup["Name"] == workgroup_name("dev")
    config = workgroup["WorkGroupConfiguration"]
    assert config["BytesScannedCutoffPerQuery"] == BYTES_SCANNED_CUTOFF <= 1024**4
    assert config["EnforceWorkGroupConfiguration"] is True
    assert config["ResultConfiguration"]["EncryptionConfiguration"] == {"EncryptionOption": "SSE_S3"}
    assert layout.RESULTS_PREFIX in json.dumps(config["ResultConfiguration"]["OutputLocation"])


def test_the_nightly_refresh_exports_transforms_and_aggregates(dev):
    [machine] = [m["Properties"] for m in dev.resources("AWS::StepFunctions::StateMachine").values()
                 if m["Properties"]["StateMachineName"] == "karmayogi-dev-insights"]
    text = json.dumps(machine["DefinitionString"])
    for state in ("StartExport", "WaitForExport", "CheckExport", "ExportDone", "TransformFiles", "PublishTables",
                  "Reports", "Aggregate"):
        assert state in text, state
    assert "DISTRIBUTED" in text
    assert all(report in text for report in queries.REPORT_QUERIES)
    [rule] = [r["Properties"] for r in dev.resources("AWS::Events::Rule").values()
              if "insights" in r["Properties"].get("Description", "")]
    assert rule["ScheduleExpression"] == "cron(30 20 * * ? *)"


def _statements(dev, prefix: str) -> list[dict[str, Any]]:
    return [s for logical_id, policy in dev.resources("AWS::IAM::Policy").items() if logical_id.startswith(prefix)
            for s in policy["Properties"]["PolicyDocument"]["Statement"]]


def test_the_job_role_is_least_privilege(dev):
    statements = {s.get("Sid"): s for s in _statements(dev, "AnalyticsJob")}
    assert statements["ExportTable"]["Action"] == "dynamodb:ExportTableToPointInTime"
    writes = statements["WriteInsightItems"]
    assert writes["Condition"] == {"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["INSIGHTS#*"]}}
    assert set(writes["Action"]) == {"dynamodb:PutItem", "dynamodb:BatchWriteItem"}
    assert "athena:StartQueryExecution" in statements["Athena"]["Action"]
    assert workgroup_name("dev") in json.dumps(statements["Athena"]["Resource"])
    for statement in statements.values():
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        assert not any(a == "*" or a.endswith(":*") for a in actions), statement
        assert statement.get("Resource") != "*", statement
    # nothing reads the transactional table: no Query, Scan or GetItem anywhere in the job's role
    assert not any(a in json.dumps(list(statements.values())) for a in ('"dynamodb:Scan"', '"dynamodb:Query"'))


def test_the_competency_hub_reads_only_the_reports(dev):
    [reports] = [s for s in _statements(dev, "CompetencyHub") if s.get("Sid") == "InsightReports"]
    assert reports["Action"] == "s3:GetObject"
    assert json.dumps(reports["Resource"]).endswith(f'/{layout.REPORTS_PREFIX}*"]]}}')


def test_the_table_the_export_needs_has_point_in_time_recovery(dev):
    [table] = [t["Properties"] for t in dev.resources("AWS::DynamoDB::GlobalTable").values()]
    assert all(r["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] for r in table["Replicas"])
