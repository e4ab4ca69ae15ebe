"""Revocation within 60 seconds: a user's "tokens valid after" time (`notBefore`, epoch seconds).

Logout, the removal of a role and the suspension of an account write the user's `notBefore` (the auth
hub); every hub refuses, when it builds the caller (karmayogi.platform.identity), a token issued at or
before it (`iat <= notBefore`: a token of the same second as the revocation is refused too) with 401
`TOKEN_REVOKED`. Cognito's own revocation (global sign-out) ends the refresh tokens, so no new token comes
after a logout; this check ends the access tokens already out, which Cognito would honour for their hour.

Each container caches a user's `notBefore` for `TTL_SECONDS` (fewer than 60, so a revocation made in any
container is seen everywhere within the bound), so an active user costs one GetItem per container per
`TTL_SECONDS`, not one per request. A revocation made through this container is seen at once (`remember`).
The cache runs on the container's monotonic clock, and `notBefore` is Cognito's wall clock (the clock that
stamps `iat`), not karmayogi.platform.clock, which the dev server may move."""

from __future__ import annotations

import time

from karmayogi.platform import db, keys
from karmayogi.platform.container_cache import MISSING, ContainerCache

TTL_SECONDS = 55.0
MAX_ENTRIES = 10_000
_monotonic = time.monotonic  # tests move this clock
_cache = ContainerCache(TTL_SECONDS, MAX_ENTRIES, clock=lambda: _monotonic())  # noqa: PLW0108 - late-bound: tests replace _monotonic


def wall_seconds() -> int:
    """Now on the clock that stamps the tokens' `iat`."""
    return int(time.time())


def reset() -> None:
    _cache.reset()


def not_before(user_id: str) -> int:
    """The user's `notBefore` (0 when never revoked), at most `TTL_SECONDS` old."""
    with _cache.lock:
        cached = _cache.get(user_id)
    if cached is not MISSING:
        return int(cached)
    item = db.get(*keys.tokens_not_before_key(user_id))
    value = int(item["notBefore"]) if item else 0
    remember(user_id, value)
    return value


def remember(user_id: str, value: int) -> None:
    """Cache a value just read or written by this container."""
    with _cache.lock:
        _cache.put(user_id, value)


def is_revoked(user_id: str, issued_at: int) -> bool:
    return issued_at <= not_before(user_id)


def wait_to_issue(user_id: str) -> None:
    """Before tokens are issued (login, refresh): when the user's tokens were revoked in this very second
    (a password reset, then an immediate login), wait into the next one — a token stamped with the
    revocation's second would be refused (`iat <= notBefore`). Waits at most about a second, and only right
    after a revocation; a `notBefore` further ahead (clock skew) is not waited for."""
    limit = not_before(user_id)
    now = time.time()
    if limit < int(now) or limit - now > 1.0:
        return
    time.sleep(limit + 1 - now + 0.01)


def not_before_item(user_id: str, value: int) -> db.Item:
    """The item the auth hub writes (repository_accounts.revoke_tokens)."""
    pk, sk = keys.tokens_not_before_key(user_id)
    return {"PK": pk, "SK": sk, "entityType": "TokensNotBefore", "userId": user_id, "notBefore": value}
