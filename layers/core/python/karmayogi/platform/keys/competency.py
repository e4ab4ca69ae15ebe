"""The competency hub: framework, requirements, summaries, gap counters, plans."""

from __future__ import annotations

from karmayogi.platform.keys.common import user_pk

# ---- competency hub -------------------------------------------------------------------------------------

def competency_key(competency_id: str) -> tuple[str, str]:
    """A competency of the framework (batch_get these to validate competency ids)."""
    return f"COMPETENCY#{competency_id}", "META"


def competencies_by_area_gsi(area: str) -> str:
    """GSI1PK of a competency: the framework's competencies of one area, by name (GSI1SK name#id)."""
    return f"COMPETENCIES#{area}"


ALL_COMPETENCIES_GSI = "COMPETENCIES"  # GSI2PK of every competency, by name


def designation_requirements_key(org_id: str, designation_id: str) -> tuple[str, str]:
    """The competencies (and levels) an org requires of the holders of one designation."""
    return f"ORGREQ#{org_id}", f"DESIGNATION#{designation_id}"


def competency_summary_key(user_id: str) -> tuple[str, str]:
    """A user's best level per competency and the org/designation their levels are counted under in
    the org gap counters (the per-user marker that keeps those counters exact)."""
    return user_pk(user_id), "COMPSUMMARY"


# Gap counters of an (org, designation) are spread over this many shards (one officer, one shard).
GAP_COUNTER_SHARDS = 8


def gap_counter_key(org_id: str, designation_id: str, shard: int) -> tuple[str, str]:
    """One shard of an (org, designation)'s counters: officers and, per competency and level, how many
    of them hold that competency at exactly that (best) level."""
    return f"GAPCOUNT#{org_id}#{designation_id}#{shard}", "COUNTS"


def completed_course_key(user_id: str, course_id: str) -> tuple[str, str]:
    """A course the user completed (written by completions.course_completed)."""
    return user_pk(user_id), f"COURSEDONE#{course_id}"


def plan_key(plan_id: str) -> tuple[str, str]:
    return f"PLAN#{plan_id}", "META"


def org_plans_gsi(org_id: str) -> str:
    """GSI1PK of a plan: an org's competency building plans, newest first (GSI1SK createdAt#id)."""
    return f"ORG#{org_id}#PLANS"


def plan_user_ref_key(user_id: str, plan_id: str) -> tuple[str, str]:
    """A plan assigned to a user by name."""
    return user_pk(user_id), f"PLANREF#{plan_id}"


def plan_designation_ref_key(org_id: str, designation_id: str, plan_id: str) -> tuple[str, str]:
    """A plan assigned to every holder of a designation in an org (resolved when read)."""
    return f"DPLAN#{org_id}#{designation_id}", f"PLAN#{plan_id}"


def plan_progress_key(user_id: str, plan_id: str) -> tuple[str, str]:
    """The plan courses a user completed while the plan was live (counted once each)."""
    return user_pk(user_id), f"PLANPROGRESS#{plan_id}"


def plan_stats_key(plan_id: str, shard: int) -> tuple[str, str]:
    """One shard of a plan's completion counters."""
    return f"PLANSTAT#{plan_id}#{shard}", "COUNTS"
