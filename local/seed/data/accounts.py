"""Demo users, one or more per role. Local/demo use only: the people are fictional, the mobiles are
fictional (+9198000000NN) and every account shares the documented demo password."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "Karmayogi@2026"  # noqa: S105 - a documented demo credential, not a secret

# The platform's roles (mirrors karmayogi.platform.roles.ALL_ROLES; kept here so this package stays stdlib-only).
ROLES: tuple[str, ...] = (
    "PUBLIC",
    "MDO_ADMIN",
    "MDO_LEADER",
    "CONTENT_CREATOR",
    "CONTENT_PUBLISHER",
    "PROGRAM_COORDINATOR",
    "COMMUNITY_MODERATOR",
    "SPV_ADMIN",
)


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str  # the email; login also accepts employee_id
    password: str
    employee_id: str  # [A-Z0-9-]{4,20}
    name: str
    email: str  # its domain is one of the org's email_domains
    mobile: str  # E.164: +91 and 10 digits starting 6-9
    org_id: str
    designation_id: str
    roles: tuple[str, ...]  # always includes "PUBLIC"


def _a(
    email: str, employee_id: str, name: str, mobile: str, org_id: str, designation_id: str, *roles: str
) -> DemoAccount:
    return DemoAccount(email, DEMO_PASSWORD, employee_id, name, email, mobile, org_id, designation_id,
                       ("PUBLIC", *roles))


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    # Learners
    _a("priya.sharma@mha.gov.in", "MHA-100001", "Priya Sharma", "+919800000001", "mha", "aso"),
    _a("arjun.nair@kerala.gov.in", "KER-200001", "Arjun Nair", "+919800000002", "state-kerala", "tehsildar"),
    # Administrators of ministries/departments/organisations (MDOs)
    _a("rajesh.kumar@dopt.gov.in", "DOPT-100001", "Rajesh Kumar", "+919800000003", "dopt", "us",
       "MDO_ADMIN"),
    _a("sunita.verma@mha.gov.in", "MHA-100002", "Sunita Verma", "+919800000004", "mha", "ds", "MDO_ADMIN"),
    _a("meenakshi.iyer@dopt.gov.in", "DOPT-100002", "Meenakshi Iyer", "+919800000005", "dopt", "js",
       "MDO_LEADER"),
    # Content
    _a("vikram.singh@istm.gov.in", "ISTM-100001", "Vikram Singh", "+919800000006", "istm", "dd",
       "CONTENT_CREATOR"),
    _a("kavita.reddy@istm.gov.in", "ISTM-100002", "Kavita Reddy", "+919800000007", "istm", "director",
       "CONTENT_PUBLISHER"),
    # Programmes, communities and the platform
    _a("mohammed.irfan@dopt.gov.in", "DOPT-100003", "Mohammed Irfan", "+919800000008", "dopt", "so",
       "PROGRAM_COORDINATOR"),
    _a("ananya.das@nic.in", "NIC-100001", "Ananya Das", "+919800000009", "nic", "scientist-c",
       "COMMUNITY_MODERATOR"),
    _a("sanjay.gupta@igotkarmayogi.gov.in", "KB-100001", "Sanjay Gupta", "+919800000010",
       "karmayogi-bharat", "director", "SPV_ADMIN"),
)

DEMO_ACCOUNTS_BY_USERNAME: dict[str, DemoAccount] = {a.username: a for a in DEMO_ACCOUNTS}
