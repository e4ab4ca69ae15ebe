"""The media bucket, its processor and the HLS ladder (infra/constructs/media.py) in the synthesized dev stack."""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra import definitions
from infra.constructs.media import LADDER

from .helpers import function_logical_ids

pytestmark = pytest.mark.infra


def _only(resources: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    assert len(resources) == 1, sorted(resources)
    return next(iter(resources.items()))


def _media_bucket(dev) -> tuple[str, dict[str, Any]]:
    return _only({k: r for k, r in dev.resources("AWS::S3::Bucket").items() if k.startswith("MediaBucket")})


def _statements(dev, role_prefix: str) -> list[dict[str, Any]]:
    found = []
    for logical_id, policy in dev.resources("AWS::IAM::Policy").items():
        if logical_id.startswith(role_prefix):
            found += policy["Properties"]["PolicyDocument"]["Statement"]
    return found


def _actions(statement: dict[str, Any]) -> set[str]:
    actions = statement["Action"]
    return {actions} if isinstance(actions, str) else set(actions)


def test_media_bucket_is_private_versioned_logged_and_tidy(dev):
    logical_id, bucket = _media_bucket(dev)
    props = bucket["Properties"]
    assert bucket["DeletionPolicy"] == "Retain"
    assert props["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True}
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "AES256"}
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    assert props["LoggingConfiguration"]["DestinationBucketName"]["Ref"].startswith("MediaLogs")
    rules = {r["Id"]: r for r in props["LifecycleConfiguration"]["Rules"]}
    assert rules["abort-incomplete-multipart"]["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 1}
    assert rules["expire-noncurrent"]["NoncurrentVersionExpiration"]["NoncurrentDays"] == 30
    assert rules["expire-uploads"]["Prefix"] == definitions.UPLOADS_PREFIX
    (cors,) = props["CorsConfiguration"]["CorsRules"]
    assert set(cors["AllowedMethods"]) == {"POST", "PUT"} and cors["ExposedHeaders"] == ["ETag"]
    # TLS only
    policies = [p for p in dev.resources("AWS::S3::BucketPolicy").values()
                if p["Properties"]["Bucket"] == {"Ref": logical_id}]
    statements = policies[0]["Properties"]["PolicyDocument"]["Statement"]
    assert any(s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
               for s in statements)


def test_uploads_notify_the_processor_which_retries_into_a_dlq(dev):
    _, notifications = _only(dev.resources("Custom::S3BucketNotifications"))
    (config,) = notifications["Properties"]["NotificationConfiguration"]["LambdaFunctionConfigurations"]
    assert config["Events"] == ["s3:ObjectCreated:*"]
    assert config["Filter"]["Key"]["FilterRules"] == [{"Name": "prefix", "Value": definitions.UPLOADS_PREFIX}]
    processor = function_logical_ids(dev.template_json, "dev")[definitions.MEDIA_PROCESSOR]
    assert config["LambdaFunctionArn"] == {"Fn::GetAtt": [processor, "Arn"]}
    _, invoke = _only({k: r for k, r in dev.resources("AWS::Lambda::EventInvokeConfig").items()
                       if k.startswith("MediaProcessor")})
    props = invoke["Properties"]
    assert props["FunctionName"] == {"Ref": processor} and props["MaximumRetryAttempts"] == 2
    dlq = props["DestinationConfig"]["OnFailure"]["Destination"]["Fn::GetAtt"][0]
    assert dev.template_json["Resources"][dlq]["Type"] == "AWS::SQS::Queue"
    function = dev.template_json["Resources"][processor]["Properties"]
    assert function["Timeout"] == 900 and function["EphemeralStorage"] == {"Size": 10240}
    alarms = {a["Properties"]["AlarmName"]: a["Properties"] for a in dev.resources("AWS::CloudWatch::Alarm").values()}
    assert "karmayogi-dev-media-processor-dlq-depth" in alarms
    assert "karmayogi-dev-media-processor-errors" in alarms


def test_the_processor_reads_uploads_and_writes_media_only(dev):
    statements = [s for s in _statements(dev, "MediaProcessorRole") if any(a.startswith("s3:") for a in _actions(s))]
    text = json.dumps(statements)
    assert "s3:PutObject" in text and "s3:DeleteObject" not in text and "s3:*" not in text
    for statement in statements:
        resources = json.dumps(statement["Resource"])
        if "s3:PutObject" in _actions(statement):
            assert f"/{definitions.MEDIA_PREFIX}*" in resources and definitions.UPLOADS_PREFIX not in resources
        else:
            assert _actions(statement) == {"s3:GetObject"}
    convert = [s for s in _statements(dev, "MediaProcessorRole") if "mediaconvert:CreateJob" in _actions(s)]
    assert convert, "the processor starts the HLS ladder"
    assert any("iam:PassRole" in _actions(s) for s in _statements(dev, "MediaProcessorRole"))
    hub = [s for s in _statements(dev, "LearningHubRole") if any(a.startswith("s3:") for a in _actions(s))]
    uploads = [s for s in hub if s.get("Sid") != "CertificatePdfs"]
    assert uploads and all(f"/{definitions.UPLOADS_PREFIX}*" in json.dumps(s["Resource"]) for s in uploads)
    # beside the uploads, the hub writes and reads only its certificate PDFs (infra/constructs/issuer.py)
    (certificates,) = [s for s in hub if s.get("Sid") == "CertificatePdfs"]
    assert _actions(certificates) == {"s3:PutObject", "s3:GetObject"}
    assert f"/{definitions.CERTIFICATES_PREFIX}*" in json.dumps(certificates["Resource"])


def test_the_hls_ladder_template(dev):
    _, template = _only(dev.resources("AWS::MediaConvert::JobTemplate"))
    settings = template["Properties"]["SettingsJson"]
    group = settings["OutputGroups"][0]  # then the poster (below)
    assert group["OutputGroupSettings"]["Type"] == "HLS_GROUP_SETTINGS"
    heights = [o["VideoDescription"]["Height"] for o in group["Outputs"]]
    assert heights == [240, 480, 720] == [h for _, _, h, _ in LADDER]
    _, role = _only({k: r for k, r in dev.resources("AWS::IAM::Role").items() if k.startswith("MediaConvertRole")})
    principal = role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]
    assert principal == {"Service": "mediaconvert.amazonaws.com"}


def test_mediaconvert_job_ends_reach_the_processor_with_retries_and_a_dlq(dev):
    processor = function_logical_ids(dev.template_json, "dev")[definitions.MEDIA_PROCESSOR]
    _, rule = _only({k: r for k, r in dev.resources("AWS::Events::Rule").items() if k.startswith("MediaJobStateChange")})
    pattern = rule["Properties"]["EventPattern"]
    assert pattern["source"] == ["aws.mediaconvert"]
    assert pattern["detail-type"] == ["MediaConvert Job State Change"]
    assert pattern["detail"] == {"status": ["COMPLETE", "ERROR"], "userMetadata": {"application": ["karmayogi-dev"]}}
    (target,) = rule["Properties"]["Targets"]
    assert target["Arn"] == {"Fn::GetAtt": [processor, "Arn"]}
    assert target["RetryPolicy"]["MaximumRetryAttempts"] == 4
    dlq = target["DeadLetterConfig"]["Arn"]["Fn::GetAtt"][0]
    assert dev.template_json["Resources"][dlq]["Type"] == "AWS::SQS::Queue" and dlq.startswith("MediaJobEventsDlq")
    alarms = {a["Properties"]["AlarmName"]: a["Properties"] for a in dev.resources("AWS::CloudWatch::Alarm").values()}
    assert alarms["karmayogi-dev-media-job-events-dlq-depth"]["Threshold"] == 1
    errors = alarms["karmayogi-dev-mediaconvert-job-errors"]
    assert (errors["Namespace"], errors["MetricName"]) == ("AWS/MediaConvert", "JobsErroredCount")


def test_the_processor_starts_jobs_from_the_template_and_passes_only_the_convert_role(dev):
    statements = _statements(dev, "MediaProcessorRole")
    template_id, _ = _only(dev.resources("AWS::MediaConvert::JobTemplate"))
    by_sid = {s.get("Sid"): s for s in statements}
    assert _actions(by_sid["ReadHlsLadderTemplate"]) == {"mediaconvert:GetJobTemplate"}
    assert by_sid["ReadHlsLadderTemplate"]["Resource"] == {"Fn::GetAtt": [template_id, "Arn"]}
    create = by_sid["StartHlsLadder"]
    assert _actions(create) == {"mediaconvert:CreateJob"}
    assert {"Fn::GetAtt": [template_id, "Arn"]} in create["Resource"] and "queues/Default" in json.dumps(create)
    passes = [s for s in statements if "iam:PassRole" in _actions(s)]
    assert len(passes) == 1 and _actions(passes[0]) == {"iam:PassRole"}
    assert passes[0]["Resource"]["Fn::GetAtt"][0].startswith("MediaConvertRole")
    assert passes[0]["Condition"] == {"StringEquals": {"iam:PassedToService": "mediaconvert.amazonaws.com"}}
    assert not any(a.startswith("mediaconvert:") and a not in ("mediaconvert:CreateJob", "mediaconvert:GetJobTemplate")
                   for s in statements for a in _actions(s))


def test_the_template_writes_the_ladder_and_its_poster_in_the_hls_layout(dev):
    from functions.learning.media import hls, mediaconvert

    _, template = _only(dev.resources("AWS::MediaConvert::JobTemplate"))
    settings = template["Properties"]["SettingsJson"]
    ladder, poster = settings["OutputGroups"]
    assert ladder["OutputGroupSettings"]["HlsGroupSettings"]["SegmentLength"] == hls.SEGMENT_SECONDS
    assert [o["NameModifier"] for o in ladder["Outputs"]] == [f"_{rung.name}" for rung in hls.RUNGS]
    assert poster["OutputGroupSettings"]["Type"] == "FILE_GROUP_SETTINGS"
    (capture,) = poster["Outputs"]
    assert capture["NameModifier"] + ".0000000.jpg" == hls.POSTER.removeprefix("index")
    assert capture["VideoDescription"]["CodecSettings"]["FrameCaptureSettings"]["MaxCaptures"] == 1
    job = mediaconvert.job_settings(settings, "s3://b/media/c/v/u/source", "s3://b/media/c/v/u/hls/index")
    assert job["Inputs"][0]["FileInput"] == "s3://b/media/c/v/u/source"
    assert job["OutputGroups"][0]["OutputGroupSettings"]["HlsGroupSettings"]["Destination"].endswith("/hls/index")
    assert job["OutputGroups"][1]["OutputGroupSettings"]["FileGroupSettings"]["Destination"].endswith("/hls/index")
    assert settings["OutputGroups"][0]["OutputGroupSettings"]["HlsGroupSettings"].get("Destination") is None
