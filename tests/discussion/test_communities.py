"""Communities over HTTP: who may create them, listing and paging, joining and leaving open and private
communities, invitations."""

from __future__ import annotations

import pytest

from tests import factories
from tests.conftest import ApiClient
from tests.discussion.conftest import join, make_community, notifications_of


@pytest.fixture
def directory(resources):
    """Users and communities only (the discussion hub never reads the org directory)."""


@pytest.mark.parametrize("roles, status", [
    (("COMMUNITY_MODERATOR",), 201),
    (("MDO_ADMIN",), 201),
    (("SPV_ADMIN",), 201),
    ((), 403),
    (("CONTENT_CREATOR",), 403),
])
def test_who_may_create_a_community(directory, roles, status):
    user = factories.create_user(*roles)
    response = ApiClient(user["claims"]).post("/communities", {"name": "Public Procurement", "visibility": "open"})
    assert response.status == status, response.json()
    if status == 201:
        body = response.json()
        assert body["memberCount"] == 1
        assert body["isMember"] is True and body["isModerator"] is True
        assert body["orgId"] == "dopt" and body["createdBy"] == user["userId"]
    else:
        assert response.json()["error"]["code"] == "FORBIDDEN"


def test_anonymous_callers_are_refused(api):
    assert api.get("/communities").status == 401
    assert api.post("/communities", {"name": "x"}).status == 401


def test_community_names_are_unique_case_insensitively(directory):
    moderator = factories.create_user("COMMUNITY_MODERATOR")
    make_community(moderator, "Digital Governance")
    response = ApiClient(moderator["claims"]).post("/communities", {"name": "digital governance"})
    assert response.status == 409
    assert response.json()["error"]["code"] == "COMMUNITY_EXISTS"


@pytest.mark.parametrize("body, field", [
    ({"name": "ab"}, "name"),
    ({"name": "Valid name", "visibility": "secret"}, "visibility"),
    ({"name": "Valid name", "colour": "red"}, "colour"),
    ({"name": "Valid name", "tags": ["ok", "not ok!"]}, "tags"),
    ({}, "name"),
])
def test_bad_community_input_is_a_400_naming_the_field(directory, body, field):
    moderator = factories.create_user("COMMUNITY_MODERATOR")
    response = ApiClient(moderator["claims"]).post("/communities", body)
    assert response.status == 400
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert any(field in detail["field"] for detail in error["details"]), error


def test_malformed_json_is_a_400(directory):
    moderator = factories.create_user("COMMUNITY_MODERATOR")
    response = ApiClient(moderator["claims"]).request("POST", "/communities", raw_body="{not json")
    assert response.status == 400


def test_idempotency_key_creates_one_community(directory):
    moderator = ApiClient(factories.create_user("COMMUNITY_MODERATOR")["claims"])
    headers = {"Idempotency-Key": "create-rti-1"}
    first = moderator.post("/communities", {"name": "RTI Practitioners"}, headers=headers)
    second = moderator.post("/communities", {"name": "RTI Practitioners"}, headers=headers)
    assert first.status == second.status == 201
    assert first.json()["id"] == second.json()["id"]
    assert len(moderator.get("/communities").json()["items"]) == 1


def test_communities_are_listed_by_name_and_paged(directory):
    moderator = factories.create_user("COMMUNITY_MODERATOR")
    for name in ("Yoga and Wellbeing", "Cyber Hygiene", "Public Procurement"):
        make_community(moderator, name)
    reader = ApiClient(factories.create_user()["claims"])
    first = reader.get("/communities", query={"limit": 2}).json()
    assert [c["name"] for c in first["items"]] == ["Cyber Hygiene", "Public Procurement"]
    assert all(c["isMember"] is False for c in first["items"])
    second = reader.get("/communities", query={"limit": 2, "cursor": first["nextCursor"]}).json()
    assert [c["name"] for c in second["items"]] == ["Yoga and Wellbeing"]
    assert second["nextCursor"] is None
    assert reader.get("/communities", query={"cursor": "forged"}).json()["error"]["code"] == "INVALID_CURSOR"
    assert reader.get("/communities", query={"limit": 101}).status == 400
    assert reader.get("/communities", query={"limit": 0}).status == 400


def test_get_one_community_and_404(directory):
    moderator = factories.create_user("COMMUNITY_MODERATOR")
    community_id = make_community(moderator)
    reader = ApiClient(factories.create_user()["claims"])
    assert reader.get(f"/communities/{community_id}").json()["name"] == "e-Office Practitioners"
    missing = reader.get("/communities/nope")
    assert missing.status == 404 and missing.json()["error"]["code"] == "NOT_FOUND"


def test_join_and_leave_an_open_community(directory):
    moderator = factories.create_user("COMMUNITY_MODERATOR")
    community_id = make_community(moderator)
    user = factories.create_user()
    client = ApiClient(user["claims"])
    joined = client.post(f"/communities/{community_id}/join")
    assert joined.status == 200
    assert joined.json()["role"] == "MEMBER"
    assert client.post(f"/communities/{community_id}/join").json()["error"]["code"] == "ALREADY_MEMBER"
    community = client.get(f"/communities/{community_id}").json()
    assert community["memberCount"] == 2 and community["isMember"] is True
    assert client.post(f"/communities/{community_id}/leave").status == 204
    again = client.post(f"/communities/{community_id}/leave")
    assert again.status == 409 and again.json()["error"]["code"] == "NOT_A_MEMBER"
    assert client.get(f"/communities/{community_id}").json()["memberCount"] == 1
    assert client.post("/communities/nope/join").status == 404


def test_private_community_is_joined_by_invitation_only(directory):
    moderator = factories.create_user("COMMUNITY_MODERATOR")
    community_id = make_community(moderator, "MDO Administrators", visibility="private")
    invited, stranger = factories.create_user(), factories.create_user()
    moderator_client = ApiClient(moderator["claims"])

    refused = ApiClient(stranger["claims"]).post(f"/communities/{community_id}/join")
    assert refused.status == 403 and refused.json()["error"]["code"] == "NOT_INVITED"
    # Only a moderator invites.
    by_member = ApiClient(stranger["claims"]).post(f"/communities/{community_id}/invitations",
                                                   {"userId": invited["userId"]})
    assert by_member.status == 403 and by_member.json()["error"]["code"] == "NOT_A_MODERATOR"
    invitation = moderator_client.post(f"/communities/{community_id}/invitations", {"userId": invited["userId"]})
    assert invitation.status == 201
    assert invitation.json()["userId"] == invited["userId"]
    duplicate = moderator_client.post(f"/communities/{community_id}/invitations", {"userId": invited["userId"]})
    assert duplicate.json()["error"]["code"] == "ALREADY_INVITED"
    assert moderator_client.post(f"/communities/{community_id}/invitations",
                                 {"userId": "nobody"}).status == 404
    assert [n["template"] for n in notifications_of(invited["userId"])] == ["COMMUNITY_INVITATION"]

    invited_client = ApiClient(invited["claims"])
    assert invited_client.get(f"/communities/{community_id}").json()["isInvited"] is True
    # Non-members cannot read a private community's topics; members can.
    assert invited_client.get(f"/communities/{community_id}/topics").json()["error"]["code"] == "NOT_A_MEMBER"
    assert invited_client.post(f"/communities/{community_id}/join").status == 200
    assert invited_client.get(f"/communities/{community_id}/topics").status == 200
    # The invitation was used up: after leaving, the way back is another invitation.
    assert invited_client.post(f"/communities/{community_id}/leave").status == 204
    assert invited_client.post(f"/communities/{community_id}/join").json()["error"]["code"] == "NOT_INVITED"
    log = moderator_client.get(f"/communities/{community_id}/moderation-log").json()["items"]
    assert [entry["action"] for entry in log] == ["INVITE", "COMMUNITY_CREATED"]


def test_invitations_are_for_private_communities(directory):
    moderator = factories.create_user("COMMUNITY_MODERATOR")
    community_id = make_community(moderator)
    user = factories.create_user()
    response = ApiClient(moderator["claims"]).post(f"/communities/{community_id}/invitations",
                                                   {"userId": user["userId"]})
    assert response.status == 409 and response.json()["error"]["code"] == "COMMUNITY_OPEN"


def test_an_orgs_community_moderator_moderates_its_communities(directory):
    creator = factories.create_user("MDO_ADMIN", org_id="dopt")
    community_id = make_community(creator, "DoPT Officers", visibility="private")
    same_org_moderator = factories.create_user("COMMUNITY_MODERATOR", org_id="dopt")
    other_org_moderator = factories.create_user("COMMUNITY_MODERATOR", org_id="mof")
    same = ApiClient(same_org_moderator["claims"])
    assert same.get(f"/communities/{community_id}").json()["isModerator"] is True
    assert same.get(f"/communities/{community_id}/moderation-log").status == 200
    # A moderator joins a private community they moderate without an invitation.
    assert same.post(f"/communities/{community_id}/join").json()["role"] == "MODERATOR"
    other = ApiClient(other_org_moderator["claims"])
    assert other.get(f"/communities/{community_id}/moderation-log").status == 403
    assert other.post(f"/communities/{community_id}/join").status == 403


def test_member_count_is_exact_when_many_join_at_once(directory):
    from concurrent.futures import ThreadPoolExecutor

    moderator = factories.create_user("COMMUNITY_MODERATOR")
    community_id = make_community(moderator)
    users = [factories.create_user() for _ in range(12)]
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(lambda u: ApiClient(u["claims"]).post(f"/communities/{community_id}/join").status,
                                 users))
    assert statuses == [200] * 12
    join(factories.create_user(), community_id)
    assert ApiClient(moderator["claims"]).get(f"/communities/{community_id}").json()["memberCount"] == 14
