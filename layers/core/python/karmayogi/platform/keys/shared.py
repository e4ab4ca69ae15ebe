"""Keys of the shared domain modules: karma, notifications, idempotency records, passbook entries."""

from __future__ import annotations

import hashlib

from karmayogi.platform.keys.common import normalize, user_pk

# ---- karma (shared by every hub that credits points) -----------------------------------------------------

def karma_ledger_key(user_id: str, reason: str, context_id: str) -> tuple[str, str]:
    """One ledger entry per (user, reason, context): the condition on its creation is what makes a
    credit happen at most once."""
    return user_pk(user_id), f"KARMA#{reason}#{context_id}"


def karma_month_key(user_id: str, month: str) -> tuple[str, str]:
    return user_pk(user_id), f"KARMAMONTH#{month}"


def org_leaderboard_gsi(org_id: str, month: str) -> str:
    """GSI1PK of a user's monthly karma item: an org's leaderboard for a month (GSI1SK = padded points)."""
    return f"ORG#{org_id}#KARMA#{month}"


# ---- notifications (every hub writes, the events hub lists) ---------------------------------------------

def notification_key(user_id: str, notification_id: str) -> tuple[str, str]:
    return user_pk(user_id), f"NOTIF#{notification_id}"


def unread_counter_key(user_id: str) -> tuple[str, str]:
    return user_pk(user_id), "NOTIFCOUNT"


def expired_unread_marker_key(user_id: str, notification_id: str) -> tuple[str, str]:
    """Marks that an unread notification's expiry was taken off the unread counter (at most once, however
    often the stream delivers the removal)."""
    return user_pk(user_id), f"NOTIFEXPIRED#{notification_id}"


NOTIFICATION_SK_PREFIX = "NOTIF#"


def unread_notifications_gsi(user_id: str) -> str:
    """GSI1PK of an unread notification (sparse: removed when it is read), newest first by GSI1SK."""
    return f"{user_pk(user_id)}#UNREAD"


# ---- Web Push subscriptions (the events hub's routes write them; karmayogi.domain.push sends) ------------

PUSH_SUBSCRIPTION_SK_PREFIX = "PUSHSUB#"


def push_subscription_id(endpoint: str) -> str:
    """A subscription's id: the digest of its endpoint (a browser's endpoint is one device's), so that
    saving the same subscription again is the same item."""
    return hashlib.sha256(endpoint.encode()).hexdigest()[:32]


def push_subscription_key(user_id: str, subscription_id: str) -> tuple[str, str]:
    return user_pk(user_id), f"{PUSH_SUBSCRIPTION_SK_PREFIX}{subscription_id}"


def push_endpoint_owner_key(subscription_id: str) -> tuple[str, str]:
    """Who an endpoint belongs to now: a device whose browser another person signs in to (a shared office
    computer) moves to them, and the first person's subscription goes, or they would get the other's pushes."""
    return f"PUSHENDPOINT#{subscription_id}", "OWNER"


# ---- idempotency of create requests ---------------------------------------------------------------------

def idempotency_key(user_id: str, route: str, key: str) -> tuple[str, str]:
    digest = hashlib.sha256(f"{route}|{key}".encode()).hexdigest()[:40]
    return f"IDEMPOTENCY#{user_id}", f"REQ#{digest}"


# ---- competency passbook (written by auth and learning, read by competency) -----------------------------

def passbook_entry_key(user_id: str, competency_id: str, source: str, source_id: str) -> tuple[str, str]:
    return user_pk(user_id), f"PASSBOOK#{competency_id}#{source}#{source_id}"


# ---- the email suppression list (notifications) ---------------------------------------------------------

SUPPRESSION_PREFIX = "SUPPRESSED#"


def suppression_key(address: str) -> tuple[str, str]:
    """One item per address SES reported as bounced or complaining (hashed: the key does not spell it)."""
    digest = hashlib.sha256(normalize(address).encode()).hexdigest()[:32]
    return f"{SUPPRESSION_PREFIX}{digest}", "EMAIL"


# ---- the platform's daily SMS budget (notifications) -----------------------------------------------------

# Every SMS of the platform counts on one of these (a random one): at the Saptah peak's ~1,000 SMS/s that
# is ~63 writes/s per shard, ~6 % of a partition (docs/data-model.md "Hot keys").
SMS_BUDGET_SHARDS = 16


def sms_budget_key(day: str, shard: int) -> tuple[str, str]:
    """One shard of a day's SMS counter (`day` is the India date, YYYYMMDD)."""
    return f"SMSBUDGET#{day}#{shard}", "COUNTER"
