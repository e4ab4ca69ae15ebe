"""The caller's org rides in the access token: the pool's pre-token-generation trigger copies the org attribute
(custom:memberOrgId, or custom:orgId of accounts made before memberships) into an `org_id` claim, and the hubs
authorize with it instead of reading the profile."""

from __future__ import annotations

import jwt
import pytest

from functions.auth import token_claims
from infra import definitions
from karmayogi.platform import db, identity
from tests import factories
from tests.auth import support
from tests.conftest import ApiClient


def test_the_trigger_adds_the_org_claim_to_the_access_token_only():
    event = {"version": "2", "triggerSource": "TokenGeneration_Authentication", "userName": "u-1",
             "request": {"userAttributes": {"sub": "abc", "email": "a@dopt.gov.in", "custom:orgId": "dopt"}},
             "response": {"claimsAndScopeOverrideDetails": None}}
    answered = token_claims.handler(event, None)
    assert answered["response"]["claimsAndScopeOverrideDetails"] == {
        "accessTokenGeneration": {"claimsToAddOrOverride": {"org_id": "dopt"}}
    }


def test_the_member_org_wins_over_the_org_the_account_was_made_with():
    """An officer transferred from DoPT to MHA (or made before memberships had a status, then moved): the
    mutable member org is the one the hubs must see."""
    event = {"version": "2", "request": {"userAttributes": {"custom:orgId": "dopt", "custom:memberOrgId": "mha"}},
             "response": {}}
    answered = token_claims.handler(event, None)["response"]["claimsAndScopeOverrideDetails"]
    assert answered == {"accessTokenGeneration": {"claimsToAddOrOverride": {"org_id": "mha"}}}


@pytest.mark.parametrize("attributes", [{}, {"custom:orgId": ""}, {"custom:orgId": "  "},
                                        {"custom:memberOrgId": " "}])
def test_a_user_without_an_org_gets_no_claim_and_the_token_unchanged(attributes):
    event = {"version": "2", "request": {"userAttributes": attributes}, "response": {}}
    assert token_claims.handler(event, None)["response"] == {}


def test_the_trigger_and_the_layer_agree_on_names():
    assert token_claims.ORG_ID_CLAIM == identity.ORG_ID_CLAIM
    assert f"custom:{definitions.ORG_ATTRIBUTE}" == token_claims.ORG_ATTRIBUTE
    assert f"custom:{definitions.MEMBER_ORG_ATTRIBUTE}" == token_claims.MEMBER_ORG_ATTRIBUTE


def test_a_registered_officers_login_token_carries_their_org(resources, api):
    factories.seed_directory()
    account = support.register_account(api)
    claims = jwt.decode(support.login(api, account["email"])["accessToken"], options={"verify_signature": False})
    assert claims["org_id"] == account["orgId"] == "dopt"


def test_an_org_scoped_route_authorizes_from_the_claim_without_reading_the_profile(resources, monkeypatch):
    factories.seed_directory()
    admin = factories.create_user("MDO_ADMIN", org_id="dopt")
    read_keys: list[str] = []
    real_get = db.get

    def recording_get(pk: str, sk: str, *args, **kwargs):
        read_keys.append(f"{pk}|{sk}")
        return real_get(pk, sk, *args, **kwargs)

    monkeypatch.setattr(db, "get", recording_get)
    response = ApiClient(admin["claims"]).get("/orgs/dopt/users")
    assert response.status == 200, response.json()
    assert not [k for k in read_keys if k.endswith("|PROFILE")], read_keys
    assert ApiClient(admin["claims"]).get("/orgs/mha/users").status == 403


def test_a_token_without_the_claim_falls_back_to_the_profile(resources):
    factories.seed_directory()
    admin = factories.create_user("MDO_ADMIN", org_id="dopt")
    claims = identity.claims_for(admin["userId"], admin["userId"], admin["roles"])
    assert "org_id" not in claims
    assert ApiClient(claims).get("/orgs/dopt/users").status == 200
    assert ApiClient(claims).get("/orgs/mha/users").status == 403
