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
from typing import Any, TypeVar

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
from karmayogi import clock, idempotency, keys, roles
from karmayogi.errors import AppError, bad_request, conflict, forbidden, not_found
from karmayogi.identity import Caller
from karmayogi.models import PageOf
from karmayogi.observability import logger

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


def _is_moderator(caller: Caller, community: Item, member: Item | None) -> bool:
    if caller.is_spv_admin or (member is not None and member.get("role") == "MODERATOR"):
        return True
    return (caller.has_role(roles.COMMUNITY_MODERATOR) and bool(community.get("orgId"))
            and caller.org_id == community.get("orgId"))


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
        raise forbidden("This community is private: only its members can read it", code="NOT_A_MEMBER")


def _require_member(access: Access) -> None:
    if not access.is_member:
        raise forbidden("Only members of the community can do this; join it first", code="NOT_A_MEMBER")


def _require_moderator(access: Access) -> None:
    if not access.moderator:
        raise forbidden("Only a moderator of this community can do this", code="NOT_A_MODERATOR")


def _load_post(caller: Caller, post_id: str, *, allow_hidden_for_author: bool = False,
               extra: tuple[repository.ItemKey, ...] = ()) -> tuple[Item, Access]:
    """A live post the caller can see, with the caller's access to its community. Deleted posts are
    gone for everyone; hidden posts exist only for moderators (and, for deleting, their author)."""
    post, access, _ = _load_post_with(caller, post_id, allow_hidden_for_author=allow_hidden_for_author, extra=extra)
    return post, access


def _load_post_with(caller: Caller, post_id: str, *, allow_hidden_for_author: bool = False,
                    extra: tuple[repository.ItemKey, ...] = ()) -> tuple[Item, Access, dict[repository.ItemKey, Item]]:
    """`_load_post`, and the `extra` items read with the community and the membership."""
    post = repository.get_post(post_id, consistent=True)
    if post is None or post.get("deleted"):
        raise not_found("The post")
    access, found = _access_to(caller, post["communityId"], extra)
    _require_reader(access)
    if post.get("hidden") and not access.moderator and not (
        allow_hidden_for_author and post["authorId"] == caller.user_id
    ):
        raise not_found("The post")
    return post, access, found


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
            topic_id=keys.new_id(), community_id=community_id, title=request.title, body=request.body,
            tags=request.tags, author_id=caller.user_id, author_name=_caller_name(caller, found), now=now,
            rank=rank)
        rate_op, rate_error = repository.rate_limit_op(caller.user_id, "POSTS", POSTS_PER_HOUR)
        repository.create_topic(topic, rate_op, rate_error)
        logger.info("topic created", extra={"topicId": topic["id"], "communityId": community_id})
        return _topic(topic)

    return _once(caller, f"POST /communities/{community_id}/topics", idempotency_key, Topic, create)


def list_topics(caller: Caller, community_id: str, tag: str | None, sort: str, limit: int,
                cursor: str | None) -> PageOf[Topic]:
    access, _ = _access_to(caller, community_id)
    _require_reader(access)
    if tag is not None:
        try:
            wanted = normalize_tag(tag)
        except ValueError as error:
            raise bad_request("VALIDATION_ERROR", "The request is not valid",
                              [{"field": "query.tag", "message": str(error)}]) from error
        page = repository.list_tagged_topics(community_id, wanted, sort, limit=limit, cursor=cursor)
        posts = repository.get_posts([p["topicId"] for p in page.items])
        topics = [posts[p["topicId"]] for p in page.items if p["topicId"] in posts]
        topics = [t for t in topics if not t.get("deleted") and (access.moderator or not t.get("hidden"))]
    else:
        page = repository.list_topics(community_id, sort, moderator=access.moderator, limit=limit, cursor=cursor)
        topics = page.items
    ids = [t["id"] for t in topics]
    votes = repository.my_votes(caller.user_id, ids)
    marks = repository.bookmarked(caller.user_id, ids)
    return PageOf[Topic](items=[_topic(t, votes, marks) for t in topics], next_cursor=page.next_cursor)


def get_topic(caller: Caller, topic_id: str, limit: int, cursor: str | None) -> TopicDetail:
    topic, access = _load_post(caller, topic_id)
    if topic["kind"] != "topic":
        raise not_found("The topic")
    page = repository.list_replies(topic_id, moderator=access.moderator, limit=limit, cursor=cursor)
    ids = [topic_id, *[r["id"] for r in page.items]]
    votes = repository.my_votes(caller.user_id, ids)
    marks = repository.bookmarked(caller.user_id, [topic_id])
    replies = ReplyPage(items=[_reply(r, votes) for r in page.items], next_cursor=page.next_cursor)
    return TopicDetail.model_validate({**_topic(topic, votes, marks).model_dump(), "replies": replies})


def create_reply(caller: Caller, topic_id: str, request: ReplyCreate, idempotency_key: str | None) -> Reply:
    topic, access, found = _load_post_with(caller, topic_id, extra=(repository.profile_key(caller.user_id),))
    if topic["kind"] != "topic":
        raise not_found("The topic")
    _require_member(access)

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
        repository.create_reply(reply, rate_op, rate_error, notify)
        logger.info("reply created", extra={"topicId": topic_id, "replyId": reply["id"]})
        return _reply(reply)

    return _once(caller, f"POST /topics/{topic_id}/replies", idempotency_key, Reply, create)


def update_post(caller: Caller, post_id: str, request: PostUpdate) -> Topic | Reply:
    post, _ = _load_post(caller, post_id, allow_hidden_for_author=True)
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
                                     rate_op=rate_op, rate_error=rate_error)
    return _topic(updated) if updated["kind"] == "topic" else _reply(updated)


def delete_post(caller: Caller, post_id: str, version: int) -> None:
    post, _ = _load_post(caller, post_id, allow_hidden_for_author=True)
    if post["authorId"] != caller.user_id:
        raise forbidden("Only the author can delete a post", code="NOT_AUTHOR")
    repository.delete_post(post, version)
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
    mark_key = keys.bookmark_key(caller.user_id, post_id)
    post, _, found = _load_post_with(caller, post_id, extra=(mark_key,))
    current = mark_key in found
    target = (not current) if wanted is None else wanted
    if target and not current:
        repository.put_bookmark(caller.user_id, post)
    elif current and not target:
        repository.delete_bookmark(caller.user_id, post_id)
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
    report_key = keys.post_report_key(post_id, caller.user_id)
    post, _, found = _load_post_with(caller, post_id, extra=(report_key,))
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
            repository.report(post, caller.user_id, reason, hide=hide, extra_ops=extra)
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
    access, _ = _access_to(caller, post["communityId"])
    _require_moderator(access)
    action = "HIDE" if hidden else "RESTORE"
    extra = [repository.put_log_op(repository.log_item(post["communityId"], action, caller.user_id,
                                                       post_id=post_id, target_user_id=post["authorId"],
                                                       reason=reason))]
    extra += repository.notify_ops(post["authorId"], "POST_HIDDEN" if hidden else "POST_RESTORED",
                                   {"title": _post_title(post)}, link=f"/posts/{post_id}")
    try:
        repository.set_hidden(post, hidden, caller.user_id, reason, extra)
    except AppError as error:
        logger.warning("moderation refused", extra={"postId": post_id, "action": action, "code": error.code})
        raise
    logger.info("moderation", extra={"postId": post_id, "action": action, "moderatorId": caller.user_id})
    return ModerationResult(post_id=post_id, kind=post["kind"], community_id=post["communityId"], hidden=hidden)
