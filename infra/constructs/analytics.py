"""Insights off the request path (issue 20, item 6; analytics/ holds the code and the SQL):

- the analytics bucket: S3-managed encryption, no public access, TLS only, access logs into the media log
  bucket; lifecycle: exports and Athena results expire after a week, the flattened tables' runs and the
  reports after two, incomplete multipart uploads after a day;
- the Glue database and one table per flattened table (analytics/schema.py; gzip JSON lines, the OpenX JSON
  SerDe), each pointed at its newest run's folder by the job's `publish` step;
- the Athena workgroup: engine v3, results (SSE-S3) under athena-results/, its settings enforced, and a
  bytes-scanned cutoff per query (a runaway query stops instead of scanning the bucket);
- the job (analytics/job.py) as a Step Functions state machine, started every night by an EventBridge rule:
  full export of the table (point-in-time recovery is on: infra/constructs/table.py) → wait for it → a
  Distributed Map transforming each export data file → Glue tables to the new run → a Map over the four
  reports → the aggregate items in the table.
The job's role is least privilege: the export of this table, the bucket's objects, this workgroup, this
database's tables, and writes to the table's INSIGHTS# items only (dynamodb:LeadingKeys)."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_athena as athena
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks
from constructs import Construct

from analytics import layout, queries
from analytics.schema import TABLES
from infra.constructs.hub_function import FunctionDefaults, HubFunction
from infra.constructs.nag import acknowledge, logical_id

JOB_HANDLER = "analytics.job.handler"
JOB_TIMEOUT = Duration.minutes(15)
# A refresh reads each table a few times; at 2 crore users the tables are ~10-20 GB of gzip JSON
# (docs/benchmarks.md "Insights"). 200 GB stops a query that went wrong at $1.
BYTES_SCANNED_CUTOFF = 200 * 1024**3
SCHEDULE = events.Schedule.cron(minute="30", hour="20")  # 02:00 IST, every night
EXPORT_POLL = Duration.minutes(2)
TRANSFORM_CONCURRENCY = 20
SERDE = "org.openx.data.jsonserde.JsonSerDe"


def database_name(stage: str) -> str:
    return f"karmayogi_{stage}_analytics".replace("-", "_")


def workgroup_name(stage: str) -> str:
    return f"karmayogi-{stage}-insights"


class Analytics(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, defaults: FunctionDefaults,
                 log_bucket: s3.IBucket) -> None:
        super().__init__(scope, construct_id)
        stage = defaults.config.stage
        stack = Stack.of(self)
        week, fortnight = Duration.days(7), Duration.days(14)
        self.bucket = s3.Bucket(
            self, "Bucket",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=log_bucket,
            server_access_logs_prefix="analytics/",
            lifecycle_rules=[
                s3.LifecycleRule(id="Exports", prefix=layout.EXPORTS_PREFIX, expiration=week),
                s3.LifecycleRule(id="Results", prefix=layout.RESULTS_PREFIX, expiration=week),
                s3.LifecycleRule(id="Tables", prefix=layout.TABLES_PREFIX, expiration=fortnight),
                s3.LifecycleRule(id="Reports", prefix=layout.REPORTS_PREFIX, expiration=fortnight),
                s3.LifecycleRule(id="Multipart", abort_incomplete_multipart_upload_after=Duration.days(1)),
            ],
            removal_policy=RemovalPolicy.RETAIN,
        )

        # ---- Glue catalog ----
        self.database_name = database_name(stage)
        database = glue.CfnDatabase(self, "Database", catalog_id=stack.account, database_input=glue.CfnDatabase.
                                    DatabaseInputProperty(name=self.database_name,
                                                          description="Karmayogi insights: the table's flattened export"))
        for table, columns in TABLES.items():
            cfn = glue.CfnTable(self, f"Table{table.title().replace('_', '')}", catalog_id=stack.account,
                                database_name=self.database_name,
                                table_input=glue.CfnTable.TableInputProperty(
                                    name=table, table_type="EXTERNAL_TABLE",
                                    parameters={"classification": "json", "compressionType": "gzip"},
                                    storage_descriptor=glue.CfnTable.StorageDescriptorProperty(
                                        location=f"s3://{self.bucket.bucket_name}/{layout.TABLES_PREFIX}{table}/",
                                        input_format="org.apache.hadoop.mapred.TextInputFormat",
                                        output_format="org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                                        serde_info=glue.CfnTable.SerdeInfoProperty(
                                            serialization_library=SERDE,
                                            parameters={"ignore.malformed.json": "false"}),
                                        columns=[glue.CfnTable.ColumnProperty(name=n, type=t) for n, t in columns])))
            cfn.add_resource_dependency(database)

        # ---- Athena ----
        self.workgroup_name = workgroup_name(stage)
        self.workgroup = athena.CfnWorkGroup(
            self, "WorkGroup", name=self.workgroup_name, state="ENABLED",
            description="Karmayogi insights queries (the scheduled refresh)",
            work_group_configuration=athena.CfnWorkGroup.WorkGroupConfigurationProperty(
                bytes_scanned_cutoff_per_query=BYTES_SCANNED_CUTOFF,
                enforce_work_group_configuration=True,
                publish_cloud_watch_metrics_enabled=True,
                engine_version=athena.CfnWorkGroup.EngineVersionProperty(selected_engine_version="Athena engine version 3"),
                result_configuration=athena.CfnWorkGroup.ResultConfigurationProperty(
                    output_location=f"s3://{self.bucket.bucket_name}/{layout.RESULTS_PREFIX}",
                    encryption_configuration=athena.CfnWorkGroup.EncryptionConfigurationProperty(
                        encryption_option="SSE_S3"))))
        self.workgroup.apply_removal_policy(RemovalPolicy.DESTROY)

        # ---- the job's function ----
        table_arn = defaults.table.table_arn
        self.job = HubFunction(
            self, "Job", name="insights-job", hub="competency", handler=JOB_HANDLER, defaults=defaults,
            description="Steps of the nightly insights refresh: export, transform, Athena queries, aggregates",
            environment={"ANALYTICS_BUCKET": self.bucket.bucket_name, "ANALYTICS_DATABASE": self.database_name,
                         "ANALYTICS_WORKGROUP": self.workgroup_name, "TABLE_ARN": table_arn},
            timeout=JOB_TIMEOUT)
        self._grant_job(stack, table_arn, logical_id(defaults.table))

        # ---- the state machine ----
        def step(name: str, step_name: str, **extra: str) -> tasks.LambdaInvoke:
            payload = {"step": step_name, **{k: sfn.JsonPath.string_at(v) for k, v in extra.items()}}
            return tasks.LambdaInvoke(self, name, lambda_function=self.job.function,
                                      payload=sfn.TaskInput.from_object(payload), payload_response_only=True,
                                      retry_on_service_exceptions=True)

        start = step("StartExport", "start", scheduledAt="$$.Execution.StartTime")
        wait = sfn.Wait(self, "WaitForExport", time=sfn.WaitTime.duration(EXPORT_POLL))
        check = tasks.LambdaInvoke(self, "CheckExport", lambda_function=self.job.function,
                                   payload=sfn.TaskInput.from_object({
                                       "step": "status", "exportArn": sfn.JsonPath.string_at("$.exportArn"),
                                       "runId": sfn.JsonPath.string_at("$.runId")}),
                                   payload_response_only=True, retry_on_service_exceptions=True)
        transform = sfn.DistributedMap(
            self, "TransformFiles", max_concurrency=TRANSFORM_CONCURRENCY,
            item_reader=sfn.S3ObjectsItemReader(bucket=self.bucket, prefix=sfn.JsonPath.string_at("$.dataPrefix")),
            item_selector={"step": "transform", "Key": sfn.JsonPath.string_at("$$.Map.Item.Value.Key"),
                           "runId": sfn.JsonPath.string_at("$.runId")},
            result_path=sfn.JsonPath.DISCARD)
        transform.item_processor(tasks.LambdaInvoke(self, "TransformFile", lambda_function=self.job.function,
                                                    payload_response_only=True, retry_on_service_exceptions=True))
        publish = step("PublishTables", "publish", runId="$.runId")
        reports = sfn.Map(self, "Reports", items_path=sfn.JsonPath.string_at("$.reports"),
                          item_selector={"step": "report", "report": sfn.JsonPath.string_at("$$.Map.Item.Value"),
                                         "runId": sfn.JsonPath.string_at("$.runId")},
                          result_path=sfn.JsonPath.DISCARD, max_concurrency=4)
        reports.item_processor(tasks.LambdaInvoke(self, "Report", lambda_function=self.job.function,
                                                  payload_response_only=True, retry_on_service_exceptions=True))
        aggregate = step("Aggregate", "aggregate", runId="$.runId")
        with_reports = sfn.Pass(self, "ReportList", parameters={
            "runId": sfn.JsonPath.string_at("$.runId"), "reports": list(queries.REPORT_QUERIES)})
        failed = sfn.Fail(self, "ExportFailed", cause="The table's export to S3 did not complete")
        definition = start.next(wait).next(check).next(
            sfn.Choice(self, "ExportDone")
            .when(sfn.Condition.string_equals("$.exportStatus", "COMPLETED"),
                  transform.next(publish).next(with_reports).next(reports).next(aggregate))
            .when(sfn.Condition.string_equals("$.exportStatus", "FAILED"), failed)
            .otherwise(wait))
        state_machine_name = f"karmayogi-{stage}-insights"
        self.log_group = logs.LogGroup(
            self, "Logs", log_group_name=f"/aws/vendedlogs/states/{state_machine_name}",
            retention=defaults.config.log_retention, removal_policy=RemovalPolicy.DESTROY)
        self.state_machine = sfn.StateMachine(
            self, "Refresh", state_machine_name=state_machine_name, state_machine_type=sfn.StateMachineType.STANDARD,
            definition_body=sfn.DefinitionBody.from_chainable(definition),
            logs=sfn.LogOptions(destination=self.log_group, level=sfn.LogLevel.ALL, include_execution_data=False),
            tracing_enabled=True, timeout=Duration.hours(6))
        self.rule = events.Rule(self, "Nightly", schedule=SCHEDULE,
                                description="Starts the nightly insights refresh (02:00 IST)",
                                targets=[targets.SfnStateMachine(self.state_machine)])
        self._acknowledge_state_machine(stack)

    def _grant_job(self, stack: Stack, table_arn: str, table_id: str) -> None:
        role = self.job.role
        role.add_to_principal_policy(iam.PolicyStatement(
            sid="ExportTable", actions=["dynamodb:ExportTableToPointInTime"], resources=[table_arn]))
        role.add_to_principal_policy(iam.PolicyStatement(
            sid="DescribeExport", actions=["dynamodb:DescribeExport"], resources=[f"{table_arn}/export/*"]))
        role.add_to_principal_policy(iam.PolicyStatement(
            sid="WriteInsightItems", actions=["dynamodb:PutItem", "dynamodb:BatchWriteItem"], resources=[table_arn],
            conditions={"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["INSIGHTS#*"]}}))
        objects = self.bucket.arn_for_objects("*")
        role.add_to_principal_policy(iam.PolicyStatement(
            sid="AnalyticsObjects", actions=["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"],
            resources=[objects]))
        role.add_to_principal_policy(iam.PolicyStatement(
            sid="AnalyticsBucket", actions=["s3:ListBucket", "s3:GetBucketLocation"], resources=[self.bucket.bucket_arn]))
        workgroup_arn = stack.format_arn(service="athena", resource="workgroup", resource_name=self.workgroup_name)
        role.add_to_principal_policy(iam.PolicyStatement(
            sid="Athena", actions=["athena:StartQueryExecution", "athena:GetQueryExecution",
                                   "athena:StopQueryExecution"], resources=[workgroup_arn]))
        catalog = stack.format_arn(service="glue", resource="catalog")
        database = stack.format_arn(service="glue", resource="database", resource_name=self.database_name)
        tables = stack.format_arn(service="glue", resource="table", resource_name=f"{self.database_name}/*")
        role.add_to_principal_policy(iam.PolicyStatement(
            sid="GlueTables", actions=["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:UpdateTable",
                                       "glue:GetPartitions"], resources=[catalog, database, tables]))
        acknowledge(self.job.role, f"AwsSolutions-IAM5[Resource::<{logical_id(self.bucket)}.Arn>/*]",
                    "The insights job writes the export, the flattened tables, the reports and Athena's results "
                    "under keys made per run (exports/, tables/, reports/, athena-results/) of its own bucket.")
        acknowledge(self.job.role, f"AwsSolutions-IAM5[Resource::<{table_id}.Arn>/export/*]",
            "DynamoDB names each export of the table at run time (table/<name>/export/<id>); only describes.")
        acknowledge(self.job.role, f"AwsSolutions-IAM5[Resource::{tables}]",
                    "The job reads and repoints the tables of its own Glue database only (one per flattened table).")

    def _acknowledge_state_machine(self, stack: Stack) -> None:
        role = self.state_machine.role
        acknowledge(role, f"AwsSolutions-IAM5[Resource::<{logical_id(self.job.function)}.Arn>:*]",
                    "lambda:InvokeFunction on the insights job function and its versions (CDK grantInvoke).")
        acknowledge(role, "AwsSolutions-IAM5[Resource::*]",
                    "Step Functions log delivery and X-Ray tracing actions have no resource-level permissions.")
        acknowledge(role, f"AwsSolutions-IAM5[Resource::<{logical_id(self.bucket)}.Arn>/*]",
                    "The Distributed Map lists and reads the export's data files in the analytics bucket.")
        # CDK's DistributedMapPolicy: the map's child executions of this state machine only.
        own_name = '{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"' + logical_id(self.state_machine) + '"}]}]}'
        for tail in (":*", "/*:*"):
            acknowledge(self.state_machine,
                        f"AwsSolutions-IAM5[Resource::arn:aws:states:{stack.region}:{stack.account}:execution:"
                        f"{own_name}{tail}]",
                        "The Distributed Map starts, describes and stops the child executions of its own runs only.")

    def grant_reports(self, hub: HubFunction) -> None:
        """The competency hub signs downloads of the reports (reports/<run>/<org>/<report>.csv)."""
        hub.role.add_to_principal_policy(iam.PolicyStatement(
            sid="InsightReports", actions=["s3:GetObject"],
            resources=[self.bucket.arn_for_objects(f"{layout.REPORTS_PREFIX}*")]))
        acknowledge(hub.role, f"AwsSolutions-IAM5[Resource::<{logical_id(self.bucket)}.Arn>/{layout.REPORTS_PREFIX}*]",
                    "The competency hub signs downloads of the reports, files made per run and org under reports/.")

    @property
    def hub_environment(self) -> dict[str, str]:
        return {"ANALYTICS_BUCKET": self.bucket.bucket_name}

