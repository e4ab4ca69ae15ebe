"""The platform-wide daily SMS budget: every SMS counts against a limit per India day (SMS_DAILY_LIMIT,
set per stage), so a flood of registrations or resends stops at the budget instead of running into the
account's SNS spend limit, where SNS silences every SMS, OTPs included, for the rest of the month.

The day's count is spread over `keys.SMS_BUDGET_SHARDS` counter items (one partition each; fewer for a
limit under that), each allowed its share of the limit (the shares add up to it exactly); a send counts on a random shard, and only when that shard is full are the shards
read (one consistent BatchGetItem) to find one that is not. Past the limit nothing is counted and the SMS
is not sent. Metrics (Powertools, namespace Karmayogi): `SmsBudgetUsedPercent` (the day's use as estimated
from the shard counted on) and `SmsNotSentBudget` (an SMS dropped): infra/constructs/monitoring.py alarms on
both, well before the spend limit."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from botocore.exceptions import ClientError

from karmayogi.platform import clock, db, keys
from karmayogi.platform.observability import logger, metrics
from karmayogi.platform.settings import get_settings

USED_PERCENT = "SmsBudgetUsedPercent"
NOT_SENT = "SmsNotSentBudget"


def _today() -> tuple[str, datetime]:
    """The India day (YYYYMMDD) and the moment it ends."""
    now = clock.now().astimezone(clock.INDIA)
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return start.strftime("%Y%m%d"), start + timedelta(days=1)


def seconds_until_reset() -> int:
    """Seconds until the budget's day ends (a Retry-After for an SMS refused today)."""
    _, end = _today()
    return max(1, int((end - clock.now()).total_seconds() + 0.999))


def _count(day: str, shard: int, cap: int, expires_at: int) -> int | None:
    """Count one SMS on a shard below its cap: the shard's new count, or None when it is full."""
    pk, sk = keys.sms_budget_key(day, shard)
    try:
        response = db.table().update_item(
            Key={"PK": pk, "SK": sk},
            UpdateExpression="ADD sent :one SET entityType = :type, expiresAt = if_not_exists(expiresAt, :exp)",
            ConditionExpression="attribute_not_exists(sent) OR sent < :cap",
            ExpressionAttributeValues={":one": 1, ":type": "SmsBudget", ":exp": expires_at, ":cap": cap},
            ReturnValues="UPDATED_NEW",
        )
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return None
        raise
    return int(response["Attributes"]["sent"])


def _cap(limit: int, shards: int, shard: int) -> int:
    """A shard's share of the limit: the shares add up to the limit exactly."""
    return limit // shards + (1 if shard < limit % shards else 0)


def used(day: str | None = None) -> int:
    """The SMS counted on a day (today by default): the sum of its shards."""
    day = day or _today()[0]
    items = db.batch_get([keys.sms_budget_key(day, s) for s in range(keys.SMS_BUDGET_SHARDS)], consistent=True)
    return sum(int(item.get("sent", 0)) for item in items)


OPERATION = "sms-budget"


class Reservation:
    """One SMS counted against today's budget inside the caller's own transaction, so a request that
    fails writes nothing, the count included. `operations` is what to add to the transaction (empty when
    no limit is configured, or when the budget is spent: then `granted` is False and no SMS may go). When
    the transaction fails on `OPERATION` (the chosen shard filled meanwhile), `retry()` picks an open shard
    (one consistent BatchGetItem) and the caller commits again."""

    def __init__(self) -> None:
        self.limit = get_settings().sms_daily_limit_count
        self.day, end = _today()
        self.expires_at = int(end.timestamp()) + 2 * 24 * 3600
        self.shards = min(keys.SMS_BUDGET_SHARDS, max(self.limit, 1))
        self.shard: int | None = secrets.randbelow(self.shards) if self.limit > 0 else None
        self.granted = True

    @property
    def operations(self) -> list[db.Item]:
        if self.limit <= 0 or self.shard is None:
            return []
        pk, sk = keys.sms_budget_key(self.day, self.shard)
        return [db.update_op(pk, sk, "ADD sent :one SET entityType = :type, expiresAt = if_not_exists(expiresAt, :exp)",
                             condition="attribute_not_exists(sent) OR sent < :cap", name=OPERATION,
                             values={":one": 1, ":type": "SmsBudget", ":exp": self.expires_at,
                                     ":cap": _cap(self.limit, self.shards, self.shard)})]

    def retry(self) -> None:
        """The chosen shard was full: choose an open one, or give up the SMS (granted False)."""
        pairs = [(s, keys.sms_budget_key(self.day, s)) for s in range(self.shards)]
        found = {(i["PK"], i["SK"]): int(i.get("sent", 0))
                 for i in db.batch_get([k for _, k in pairs], consistent=True)}
        open_shards = [s for s, key in pairs if found.get(key, 0) < _cap(self.limit, self.shards, s)]
        if open_shards:
            self.shard = open_shards[secrets.randbelow(len(open_shards))]
            return
        self.shard, self.granted = None, False
        metrics.add_metric(name=NOT_SENT, unit="Count", value=1)
        logger.warning("sms not sent: the daily SMS budget is spent", extra={"day": self.day, "limit": self.limit})


def reserve() -> bool:
    """Count one SMS against today's budget: True when it may be sent, False when the budget is spent
    (nothing counted). No limit configured (SMS_DAILY_LIMIT empty or 0): always True, nothing counted."""
    limit = get_settings().sms_daily_limit_count
    if limit <= 0:
        return True
    day, end = _today()
    shards = min(keys.SMS_BUDGET_SHARDS, limit)
    expires_at = int(end.timestamp()) + 2 * 24 * 3600
    count = _count(day, (shard := secrets.randbelow(shards)), _cap(limit, shards, shard), expires_at)
    if count is None:  # that shard has its share: find one that has not
        pairs = [(s, keys.sms_budget_key(day, s)) for s in range(shards)]
        found = {(i["PK"], i["SK"]): int(i.get("sent", 0)) for i in db.batch_get([k for _, k in pairs], consistent=True)}
        open_shards = [s for s, key in pairs if found.get(key, 0) < _cap(limit, shards, s)]
        if open_shards:
            shard = open_shards[secrets.randbelow(len(open_shards))]
            count = _count(day, shard, _cap(limit, shards, shard), expires_at)
    if count is None:
        metrics.add_metric(name=NOT_SENT, unit="Count", value=1)
        logger.warning("sms not sent: the daily SMS budget is spent", extra={"day": day, "limit": limit})
        return False
    share = _cap(limit, shards, shard)
    metrics.add_metric(name=USED_PERCENT, unit="Percent", value=min(100.0, 100.0 * count / share))
    return True
