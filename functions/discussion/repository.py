"""The discussion hub's items and access patterns (docs/data-model.md, "Discussion hub"). The only module
of the hub that talks to DynamoDB.

Every multi-item change is one TransactWriteItems: a reply with the topic's replyCount, a vote with the
post's score (conditioned on the voter's previous vote), a report with the report count (and, at the
threshold, the hide and its audit entry), each with the caller's rate-limit window when it is limited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from karmayogi.domain import notifications
from karmayogi.platform import clock, db, keys
from karmayogi.platform.errors import AppError, conflict, forbidden, not_found, stale_version, too_many_requests

Item = db.Item

RATE_WINDOW_SECONDS = 3600
# Many people write one popular post's item at once (votes, replies, reports); DynamoDB cancels a
# transaction that meets another on the same item (TransactionConflict), so these retry longer (with
# backoff, ~2.5 s in all) before answering 503 with Retry-After.
HOT_ITEM_RETRIES = 6
INVITATION_TTL_SECONDS = 30 * 24 * 3600


class Raced(AppError):
    """A condition failed because another request changed the item first; the service re-reads and
    retries. (If it ever escaped, it would still be a clean 409.)"""

    def __init__(self, what: str = "post") -> None:
        super().__init__(409, "CONCURRENT_UPDATE", f"The {what} changed meanwhile; retry")


def not_a_member() -> AppError:
    return forbidden("Only members of the community can do this; join it first", code="NOT_A_MEMBER")


def member_check_op(community_id: str, user_id: str) -> Item:
    """A transaction's check that the user is a member of the community (instead of reading it first)."""
    return db.check_op(*keys.community_member_key(community_id, user_id), "attribute_exists(PK)")


# A write's precondition on another item (a ConditionCheck) and the refusal its failure means. The
# service uses them instead of reading the caller's membership before a write on a post.
Guard = tuple[Item, AppError]


def member_guard(community_id: str, user_id: str, error: AppError) -> Guard:
    """The user is a member of the community."""
    return member_check_op(community_id, user_id), error


def moderator_guard(community_id: str, user_id: str, error: AppError) -> Guard:
    """The user is a MODERATOR member of the community."""
    return db.check_op(*keys.community_member_key(community_id, user_id), "#role = :moderator",
                       names={"#role": "role"}, values={":moderator": "MODERATOR"}), error


def _transact(guards: Sequence[Guard], operations: Sequence[Item],
              on_condition_failed: dict[int, AppError] | db.ConflictMapper, retries: int = 3) -> None:
    """`db.transact` with the guards' checks first (so a refused caller is refused before any state
    conflict is reported, as when access was read first); `on_condition_failed` indexes `operations`."""
    count = len(guards)

    def failed(index: int) -> AppError:
        if index < count:
            return guards[index][1]
        if callable(on_condition_failed):
            return on_condition_failed(index - count)
        return on_condition_failed.get(index - count) or conflict(
            "CONFLICT", "The change conflicts with the current state")

    db.transact([*(check for check, _ in guards), *operations], on_condition_failed=failed, retries=retries)


# ---- rate limits --------------------------------------------------------------------------------------

def rate_window(now: datetime) -> tuple[str, int, int]:
    """The current UTC hour window: its name, its end (epoch seconds) and the seconds left in it."""
    window = now.strftime("%Y-%m-%dT%H")
    start = int(now.replace(minute=0, second=0, microsecond=0).timestamp())
    end = start + RATE_WINDOW_SECONDS
    return window, end, max(1, end - int(now.timestamp()))


def rate_limit_op(user_id: str, kind: str, limit: int) -> tuple[Item, AppError]:
    """A fixed-window counter: one more action in this hour, only while under `limit` (conditional ADD).
    Returns the operation and the 429 its failure means."""
    now = clock.now()
    window, end, retry_after = rate_window(now)
    pk, sk = keys.rate_window_key(user_id, kind, window)
    op = db.update_op(
        pk, sk, "ADD #n :one SET expiresAt = :exp, entityType = :type",
        condition="attribute_not_exists(#n) OR #n < :limit",
        names={"#n": "count"},
        values={":one": 1, ":exp": end + RATE_WINDOW_SECONDS, ":type": "RateWindow", ":limit": limit},
    )
    error = too_many_requests("RATE_LIMITED", f"At most {limit} {kind.lower()} an hour; try again later",
                              retry_after)
    return op, error


def set_rate_count(user_id: str, kind: str, count: int) -> None:
    """Put a window's counter at `count` (tests and the bench start a window part-used)."""
    window, end, _ = rate_window(clock.now())
    pk, sk = keys.rate_window_key(user_id, kind, window)
    db.table().put_item(Item={"PK": pk, "SK": sk, "entityType": "RateWindow", "count": count,
                              "expiresAt": end + RATE_WINDOW_SECONDS})


# ---- communities --------------------------------------------------------------------------------------

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


def create_community(community: Item, creator: Item, log: Item, extra_members: Sequence[Item] = ()) -> None:
    guard_pk, guard_sk = keys.community_name_guard(community["name"])
    db.transact(
        [
            db.put_op({"PK": guard_pk, "SK": guard_sk, "entityType": "UniqueGuard",
                       "ownerId": community["id"]}, condition="attribute_not_exists(PK)"),
            db.put_op(community, condition="attribute_not_exists(PK)"),
            db.put_op(creator),
            db.put_op(log),
            *[db.put_op(member) for member in extra_members],
        ],
        on_condition_failed={
            0: conflict("COMMUNITY_EXISTS", "A community with this name exists already"),
            1: conflict("COMMUNITY_EXISTS", "A community with this id exists already"),
        },
    )


def get_community(community_id: str) -> Item | None:
    return db.get(*keys.community_key(community_id))


def list_communities(limit: int, cursor: str | None) -> db.Page:
    return db.query_page(Key("GSI1PK").eq(keys.COMMUNITIES_GSI), index=keys.GSI1, scope="communities",
                         limit=limit, cursor=cursor)


def get_member(community_id: str, user_id: str) -> Item | None:
    return db.get(*keys.community_member_key(community_id, user_id), consistent=True)


ItemKey = tuple[str, str]


def community_state(community_id: str, user_id: str, extra: Sequence[ItemKey] = ()) -> tuple[Item | None, Item | None,
                                                                                        dict[ItemKey, Item]]:
    """The community, the user's membership (None if not a member) and any `extra` items the request
    needs (an invitation, a profile, a bookmark …), in one consistent BatchGetItem; the third value
    maps each key found to its item."""
    community_key = keys.community_key(community_id)
    member_key = keys.community_member_key(community_id, user_id)
    found = {(i["PK"], i["SK"]): i for i in db.batch_get([community_key, member_key, *extra], consistent=True)}
    return found.get(community_key), found.get(member_key), found


def profile_key(user_id: str) -> ItemKey:
    return keys.user_pk(user_id), keys.PROFILE_SK


def read(wanted: Sequence[ItemKey]) -> dict[ItemKey, Item]:
    """The items found among `wanted` (one consistent BatchGetItem per 100 keys), by key."""
    return {(i["PK"], i["SK"]): i for i in db.batch_get(wanted, consistent=True)}


def get_invitation(community_id: str, user_id: str) -> Item | None:
    return db.get(*keys.community_invitation_key(community_id, user_id), consistent=True)


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


def join(community_id: str, member: Item, *, with_invitation: bool) -> None:
    pk, sk = keys.community_key(community_id)
    operations = [
        db.put_op(member, condition="attribute_not_exists(PK)"),
        db.update_op(pk, sk, "ADD memberCount :one", condition="attribute_exists(PK)", values={":one": 1}),
    ]
    if with_invitation:
        operations.append(db.delete_op(*keys.community_invitation_key(community_id, member["userId"]),
                                       condition="attribute_exists(PK)"))
    db.transact(operations, on_condition_failed={
        0: conflict("ALREADY_MEMBER", "You are a member of this community already"),
        1: not_found("The community"),
        2: forbidden("This community is private: join it by invitation", code="NOT_INVITED"),
    })


def leave(community_id: str, user_id: str) -> None:
    pk, sk = keys.community_key(community_id)
    db.transact(
        [
            db.delete_op(*keys.community_member_key(community_id, user_id), condition="attribute_exists(PK)"),
            db.update_op(pk, sk, "ADD memberCount :minus", condition="attribute_exists(PK)",
                         values={":minus": -1}),
        ],
        on_condition_failed={0: conflict("NOT_A_MEMBER", "You are not a member of this community"),
                             1: not_found("The community")},
    )


def invite(community_id: str, user_id: str, invited_by: str, log: Item, notify_ops: list[Item]) -> Item:
    pk, sk = keys.community_invitation_key(community_id, user_id)
    now = clock.now()
    item = {"PK": pk, "SK": sk, "entityType": "CommunityInvitation", "communityId": community_id,
            "userId": user_id, "invitedBy": invited_by, "createdAt": clock.to_iso(now),
            "expiresAt": int(now.timestamp()) + INVITATION_TTL_SECONDS}
    db.transact(
        [
            db.put_op(item, condition="attribute_not_exists(PK)"),
            db.check_op(*keys.community_member_key(community_id, user_id), "attribute_not_exists(PK)"),
            db.put_op(log),
            *notify_ops,
        ],
        on_condition_failed={0: conflict("ALREADY_INVITED", "This user has been invited already"),
                             1: conflict("ALREADY_MEMBER", "This user is a member already")},
    )
    return item


def moderation_log(community_id: str, limit: int, cursor: str | None) -> db.Page:
    pk, _ = keys.community_key(community_id)
    return db.query_page(Key("PK").eq(pk) & Key("SK").begins_with(keys.MODLOG_PREFIX),
                         scope=f"modlog:{community_id}", limit=limit, cursor=cursor, forward=False)


# ---- posts --------------------------------------------------------------------------------------------

def _tag_item(topic: Item, tag: str) -> Item:
    pk, sk = keys.topic_tag_key(topic["id"], tag)
    return {
        "PK": pk, "SK": sk, "entityType": "TopicTag", "topicId": topic["id"],
        "communityId": topic["communityId"], "tag": tag,
        "GSI1PK": keys.tag_topics_gsi(topic["communityId"], tag), "GSI1SK": topic["GSI1SK"],
        "GSI2PK": keys.tag_hot_gsi(topic["communityId"], tag), "GSI2SK": topic["GSI2SK"],
    }


def topic_item(*, topic_id: str, community: Item, title: str, body: str, tags: list[str], author_id: str,
               author_name: str | None, now: datetime, rank: str) -> Item:
    """A topic; it carries its community's visibility and org (both fixed when the community is made,
    and communities are never deleted), so access to it is known without reading the community."""
    pk, sk = keys.post_key(topic_id)
    created = clock.to_iso(now)
    community_id = community["id"]
    return {
        "PK": pk, "SK": sk, "entityType": "Post", "kind": "topic",
        "id": topic_id, "topicId": topic_id, "communityId": community_id,
        "communityVisibility": community["visibility"], "communityOrgId": community.get("orgId"),
        "title": title, "body": body, "tags": tags, "authorId": author_id, "authorName": author_name,
        "score": 0, "upvotes": 0, "downvotes": 0, "replyCount": 0, "reportCount": 0,
        "hidden": False, "deleted": False, "createdAt": created, "updatedAt": created,
        "createdEpoch": int(now.timestamp()), "version": 1, "hotRank": rank, "rankScore": 0,
        "GSI1PK": keys.community_topics_gsi(community_id), "GSI1SK": f"{created}#{topic_id}",
        "GSI2PK": keys.community_hot_gsi(community_id), "GSI2SK": f"{rank}#{topic_id}",
    }


def create_topic(topic: Item, rate_op: Item, rate_error: AppError) -> None:
    community_pk, community_sk = keys.community_key(topic["communityId"])
    member_pk, member_sk = keys.community_member_key(topic["communityId"], topic["authorId"])
    db.transact(
        [
            db.check_op(member_pk, member_sk, "attribute_exists(PK)"),
            db.update_op(community_pk, community_sk, "ADD topicCount :one", condition="attribute_exists(PK)",
                         values={":one": 1}),
            rate_op,
            db.put_op(topic, condition="attribute_not_exists(PK)"),
            *[db.put_op(_tag_item(topic, tag)) for tag in topic["tags"]],
        ],
        on_condition_failed={
            0: forbidden("Only members of the community can post", code="NOT_A_MEMBER"),
            1: not_found("The community"),
            2: rate_error,
        },
    )


def reply_item(*, reply_id: str, topic: Item, body: str, author_id: str, author_name: str | None,
               now: datetime) -> Item:
    pk, sk = keys.post_key(reply_id)
    created = clock.to_iso(now)
    item: Item = {
        "PK": pk, "SK": sk, "entityType": "Post", "kind": "reply",
        "id": reply_id, "topicId": topic["id"], "communityId": topic["communityId"],
        "body": body, "authorId": author_id, "authorName": author_name,
        "score": 0, "upvotes": 0, "downvotes": 0, "reportCount": 0,
        "hidden": False, "deleted": False, "createdAt": created, "updatedAt": created, "version": 1,
        "GSI1PK": keys.topic_replies_gsi(topic["id"]), "GSI1SK": f"{created}#{reply_id}",
    }
    if "communityVisibility" in topic:  # topics made before posts carried them do not
        item["communityVisibility"] = topic["communityVisibility"]
        item["communityOrgId"] = topic.get("communityOrgId")
    return item


def create_reply(reply: Item, guards: Sequence[Guard], rate_op: Item, rate_error: AppError,
                 notify_ops: list[Item]) -> None:
    """The reply and the topic's replyCount in one transaction (exact under concurrency), with the
    `guards` (the author's membership)."""
    topic_pk, topic_sk = keys.post_key(reply["topicId"])
    _transact(
        guards,
        [
            db.update_op(topic_pk, topic_sk, "ADD replyCount :one SET lastReplyAt = :now",
                         condition="attribute_exists(PK) AND deleted = :false",
                         values={":one": 1, ":now": reply["createdAt"], ":false": False}),
            rate_op,
            db.put_op(reply, condition="attribute_not_exists(PK)"),
            *notify_ops,
        ],
        {0: not_found("The topic"), 1: rate_error},
        retries=HOT_ITEM_RETRIES,
    )


def get_post(post_id: str, consistent: bool = False) -> Item | None:
    return db.get(*keys.post_key(post_id), consistent=consistent)


def get_posts(post_ids: Sequence[str]) -> dict[str, Item]:
    return {item["id"]: item for item in db.batch_get([keys.post_key(p) for p in post_ids])}


def list_topics(community_id: str, sort: str, *, limit: int, cursor: str | None) -> db.Page:
    """A community's topics, newest first (GSI1) or by hot rank (GSI2), hidden ones included: the service
    drops them for non-moderators (the same page and cursor as a filter on `hidden`, since a Query's
    Limit counts the items before its filter)."""
    if sort == "popular":
        condition, index = Key("GSI2PK").eq(keys.community_hot_gsi(community_id)), keys.GSI2
    else:
        condition, index = Key("GSI1PK").eq(keys.community_topics_gsi(community_id)), keys.GSI1
    return db.query_page(condition, index=index, scope=f"topics:{community_id}:{sort}", limit=limit,
                         cursor=cursor, forward=False)


def list_tagged_topics(community_id: str, tag: str, sort: str, *, limit: int, cursor: str | None) -> db.Page:
    """The tag items of a tag page, in order; the service reads the topics they point to."""
    if sort == "popular":
        condition, index = Key("GSI2PK").eq(keys.tag_hot_gsi(community_id, tag)), keys.GSI2
    else:
        condition, index = Key("GSI1PK").eq(keys.tag_topics_gsi(community_id, tag)), keys.GSI1
    return db.query_page(condition, index=index, scope=f"tag:{community_id}:{tag}:{sort}", limit=limit,
                         cursor=cursor, forward=False)


def list_replies(topic_id: str, *, limit: int, cursor: str | None) -> db.Page:
    """A topic's replies, oldest first, hidden ones included (the service drops them for non-moderators,
    as `list_topics`)."""
    return db.query_page(Key("GSI1PK").eq(keys.topic_replies_gsi(topic_id)), index=keys.GSI1,
                         scope=f"replies:{topic_id}", limit=limit, cursor=cursor)


def update_post(post: Item, version: int, changes: dict[str, Any], *, new_tags: list[str] | None,
                rate_op: Item, rate_error: AppError, guards: Sequence[Guard] = ()) -> Item:
    """An author's edit: the changed fields (and, for a topic whose tags change, its tag items), with
    the version condition and the caller's edit allowance, in one transaction."""
    pk, sk = keys.post_key(post["id"])
    now = clock.now_iso()
    names = {"#version": "version", "#updatedAt": "updatedAt"}
    values: dict[str, Any] = {":expected": version, ":one": 1, ":now": now, ":false": False,
                              ":author": post["authorId"]}
    sets = ["#version = #version + :one", "#updatedAt = :now"]
    for position, (field, value) in enumerate(changes.items()):
        names[f"#f{position}"] = field
        values[f":v{position}"] = value
        sets.append(f"#f{position} = :v{position}")
    operations = [
        db.update_op(pk, sk, "SET " + ", ".join(sets),
                     condition="attribute_exists(PK) AND #version = :expected AND deleted = :false "
                               "AND authorId = :author",
                     names=names, values=values),
        rate_op,
    ]
    if new_tags is not None and post["kind"] == "topic":
        old_tags = set(post.get("tags") or [])
        for tag in old_tags - set(new_tags):
            operations.append(db.delete_op(*keys.topic_tag_key(post["id"], tag)))
        for tag in set(new_tags) - old_tags:
            operations.append(db.put_op(_tag_item(post, tag)))
    try:
        _transact(guards, operations, {0: stale_version(), 1: rate_error})
    except AppError as error:
        if error.code == "VERSION_CONFLICT":
            current = get_post(post["id"], consistent=True)
            if current is None or current.get("deleted"):
                raise not_found("The post") from error
        raise
    updated = dict(post)
    updated.update(changes)
    updated["version"] = version + 1
    updated["updatedAt"] = now
    return updated


def delete_post(post: Item, version: int, guards: Sequence[Guard] = ()) -> None:
    """Soft delete: the post stays (deleted, out of every list) and its parent's counter drops."""
    pk, sk = keys.post_key(post["id"])
    operations = [
        db.update_op(
            pk, sk,
            "SET deleted = :true, deletedAt = :now, #version = #version + :one "
            "REMOVE GSI1PK, GSI1SK, GSI2PK, GSI2SK",
            condition="attribute_exists(PK) AND #version = :expected AND deleted = :false",
            names={"#version": "version"},
            values={":true": True, ":false": False, ":now": clock.now_iso(), ":one": 1, ":expected": version},
        )
    ]
    if post["kind"] == "topic":
        community_pk, community_sk = keys.community_key(post["communityId"])
        operations.append(db.update_op(community_pk, community_sk, "ADD topicCount :minus",
                                       condition="attribute_exists(PK)", values={":minus": -1}))
        operations.extend(db.delete_op(*keys.topic_tag_key(post["id"], tag)) for tag in post.get("tags") or [])
    else:
        topic_pk, topic_sk = keys.post_key(post["topicId"])
        operations.append(db.update_op(topic_pk, topic_sk, "ADD replyCount :minus",
                                       condition="attribute_exists(PK)", values={":minus": -1}))
    try:
        _transact(guards, operations, {0: stale_version()})
    except AppError as error:
        if error.code == "VERSION_CONFLICT":
            current = get_post(post["id"], consistent=True)
            if current is None or current.get("deleted"):
                raise not_found("The post") from error
        raise


# ---- votes --------------------------------------------------------------------------------------------

def get_vote(post_id: str, user_id: str) -> int:
    item = db.get(*keys.post_vote_key(post_id, user_id), consistent=True)
    return int(item["value"]) if item else 0


def get_post_and_vote(post_id: str, user_id: str) -> tuple[Item | None, int]:
    """A post and the user's vote on it (0 when none), in one consistent BatchGetItem."""
    post_key, vote_key = keys.post_key(post_id), keys.post_vote_key(post_id, user_id)
    found = {(item["PK"], item["SK"]): item for item in db.batch_get([post_key, vote_key], consistent=True)}
    vote = found.get(vote_key)
    return found.get(post_key), int(vote["value"]) if vote else 0


def my_votes(user_id: str, post_ids: Sequence[str]) -> dict[str, int]:
    items = db.batch_get([keys.post_vote_key(p, user_id) for p in post_ids])
    return {item["postId"]: int(item["value"]) for item in items}


def apply_vote(post: Item, user_id: str, previous: int, value: int, rank: tuple[str, int] | None,
               rate_op: Item, rate_error: AppError, *, exact: bool = False) -> None:
    """Change one user's vote and the post's score by the difference, in one transaction, with the
    check that the voter is a member of the post's community (403 NOT_A_MEMBER).

    The vote item's condition is on the previous value read, so two concurrent votes by the same user
    cannot both apply (the loser raises `Raced` and is retried from a fresh read). Score, upvotes and
    downvotes change by ADD, so concurrent voters never lose each other's votes. With `exact`, the post
    must still have the score read (else `Raced`: read again): the rank set is then the final score's,
    and the score read plus the difference is the score after the vote."""
    vote_pk, vote_sk = keys.post_vote_key(post["id"], user_id)
    vote = {"PK": vote_pk, "SK": vote_sk, "entityType": "Vote", "postId": post["id"], "userId": user_id,
            "value": value, "updatedAt": clock.now_iso()}
    if previous == 0:
        vote_op = db.put_op(vote, condition="attribute_not_exists(PK)")
    elif value == 0:
        vote_op = db.delete_op(vote_pk, vote_sk, condition="#v = :previous", names={"#v": "value"},
                               values={":previous": previous})
    else:
        vote_op = db.put_op(vote, condition="#v = :previous", names={"#v": "value"},
                            values={":previous": previous})
    up = (1 if value == 1 else 0) - (1 if previous == 1 else 0)
    down = (1 if value == -1 else 0) - (1 if previous == -1 else 0)
    expression = "ADD score :delta, upvotes :up, downvotes :down"
    values: dict[str, Any] = {":delta": value - previous, ":up": up, ":down": down, ":false": False}
    tag_ops: list[Item] = []
    if rank is not None:
        # The rank for the score this vote expects; if another vote lands first, `repair_rank` fixes it.
        expression += " SET hotRank = :rank, rankScore = :rankScore, GSI2SK = :gsi2sk"
        values[":rank"], values[":rankScore"] = rank
        values[":gsi2sk"] = f"{rank[0]}#{post['id']}"
        tag_ops = [db.update_op(*keys.topic_tag_key(post["id"], tag), "SET GSI2SK = :gsi2sk",
                                condition="attribute_exists(PK)", values={":gsi2sk": values[":gsi2sk"]})
                   for tag in post.get("tags") or []]
    post_pk, post_sk = keys.post_key(post["id"])
    condition = "attribute_exists(PK) AND deleted = :false"
    if exact:
        condition += " AND score = :old"
        values[":old"] = int(post.get("score") or 0)
    operations = [
        vote_op,
        db.update_op(post_pk, post_sk, expression, condition=condition, values=values),
        member_check_op(post["communityId"], user_id),
        rate_op,
        *tag_ops,
    ]

    def failed(index: int) -> AppError:
        if index == 1:
            return Raced("post") if exact else not_found("The post")
        if index == 2:
            return not_a_member()
        if index == 3:
            return rate_error
        return Raced("vote")

    db.transact(operations, on_condition_failed=failed, retries=HOT_ITEM_RETRIES)


def repair_rank(post: Item, score: int, rank: str) -> bool:
    """Set a topic's rank for `score`, only if the score is still `score` (after concurrent votes the
    last voter's repair wins, and it is the one that saw the final score). False when it moved on."""
    post_pk, post_sk = keys.post_key(post["id"])
    gsi2sk = f"{rank}#{post['id']}"
    expression = "SET hotRank = :rank, rankScore = :score, GSI2SK = :gsi2sk"
    condition = "attribute_exists(PK) AND score = :score AND deleted = :false"
    values = {":rank": rank, ":score": score, ":gsi2sk": gsi2sk, ":false": False}
    tags = post.get("tags") or []
    if not tags:  # one item: a conditional UpdateItem is enough (and half the cost of a transaction)
        try:
            db.table().update_item(Key={"PK": post_pk, "SK": post_sk}, UpdateExpression=expression,
                                   ConditionExpression=condition, ExpressionAttributeValues=values)
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True
    operations = [
        db.update_op(post_pk, post_sk, expression, condition=condition, values=values),
        *[db.update_op(*keys.topic_tag_key(post["id"], tag), "SET GSI2SK = :gsi2sk",
                       condition="attribute_exists(PK)", values={":gsi2sk": gsi2sk}) for tag in tags],
    ]
    try:
        db.transact(operations)
    except AppError as error:
        if error.status == 409:
            return False
        raise
    return True


# ---- bookmarks ----------------------------------------------------------------------------------------

def get_bookmark(user_id: str, post_id: str) -> Item | None:
    return db.get(*keys.bookmark_key(user_id, post_id), consistent=True)


def bookmarked(user_id: str, post_ids: Sequence[str]) -> set[str]:
    return {item["postId"] for item in db.batch_get([keys.bookmark_key(user_id, p) for p in post_ids])}


def put_bookmark(user_id: str, post: Item, guards: Sequence[Guard] = ()) -> None:
    """The bookmark: one PutItem, or with `guards` one transaction."""
    pk, sk = keys.bookmark_key(user_id, post["id"])
    now = clock.now_iso()
    item = {
        "PK": pk, "SK": sk, "entityType": "Bookmark", "userId": user_id, "postId": post["id"],
        "kind": post["kind"], "communityId": post["communityId"], "topicId": post["topicId"],
        "createdAt": now, "GSI1PK": keys.user_bookmarks_gsi(user_id), "GSI1SK": f"{now}#{post['id']}",
    }
    if guards:
        _transact(guards, [db.put_op(item)], {})
    else:
        db.table().put_item(Item=item)


def delete_bookmark(user_id: str, post_id: str, guards: Sequence[Guard] = ()) -> None:
    """Remove the bookmark: one DeleteItem, or with `guards` one transaction."""
    pk, sk = keys.bookmark_key(user_id, post_id)
    if guards:
        _transact(guards, [db.delete_op(pk, sk)], {})
    else:
        db.table().delete_item(Key={"PK": pk, "SK": sk})


def list_bookmarks(user_id: str, limit: int, cursor: str | None) -> db.Page:
    return db.query_page(Key("GSI1PK").eq(keys.user_bookmarks_gsi(user_id)), index=keys.GSI1,
                         scope=f"bookmarks:{user_id}", limit=limit, cursor=cursor, forward=False)


# ---- reports and moderation ---------------------------------------------------------------------------

def has_reported(post_id: str, user_id: str) -> bool:
    return db.get(*keys.post_report_key(post_id, user_id), consistent=True) is not None


class AlreadyReported(AppError):
    def __init__(self) -> None:
        super().__init__(409, "ALREADY_REPORTED", "You have reported this post already")


def report(post: Item, user_id: str, reason: str, *, hide: bool, extra_ops: Sequence[Item],
           guards: Sequence[Guard] = ()) -> None:
    """One reporter's report and the post's report count, conditioned on the count read — so the count
    is exact and the report that makes it reach the threshold is the one that hides the post, in the
    same transaction (with its audit entries and the author's notification in `extra_ops`)."""
    report_pk, report_sk = keys.post_report_key(post["id"], user_id)
    count = int(post.get("reportCount") or 0)
    values: dict[str, Any] = {":new": count + 1, ":old": count, ":false": False}
    expression = "SET reportCount = :new"
    names: dict[str, str] | None = None
    if hide:
        names = {"#hidden": "hidden"}
        expression += ", #hidden = :true, hiddenAt = :now, hiddenBy = :system, hiddenReason = :why"
        values.update({":true": True, ":now": clock.now_iso(), ":system": "system", ":why": "REPORTS"})
    count_condition = "(reportCount = :old OR attribute_not_exists(reportCount))" if count == 0 \
        else "reportCount = :old"
    post_pk, post_sk = keys.post_key(post["id"])
    operations = [
        db.put_op({"PK": report_pk, "SK": report_sk, "entityType": "Report", "postId": post["id"],
                   "userId": user_id, "reason": reason, "createdAt": clock.now_iso()},
                  condition="attribute_not_exists(PK)"),
        db.update_op(post_pk, post_sk, expression,
                     condition=f"attribute_exists(PK) AND deleted = :false AND {count_condition}",
                     names=names, values=values),
        *extra_ops,
    ]

    def failed(index: int) -> AppError:
        return AlreadyReported() if index == 0 else Raced("report count")

    _transact(guards, operations, failed, retries=HOT_ITEM_RETRIES)


def set_hidden(post: Item, hidden: bool, actor_id: str, reason: str | None, extra_ops: Sequence[Item],
               guards: Sequence[Guard] = ()) -> None:
    """A moderator hides or restores a post (with its audit entry, in one transaction). Restoring resets
    the report count: five new distinct reporters are needed to hide it again."""
    post_pk, post_sk = keys.post_key(post["id"])
    values: dict[str, Any] = {":want": hidden, ":was": not hidden, ":false": False, ":now": clock.now_iso(),
                              ":actor": actor_id}
    if hidden:
        expression = "SET #hidden = :want, hiddenAt = :now, hiddenBy = :actor, hiddenReason = :why"
        values[":why"] = reason or "MODERATOR"
    else:
        expression = "SET #hidden = :want, restoredAt = :now, restoredBy = :actor, reportCount = :zero " \
                     "REMOVE hiddenAt, hiddenBy, hiddenReason"
        values[":zero"] = 0
    state_error = (conflict("ALREADY_HIDDEN", "The post is hidden already") if hidden
                   else conflict("NOT_HIDDEN", "The post is not hidden"))
    _transact(
        guards,
        [
            db.update_op(post_pk, post_sk, expression,
                         condition="attribute_exists(PK) AND deleted = :false AND #hidden = :was",
                         names={"#hidden": "hidden"}, values=values),
            *extra_ops,
        ],
        {0: state_error},
    )


def put_log_op(entry: Item) -> Item:
    return db.put_op(entry)


def notify_ops(user_id: str, template: str, params: dict[str, Any], link: str | None = None) -> list[Item]:
    return notifications.in_app_ops(user_id, template, params, link)


def get_profile(user_id: str) -> Item | None:
    return db.get(keys.user_pk(user_id), keys.PROFILE_SK)
