"""The passbook: entries from the profile (self), certificates (course) and assessments, shown per
competency with the highest level, the entry that shows it and the history."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from karmayogi.domain import completions, passbook
from karmayogi.domain.passbook import PassbookEntry
from karmayogi.platform import clock, db, keys


def test_passbook_groups_entries_and_shows_the_highest_level_with_its_history(world, as_user):
    user_id = world.learner["userId"]
    clock.set_now(datetime(2026, 1, 10, tzinfo=UTC))
    passbook.replace_self_declared(user_id, [PassbookEntry("c-integrity", 2, "self", "profile"),
                                             PassbookEntry("c-team-work", 3, "self", "profile")])
    completions.course_completed(user_id, "dopt", "course-ethics", [("c-integrity", 4), ("c-e-office", 1)],
                                 "2026-03-01T10:00:00+00:00", "cert-1")
    passbook.record_competencies(user_id, [PassbookEntry("c-integrity", 4, "assessment", "quiz-9",
                                                         "2026-03-05T10:00:00+00:00"),
                                           PassbookEntry("c-team-work", 3, "course", "cert-2",
                                                         "2026-02-01T10:00:00+00:00")])
    response = as_user(world.learner).get("/me/competencies")
    assert response.status == 200
    items = {item["competencyId"]: item for item in response.json()["items"]}
    assert list(items) == ["c-e-office", "c-integrity", "c-team-work"]
    integrity = items["c-integrity"]
    # Level 4 from a course and from an assessment: the assessment wins the tie (a verified source
    # first: assessment, course, then self).
    assert {k: integrity[k] for k in ("name", "area", "level", "source", "sourceId", "acquiredAt")} == {
        "name": "Integrity", "area": "behavioural", "level": 4, "source": "assessment", "sourceId": "quiz-9",
        "acquiredAt": "2026-03-05T10:00:00+00:00"}
    assert [(e["level"], e["source"], e["sourceId"], e["acquiredAt"]) for e in integrity["entries"]] == [
        (4, "assessment", "quiz-9", "2026-03-05T10:00:00+00:00"), (4, "course", "cert-1", "2026-03-01T10:00:00+00:00"),
        (2, "self", "profile", "2026-01-10T00:00:00+00:00")]
    assert (items["c-team-work"]["source"], items["c-team-work"]["level"]) == ("course", 3)
    assert items["c-e-office"] == {
        "competencyId": "c-e-office", "name": "e-Office", "area": "functional", "level": 1, "source": "course",
        "sourceId": "cert-1", "acquiredAt": "2026-03-01T10:00:00+00:00",
        "entries": [{"level": 1, "source": "course", "sourceId": "cert-1", "acquiredAt": "2026-03-01T10:00:00+00:00"}]}


def test_passbook_pages_by_competency(world, as_user):
    user_id = world.learner["userId"]
    passbook.record_competencies(user_id, [PassbookEntry(c, 1, "self", "profile")
                                           for c in ("c-integrity", "c-e-office", "c-team-work")])
    client = as_user(world.learner)
    first = client.get("/me/competencies", query={"limit": 2}).json()
    assert [i["competencyId"] for i in first["items"]] == ["c-e-office", "c-integrity"]
    second = client.get("/me/competencies", query={"limit": 2, "cursor": first["nextCursor"]}).json()
    assert [i["competencyId"] for i in second["items"]] == ["c-team-work"]
    assert second["nextCursor"] is None
    # A cursor is bound to its owner's passbook.
    assert as_user(world.colleague).get("/me/competencies", query={"cursor": first["nextCursor"]}).status == 400
    assert client.get("/me/competencies", query={"cursor": "garbage"}).status == 400
    assert as_user(world.colleague).get("/me/competencies").json() == {"items": [], "nextCursor": None}


def test_self_declared_entries_are_replaced_and_the_summary_follows(world):
    user_id = world.learner["userId"]
    passbook.replace_self_declared(user_id, [PassbookEntry("c-integrity", 3, "self", "profile"),
                                             PassbookEntry("c-team-work", 2, "self", "profile")])
    passbook.replace_self_declared(user_id, [PassbookEntry("c-integrity", 1, "self", "profile")])
    assert passbook.current_levels(user_id) == {"c-integrity": 1}
    assert passbook.summaries([user_id, "nobody"]) == {user_id: {"c-integrity": 1}, "nobody": {}}
    summary = db.get(*keys.competency_summary_key(user_id))
    assert summary is not None
    assert (summary["countedOrgId"], summary["countedDesignationId"]) == ("dopt", "section-officer")


@pytest.mark.parametrize("entry", [
    PassbookEntry("c-integrity", 0, "self", "profile"),
    PassbookEntry("c-integrity", 6, "course", "c1"),
    PassbookEntry("c-integrity", 2, "hearsay", "x"),  # type: ignore[arg-type]
])
def test_invalid_entries_are_refused(world, entry):
    with pytest.raises(ValueError):
        passbook.record_competencies(world.learner["userId"], [entry])


def test_passbook_needs_authentication(world, api):
    assert api.get("/me/competencies").status == 401
    assert api.get("/me/competency-gaps").status == 401
    assert api.get("/me/plans").status == 401
