"""Contact details of government employees: email and mobile normalisation, the email-domain policy,
employee ids, passwords, and the masks shown back to a client. Pure functions: no I/O."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Emails of these domains and their subdomains are accepted for every org (API.md "Registration").
ALLOWED_EMAIL_DOMAINS = ("gov.in", "nic.in")

_EMAIL = re.compile(
    r"^(?!\.)(?!.*\.\.)[a-z0-9._%+'-]{1,64}(?<!\.)@(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$"
)
_MOBILE = re.compile(r"^(?:\+91|0091|91|0)?([6-9]\d{9})$")
_MOBILE_SEPARATORS = re.compile(r"[\s().-]")
_EMPLOYEE_ID = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9/_.-]{0,30}[A-Za-z0-9])?$")

# Cognito's own list of password symbols (and the space), so our check and the pool's policy agree.
PASSWORD_SYMBOLS = frozenset("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 256


def normalize_email(raw: str) -> str:
    """The email in lower case; ValueError when it is not an email address."""
    email = raw.strip().lower()
    if len(email) > 254 or not _EMAIL.match(email):
        raise ValueError("is not a valid email address")
    return email


def normalize_mobile(raw: str) -> str:
    """An Indian mobile number as E.164 (+91XXXXXXXXXX). Accepts the common ways people write it:
    9876543210, 09876543210, 919876543210, +91 98765 43210, +91-98765-43210, 0091 98765 43210."""
    compact = _MOBILE_SEPARATORS.sub("", raw.strip())
    match = _MOBILE.match(compact)
    if not match:
        raise ValueError("is not an Indian mobile number (10 digits starting with 6-9, optionally +91)")
    return f"+91{match.group(1)}"


def normalize_employee_id(raw: str) -> str:
    """Employee ids: 1-32 letters, digits and / _ . - (starting and ending with a letter or digit),
    stored in upper case; they are unique case-insensitively."""
    employee_id = raw.strip()
    if not _EMPLOYEE_ID.match(employee_id):
        raise ValueError("must be 1-32 letters or digits, optionally with / _ . - inside")
    return employee_id.upper()


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[1]


def on_domains(email: str, domains: Iterable[str]) -> bool:
    """The email's domain is one of `domains` or a subdomain of one."""
    domain = email_domain(email)
    wanted = {d.strip().lower() for d in domains} - {""}
    return any(domain == d or domain.endswith("." + d) for d in wanted)


def membership_for(email: str, org_domains: Iterable[str], *, by_link: bool = False) -> str | None:
    """The membership an email earns in an org (API.md v2 "Registration"): ACTIVE on the org's own domains
    (or through one of the org's registration links, for any government address); PENDING, until an MDO
    admin of the org approves, on a shared government domain (gov.in, nic.in and their subdomains that are
    not the org's own, such as another state's); None (refused) for any other address."""
    if on_domains(email, org_domains):
        return "ACTIVE"
    if not on_domains(email, ALLOWED_EMAIL_DOMAINS):
        return None
    return "ACTIVE" if by_link else "PENDING"


def email_allowed(email: str, org_domains: Iterable[str]) -> bool:
    """The email's domain is one of the org's domains or an allow-listed one, or a subdomain of either."""
    domain = email_domain(email)
    allowed = {d.strip().lower() for d in (*org_domains, *ALLOWED_EMAIL_DOMAINS)} - {""}
    return any(domain == d or domain.endswith("." + d) for d in allowed)


_HOSTNAME_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


def normalize_domain(raw: str) -> str:
    """An email domain an org may own, lower-cased: a hostname of two or more labels ending in a
    top-level domain of letters (`dopt.gov.in`); ValueError otherwise."""
    domain = raw.strip().lower().rstrip(".")
    labels = domain.split(".")
    if (len(domain) > 253 or len(labels) < 2 or not all(_HOSTNAME_LABEL.match(label) for label in labels)
            or not re.fullmatch(r"[a-z]{2,24}", labels[-1])):
        raise ValueError("is not a valid domain name")
    return domain


def is_shared_domain(domain: str) -> bool:
    """A shared government domain as a whole (gov.in, nic.in), or a domain above one (`in`): no org may
    own it, since every government address would then be that org's own. Their subdomains (`dopt.gov.in`)
    may be an org's own."""
    return any(shared == domain or shared.endswith("." + domain) for shared in ALLOWED_EMAIL_DOMAINS)


def mask_email(email: str) -> str:
    """r***@dopt.gov.in"""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def mask_mobile(mobile: str) -> str:
    """+91******3210"""
    return f"{mobile[:3]}{'*' * max(0, len(mobile) - 7)}{mobile[-4:]}"


def mask(channel: str, value: str) -> str:
    """The mask of an email (`channel` "email") or a mobile."""
    return mask_email(value) if channel == "email" else mask_mobile(value)


def password_problems(password: str) -> list[str]:
    """What a password lacks against the pool's policy (empty when it is strong enough)."""
    problems = []
    if len(password) < PASSWORD_MIN_LENGTH:
        problems.append(f"at least {PASSWORD_MIN_LENGTH} characters")
    if len(password) > PASSWORD_MAX_LENGTH:
        problems.append(f"at most {PASSWORD_MAX_LENGTH} characters")
    if not any("A" <= c <= "Z" for c in password):
        problems.append("an upper-case letter")
    if not any("a" <= c <= "z" for c in password):
        problems.append("a lower-case letter")
    if not any("0" <= c <= "9" for c in password):
        problems.append("a digit")
    if not any(c in PASSWORD_SYMBOLS for c in password):
        problems.append("a symbol such as ! @ # $ %")
    return problems
