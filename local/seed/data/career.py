"""Career hub seed: role ladders (promotion paths) of the central secretariat services, engineering and
scientific cadres and state administration, and the competencies each designation requires."""

from __future__ import annotations

from dataclasses import dataclass

Requirement = tuple[str, int]  # (competency_id, level 1-5)


@dataclass(frozen=True, slots=True)
class CareerPath:
    from_role: str  # designation id
    to_role: str  # designation id
    required_competencies: tuple[Requirement, ...]


def _p(from_role: str, to_role: str, *required: Requirement) -> CareerPath:
    return CareerPath(from_role, to_role, required)


CAREER_PATHS: tuple[CareerPath, ...] = (
    # Central Secretariat Service
    _p("aso", "so", ("c-noting-drafting", 3), ("c-office-management", 3), ("c-e-office", 3),
       ("c-team-work", 2)),
    _p("so", "us", ("c-noting-drafting", 4), ("c-decision-making", 3), ("c-leadership", 2),
       ("c-service-matters", 3), ("c-rti-handling", 3)),
    _p("us", "ds", ("c-decision-making", 3), ("c-leadership", 3), ("c-policy-analysis", 3),
       ("c-parliament-work", 3), ("c-financial-management", 3)),
    _p("ds", "director", ("c-decision-making", 4), ("c-leadership", 3), ("c-policy-analysis", 4),
       ("c-budgeting", 3), ("c-communication", 4)),
    _p("director", "js", ("c-decision-making", 4), ("c-leadership", 4), ("c-policy-analysis", 4),
       ("c-communication", 4), ("c-planning-coordination", 4)),
    _p("js", "as", ("c-decision-making", 5), ("c-leadership", 4), ("c-policy-analysis", 5),
       ("c-integrity", 4)),
    _p("as", "secretary", ("c-decision-making", 5), ("c-leadership", 5), ("c-integrity", 5),
       ("c-communication", 5)),
    # Central Secretariat Clerical Service and Group C posts
    _p("mts", "ldc", ("c-office-management", 1), ("c-e-office", 1), ("c-communication", 1)),
    _p("ldc", "udc", ("c-office-management", 2), ("c-e-office", 2), ("c-noting-drafting", 1)),
    _p("udc", "assistant", ("c-noting-drafting", 2), ("c-office-management", 2), ("c-service-matters", 2)),
    _p("assistant", "senior-assistant", ("c-noting-drafting", 2), ("c-office-management", 3),
       ("c-service-matters", 3)),
    _p("senior-assistant", "office-superintendent", ("c-office-management", 3), ("c-leadership", 2),
       ("c-service-matters", 3)),
    # Central Secretariat Stenographers' Service
    _p("steno-d", "steno-c", ("c-communication", 2), ("c-office-management", 2), ("c-e-office", 2)),
    _p("steno-c", "ps", ("c-communication", 3), ("c-planning-coordination", 2), ("c-e-office", 3)),
    _p("pa", "ps", ("c-communication", 3), ("c-planning-coordination", 2), ("c-e-office", 3)),
    _p("ps", "pps", ("c-communication", 3), ("c-planning-coordination", 3), ("c-integrity", 3)),
    # Subordinate and attached offices
    _p("ad", "dd", ("c-project-management", 3), ("c-data-analysis", 3), ("c-team-work", 3)),
    _p("dd", "director", ("c-project-management", 4), ("c-policy-analysis", 3), ("c-leadership", 3),
       ("c-decision-making", 3)),
    # Accounts
    _p("aao", "ao", ("c-financial-management", 3), ("c-budgeting", 2), ("c-procurement", 2)),
    _p("ao", "sao", ("c-financial-management", 4), ("c-budgeting", 3), ("c-vigilance-administration", 2)),
    # Engineering services
    _p("je", "ae", ("c-project-management", 2), ("c-procurement", 2), ("c-disaster-management", 1)),
    _p("ae", "ee", ("c-project-management", 3), ("c-procurement", 3), ("c-financial-management", 2),
       ("c-team-work", 3)),
    _p("ee", "se", ("c-project-management", 4), ("c-procurement", 3), ("c-leadership", 3),
       ("c-vigilance-administration", 2)),
    _p("se", "ce", ("c-project-management", 5), ("c-leadership", 4), ("c-decision-making", 4)),
    # Scientific posts
    _p("scientist-b", "scientist-c", ("c-data-analysis", 3), ("c-innovative-thinking", 2),
       ("c-communication", 2)),
    _p("scientist-c", "scientist-d", ("c-data-analysis", 4), ("c-project-management", 3),
       ("c-innovative-thinking", 3)),
    _p("scientist-d", "scientist-e", ("c-project-management", 4), ("c-leadership", 3),
       ("c-innovative-thinking", 4)),
    # Tax and postal
    _p("inspector-it", "ito", ("c-taxation-administration", 3), ("c-noting-drafting", 2), ("c-integrity", 3)),
    _p("postal-assistant", "postmaster", ("c-postal-operations", 3), ("c-citizen-centricity", 3),
       ("c-office-management", 2)),
    # State and district administration
    _p("patwari", "naib-tehsildar", ("c-land-records", 3), ("c-grievance-redressal", 2),
       ("c-citizen-centricity", 2)),
    _p("naib-tehsildar", "tehsildar", ("c-land-records", 4), ("c-decision-making", 3),
       ("c-disaster-management", 2)),
    _p("tehsildar", "sdm", ("c-land-records", 4), ("c-decision-making", 4), ("c-disaster-management", 3),
       ("c-leadership", 3)),
    _p("bdo", "deputy-collector", ("c-rural-development", 4), ("c-project-management", 3),
       ("c-leadership", 3)),
    _p("deputy-collector", "sdm", ("c-decision-making", 4), ("c-disaster-management", 3),
       ("c-grievance-redressal", 3)),
    _p("sdm", "collector", ("c-leadership", 4), ("c-decision-making", 4), ("c-disaster-management", 4),
       ("c-planning-coordination", 4)),
)

# The competencies a holder of each designation is expected to have: drives competency gaps.
DESIGNATION_REQUIREMENTS: dict[str, tuple[Requirement, ...]] = {
    # Central Secretariat ladder: levels rise with seniority.
    "aso": (("c-noting-drafting", 2), ("c-office-management", 2), ("c-e-office", 2),
            ("c-rti-handling", 1), ("c-integrity", 2)),
    "so": (("c-noting-drafting", 3), ("c-office-management", 3), ("c-e-office", 3),
           ("c-rti-handling", 2), ("c-team-work", 3), ("c-integrity", 3)),
    "us": (("c-noting-drafting", 4), ("c-decision-making", 3), ("c-rti-handling", 3),
           ("c-service-matters", 3), ("c-leadership", 2), ("c-integrity", 3)),
    "ds": (("c-decision-making", 3), ("c-policy-analysis", 3), ("c-parliament-work", 3),
           ("c-financial-management", 3), ("c-leadership", 3), ("c-integrity", 4)),
    "director": (("c-decision-making", 4), ("c-policy-analysis", 4), ("c-budgeting", 3),
                 ("c-communication", 4), ("c-leadership", 3), ("c-integrity", 4)),
    "js": (("c-decision-making", 4), ("c-policy-analysis", 4), ("c-leadership", 4),
           ("c-communication", 4), ("c-planning-coordination", 4), ("c-integrity", 5)),
    "as": (("c-decision-making", 5), ("c-policy-analysis", 5), ("c-leadership", 4), ("c-integrity", 5)),
    "secretary": (("c-decision-making", 5), ("c-leadership", 5), ("c-communication", 5), ("c-integrity", 5)),
    # Clerical and stenographic posts
    "mts": (("c-office-management", 1), ("c-citizen-centricity", 1), ("c-integrity", 1)),
    "ldc": (("c-office-management", 1), ("c-e-office", 1), ("c-communication", 1)),
    "udc": (("c-office-management", 2), ("c-e-office", 2), ("c-noting-drafting", 1)),
    "assistant": (("c-noting-drafting", 2), ("c-office-management", 2), ("c-service-matters", 2)),
    "steno-d": (("c-communication", 2), ("c-e-office", 2), ("c-office-management", 1)),
    "ps": (("c-communication", 3), ("c-planning-coordination", 3), ("c-integrity", 3)),
    # Other cadres
    "ad": (("c-project-management", 2), ("c-data-analysis", 2), ("c-noting-drafting", 2)),
    "dd": (("c-project-management", 3), ("c-data-analysis", 3), ("c-team-work", 3)),
    "ae": (("c-project-management", 2), ("c-procurement", 2), ("c-integrity", 2)),
    "ee": (("c-project-management", 3), ("c-procurement", 3), ("c-financial-management", 2)),
    "scientist-b": (("c-data-analysis", 2), ("c-innovative-thinking", 2), ("c-communication", 2)),
    "inspector-it": (("c-taxation-administration", 2), ("c-integrity", 3), ("c-cyber-security", 2)),
    "postmaster": (("c-postal-operations", 3), ("c-citizen-centricity", 3), ("c-office-management", 3)),
    "tehsildar": (("c-land-records", 3), ("c-disaster-management", 2), ("c-grievance-redressal", 2)),
    "bdo": (("c-rural-development", 3), ("c-project-management", 2), ("c-citizen-centricity", 3)),
    "sdm": (("c-land-records", 3), ("c-disaster-management", 3), ("c-decision-making", 3)),
    "collector": (("c-disaster-management", 4), ("c-leadership", 4), ("c-decision-making", 4),
                  ("c-planning-coordination", 4)),
}
