"""Course content (DESIGN.md "The platform's second layer", Media): the private media bucket, the media
processor and the HLS ladder.

- The bucket: S3-managed encryption, no public access, TLS only, versioned, server access logs into a log
  bucket of its own; uploads (`uploads/`) expire after a week (an accepted file is copied under `media/`),
  incomplete multipart uploads are aborted after a day, replaced versions expire. CORS lets the web client's
  origin POST/PUT uploads straight to it (presigned by the learning hub; the bytes never pass through Lambda).
- The processor (functions/learning/media_processor.py), invoked asynchronously by the bucket's
  ObjectCreated notification for `uploads/` and by an EventBridge rule on MediaConvert's "Job State Change"
  (COMPLETE, ERROR) of this stage's jobs only (userMetadata.application = karmayogi-<stage>; the rule's
  target retries, then dead-letters into a queue of its own): Lambda retries a failed event twice, then
  sends it to the DLQ (alarmed). Least privilege: it reads `uploads/` and `media/`, writes `media/`, reads the
  stage's job template and starts jobs from it on the Default queue with the MediaConvert role (which it may
  pass to MediaConvert, and nothing else).
- The MediaConvert job template: an HLS ladder of 240p, 480p and 720p (H.264 + AAC) and a poster (a frame
  capture), both written to `<prefix>hls/index` (the layout functions/learning/media/hls.py documents).
- Alarms: either DLQ holding a message, and MediaConvert jobs of the Default queue ending in ERROR."""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_mediaconvert as mediaconvert
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_notifications as s3n
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra import definitions
from infra.constructs.hub_function import FunctionDefaults, HubFunction
from infra.constructs.nag import acknowledge, acknowledge_all, logical_id

PROCESSOR_HANDLER = "functions.learning.media_processor.handler"
PROCESSOR_TIMEOUT = Duration.minutes(15)
PROCESSOR_EPHEMERAL_MB = 10240  # a 4 GiB video is downloaded to /tmp to be checked
UPLOAD_RETENTION = Duration.days(7)
NONCURRENT_RETENTION = Duration.days(30)
# (name suffix, width, height, video bit rate): the HLS ladder
LADDER = (("240p", 426, 240, 400_000), ("480p", 854, 480, 1_200_000), ("720p", 1280, 720, 3_000_000))
POSTER_MODIFIER = "_poster"  # the frame capture: index_poster.0000000.jpg beside the playlists
JOB_STATES = ["COMPLETE", "ERROR"]
JOB_EVENT_RETRIES = 4
JOB_EVENT_MAX_AGE = Duration.hours(6)


def _rendition(suffix: str, width: int, height: int, bitrate: int) -> dict[str, object]:
    return {
        "NameModifier": f"_{suffix}",
        "ContainerSettings": {"Container": "M3U8", "M3u8Settings": {}},
        "VideoDescription": {
            "Width": width, "Height": height, "ScalingBehavior": "DEFAULT",
            "CodecSettings": {"Codec": "H_264", "H264Settings": {
                "RateControlMode": "QVBR", "MaxBitrate": bitrate, "QvbrSettings": {"QvbrQualityLevel": 7},
                "SceneChangeDetect": "TRANSITION_DETECTION", "GopSize": 2, "GopSizeUnits": "SECONDS",
                "CodecProfile": "MAIN", "CodecLevel": "AUTO"}},
        },
        "AudioDescriptions": [{"CodecSettings": {"Codec": "AAC", "AacSettings": {
            "Bitrate": 96_000, "CodingMode": "CODING_MODE_2_0", "SampleRate": 48_000}}}],
    }


def _poster() -> dict[str, object]:
    """One JPEG of the opening frame, at the source's size (a frame capture output group)."""
    return {
        "Name": "Poster",
        "OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {}},
        "Outputs": [{
            "NameModifier": POSTER_MODIFIER,
            "ContainerSettings": {"Container": "RAW"},
            "VideoDescription": {"ScalingBehavior": "DEFAULT", "CodecSettings": {
                "Codec": "FRAME_CAPTURE", "FrameCaptureSettings": {
                    "FramerateNumerator": 1, "FramerateDenominator": 5, "MaxCaptures": 1, "Quality": 80}}},
        }],
    }


def hls_ladder_settings() -> dict[str, object]:
    """The job template's settings: one HLS output group (6 s segments) with the ladder's renditions, then
    the poster's frame capture group. The processor gives each job its input and both groups' destination
    (s3://<bucket>/media/<course>/<content>/<upload>/hls/index; functions/learning/media/mediaconvert.py)."""
    return {
        "TimecodeConfig": {"Source": "ZEROBASED"},
        "Inputs": [{"AudioSelectors": {"Audio Selector 1": {"DefaultSelection": "DEFAULT"}},
                    "VideoSelector": {}, "TimecodeSource": "ZEROBASED"}],
        "OutputGroups": [{
            "Name": "HLS",
            "OutputGroupSettings": {"Type": "HLS_GROUP_SETTINGS", "HlsGroupSettings": {
                "SegmentLength": 6, "MinSegmentLength": 0, "SegmentControl": "SEGMENTED_FILES",
                "ManifestDurationFormat": "INTEGER", "DirectoryStructure": "SINGLE_DIRECTORY"}},
            "Outputs": [_rendition(*rung) for rung in LADDER],
        }, _poster()],
    }


class Media(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, defaults: FunctionDefaults,
                 web_origins: Sequence[str]) -> None:
        super().__init__(scope, construct_id)
        stage = self.stage = defaults.config.stage
        stack = Stack.of(self)

        self.log_bucket = s3.Bucket(
            self, "Logs",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(defaults.config.log_retention_days))],
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge(self.log_bucket, "AwsSolutions-S1",
                    "This is the media bucket's server access log bucket; logging its own access would recurse.")

        self.bucket = s3.Bucket(
            self, "Bucket",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            versioned=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=self.log_bucket,
            server_access_logs_prefix="media/",
            removal_policy=RemovalPolicy.RETAIN,
            cors=[s3.CorsRule(allowed_methods=[s3.HttpMethods.POST, s3.HttpMethods.PUT],
                              allowed_origins=list(web_origins), allowed_headers=["*"], exposed_headers=["ETag"],
                              max_age=3000)],
            lifecycle_rules=[
                s3.LifecycleRule(id="abort-incomplete-multipart", abort_incomplete_multipart_upload_after=Duration.days(1)),
                s3.LifecycleRule(id="expire-noncurrent", noncurrent_version_expiration=NONCURRENT_RETENTION),
                s3.LifecycleRule(id="expire-uploads", prefix=definitions.UPLOADS_PREFIX, expiration=UPLOAD_RETENTION),
                # Bulk-import files (the CSVs of employees, their normalised copies, the rejected rows): 30 days.
                s3.LifecycleRule(id="expire-imports", prefix=definitions.IMPORTS_PREFIX, expiration=Duration.days(30)),
            ],
        )

        self.convert_role = iam.Role(
            self, "ConvertRole",
            assumed_by=iam.ServicePrincipal("mediaconvert.amazonaws.com"),
            description=f"MediaConvert of karmayogi-{stage}: reads a video's source, writes its HLS ladder",
        )
        media_objects = self.bucket.arn_for_objects(f"{definitions.MEDIA_PREFIX}*")
        upload_objects = self.bucket.arn_for_objects(f"{definitions.UPLOADS_PREFIX}*")
        self.convert_role.add_to_policy(iam.PolicyStatement(
            sid="HlsLadder", actions=["s3:GetObject", "s3:PutObject"], resources=[media_objects]))
        bucket_id = logical_id(self.bucket)
        self._media_wildcard = f"AwsSolutions-IAM5[Resource::<{bucket_id}.Arn>/{definitions.MEDIA_PREFIX}*]"
        self._uploads_wildcard = f"AwsSolutions-IAM5[Resource::<{bucket_id}.Arn>/{definitions.UPLOADS_PREFIX}*]"
        acknowledge(self.convert_role, self._media_wildcard,
                    "MediaConvert reads a video's source and writes its renditions under media/ only; the "
                    "object names are made per upload at run time.")
        self.job_template = mediaconvert.CfnJobTemplate(
            self, "HlsLadder",
            name=f"karmayogi-{stage}-hls-ladder",
            description="Course videos: HLS 240p / 480p / 720p",
            settings_json=hls_ladder_settings(),
        )

        self.dead_letter_queue = sqs.Queue(
            self, "ProcessorDlq",
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=Duration.days(14),
        )
        acknowledge(self.dead_letter_queue, "AwsSolutions-SQS3",
                    "This queue is the media processor's dead-letter queue (its failed events land here).")

        self.processor = HubFunction(
            self, "Processor",
            name=definitions.MEDIA_PROCESSOR,
            hub="learning",
            handler=PROCESSOR_HANDLER,
            defaults=defaults,
            description="Checks uploaded course content, copies it under media/, starts the HLS ladder",
            timeout=PROCESSOR_TIMEOUT,
            environment={
                "MEDIA_BUCKET": self.bucket.bucket_name,
                "MEDIA_CONVERT_ROLE_ARN": self.convert_role.role_arn,
                "MEDIA_CONVERT_TEMPLATE": self.job_template.attr_arn,
            },
        )
        function = self.processor.function
        cfn_function = function.node.default_child
        assert isinstance(cfn_function, lambda_.CfnFunction)
        cfn_function.ephemeral_storage = lambda_.CfnFunction.EphemeralStorageProperty(size=PROCESSOR_EPHEMERAL_MB)
        function.configure_async_invoke(
            retry_attempts=2,
            max_event_age=Duration.hours(1),
            on_failure=destinations.SqsDestination(self.dead_letter_queue),
        )
        function.add_to_role_policy(iam.PolicyStatement(
            sid="ReadUploads", actions=["s3:GetObject"], resources=[upload_objects, media_objects]))
        function.add_to_role_policy(iam.PolicyStatement(
            sid="WriteMedia", actions=["s3:PutObject"], resources=[media_objects]))
        acknowledge_all(self.processor.role, {
            self._uploads_wildcard: "The processor reads the uploaded files (uploads/<course>/<content>/<upload>), "
                                    "named per upload at run time.",
            self._media_wildcard: "The processor copies accepted files under media/ (named per upload at run time) "
                                  "and nowhere else.",
        })
        function.add_to_role_policy(iam.PolicyStatement(
            sid="PassConvertRole", actions=["iam:PassRole"], resources=[self.convert_role.role_arn],
            conditions={"StringEquals": {"iam:PassedToService": "mediaconvert.amazonaws.com"}}))
        self.default_queue_arn = f"arn:{stack.partition}:mediaconvert:{stack.region}:{stack.account}:queues/Default"
        function.add_to_role_policy(iam.PolicyStatement(
            sid="StartHlsLadder",
            actions=["mediaconvert:CreateJob"],
            resources=[self.job_template.attr_arn, self.default_queue_arn],
        ))
        function.add_to_role_policy(iam.PolicyStatement(
            sid="ReadHlsLadderTemplate", actions=["mediaconvert:GetJobTemplate"],
            resources=[self.job_template.attr_arn]))

        # The jobs' ends (COMPLETE, ERROR) of this stage's jobs → the processor (a second event shape).
        self.job_events_dlq = sqs.Queue(
            self, "JobEventsDlq",
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=Duration.days(14),
        )
        acknowledge(self.job_events_dlq, "AwsSolutions-SQS3",
                    "This queue is the dead-letter queue of the MediaConvert job-state rule's target.")
        self.job_state_rule = events.Rule(
            self, "JobStateChange",
            description=f"MediaConvert jobs of karmayogi-{stage} that ended (COMPLETE or ERROR) → the media processor",
            event_pattern=events.EventPattern(
                source=["aws.mediaconvert"],
                detail_type=["MediaConvert Job State Change"],
                detail={"status": JOB_STATES, "userMetadata": {"application": [f"karmayogi-{stage}"]}},
            ),
        )
        self.job_state_rule.add_target(targets.LambdaFunction(
            function, dead_letter_queue=self.job_events_dlq, retry_attempts=JOB_EVENT_RETRIES,
            max_event_age=JOB_EVENT_MAX_AGE))
        self.bucket.add_event_notification(
            s3.EventType.OBJECT_CREATED, s3n.LambdaDestination(function),
            s3.NotificationKeyFilter(prefix=definitions.UPLOADS_PREFIX),
        )
        for child in stack.node.children:
            if child.node.id.startswith("BucketNotificationsHandler"):
                acknowledge_all(child, {
                    "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                    "AWSLambdaBasicExecutionRole]": "CDK's bucket-notifications custom resource writes its own "
                    "logs with the AWS managed basic execution policy; it runs only during deployments.",
                    "AwsSolutions-IAM5[Resource::*]": "CDK's bucket-notifications custom resource sets the "
                    "notification configuration of the media bucket (s3:PutBucketNotification, CDK's grant); "
                    "it runs only during deployments.",
                    "AwsSolutions-L1": "The runtime of CDK's bucket-notifications handler is chosen by aws-cdk-lib.",
                })

    def grant_uploads(self, hub: HubFunction) -> None:
        """What the learning hub does with uploads: presign POSTs and part uploads (signed with its role),
        list a multipart upload's parts, join or abort it, and check that an object arrived."""
        uploads = self.bucket.arn_for_objects(f"{definitions.UPLOADS_PREFIX}*")
        hub.function.add_to_role_policy(iam.PolicyStatement(
            sid="MediaUploads",
            actions=["s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"],
            resources=[uploads],
        ))
        acknowledge(hub.role, self._uploads_wildcard,
                    "The learning hub presigns uploads under uploads/<course>/<content>/<upload> (ids made per "
                    "upload), lists, joins or aborts their parts and checks that they arrived; nothing else.")

    def add_alarms(self, topic: sns.ITopic) -> list[cloudwatch.Alarm]:
        """Both DLQs' depth and MediaConvert's job errors (the processor's errors are alarmed with every
        function's, Monitoring)."""
        depth = cloudwatch.Alarm(
            self, "DlqDepth",
            alarm_name=f"karmayogi-{self.stage}-media-processor-dlq-depth",
            alarm_description="Uploads the media processor failed after all retries (their content shows "
                              "REJECTED after the processing timeout; docs/runbook.md § 10)",
            metric=self.dead_letter_queue.metric_approximate_number_of_messages_visible(
                period=Duration.minutes(5), statistic="Maximum"),
            threshold=1, evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        job_events = cloudwatch.Alarm(
            self, "JobEventsDlqDepth",
            alarm_name=f"karmayogi-{self.stage}-media-job-events-dlq-depth",
            alarm_description="MediaConvert job ends EventBridge could not deliver to the media processor (their "
                              "videos show REJECTED after the processing timeout; docs/runbook.md § 10)",
            metric=self.job_events_dlq.metric_approximate_number_of_messages_visible(
                period=Duration.minutes(5), statistic="Maximum"),
            threshold=1, evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        job_errors = cloudwatch.Alarm(
            self, "JobErrors",
            alarm_name=f"karmayogi-{self.stage}-mediaconvert-job-errors",
            alarm_description="MediaConvert jobs of the Default queue ended in ERROR (an unreadable upload is "
                              "REJECTED; repeated errors of other kinds are the template's, the role's or the "
                              "service's)",
            metric=cloudwatch.Metric(namespace="AWS/MediaConvert", metric_name="JobsErroredCount",
                                     dimensions_map={"Queue": self.default_queue_arn},
                                     period=Duration.hours(1), statistic="Sum"),
            threshold=5, evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        alarms = [depth, job_events, job_errors]
        for alarm in alarms:
            alarm.add_alarm_action(actions.SnsAction(topic))
            alarm.add_ok_action(actions.SnsAction(topic))
        return alarms

    @property
    def hub_environment(self) -> dict[str, str]:
        return {"MEDIA_BUCKET": self.bucket.bucket_name}
