"""The media bucket on the dev server and in tests: moto's S3 with the bucket's ObjectCreated notification
for `uploads/` delivered to the media processor (functions/learning/media_processor.py) in-process, as
the bucket's event notification invokes the deployed function.

moto sends a bucket's Lambda notifications through `moto.s3.notifications._invoke_awslambda`, which would
run the function in Docker; it is pointed at our entry point instead (like local/workflows.py does for the
enrolment workflow's tasks). moto is pinned; `check_moto()` fails loudly when an upgrade moves it."""

from __future__ import annotations

import json
import os
from typing import Any

import boto3

from infra import definitions
from local.aws import ACCOUNT, REGION, STAGE

PROCESSOR_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{definitions.function_name(STAGE, definitions.MEDIA_PROCESSOR)}"
WEB_ORIGINS = ["http://127.0.0.1:3000", "http://localhost:3000", "http://127.0.0.1:5173", "http://localhost:5173"]
failures: list[str] = []  # what the processor raised (tests look; AWS would retry and then dead-letter)


def check_moto() -> None:
    from moto.s3 import notifications

    if not callable(getattr(notifications, "_invoke_awslambda", None)):
        raise RuntimeError("moto's s3.notifications._invoke_awslambda moved: pin moto to 5.2.x")


def _patch_notifications() -> None:
    from moto.s3 import notifications

    if getattr(notifications._invoke_awslambda, "karmayogi", False):
        return
    original = notifications._invoke_awslambda

    def invoke(account_id: str, event_body: Any, fn_arn: str, region_name: str) -> None:
        if fn_arn != PROCESSOR_ARN:
            original(account_id, event_body, fn_arn, region_name)
            return
        from functions.learning import media_processor
        from local.workflows import lambda_context

        event = event_body if isinstance(event_body, dict) else json.loads(event_body)
        try:
            media_processor.handler(event, lambda_context(definitions.function_name(STAGE, definitions.MEDIA_PROCESSOR)))
        except Exception as error:  # an async invocation: the uploader is not told
            failures.append(repr(error))

    invoke.karmayogi = True  # type: ignore[attr-defined]
    notifications._invoke_awslambda = invoke


def _put_cors(s3: Any, bucket: str, origins: list[str]) -> None:
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [
        {"AllowedOrigins": origins, "AllowedMethods": ["POST", "PUT"], "AllowedHeaders": ["*"],
         "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 3000}]})


def allow_web_origin(origin: str) -> None:
    """Let the web client served from `origin` (a dev server on a port of its own, as the tests start it)
    send files to the bucket too."""
    if origin in WEB_ORIGINS:
        return
    s3 = boto3.client("s3", region_name=REGION)
    _put_cors(s3, os.environ["MEDIA_BUCKET"], [*WEB_ORIGINS, origin])


def install() -> str:
    """Create the media bucket (CORS for the web client's origins, the `uploads/` notification); its name."""
    check_moto()
    _patch_notifications()
    bucket = os.environ["MEDIA_BUCKET"]
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    _put_cors(s3, bucket, WEB_ORIGINS)
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
        "LambdaFunctionConfigurations": [{
            "LambdaFunctionArn": PROCESSOR_ARN, "Events": ["s3:ObjectCreated:*"],
            "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": definitions.UPLOADS_PREFIX}]}}}]})
    return bucket
