"""The discussion hub's votes (one per member per post; a topic's hot rank follows its score) and
bookmarks (who may: functions/discussion/access.py). No HTTP, no boto3."""

from __future__ import annotations

from functions.discussion import ranking
from functions.discussion.access import (
    Guards,
    access_to,
    access_to_post,
    carries_access,
    guards,
    not_a_member,
    pause,
    rate_limit,
    refuse,
    require_member,
    require_reader,
)
from functions.discussion.models import BookmarkedPost, BookmarkResult, VoteResult
from functions.discussion.repository import common as store
from functions.discussion.repository import votes as repository
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import conflict, forbidden, not_found
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.observability import logger

VOTES_PER_HOUR = 200
VOTE_ATTEMPTS = 10
EXACT_VOTE_ATTEMPTS = 3  # then a busy topic's vote is applied by ADD and its rank repaired
EXCERPT_LENGTH = 200

Item = store.Item


# ---- votes --------------------------------------------------------------------------------------------

def _votable(caller: Caller, post: Item | None) -> Item:
    """The post a caller may vote on. A live, visible post by someone else needs no more reads: the
    vote's transaction checks the membership (403 NOT_A_MEMBER). A hidden post or one's own is checked
    here against the community and the membership, in the order (and with the answers) of any post."""
    if post is None or post.get("deleted"):
        raise not_found("The post")
    if post.get("hidden") or post["authorId"] == caller.user_id:
        access, _ = access_to(caller, post["communityId"])
        require_reader(access)
        if post.get("hidden") and not access.moderator:
            raise not_found("The post")
        require_member(access)
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
            if store.get_member(post["communityId"], caller.user_id) is None:
                raise not_a_member()
            return _vote_result(post, value, value)
        exact = post["kind"] == "topic" and attempt < EXACT_VOTE_ATTEMPTS
        rank = None
        if post["kind"] == "topic":
            expected = int(post.get("score") or 0) + value - previous
            rank = (ranking.hot_rank(expected, int(post["createdEpoch"])), expected)
        rate_op, rate_error = rate_limit(caller, "VOTES", VOTES_PER_HOUR)
        try:
            repository.apply_vote(post, caller.user_id, previous, value, rank, rate_op, exact=exact)
        except ConditionFailed as failed:
            # A lost race ("vote": this user's vote changed; "post" on an exact vote: the score moved;
            # "tag": a tag item changed) is read again and retried.
            if not (failed.reason in ("vote", "tag") or (failed.reason == "post" and exact)):
                refuse(failed, {"post": not_found("The post"), store.ACCESS: not_a_member(),
                                store.RATE: rate_error})
            pause(attempt)
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
        current = store.get_post(post_id, consistent=True)
        if current is not None and current.get("rankScore") != current.get("score"):
            score = int(current.get("score") or 0)
            repository.repair_rank(current, score, ranking.hot_rank(score, int(current["createdEpoch"])))
    except Exception:
        logger.exception("hot rank not repaired after a vote", extra={"postId": post_id})


# ---- bookmarks ----------------------------------------------------------------------------------------

def bookmark(caller: Caller, post_id: str, wanted: bool | None) -> BookmarkResult:
    """`wanted` sets the bookmark (idempotent); None toggles it."""
    view = store.read_view(caller.user_id, post_ids=(post_id,), bookmarked_ids=(post_id,))
    read = view.posts.get(post_id)
    if carries_access(read) and not read.get("hidden"):
        post, checks = read, guards(caller, read, "read")
    else:
        post, _, _ = access_to_post(caller, read)
        checks = Guards()
    current = post_id in view.bookmarked
    target = (not current) if wanted is None else wanted
    try:
        if target and not current:
            repository.put_bookmark(caller.user_id, post, checks.ops)
        elif current and not target:
            repository.delete_bookmark(caller.user_id, post_id, checks.ops)
        elif checks.refusal is not None and store.get_member(post["communityId"], caller.user_id) is None:
            raise checks.refusal  # nothing to write, so nothing to carry the check
    except ConditionFailed as failed:
        refuse(failed, checks.answers())
    return BookmarkResult(post_id=post_id, bookmarked=target)


def list_bookmarks(caller: Caller, limit: int, cursor: str | None) -> PageOf[BookmarkedPost]:
    page = repository.list_bookmarks(caller.user_id, limit, cursor)
    posts = store.get_posts([b["postId"] for b in page.items])
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
