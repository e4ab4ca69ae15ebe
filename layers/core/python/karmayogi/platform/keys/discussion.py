"""The discussion hub: communities, members, posts, votes, reports, bookmarks."""

from __future__ import annotations

from karmayogi.platform.keys.common import guard_key, user_pk

# ---- discussion hub -------------------------------------------------------------------------------------

def community_key(community_id: str) -> tuple[str, str]:
    return f"COMMUNITY#{community_id}", "META"


# GSI1PK of every community item: the communities by name (a few thousand, read-mostly; written only on
# creation, so not a hot key).
COMMUNITIES_GSI = "COMMUNITIES"


def community_name_guard(name: str) -> tuple[str, str]:
    """Uniqueness guard of a community's name (normalized), written with the community."""
    return guard_key("COMMUNITYNAME", name)


def community_member_key(community_id: str, user_id: str) -> tuple[str, str]:
    return f"COMMUNITY#{community_id}", f"MEMBER#{user_id}"


def community_invitation_key(community_id: str, user_id: str) -> tuple[str, str]:
    return f"COMMUNITY#{community_id}", f"INVITE#{user_id}"


def moderation_log_key(community_id: str, entry_id: str) -> tuple[str, str]:
    """An audit entry of a community's moderation; entry ids are time-sortable (newest last)."""
    return f"COMMUNITY#{community_id}", f"MODLOG#{entry_id}"


MODLOG_PREFIX = "MODLOG#"


def post_key(post_id: str) -> tuple[str, str]:
    """A post: a topic or a reply (`kind`), one partition each; its votes and reports live beside it."""
    return f"POST#{post_id}", "META"


def community_topics_gsi(community_id: str) -> str:
    """GSI1PK of a topic: a community's topics, GSI1SK `<createdAt>#<topicId>` (recent first)."""
    return f"COMMUNITY#{community_id}#TOPICS"


def community_hot_gsi(community_id: str) -> str:
    """GSI2PK of a topic: a community's topics by hot rank, GSI2SK `<zero-padded rank>#<topicId>`."""
    return f"COMMUNITY#{community_id}#HOT"


def topic_tag_key(topic_id: str, tag: str) -> tuple[str, str]:
    """A topic's tag item (one per tag, ≤ 5): the pointer the tag pages query."""
    return f"POST#{topic_id}", f"TAG#{tag}"


def tag_topics_gsi(community_id: str, tag: str) -> str:
    """GSI1PK of a tag item: a community's topics with a tag, recent first."""
    return f"COMMUNITY#{community_id}#TAG#{tag}"


def tag_hot_gsi(community_id: str, tag: str) -> str:
    """GSI2PK of a tag item: a community's topics with a tag, by hot rank."""
    return f"COMMUNITY#{community_id}#TAGHOT#{tag}"


def topic_replies_gsi(topic_id: str) -> str:
    """GSI1PK of a reply: a topic's replies, GSI1SK `<createdAt>#<replyId>` (oldest first)."""
    return f"POST#{topic_id}#REPLIES"


def post_vote_key(post_id: str, user_id: str) -> tuple[str, str]:
    return f"POST#{post_id}", f"VOTE#{user_id}"


def post_report_key(post_id: str, user_id: str) -> tuple[str, str]:
    return f"POST#{post_id}", f"REPORT#{user_id}"


def bookmark_key(user_id: str, post_id: str) -> tuple[str, str]:
    return user_pk(user_id), f"BOOKMARK#{post_id}"


def user_bookmarks_gsi(user_id: str) -> str:
    """GSI1PK of a bookmark: a user's bookmarks, GSI1SK `<bookmarkedAt>#<postId>` (newest first)."""
    return f"USER#{user_id}#BOOKMARKS"


def rate_window_key(user_id: str, kind: str, window: str) -> tuple[str, str]:
    """A user's fixed-window rate counter (`kind` POSTS or VOTES, `window` the UTC hour), with a TTL."""
    return user_pk(user_id), f"RATE#{kind}#{window}"
