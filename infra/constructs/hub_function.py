"""One Lambda function of the platform: a hub's API handler or another entry point of a hub (the
learning workflow tasks, the events reminder target). Every function is built here, the same way:
Python 3.13 on arm64, the two shared layers, JSON logs into its own log group, X-Ray tracing, and a role of
its own that starts with nothing but log writing; the stack adds each grant the function needs.

With `snap_start=True` (the API hubs) the function has Lambda SnapStart on its published versions: every
deployment that changes the function publishes a version (`current_version`), Lambda initializes it once,
runs the before-snapshot hook of `karmayogi.platform.snapstart` (which warms the handler) and snapshots it; the
alias `live` points at that version and is what API Gateway invokes. New execution environments resume
from the snapshot instead of importing everything again."""

from __future__ import annotations

from dataclasses import dataclass, field

from aws_cdk import Annotations, Duration, RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infra import definitions
from infra.constructs.config import StageConfig
from infra.constructs.layers import ARCHITECTURE, REPO_ROOT, RUNTIME
from infra.constructs.nag import acknowledge, logical_id

API_TIMEOUT = Duration.seconds(29)  # API Gateway's integration timeout
LIVE_ALIAS = "live"  # the alias API Gateway invokes on SnapStart functions
METRICS_NAMESPACE = "Karmayogi"


def asset_excludes(hub: str) -> list[str]:
    """Exclude patterns (glob, later patterns win) that leave only `functions/__init__.py` and
    `functions/<hub>/**` of the repository in a function's asset (and, for the auth hub, which serves
    `GET /openapi.json`, the committed `docs/openapi.json`; for the competency hub, whose insights job runs the
    SQL files, the `analytics/` package)."""
    served_documents = ["!docs", "!docs/openapi.json"] if hub == "auth" else []
    if hub == "competency":
        served_documents = ["!analytics", "!analytics/**"]
    return [
        "*",
        ".*",  # "*" does not match names that start with a dot (.git, .venv, caches)
        "!functions",
        "!functions/__init__.py",
        f"!functions/{hub}",
        f"!functions/{hub}/**",
        *served_documents,
        "**/__pycache__",
        "**/*.pyc",
        "**/.pytest_cache",
        "**/.mypy_cache",
    ]


@dataclass
class FunctionDefaults:
    """What every function shares: stage settings, layers, the table, the cursor key, common environment."""

    config: StageConfig
    layers: list[lambda_.ILayerVersion]
    table: dynamodb.TableV2
    cursor_secret: secretsmanager.ISecret
    environment: dict[str, str] = field(default_factory=dict)


class HubFunction(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        name: str,
        hub: str,
        handler: str,
        defaults: FunctionDefaults,
        description: str,
        environment: dict[str, str] | None = None,
        timeout: Duration = API_TIMEOUT,
        snap_start: bool = False,
    ) -> None:
        super().__init__(scope, construct_id)
        if hub not in definitions.HUBS:
            raise ValueError(f"unknown hub {hub!r}; hubs are {definitions.HUBS}")
        config = defaults.config
        self.name = name
        self.hub = hub
        self.function_name = definitions.function_name(config.stage, name)

        self.log_group = logs.LogGroup(
            self,
            "Logs",
            log_group_name=f"/aws/lambda/{self.function_name}",
            retention=config.log_retention,
            removal_policy=RemovalPolicy.DESTROY,
        )
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Least-privilege role of {self.function_name}",
        )
        self.log_group.grant_write(self.role)

        self.function = lambda_.Function(
            self,
            "Function",
            function_name=self.function_name,
            description=description,
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            handler=handler,
            code=lambda_.Code.from_asset(str(REPO_ROOT), exclude=asset_excludes(hub)),
            layers=defaults.layers,
            memory_size=config.memory_mb,
            timeout=timeout,
            role=self.role,
            log_group=self.log_group,
            logging_format=lambda_.LoggingFormat.JSON,
            application_log_level_v2=lambda_.ApplicationLogLevel[config.log_level.upper()],
            system_log_level_v2=lambda_.SystemLogLevel.WARN,
            tracing=lambda_.Tracing.ACTIVE,
            # Per stage (cdk.json reservedConcurrency; prod only): a hub that runs away cannot starve the
            # others, and each keeps what it needs when another floods the account.
            reserved_concurrent_executions=config.reserved_concurrency.get(name),
            snap_start=lambda_.SnapStartConf.ON_PUBLISHED_VERSIONS if snap_start else None,
            # A replaced version is deleted once the alias points at the new one: old versions would keep
            # their code (the account's code storage) and, with SnapStart, a cached snapshot that is billed.
            current_version_options=lambda_.VersionOptions(removal_policy=RemovalPolicy.DESTROY),
            environment={
                **defaults.environment,
                "POWERTOOLS_SERVICE_NAME": f"karmayogi-{name}",
                "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
                # Responses carry tokens and PII (login, profile): never copy them into traces.
                "POWERTOOLS_TRACER_CAPTURE_RESPONSE": "false",
                **(environment or {}),
            },
        )
        # What callers invoke: the `live` alias of the latest published version (SnapStart restores only
        # published versions), or the function itself.
        self.alias: lambda_.Alias | None = None
        if snap_start:
            self.alias = lambda_.Alias(
                self,
                "Live",
                alias_name=LIVE_ALIAS,
                version=self.function.current_version,
                description="The published version with a SnapStart snapshot; API Gateway invokes this",
            )
            Annotations.of(self.function).acknowledge_warning(
                "@aws-cdk/aws-lambda:snapStartRequirePublish",
                "current_version publishes a version on every change and the `live` alias points at it",
            )
        defaults.table.grant_read_write_data(self.function)
        defaults.cursor_secret.grant_read(self.function)

        acknowledge(
            self.function,
            "AwsSolutions-L1",
            "Pinned to Python 3.13 on purpose: the deps layer is built from cp313 aarch64 wheels and the "
            "code is tested on 3.13; moving to a newer runtime is a deliberate upgrade of both.",
        )
        acknowledge(
            self.role,
            "AwsSolutions-IAM5[Resource::*]",
            "X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) have no resource-level "
            "permissions; CDK adds them with Resource '*'.",
        )
        acknowledge(
            self.role,
            f"AwsSolutions-IAM5[Resource::<{logical_id(defaults.table)}.Arn>/index/*]",
            "Queries on the single table's GSIs (GSI1-3, LEADERBOARD): the grant covers the table's "
            "indexes only, which are part of the access patterns of docs/data-model.md.",
        )

    @property
    def invocable(self) -> lambda_.IFunction:
        """What API Gateway integrates with: the `live` alias with SnapStart, else the function."""
        return self.alias or self.function

    def add_to_role_policy(self, statement: iam.PolicyStatement) -> None:
        self.function.add_to_role_policy(statement)
