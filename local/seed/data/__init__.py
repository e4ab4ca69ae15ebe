"""Demo and seed data for Karmayogi: pure Python constants, stdlib only.

Modules:
    orgs          ORGS: Union Ministries, their departments, the 28 states and 8 union territories,
                  and a few organisations (Capacity Building Commission, Karmayogi Bharat, ...).
    designations  DESIGNATIONS: central and state government designations.
    competencies  COMPETENCIES: a FRAC-style competency framework (behavioural, functional, domain).
    courses       COURSES and QUIZZES.
    communities   COMMUNITIES with seed topics.
    events        EVENTS: upcoming webinars and workshops (relative to "now").
    career        CAREER_PATHS and DESIGNATION_REQUIREMENTS.
    accounts      DEMO_ACCOUNTS: one or more demo users per role.

Every record is a frozen dataclass; `dataclasses.asdict` turns one into a plain dict (snake_case keys).
"""
