"""Who is calling, from the claims API Gateway's Cognito authorizer passes on: every claim is a string there,
`cognito:groups` included ("MDO_ADMIN,PUBLIC" from the REST API's authorizer, which this platform deploys;
"[MDO_ADMIN PUBLIC]" from an HTTP API JWT authorizer). The local gateway sends the same strings, so every
in-process and e2e test takes the deployed path."""

from __future__ import annotations

from typing import Any

import pytest

from infra.route_table import match
from karmayogi.platform import identity
from local import gateway
from local.events import authorizer_claims, proxy_event

# requestContext.authorizer.claims of a REST API method with a COGNITO_USER_POOLS authorizer, for an access
# token of a user in two groups (the shape API Gateway sends: every value a string, dates spelled out).
REST_CLAIMS = {
    "sub": "5f1c2d3e-0000-4000-8000-000000000001",
    "cognito:groups": "MDO_ADMIN,PUBLIC",
    "iss": "https://cognito-idp.ap-south-1.amazonaws.com/ap-south-1_Example",
    "version": "2",
    "client_id": "exampleclientid",
    "origin_jti": "11111111-2222-3333-4444-555555555555",
    "event_id": "66666666-7777-8888-9999-000000000000",
    "token_use": "access",
    "scope": "aws.cognito.signin.user.admin",
    "auth_time": "1767225600",
    "exp": "Thu Jan 01 01:00:00 UTC 2026",
    "iat": "Thu Jan 01 00:00:00 UTC 2026",
    "jti": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
    "username": "u-officer",
    "org_id": "dopt",
}


@pytest.mark.parametrize(("raw", "groups"), [
    ("MDO_ADMIN,PUBLIC", {"MDO_ADMIN", "PUBLIC"}),  # REST API Cognito authorizer
    ("PUBLIC", {"PUBLIC"}),  # one group: no separator at all
    ("[MDO_ADMIN PUBLIC]", {"MDO_ADMIN", "PUBLIC"}),  # HTTP API JWT authorizer
    ("[PUBLIC]", {"PUBLIC"}),
    ("SPV_ADMIN, MDO_ADMIN ,PUBLIC", {"SPV_ADMIN", "MDO_ADMIN", "PUBLIC"}),
    ("", set()),
    ("[]", set()),
    (None, set()),  # a user in no group: Cognito leaves the claim out
    (["MDO_ADMIN", "PUBLIC"], {"MDO_ADMIN", "PUBLIC"}),  # claims straight from a decoded token
])
def test_groups_in_every_shape_api_gateway_sends(raw, groups):
    assert identity.parse_groups(raw) == frozenset(groups)


def test_a_group_name_is_never_matched_by_a_substring():
    assert not identity.parse_groups("MDO_ADMIN_TRAINEE,PUBLIC") & {"MDO_ADMIN"}
    assert not identity.parse_groups("[NOT_SPV_ADMIN]") & {"SPV_ADMIN"}


def test_the_caller_from_a_rest_authorizer_event(resources):
    caller = identity.caller_from_event({"requestContext": {"authorizer": {"claims": REST_CLAIMS}}})
    assert caller.user_id == caller.username == "u-officer"
    assert caller.roles == {"MDO_ADMIN", "PUBLIC"}
    assert caller.claimed_org_id == "dopt"
    assert caller.has_role("MDO_ADMIN") and not caller.is_spv_admin


def test_the_caller_of_a_user_in_no_group_has_no_role(resources):
    claims = {k: v for k, v in REST_CLAIMS.items() if k != "cognito:groups"}
    caller = identity.caller_from_event({"requestContext": {"authorizer": {"claims": claims}}})
    assert caller.roles == frozenset()
    assert not caller.has_role("PUBLIC")


def test_the_local_gateway_renders_claims_as_the_rest_authorizer_does():
    decoded = {"sub": "5f1c", "cognito:groups": ["MDO_ADMIN", "PUBLIC"], "token_use": "access",
               "auth_time": 1767225600, "exp": 1767229200, "iat": 1767225600, "username": "u-officer",
               "org_id": "dopt", "email_verified": True}
    assert authorizer_claims(decoded) == {
        "sub": "5f1c", "cognito:groups": "MDO_ADMIN,PUBLIC", "token_use": "access", "auth_time": "1767225600",
        "exp": "Thu Jan 01 01:00:00 UTC 2026", "iat": "Thu Jan 01 00:00:00 UTC 2026", "username": "u-officer",
        "org_id": "dopt", "email_verified": "true",
    }
    assert "cognito:groups" not in authorizer_claims({"sub": "x", "cognito:groups": []})
    assert authorizer_claims({"sub": "x", "cognito:groups": ["PUBLIC"]})["cognito:groups"] == "PUBLIC"
    found = match("GET", "/orgs/mof")
    assert found is not None
    event = proxy_event(found[0], "/orgs/mof", found[1], claims=identity.claims_for("u1", "u1", ["PUBLIC", "SPV_ADMIN"]))
    sent = event["requestContext"]["authorizer"]["claims"]
    assert sent["cognito:groups"] == "PUBLIC,SPV_ADMIN"
    assert all(isinstance(value, str) for value in sent.values())


def test_every_in_process_request_reaches_the_hub_with_string_claims(api, monkeypatch):
    """What the hubs see through the local gateway (tests' ApiClient, the dev server): the deployed shape."""
    seen: list[dict[str, Any]] = []
    real = gateway.proxy_event

    def spy(*args: Any, **kwargs: Any) -> dict[str, Any]:
        event = real(*args, **kwargs)
        seen.append(event)
        return event

    monkeypatch.setattr(gateway, "proxy_event", spy)
    response = api.as_user("u-admin", "MDO_ADMIN", "PUBLIC").get("/orgs/mof")
    assert response.status in (200, 404)
    claims = seen[-1]["requestContext"]["authorizer"]["claims"]
    assert claims["cognito:groups"] == "MDO_ADMIN,PUBLIC"
    assert all(isinstance(value, str) for value in claims.values())
