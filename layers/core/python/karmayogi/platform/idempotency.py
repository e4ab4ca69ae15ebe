"""`Idempotency-Key` for create requests: a retry with the same key returns the first result and creates
nothing new (API.md "Conventions").

Hand-written rather than Powertools' idempotency utility because the key comes from a header, is scoped
to the caller and the route, and what must be replayed is the HTTP status and body."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from karmayogi.platform import clock, db, keys
from karmayogi.platform.errors import bad_request, conflict

RESULT_TTL_SECONDS = 24 * 3600
LOCK_SECONDS = 60


def run_once(
    user_id: str, route: str, key: str | None, create: Callable[[], tuple[int, dict[str, Any]]]
) -> tuple[int, dict[str, Any]]:
    """Run `create` (returning status and body) at most once per (user, route, key)."""
    if not key:
        return create()
    if len(key) > 128 or not key.isprintable():
        raise bad_request("INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must be 1-128 printable characters")
    pk, sk = keys.idempotency_key(user_id, route, key)
    now = clock.epoch_seconds()
    try:
        db.table().put_item(
            Item={"PK": pk, "SK": sk, "entityType": "IdempotencyRecord", "state": "IN_PROGRESS",
                  "lockedUntil": now + LOCK_SECONDS, "expiresAt": now + RESULT_TTL_SECONDS},
            ConditionExpression="attribute_not_exists(PK) OR (#s = :progress AND lockedUntil < :now)",
            ExpressionAttributeNames={"#s": "state"},
            ExpressionAttributeValues={":progress": "IN_PROGRESS", ":now": now},
        )
    except ClientError as error:
        if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise
        existing = db.get(pk, sk, consistent=True)
        if existing and existing.get("state") == "COMPLETED":
            return int(existing["status"]), json.loads(existing["body"])
        raise conflict("IDEMPOTENCY_IN_PROGRESS", "A request with this Idempotency-Key is in progress") from error
    try:
        status, body = create()
    except Exception:
        # Any refusal or failure frees the key at once: a retry runs again instead of waiting out the lock.
        db.table().delete_item(Key={"PK": pk, "SK": sk})
        raise
    db.table().put_item(
        Item={"PK": pk, "SK": sk, "entityType": "IdempotencyRecord", "state": "COMPLETED", "status": status,
              "body": json.dumps(body), "expiresAt": now + RESULT_TTL_SECONDS}
    )
    return status, body
