"""What follows a completed course, outside the learning hub: the course's competencies enter the
passbook (source "course"), the completion is remembered for the competency hub (recommendations skip
completed courses; plans show progress), and competency building plans are credited: progress and
completion counters of every live plan that assigns the course to the learner, and +10 karma
(PLAN_COURSE_ON_TIME, context `<planId>#<courseId>`) when the course was completed by the plan's due
time. The learning hub calls `course_completed` once per completion, after the certificate is issued;
calling it again for the same completion changes nothing. (Or, in two parts: `course_completed_ops` — the
completion record and the passbook entries, written in the completion's own transaction — and then, after
the commit, `after_course_completed` — the passbook summary and gap counters, and the plans.)

Plans are owned by the competency hub (functions/competency); the few reads both sides need — which
live plans are assigned to a user — live here so that the learning hub's call needs nothing else."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from boto3.dynamodb.conditions import Key

from karmayogi.domain import karma, refcache
from karmayogi.domain.passbook import PassbookEntry, entry_ops, sync
from karmayogi.platform import clock, db, keys
from karmayogi.platform.observability import logger

PLAN_STAT_SHARDS = 8
MAX_ATTEMPTS = 5

# The names of the operations (db.Op) of `course_completed_ops`, as a failed transaction reports them
# (db.ConditionFailed.reason): the completion record's condition fails when it appeared meanwhile.
RECORD = "completion:record"
PASSBOOK = "passbook:entry"
PLAN_PROGRESS = "plan:progress"


def course_completed(
    user_id: str,
    org_id: str,
    course_id: str,
    competencies: list[tuple[str, int]],
    completed_at: str,
    certificate_id: str,
) -> None:
    """A whole completion on its own (outside the learning hub's completion transaction), built from the
    same pieces: `course_completed_ops` in one transaction, then `after_course_completed`."""
    completed_at = completed_at or clock.now_iso()
    recorded = db.get(*keys.completed_course_key(user_id, course_id), consistent=True) is not None
    db.transact(course_completed_ops(user_id, org_id, course_id, competencies, completed_at, certificate_id,
                                     recorded=recorded))
    after_course_completed(user_id, org_id, course_id, completed_at)


def course_completed_ops(
    user_id: str,
    org_id: str,
    course_id: str,
    competencies: list[tuple[str, int]],
    completed_at: str,
    certificate_id: str,
    *,
    recorded: bool,
) -> list[db.Item]:
    """The facts of a completion as transaction operations, for the learning hub's completion transaction:
    the completion record (unless `recorded`: the caller read it and found it; otherwise its condition
    fails when it appeared meanwhile: RECORD) and the course's passbook entries (PASSBOOK). What derives
    from them — `after_course_completed` — must run after the commit."""
    ops = [] if recorded else [db.put_op(_completion_item(user_id, org_id, course_id, completed_at, certificate_id),
                                         condition="attribute_not_exists(PK)", name=RECORD)]
    entries = entry_ops(user_id, _entries(course_id, competencies, completed_at, certificate_id))
    return ops + [db.named(PASSBOOK, op) for op in entries]


def after_course_completed(user_id: str, org_id: str, course_id: str, completed_at: str) -> None:
    """What follows the commit of `course_completed_ops`: the passbook summary and the org gap counters
    brought up to date, and the plans that assign the course credited. Idempotent (run it again after a
    failure; it changes nothing twice)."""
    sync(user_id)
    credit_plans(user_id, org_id, course_id, completed_at)


def _entries(course_id: str, competencies: list[tuple[str, int]], completed_at: str,
             certificate_id: str) -> list[PassbookEntry]:
    return [PassbookEntry(cid, level, "course", certificate_id or course_id, completed_at) for cid, level in competencies]


def credit_plans(user_id: str, org_id: str, course_id: str, completed_at: str) -> None:
    """Credit the course in every live plan that assigns it to the user (once each)."""
    profile = db.get(keys.user_pk(user_id), keys.PROFILE_SK)
    designation_id = str(profile.get("designationId") or "") if profile else ""
    for plan in assigned_plans(user_id, org_id, designation_id):
        if course_id in plan["live"]["courseIds"]:
            _credit_plan(user_id, org_id, plan, course_id, completed_at)


def _completion_item(user_id: str, org_id: str, course_id: str, completed_at: str, certificate_id: str) -> db.Item:
    pk, sk = keys.completed_course_key(user_id, course_id)
    return {"PK": pk, "SK": sk, "entityType": "CompletedCourse", "userId": user_id, "orgId": org_id,
            "courseId": course_id, "completedAt": completed_at, "certificateId": certificate_id}


def completed_courses(user_id: str) -> dict[str, str]:
    """courseId → completedAt of every course the user completed."""
    condition = Key("PK").eq(keys.user_pk(user_id)) & Key("SK").begins_with("COURSEDONE#")
    return {item["courseId"]: item["completedAt"] for item in db.query_all(condition, max_items=5000)}


def completed_among(user_id: str, course_ids: set[str] | list[str]) -> set[str]:
    """Which of `course_ids` the user completed: one BatchGetItem of their completion items (up to 100
    courses; more than that reads every completion with `completed_courses`)."""
    wanted = sorted(set(course_ids))
    if not wanted:
        return set()
    if len(wanted) > 100:
        return set(completed_courses(user_id)) & set(wanted)
    return {item["courseId"] for item in db.batch_get([keys.completed_course_key(user_id, c) for c in wanted])}


# ---- plans assigned to a user --------------------------------------------------------------------------

def is_assigned(plan: db.Item, user_id: str, org_id: str, designation_id: str) -> bool:
    """Whether the plan's published (live) assignment includes the user."""
    live = plan.get("live") or {}
    if plan.get("status") != "LIVE" or not live:
        return False
    assign_to = live.get("assignTo") or {}
    if user_id in (assign_to.get("userIds") or []):
        return True
    return plan.get("orgId") == org_id and designation_id in (assign_to.get("designations") or [])


def assigned_plans(user_id: str, org_id: str, designation_id: str) -> list[db.Item]:
    """The live plans assigned to a user: by name (pointer items under the user) or through the
    designation they hold in their org (pointer items under the designation, resolved now)."""
    plan_ids: set[str] = set()
    user_refs = db.query_all(Key("PK").eq(keys.user_pk(user_id)) & Key("SK").begins_with("PLANREF#"))
    plan_ids.update(item["planId"] for item in user_refs)
    if org_id and designation_id:
        pk, _ = keys.plan_designation_ref_key(org_id, designation_id, "")
        plan_ids.update(item["planId"] for item in db.query_all(Key("PK").eq(pk) & Key("SK").begins_with("PLAN#")))
    if not plan_ids:
        return []
    plans = db.batch_get([keys.plan_key(p) for p in sorted(plan_ids)])
    return sorted((p for p in plans if is_assigned(p, user_id, org_id, designation_id)),
                  key=lambda p: (p["live"]["dueAt"], p["id"]))


def _credit_plan(user_id: str, org_id: str, plan: db.Item, course_id: str, completed_at: str) -> None:
    """Count the course once in the user's plan progress (and the plan's counters), and credit karma
    when it was completed by the due time."""
    plan_id = plan["id"]
    live_courses = set(plan["live"]["courseIds"])
    pk, sk = keys.plan_progress_key(user_id, plan_id)
    for _ in range(MAX_ATTEMPTS):
        progress = db.get(pk, sk, consistent=True)
        done = set((progress or {}).get("courseIds") or [])
        if course_id in done:
            break
        version = int(progress["version"]) if progress else 0
        # The first time: plan courses the user had completed before count too (their own items).
        now_done = done | {course_id} | (set(completed_courses(user_id)) & live_courses if progress is None else set())
        item = {"PK": pk, "SK": sk, "entityType": "PlanProgress", "userId": user_id, "planId": plan_id,
                "orgId": plan["orgId"], "courseIds": sorted(now_done), "version": version + 1,
                "updatedAt": clock.now_iso()}
        condition = ("attribute_not_exists(PK)" if progress is None else "#v = :v")
        put = (db.put_op(item, condition=condition, name=PLAN_PROGRESS) if progress is None else
               db.put_op(item, condition=condition, names={"#v": "version"}, values={":v": version},
                         name=PLAN_PROGRESS))
        stats_pk, stats_sk = keys.plan_stats_key(plan_id, keys.shard_of(user_id, PLAN_STAT_SHARDS))
        adds = "ADD courseCompletions :n"
        values: dict[str, Any] = {":n": len(now_done - done), ":t": "PlanStats", ":p": plan_id}
        if progress is None:
            adds += ", startedUsers :one"
        if live_courses <= now_done and not live_courses <= done:
            adds += ", completedUsers :one"
        if ":one" in adds:
            values[":one"] = 1
        stats = db.update_op(stats_pk, stats_sk, f"SET entityType = :t, planId = :p {adds}", values=values,
                             name="plan:stats")
        try:
            db.transact([put, stats])
            break
        except db.ConditionFailed as failed:  # the progress changed meanwhile: read it again
            if failed.reason != PLAN_PROGRESS:
                raise
    else:
        logger.warning("plan progress kept changing; not counted", extra={"planId": plan_id, "userId": user_id})
    if clock.parse_iso(completed_at) <= clock.parse_iso(plan["live"]["dueAt"]):
        karma.credit(user_id, org_id, "PLAN_COURSE_ON_TIME", f"{plan_id}#{course_id}")


# ---- recommendations (competency gaps, career readiness) -----------------------------------------------
# The learning hub keeps, per competency a Live course builds, a catalogue card `COURSE#<courseId>` /
# `CATALOGUE#<competencyId>` with GSI2PK `CATALOGUE#COMPETENCY#<competencyId>`, present only while the
# course is Live; a card carries the course summary (id, title, durationMinutes, competencies[]).

MAX_COURSES_PER_COMPETENCY = 500


def _card(item: db.Item, competency_id: str) -> dict[str, Any] | None:
    course_id = item.get("id") or item.get("courseId")
    level = next((int(c["level"]) for c in item.get("competencies") or []
                  if isinstance(c, dict) and c.get("competencyId") == competency_id), None)
    if not course_id or level is None:
        return None
    return {"id": course_id, "title": item.get("title", ""), "durationMinutes": item.get("durationMinutes"),
            "level": level}


def live_courses_for_competency(competency_id: str) -> list[dict[str, Any]]:
    """Live courses that build a competency: `{id, title, durationMinutes, level}` each."""
    condition = Key("GSI2PK").eq(keys.catalogue_competency_gsi(competency_id))
    items = db.query_all(condition, index=keys.GSI2, max_items=MAX_COURSES_PER_COMPETENCY)
    return [card for item in items if (card := _card(item, competency_id)) is not None]


def recommend(needs: dict[str, int], completed: set[str] | dict[str, str],
              limit: int = 5, courses: Mapping[str, list[dict[str, Any]]] | None = None
              ) -> dict[str, list[dict[str, Any]]]:
    """For each competency → required level: the Live courses that build it to at least that level and
    that the learner has not completed, best first: the highest level of the competency, then the
    shortest, then by title (and id). `courses` (competency → its `live_courses_for_competency`), when
    the caller has them already, saves the reads."""
    result: dict[str, list[dict[str, Any]]] = {}
    for competency_id, required in needs.items():
        known = courses.get(competency_id) if courses is not None else None
        candidates = [c for c in (known if known is not None else live_courses_for_competency(competency_id))
                      if c["id"] not in completed and c["level"] >= required]
        candidates.sort(key=lambda c: (-c["level"], c["durationMinutes"] or 10**9, c["title"], c["id"]))
        result[competency_id] = candidates[:limit]
    return result


def live_courses_cached(competency_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """competency → the Live courses that build it (`live_courses_for_competency`), through the container's
    reference cache: one Query per competency not cached. A course published or retired shows here within
    `refcache.TTL_SECONDS`."""

    def load(ids: list[Any]) -> dict[Any, Any]:
        return {c: live_courses_for_competency(c) for c in ids}

    return refcache.lookup("catalogue", competency_ids, load)


def recommend_for(user_id: str, needs: dict[str, int], limit: int = 5) -> dict[str, list[dict[str, Any]]]:
    """`recommend` for one learner, reading only what it must: the Live courses of each competency from
    the container's reference cache (karmayogi.domain.refcache, a short TTL) and, of the candidates, which the
    learner completed (one BatchGetItem)."""
    if not needs:
        return {}
    courses = live_courses_cached(needs)
    candidates = {c["id"] for competency_id, required in needs.items()
                  for c in courses.get(competency_id, []) if c["level"] >= required}
    return recommend(needs, completed_among(user_id, candidates), limit, courses=courses)
