"""The arithmetic of verified progress, without storage or HTTP: unions of played ranges, the wall-time
ledger that bounds playback to 2x the time that passed, and the viewed pages of a pdf as a bit set.

Times are integer milliseconds (epoch ms for wall time, ms from the start for positions): DynamoDB keeps
them exactly, and no float rounding decides a completion. Interval arithmetic is hand-written (a dozen
lines: sorting and merging) rather than a dependency loaded on every cold start of the learning hub."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

Interval = list[int]  # [start, end), end > start

JOIN_GAP_MS = 200  # ranges closer than this are one (a player's time updates come every ~250 ms; counted as played)
MAX_STORED_RANGES = 64  # per content; beyond, the shortest are dropped (never a gap counted as played)
LEDGER_INTERVALS = 16  # wall-time intervals kept per content; older ones fold into the ledger's floor


def union(intervals: Iterable[Sequence[int]], join_gap: int = 0) -> list[Interval]:
    """Sorted, disjoint intervals covering the same points (intervals closer than `join_gap` joined)."""
    merged: list[Interval] = []
    for start, end in sorted((int(s), int(e)) for s, e in intervals if e > s):
        if merged and start <= merged[-1][1] + join_gap:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def measure(intervals: Iterable[Sequence[int]]) -> int:
    return sum(int(e) - int(s) for s, e in intervals)


def clip(intervals: Iterable[Sequence[int]], low: int, high: int) -> list[Interval]:
    return [[max(int(s), low), min(int(e), high)] for s, e in intervals if min(int(e), high) > max(int(s), low)]


def merge_played(stored: list[Interval], new: list[Interval]) -> list[Interval]:
    """The content's played ranges with a heartbeat's added: merged, and at most MAX_STORED_RANGES — when a
    learner skipped around more than that, the shortest ranges are forgotten (undercounting; merging across
    a gap instead would count seconds nobody played)."""
    merged = union([*stored, *new], join_gap=JOIN_GAP_MS)
    if len(merged) > MAX_STORED_RANGES:
        kept = sorted(merged, key=lambda r: r[1] - r[0], reverse=True)[:MAX_STORED_RANGES]
        merged = sorted(kept)
    return merged


def free_time(consumed: list[Interval], floor: int, start: int, end: int) -> list[Interval]:
    """The parts of [start, end) after `floor` that no earlier heartbeat's playback was charged to."""
    gaps: list[Interval] = []
    cursor = max(start, floor)
    for s, e in consumed:
        if e <= cursor:
            continue
        if s >= end:
            break
        if s > cursor:
            gaps.append([cursor, min(s, end)])
        cursor = max(cursor, e)
    if cursor < end:
        gaps.append([cursor, end])
    return gaps


def charge(consumed: list[Interval], floor: int, gaps: list[Interval], needed: int) -> tuple[list[Interval], int]:
    """Charge `needed` ms of wall time to the earliest free `gaps`; the ledger (intervals, floor) after it.
    At most LEDGER_INTERVALS intervals are kept: the oldest fold into the floor (wall time before the floor
    counts as used, so dropping them never frees time for a second claim)."""
    taken: list[Interval] = []
    for s, e in gaps:
        if needed <= 0:
            break
        use = min(e - s, needed)
        taken.append([s, s + use])
        needed -= use
    ledger = union([*consumed, *taken])
    while len(ledger) > LEDGER_INTERVALS:
        floor = max(floor, ledger.pop(0)[1])
    return ledger, floor


def pages_mask(pages: Iterable[int]) -> int:
    mask = 0
    for page in pages:
        mask |= 1 << (page - 1)
    return mask


def mask_from_hex(text: str | None) -> int:
    return int(text, 16) if text else 0


def count_pages(mask: int) -> int:
    return bin(mask).count("1")


# ---- the stored entry, as learners see it ------------------------------------------------------------------
# enrolment["playback"][contentId] (written by heartbeats.py; docs/data-model.md, Enrolment):
#   type, uploadId, durationMs (video, audio) | pageCount (pdf), coveredPercent, completed,
#   ranges [[fromMs, toMs]...] (video, audio) | pages (hex bit set, pdf) | lessonStatus, scoreRaw (scorm),
#   resume {positionMs | page | suspendData, lessonLocation}, sessions {sessionId: {seq, at}},
#   ledger [[fromMs, toMs]...] + ledgerFloor (wall time already charged to playback)

def resume_of(enrolment: dict[str, Any], content_id: str) -> dict[str, Any] | None:
    """Where a content's player resumes, from the enrolment item alone (no read): `{"position": seconds}`
    (video, audio), `{"page": n}` (pdf), `{"suspendData", "lessonLocation"}` (scorm); None before the
    content's first heartbeat."""
    entry = (enrolment.get("playback") or {}).get(content_id)
    if not entry:
        return None
    resume = entry.get("resume") or {}
    if entry["type"] in ("video", "audio"):
        return {"position": int(resume.get("positionMs", 0)) / 1000}
    if entry["type"] == "pdf":
        return {"page": int(resume.get("page", 1))}
    return {"suspendData": str(resume.get("suspendData", "")), "lessonLocation": str(resume.get("lessonLocation", ""))}


def contents_of(enrolment: dict[str, Any]) -> list[dict[str, Any]]:
    """Every content of the enrolment in course order: `contentId, coveredPercent, completed, resume` — the
    verified share of media contents, the declared percent of links (100 once completed)."""
    completed = set(enrolment.get("completedContents") or ())
    playback = enrolment.get("playback") or {}
    declared = enrolment.get("contentProgress") or {}
    views = []
    for content_id in enrolment.get("contentIds") or []:
        done = content_id in completed
        entry = playback.get(content_id)
        percent = int(entry["coveredPercent"]) if entry else int(declared.get(content_id, 0) or 0)
        views.append({"contentId": content_id, "coveredPercent": 100 if done and not entry else percent,
                      "completed": done, "resume": resume_of(enrolment, content_id)})
    return views


def next_content_id(enrolment: dict[str, Any]) -> str | None:
    """Where "continue" goes: the first content not completed, in course order, from the last one worked on
    (itself when unfinished), wrapping round to the start; None when every content is completed."""
    content_ids = list(enrolment.get("contentIds") or [])
    completed = set(enrolment.get("completedContents") or ())
    last = enrolment.get("lastContentId")
    start = content_ids.index(last) if last in content_ids else 0
    for content_id in content_ids[start:] + content_ids[:start]:
        if content_id not in completed:
            return content_id
    return None
