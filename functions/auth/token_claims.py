"""The user pool's pre-token-generation trigger (event version 2): puts the caller's organisation into the
access token as the `org_id` claim, so the hubs authorize org-scoped requests without reading the profile.

The org comes from the mutable `custom:memberOrgId` attribute, which only the auth hub writes (admin API
calls): when it opens an account for a member, approves a pending member or transfers an officer (and a
transfer revokes the tokens already out, so no stale claim outlives it by more than 60 s). Accounts made
before memberships had a status carry the org in the immutable `custom:orgId` instead. Cognito calls this on
every sign-in and refresh and waits for it, so it imports nothing beyond the standard library and reads
nothing: a user with neither attribute (a member waiting for approval) gets no claim, and the hubs fall back
to the profile, whose org for a pending member is none."""

from __future__ import annotations

from typing import Any

ORG_ATTRIBUTE = "custom:orgId"
MEMBER_ORG_ATTRIBUTE = "custom:memberOrgId"
ORG_ID_CLAIM = "org_id"  # karmayogi.platform.identity.ORG_ID_CLAIM: the layer is not loaded by this function


def claims_for_attributes(user_attributes: dict[str, Any]) -> dict[str, str]:
    member_of = str(user_attributes.get(MEMBER_ORG_ATTRIBUTE) or "").strip()
    org_id = member_of or str(user_attributes.get(ORG_ATTRIBUTE) or "").strip()
    return {ORG_ID_CLAIM: org_id} if org_id else {}


def handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    request = event.get("request") or {}
    claims = claims_for_attributes(request.get("userAttributes") or {})
    if claims:
        event.setdefault("response", {})
        event["response"]["claimsAndScopeOverrideDetails"] = {
            "accessTokenGeneration": {"claimsToAddOrOverride": claims},
        }
    return event
