"""Sessions (docs/data-model.md, "Auth hub"): a user's "tokens valid after" time, the failed logins of a
username, and who an opaque Cognito token (a refresh token, an MFA login session) belongs to."""

from __future__ import annotations

import hashlib

from karmayogi.platform import db, keys, revocation


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# ---- revocation -----------------------------------------------------------------------------------------


def revoke_tokens_op(user_id: str) -> tuple[db.Item, int]:
    """The `notBefore` write as a named operation (for a transaction of the caller's) and its value; call
    `revocation.remember(user_id, value)` after the commit so this container sees it at once."""
    value = revocation.wall_seconds()
    return db.put_op(revocation.not_before_item(user_id, value), name="tokens-not-before"), value


def revoke_tokens(user_id: str) -> int:
    """Every token of the user issued until now stops working on every route within 60 s
    (karmayogi.platform.revocation); this container sees it at once. Returns the `notBefore` written."""
    value = revocation.wall_seconds()
    db.table().put_item(Item=revocation.not_before_item(user_id, value))
    revocation.remember(user_id, value)
    return value


# ---- failed logins --------------------------------------------------------------------------------------


def attempts_key(username_key: str) -> tuple[str, str]:
    return keys.login_attempts_key(_hash(username_key))


def get_attempts(username_key: str) -> db.Item | None:
    return db.get(*attempts_key(username_key), consistent=True)


def record_failure(username_key: str, now: int, window_seconds: int) -> int:
    """Count one failed login in the username's window (a window older than `window_seconds` starts
    again); returns the failures counted in the window, this one included."""
    pk, sk = attempts_key(username_key)
    table = db.table()
    try:
        response = table.update_item(
            Key={"PK": pk, "SK": sk},
            UpdateExpression="ADD failures :one SET expiresAt = :exp, entityType = :type",
            ConditionExpression="attribute_exists(PK) AND windowStart > :since",
            ExpressionAttributeValues={":one": 1, ":exp": now + 2 * window_seconds, ":since": now - window_seconds,
                                       ":type": "LoginAttempts"},
            ReturnValues="ALL_NEW",
        )
        return int(response["Attributes"]["failures"])
    except table.meta.client.exceptions.ConditionalCheckFailedException:
        table.put_item(Item={"PK": pk, "SK": sk, "entityType": "LoginAttempts", "failures": 1, "windowStart": now,
                             "expiresAt": now + 2 * window_seconds})
        return 1


def lock(username_key: str, until: int) -> None:
    """Refuse the username's logins until `until` (epoch seconds); the item lives until then at least."""
    pk, sk = attempts_key(username_key)
    db.table().update_item(
        Key={"PK": pk, "SK": sk},
        UpdateExpression="SET lockedUntil = :until, expiresAt = :exp",
        ExpressionAttributeValues={":until": until, ":exp": until + 3600},
    )


def clear_failures(username_key: str) -> None:
    db.table().delete_item(Key=dict(zip(("PK", "SK"), attempts_key(username_key), strict=True)))


# ---- owners of opaque tokens ----------------------------------------------------------------------------


def remember_owner(token: str, user_id: str, expires_at: int) -> None:
    db.transact([owner_op(token, user_id, expires_at)])


def owner_op(token: str, user_id: str, expires_at: int) -> db.Item:
    """Who a token belongs to (named "token-owner"), for a transaction of the caller's."""
    pk, sk = keys.token_owner_key(_hash(token))
    return db.put_op({"PK": pk, "SK": sk, "entityType": "TokenOwner", "userId": user_id, "expiresAt": expires_at},
                     name="token-owner")


def commit(operations: list[db.Item]) -> None:
    db.transact(operations)


def owner_of(token: str, now: int) -> str | None:
    """The user a token was issued to, while it may still be valid."""
    item = db.get(*keys.token_owner_key(_hash(token)))
    if item is None or int(item.get("expiresAt", 0)) <= now:
        return None
    return str(item["userId"])


def forget_owner(token: str) -> None:
    pk, sk = keys.token_owner_key(_hash(token))
    db.table().delete_item(Key={"PK": pk, "SK": sk})
