"""The learning hub's rules for course content files: who may upload (the course's author while it is a
Draft), which files each content type takes, how an upload is completed, and what processing's verdict does
to the content's `media`. No HTTP here, no boto3, no items or keys: the repository stores, `storage` talks
to the bucket.

The per-type limits live here until the media library's `functions/learning/media/limits.py` lands; then
they are read from there (one definition).

A content's previous file stays what learners get until a new one is READY; an upload that never finishes
processing is shown REJECTED once courses.PROCESSING_TIMEOUT has passed (the processor's retries and DLQ, and this
rule on read, mean no content stays PROCESSING for ever)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from functions.learning import courses, repository, storage
from functions.learning.models import MEDIA_CONTENT_TYPES, MediaStatus
from functions.learning.upload_models import (
    CompleteIn,
    Upload,
    UploadAccepted,
    UploadedPart,
    UploadIn,
    UploadPart,
    UploadState,
)
from karmayogi.platform import clock, keys
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import AppError, bad_request, conflict, forbidden, not_found
from karmayogi.platform.identity import Caller
from karmayogi.platform.roles import CONTENT_CREATOR, SPV_ADMIN

MiB = 1024 * 1024
GiB = 1024 * MiB


def limits_of(content_type: str) -> tuple[frozenset[str], int]:
    """The media types a content type takes and its largest file: the one table the processor also
    applies (functions/learning/media/limits.py), imported by the upload route only (cold start)."""
    from functions.learning.media import limits

    kind = limits.kind_of(content_type)
    return frozenset(limits.MEDIA_TYPES[kind]), int(limits.MAX_BYTES[kind])
MULTIPART_ABOVE = 100 * MiB  # larger files go up in parts
POST_EXPIRES = timedelta(minutes=15)
PARTS_EXPIRE = timedelta(hours=6)
COMPLETE_ATTEMPTS = 3


def part_size_for(size_bytes: int) -> int:
    """16 MiB parts up to 1 GiB, 64 MiB beyond (at most 64 parts for the largest video)."""
    return 16 * MiB if size_bytes <= GiB else 64 * MiB


def _upload_not_found() -> AppError:
    return not_found("The upload", "UPLOAD_NOT_FOUND")


def _incomplete(message: str) -> AppError:
    return conflict("UPLOAD_INCOMPLETE", message)


# ---- who may upload --------------------------------------------------------------------------------------

def _authored_course(caller: Caller, course_id: str, *, draft: bool = True) -> dict[str, Any]:
    """The course, if the caller is its author (or SPV_ADMIN) — 404 to those who may not see it, 403 to the
    others who may — and, when `draft`, it is a Draft (409 otherwise)."""
    course = courses.readable_course(caller, course_id)
    if not (course.get("authorId") == caller.user_id or caller.is_spv_admin):
        raise forbidden("Only the course's author may upload its content")
    caller.require_role(CONTENT_CREATOR, SPV_ADMIN)
    if draft and course["status"] != "Draft":
        raise conflict("COURSE_NOT_DRAFT", "Only a Draft's content can be uploaded", {"status": course["status"]})
    return course


def _content(course: dict[str, Any], content_id: str) -> dict[str, Any]:
    for module in course.get("modules", []):
        for content in module["contents"]:
            if content["id"] == content_id:
                return dict(content)
    raise not_found("The content", "CONTENT_NOT_FOUND")


def _upload_of(course_id: str, content_id: str, upload_id: str) -> dict[str, Any]:
    upload = repository.get_upload(course_id, upload_id)
    if upload is None or upload["contentId"] != content_id:
        raise _upload_not_found()
    return upload


# ---- opening an upload -------------------------------------------------------------------------------------

def start_upload(caller: Caller, course_id: str, content_id: str, body: UploadIn) -> Upload:
    course = _authored_course(caller, course_id)
    content = _content(course, content_id)
    if content["type"] not in MEDIA_CONTENT_TYPES:
        raise bad_request("NOT_UPLOADABLE", f"A {content['type']} content has no file to upload",
                          {"type": content["type"]})
    media_types, largest = limits_of(content["type"])
    if body.media_type not in media_types:
        raise bad_request("MEDIA_TYPE_NOT_ALLOWED", f"A {content['type']} content takes {', '.join(sorted(media_types))}",
                          {"mediaType": body.media_type, "allowed": sorted(media_types)})
    if body.size_bytes > largest:
        raise bad_request("FILE_TOO_LARGE", f"A {content['type']} file may have at most {largest} bytes",
                          {"sizeBytes": body.size_bytes, "maxBytes": largest})
    upload_id = keys.new_id()
    key = keys.upload_object_key(course_id, content_id, upload_id)
    now = clock.now()
    fields: dict[str, Any] = {"contentId": content_id, "contentType": content["type"], "fileName": body.file_name,
                              "mediaType": body.media_type, "sizeBytes": body.size_bytes, "key": key,
                              "createdBy": caller.user_id, "createdAt": clock.to_iso(now)}
    if body.size_bytes <= MULTIPART_ABOVE:
        expires = now + POST_EXPIRES
        post = storage.presigned_post(key, body.media_type, body.size_bytes, int(POST_EXPIRES.total_seconds()))
        repository.create_upload(course_id, upload_id, {**fields, "multipart": False,
                                                        "urlExpiresAt": clock.to_iso(expires)},
                                 now_epoch=int(now.timestamp()))
        return Upload(upload_id=upload_id, expires_at=clock.to_iso(expires), url=post["url"], fields=post["fields"])
    part_size = part_size_for(body.size_bytes)
    part_count = -(-body.size_bytes // part_size)
    expires = now + PARTS_EXPIRE
    s3_upload_id = storage.start_multipart(key, body.media_type)
    try:
        repository.create_upload(course_id, upload_id, {
            **fields, "multipart": True, "s3UploadId": s3_upload_id, "partSize": part_size,
            "partCount": part_count, "urlExpiresAt": clock.to_iso(expires)}, now_epoch=int(now.timestamp()))
    except Exception:
        storage.abort_multipart(key, s3_upload_id)  # nothing half-made
        raise
    urls = storage.part_urls(key, s3_upload_id, list(range(1, part_count + 1)), int(PARTS_EXPIRE.total_seconds()))
    return Upload(upload_id=upload_id, expires_at=clock.to_iso(expires), part_size=part_size,
                  parts=[UploadPart.model_validate(u) for u in urls])


def upload_state(caller: Caller, course_id: str, content_id: str, upload_id: str) -> UploadState:
    _authored_course(caller, course_id, draft=False)
    upload = _upload_of(course_id, content_id, upload_id)
    state = UploadState(upload_id=upload_id, content_id=content_id, status=upload["status"],
                        file_name=upload["fileName"], media_type=upload["mediaType"], size_bytes=upload["sizeBytes"],
                        multipart=upload["multipart"], expires_at=upload["urlExpiresAt"], part_size=upload.get("partSize"))
    if not upload["multipart"] or upload["status"] != "OPEN":
        return state
    parts = storage.uploaded_parts(upload["key"], upload["s3UploadId"]) or []
    have = {p["partNumber"] for p in parts}
    missing = [n for n in range(1, int(upload["partCount"]) + 1) if n not in have]
    state.uploaded_parts = [UploadedPart.model_validate(p) for p in parts]
    state.missing_parts = [UploadPart.model_validate(u) for u in storage.part_urls(
        upload["key"], upload["s3UploadId"], missing, int(PARTS_EXPIRE.total_seconds()))]
    return state


# ---- completing it -----------------------------------------------------------------------------------------

def complete_upload(caller: Caller, course_id: str, content_id: str, upload_id: str, body: CompleteIn) -> UploadAccepted:
    """Check that S3 holds the whole file (joining a multipart upload's parts), then the content's media
    becomes PROCESSING; the processor (S3's ObjectCreated event) decides READY or REJECTED."""
    course = _authored_course(caller, course_id)
    upload = _upload_of(course_id, content_id, upload_id)
    if upload["status"] == "OPEN":
        if upload["multipart"]:
            _join_parts(upload, body)
        elif storage.object_size(upload["key"]) != upload["sizeBytes"]:
            raise _incomplete("The file has not arrived (or not whole): send it to the upload's address first")
        if not mark_processing(upload, course):
            raise conflict("COURSE_NOT_DRAFT", "Only a Draft's content can be uploaded")
    return UploadAccepted(upload_id=upload_id, content_id=content_id,
                          status=_status_of(repository.get_course(course_id, consistent=True), content_id, upload_id))


def _join_parts(upload: dict[str, Any], body: CompleteIn) -> None:
    have = storage.uploaded_parts(upload["key"], upload["s3UploadId"])
    if have is None:  # S3 joined it already (a retried call) or it was aborted
        if storage.object_size(upload["key"]) == upload["sizeBytes"]:
            return
        raise _incomplete("The upload was abandoned: open a new one")
    by_number = {p["partNumber"]: p for p in have}
    wanted = list(range(1, int(upload["partCount"]) + 1))
    if [p.part_number for p in body.parts] != wanted:
        raise bad_request("PARTS_MISMATCH", f"List every part, 1 to {len(wanted)}, with its ETag",
                          {"partCount": len(wanted)})
    missing = [n for n in wanted if n not in by_number]
    if missing:
        raise conflict("UPLOAD_INCOMPLETE", "Some parts have not arrived: send them, then complete",
                       {"missingParts": missing})
    wrong = [p.part_number for p in body.parts if p.etag.strip('"') != by_number[p.part_number]["etag"]]
    if wrong:
        raise bad_request("PARTS_MISMATCH", "These parts' ETags are not those S3 has", {"partNumbers": wrong})
    if sum(int(p["sizeBytes"]) for p in have) != int(upload["sizeBytes"]):
        raise _incomplete("The parts do not add up to the declared size")
    try:
        storage.complete_multipart(upload["key"], upload["s3UploadId"],
                                   [{"partNumber": p.part_number, "etag": by_number[p.part_number]["etag"]}
                                    for p in body.parts])
    except storage.PartsRefused as refused:
        raise bad_request("PARTS_MISMATCH", "S3 refused the parts", {"reason": str(refused)}) from refused


def mark_processing(upload: dict[str, Any], course: dict[str, Any] | None = None) -> bool:
    """The upload is COMPLETED and its content's media PROCESSING (the complete call and the processor both
    do this; whoever comes second finds it done). False when the course is no longer a Draft."""
    for _ in range(COMPLETE_ATTEMPTS):
        if course is None:
            course = repository.get_course(upload["courseId"], consistent=True)
        if course is None or course["status"] != "Draft":
            return False
        now = clock.now_iso()
        try:
            repository.complete_upload(upload, course, {"uploadId": upload["uploadId"], "status": "PROCESSING",
                                                        "startedAt": now}, now)
            return True
        except ConditionFailed as failed:
            if failed.reason == repository.UPLOAD:
                return True  # completed already
            course = None  # the course changed since it was read: read it again
    raise conflict("VERSION_CONFLICT", "The course is changing; retry")


def _status_of(course: dict[str, Any] | None, content_id: str, upload_id: str) -> MediaStatus:
    entry = courses.media_entry(course or {}, content_id)
    if entry is None or entry.get("uploadId") != upload_id:
        return "PROCESSING"
    status: MediaStatus = entry["status"]
    return status


# ---- processing's verdict (functions/learning/media_processor.py) ------------------------------------------

def begin_processing(course_id: str, content_id: str, upload_id: str) -> dict[str, Any] | None:
    """The upload an object of the bucket belongs to, once it is marked PROCESSING; None when there is
    nothing to process (no such upload, the course left Draft, or a newer upload of the content replaced it)."""
    upload = repository.get_upload(course_id, upload_id)
    if upload is None or upload["contentId"] != content_id or not mark_processing(upload):
        return None
    course = repository.get_course(course_id, consistent=True) or {}
    entry = (course.get("pending") or {}).get(content_id)
    return upload if entry is not None and entry["uploadId"] == upload_id else None


def pending_entry(course_id: str, content_id: str, upload_id: str) -> dict[str, Any] | None:
    """The content's pending entry while it is this upload's (PROCESSING or REJECTED), else None."""
    course = repository.get_course(course_id, consistent=True) or {}
    entry = (course.get("pending") or {}).get(content_id)
    return dict(entry) if entry is not None and entry["uploadId"] == upload_id else None


def note_job(upload: dict[str, Any], job_id: str, attempt: int) -> bool:
    """The upload's HLS job (MediaConvert) is `job_id`, its `attempt`th: kept on the PROCESSING entry (the
    job's events are matched against it; a resubmitted job starts the processing timeout again). False
    when the entry is no longer this upload's PROCESSING one."""
    return _change_pending(upload, lambda entry: {**entry, "jobId": job_id, "attempt": attempt,
                                                  "startedAt": clock.now_iso()})


def _change_pending(upload: dict[str, Any], change: Any) -> bool:
    content_id, upload_id = upload["contentId"], upload["uploadId"]
    for _ in range(COMPLETE_ATTEMPTS):
        course = repository.get_course(upload["courseId"], consistent=True)
        pending = dict((course or {}).get("pending") or {})
        entry = pending.get(content_id)
        if course is None or entry is None or entry["uploadId"] != upload_id or entry["status"] != "PROCESSING":
            return False
        pending[content_id] = change(entry)
        try:
            repository.set_media(course, pending, dict(course.get("media") or {}), clock.now_iso())
            return True
        except ConditionFailed:
            continue  # the course changed since it was read: read it again
    raise RuntimeError("the course kept changing; retried")


def record_verdict(upload: dict[str, Any], *, reason: str | None, facts: dict[str, Any], media_key: str | None,
                   code: str | None = None) -> bool:
    """READY (the accepted file at `media_key`, with `facts`: what was measured — durationSeconds, pageCount,
    launchPath — and where it lives — prefix, playKey, posterKey) when `reason` is None, else REJECTED with
    the reason (and its `code`, e.g. WRONG_TYPE). The previous READY file is replaced only by a READY one.
    False when a newer upload of the content took this one's place (its verdict is dropped)."""
    content_id, upload_id = upload["contentId"], upload["uploadId"]
    for _ in range(COMPLETE_ATTEMPTS):
        course = repository.get_course(upload["courseId"], consistent=True)
        pending = dict((course or {}).get("pending") or {})
        entry = pending.get(content_id)
        if course is None or entry is None or entry["uploadId"] != upload_id:
            return False
        if course["status"] != "Draft":  # a verdict arriving after the course went to review changes nothing
            return False
        media = dict(course.get("media") or {})
        if reason is None:
            pending.pop(content_id)
            media[content_id] = {**{k: v for k, v in facts.items() if v is not None}, "status": "READY",
                                 "uploadId": upload_id, "key": media_key, "mediaType": upload["mediaType"],
                                 "sizeBytes": upload["sizeBytes"], "readyAt": clock.now_iso()}
        else:
            rejected = {**entry, "status": "REJECTED", "reason": reason[:300]}
            pending[content_id] = {**rejected, "code": code} if code else rejected
        try:
            repository.set_media(course, pending, media, clock.now_iso())
            return True
        except ConditionFailed:
            continue  # the course changed since it was read: read it again
    raise RuntimeError("the course kept changing; the verdict is retried")
