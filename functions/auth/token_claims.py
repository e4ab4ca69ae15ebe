"""The user pool's pre-token-generation trigger (event version 2): puts the caller's organisation into the
access token as the `org_id` claim, so the hubs authorize org-scoped requests without reading the profile.

The org comes from the immutable `custom:orgId` attribute the auth hub sets when it creates the Cognito user
(an officer's organisation is fixed at registration), so the claim can never go stale. Cognito calls this on
every sign-in and refresh and waits for it, so it imports nothing beyond the standard library and reads
nothing: a user without the attribute simply gets no claim and the hubs fall back to the profile."""

from __future__ import annotations

from typing import Any

ORG_ATTRIBUTE = "custom:orgId"
ORG_ID_CLAIM = "org_id"  # karmayogi.platform.identity.ORG_ID_CLAIM: the layer is not loaded by this function


def claims_for_attributes(user_attributes: dict[str, Any]) -> dict[str, str]:
    org_id = str(user_attributes.get(ORG_ATTRIBUTE) or "").strip()
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
