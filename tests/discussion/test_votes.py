"""Votes: one per user per post, changes move the score by the difference, exact under concurrency
(20 and 50 voters on one post, one voter racing with themself), the hot rank follows the final score,
and the vote rate limit."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from functions.discussion import ranking
from functions.discussion.repository import common, communities
from karmayogi.platform import db, keys
from karmayogi.platform.identity import claims_for
from tests.conftest import ApiClient
from tests.discussion.conftest import World


def _vote(user, post_id, value):
    return ApiClient(user["claims"]).post(f"/posts/{post_id}/vote", {"value": value})


def _members(world: World, count: int):
    """Voters: members with claims (a vote never reads the voter's profile, and moto's transactions
    copy the whole table, so the table stays small)."""
    users = [{"userId": f"voter-{n:03d}", "claims": claims_for(f"voter-{n:03d}", f"voter-{n:03d}", ["PUBLIC"])}
             for n in range(count)]
    for user in users:
        # Membership written directly: the test is about the votes, not about joining.
        communities.join(world.community_id, user["userId"], "MEMBER", with_invitation=False)
    return users


def test_one_vote_per_user_and_changes_move_by_the_difference(world: World):
    topic = world.topic()
    member = world.member
    first = _vote(member, topic["id"], 1).json()
    assert (first["score"], first["upvotes"], first["downvotes"], first["value"]) == (1, 1, 0, 1)
    assert _vote(member, topic["id"], 1).json()["score"] == 1  # the same vote again counts once
    changed = _vote(member, topic["id"], -1).json()
    assert (changed["score"], changed["upvotes"], changed["downvotes"]) == (-1, 0, 1)
    withdrawn = _vote(member, topic["id"], 0).json()
    assert (withdrawn["score"], withdrawn["upvotes"], withdrawn["downvotes"]) == (0, 0, 0)
    assert _vote(member, topic["id"], 0).json()["score"] == 0
    assert _vote(world.moderator, topic["id"], -1).json()["score"] == -1
    assert _vote(member, topic["id"], 1).json()["score"] == 0


@pytest.mark.parametrize("value", [2, -2, "1", True, None, 1.5])
def test_invalid_vote_values_are_400(world: World, value):
    topic = world.topic()
    response = _vote(world.member, topic["id"], value)
    assert response.status == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


def test_votes_on_missing_deleted_or_hidden_posts_are_404(world: World):
    topic = world.topic()
    assert _vote(world.member, "missing", 1).status == 404
    ApiClient(world.moderator["claims"]).post(f"/posts/{topic['id']}/hide")
    assert _vote(world.member, topic["id"], 1).status == 404
    other = world.topic()
    ApiClient(world.author["claims"]).delete(f"/posts/{other['id']}", query={"version": 1})
    assert _vote(world.member, other["id"], 1).status == 404


def _stored_topic(topic_id):
    return db.get(*keys.post_key(topic_id), consistent=True)


@pytest.mark.parametrize("voters, downvoters, tags", [(20, 0, ["efile", "dsc"]), (50, 15, [])])
def test_concurrent_voters_give_an_exact_score(world: World, voters, downvoters, tags):
    topic = world.topic(tags=tags)
    users = _members(world, voters)
    values = [-1 if n < downvoters else 1 for n in range(voters)]
    with ThreadPoolExecutor(max_workers=voters) as pool:
        results = list(pool.map(lambda pair: _vote(pair[0], topic["id"], pair[1]), zip(users, values, strict=True)))
    assert [r.status for r in results] == [200] * voters
    expected = voters - 2 * downvoters
    stored = _stored_topic(topic["id"])
    assert (stored["score"], stored["upvotes"], stored["downvotes"]) == (expected, voters - downvoters, downvoters)
    # The hot rank (and the tag items' copy of it) ends at the rank of the final score.
    rank = ranking.hot_rank(expected, stored["createdEpoch"])
    assert stored["hotRank"] == rank and stored["rankScore"] == expected
    for tag in tags:
        assert db.get(*keys.topic_tag_key(topic["id"], tag))["GSI2SK"] == f"{rank}#{topic['id']}"
    listed = ApiClient(world.member["claims"]).get(f"/topics/{topic['id']}").json()
    assert listed["score"] == expected


def test_one_user_voting_concurrently_counts_once(world: World):
    topic = world.topic()
    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(lambda _: _vote(world.member, topic["id"], 1), range(10)))
    assert {r.status for r in results} == {200}
    assert _stored_topic(topic["id"])["score"] == 1
    # Flip-flopping concurrently still leaves the score equal to the one vote that stands.
    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(lambda n: _vote(world.member, topic["id"], [1, -1, 0][n % 3]), range(12)))
    stored = _stored_topic(topic["id"])
    vote = db.get(*keys.post_vote_key(topic["id"], world.member["userId"]), consistent=True)
    assert stored["score"] == (vote["value"] if vote else 0)
    assert stored["upvotes"] + stored["downvotes"] == (1 if vote else 0)


def test_replies_are_voted_too(world: World):
    topic = world.topic()
    reply = world.reply(topic["id"])
    assert _vote(world.author, reply["id"], 1).json()["score"] == 1
    detail = ApiClient(world.author["claims"]).get(f"/topics/{topic['id']}").json()
    assert detail["replies"]["items"][0]["score"] == 1
    assert detail["replies"]["items"][0]["myVote"] == 1


def test_vote_rate_limit_is_200_an_hour(world: World):
    topic, other = world.topic(), world.topic()
    common.set_rate_count(world.member["userId"], "VOTES", 199)
    assert _vote(world.member, topic["id"], 1).status == 200
    limited = _vote(world.member, other["id"], 1)
    assert limited.status == 429
    assert limited.json()["error"]["code"] == "RATE_LIMITED"
    assert 1 <= int(limited.headers["Retry-After"]) <= 3600
    assert _stored_topic(other["id"])["score"] == 0  # nothing half-written
    # The same vote again changes nothing and so is not limited; other users are unaffected.
    assert _vote(world.member, topic["id"], 1).status == 200
    assert _vote(world.moderator, other["id"], 1).status == 200


def test_vote_window_resets_the_next_hour(world: World):
    from datetime import timedelta

    from karmayogi.platform import clock

    topic = world.topic()
    common.set_rate_count(world.member["userId"], "VOTES", 200)
    assert _vote(world.member, topic["id"], 1).status == 429
    clock.set_now(clock.now() + timedelta(hours=1))
    assert _vote(world.member, topic["id"], 1).status == 200


def test_hot_rank_orders_by_score_then_recency():
    assert ranking.hot_rank(10, 1_800_000_000) > ranking.hot_rank(1, 1_800_000_000)
    assert ranking.hot_rank(1, 1_800_000_000) > ranking.hot_rank(0, 1_800_000_000) > \
        ranking.hot_rank(-1, 1_800_000_000)
    assert ranking.hot_rank(0, 1_800_100_000) > ranking.hot_rank(0, 1_800_000_000)
    # Ten times the score is worth DECAY_SECONDS of recency.
    assert ranking.hot_rank(99, 1_800_000_000) > ranking.hot_rank(9, 1_800_000_000 + 40_000)
    assert len(ranking.hot_rank(-10_000_000, 0)) == len(ranking.hot_rank(10**9, 4_000_000_000)) == ranking.WIDTH


def _conflicting_client(monkeypatch, failures: int):
    """DynamoDB's answer when another transaction holds the item: TransactionConflict (moto serialises
    transactions and never says it, so the first `failures` calls are made to)."""
    from botocore.exceptions import ClientError

    real = db.client()
    calls = {"n": 0}
    original = real.transact_write_items

    def transact_write_items(**kwargs):
        calls["n"] += 1
        if calls["n"] <= failures:
            raise ClientError({"Error": {"Code": "TransactionCanceledException", "Message": "conflict"},
                               "CancellationReasons": [{"Code": "TransactionConflict"}]},
                              "TransactWriteItems")
        return original(**kwargs)

    monkeypatch.setattr(real, "transact_write_items", transact_write_items)
    monkeypatch.setattr("time.sleep", lambda _: None)
    return calls


def test_a_vote_meeting_another_transaction_is_retried(world: World, monkeypatch):
    topic = world.topic()
    calls = _conflicting_client(monkeypatch, failures=5)
    response = _vote(world.member, topic["id"], 1)
    assert response.status == 200 and response.json()["score"] == 1
    assert calls["n"] >= 6


def test_a_vote_that_keeps_conflicting_is_a_503_with_retry_after(world: World, monkeypatch):
    topic = world.topic()
    _conflicting_client(monkeypatch, failures=1000)
    response = _vote(world.member, topic["id"], 1)
    assert response.status == 503
    assert response.json()["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert int(response.headers["Retry-After"]) >= 1
    monkeypatch.undo()
    assert _stored_topic(topic["id"])["score"] == 0
