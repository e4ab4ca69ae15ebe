"""Votes (one per user per post, with the post's counters and a topic's hot rank) and bookmarks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from functions.discussion.repository.common import HOT_ITEM_RETRIES, Item, member_check
from karmayogi.platform import clock, db, keys

# ---- votes --------------------------------------------------------------------------------------------


def get_post_and_vote(post_id: str, user_id: str) -> tuple[Item | None, int]:
    """A post and the user's vote on it (0 when none), in one consistent BatchGetItem."""
    post_key, vote_key = keys.post_key(post_id), keys.post_vote_key(post_id, user_id)
    found = {(item["PK"], item["SK"]): item for item in db.batch_get([post_key, vote_key], consistent=True)}
    vote = found.get(vote_key)
    return found.get(post_key), int(vote["value"]) if vote else 0


def apply_vote(post: Item, user_id: str, previous: int, value: int, rank: tuple[str, int] | None,
               rate_op: Item, *, exact: bool = False) -> None:
    """Change one user's vote and the post's score by the difference, in one transaction, with the
    check that the voter is a member of the post's community.

    The vote item's condition is on the previous value read, so two concurrent votes by the same user
    cannot both apply (the loser fails "vote": read again). Score, upvotes and downvotes change by ADD,
    so concurrent voters never lose each other's votes. With `exact`, the post must still have the score
    read: the rank set is then the final score's, and the score read plus the difference is the score
    after the vote. Fails "vote", "post" (gone, or with `exact` its score moved), ACCESS (not a member),
    RATE or "tag" (a tag item gone meanwhile)."""
    vote_pk, vote_sk = keys.post_vote_key(post["id"], user_id)
    vote = {"PK": vote_pk, "SK": vote_sk, "entityType": "Vote", "postId": post["id"], "userId": user_id,
            "value": value, "updatedAt": clock.now_iso()}
    if previous == 0:
        vote_op = db.put_op(vote, condition="attribute_not_exists(PK)", name="vote")
    elif value == 0:
        vote_op = db.delete_op(vote_pk, vote_sk, condition="#v = :previous", names={"#v": "value"},
                               values={":previous": previous}, name="vote")
    else:
        vote_op = db.put_op(vote, condition="#v = :previous", names={"#v": "value"},
                            values={":previous": previous}, name="vote")
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
                                condition="attribute_exists(PK)", values={":gsi2sk": values[":gsi2sk"]}, name="tag")
                   for tag in post.get("tags") or []]
    post_pk, post_sk = keys.post_key(post["id"])
    condition = "attribute_exists(PK) AND deleted = :false"
    if exact:
        condition += " AND score = :old"
        values[":old"] = int(post.get("score") or 0)
    db.transact([
        vote_op,
        db.update_op(post_pk, post_sk, expression, condition=condition, values=values, name="post"),
        member_check(post["communityId"], user_id),
        rate_op,
        *tag_ops,
    ], retries=HOT_ITEM_RETRIES)


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
        db.update_op(post_pk, post_sk, expression, condition=condition, values=values, name="post"),
        *[db.update_op(*keys.topic_tag_key(post["id"], tag), "SET GSI2SK = :gsi2sk",
                       condition="attribute_exists(PK)", values={":gsi2sk": gsi2sk}, name="tag") for tag in tags],
    ]
    try:
        db.transact(operations)
    except db.ConditionFailed:
        return False
    return True


# ---- bookmarks ----------------------------------------------------------------------------------------

def put_bookmark(user_id: str, post: Item, guards: Sequence[Item] = ()) -> None:
    """The bookmark: one PutItem, or with `guards` one transaction (fails a guard's name)."""
    pk, sk = keys.bookmark_key(user_id, post["id"])
    now = clock.now_iso()
    item = {
        "PK": pk, "SK": sk, "entityType": "Bookmark", "userId": user_id, "postId": post["id"],
        "kind": post["kind"], "communityId": post["communityId"], "topicId": post["topicId"],
        "createdAt": now, "GSI1PK": keys.user_bookmarks_gsi(user_id), "GSI1SK": f"{now}#{post['id']}",
    }
    if guards:
        db.transact([*guards, db.put_op(item)])
    else:
        db.table().put_item(Item=item)


def delete_bookmark(user_id: str, post_id: str, guards: Sequence[Item] = ()) -> None:
    """Remove the bookmark: one DeleteItem, or with `guards` one transaction (fails a guard's name)."""
    pk, sk = keys.bookmark_key(user_id, post_id)
    if guards:
        db.transact([*guards, db.delete_op(pk, sk)])
    else:
        db.table().delete_item(Key={"PK": pk, "SK": sk})


def list_bookmarks(user_id: str, limit: int, cursor: str | None) -> db.Page:
    return db.query_page(Key("GSI1PK").eq(keys.user_bookmarks_gsi(user_id)), index=keys.GSI1,
                         scope=f"bookmarks:{user_id}", limit=limit, cursor=cursor, forward=False)
