"""The media processor: the learning hub's entry point for course content files, off the request path. Two
kinds of event reach the same handler (infra/constructs/media.py; locally local/media.py delivers moto's):

- the media bucket's ObjectCreated under `uploads/`: the file is checked with the media library
  (`functions.learning.media`, imported on first use) and copied to `<prefix>source`, where
  prefix = media/<courseId>/<contentId>/<uploadId>/. Then by kind:
    pdf, audio: READY (pageCount / durationSeconds measured; playKey = the source);
    scorm: the package is unpacked under `<prefix>package/` (each file with its Content-Type) and READY
      with playKey `<prefix>package/<launch page>`;
    video, in AWS (MEDIA_TRANSCODER empty; the stage's MediaConvert template and role): checked up to its magic
      bytes (Lambda has no ffmpeg), a MediaConvert job from the template writes the HLS ladder under
      `<prefix>hls/`, and the content stays PROCESSING with the job's id and attempt;
    video, locally (MEDIA_TRANSCODER=ffmpeg): measured with ffprobe, the ladder made in-process with ffmpeg
      (functions/learning/media/hls.py; cached by content when MEDIA_LADDER_CACHE names a folder) and
      uploaded under `<prefix>hls/`, then READY — the same layout and the same verdict as in AWS.
- MediaConvert's "Job State Change" (EventBridge, our jobs only: userMetadata.application): COMPLETE → the
  job's measurement (duration, frame) answers media.probe.timed_media_rule → READY with playKey
  `<prefix>hls/index.m3u8` and posterKey, or REJECTED; ERROR → an input error (MediaConvert codes 1010-1099) is
  REJECTED UNREADABLE; any other is submitted once more, then REJECTED with a reason the creator can act on.

An error escapes so that Lambda's async retries run again; after them the event lands in the DLQ. A content
still PROCESSING after courses.PROCESSING_TIMEOUT (a job that never reports included) is shown REJECTED and
cannot go to review; the content's previous READY file stays until a new one is READY."""

from __future__ import annotations

import mimetypes
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

from functions.learning import storage, uploads
from karmayogi.platform import aws
from karmayogi.platform.observability import logger
from karmayogi.platform.settings import get_settings

FFMPEG = "ffmpeg"
LOCAL_LADDER_PRESET = "veryfast"
HLS_FOLDER = "hls/"
MASTER_PLAYLIST = "index.m3u8"
POSTER = "index_poster.0000000.jpg"
PACKAGE_FOLDER = "package/"
HLS_CONTENT_TYPES = {".m3u8": "application/vnd.apple.mpegurl", ".ts": "video/mp2t", ".jpg": "image/jpeg"}


def media_prefix(course_id: str, content_id: str, upload_id: str) -> str:
    return f"media/{course_id}/{content_id}/{upload_id}/"


def analyse(path: str, kind: str, media_type: str | None = None, *, measure_video: bool = True) -> Any:
    """The media library's verdict on a file (functions.learning.media.validate_upload): Accepted
    (duration_seconds, page_count...) or Rejected (code, reason)."""
    from functions.learning.media import validate_upload  # imported on first use

    return validate_upload(path, kind, media_type=media_type, measure_video=measure_video)


def _field(result: Any, *names: str) -> Any:
    for name in names:
        value = result.get(name) if isinstance(result, dict) else getattr(result, name, None)
        if value is not None:
            return value
    return None


def _verdict(result: Any) -> tuple[str | None, dict[str, Any]]:
    """(reason or None, the measured facts) of the library's answer (an object or a mapping)."""
    reason = _field(result, "reason")
    facts: dict[str, Any] = {"durationSeconds": _field(result, "duration_seconds", "durationSeconds"),
                             "pageCount": _field(result, "page_count", "pageCount")}
    for name, value in facts.items():
        if value is not None:
            facts[name] = round(value)
    launch = _field(result, "launch_path", "launchPath")
    if launch is not None:
        facts["launchPath"] = str(launch)
    return (str(reason) if reason else None), facts


def uses_ffmpeg() -> bool:
    """Whether videos are made HLS in-process (the dev server and tests) rather than by MediaConvert."""
    settings = get_settings()
    if settings.media_transcoder == FFMPEG:
        return True
    if settings.media_transcoder:
        raise RuntimeError(f"MEDIA_TRANSCODER={settings.media_transcoder!r}: only 'ffmpeg' (or empty: MediaConvert)")
    settings.require("media_convert_template", "media_convert_role_arn")
    return False


# ---- an uploaded object ------------------------------------------------------------------------------------

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
    kind = upload["contentType"]
    prefix = media_prefix(course_id, content_id, upload_id)
    in_process = kind != "video" or uses_ffmpeg()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "file")
        storage.download(key, path)
        result = analyse(path, kind, upload.get("mediaType"), measure_video=in_process)
        reason, facts = _verdict(result)
        if reason is not None:
            uploads.record_verdict(upload, reason=reason, facts=facts, media_key=None, code=_field(result, "code"))
            logger.info("processed", extra={"uploadId": upload_id, "ready": False})
            return
        storage.copy(key, prefix + "source")
        facts["prefix"] = prefix
        if kind == "video" and not in_process:
            _start_job(upload, prefix, attempt=1)
            return
        if kind == "video":
            facts.update(_local_ladder(Path(path), prefix))
        elif kind == "scorm":
            refused = _unpack_scorm(Path(path), Path(folder) / "package", prefix)
            if refused is not None:
                uploads.record_verdict(upload, reason=refused.reason, facts={}, media_key=None, code=refused.code)
                return
            facts["playKey"] = prefix + PACKAGE_FOLDER + facts["launchPath"].split("?", 1)[0]
        else:
            facts["playKey"] = prefix + "source"
    uploads.record_verdict(upload, reason=None, facts=facts, media_key=prefix + "source")
    logger.info("processed", extra={"uploadId": upload_id, "ready": True})


def _local_ladder(source: Path, prefix: str) -> dict[str, Any]:
    """The local stand-in of MediaConvert: the ladder by ffmpeg (or from the cache), uploaded under
    `<prefix>hls/` with the Content-Types a player needs."""
    from functions.learning.media import hls_ladder
    from functions.learning.media.ladder_cache import ladder_folder

    cache = get_settings().media_ladder_cache
    cache_dir = Path(cache) if cache else None
    folder = ladder_folder(source, cache_dir, lambda out: hls_ladder(source, out, preset=LOCAL_LADDER_PRESET),
                           preset=LOCAL_LADDER_PRESET)
    try:
        storage.put_folder(str(folder), prefix + HLS_FOLDER,
                           lambda name: HLS_CONTENT_TYPES.get(os.path.splitext(name)[1], "application/octet-stream"))
    finally:
        if cache_dir is None:
            shutil.rmtree(folder, ignore_errors=True)
    return {"playKey": prefix + HLS_FOLDER + MASTER_PLAYLIST, "posterKey": prefix + HLS_FOLDER + POSTER}


def _unpack_scorm(source: Path, folder: Path, prefix: str) -> Any:
    """The package unpacked (media.extract_scorm checks it again as it writes) and uploaded under
    `<prefix>package/`, each file with its Content-Type; the Rejected outcome when extracting refused it."""
    from functions.learning.media import Rejected, extract_scorm

    outcome = extract_scorm(source, folder)
    if isinstance(outcome, Rejected):
        return outcome
    storage.put_folder(str(folder), prefix + PACKAGE_FOLDER,
                       lambda name: mimetypes.guess_type(name)[0] or "application/octet-stream")
    return None


# ---- the HLS ladder in AWS: MediaConvert --------------------------------------------------------------------

def _mediaconvert() -> Any:
    return aws.client("mediaconvert")


@lru_cache(maxsize=1)
def _template_settings(template: str) -> dict[str, Any]:
    """The job template's settings (read once per container)."""
    settings: dict[str, Any] = _mediaconvert().get_job_template(Name=template)["JobTemplate"]["Settings"]
    return settings


def _start_job(upload: dict[str, Any], prefix: str, *, attempt: int) -> str:
    """Submit the ladder's job and note it on the content's PROCESSING entry; the job's id."""
    from functions.learning.media import mediaconvert

    settings = get_settings()
    bucket = storage.bucket()
    owner = mediaconvert.JobOwner(upload["courseId"], upload["contentId"], upload["uploadId"], attempt)
    job_settings = mediaconvert.job_settings(_template_settings(settings.media_convert_template),
                                             f"s3://{bucket}/{prefix}source", f"s3://{bucket}/{prefix}{HLS_FOLDER}index")
    job = _mediaconvert().create_job(Role=settings.media_convert_role_arn, JobTemplate=settings.media_convert_template,
                                     Settings=job_settings, UserMetadata=mediaconvert.user_metadata(settings.stage, owner))
    job_id: str = job["Job"]["Id"]
    uploads.note_job(upload, job_id, attempt)
    logger.info("HLS job submitted", extra={"uploadId": upload["uploadId"], "jobId": job_id, "attempt": attempt})
    return job_id


def process_job_event(event: dict[str, Any]) -> None:
    """A MediaConvert "Job State Change" (COMPLETE or ERROR) of one of our jobs."""
    from functions.learning import repository
    from functions.learning.media import from_mediaconvert, mediaconvert, timed_media_rule

    detail = event.get("detail") or {}
    owner = mediaconvert.owner_of(detail, get_settings().stage)
    if owner is None:
        logger.warning("not one of our MediaConvert jobs; ignored", extra={"jobId": detail.get("jobId")})
        return
    entry = uploads.pending_entry(owner.course_id, owner.content_id, owner.upload_id)
    upload = repository.get_upload(owner.course_id, owner.upload_id)
    if upload is None or entry is None or entry["status"] != "PROCESSING" or entry.get("jobId") != detail.get("jobId"):
        logger.info("a job of an upload no longer waiting for it; ignored", extra={"jobId": detail.get("jobId")})
        return
    prefix = media_prefix(owner.course_id, owner.content_id, owner.upload_id)
    status = detail.get("status")
    if status == "COMPLETE":
        info = from_mediaconvert(detail)
        refused = timed_media_rule("video", info)
        if refused is not None:
            uploads.record_verdict(upload, reason=refused.reason, facts={}, media_key=None, code=refused.code)
            return
        assert info.duration_seconds is not None  # the rule refuses a video without one
        uploads.record_verdict(upload, reason=None, media_key=prefix + "source", facts={
            "durationSeconds": round(info.duration_seconds), "prefix": prefix,
            "playKey": prefix + HLS_FOLDER + MASTER_PLAYLIST, "posterKey": prefix + HLS_FOLDER + POSTER})
        logger.info("processed", extra={"uploadId": owner.upload_id, "ready": True})
        return
    if status != "ERROR":
        return
    refused = mediaconvert.input_refused(detail)
    if refused is None and int(entry.get("attempt", owner.attempt)) < mediaconvert.MAX_ATTEMPTS:
        logger.warning("HLS job failed; submitted again", extra={"jobId": detail.get("jobId"),
                                                                 "errorCode": detail.get("errorCode")})
        _start_job(upload, prefix, attempt=int(entry.get("attempt", owner.attempt)) + 1)
        return
    final = refused or mediaconvert.gave_up(detail)
    uploads.record_verdict(upload, reason=final.reason, facts={}, media_key=None, code=final.code)
    logger.info("processed", extra={"uploadId": owner.upload_id, "ready": False, "errorCode": detail.get("errorCode")})


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> None:
    get_settings().require("media_bucket")
    from functions.learning.media import mediaconvert

    if mediaconvert.is_job_event(event):
        process_job_event(event)
        return
    for record in event.get("Records", []):
        process_key(unquote_plus(record["s3"]["object"]["key"]))
