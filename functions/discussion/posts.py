"""The discussion hub's topics and replies: posting, the community's topic lists (recent, popular, by
tag), a thread, and the author's edit and delete (who may: functions/discussion/access.py). No HTTP, no
boto3."""

from __future__ import annotations

from typing import Any, NoReturn

from functions.discussion import ranking
from functions.discussion.access import (
    Guards,
    access_of,
    access_to,
    access_to_post,
    caller_name,
    carries_access,
    guards,
    moderation_shown,
    not_a_member,
    rate_limit,
    refuse,
    require_member,
    require_reader,
)
from functions.discussion.models import (
    PostUpdate,
    Reply,
    ReplyCreate,
    ReplyPage,
    Topic,
    TopicCreate,
    TopicDetail,
    normalize_tag,
)
from functions.discussion.repository import common as store
from functions.discussion.repository import posts as repository
from karmayogi.platform import clock
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import AppError, bad_request, conflict, forbidden, not_found, stale_version
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.observability import logger

POSTS_PER_HOUR = 100  # topics, replies and edits

Item = store.Item


def _topic(item: Item, view: store.View | None = None) -> Topic:
    votes, marks = (view.votes, view.bookmarked) if view else ({}, set())
    return Topic.model_validate({**item, "myVote": votes.get(item["id"], 0), "bookmarked": item["id"] in marks})


def _reply(item: Item, view: store.View | None = None) -> Reply:
    return Reply.model_validate({**item, "myVote": (view.votes if view else {}).get(item["id"], 0)})


def create_topic(caller: Caller, community_id: str, request: TopicCreate) -> Topic:
    access, view = access_to(caller, community_id, profile_ids=(caller.user_id,))
    require_member(access)
    now = clock.now()
    rate_op, rate_error = rate_limit(caller, "POSTS", POSTS_PER_HOUR)
    try:
        topic = repository.create_topic(
            community=access.community, title=request.title, body=request.body, tags=request.tags,
            author_id=caller.user_id, author_name=caller_name(caller, view), now=now,
            rank=ranking.hot_rank(0, int(now.timestamp())), rate_op=rate_op)
    except ConditionFailed as failed:
        refuse(failed, {store.ACCESS: forbidden("Only members of the community can post", code="NOT_A_MEMBER"),
                        "community": not_found("The community"), store.RATE: rate_error})
    logger.info("topic created", extra={"topicId": topic["id"], "communityId": community_id})
    return _topic(topic)


def _refused_first(caller: Caller, community_id: str) -> None:
    """Raise the 404/403 the caller would get for the community (a list refuses them before a bad
    parameter or cursor)."""
    access, _ = access_to(caller, community_id)
    require_reader(access)


def list_topics(caller: Caller, community_id: str, tag: str | None, sort: str, limit: int,
                cursor: str | None) -> PageOf[Topic]:
    """The page's query, then one consistent BatchGetItem: the caller's votes and bookmarks on it (a tag
    page's topics too), with the community and the membership unless the topics tell all that matters
    (`moderation_shown`); hidden topics dropped for non-moderators."""
    wanted_tag: str | None = None
    if tag is not None:
        try:
            wanted_tag = normalize_tag(tag)
        except ValueError as error:
            _refused_first(caller, community_id)
            raise bad_request("VALIDATION_ERROR", "The request is not valid",
                              [{"field": "query.tag", "message": str(error), "reason": "tag_format"}]) from error
    try:
        if wanted_tag is not None:
            page = repository.list_tagged_topics(community_id, wanted_tag, sort, limit=limit, cursor=cursor)
        else:
            page = repository.list_topics(community_id, sort, limit=limit, cursor=cursor)
    except AppError as error:
        if error.code == "INVALID_CURSOR":
            _refused_first(caller, community_id)
        raise
    if wanted_tag is not None:
        ids = [p["topicId"] for p in page.items]
        moderation: bool | None = None
    else:
        ids = [t["id"] for t in page.items]
        moderation = moderation_shown(caller, page.items)
    view = store.read_view(caller.user_id, community_id=community_id if moderation is None else None,
                           post_ids=ids if wanted_tag is not None else (), voted_ids=ids, bookmarked_ids=ids)
    if moderation is None:
        access = access_of(caller, view)
        require_reader(access)
        moderation = access.moderator
    topics = [view.posts[i] for i in ids if i in view.posts] if wanted_tag is not None else page.items
    topics = [t for t in topics if not t.get("deleted") and (moderation or not t.get("hidden"))]
    return PageOf[Topic](items=[_topic(t, view) for t in topics], next_cursor=page.next_cursor)


def get_topic(caller: Caller, topic_id: str, limit: int, cursor: str | None) -> TopicDetail:
    """The replies' query, then one consistent BatchGetItem: the topic, the caller's votes on it and on
    the replies and their bookmark, with the community and the membership when the replies show they are
    needed (`moderation_shown`). Only when the topic shows they are needed and no reply named the
    community (an empty page) are they a third read."""
    try:
        page = repository.list_replies(topic_id, limit=limit, cursor=cursor)
    except AppError as error:
        if error.code == "INVALID_CURSOR":
            access_to_post(caller, store.get_post(topic_id, consistent=True))
        raise
    replies = [r for r in page.items if not r.get("deleted")]
    read_access = bool(replies) and moderation_shown(caller, replies) is None
    view = store.read_view(caller.user_id, community_id=replies[0]["communityId"] if read_access else None,
                           post_ids=(topic_id,), bookmarked_ids=(topic_id,),
                           voted_ids=(topic_id, *[r["id"] for r in replies]))
    topic = view.posts.get(topic_id)
    if topic is None or topic.get("deleted"):
        raise not_found("The post")
    moderation = None if read_access else moderation_shown(caller, [topic, *replies])
    if moderation is None:
        access = access_of(caller, view) if read_access else access_to(caller, topic["communityId"])[0]
        require_reader(access)
        if topic.get("hidden") and not access.moderator:
            raise not_found("The post")
        moderation = access.moderator
    if topic["kind"] != "topic":
        raise not_found("The topic")
    shown = [r for r in replies if moderation or not r.get("hidden")]
    replies_page = ReplyPage(items=[_reply(r, view) for r in shown], next_cursor=page.next_cursor)
    return TopicDetail.model_validate({**_topic(topic, view).model_dump(), "replies": replies_page})


def create_reply(caller: Caller, topic_id: str, request: ReplyCreate) -> Reply:
    """Reads the topic and the caller's profile (one BatchGetItem); the reply's transaction checks the
    membership (a topic made before posts carried their community's facts also reads its community)."""
    view = store.read_view(caller.user_id, post_ids=(topic_id,), profile_ids=(caller.user_id,))
    post = view.posts.get(topic_id)
    if carries_access(post) and not post.get("hidden") and post["kind"] == "topic" and caller.user_id in view.profiles:
        topic = post
        checks = guards(caller, topic, "member")
    else:
        topic, access, view = access_to_post(caller, post, profile_ids=(caller.user_id,))
        if topic["kind"] != "topic":
            raise not_found("The topic")
        require_member(access)
        checks = Guards((store.member_check(topic["communityId"], caller.user_id),), not_a_member())
    name = caller_name(caller, view)
    rate_op, rate_error = rate_limit(caller, "POSTS", POSTS_PER_HOUR)
    notify: list[Item] = []
    if topic["authorId"] != caller.user_id:
        notify = store.notify_ops(topic["authorId"], "DISCUSSION_REPLY", {"name": name or "", "title": topic["title"]},
                                  link=f"/topics/{topic_id}")
    try:
        reply = repository.create_reply(topic=topic, body=request.body, author_id=caller.user_id, author_name=name,
                                        guards=checks.ops, rate_op=rate_op, notify_ops=notify)
    except ConditionFailed as failed:
        refuse(failed, {**checks.answers(), "topic": not_found("The topic"), store.RATE: rate_error})
    logger.info("reply created", extra={"topicId": topic_id, "replyId": reply["id"]})
    return _reply(reply)


def _own_post(caller: Caller, post_id: str, request: PostUpdate | None = None) -> tuple[Item, Guards]:
    """A post its author edits or deletes: one read of the post; a visible post of theirs that carries its
    community's facts needs no more (the write carries the checks); any other is checked as before."""
    post = store.get_post(post_id, consistent=True)
    fits = request is None or post is None or post.get("kind") != "reply" or (
        request.title is None and request.tags is None)
    if carries_access(post) and not post.get("hidden") and post["authorId"] == caller.user_id and fits:
        return post, guards(caller, post, "read")
    post, _, _ = access_to_post(caller, post, allow_hidden_for_author=True)
    return post, Guards()


def _write_refused(failed: ConditionFailed, checks: Guards, **more: AppError) -> NoReturn:
    refuse(failed, {**checks.answers(), "missing": not_found("The post"), "stale": stale_version(), **more})


def update_post(caller: Caller, post_id: str, request: PostUpdate) -> Topic | Reply:
    post, checks = _own_post(caller, post_id, request)
    if post["authorId"] != caller.user_id:
        raise forbidden("Only the author can edit a post", code="NOT_AUTHOR")
    if post.get("hidden"):
        raise conflict("POST_HIDDEN", "A moderator has hidden this post; it cannot be edited")
    if post["kind"] == "reply" and (request.title is not None or request.tags is not None):
        raise bad_request("VALIDATION_ERROR", "The request is not valid",
                          [{"field": "title" if request.title is not None else "tags",
                            "message": "a reply has only a body", "reason": "reply_body_only"}])
    changes: dict[str, Any] = {}
    if request.title is not None:
        changes["title"] = request.title
    if request.body is not None:
        changes["body"] = request.body
    if request.tags is not None:
        changes["tags"] = request.tags
    rate_op, rate_error = rate_limit(caller, "POSTS", POSTS_PER_HOUR)
    try:
        updated = repository.update_post(post, request.version, changes, new_tags=request.tags, rate_op=rate_op,
                                         guards=checks.ops)
    except ConditionFailed as failed:
        _write_refused(failed, checks, **{store.RATE: rate_error})
    return _topic(updated) if updated["kind"] == "topic" else _reply(updated)


def delete_post(caller: Caller, post_id: str, version: int) -> None:
    post, checks = _own_post(caller, post_id)
    if post["authorId"] != caller.user_id:
        raise forbidden("Only the author can delete a post", code="NOT_AUTHOR")
    try:
        repository.delete_post(post, version, checks.ops)
    except ConditionFailed as failed:
        _write_refused(failed, checks)
    logger.info("post deleted", extra={"postId": post_id})
