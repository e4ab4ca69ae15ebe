"""The media processor: the learning hub's entry point for the media bucket's ObjectCreated events under
`uploads/` (infra/constructs/media.py; locally local/media.py delivers moto's events the same way). Off
the request path: it checks the file with the media library (`functions.learning.media.process`, imported
on first use), copies an accepted file under `media/`, starts the HLS ladder of a video (MediaConvert, when
the stage has it), and records READY or REJECTED on the content (functions/learning/uploads.py).

An error escapes so that Lambda's async retries run again; after them the event lands in the DLQ, and a
content still PROCESSING after courses.PROCESSING_TIMEOUT is shown REJECTED."""

from __future__ import annotations

import os
import tempfile
from typing import Any
from urllib.parse import unquote_plus

from functions.learning import storage, uploads
from karmayogi.platform import aws
from karmayogi.platform.observability import logger
from karmayogi.platform.settings import get_settings


def analyse(path: str, kind: str, media_type: str | None = None) -> Any:
    """The media library's verdict on a file (functions.learning.media.validate_upload): Accepted
    (duration_seconds, page_count...) or Rejected (code, reason)."""
    from functions.learning.media import validate_upload  # imported on first use

    return validate_upload(path, kind, media_type=media_type)


def _verdict(result: Any) -> tuple[str | None, dict[str, Any]]:
    """(reason or None, the measured facts) of the library's answer (an object or a mapping)."""
    def field(*names: str) -> Any:
        for name in names:
            value = result.get(name) if isinstance(result, dict) else getattr(result, name, None)
            if value is not None:
                return value
        return None

    reason = field("reason")
    facts = {"durationSeconds": field("duration_seconds", "durationSeconds"),
             "pageCount": field("page_count", "pageCount")}
    for name, value in facts.items():
        if value is not None:
            facts[name] = round(value)
    return (str(reason) if reason else None), facts


def _start_hls(source_key: str, target_prefix: str) -> str | None:
    """Submit the HLS ladder job (the stage's MediaConvert template); its id, or None where there is none."""
    settings = get_settings()
    if not (settings.media_convert_template and settings.media_convert_role_arn):
        return None
    bucket = storage.bucket()
    job = aws.client("mediaconvert").create_job(
        Role=settings.media_convert_role_arn, JobTemplate=settings.media_convert_template,
        Settings={"Inputs": [{"FileInput": f"s3://{bucket}/{source_key}"}],
                  "OutputGroups": [{"OutputGroupSettings": {"Type": "HLS_GROUP_SETTINGS", "HlsGroupSettings": {
                      "Destination": f"s3://{bucket}/{target_prefix}"}}}]},
        UserMetadata={"source": source_key})
    job_id: str = job["Job"]["Id"]
    return job_id


def process_key(key: str) -> None:
    parts = key.split("/")
    if len(parts) != 4 or parts[0] != "uploads":
        logger.warning("not an upload's key; ignored", extra={"key": key})
        return
    _, course_id, content_id, upload_id = parts
    upload = uploads.begin_processing(course_id, content_id, upload_id)
    if upload is None:
        logger.info("nothing to process", extra={"uploadId": upload_id})
        return
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "file")
        storage.download(key, path)
        reason, facts = _verdict(analyse(path, upload["contentType"], upload.get("mediaType")))
    media_key = None
    if reason is None:
        prefix = f"media/{course_id}/{content_id}/{upload_id}/"
        media_key = prefix + "source"
        storage.copy(key, media_key)
        if upload["contentType"] == "video":
            facts["hlsJobId"] = _start_hls(media_key, prefix + "hls/")
    uploads.record_verdict(upload, reason=reason, facts=facts, media_key=media_key)
    logger.info("processed", extra={"uploadId": upload_id, "ready": reason is None})


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> None:
    get_settings().require("media_bucket")
    for record in event.get("Records", []):
        process_key(unquote_plus(record["s3"]["object"]["key"]))
