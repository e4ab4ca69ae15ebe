"""The auth hub's own refusals, built in one place (the service raises them; the repository maps a
cancelled transaction onto them)."""

from __future__ import annotations

from collections.abc import Iterable

from functions.auth.contacts import ALLOWED_EMAIL_DOMAINS
from karmayogi.platform.errors import AppError, bad_request, conflict


def already_registered() -> AppError:
    """Deliberately silent about which detail (email, mobile or employee id) is taken."""
    return conflict("ALREADY_REGISTERED", "An account with these details exists already")


def already_completed() -> AppError:
    return conflict("ALREADY_COMPLETED", "This registration is complete already")


def email_not_allowed(org_domains: Iterable[str]) -> AppError:
    return bad_request(
        "EMAIL_NOT_ALLOWED",
        "Use your official email: a domain of your organisation, gov.in or nic.in",
        [{"field": "email", "allowed": [*org_domains, *ALLOWED_EMAIL_DOMAINS]}],
    )
