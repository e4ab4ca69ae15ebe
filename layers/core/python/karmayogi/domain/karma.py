"""Karma points: a ledger with one entry per (user, reason, context), the profile's total and a monthly
per-org leaderboard, all changed in one transaction so a credit happens at most once and never drifts."""

from __future__ import annotations

from typing import Any

from karmayogi.platform import clock, db, keys

POINTS = {
    "FIRST_LOGIN": 5,
    "COURSE_COMPLETED": 5,
    "ASSESSMENT_PASSED": 5,
    "EVENT_ATTENDED": 5,
    "PLAN_COURSE_ON_TIME": 10,
    "DISCUSSION_REPLY_ACCEPTED": 2,
}

LEADERBOARD_INDEX = "LEADERBOARD"

# The names of the operations (db.Op) of a credit, as a failed transaction reports them
# (db.ConditionFailed.reason): a ledger entry's condition fails when the credit exists already, the
# profile's when the user has no profile.
LEDGER = "karma:ledger"
TOTAL = "karma:total"
MONTH = "karma:month"


def month_of(iso_or_none: str | None = None) -> str:
    return (iso_or_none or clock.now_iso())[:7]


def credit_ops(
    user_id: str, org_id: str, reason: str, context_id: str, points: int | None = None, note: str = ""
) -> list[dict[str, Any]]:
    """Operations to credit points: the ledger entry (LEDGER: fails its condition when this credit exists
    already), the profile's total (TOTAL) and the monthly points (MONTH)."""
    amount = POINTS[reason] if points is None else points
    now = clock.now_iso()
    month = month_of(now)
    ledger_pk, ledger_sk = keys.karma_ledger_key(user_id, reason, context_id)
    month_pk, month_sk = keys.karma_month_key(user_id, month)
    return [
        db.put_op(
            {"PK": ledger_pk, "SK": ledger_sk, "entityType": "KarmaCredit", "userId": user_id,
             "reason": reason, "contextId": context_id, "points": amount, "note": note, "createdAt": now},
            condition="attribute_not_exists(PK)",
            name=LEDGER,
        ),
        db.update_op(
            keys.user_pk(user_id), keys.PROFILE_SK,
            "ADD karmaPoints :p",
            condition="attribute_exists(PK)",
            values={":p": amount},
            name=TOTAL,
        ),
        db.update_op(
            month_pk, month_sk,
            "ADD monthPoints :p SET leaderboardPk = :lb, userId = :u, orgId = :o, entityType = :t, #m = :m",
            names={"#m": "month"},
            values={":p": amount, ":lb": keys.org_leaderboard_gsi(org_id, month), ":u": user_id,
                    ":o": org_id, ":t": "KarmaMonth", ":m": month},
            name=MONTH,
        ),
    ]


def credits_ops(user_id: str, org_id: str, credits: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Operations for several credits in ONE transaction (a transaction may touch the profile and the
    month item only once): one conditional ledger entry per (reason, context_id), then a single update
    of the profile total and of the monthly item with the sum. A ledger entry (LEDGER) fails its
    condition when that credit exists already."""
    if len(credits) == 1:
        return credit_ops(user_id, org_id, credits[0][0], credits[0][1])
    ops = [credit_ops(user_id, org_id, reason, context_id)[0] for reason, context_id in credits]
    total = sum(POINTS[reason] for reason, _ in credits)
    summed = credit_ops(user_id, org_id, credits[0][0], credits[0][1], points=total)
    return [*ops, *summed[1:]]


def credit(user_id: str, org_id: str, reason: str, context_id: str, points: int | None = None,
           note: str = "") -> bool:
    """Credit once; False when this (user, reason, context) was credited before. (A user without a
    profile: ConditionFailed(TOTAL).)"""
    try:
        db.transact(credit_ops(user_id, org_id, reason, context_id, points, note))
    except db.ConditionFailed as failed:
        if failed.reason == LEDGER:
            return False
        raise
    return True
