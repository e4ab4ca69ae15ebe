"""Enrolments across a course's revisions (docs/authoring.md, "Revisions and progress").

An enrolment fixes its course's content lists when it is made, so progress is counted without reading the
course on every write. When a revision of the course is published, each enrolment is brought onto the new
contents the next time it is used (read, played or progressed) — not all at once, which would touch every
learner of a popular course in one request:

- contents whose `contentId` stayed keep their progress (completed, declared percent, played ranges);
- contents the revision removed no longer count, and their progress is dropped;
- new contents start at nothing; mandatory ones are needed again for completion;
- an ENROLLED learner whose kept contents now cover every mandatory content completes (certificate, karma);
- a COMPLETED enrolment stays completed (its certificate stands); its lists follow the new contents."""

from __future__ import annotations

from typing import Any

from functions.learning import repository
from functions.learning.repository import reviews as store
from karmayogi.platform.db import ConditionFailed

MEDIA_TYPES = ("video", "audio", "pdf", "scorm")


def behind(enrolment: dict[str, Any], course: dict[str, Any] | None) -> bool:
    if course is None:
        return False
    return int(enrolment.get("courseRevision") or 1) < int(course.get("revision") or 1)


def rebased_fields(enrolment: dict[str, Any], course: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The enrolment's new content lists and progress maps for the course as it is now, and its completed
    contents (those of the new contents it had completed)."""
    contents = [c for m in course["modules"] for c in m["contents"]]
    ids = [c["id"] for c in contents]
    kept = set(ids)
    sets = {
        "contentIds": ids,
        "mandatoryContentIds": [c["id"] for c in contents if c.get("mandatory", True)],
        "quizContentIds": [c["id"] for c in contents if c["type"] == "quiz"],
        "mediaContentIds": [c["id"] for c in contents if c["type"] in MEDIA_TYPES],
        "contentProgress": {k: v for k, v in (enrolment.get("contentProgress") or {}).items() if k in kept},
        "courseRevision": int(course.get("revision") or 1),
        "courseTitle": course["title"],
    }
    if "playback" in enrolment:
        sets["playback"] = {k: v for k, v in (enrolment.get("playback") or {}).items() if k in kept}
    if enrolment.get("lastContentId") not in kept:
        sets["lastContentId"] = ids[0] if ids else None
    completed = [c for c in ids if c in set(enrolment.get("completedContents") or ())]
    return sets, completed


def rebase(enrolment: dict[str, Any], course: dict[str, Any] | None) -> dict[str, Any]:
    """The enrolment on the course's current revision (written once; a concurrent write wins and is read
    back), completing it when what it kept now covers every mandatory content."""
    for _ in range(3):
        if course is None or not behind(enrolment, course):
            return enrolment
        sets, completed = rebased_fields(enrolment, course)
        try:
            enrolment = store.rebase_enrolment(enrolment, sets, completed)
            break
        except ConditionFailed:
            current = repository.get_enrolment(enrolment["id"], consistent=True)
            if current is None:
                return enrolment
            enrolment = current
    from functions.learning.progress import finish_if_complete  # progress imports this module's callers

    return finish_if_complete(enrolment)


def rebase_for_course(enrolment: dict[str, Any]) -> dict[str, Any]:
    """`rebase`, reading the course (one GetItem) — for paths that do not read it anyway."""
    return rebase(enrolment, repository.get_course(enrolment["courseId"]))
