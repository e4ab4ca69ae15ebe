"""What learners earn, as they and others see it: certificates (verified publicly) and karma — the
caller's points with their ledger, and an org's monthly leaderboard. Certificates and karma are written
by the completion (progress.py, karmayogi.domain.karma). No HTTP here, no boto3."""

from __future__ import annotations

from functions.learning import repository
from functions.learning.achievement_models import (
    Certificate,
    Karma,
    KarmaEntry,
    Leaderboard,
    LeaderboardEntry,
    valid_month,
)
from karmayogi.domain import karma, profiles
from karmayogi.platform.errors import bad_request, forbidden, not_found
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf

# ---- certificates ------------------------------------------------------------------------------------------

def verify_certificate(certificate_id: str) -> Certificate:
    item = repository.get_certificate(certificate_id) if len(certificate_id) <= 64 else None
    if item is None:
        raise not_found("The certificate", "CERTIFICATE_NOT_FOUND")
    return Certificate.model_validate(item)


def my_certificates(caller: Caller, limit: int, cursor: str | None) -> PageOf[Certificate]:
    page = repository.user_certificates(caller.user_id, limit, cursor)
    return PageOf[Certificate](items=[Certificate.model_validate(c) for c in page.items],
                               next_cursor=page.next_cursor)


# ---- karma -------------------------------------------------------------------------------------------------

def my_karma(caller: Caller, limit: int, cursor: str | None) -> Karma:
    page = repository.karma_ledger(caller.user_id, limit, cursor)
    total = int(caller.profile.get("karmaPoints", 0))
    return Karma(total=total, ledger=[KarmaEntry.model_validate(e) for e in page.items], next_cursor=page.next_cursor)


def leaderboard(caller: Caller, org_id: str, month: str | None, limit: int) -> Leaderboard:
    if not caller.is_spv_admin and caller.org_id != org_id:
        raise forbidden("The leaderboard is for the organisation's members")
    month = month or karma.month_of()
    if not valid_month(month):
        raise bad_request("INVALID_MONTH", "month is YYYY-MM", [{"field": "month", "message": "use YYYY-MM"}])
    rows = repository.leaderboard(org_id, month, limit)
    people = profiles.get_profiles([r["userId"] for r in rows])
    items = []
    for rank, row in enumerate(rows, start=1):
        person = people.get(row["userId"], {})
        items.append(LeaderboardEntry(rank=rank, user_id=row["userId"], name=person.get("name", ""),
                                      designation=person.get("designation"), points=int(row["monthPoints"])))
    return Leaderboard(org_id=org_id, month=month, items=items)
