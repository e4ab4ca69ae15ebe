"""Communities, their members and invitations, and the moderation log's pages."""

from __future__ import annotations

from collections.abc import Sequence

from boto3.dynamodb.conditions import Key

from functions.discussion.repository.common import Item, log_item
from karmayogi.domain import search
from karmayogi.platform import clock, db, keys

INVITATION_TTL_SECONDS = 30 * 24 * 3600
COMMUNITY_SEARCH_SCOPE = "COMMUNITY"
SNIPPET_CHARS = 300


def community_item(*, community_id: str, name: str, description: str, visibility: str, tags: list[str],
                   org_id: str | None, created_by: str, now: str) -> Item:
    pk, sk = keys.community_key(community_id)
    return {
        "PK": pk, "SK": sk, "entityType": "Community",
        "id": community_id, "name": name, "description": description, "visibility": visibility,
        "tags": tags, "orgId": org_id, "createdBy": created_by,
        "memberCount": 1, "topicCount": 0, "createdAt": now, "updatedAt": now, "version": 1,
        "GSI1PK": keys.COMMUNITIES_GSI, "GSI1SK": f"{keys.normalize(name)}#{community_id}",
    }


def member_item(community_id: str, user_id: str, role: str, now: str) -> Item:
    pk, sk = keys.community_member_key(community_id, user_id)
    return {"PK": pk, "SK": sk, "entityType": "CommunityMember", "communityId": community_id,
            "userId": user_id, "role": role, "joinedAt": now}


def create(*, name: str, description: str, visibility: str, tags: list[str], org_id: str | None,
           created_by: str) -> tuple[Item, Item]:
    """A new community with its creator as its MODERATOR member and the audit entry; the community and
    the membership made. Fails "name" when a community has the name already."""
    now = clock.now_iso()
    community = community_item(community_id=keys.new_id(), name=name, description=description,
                               visibility=visibility, tags=tags, org_id=org_id, created_by=created_by, now=now)
    creator = member_item(community["id"], created_by, "MODERATOR", now)
    create_community(community, creator, log_item(community["id"], "COMMUNITY_CREATED", created_by))
    return community, creator


def search_tokens(community: Item) -> list[Item]:
    """A community's search tokens (karmayogi.domain.search, scope COMMUNITY): its name and tags (pairs
    of their first 5 words) and its description's words. Communities are never renamed or deleted."""
    payload = {"id": community["id"], "name": community["name"],
               "description": community.get("description", "")[:SNIPPET_CHARS],
               "visibility": community["visibility"], "orgId": community.get("orgId")}
    text = " ".join([community["name"], *community.get("tags", [])])
    return search.token_items(COMMUNITY_SEARCH_SCOPE, community["PK"], community["id"], text, payload,
                              more_text=community.get("description", ""), pair_words=5, max_words=24)


def create_community(community: Item, creator: Item, log: Item, extra_members: Sequence[Item] = ()) -> None:
    """Write a community made by `community_item` (the seeder adds its members) with its search tokens.
    Fails "name" (the name's guard exists) or "community" (the id exists)."""
    guard_pk, guard_sk = keys.community_name_guard(community["name"])
    db.transact([
        db.put_op({"PK": guard_pk, "SK": guard_sk, "entityType": "UniqueGuard", "ownerId": community["id"]},
                  condition="attribute_not_exists(PK)", name="name"),
        db.put_op(community, condition="attribute_not_exists(PK)", name="community"),
        db.put_op(creator),
        db.put_op(log),
        *[db.put_op(member) for member in extra_members],
        *[db.put_op(token) for token in search_tokens(community)],
    ])


def get_community(community_id: str) -> Item | None:
    return db.get(*keys.community_key(community_id))


def list_communities(limit: int, cursor: str | None) -> db.Page:
    return db.query_page(Key("GSI1PK").eq(keys.COMMUNITIES_GSI), index=keys.GSI1, scope="communities",
                         limit=limit, cursor=cursor)


def relations_of(user_id: str, community_ids: Sequence[str]) -> tuple[dict[str, Item], set[str]]:
    """The caller's memberships (by community) and invitations among `community_ids`, one batch read."""
    wanted = [keys.community_member_key(c, user_id) for c in community_ids]
    wanted += [keys.community_invitation_key(c, user_id) for c in community_ids]
    members: dict[str, Item] = {}
    invited: set[str] = set()
    for item in db.batch_get(wanted):
        if item["entityType"] == "CommunityMember":
            members[item["communityId"]] = item
        elif item["entityType"] == "CommunityInvitation":
            invited.add(item["communityId"])
    return members, invited


def join(community_id: str, user_id: str, role: str, *, with_invitation: bool) -> Item:
    """The membership and the member count (and the invitation used up); the membership. Fails "member"
    (a member already), "community" (no such community) or "invitation" (none to use up)."""
    member = member_item(community_id, user_id, role, clock.now_iso())
    pk, sk = keys.community_key(community_id)
    operations = [
        db.put_op(member, condition="attribute_not_exists(PK)", name="member"),
        db.update_op(pk, sk, "ADD memberCount :one", condition="attribute_exists(PK)", values={":one": 1},
                     name="community"),
    ]
    if with_invitation:
        operations.append(db.delete_op(*keys.community_invitation_key(community_id, user_id),
                                       condition="attribute_exists(PK)", name="invitation"))
    db.transact(operations)
    return member


def leave(community_id: str, user_id: str) -> None:
    """Fails "member" (not a member) or "community" (no such community)."""
    pk, sk = keys.community_key(community_id)
    db.transact([
        db.delete_op(*keys.community_member_key(community_id, user_id), condition="attribute_exists(PK)",
                     name="member"),
        db.update_op(pk, sk, "ADD memberCount :minus", condition="attribute_exists(PK)", values={":minus": -1},
                     name="community"),
    ])


def invite(community_id: str, user_id: str, invited_by: str, notify_ops: Sequence[Item]) -> Item:
    """The invitation with its audit entry and the invitee's notification; the invitation. Fails
    "invitation" (invited already) or "member" (the user is a member already)."""
    pk, sk = keys.community_invitation_key(community_id, user_id)
    now = clock.now()
    item = {"PK": pk, "SK": sk, "entityType": "CommunityInvitation", "communityId": community_id,
            "userId": user_id, "invitedBy": invited_by, "createdAt": clock.to_iso(now),
            "expiresAt": int(now.timestamp()) + INVITATION_TTL_SECONDS}
    db.transact([
        db.put_op(item, condition="attribute_not_exists(PK)", name="invitation"),
        db.check_op(*keys.community_member_key(community_id, user_id), "attribute_not_exists(PK)", name="member"),
        db.put_op(log_item(community_id, "INVITE", invited_by, target_user_id=user_id)),
        *notify_ops,
    ])
    return item


def moderation_log(community_id: str, limit: int, cursor: str | None) -> db.Page:
    pk, _ = keys.community_key(community_id)
    return db.query_page(Key("PK").eq(pk) & Key("SK").begins_with(keys.MODLOG_PREFIX),
                         scope=f"modlog:{community_id}", limit=limit, cursor=cursor, forward=False)
