"""Org administration: an org's users for its MDO admins and leaders, and role grants kept in step in
Cognito and the profile, never across orgs."""

from __future__ import annotations

import boto3
import pytest

from karmayogi.platform import db, keys
from karmayogi.platform.settings import get_settings
from tests import factories


@pytest.fixture
def org(resources):
    factories.seed_directory()
    return {
        "admin": factories.create_user("MDO_ADMIN", cognito=True, name="Asha Admin"),
        "leader": factories.create_user("MDO_LEADER", cognito=True, name="Lata Leader"),
        "officer": factories.create_user(cognito=True, name="Om Officer"),
        "outsider_admin": factories.create_user("MDO_ADMIN", org_id="mof", cognito=True, name="Mohan Mof"),
        "outsider": factories.create_user(org_id="mof", cognito=True, name="Meena Mof"),
        "spv": factories.create_user("SPV_ADMIN", org_id="mof", cognito=True, name="Sam Spv"),
    }


def groups_of(user_id: str) -> list[str]:
    client = boto3.client("cognito-idp", region_name=get_settings().region)
    groups = client.admin_list_groups_for_user(UserPoolId=get_settings().user_pool_id, Username=user_id)["Groups"]
    return sorted(g["GroupName"] for g in groups)


def test_org_users_for_its_admins_by_name_with_paging(org, as_user):
    first = as_user(org["admin"]).get("/orgs/dopt/users", query={"limit": 2})
    assert first.status == 200
    page = first.json()
    assert [u["name"] for u in page["items"]] == ["Asha Admin", "Lata Leader"]
    assert page["items"][0]["email"] == org["admin"]["email"]  # administrators see contact details
    assert set(page["items"][0]) == {
        "userId", "employeeId", "name", "email", "mobile", "designationId", "designation", "roles", "profileComplete",
        "suspended",
    }  # fmt: skip
    rest = as_user(org["admin"]).get("/orgs/dopt/users", query={"limit": 2, "cursor": page["nextCursor"]}).json()
    assert [u["name"] for u in rest["items"]] == ["Om Officer"]
    assert rest["nextCursor"] is None
    assert as_user(org["leader"]).get("/orgs/dopt/users").status == 200
    assert [u["name"] for u in as_user(org["spv"]).get("/orgs/dopt/users").json()["items"]] == [
        "Asha Admin", "Lata Leader", "Om Officer"
    ]  # fmt: skip


def test_org_users_are_closed_to_others(org, as_user, api):
    for who in ("officer", "outsider_admin"):
        response = as_user(org[who]).get("/orgs/dopt/users")
        assert response.status == 403, who
        assert response.json()["error"]["code"] == "FORBIDDEN"
    assert api.get("/orgs/dopt/users").status == 401
    foreign = as_user(org["admin"]).get("/orgs/mof/users", query={"cursor": "abc"})
    assert foreign.status == 403
    bad_cursor = as_user(org["admin"]).get("/orgs/dopt/users", query={"cursor": "abc"})
    assert bad_cursor.status == 400 and bad_cursor.json()["error"]["code"] == "INVALID_CURSOR"


def test_mdo_admin_grants_and_removes_content_roles_in_cognito_and_the_profile(org, as_user):
    officer = org["officer"]["userId"]
    response = as_user(org["admin"]).post(f"/users/{officer}/roles", {"role": "CONTENT_CREATOR"})
    assert response.status == 200
    assert response.json() == {"userId": officer, "roles": ["CONTENT_CREATOR", "PUBLIC"]}
    assert groups_of(officer) == ["CONTENT_CREATOR", "PUBLIC"]
    profile = db.get(keys.user_pk(officer), keys.PROFILE_SK)
    assert profile["roles"] == ["CONTENT_CREATOR", "PUBLIC"] and profile["version"] == 2
    # granting again changes nothing
    again = as_user(org["admin"]).post(f"/users/{officer}/roles", {"role": "CONTENT_CREATOR"})
    assert again.json()["roles"] == ["CONTENT_CREATOR", "PUBLIC"]
    assert db.get(keys.user_pk(officer), keys.PROFILE_SK)["version"] == 2
    removed = as_user(org["admin"]).delete(f"/users/{officer}/roles/CONTENT_CREATOR")
    assert removed.status == 204 and removed.body == b""
    assert groups_of(officer) == ["PUBLIC"]
    assert db.get(keys.user_pk(officer), keys.PROFILE_SK)["roles"] == ["PUBLIC"]


def test_only_a_leader_appoints_mdo_admins(org, as_user):
    officer = org["officer"]["userId"]
    refused = as_user(org["admin"]).post(f"/users/{officer}/roles", {"role": "MDO_ADMIN"})
    assert refused.status == 403 and refused.json()["error"]["code"] == "ROLE_NOT_GRANTABLE"
    assert as_user(org["leader"]).post(f"/users/{officer}/roles", {"role": "MDO_ADMIN"}).status == 200
    assert groups_of(officer) == ["MDO_ADMIN", "PUBLIC"]
    for role in ("MDO_LEADER", "SPV_ADMIN", "PUBLIC"):
        response = as_user(org["leader"]).post(f"/users/{officer}/roles", {"role": role})
        assert response.status == 403, role
    assert as_user(org["leader"]).delete(f"/users/{officer}/roles/PUBLIC").status == 403


def test_nobody_reaches_another_orgs_users(org, as_user):
    outsider = org["outsider"]["userId"]
    for who in ("admin", "leader"):
        response = as_user(org[who]).post(f"/users/{outsider}/roles", {"role": "CONTENT_CREATOR"})
        assert response.status == 403, who
        assert as_user(org[who]).delete(f"/users/{outsider}/roles/PUBLIC").status == 403
    assert groups_of(outsider) == ["PUBLIC"]
    officer = org["officer"]["userId"]
    plain = as_user(org["officer"]).post(f"/users/{officer}/roles", {"role": "CONTENT_CREATOR"})
    assert plain.status == 403  # not even for oneself
    assert as_user(org["admin"]).post("/users/nobody/roles", {"role": "CONTENT_CREATOR"}).status == 404
    assert as_user(org["officer"]).post("/users/nobody/roles", {"role": "CONTENT_CREATOR"}).status == 403


def test_spv_admin_grants_any_role_anywhere(org, as_user):
    officer = org["officer"]["userId"]
    assert as_user(org["spv"]).post(f"/users/{officer}/roles", {"role": "MDO_LEADER"}).status == 200
    assert groups_of(officer) == ["MDO_LEADER", "PUBLIC"]


def test_bad_role_requests_are_400(org, as_user):
    officer = org["officer"]["userId"]
    admin = as_user(org["admin"])
    assert admin.post(f"/users/{officer}/roles", {"role": "KING"}).status == 400
    assert admin.post(f"/users/{officer}/roles", {}).status == 400
    assert admin.delete(f"/users/{officer}/roles/KING").status == 400
    assert admin.post("/users/bad%20id!/roles", {"role": "CONTENT_CREATOR"}).status in (400, 404)


def test_org_users_searched_by_name_prefix(org, as_user):
    factories.create_user(cognito=False, name="Omkar Oberoi")
    search = as_user(org["admin"]).get("/orgs/dopt/users", query={"q": "  OM ", "limit": 1})
    assert search.status == 200
    first = search.json()
    assert [u["name"] for u in first["items"]] == ["Om Officer"]
    rest = as_user(org["admin"]).get("/orgs/dopt/users", query={"q": "om", "cursor": first["nextCursor"]}).json()
    assert [u["name"] for u in rest["items"]] == ["Omkar Oberoi"]
    # A cursor of one search is not one of another (nor of the unfiltered list).
    other = as_user(org["admin"]).get("/orgs/dopt/users", query={"q": "la", "cursor": first["nextCursor"]})
    assert other.status == 400 and other.json()["error"]["code"] == "INVALID_CURSOR"
    assert as_user(org["leader"]).get("/orgs/dopt/users", query={"q": "zz"}).json()["items"] == []
    assert as_user(org["admin"]).get("/orgs/dopt/users", query={"q": "x" * 101}).status == 400
    assert as_user(org["officer"]).get("/orgs/dopt/users", query={"q": "om"}).status == 403
