"""The discussion hub's communities: creating, listing, joining and leaving them, invitations and the
moderation log (who may: functions/discussion/access.py). No HTTP, no boto3."""

from __future__ import annotations

from functions.discussion.access import (
    access_to,
    caller_name,
    is_moderator,
    refuse,
    require_moderator,
)
from functions.discussion.models import Community, CommunityCreate, Invitation, Membership
from functions.discussion.repository import common as store
from functions.discussion.repository import communities as repository
from karmayogi.platform import roles
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import AppError, conflict, forbidden, not_found
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.observability import logger

Item = store.Item


def _community_model(community: Item, caller: Caller, member: Item | None, invited: bool) -> Community:
    return Community.model_validate({
        **community,
        "isMember": member is not None,
        "isModerator": is_moderator(caller, community, member),
        "isInvited": invited,
    })


def create_community(caller: Caller, request: CommunityCreate) -> Community:
    caller.require_role(roles.COMMUNITY_MODERATOR, roles.MDO_ADMIN, roles.SPV_ADMIN)
    try:
        community, creator = repository.create(
            name=request.name, description=request.description, visibility=request.visibility,
            tags=request.tags, org_id=caller.org_id, created_by=caller.user_id)
    except ConditionFailed as failed:
        refuse(failed, {"name": conflict("COMMUNITY_EXISTS", "A community with this name exists already"),
                        "community": conflict("COMMUNITY_EXISTS", "A community with this id exists already")})
    logger.info("community created", extra={"communityId": community["id"], "userId": caller.user_id})
    return _community_model(community, caller, creator, False)


def list_communities(caller: Caller, limit: int, cursor: str | None) -> PageOf[Community]:
    page = repository.list_communities(limit, cursor)
    members, invited = repository.relations_of(caller.user_id, [c["id"] for c in page.items])
    return PageOf[Community](
        items=[_community_model(c, caller, members.get(c["id"]), c["id"] in invited) for c in page.items],
        next_cursor=page.next_cursor,
    )


def _community(community_id: str) -> Item:
    community = repository.get_community(community_id)
    if community is None:
        raise not_found("The community")
    return community


def get_community(caller: Caller, community_id: str) -> Community:
    community = _community(community_id)
    members, invited = repository.relations_of(caller.user_id, [community_id])
    return _community_model(community, caller, members.get(community_id), community_id in invited)


def _not_invited() -> AppError:
    return forbidden("This community is private: join it by invitation", code="NOT_INVITED")


def join(caller: Caller, community_id: str) -> Membership:
    """Open communities: anyone. Private ones: the invited (the invitation is used up) and moderators."""
    access, view = access_to(caller, community_id, invitation=True)
    if access.is_member:
        raise conflict("ALREADY_MEMBER", "You are a member of this community already")
    with_invitation = False
    if access.community["visibility"] == "private" and not access.moderator:
        if not view.invited:
            raise _not_invited()
        with_invitation = True
    try:
        member = repository.join(community_id, caller.user_id, "MODERATOR" if access.moderator else "MEMBER",
                                 with_invitation=with_invitation)
    except ConditionFailed as failed:
        refuse(failed, {"member": conflict("ALREADY_MEMBER", "You are a member of this community already"),
                        "community": not_found("The community"),
                        "invitation": _not_invited()})
    return Membership.model_validate(member)


def leave(caller: Caller, community_id: str) -> None:
    _community(community_id)
    try:
        repository.leave(community_id, caller.user_id)
    except ConditionFailed as failed:
        refuse(failed, {"member": conflict("NOT_A_MEMBER", "You are not a member of this community"),
                        "community": not_found("The community")})


def invite(caller: Caller, community_id: str, user_id: str) -> Invitation:
    access, view = access_to(caller, community_id, profile_ids=(user_id, caller.user_id))
    community = access.community
    require_moderator(access)
    if community["visibility"] != "private":
        raise conflict("COMMUNITY_OPEN", "Anyone can join an open community; invitations are for private ones")
    if user_id not in view.profiles:
        raise not_found("The user")
    notify = store.notify_ops(user_id, "COMMUNITY_INVITATION",
                              {"name": caller_name(caller, view) or "", "community": community["name"]},
                              link=f"/communities/{community_id}")
    try:
        item = repository.invite(community_id, user_id, caller.user_id, notify)
    except ConditionFailed as failed:
        refuse(failed, {"invitation": conflict("ALREADY_INVITED", "This user has been invited already"),
                        "member": conflict("ALREADY_MEMBER", "This user is a member already")})
    logger.info("community invitation", extra={"communityId": community_id, "userId": user_id})
    return Invitation.model_validate(item)
