"""What follows a completed course, outside the learning hub: the course's competencies enter the
passbook (source "course") and competency building plans are credited. The learning hub calls
`course_completed` once per completion, after the certificate is issued."""

from __future__ import annotations

from karmayogi.passbook import PassbookEntry, record_competencies


def course_completed(
    user_id: str,
    org_id: str,
    course_id: str,
    competencies: list[tuple[str, int]],
    completed_at: str,
    certificate_id: str,
) -> None:
    del org_id  # used by competency building plans
    record_competencies(
        user_id,
        [PassbookEntry(cid, level, "course", certificate_id or course_id, completed_at) for cid, level in competencies],
    )
