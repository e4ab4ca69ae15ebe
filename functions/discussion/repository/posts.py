"""Topics and replies (both `Post` items), a topic's tag items, and their lists.

Topics carry their community's visibility and org (both fixed when the community is made, and
communities are never deleted), so access to a post is known without reading the community; replies
copy them from their topic."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from boto3.dynamodb.conditions import Key

from functions.discussion.repository.common import HOT_ITEM_RETRIES, Item, get_post, member_check
from karmayogi.platform import clock, db, keys


def tag_item(topic: Item, tag: str) -> Item:
    pk, sk = keys.topic_tag_key(topic["id"], tag)
    return {
        "PK": pk, "SK": sk, "entityType": "TopicTag", "topicId": topic["id"],
        "communityId": topic["communityId"], "tag": tag,
        "GSI1PK": keys.tag_topics_gsi(topic["communityId"], tag), "GSI1SK": topic["GSI1SK"],
        "GSI2PK": keys.tag_hot_gsi(topic["communityId"], tag), "GSI2SK": topic["GSI2SK"],
    }


def topic_item(*, topic_id: str, community: Item, title: str, body: str, tags: list[str], author_id: str,
               author_name: str | None, now: datetime, rank: str) -> Item:
    """A topic, carrying its community's visibility and org."""
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


def create_topic(*, community: Item, title: str, body: str, tags: list[str], author_id: str,
                 author_name: str | None, now: datetime, rank: str, rate_op: Item) -> Item:
    """A new topic with its tag items and the community's topicCount, if the author is a member; the
    topic. Fails ACCESS (not a member), "community" (no such community) or RATE."""
    topic = topic_item(topic_id=keys.new_id(), community=community, title=title, body=body, tags=tags,
                       author_id=author_id, author_name=author_name, now=now, rank=rank)
    community_pk, community_sk = keys.community_key(topic["communityId"])
    db.transact([
        member_check(topic["communityId"], author_id),
        db.update_op(community_pk, community_sk, "ADD topicCount :one", condition="attribute_exists(PK)",
                     values={":one": 1}, name="community"),
        rate_op,
        db.put_op(topic, condition="attribute_not_exists(PK)", name="topic"),
        *[db.put_op(tag_item(topic, tag)) for tag in topic["tags"]],
    ])
    return topic


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


def create_reply(*, topic: Item, body: str, author_id: str, author_name: str | None, guards: Sequence[Item],
                 rate_op: Item, notify_ops: Sequence[Item]) -> Item:
    """A new reply and the topic's replyCount in one transaction (exact under concurrency), with the
    `guards` first (the author's membership); the reply. Fails a guard's name, "topic" (gone) or RATE."""
    reply = reply_item(reply_id=keys.new_id(), topic=topic, body=body, author_id=author_id,
                       author_name=author_name, now=clock.now())
    topic_pk, topic_sk = keys.post_key(reply["topicId"])
    db.transact([
        *guards,
        db.update_op(topic_pk, topic_sk, "ADD replyCount :one SET lastReplyAt = :now",
                     condition="attribute_exists(PK) AND deleted = :false",
                     values={":one": 1, ":now": reply["createdAt"], ":false": False}, name="topic"),
        rate_op,
        db.put_op(reply, condition="attribute_not_exists(PK)", name="reply"),
        *notify_ops,
    ], retries=HOT_ITEM_RETRIES)
    return reply


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


def _post_condition_failed(failed: db.ConditionFailed, post_id: str) -> db.ConditionFailed:
    """A versioned write's failure on the post itself told apart by a read: "missing" (gone or deleted)
    or "stale" (its version moved on). Any other failure as it is."""
    if failed.reason != "post":
        return failed
    current = get_post(post_id, consistent=True)
    return db.ConditionFailed("missing" if current is None or current.get("deleted") else "stale")


def update_post(post: Item, version: int, changes: dict[str, Any], *, new_tags: list[str] | None,
                rate_op: Item, guards: Sequence[Item] = ()) -> Item:
    """An author's edit: the changed fields (and, for a topic whose tags change, its tag items), with
    the version condition and the caller's edit allowance, in one transaction; the post as changed.
    Fails a guard's name, "missing", "stale" or RATE."""
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
        *guards,
        db.update_op(pk, sk, "SET " + ", ".join(sets),
                     condition="attribute_exists(PK) AND #version = :expected AND deleted = :false "
                               "AND authorId = :author",
                     names=names, values=values, name="post"),
        rate_op,
    ]
    if new_tags is not None and post["kind"] == "topic":
        old_tags = set(post.get("tags") or [])
        for tag in old_tags - set(new_tags):
            operations.append(db.delete_op(*keys.topic_tag_key(post["id"], tag)))
        for tag in set(new_tags) - old_tags:
            operations.append(db.put_op(tag_item(post, tag)))
    try:
        db.transact(operations)
    except db.ConditionFailed as failed:
        raise _post_condition_failed(failed, post["id"]) from failed
    updated = dict(post)
    updated.update(changes)
    updated["version"] = version + 1
    updated["updatedAt"] = now
    return updated


def delete_post(post: Item, version: int, guards: Sequence[Item] = ()) -> None:
    """Soft delete: the post stays (deleted, out of every list) and its parent's counter drops. Fails a
    guard's name, "missing", "stale" or "parent"."""
    pk, sk = keys.post_key(post["id"])
    operations = [
        *guards,
        db.update_op(
            pk, sk,
            "SET deleted = :true, deletedAt = :now, #version = #version + :one "
            "REMOVE GSI1PK, GSI1SK, GSI2PK, GSI2SK",
            condition="attribute_exists(PK) AND #version = :expected AND deleted = :false",
            names={"#version": "version"},
            values={":true": True, ":false": False, ":now": clock.now_iso(), ":one": 1, ":expected": version},
            name="post",
        ),
    ]
    if post["kind"] == "topic":
        community_pk, community_sk = keys.community_key(post["communityId"])
        operations.append(db.update_op(community_pk, community_sk, "ADD topicCount :minus",
                                       condition="attribute_exists(PK)", values={":minus": -1}, name="parent"))
        operations.extend(db.delete_op(*keys.topic_tag_key(post["id"], tag)) for tag in post.get("tags") or [])
    else:
        topic_pk, topic_sk = keys.post_key(post["topicId"])
        operations.append(db.update_op(topic_pk, topic_sk, "ADD replyCount :minus",
                                       condition="attribute_exists(PK)", values={":minus": -1}, name="parent"))
    try:
        db.transact(operations)
    except db.ConditionFailed as failed:
        raise _post_condition_failed(failed, post["id"]) from failed
