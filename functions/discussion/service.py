"""The discussion hub's rules: communities and membership, topics and replies, votes, bookmarks, reports
and moderation. No HTTP, no boto3 (the repository owns the items).

Who may do what (deny by default):
- anyone signed in: list communities, read an open community's topics, report/bookmark what they can read;
- members: post topics and replies, vote; private communities' content is readable by members only;
- the author: edit and delete their own post (version checked);
- moderators of a community (its MODERATOR members — the creator —, a COMMUNITY_MODERATOR of the
  community's org, an SPV_ADMIN): invite, hide, restore, read hidden posts and the moderation log.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeGuard, TypeVar

from pydantic import BaseModel

from functions.discussion import ranking, repository
from functions.discussion.models import (
    BookmarkedPost,
    BookmarkResult,
    Community,
    CommunityCreate,
    Invitation,
    Membership,
    ModerationLogEntry,
    ModerationResult,
    PostUpdate,
    Reply,
    ReplyCreate,
    ReplyPage,
    ReportResult,
    Topic,
    TopicCreate,
    TopicDetail,
    VoteResult,
    normalize_tag,
)
from karmayogi.platform import clock, idempotency, keys, roles
from karmayogi.platform.errors import AppError, bad_request, conflict, forbidden, not_found
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.observability import logger

POSTS_PER_HOUR = 100  # topics, replies and edits
VOTES_PER_HOUR = 200
AUTO_HIDE_REPORTS = 5
VOTE_ATTEMPTS = 10
EXACT_VOTE_ATTEMPTS = 3  # then a busy topic's vote is applied by ADD and its rank repaired
REPORT_ATTEMPTS = 8
EXCERPT_LENGTH = 200

Item = dict[str, Any]
M = TypeVar("M", bound=BaseModel)


# ---- access -------------------------------------------------------------------------------------------

@dataclass
class Access:
    community: Item
    member: Item | None
    moderator: bool

    @property
    def is_member(self) -> bool:
        return self.member is not None

    @property
    def can_read(self) -> bool:
        return self.community["visibility"] == "open" or self.is_member or self.moderator


def _moderates_by_role(caller: Caller, org_id: str | None) -> bool:
    """An SPV_ADMIN, or a COMMUNITY_MODERATOR of the community's org (the org from the token)."""
    return caller.is_spv_admin or (caller.has_role(roles.COMMUNITY_MODERATOR) and bool(org_id)
                                   and caller.org_id == org_id)


def _is_moderator(caller: Caller, community: Item, member: Item | None) -> bool:
    if caller.is_spv_admin or (member is not None and member.get("role") == "MODERATOR"):
        return True
    return _moderates_by_role(caller, community.get("orgId"))


def _not_reader() -> AppError:
    return forbidden("This community is private: only its members can read it", code="NOT_A_MEMBER")


def _not_moderator() -> AppError:
    return forbidden("Only a moderator of this community can do this", code="NOT_A_MODERATOR")


def _community(community_id: str) -> Item:
    community = repository.get_community(community_id)
    if community is None:
        raise not_found("The community")
    return community


def _access_to(caller: Caller, community_id: str, extra: tuple[repository.ItemKey, ...] = ()
               ) -> tuple[Access, dict[repository.ItemKey, Item]]:
    """The caller's access to a community (404 when there is none) and the `extra` items found, read
    together in one request."""
    community, member, found = repository.community_state(community_id, caller.user_id, extra)
    if community is None:
        raise not_found("The community")
    return Access(community, member, _is_moderator(caller, community, member)), found


def _caller_name(caller: Caller, found: dict[repository.ItemKey, Item]) -> str | None:
    """The caller's name from a profile read with the request's other items (403 without a profile)."""
    profile = found.get(repository.profile_key(caller.user_id))
    if profile is None:
        raise forbidden("Your account has no profile yet", code="PROFILE_MISSING")
    name = profile.get("name")
    return str(name) if name is not None else None


def _require_reader(access: Access) -> None:
    if not access.can_read:
        raise _not_reader()


def _require_member(access: Access) -> None:
    if not access.is_member:
        raise repository.not_a_member()


def _require_moderator(access: Access) -> None:
    if not access.moderator:
        raise _not_moderator()


def _access_to_post(caller: Caller, post: Item | None, *, allow_hidden_for_author: bool = False,
                    extra: tuple[repository.ItemKey, ...] = ()) -> tuple[Item, Access, dict[repository.ItemKey, Item]]:
    """A post read already, if it is live and the caller can see it, with the caller's access to its
    community and the `extra` items (read with the community and the membership). Deleted posts are
    gone for everyone; hidden posts exist only for moderators (and, for editing and deleting, their
    author)."""
    if post is None or post.get("deleted"):
        raise not_found("The post")
    access, found = _access_to(caller, post["communityId"], extra)
    _require_reader(access)
    if post.get("hidden") and not access.moderator and not (
        allow_hidden_for_author and post["authorId"] == caller.user_id
    ):
        raise not_found("The post")
    return post, access, found


# Posts carry their community's visibility and org (`communityVisibility`, `communityOrgId`: fixed when
# the community is made, and communities are never deleted), so a request on a post decides access from
# the post alone and leaves the membership to a ConditionCheck in its write (`_guards`) — no read of the
# community or the membership. Posts made before they carried them take the reads (`_access_to_post`).

def _carries_access(post: Item | None) -> TypeGuard[Item]:
    """A live post that carries its community's visibility and org."""
    return post is not None and not post.get("deleted") and "communityVisibility" in post


def _guards(caller: Caller, post: Item, need: Literal["read", "member", "moderator"]) -> list[repository.Guard]:
    """The checks a write on a live post (see `_carries_access`) carries instead of reading the caller's
    access, each with the refusal the read would have given: to `read` a private community one is a
    member (or moderates it by role); a `member` is one (a non-member of a private community is refused
    as a reader first); a `moderator` moderates by role or is a MODERATOR member."""
    community_id = post["communityId"]
    by_role = _moderates_by_role(caller, post.get("communityOrgId"))
    if need == "moderator":
        return [] if by_role else [repository.moderator_guard(community_id, caller.user_id, _not_moderator())]
    private = post["communityVisibility"] != "open"
    if need == "read" and (by_role or not private):
        return []
    error = _not_reader() if private and not by_role else repository.not_a_member()
    return [repository.member_guard(community_id, caller.user_id, error)]


def _moderation_shown(caller: Caller, posts: list[Item]) -> bool | None:
    """For showing `posts` (of one community): whether the caller sees hidden ones, when the posts alone
    tell — the caller moderates by role (True), or each post is of an open community and none is hidden,
    so anyone signed in may read them and the answer changes nothing (False). None: read the community
    and the membership."""
    if not posts or not all("communityVisibility" in p for p in posts):
        return None
    if _moderates_by_role(caller, posts[0].get("communityOrgId")):
        return True
    if all(p["communityVisibility"] == "open" and not p.get("hidden") for p in posts):
        return False
    return None


def _once(caller: Caller, route: str, key: str | None, model: type[M], create: Callable[[], M]) -> M:
    """Run a create at most once per Idempotency-Key (a retry returns the first result)."""
    _, body = idempotency.run_once(caller.user_id, route, key,
                                   lambda: (201, create().model_dump(mode="json", by_alias=True)))
    return model.model_validate(body)


# ---- communities --------------------------------------------------------------------------------------

def _community_model(community: Item, caller: Caller, member: Item | None, invited: bool) -> Community:
    return Community.model_validate({
        **community,
        "isMember": member is not None,
        "isModerator": _is_moderator(caller, community, member),
        "isInvited": invited,
    })


def create_community(caller: Caller, request: CommunityCreate, idempotency_key: str | None) -> Community:
    caller.require_role(roles.COMMUNITY_MODERATOR, roles.MDO_ADMIN, roles.SPV_ADMIN)

    def create() -> Community:
        now = clock.now_iso()
        community = repository.community_item(
            community_id=keys.new_id(), name=request.name, description=request.description,
            visibility=request.visibility, tags=request.tags, org_id=caller.org_id,
            created_by=caller.user_id, now=now)
        creator = repository.member_item(community["id"], caller.user_id, "MODERATOR", now)
        log = repository.log_item(community["id"], "COMMUNITY_CREATED", caller.user_id)
        repository.create_community(community, creator, log)
        logger.info("community created", extra={"communityId": community["id"], "userId": caller.user_id})
        return _community_model(community, caller, creator, False)

    return _once(caller, "POST /communities", idempotency_key, Community, create)


def list_communities(caller: Caller, limit: int, cursor: str | None) -> PageOf[Community]:
    page = repository.list_communities(limit, cursor)
    members, invited = repository.relations_of(caller.user_id, [c["id"] for c in page.items])
    return PageOf[Community](
        items=[_community_model(c, caller, members.get(c["id"]), c["id"] in invited) for c in page.items],
        next_cursor=page.next_cursor,
    )


def get_community(caller: Caller, community_id: str) -> Community:
    community = _community(community_id)
    members, invited = repository.relations_of(caller.user_id, [community_id])
    return _community_model(community, caller, members.get(community_id), community_id in invited)


def join(caller: Caller, community_id: str) -> Membership:
    """Open communities: anyone. Private ones: the invited (the invitation is used up) and moderators."""
    invitation_key = keys.community_invitation_key(community_id, caller.user_id)
    access, found = _access_to(caller, community_id, (invitation_key,))
    community = access.community
    if access.is_member:
        raise conflict("ALREADY_MEMBER", "You are a member of this community already")
    role = "MODERATOR" if access.moderator else "MEMBER"
    with_invitation = False
    if community["visibility"] == "private" and not access.moderator:
        if invitation_key not in found:
            raise forbidden("This community is private: join it by invitation", code="NOT_INVITED")
        with_invitation = True
    member = repository.member_item(community_id, caller.user_id, role, clock.now_iso())
    repository.join(community_id, member, with_invitation=with_invitation)
    return Membership.model_validate(member)


def leave(caller: Caller, community_id: str) -> None:
    _community(community_id)
    repository.leave(community_id, caller.user_id)


def invite(caller: Caller, community_id: str, user_id: str) -> Invitation:
    access, found = _access_to(caller, community_id,
                               (repository.profile_key(user_id), repository.profile_key(caller.user_id)))
    community = access.community
    _require_moderator(access)
    if community["visibility"] != "private":
        raise conflict("COMMUNITY_OPEN", "Anyone can join an open community; invitations are for private ones")
    if repository.profile_key(user_id) not in found:
        raise not_found("The user")
    log = repository.log_item(community_id, "INVITE", caller.user_id, target_user_id=user_id)
    notify = repository.notify_ops(user_id, "COMMUNITY_INVITATION",
                                   {"name": _caller_name(caller, found) or "", "community": community["name"]},
                                   link=f"/communities/{community_id}")
    item = repository.invite(community_id, user_id, caller.user_id, log, notify)
    logger.info("community invitation", extra={"communityId": community_id, "userId": user_id})
    return Invitation.model_validate(item)


def moderation_log(caller: Caller, community_id: str, limit: int, cursor: str | None) -> PageOf[ModerationLogEntry]:
    access, _ = _access_to(caller, community_id)
    _require_moderator(access)
    page = repository.moderation_log(community_id, limit, cursor)
    return PageOf[ModerationLogEntry](items=[ModerationLogEntry.model_validate(i) for i in page.items],
                                      next_cursor=page.next_cursor)


# ---- topics and replies -------------------------------------------------------------------------------

def _topic(item: Item, votes: dict[str, int] | None = None, marks: set[str] | None = None) -> Topic:
    return Topic.model_validate({**item, "myVote": (votes or {}).get(item["id"], 0),
                                 "bookmarked": item["id"] in (marks or set())})


def _reply(item: Item, votes: dict[str, int] | None = None) -> Reply:
    return Reply.model_validate({**item, "myVote": (votes or {}).get(item["id"], 0)})


def create_topic(caller: Caller, community_id: str, request: TopicCreate,
                 idempotency_key: str | None) -> Topic:
    access, found = _access_to(caller, community_id, (repository.profile_key(caller.user_id),))
    _require_member(access)

    def create() -> Topic:
        now = clock.now()
        rank = ranking.hot_rank(0, int(now.timestamp()))
        topic = repository.topic_item(
            topic_id=keys.new_id(), community=access.community, title=request.title, body=request.body,
            tags=request.tags, author_id=caller.user_id, author_name=_caller_name(caller, found), now=now,
            rank=rank)
        rate_op, rate_error = repository.rate_limit_op(caller.user_id, "POSTS", POSTS_PER_HOUR)
        repository.create_topic(topic, rate_op, rate_error)
        logger.info("topic created", extra={"topicId": topic["id"], "communityId": community_id})
        return _topic(topic)

    return _once(caller, f"POST /communities/{community_id}/topics", idempotency_key, Topic, create)


def _refused_first(caller: Caller, community_id: str) -> None:
    """Raise the 404/403 the caller would get for the community (a list refuses them before a bad
    parameter or cursor)."""
    access, _ = _access_to(caller, community_id)
    _require_reader(access)


def list_topics(caller: Caller, community_id: str, tag: str | None, sort: str, limit: int,
                cursor: str | None) -> PageOf[Topic]:
    """The page's query, then one consistent BatchGetItem: the caller's votes and bookmarks on it (a tag
    page's topics too), with the community and the membership unless the topics tell all that matters
    (`_moderation_shown`); hidden topics dropped for non-moderators."""
    wanted_tag: str | None = None
    if tag is not None:
        try:
            wanted_tag = normalize_tag(tag)
        except ValueError as error:
            _refused_first(caller, community_id)
            raise bad_request("VALIDATION_ERROR", "The request is not valid",
                              [{"field": "query.tag", "message": str(error)}]) from error
    try:
        if wanted_tag is not None:
            page = repository.list_tagged_topics(community_id, wanted_tag, sort, limit=limit, cursor=cursor)
        else:
            page = repository.list_topics(community_id, sort, limit=limit, cursor=cursor)
    except AppError as error:
        if error.code == "INVALID_CURSOR":
            _refused_first(caller, community_id)
        raise
    community_key = keys.community_key(community_id)
    member_key = keys.community_member_key(community_id, caller.user_id)
    if wanted_tag is not None:
        ids = [p["topicId"] for p in page.items]
        moderation: bool | None = None
        wanted = [community_key, member_key, *[keys.post_key(i) for i in ids]]
    else:
        ids = [t["id"] for t in page.items]
        moderation = _moderation_shown(caller, page.items)
        wanted = [community_key, member_key] if moderation is None else []
    wanted += [keys.post_vote_key(i, caller.user_id) for i in ids]
    wanted += [keys.bookmark_key(caller.user_id, i) for i in ids]
    found = repository.read(wanted)
    if moderation is None:
        community = found.get(community_key)
        if community is None:
            raise not_found("The community")
        access = Access(community, found.get(member_key), _is_moderator(caller, community, found.get(member_key)))
        _require_reader(access)
        moderation = access.moderator
    if wanted_tag is not None:
        topics = [found[keys.post_key(i)] for i in ids if keys.post_key(i) in found]
    else:
        topics = page.items
    topics = [t for t in topics if not t.get("deleted") and (moderation or not t.get("hidden"))]
    votes, marks = _caller_state(found)
    return PageOf[Topic](items=[_topic(t, votes, marks) for t in topics], next_cursor=page.next_cursor)


def _caller_state(found: dict[repository.ItemKey, Item]) -> tuple[dict[str, int], set[str]]:
    """The caller's votes (by post) and bookmarked posts among items read."""
    votes = {i["postId"]: int(i["value"]) for i in found.values() if i.get("entityType") == "Vote"}
    marks = {i["postId"] for i in found.values() if i.get("entityType") == "Bookmark"}
    return votes, marks


def get_topic(caller: Caller, topic_id: str, limit: int, cursor: str | None) -> TopicDetail:
    """The replies' query, then one consistent BatchGetItem: the topic, the caller's votes on it and on
    the replies and their bookmark, with the community and the membership when the replies show they are
    needed (`_moderation_shown`). Only when the topic shows they are needed and no reply named the
    community (an empty page) are they a third read."""
    try:
        page = repository.list_replies(topic_id, limit=limit, cursor=cursor)
    except AppError as error:
        if error.code == "INVALID_CURSOR":
            _access_to_post(caller, repository.get_post(topic_id, consistent=True))
        raise
    replies = [r for r in page.items if not r.get("deleted")]
    topic_key = keys.post_key(topic_id)
    wanted = [topic_key, keys.bookmark_key(caller.user_id, topic_id),
              *[keys.post_vote_key(p, caller.user_id) for p in [topic_id, *[r["id"] for r in replies]]]]
    read_access = bool(replies) and _moderation_shown(caller, replies) is None
    if read_access:
        community_id = replies[0]["communityId"]
        wanted += [keys.community_key(community_id), keys.community_member_key(community_id, caller.user_id)]
    found = repository.read(wanted)
    topic = found.get(topic_key)
    if topic is None or topic.get("deleted"):
        raise not_found("The post")
    moderation = None if read_access else _moderation_shown(caller, [topic, *replies])
    if moderation is None:
        if read_access:
            community = found.get(keys.community_key(topic["communityId"]))
            if community is None:
                raise not_found("The community")
            member = found.get(keys.community_member_key(topic["communityId"], caller.user_id))
            access = Access(community, member, _is_moderator(caller, community, member))
        else:
            access, _ = _access_to(caller, topic["communityId"])
        _require_reader(access)
        if topic.get("hidden") and not access.moderator:
            raise not_found("The post")
        moderation = access.moderator
    if topic["kind"] != "topic":
        raise not_found("The topic")
    votes, marks = _caller_state(found)
    shown = [r for r in replies if moderation or not r.get("hidden")]
    replies_page = ReplyPage(items=[_reply(r, votes) for r in shown], next_cursor=page.next_cursor)
    return TopicDetail.model_validate({**_topic(topic, votes, marks).model_dump(), "replies": replies_page})


def create_reply(caller: Caller, topic_id: str, request: ReplyCreate, idempotency_key: str | None) -> Reply:
    """Reads the topic and the caller's profile (one BatchGetItem); the reply's transaction checks the
    membership (a topic made before posts carried their community's facts also reads its community)."""
    topic_key, profile_key = keys.post_key(topic_id), repository.profile_key(caller.user_id)
    found = repository.read([topic_key, profile_key])
    post = found.get(topic_key)
    if _carries_access(post) and not post.get("hidden") and post["kind"] == "topic" and profile_key in found:
        topic = post
        guards = _guards(caller, topic, "member")
    else:
        topic, access, found = _access_to_post(caller, post, extra=(profile_key,))
        if topic["kind"] != "topic":
            raise not_found("The topic")
        _require_member(access)
        guards = [repository.member_guard(topic["communityId"], caller.user_id, repository.not_a_member())]

    def create() -> Reply:
        name = _caller_name(caller, found)
        reply = repository.reply_item(reply_id=keys.new_id(), topic=topic, body=request.body,
                                      author_id=caller.user_id, author_name=name, now=clock.now())
        rate_op, rate_error = repository.rate_limit_op(caller.user_id, "POSTS", POSTS_PER_HOUR)
        notify: list[Item] = []
        if topic["authorId"] != caller.user_id:
            notify = repository.notify_ops(topic["authorId"], "DISCUSSION_REPLY",
                                           {"name": name or "", "title": topic["title"]},
                                           link=f"/topics/{topic_id}")
        repository.create_reply(reply, guards, rate_op, rate_error, notify)
        logger.info("reply created", extra={"topicId": topic_id, "replyId": reply["id"]})
        return _reply(reply)

    return _once(caller, f"POST /topics/{topic_id}/replies", idempotency_key, Reply, create)


def _own_post(caller: Caller, post_id: str, request: PostUpdate | None = None
              ) -> tuple[Item, list[repository.Guard]]:
    """A post its author edits or deletes: one read of the post; a visible post of theirs that carries its
    community's facts needs no more (the write carries the checks); any other is checked as before."""
    post = repository.get_post(post_id, consistent=True)
    fits = request is None or post is None or post.get("kind") != "reply" or (
        request.title is None and request.tags is None)
    if _carries_access(post) and not post.get("hidden") and post["authorId"] == caller.user_id and fits:
        return post, _guards(caller, post, "read")
    post, _, _ = _access_to_post(caller, post, allow_hidden_for_author=True)
    return post, []


def update_post(caller: Caller, post_id: str, request: PostUpdate) -> Topic | Reply:
    post, guards = _own_post(caller, post_id, request)
    if post["authorId"] != caller.user_id:
        raise forbidden("Only the author can edit a post", code="NOT_AUTHOR")
    if post.get("hidden"):
        raise conflict("POST_HIDDEN", "A moderator has hidden this post; it cannot be edited")
    if post["kind"] == "reply" and (request.title is not None or request.tags is not None):
        raise bad_request("VALIDATION_ERROR", "The request is not valid",
                          [{"field": "title" if request.title is not None else "tags",
                            "message": "a reply has only a body"}])
    changes: dict[str, Any] = {}
    if request.title is not None:
        changes["title"] = request.title
    if request.body is not None:
        changes["body"] = request.body
    if request.tags is not None:
        changes["tags"] = request.tags
    rate_op, rate_error = repository.rate_limit_op(caller.user_id, "POSTS", POSTS_PER_HOUR)
    updated = repository.update_post(post, request.version, changes, new_tags=request.tags,
                                     rate_op=rate_op, rate_error=rate_error, guards=guards)
    return _topic(updated) if updated["kind"] == "topic" else _reply(updated)


def delete_post(caller: Caller, post_id: str, version: int) -> None:
    post, guards = _own_post(caller, post_id)
    if post["authorId"] != caller.user_id:
        raise forbidden("Only the author can delete a post", code="NOT_AUTHOR")
    repository.delete_post(post, version, guards)
    logger.info("post deleted", extra={"postId": post_id})


# ---- votes --------------------------------------------------------------------------------------------

def _pause(attempt: int) -> None:
    time.sleep(random.uniform(0, 0.004 * (2 ** min(attempt, 5))))


def _votable(caller: Caller, post: Item | None) -> Item:
    """The post a caller may vote on. A live, visible post by someone else needs no more reads: the
    vote's transaction checks the membership (403 NOT_A_MEMBER). A hidden post or one's own is checked
    here against the community and the membership, in the order (and with the answers) of any post."""
    if post is None or post.get("deleted"):
        raise not_found("The post")
    if post.get("hidden") or post["authorId"] == caller.user_id:
        access, _ = _access_to(caller, post["communityId"])
        _require_reader(access)
        if post.get("hidden") and not access.moderator:
            raise not_found("The post")
        _require_member(access)
        if post["authorId"] == caller.user_id:
            raise forbidden("You cannot vote on your own post", code="OWN_POST")
    return post


def _vote_result(post: Item, value: int, previous: int) -> VoteResult:
    """The post's counts after this user's vote moved them from `previous` to `value`."""
    up = (1 if value == 1 else 0) - (1 if previous == 1 else 0)
    down = (1 if value == -1 else 0) - (1 if previous == -1 else 0)
    return VoteResult(post_id=post["id"], value=value, score=int(post.get("score") or 0) + value - previous,
                      upvotes=int(post.get("upvotes") or 0) + up, downvotes=int(post.get("downvotes") or 0) + down)


def vote(caller: Caller, post_id: str, value: int) -> VoteResult:
    """One vote per user per post: changing it moves the score by the difference, 0 withdraws it.

    Reads the post and the caller's vote (one BatchGetItem); the transaction checks the membership. A
    topic's vote is first made `exact` (conditioned on the score read, so its rank and the answer are
    the final score's); on a busy post, after EXACT_VOTE_ATTEMPTS races, it is applied by ADD alone and
    the rank repaired from a fresh read. The answer is the read counts plus this vote's difference."""
    post, previous = repository.get_post_and_vote(post_id, caller.user_id)
    post = _votable(caller, post)
    for attempt in range(VOTE_ATTEMPTS):
        if previous == value:
            if repository.get_member(post["communityId"], caller.user_id) is None:
                raise repository.not_a_member()
            return _vote_result(post, value, value)
        exact = post["kind"] == "topic" and attempt < EXACT_VOTE_ATTEMPTS
        rank = None
        if post["kind"] == "topic":
            expected = int(post.get("score") or 0) + value - previous
            rank = (ranking.hot_rank(expected, int(post["createdEpoch"])), expected)
        rate_op, rate_error = repository.rate_limit_op(caller.user_id, "VOTES", VOTES_PER_HOUR)
        try:
            repository.apply_vote(post, caller.user_id, previous, value, rank, rate_op, rate_error, exact=exact)
        except repository.Raced:
            _pause(attempt)
            fresh, previous = repository.get_post_and_vote(post_id, caller.user_id)
            if fresh is None or fresh.get("deleted"):
                raise not_found("The post") from None
            post = fresh
            continue
        if post["kind"] == "topic" and not exact:
            _repair_rank_quietly(post_id)
        return _vote_result(post, value, previous)
    logger.warning("vote not applied after retries", extra={"postId": post_id})
    raise conflict("VOTE_CONFLICT", "Your vote could not be recorded because of concurrent changes; retry")


def _repair_rank_quietly(post_id: str) -> None:
    """After a vote applied by ADD alone (concurrent voters), set the rank of the score as it now is.
    Best effort: the vote has counted; if this fails, the next vote on the post sets the rank."""
    try:
        current = repository.get_post(post_id, consistent=True)
        if current is not None and current.get("rankScore") != current.get("score"):
            score = int(current.get("score") or 0)
            repository.repair_rank(current, score, ranking.hot_rank(score, int(current["createdEpoch"])))
    except Exception:
        logger.exception("hot rank not repaired after a vote", extra={"postId": post_id})


# ---- bookmarks ----------------------------------------------------------------------------------------

def bookmark(caller: Caller, post_id: str, wanted: bool | None) -> BookmarkResult:
    """`wanted` sets the bookmark (idempotent); None toggles it."""
    post_key, mark_key = keys.post_key(post_id), keys.bookmark_key(caller.user_id, post_id)
    found = repository.read([post_key, mark_key])
    read = found.get(post_key)
    if _carries_access(read) and not read.get("hidden"):
        post, guards = read, _guards(caller, read, "read")
    else:
        post, _, _ = _access_to_post(caller, read)
        guards = []
    current = mark_key in found
    target = (not current) if wanted is None else wanted
    if target and not current:
        repository.put_bookmark(caller.user_id, post, guards)
    elif current and not target:
        repository.delete_bookmark(caller.user_id, post_id, guards)
    elif guards and repository.get_member(post["communityId"], caller.user_id) is None:
        raise guards[0][1]  # nothing to write, so nothing to carry the check
    return BookmarkResult(post_id=post_id, bookmarked=target)


def list_bookmarks(caller: Caller, limit: int, cursor: str | None) -> PageOf[BookmarkedPost]:
    page = repository.list_bookmarks(caller.user_id, limit, cursor)
    posts = repository.get_posts([b["postId"] for b in page.items])
    items = []
    for mark in page.items:
        post = posts.get(mark["postId"])
        if post is None or post.get("deleted") or post.get("hidden"):
            continue
        items.append(BookmarkedPost(
            post_id=post["id"], kind=post["kind"], community_id=post["communityId"], topic_id=post["topicId"],
            title=post.get("title"), excerpt=post["body"][:EXCERPT_LENGTH], author_id=post["authorId"],
            bookmarked_at=mark["createdAt"]))
    return PageOf[BookmarkedPost](items=items, next_cursor=page.next_cursor)


# ---- reports and moderation ---------------------------------------------------------------------------

def _post_title(post: Item) -> str:
    return str(post.get("title") or post["body"][:60])


def report(caller: Caller, post_id: str, reason: str) -> ReportResult:
    """One report per reporter; the AUTO_HIDE_REPORTS-th distinct reporter hides the post in the same
    transaction that records the report (with the audit entries and the author's notification)."""
    post_key, report_key = keys.post_key(post_id), keys.post_report_key(post_id, caller.user_id)
    found = repository.read([post_key, report_key])
    read = found.get(post_key)
    if (_carries_access(read) and not read.get("hidden") and read["authorId"] != caller.user_id
            and report_key not in found):
        post, guards = read, _guards(caller, read, "read")
    else:
        post, _, _ = _access_to_post(caller, read)
        guards = []
    if post["authorId"] == caller.user_id:
        raise forbidden("You cannot report your own post", code="OWN_POST")
    already = ReportResult(post_id=post_id, already_reported=True)
    for attempt in range(REPORT_ATTEMPTS):
        if (report_key in found) if attempt == 0 else repository.has_reported(post_id, caller.user_id):
            return already
        count = int(post.get("reportCount") or 0)
        hide = count + 1 == AUTO_HIDE_REPORTS and not post.get("hidden")
        report_entry = repository.log_item(post["communityId"], "REPORT", caller.user_id, post_id=post_id,
                                           reason=reason)
        extra = [repository.put_log_op(report_entry)]
        if hide:
            extra.append(repository.put_log_op(repository.log_item(
                post["communityId"], "AUTO_HIDE", "system", post_id=post_id, target_user_id=post["authorId"],
                reason=f"{AUTO_HIDE_REPORTS} distinct reports", after=report_entry)))
            extra += repository.notify_ops(post["authorId"], "POST_HIDDEN", {"title": _post_title(post)},
                                           link=f"/posts/{post_id}")
        try:
            repository.report(post, caller.user_id, reason, hide=hide, extra_ops=extra, guards=guards)
        except repository.AlreadyReported:
            return already
        except repository.Raced:
            _pause(attempt)
            fresh = repository.get_post(post_id, consistent=True)
            if fresh is None or fresh.get("deleted"):
                raise not_found("The post") from None
            post = fresh
            continue
        if hide:
            logger.info("post hidden automatically", extra={"postId": post_id, "reports": AUTO_HIDE_REPORTS})
        return ReportResult(post_id=post_id)
    logger.error("report not recorded after retries", extra={"postId": post_id})
    raise conflict("REPORT_CONFLICT", "Your report could not be recorded because of concurrent reports; retry")


def set_hidden(caller: Caller, post_id: str, hidden: bool, reason: str | None) -> ModerationResult:
    post = repository.get_post(post_id, consistent=True)
    if post is None or post.get("deleted"):
        raise not_found("The post")
    guards: list[repository.Guard] = []
    if _carries_access(post):
        guards = _guards(caller, post, "moderator")
    else:
        access, _ = _access_to(caller, post["communityId"])
        _require_moderator(access)
    action = "HIDE" if hidden else "RESTORE"
    extra = [repository.put_log_op(repository.log_item(post["communityId"], action, caller.user_id,
                                                       post_id=post_id, target_user_id=post["authorId"],
                                                       reason=reason))]
    extra += repository.notify_ops(post["authorId"], "POST_HIDDEN" if hidden else "POST_RESTORED",
                                   {"title": _post_title(post)}, link=f"/posts/{post_id}")
    try:
        repository.set_hidden(post, hidden, caller.user_id, reason, extra, guards)
    except AppError as error:
        logger.warning("moderation refused", extra={"postId": post_id, "action": action, "code": error.code})
        raise
    logger.info("moderation", extra={"postId": post_id, "action": action, "moderatorId": caller.user_id})
    return ModerationResult(post_id=post_id, kind=post["kind"], community_id=post["communityId"], hidden=hidden)
