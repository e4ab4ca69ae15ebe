"""What the discussion hub's stores share: the reads of a request's items in one BatchGetItem (`View`),
the rate-limit windows, the checks a write carries instead of a read of the caller's access, audit
entries and notifications."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from karmayogi.domain import notifications
from karmayogi.platform import clock, db, keys

Item = db.Item

RATE_WINDOW_SECONDS = 3600
# Many people write one popular post's item at once (votes, replies, reports); DynamoDB cancels a
# transaction that meets another on the same item (TransactionConflict), so these retry longer (with
# backoff, ~2.5 s in all) before answering 503 with Retry-After.
HOT_ITEM_RETRIES = 6

# Operation names shared by the writes (`db.ConditionFailed.reason`).
ACCESS = "access"  # a check of the caller's membership or moderator role (`member_check`, `moderator_check`)
RATE = "rate"  # the caller's rate-limit window is full (`rate_limit_op`)


# ---- reads --------------------------------------------------------------------------------------------

@dataclass
class View:
    """The items a request needs, read together (`read_view`)."""

    community: Item | None = None
    member: Item | None = None  # the user's membership of the community
    invited: bool = False  # the user holds an invitation to the community
    profiles: dict[str, Item] = field(default_factory=dict)  # by user id
    posts: dict[str, Item] = field(default_factory=dict)  # by post id
    votes: dict[str, int] = field(default_factory=dict)  # the user's votes, by post id
    bookmarked: set[str] = field(default_factory=set)  # the posts the user bookmarked
    reported: bool = False  # the user reported the post `reported_id`


def read_view(user_id: str, *, community_id: str | None = None, invitation: bool = False,
              profile_ids: Sequence[str] = (), post_ids: Sequence[str] = (), voted_ids: Sequence[str] = (),
              bookmarked_ids: Sequence[str] = (), reported_id: str | None = None) -> View:
    """In one consistent BatchGetItem (per 100 keys): the community with the user's membership (and
    invitation), profiles, posts, and the user's votes, bookmarks and report among the posts named."""
    wanted: list[tuple[str, str]] = []
    community_key = member_key = invitation_key = report_key = None
    if community_id is not None:
        community_key = keys.community_key(community_id)
        member_key = keys.community_member_key(community_id, user_id)
        wanted += [community_key, member_key]
        if invitation:
            invitation_key = keys.community_invitation_key(community_id, user_id)
            wanted.append(invitation_key)
    profile_keys = {u: (keys.user_pk(u), keys.PROFILE_SK) for u in profile_ids}
    post_keys = {p: keys.post_key(p) for p in post_ids}
    vote_keys = {p: keys.post_vote_key(p, user_id) for p in voted_ids}
    mark_keys = {p: keys.bookmark_key(user_id, p) for p in bookmarked_ids}
    wanted += [*profile_keys.values(), *post_keys.values(), *vote_keys.values(), *mark_keys.values()]
    if reported_id is not None:
        report_key = keys.post_report_key(reported_id, user_id)
        wanted.append(report_key)
    found = {(i["PK"], i["SK"]): i for i in db.batch_get(wanted, consistent=True)}
    return View(
        community=found.get(community_key) if community_key else None,
        member=found.get(member_key) if member_key else None,
        invited=invitation_key in found,
        profiles={u: found[k] for u, k in profile_keys.items() if k in found},
        posts={p: found[k] for p, k in post_keys.items() if k in found},
        votes={p: int(found[k]["value"]) for p, k in vote_keys.items() if k in found},
        bookmarked={p for p, k in mark_keys.items() if k in found},
        reported=report_key in found,
    )


def get_member(community_id: str, user_id: str) -> Item | None:
    return db.get(*keys.community_member_key(community_id, user_id), consistent=True)


def get_post(post_id: str, consistent: bool = False) -> Item | None:
    return db.get(*keys.post_key(post_id), consistent=consistent)


def get_posts(post_ids: Sequence[str]) -> dict[str, Item]:
    return {item["id"]: item for item in db.batch_get([keys.post_key(p) for p in post_ids])}


# ---- checks a write carries ---------------------------------------------------------------------------

def member_check(community_id: str, user_id: str) -> Item:
    """The user is a member of the community (a ConditionCheck named ACCESS)."""
    return db.check_op(*keys.community_member_key(community_id, user_id), "attribute_exists(PK)", name=ACCESS)


def moderator_check(community_id: str, user_id: str) -> Item:
    """The user is a MODERATOR member of the community (a ConditionCheck named ACCESS)."""
    return db.check_op(*keys.community_member_key(community_id, user_id), "#role = :moderator",
                       names={"#role": "role"}, values={":moderator": "MODERATOR"}, name=ACCESS)


# ---- rate limits --------------------------------------------------------------------------------------

def rate_window(now: datetime) -> tuple[str, int, int]:
    """The current UTC hour window: its name, its end (epoch seconds) and the seconds left in it."""
    window = now.strftime("%Y-%m-%dT%H")
    start = int(now.replace(minute=0, second=0, microsecond=0).timestamp())
    end = start + RATE_WINDOW_SECONDS
    return window, end, max(1, end - int(now.timestamp()))


def rate_limit_op(user_id: str, kind: str, limit: int) -> tuple[Item, int]:
    """A fixed-window counter: one more action in this hour, only while under `limit` (a conditional ADD
    named RATE), and the seconds left in the window (the Retry-After of a refusal)."""
    window, end, retry_after = rate_window(clock.now())
    pk, sk = keys.rate_window_key(user_id, kind, window)
    op = db.update_op(
        pk, sk, "ADD #n :one SET expiresAt = :exp, entityType = :type",
        condition="attribute_not_exists(#n) OR #n < :limit",
        names={"#n": "count"},
        values={":one": 1, ":exp": end + RATE_WINDOW_SECONDS, ":type": "RateWindow", ":limit": limit},
        name=RATE,
    )
    return op, retry_after


def set_rate_count(user_id: str, kind: str, count: int) -> None:
    """Put a window's counter at `count` (tests and the bench start a window part-used)."""
    window, end, _ = rate_window(clock.now())
    pk, sk = keys.rate_window_key(user_id, kind, window)
    db.table().put_item(Item={"PK": pk, "SK": sk, "entityType": "RateWindow", "count": count,
                              "expiresAt": end + RATE_WINDOW_SECONDS})


# ---- audit entries and notifications ------------------------------------------------------------------

def log_item(community_id: str, action: str, actor_id: str, *, post_id: str | None = None,
             target_user_id: str | None = None, reason: str | None = None, after: Item | None = None) -> Item:
    """An audit entry; `after` orders it right after another entry written in the same transaction."""
    entry_id = f"{after['id']}+" if after else keys.new_id()
    pk, sk = keys.moderation_log_key(community_id, entry_id)
    item: Item = {"PK": pk, "SK": sk, "entityType": "ModerationLogEntry", "id": entry_id,
                  "communityId": community_id, "action": action, "actorId": actor_id,
                  "createdAt": clock.now_iso()}
    if post_id:
        item["postId"] = post_id
    if target_user_id:
        item["targetUserId"] = target_user_id
    if reason:
        item["reason"] = reason
    return item


def notify_ops(user_id: str, template: str, params: dict[str, Any], link: str | None = None) -> list[Item]:
    """An in-app notification's operations (karmayogi.domain.notifications), named "notify"."""
    return [db.named("notify", op) for op in notifications.in_app_ops(user_id, template, params, link)]
