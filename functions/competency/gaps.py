"""The learner's passbook and competency gaps (against their designation's requirements and the
competencies they declared they want), and the org's gaps (from the incrementally kept counters)."""

from __future__ import annotations

from typing import Any

from functions.competency import access, repository
from functions.competency.models import (
    Gap,
    MyGaps,
    OrgDesignationGaps,
    OrgRequirementGap,
    PassbookCompetency,
    PassbookEntryOut,
    RecommendedCourse,
)
from karmayogi.domain import completions, passbook
from karmayogi.platform import cursor
from karmayogi.platform.errors import forbidden
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf

RECOMMENDATIONS_PER_GAP = 5


# ---- passbook ---------------------------------------------------------------------------------------------

def my_passbook(caller: Caller, limit: int, page_cursor: str | None) -> PageOf[PassbookCompetency]:
    """The passbook grouped by competency, in competency-id order, `limit` competencies a page."""
    scope = f"passbook:{caller.user_id}"
    after = str(cursor.decode(page_cursor, scope).get("after", "")) if page_cursor else ""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for entry in passbook.entries_of(caller.user_id):
        grouped.setdefault(entry["competencyId"], []).append(entry)
    ids = sorted(c for c in grouped if c > after)
    page_ids = ids[:limit]
    framework = repository.get_competencies(page_ids)
    items = []
    for competency_id in page_ids:
        entries = grouped[competency_id]
        winner = passbook.winning_entry(entries)
        history = sorted(entries, key=lambda e: (e["acquiredAt"], e["level"]), reverse=True)
        known = framework.get(competency_id) or {}
        items.append(PassbookCompetency(
            competency_id=competency_id,
            name=known.get("name"),
            area=known.get("area"),
            level=int(winner["level"]),
            source=winner["source"],
            source_id=winner["sourceId"],
            acquired_at=winner["acquiredAt"],
            entries=[PassbookEntryOut(level=int(e["level"]), source=e["source"], source_id=e["sourceId"],
                                      acquired_at=e["acquiredAt"]) for e in history],
        ))
    next_cursor = cursor.encode({"after": page_ids[-1]}, scope) if len(ids) > limit else None
    return PageOf[PassbookCompetency](items=items, next_cursor=next_cursor)


# ---- gaps -----------------------------------------------------------------------------------------------

def _desired(profile: dict[str, Any]) -> dict[str, int]:
    """The levels the learner declared they want (`desiredCompetencies` of their competency profile)."""
    declared = (profile.get("competencyProfile") or {}).get("desiredCompetencies") or []
    return {str(d["competencyId"]): int(d["level"]) for d in declared if d.get("competencyId") and d.get("level")}


def my_gaps(caller: Caller) -> MyGaps:
    """What the caller lacks of their designation's requirements and of the competencies they declared they
    want: per competency the higher of the two levels is the one to reach."""
    profile, levels = repository.learner(caller.user_id)
    if profile is None:
        raise forbidden("Your account has no profile yet", code="PROFILE_MISSING")
    org_id = str(profile["orgId"])
    designation_id = profile.get("designationId")
    requirement = repository.get_requirements(org_id, designation_id) if designation_id else None
    required = {c: int(level) for c, level in ((requirement or {}).get("requirements") or {}).items()}
    desired = _desired(profile)
    wanted = {c: max(required.get(c, 0), desired.get(c, 0)) for c in {*required, *desired}}
    gaps = passbook.shortfalls(levels, wanted)
    if not gaps:
        return MyGaps(org_id=org_id, designation_id=designation_id, items=[])
    names = repository.get_competencies(c for c, _, _ in gaps)
    recommended = completions.recommend_for(caller.user_id, {c: level for c, level, _ in gaps},
                                            RECOMMENDATIONS_PER_GAP)
    return MyGaps(org_id=org_id, designation_id=designation_id, items=[
        Gap(competency_id=c, name=(names.get(c) or {}).get("name"), required_level=level, current_level=current,
            designation_level=required.get(c), desired_level=desired.get(c),
            recommended_courses=[RecommendedCourse.model_validate(course) for course in recommended[c]])
        for c, level, current in gaps
    ])


def org_gaps(caller: Caller, org_id: str, limit: int, page_cursor: str | None) -> PageOf[OrgDesignationGaps]:
    """Per designation of the org with requirements: its officers and, per required competency, how many
    meet the level and how many lack it (from the incrementally kept counters; no user is read)."""
    access.require_org_reader(caller, org_id)
    page = repository.list_requirements(org_id, limit, page_cursor)
    designation_ids = [item["designationId"] for item in page.items]
    counts = repository.gap_counts(org_id, designation_ids)
    names, competency_names = repository.get_designations_and_competencies(
        designation_ids, (c for item in page.items for c in (item.get("requirements") or {})))
    items = []
    for item in page.items:
        designation_id = item["designationId"]
        totals = counts.get(designation_id, {})
        officers = totals.get(passbook.OFFICERS, 0)
        rows = []
        for competency_id, required in sorted((item.get("requirements") or {}).items()):
            meeting = passbook.meeting(totals, competency_id, int(required))
            rows.append(OrgRequirementGap(competency_id=competency_id,
                                          name=(competency_names.get(competency_id) or {}).get("name"),
                                          required_level=int(required), officers=officers, meeting=meeting,
                                          lacking=max(0, officers - meeting)))
        items.append(OrgDesignationGaps(designation_id=designation_id,
                                        designation=(names.get(designation_id) or {}).get("name"),
                                        officers=officers, competencies=rows))
    return PageOf[OrgDesignationGaps](items=items, next_cursor=page.next_cursor)
