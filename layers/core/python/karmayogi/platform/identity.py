"""Who is calling: the identity API Gateway's Cognito authorizer proved, as claims on the event.

The authorizer only proves identity; what the caller may do is decided by the services from the roles
(Cognito groups) and the org, deny by default (house rule 4, docs/architecture.md). The org is fixed at registration and rides in
the access token (`org_id`, added by the pool's pre-token-generation trigger, functions/auth/token_claims.py),
so most requests learn it without a read; a token without the claim falls back to the profile."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from karmayogi.platform import db, keys, revocation, roles
from karmayogi.platform.errors import AppError, forbidden, unauthorized

ORG_ID_CLAIM = "org_id"


def parse_groups(raw: Any) -> frozenset[str]:
    """`cognito:groups` as API Gateway passes it on: a string, comma-separated from the REST API's Cognito
    authorizer ("MDO_ADMIN,PUBLIC", what this platform deploys; the local gateway sends the same) or
    bracketed and space-separated from an HTTP API JWT authorizer ("[MDO_ADMIN PUBLIC]"); a list where
    the claims come straight from a decoded token."""
    if raw is None:
        return frozenset()
    if isinstance(raw, list | tuple | set | frozenset):
        return frozenset(str(g) for g in raw)
    text = str(raw).strip().strip("[]")
    return frozenset(part for part in text.replace(",", " ").split() if part)


@dataclass
class Caller:
    user_id: str
    username: str
    roles: frozenset[str]
    claimed_org_id: str | None = None
    _profile: dict[str, Any] | None = field(default=None, repr=False)
    _profile_loaded: bool = field(default=False, repr=False)

    def has_role(self, *wanted: str) -> bool:
        return any(role in self.roles for role in wanted)

    def require_role(self, *wanted: str) -> None:
        if not self.has_role(*wanted):
            raise forbidden(f"This needs one of the roles: {', '.join(wanted)}")

    @property
    def is_spv_admin(self) -> bool:
        return roles.SPV_ADMIN in self.roles

    @property
    def profile(self) -> dict[str, Any]:
        """The caller's profile item (one GetItem, once per request)."""
        if not self._profile_loaded:
            pk, sk = keys.user_pk(self.user_id), keys.PROFILE_SK
            self._profile = db.get(pk, sk)
            self._profile_loaded = True
        if self._profile is None:
            raise forbidden("Your account has no profile yet", code="PROFILE_MISSING")
        return self._profile

    @property
    def org_id(self) -> str:
        """The caller's organisation: from the token when it says, else from the profile (one read)."""
        if self.claimed_org_id:
            return self.claimed_org_id
        return str(self.profile["orgId"])

    def require_org_role(self, org_id: str, *wanted: str) -> None:
        """The caller has one of `wanted` *in* `org_id` (SPV_ADMIN acts platform-wide)."""
        if self.is_spv_admin:
            return
        self.require_role(*wanted)
        if self.org_id != org_id:
            raise forbidden("You can act only within your own organisation")


def caller_from_claims(claims: Mapping[str, Any] | None, *, revoked_ok: bool = False) -> Caller:
    """The caller the claims name; a revoked token is refused unless `revoked_ok` (logout: ending a
    session that has ended already is harmless, and the claims are still authentic)."""
    if not claims or not claims.get("sub"):
        raise unauthorized()
    # The pool's username IS the platform's user id (the auth hub creates every Cognito user with
    # Username = userId); `sub` is Cognito's own id, which nobody can choose. Access tokens carry the
    # username as `username`, id tokens as `cognito:username`.
    username = str(claims.get("username") or claims.get("cognito:username") or claims["sub"])
    if not revoked_ok:
        _refuse_revoked(username, claims.get("iat"))
    org_id = claims.get(ORG_ID_CLAIM)
    return Caller(
        user_id=username,
        username=username,
        roles=parse_groups(claims.get("cognito:groups")),
        claimed_org_id=str(org_id) if org_id else None,
    )


def token_revoked() -> AppError:
    return AppError(401, "TOKEN_REVOKED", "This session has ended; log in again")


def _refuse_revoked(user_id: str, issued_at: Any) -> None:
    """A token issued at or before the user's `notBefore` (logout, a removed role, a suspension) is refused
    (karmayogi.platform.revocation: within 60 s in every container, one cached read per user). Every token
    Cognito issues carries `iat`; claims without it are the synthetic ones of tests and benchmarks
    (`claims_for`), which are not checked."""
    if issued_at is None or issued_at == "":
        return
    issued = epoch_seconds(issued_at)
    if issued is None:
        raise unauthorized()
    if revocation.is_revoked(user_id, issued):
        raise token_revoked()


def epoch_seconds(value: Any) -> int | None:
    """A time claim as epoch seconds: a number (the token itself), or the date string API Gateway's
    Cognito authorizer (REST API) turns it into, e.g. "Thu Jan 01 01:00:00 UTC 2026". None if neither."""
    try:
        return int(float(value))
    except (TypeError, ValueError):
        pass
    try:
        parsed = datetime.strptime(str(value).replace(" UTC ", " +0000 "), "%a %b %d %H:%M:%S %z %Y")
    except ValueError:
        return None
    return int(parsed.timestamp())


def caller_from_event(event: Mapping[str, Any], *, revoked_ok: bool = False) -> Caller:
    context = event.get("requestContext") or {}
    authorizer = context.get("authorizer") or {}
    claims = authorizer.get("claims") if isinstance(authorizer, Mapping) else None
    return caller_from_claims(claims, revoked_ok=revoked_ok)


def claims_for(user_id: str, username: str, groups: Iterable[str], org_id: str | None = None) -> dict[str, Any]:
    """The claims an authorizer passes on for a user's access token (used by tests and benchmarks)."""
    claims: dict[str, Any] = {"sub": user_id, "username": username, "cognito:groups": sorted(groups),
                              "token_use": "access"}
    if org_id:
        claims[ORG_ID_CLAIM] = org_id
    return claims
