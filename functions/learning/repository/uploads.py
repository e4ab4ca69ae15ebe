"""Uploads of course content and the media state on the course (docs/data-model.md "Learning hub", L-W10…12).

An upload is `COURSE#<courseId>` / `UPLOAD#<uploadId>` (expires by TTL a week after it was opened). The
course item carries what processing left: `pending` {contentId: {uploadId, status PROCESSING|REJECTED,
reason?, startedAt}} — the newest upload of each content until it is READY — and `media` {contentId:
{status READY, uploadId, key, ...}}, the file learners get. Both maps are written whole with the course's
`version` as condition (and bump it), so no concurrent PUT of the draft can lose them or be lost."""

from __future__ import annotations

from typing import Any

from karmayogi.platform import db, keys
from karmayogi.platform.db import ConditionFailed

Item = db.Item

# Operation names (db.ConditionFailed.reason)
UPLOAD = "upload"
COURSE = "course"
UPLOAD_TTL_SECONDS = 7 * 24 * 3600


def create_upload(course_id: str, upload_id: str, fields: dict[str, Any], *, now_epoch: int) -> Item:
    """Store a new upload (`fields`: contentId, fileName, mediaType, sizeBytes, key, multipart...); the item.
    ConditionFailed("exists") if the id is taken."""
    pk, sk = keys.course_upload_key(course_id, upload_id)
    item = {"PK": pk, "SK": sk, "entityType": "CourseUpload", "uploadId": upload_id, "courseId": course_id,
            **fields, "status": "OPEN", "expiresAt": now_epoch + UPLOAD_TTL_SECONDS}
    db.create(item)
    return item


def get_upload(course_id: str, upload_id: str) -> Item | None:
    return db.get(*keys.course_upload_key(course_id, upload_id), consistent=True)


def complete_upload(upload: Item, course: Item, pending: dict[str, Any], now: str) -> Item:
    """The upload becomes COMPLETED and its content's `pending` entry PROCESSING, in one transaction; the
    course as stored. ConditionFailed: "upload" (completed already), "course" (no longer a Draft at the
    version read)."""
    version = int(course["version"])
    upload_pk, upload_sk = keys.course_upload_key(upload["courseId"], upload["uploadId"])
    course_pk, course_sk = keys.course_key(course["id"])
    all_pending = {**course.get("pending", {}), upload["contentId"]: pending}
    ops = [
        db.update_op(upload_pk, upload_sk, "SET #s = :done, completedAt = :now",
                     condition="#s = :open", names={"#s": "status"},
                     values={":done": "COMPLETED", ":now": now, ":open": "OPEN"}, name=UPLOAD),
        db.update_op(course_pk, course_sk, "SET #p = :p, #v = #v + :one, updatedAt = :now",
                     condition="#v = :v AND #st = :draft",
                     names={"#p": "pending", "#v": "version", "#st": "status"},
                     values={":p": all_pending, ":one": 1, ":now": now, ":v": version, ":draft": "Draft"},
                     name=COURSE),
    ]
    db.transact(ops)
    return {**course, "pending": all_pending, "version": version + 1, "updatedAt": now}


def set_media(course: Item, pending: dict[str, Any], media: dict[str, Any], now: str) -> Item:
    """Write the course's `pending` and `media` maps whole (the processor's result) if the course is still
    at the version read. ConditionFailed("stale"|"missing") otherwise: read again and retry."""
    return db.update_if_version(*keys.course_key(course["id"]), int(course["version"]),
                                {"pending": pending, "media": media, "updatedAt": now})


__all__ = ["COURSE", "UPLOAD", "ConditionFailed", "complete_upload", "create_upload", "get_upload", "set_media"]
