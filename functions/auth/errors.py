"""The auth hub's own refusals, built in one place: the rules modules raise them, and map the named
reasons of a failed write (`db.ConditionFailed`) onto them."""

from __future__ import annotations

from collections.abc import Iterable

from functions.auth.contacts import ALLOWED_EMAIL_DOMAINS
from karmayogi.domain import sms_budget
from karmayogi.platform.errors import AppError, bad_request, conflict, forbidden


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


def unknown_designation() -> AppError:
    return bad_request("UNKNOWN_DESIGNATION", "There is no such designation", [{"field": "designation"}])


def profile_missing() -> AppError:
    return forbidden("Your account has no profile yet", code="PROFILE_MISSING")


def changed_meanwhile(what: str = "The change conflicts with the current state") -> AppError:
    return conflict("CONFLICT", what)


def sms_budget_spent() -> AppError:
    """503 with Retry-After until midnight IST: the platform's SMS budget for the day is spent (the
    code is stored; a resend after the reset sends a new one)."""
    return AppError(503, "SMS_BUDGET_SPENT", "No SMS can be sent today; verify your email now and ask for the "
                    "mobile code again later", retry_after=sms_budget.seconds_until_reset())
