"""The career hub: paths, openings, applications."""

from __future__ import annotations

# ---- career hub -----------------------------------------------------------------------------------------

def career_path_key(from_role: str, to_role: str) -> tuple[str, str]:
    """A rung of a role ladder. GSI1: all paths (`CAREERPATHS` / from#to); GSI2: paths into a role."""
    return f"CAREERPATH#{from_role}", f"TO#{to_role}"


ALL_CAREER_PATHS_GSI = "CAREERPATHS"


def career_ladder_key(path_id: str) -> tuple[str, str]:
    """A managed career path (a ladder: a title and ordered rungs); its steps are CAREERPATH items."""
    return f"CAREERLADDER#{path_id}", "META"


# GSI1PK of a ladder: every managed ladder by title (GSI1SK = normalized title#id).
ALL_CAREER_LADDERS_GSI = "CAREERLADDERS"


def career_paths_to_gsi(to_role: str) -> str:
    return f"CAREERPATHTO#{to_role}"


def opening_key(opening_id: str) -> tuple[str, str]:
    return f"OPENING#{opening_id}", "META"


# GSI1PK of an opening: every opening by closing time (GSI1SK closingAt#id); the open ones are a range.
OPENINGS_GSI = "OPENINGS"


def org_openings_gsi(org_id: str) -> str:
    """GSI2PK of an opening: an org's openings, newest first."""
    return f"ORG#{org_id}#OPENINGS"


def application_key(application_id: str) -> tuple[str, str]:
    return f"APPLICATION#{application_id}", "META"


def application_guard_key(opening_id: str, user_id: str) -> tuple[str, str]:
    """One application per learner and opening (written in the application's transaction)."""
    return f"OPENING#{opening_id}", f"APPLICANT#{user_id}"


def opening_applications_gsi(opening_id: str) -> str:
    """GSI1PK of an application: an opening's applications, oldest first."""
    return f"OPENING#{opening_id}#APPLICATIONS"


def user_applications_gsi(user_id: str) -> str:
    """GSI2PK of an application: a learner's applications, newest first."""
    return f"USER#{user_id}#APPLICATIONS"
