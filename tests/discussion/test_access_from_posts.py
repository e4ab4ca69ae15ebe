"""Posts carry their community's visibility and org, so reads and writes on them decide access without
reading the community or the caller's membership (a write carries the membership as a ConditionCheck).

Proved two ways: (1) every answer — status, error code, what a page shows — is the same for a post that
carries them and for a post made before they existed (stripped of them: the old read path), across
open/private communities, visible/hidden posts and every kind of caller; (2) the request budgets of
issue 8 (a read route <= 2 requests, a write route 1 read + 1 write), counted on the DynamoDB client."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from functions.discussion import ranking
from functions.discussion.repository import common, communities
from functions.discussion.repository import posts as post_store
from karmayogi.platform import clock, db, keys
from tests import factories
from tests.conftest import ApiClient
from tests.discussion.conftest import World, join, make_community
from tests.request_budget import counting


def _put_topic(community_id: str, author_id: str, *, hidden: bool, legacy: bool, replies: int = 0,
               reply_author: str | None = None) -> str:
    """A topic (and `replies` replies, the last one hidden) written as the service writes them; `legacy`
    strips the community's facts, as on posts made before they were added."""
    community = communities.get_community(community_id)
    assert community is not None
    now = clock.now()
    topic = post_store.topic_item(topic_id=keys.new_id(), community=community, title="Budgets",
                                  body="How many reads?", tags=[], author_id=author_id, author_name="Author",
                                  now=now, rank=ranking.hot_rank(0, int(now.timestamp())))
    topic["hidden"] = hidden
    if legacy:
        del topic["communityVisibility"], topic["communityOrgId"]
    db.table().put_item(Item=topic)
    for n in range(replies):
        reply = post_store.reply_item(reply_id=keys.new_id(), topic=topic, body=f"reply {n}",
                                      author_id=reply_author or author_id, author_name="Replier", now=clock.now())
        reply["hidden"] = n == replies - 1
        db.table().put_item(Item=reply)
    return str(topic["id"])


def _outcome(response: Any) -> tuple[int, Any]:
    body = response.json() or {}
    if response.status >= 400:
        return response.status, body.get("error", {}).get("code")
    if "replies" in body:  # a thread: what it shows
        return response.status, (body["hidden"], [r["body"] for r in body["replies"]["items"]])
    if "items" in body:
        return response.status, len(body["items"])
    return response.status, {k: v for k, v in body.items() if k not in ("id", "postId", "topicId", "createdAt",
                                                                         "updatedAt", "score", "upvotes")}


ACTIONS: dict[str, Callable[[ApiClient, str], Any]] = {
    "read": lambda c, p: c.get(f"/topics/{p}"),
    "reply": lambda c, p: c.post(f"/topics/{p}/replies", {"body": "me too"}),
    "edit": lambda c, p: c.patch(f"/posts/{p}", {"version": 1, "body": "edited"}),
    "edit-stale": lambda c, p: c.patch(f"/posts/{p}", {"version": 7, "body": "edited"}),
    "delete": lambda c, p: c.delete(f"/posts/{p}", query={"version": 1}),
    "bookmark": lambda c, p: c.post(f"/posts/{p}/bookmark", {"bookmarked": True}),
    "unbookmark": lambda c, p: c.post(f"/posts/{p}/bookmark", {"bookmarked": False}),
    "report": lambda c, p: c.post(f"/posts/{p}/report", {"reason": "off topic"}),
    "hide": lambda c, p: c.post(f"/posts/{p}/hide", {"reason": "checked"}),
    "restore": lambda c, p: c.post(f"/posts/{p}/restore"),
    "vote": lambda c, p: c.post(f"/posts/{p}/vote", {"value": 1}),
}


@pytest.mark.parametrize("hidden", [False, True], ids=["visible", "hidden"])
@pytest.mark.parametrize("visibility", ["open", "private"])
def test_posts_carrying_their_communitys_facts_answer_as_the_old_read_path(resources: Any, visibility: str,
                                                                           hidden: bool):
    creator = factories.create_user("MDO_ADMIN", name="Creator", org_id="mof")  # moderates as a MODERATOR member
    by_role = factories.create_user("COMMUNITY_MODERATOR", name="Org moderator", org_id="mof")
    other_org = factories.create_user("COMMUNITY_MODERATOR", name="Elsewhere", org_id="dopt")
    author = factories.create_user(name="Author", org_id="mof")
    member = factories.create_user(name="Member", org_id="mof")
    outsider = factories.create_user(name="Outsider", org_id="mof")
    community_id = make_community(creator, f"Budget talk {visibility}", visibility=visibility)
    for user in (author, member):
        if visibility == "private":
            assert ApiClient(creator["claims"]).post(f"/communities/{community_id}/invitations",
                                                     {"userId": user["userId"]}).status == 201
        join(user, community_id)
    # (an SPV_ADMIN takes the by-role branch: tests/security's matrix covers it)
    callers = {"creator": creator, "by-role": by_role, "other-org": other_org, "author": author,
               "member": member, "outsider": outsider}

    # Each caller acts on a pair of posts alike (one carrying the facts, one not), in a sequence that
    # moves them through states (bookmarked, reported, voted, edited, hidden, restored, deleted).
    sequence = ("read", "bookmark", "unbookmark", "report", "vote", "reply", "edit-stale", "edit", "hide",
                "restore", "delete", "read")
    differences = []
    for name, user in callers.items():
        client = ApiClient(user["claims"])
        pair = [_put_topic(community_id, author["userId"], hidden=hidden, legacy=legacy, replies=2,
                           reply_author=member["userId"]) for legacy in (False, True)]
        for step, action in enumerate(sequence):
            outcomes = [_outcome(ACTIONS[action](client, post_id)) for post_id in pair]
            if outcomes[0] != outcomes[1]:
                differences.append((name, step, action, outcomes))
    assert differences == []

    # The community's list (a page holding both kinds, some hidden) shows each caller as many of each.
    for legacy in (False, True):
        _put_topic(community_id, author["userId"], hidden=hidden, legacy=legacy)
    topics = {i["id"]: i for i in _topics(community_id)}
    moderators = {"creator", "by-role"}
    for name, user in callers.items():
        response = ApiClient(user["claims"]).get(f"/communities/{community_id}/topics", query={"limit": 100})
        if response.status == 200:
            shown = [topics[t["id"]] for t in response.json()["items"]]
            carried = ["communityVisibility" in t for t in shown]
            assert carried.count(True) == carried.count(False), name
            assert any(t["hidden"] for t in shown) == (hidden and name in moderators), name
        else:
            assert visibility == "private" and name in ("other-org", "outsider"), name


def _topics(community_id: str) -> list[dict[str, Any]]:
    return post_store.list_topics(community_id, "recent", limit=100, cursor=None).items


def test_an_author_who_left_a_private_community_is_refused_on_both_paths(resources: Any):
    creator = factories.create_user("MDO_ADMIN", name="Creator", org_id="mof")
    author = factories.create_user(name="Author", org_id="mof")
    community_id = make_community(creator, "Leavers", visibility="private")
    ApiClient(creator["claims"]).post(f"/communities/{community_id}/invitations", {"userId": author["userId"]})
    join(author, community_id)
    posts = [_put_topic(community_id, author["userId"], hidden=False, legacy=legacy) for legacy in (False, True)]
    client = ApiClient(author["claims"])
    assert client.post(f"/communities/{community_id}/leave").status == 204
    for post_id in posts:
        for action in ("read", "reply", "edit", "delete", "bookmark", "report"):
            response = ACTIONS[action](client, post_id)
            assert (response.status, response.json()["error"]["code"]) == (403, "NOT_A_MEMBER"), action
        # A reply's author editing a reply's title: the membership refusal comes first, as before.
    reply_ids = []
    for legacy in (False, True):
        topic_id = _put_topic(community_id, creator["userId"], hidden=False, legacy=legacy)
        reply = post_store.reply_item(reply_id=keys.new_id(), topic=common.get_post(topic_id) or {}, body="r",
                                      author_id=author["userId"], author_name="Author", now=clock.now())
        db.table().put_item(Item=reply)
        reply_ids.append(reply["id"])
    for reply_id in reply_ids:
        response = client.patch(f"/posts/{reply_id}", {"version": 1, "title": "A title"})
        assert (response.status, response.json()["error"]["code"]) == (403, "NOT_A_MEMBER")


def test_a_bad_cursor_or_tag_is_refused_after_access(world: World):
    private = make_community(world.moderator, "Closed", visibility="private")
    outsider = world.client(world.outsider)
    topic = _put_topic(private, world.moderator["userId"], hidden=False, legacy=False)
    for path, query in ((f"/communities/{private}/topics", {"cursor": "bogus"}),
                        (f"/communities/{private}/topics", {"tag": "#"}),
                        (f"/topics/{topic}", {"cursor": "bogus"})):
        response = outsider.get(path, query=query)
        assert (response.status, response.json()["error"]["code"]) == (403, "NOT_A_MEMBER"), path
    response = outsider.get("/communities/nope/topics", query={"cursor": "bogus"})
    assert (response.status, response.json()["error"]["code"]) == (404, "NOT_FOUND")
    response = world.client(world.member).get(f"/communities/{world.community_id}/topics", query={"cursor": "bogus"})
    assert (response.status, response.json()["error"]["code"]) == (400, "INVALID_CURSOR")


def _budget(calls: Counter[str]) -> tuple[int, int]:
    reads = sum(n for op, n in calls.items() if op in ("GetItem", "BatchGetItem", "Query"))
    writes = sum(n for op, n in calls.items() if op in ("PutItem", "DeleteItem", "UpdateItem",
                                                        "TransactWriteItems"))
    return reads, writes


def test_request_budgets(world: World):
    author, member, moderator = world.client(world.author), world.client(world.member), world.client(world.moderator)
    private = make_community(world.moderator, "Budgets", visibility="private")
    moderator.post(f"/communities/{private}/invitations", {"userId": world.member["userId"]})
    join(world.member, private)
    topic = world.topic()
    private_topic = world.client(world.member).post(f"/communities/{private}/topics",
                                                    {"title": "Closed", "body": "talk"}).json()
    empty_private = world.client(world.member).post(f"/communities/{private}/topics",
                                                    {"title": "Quiet", "body": "talk"}).json()
    reply = world.reply(topic["id"])
    world.reply(private_topic["id"])

    def budget(call: Callable[[], Any], status: int = 200) -> tuple[int, int]:
        with counting() as calls:
            response = call()
        assert response.status == status, response.json()
        return _budget(calls)

    # Reads: the query and one BatchGetItem.
    assert budget(lambda: member.get(f"/topics/{topic['id']}")) == (2, 0)
    assert budget(lambda: member.get(f"/topics/{private_topic['id']}")) == (2, 0)
    assert budget(lambda: world.client(world.outsider).get(f"/communities/{world.community_id}/topics")) == (2, 0)
    assert budget(lambda: member.get(f"/communities/{private}/topics")) == (2, 0)
    assert budget(lambda: member.get(f"/communities/{private}/topics", query={"tag": "none"})) == (2, 0)
    # A private topic with no reply on the page names no community before the topic is read: a third.
    assert budget(lambda: member.get(f"/topics/{empty_private['id']}")) == (3, 0)
    # Writes: one read and one write.
    assert budget(lambda: member.post(f"/topics/{topic['id']}/replies", {"body": "more"}), 201) == (1, 1)
    assert budget(lambda: member.post(f"/topics/{private_topic['id']}/replies", {"body": "more"}), 201) == (1, 1)
    assert budget(lambda: author.patch(f"/posts/{topic['id']}", {"version": 1, "body": "edited"})) == (1, 1)
    assert budget(lambda: member.post(f"/posts/{private_topic['id']}/bookmark", {"bookmarked": True})) == (1, 1)
    assert budget(lambda: member.post(f"/posts/{topic['id']}/bookmark", {"bookmarked": True})) == (1, 1)
    assert budget(lambda: author.post(f"/posts/{reply['id']}/report", {"reason": "off topic"}), 201) == (1, 1)
    assert budget(lambda: moderator.post(f"/posts/{reply['id']}/hide", {"reason": "checked"})) == (1, 1)
    assert budget(lambda: moderator.post(f"/posts/{reply['id']}/restore")) == (1, 1)
    assert budget(lambda: author.delete(f"/posts/{topic['id']}", query={"version": 2}), 204) == (1, 1)


def test_posts_carry_their_communitys_visibility_and_org(world: World):
    topic = world.topic()
    reply = world.reply(topic["id"])
    for post_id in (topic["id"], reply["id"]):
        post = common.get_post(post_id) or {}
        assert (post["communityVisibility"], post["communityOrgId"]) == ("open", "mof")
        assert "communityVisibility" not in world.client(world.member).get(f"/topics/{topic['id']}").json()
