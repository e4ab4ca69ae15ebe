"""Verified progress: players' heartbeats, checked for plausibility, merged per learner and content, measured
against what the server measured itself (the media processor's `durationSeconds` / `pageCount`).

A heartbeat costs one read (the enrolment) and one conditional write (the enrolment: its `playback` map);
the first heartbeat of a content also reads the course once, to check the content's READY file and to cache
its measure and type in the enrolment's entry (coverage.py documents the stored entry).

Plausibility (400 IMPLAUSIBLE_PROGRESS, `details.reason`; nothing is written):
- REPLAYED_SEQ: `seq` not greater than the session's previous one.
- FUTURE_TIMESTAMP / STALE_TIMESTAMP / TIME_WENT_BACK: a client `at` (an offline queue's time of the
  heartbeat) more than CLOCK_SKEW ahead of the server, older than MAX_CLIENT_AGE, or before the session's
  previous heartbeat. Without `at` the server's clock is the heartbeat's time. Plausibility is checked
  against whichever time the heartbeat has: a client that backdates `at` can claim at most 2x the time it
  backdated, within MAX_CLIENT_AGE, and never the same wall time twice (the ledger below).
- BAD_RANGE / BAD_POSITION / PAGE_OUT_OF_RANGE: from ≥ to, negative, NaN or infinite, past the measured
  duration (+ END_TOLERANCE), pages outside 1..pageCount.
- FASTER_THAN_2X: the heartbeat's playback (the union of its ranges; for a pdf PAGE_READING per new page)
  exceeds 2x the wall time since the session's previous heartbeat + WALL_TOLERANCE. A session's first
  heartbeat is taken to cover the FIRST_WINDOW before it (the players' heartbeat interval cap), so it may
  claim 2 x (60 + 5) s.
- WALL_TIME_ALREADY_CLAIMED: the content's wall-time ledger. Every accepted claim is charged (at 2x: half its
  playback) to the wall time of its window not yet charged, across all sessions of the content; concurrent
  sessions claiming playback in the same wall time beyond 2x in total find it charged. WALL_TOLERANCE may be
  borrowed from just after the window (network jitter at 2x), and is then charged, so it never accumulates.

Completion thresholds: video/audio 90 % of the measured duration, pdf every page, scorm
cmi.core.lesson_status completed or passed. A completed content joins `completedContents` in the same write,
and the course's completion (certificate, karma, passbook) follows through progress.finish_if_complete."""

from __future__ import annotations

import json
import math
from datetime import UTC
from typing import Any

from functions.learning import coverage, progress, repository, revisions, scorm
from functions.learning.enrolment_views import enrolment_not_found
from functions.learning.models import MEDIA_CONTENT_TYPES, HeartbeatIn, HeartbeatOut
from karmayogi.platform import clock
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import AppError, bad_request, conflict, not_found
from karmayogi.platform.identity import Caller

MAX_SPEED = 2
FIRST_WINDOW_MS = 60_000  # = the players' heartbeat interval cap (a heartbeat at least every 60 s)
WALL_TOLERANCE_MS = 5_000
END_TOLERANCE_MS = 1_000
CLOCK_SKEW_MS = 30_000
MAX_CLIENT_AGE_MS = 7 * 24 * 3600 * 1000  # an offline queue older than a week is not counted
PAGE_READING_MS = 2_000  # a viewed page counts as 2 s of reading: at most one new page per wall second
MAX_SESSIONS = 4  # per content, the most recent
MEDIA_THRESHOLD = 0.9
WRITE_ATTEMPTS = 4
MAX_ENROLMENT_BYTES = 350_000  # DynamoDB's item limit is 400 KB


def implausible(reason: str, message: str, **details: Any) -> AppError:
    return bad_request("IMPLAUSIBLE_PROGRESS", message, {"reason": reason, **details})


def record_heartbeat(caller: Caller, enrolment_id: str, content_id: str, body: HeartbeatIn) -> HeartbeatOut:
    """Check the heartbeat, merge it into the content's entry and write the enrolment if it is still as read
    (a concurrent heartbeat's write makes this one read again and re-check: nothing is lost or counted twice)."""
    read = repository.get_enrolment(enrolment_id)
    for _ in range(WRITE_ATTEMPTS):
        enrolment = _learning(caller, read, content_id)
        updated = apply(_entry(enrolment, content_id), body, _now_ms())
        entries = {**(enrolment.get("playback") or {}), content_id: updated}
        if len(json.dumps({**enrolment, "playback": entries}, default=str)) > MAX_ENROLMENT_BYTES:
            raise conflict("PROGRESS_STORE_FULL", "This enrolment keeps no more progress")
        try:
            after = repository.record_playback(enrolment, entries, content_id,
                                               completed=bool(updated["completed"]), now=clock.now_iso())
        except ConditionFailed:
            read = repository.get_enrolment(enrolment_id, consistent=True)
            continue
        progress.finish_if_complete(after)
        return HeartbeatOut(covered_percent=int(updated["coveredPercent"]), completed=bool(updated["completed"]))
    raise conflict("ENROLMENT_CHANGED", "The enrolment kept changing; retry")


def _now_ms() -> int:
    return int(clock.now().timestamp() * 1000)


def _learning(caller: Caller, enrolment: dict[str, Any] | None, content_id: str) -> dict[str, Any]:
    """The caller's own learning enrolment (404 for anyone else's) of a course with the content."""
    if enrolment is None or enrolment["userId"] != caller.user_id:
        raise enrolment_not_found()
    if enrolment["status"] not in progress.LEARNING:
        raise conflict("ENROLMENT_NOT_ACTIVE", f"The enrolment is {enrolment['status']}",
                       {"status": enrolment["status"]})
    if content_id not in (enrolment.get("contentIds") or []):
        enrolment = revisions.rebase_for_course(enrolment)  # a content a revision added (revisions.py)
        if content_id not in (enrolment.get("contentIds") or []):
            raise not_found("The content", "CONTENT_NOT_FOUND")
    return enrolment


def _entry(enrolment: dict[str, Any], content_id: str) -> dict[str, Any]:
    """The content's stored entry; on its first heartbeat, a new one from the course (one read)."""
    entry = (enrolment.get("playback") or {}).get(content_id)
    if entry is not None:
        return dict(entry)
    media_ids = enrolment.get("mediaContentIds")
    if media_ids is not None and content_id not in media_ids:
        raise _not_playable()
    return new_entry(repository.get_course(enrolment["courseId"]), content_id)


def _not_playable() -> AppError:
    return conflict("CONTENT_NOT_PLAYABLE", "Only video, audio, pdf and scorm contents send heartbeats; a link's "
                    "progress is recorded with PUT /enrolments/{id}/progress, a quiz's by its attempts")


def new_entry(course: dict[str, Any] | None, content_id: str) -> dict[str, Any]:
    """A content's first entry, with what the server measured of its READY file (409 MEDIA_NOT_READY when
    there is none yet, or it was not measured)."""
    content = next((c for m in (course or {}).get("modules", []) for c in m["contents"] if c["id"] == content_id),
                   None)
    if content is None:
        raise not_found("The content", "CONTENT_NOT_FOUND")
    if content["type"] not in MEDIA_CONTENT_TYPES:
        raise _not_playable()
    media = ((course or {}).get("media") or {}).get(content_id) or {}
    measure: dict[str, Any] = {}
    if content["type"] in ("video", "audio") and float(media.get("durationSeconds") or 0) > 0:
        measure = {"durationMs": int(float(media["durationSeconds"]) * 1000)}
    elif content["type"] == "pdf" and int(media.get("pageCount") or 0) > 0:
        measure = {"pageCount": int(media["pageCount"])}
    elif content["type"] == "scorm":
        measure = {"launchPath": media.get("launchPath", "")}
    if media.get("status") != "READY" or not measure:
        raise conflict("MEDIA_NOT_READY", "The content's file is not ready to play yet")
    return {"type": content["type"], "uploadId": media.get("uploadId", ""), **measure, "coveredPercent": 0,
            "completed": False, "resume": {}, "sessions": {}, "ledger": [], "ledgerFloor": 0}


# ---- the checks and the merge (no I/O) --------------------------------------------------------------------

SHAPES = {"video": ("position", "ranges"), "audio": ("position", "ranges"), "pdf": ("pages",), "scorm": ("cmi",)}


def apply(entry: dict[str, Any], body: HeartbeatIn, now_ms: int) -> dict[str, Any]:
    """The entry after the heartbeat, or an AppError (4xx) when the heartbeat is malformed or implausible."""
    kind = entry["type"]
    wanted = SHAPES[kind]
    sent = {name for name in ("position", "ranges", "pages", "cmi") if getattr(body, name) is not None}
    if sent != set(wanted):
        raise bad_request("HEARTBEAT_MISMATCH", f"A {kind} heartbeat carries {' and '.join(wanted)}",
                          {"type": kind, "expected": list(wanted)})
    at_ms = _heartbeat_time(body, now_ms)
    sessions = {k: dict(v) for k, v in (entry.get("sessions") or {}).items()}
    session = sessions.get(body.session_id)
    if session is not None:
        if body.seq <= int(session["seq"]):
            raise implausible("REPLAYED_SEQ", "This heartbeat was counted already (seq)", lastSeq=int(session["seq"]))
        if at_ms < int(session["at"]):
            raise implausible("TIME_WENT_BACK", "The heartbeat is older than the session's previous one")
        window_start = int(session["at"])
    else:
        window_start = at_ms - FIRST_WINDOW_MS
    updated = {**entry, "resume": dict(entry.get("resume") or {})}
    if kind in ("video", "audio"):
        claimed = _merge_ranges(updated, body)
    elif kind == "pdf":
        claimed = _merge_pages(updated, body)
    else:
        claimed = _merge_cmi(updated, body)
    if claimed:
        _charge(updated, claimed, window_start, at_ms)
    sessions[body.session_id] = {"seq": body.seq, "at": at_ms}
    updated["sessions"] = dict(sorted(sessions.items(), key=lambda s: -int(s[1]["at"]))[:MAX_SESSIONS])
    updated["completed"] = bool(entry.get("completed")) or bool(updated["completed"])
    return updated


def _heartbeat_time(body: HeartbeatIn, now_ms: int) -> int:
    if body.at is None:
        return now_ms
    at = body.at if body.at.tzinfo else body.at.replace(tzinfo=UTC)
    at_ms = int(at.timestamp() * 1000)
    if at_ms > now_ms + CLOCK_SKEW_MS:
        raise implausible("FUTURE_TIMESTAMP", "The heartbeat's time is in the future")
    if at_ms < now_ms - MAX_CLIENT_AGE_MS:
        raise implausible("STALE_TIMESTAMP", "Heartbeats older than a week are not counted")
    return at_ms


def _charge(entry: dict[str, Any], claimed_ms: int, window_start: int, at_ms: int) -> None:
    """Playback of `claimed_ms` in the wall-time window (window_start, at_ms]: within 2x of the window, and of
    the window's time no other heartbeat of the content was charged for."""
    if claimed_ms > MAX_SPEED * (at_ms - window_start + WALL_TOLERANCE_MS):
        raise implausible("FASTER_THAN_2X", "More playback than twice the time since the session's previous "
                          "heartbeat", claimedSeconds=claimed_ms / 1000, elapsedSeconds=(at_ms - window_start) / 1000)
    ledger = [list(i) for i in entry.get("ledger") or []]
    floor = int(entry.get("ledgerFloor") or 0)
    gaps = coverage.free_time(ledger, floor, window_start, at_ms + WALL_TOLERANCE_MS)
    needed = math.ceil(claimed_ms / MAX_SPEED)
    if coverage.measure(gaps) < needed:
        raise implausible("WALL_TIME_ALREADY_CLAIMED", "Other sessions of this content claimed playback in the "
                          "same time already (more than 2x in total)")
    entry["ledger"], entry["ledgerFloor"] = coverage.charge(ledger, floor, gaps, needed)


def _finite_ms(value: float) -> int | None:
    return round(value * 1000) if math.isfinite(value) and value >= 0 else None


def _merge_ranges(entry: dict[str, Any], body: HeartbeatIn) -> int:
    duration = int(entry["durationMs"])
    limit = duration + END_TOLERANCE_MS
    position = _finite_ms(float(body.position))  # type: ignore[arg-type]
    if position is None or position > limit:
        raise implausible("BAD_POSITION", "The position must be a number from 0 to the content's duration",
                          durationSeconds=duration / 1000)
    ranges = []
    for index, (start, end) in enumerate(body.ranges or []):
        start_ms, end_ms = _finite_ms(start), _finite_ms(end)
        if start_ms is None or end_ms is None or start_ms >= end_ms or end_ms > limit:
            raise implausible("BAD_RANGE", "A range is [from, to] with 0 ≤ from < to ≤ the content's duration",
                              range=index, durationSeconds=duration / 1000)
        ranges.append([start_ms, min(end_ms, duration)])
    new = coverage.union(ranges)
    entry["ranges"] = coverage.merge_played([list(r) for r in entry.get("ranges") or []], new)
    covered = coverage.measure(coverage.clip(entry["ranges"], 0, duration))
    entry["coveredPercent"] = min(100, covered * 100 // duration)
    entry["completed"] = covered >= MEDIA_THRESHOLD * duration
    entry["resume"] = {"positionMs": min(position, duration)}
    return coverage.measure(new)


def _merge_pages(entry: dict[str, Any], body: HeartbeatIn) -> int:
    page_count = int(entry["pageCount"])
    pages = body.pages or []
    wrong = [p for p in pages if not 1 <= p <= page_count]
    if wrong:
        raise implausible("PAGE_OUT_OF_RANGE", f"Pages are numbered 1 to {page_count}", pages=wrong[:10])
    before = coverage.mask_from_hex(entry.get("pages"))
    after = before | coverage.pages_mask(pages)
    entry["pages"] = format(after, "x")
    viewed = coverage.count_pages(after)
    entry["coveredPercent"] = viewed * 100 // page_count
    entry["completed"] = viewed == page_count
    if pages:
        entry["resume"] = {"page": pages[-1]}
    return len(set(pages)) * PAGE_READING_MS


def _merge_cmi(entry: dict[str, Any], body: HeartbeatIn) -> int:
    completed_before = bool(entry.get("completed"))
    values, wrong = scorm.problems(body.cmi)
    if wrong:
        raise bad_request("INVALID_CMI", "Some values are outside the SCORM 1.2 data model", wrong)
    status = values.get("cmi.core.lesson_status", entry.get("lessonStatus"))
    if status is not None:
        entry["lessonStatus"] = status
    if "cmi.core.score.raw" in values:
        entry["scoreRaw"] = values["cmi.core.score.raw"]
    resume = entry["resume"]
    for element, field in (("cmi.suspend_data", "suspendData"), ("cmi.core.lesson_location", "lessonLocation")):
        if element in values:
            resume[field] = values[element]
    entry["completed"] = completed_before or status in scorm.COMPLETE_STATUSES
    entry["coveredPercent"] = 100 if entry["completed"] else 0
    return 0
