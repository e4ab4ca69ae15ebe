"""Topics and replies over HTTP: the permission matrix (author, member, non-member, moderator), edits and
soft deletes with versions, lists (recent, popular, tag pages), bookmarks, inert bodies, notifications."""

from __future__ import annotations

import json

import pytest

from tests.discussion.conftest import World, notifications_of


def _codes(response):
    return response.status, (response.json() or {}).get("error", {}).get("code")


def test_permission_matrix(world: World):
    author, member = world.client(world.author), world.client(world.member)
    outsider, moderator = world.client(world.outsider), world.client(world.moderator)
    cid = world.community_id

    # Posting: members only.
    assert _codes(outsider.post(f"/communities/{cid}/topics", {"title": "Hello", "body": "x"})) == \
        (403, "NOT_A_MEMBER")
    topic = world.topic()
    tid, version = topic["id"], topic["version"]
    assert _codes(outsider.post(f"/topics/{tid}/replies", {"body": "x"})) == (403, "NOT_A_MEMBER")
    reply = world.reply(tid, world.member)

    # Reading an open community: anyone signed in.
    assert outsider.get(f"/topics/{tid}").status == 200
    assert outsider.get(f"/communities/{cid}/topics").status == 200

    # Editing and deleting: the author only (not another member, not a moderator).
    for client in (member, outsider, moderator):
        assert _codes(client.patch(f"/posts/{tid}", {"version": version, "body": "changed"})) == \
            (403, "NOT_AUTHOR")
        assert _codes(client.delete(f"/posts/{tid}", query={"version": version})) == (403, "NOT_AUTHOR")
    assert author.patch(f"/posts/{tid}", {"version": version, "body": "changed"}).status == 200

    # Voting: members, not on one's own post, not outsiders.
    assert member.post(f"/posts/{tid}/vote", {"value": 1}).status == 200
    assert _codes(outsider.post(f"/posts/{tid}/vote", {"value": 1})) == (403, "NOT_A_MEMBER")
    assert _codes(author.post(f"/posts/{tid}/vote", {"value": 1})) == (403, "OWN_POST")
    assert author.post(f"/posts/{reply['id']}/vote", {"value": -1}).status == 200

    # Moderation: the community's moderator only.
    for client in (author, member, outsider):
        assert _codes(client.post(f"/posts/{reply['id']}/hide")) == (403, "NOT_A_MODERATOR")
        assert _codes(client.get(f"/communities/{cid}/moderation-log")) == (403, "NOT_A_MODERATOR")
    assert moderator.post(f"/posts/{reply['id']}/hide", {"reason": "off topic"}).json()["hidden"] is True
    assert _codes(member.post(f"/posts/{reply['id']}/restore")) == (403, "NOT_A_MODERATOR")
    assert moderator.post(f"/posts/{reply['id']}/restore").json()["hidden"] is False

    # Reporting and bookmarking: anyone who can read, but not a report of one's own post.
    assert outsider.post(f"/posts/{tid}/report", {"reason": "spam link"}).status == 201
    assert _codes(author.post(f"/posts/{tid}/report", {"reason": "spam link"})) == (403, "OWN_POST")
    assert outsider.post(f"/posts/{tid}/bookmark").json()["bookmarked"] is True


def test_private_community_content_is_for_members(world: World):
    moderator = world.client(world.moderator)
    created = moderator.post("/communities", {"name": "MDO Admins", "visibility": "private"}).json()
    topic = moderator.post(f"/communities/{created['id']}/topics", {"title": "Plans", "body": "ACBP"}).json()
    outsider = world.client(world.outsider)
    assert _codes(outsider.get(f"/topics/{topic['id']}")) == (403, "NOT_A_MEMBER")
    assert _codes(outsider.post(f"/posts/{topic['id']}/bookmark")) == (403, "NOT_A_MEMBER")
    assert moderator.get(f"/topics/{topic['id']}").status == 200


def test_bodies_are_stored_as_given_and_never_served_as_html(world: World):
    body = '<script>alert("x")</script> **bold** <img src=x onerror=alert(1)>'
    topic = world.topic(title="<b>Title</b>", body=body)
    response = world.client(world.member).get(f"/topics/{topic['id']}")
    assert response.headers["Content-Type"] == "application/json"
    assert "text/html" not in json.dumps(response.headers)
    assert response.json()["body"] == body
    assert response.json()["title"] == "<b>Title</b>"
    reply = world.reply(topic["id"], body=body)
    assert reply["body"] == body
    listed = world.client(world.member).get(f"/communities/{world.community_id}/topics")
    assert listed.headers["Content-Type"] == "application/json"
    assert listed.json()["items"][0]["body"] == body


@pytest.mark.parametrize("body, field", [
    ({"title": "ab", "body": "x"}, "title"),
    ({"title": "Hello", "body": ""}, "body"),
    ({"title": "Hello", "body": "x" * 20_001}, "body"),
    ({"title": "Hello", "body": "x", "tags": ["a", "b", "c", "d", "e", "f"]}, "tags"),
    ({"title": "Hello", "body": "x", "tags": ["no spaces"]}, "tags"),
    ({"title": "Hello", "body": "x", "tags": "one"}, "tags"),
    ({"title": "Hello", "body": "x", "author": "me"}, "author"),
    ({"title": 5, "body": "x"}, "title"),
])
def test_bad_topic_input_is_a_400(world: World, body, field):
    response = world.client(world.author).post(f"/communities/{world.community_id}/topics", body)
    assert response.status == 400, response.json()
    assert any(field in d["field"] for d in response.json()["error"]["details"])


def test_tags_are_normalized_and_deduplicated(world: World):
    topic = world.topic(tags=["GeM", "gem", "Reverse-Auction"])
    assert topic["tags"] == ["gem", "reverse-auction"]


def test_edit_is_version_checked(world: World):
    topic = world.topic(tags=["efile"])
    author = world.client(world.author)
    edited = author.patch(f"/posts/{topic['id']}", {"version": 1, "title": "New title", "tags": ["dsc"]})
    assert edited.status == 200
    assert edited.json()["version"] == 2 and edited.json()["title"] == "New title"
    stale = author.patch(f"/posts/{topic['id']}", {"version": 1, "body": "again"})
    assert _codes(stale) == (409, "VERSION_CONFLICT")
    # The tag pages follow the edit.
    cid = world.community_id
    assert author.get(f"/communities/{cid}/topics", query={"tag": "efile"}).json()["items"] == []
    assert [t["id"] for t in author.get(f"/communities/{cid}/topics", query={"tag": "dsc"}).json()["items"]] == \
        [topic["id"]]
    # Bad edits.
    assert author.patch(f"/posts/{topic['id']}", {"version": 2}).status == 400
    assert author.patch(f"/posts/{topic['id']}", {"body": "no version"}).status == 400
    assert author.patch(f"/posts/{topic['id']}", {"version": "2", "body": "x"}).status == 400
    reply = world.reply(topic["id"], world.author)
    assert author.patch(f"/posts/{reply['id']}", {"version": 1, "title": "Replies have no title"}).status == 400
    assert author.patch("/posts/missing", {"version": 1, "body": "x"}).status == 404


def test_soft_delete_is_version_checked_and_keeps_counters_exact(world: World):
    topic = world.topic()
    first = world.reply(topic["id"])
    world.reply(topic["id"])
    member = world.client(world.member)
    assert member.get(f"/topics/{topic['id']}").json()["replyCount"] == 2

    assert _codes(member.delete(f"/posts/{first['id']}", query={"version": 7})) == (409, "VERSION_CONFLICT")
    assert member.delete(f"/posts/{first['id']}").status == 400  # the version is required
    assert member.delete(f"/posts/{first['id']}", query={"version": 1}).status == 204
    assert _codes(member.delete(f"/posts/{first['id']}", query={"version": 2})) == (404, "NOT_FOUND")
    detail = member.get(f"/topics/{topic['id']}").json()
    assert detail["replyCount"] == 1
    assert first["id"] not in [r["id"] for r in detail["replies"]["items"]]

    author = world.client(world.author)
    assert author.delete(f"/posts/{topic['id']}", query={"version": 1}).status == 204
    assert author.get(f"/topics/{topic['id']}").status == 404
    assert author.get(f"/communities/{world.community_id}/topics").json()["items"] == []
    assert author.get(f"/communities/{world.community_id}").json()["topicCount"] == 0


def test_recent_and_popular_orders_and_tag_pages(world: World):
    first = world.topic(title="First topic", tags=["gem"])
    second = world.topic(title="Second topic", tags=["gem", "rti"])
    third = world.topic(title="Third topic", tags=["rti"])
    member = world.client(world.member)
    cid = world.community_id
    recent = member.get(f"/communities/{cid}/topics").json()["items"]
    assert [t["id"] for t in recent] == [third["id"], second["id"], first["id"]]
    # Votes make the oldest topic the most popular (same-second topics: the score decides).
    for voter in (world.member, world.moderator):
        world.client(voter).post(f"/posts/{first['id']}/vote", {"value": 1})
    world.client(world.member).post(f"/posts/{third['id']}/vote", {"value": -1})
    popular = member.get(f"/communities/{cid}/topics", query={"sort": "popular"}).json()["items"]
    assert [t["id"] for t in popular] == [first["id"], second["id"], third["id"]]
    assert popular[0]["score"] == 2 and popular[0]["myVote"] == 1
    gem = member.get(f"/communities/{cid}/topics", query={"tag": "GEM"}).json()["items"]
    assert [t["id"] for t in gem] == [second["id"], first["id"]]
    gem_popular = member.get(f"/communities/{cid}/topics", query={"tag": "gem", "sort": "popular"}).json()
    assert [t["id"] for t in gem_popular["items"]] == [first["id"], second["id"]]
    assert member.get(f"/communities/{cid}/topics", query={"sort": "best"}).status == 400
    assert member.get(f"/communities/{cid}/topics", query={"tag": "bad tag!"}).status == 400
    # Paging with a cursor bound to the list.
    page = member.get(f"/communities/{cid}/topics", query={"limit": 2}).json()
    assert len(page["items"]) == 2 and page["nextCursor"]
    rest = member.get(f"/communities/{cid}/topics", query={"limit": 2, "cursor": page["nextCursor"]}).json()
    assert [t["id"] for t in rest["items"]] == [first["id"]]
    wrong_list = member.get(f"/communities/{cid}/topics",
                            query={"sort": "popular", "cursor": page["nextCursor"]})
    assert _codes(wrong_list) == (400, "INVALID_CURSOR")


def test_hot_rank_decays_with_time(world: World, monkeypatch):
    from datetime import timedelta

    from karmayogi.platform import clock

    old = world.topic(title="Yesterday's topic")
    for voter in (world.member, world.moderator):
        world.client(voter).post(f"/posts/{old['id']}/vote", {"value": 1})
    clock.set_now(clock.now() + timedelta(days=1))
    new = world.topic(title="Today's topic")
    popular = world.client(world.member).get(f"/communities/{world.community_id}/topics",
                                             query={"sort": "popular"}).json()["items"]
    assert [t["id"] for t in popular] == [new["id"], old["id"]]


def test_topic_with_paged_replies(world: World):
    topic = world.topic()
    replies = [world.reply(topic["id"], body=f"reply {n}")["id"] for n in range(3)]
    member = world.client(world.member)
    first = member.get(f"/topics/{topic['id']}", query={"limit": 2}).json()
    assert [r["id"] for r in first["replies"]["items"]] == replies[:2]
    second = member.get(f"/topics/{topic['id']}",
                        query={"limit": 2, "cursor": first["replies"]["nextCursor"]}).json()
    assert [r["id"] for r in second["replies"]["items"]] == replies[2:]
    assert member.get(f"/topics/{replies[0]}").status == 404  # a reply is not a topic
    assert member.post(f"/topics/{replies[0]}/replies", {"body": "x"}).status == 404
    assert member.get("/topics/unknown").status == 404


def test_reply_notifies_the_topic_author_once(world: World):
    topic = world.topic()
    world.reply(topic["id"], world.member)
    world.reply(topic["id"], world.author)  # the author's own reply notifies nobody
    stored = notifications_of(world.author["userId"])
    assert [(n["template"], n["link"]) for n in stored] == [("DISCUSSION_REPLY", f"/topics/{topic['id']}")]
    assert stored[0]["params"] == {"name": "Arjun Nair", "title": topic["title"]}
    assert notifications_of(world.member["userId"]) == []


def test_reply_count_is_exact_under_concurrency(world: World):
    from concurrent.futures import ThreadPoolExecutor

    topic = world.topic()
    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(
            lambda n: world.client(world.member).post(f"/topics/{topic['id']}/replies", {"body": f"r{n}"}).status,
            range(15)))
    assert statuses == [201] * 15
    assert world.client(world.member).get(f"/topics/{topic['id']}").json()["replyCount"] == 15


def test_idempotent_topic_creation(world: World):
    author = world.client(world.author)
    headers = {"Idempotency-Key": "topic-1"}
    body = {"title": "Once only", "body": "x"}
    first = author.post(f"/communities/{world.community_id}/topics", body, headers=headers)
    second = author.post(f"/communities/{world.community_id}/topics", body, headers=headers)
    assert first.json()["id"] == second.json()["id"]
    assert author.get(f"/communities/{world.community_id}").json()["topicCount"] == 1


def test_bookmarks_toggle_set_and_list(world: World):
    topic = world.topic()
    reply = world.reply(topic["id"])
    reader = world.client(world.outsider)
    assert reader.post(f"/posts/{topic['id']}/bookmark").json()["bookmarked"] is True
    assert reader.post(f"/posts/{topic['id']}/bookmark").json()["bookmarked"] is False  # toggled off
    assert reader.post(f"/posts/{topic['id']}/bookmark", {"bookmarked": True}).json()["bookmarked"] is True
    assert reader.post(f"/posts/{topic['id']}/bookmark", {"bookmarked": True}).json()["bookmarked"] is True
    assert reader.post(f"/posts/{reply['id']}/bookmark", {"bookmarked": True}).status == 200
    assert reader.post(f"/posts/{reply['id']}/bookmark", {"bookmarked": "yes"}).status == 400
    listed = reader.get("/me/bookmarks").json()["items"]
    assert {(b["postId"], b["kind"]) for b in listed} == {(topic["id"], "topic"), (reply["id"], "reply")}
    assert reader.get(f"/topics/{topic['id']}").json()["bookmarked"] is True
    assert reader.post(f"/posts/{topic['id']}/bookmark", {"bookmarked": False}).json()["bookmarked"] is False
    assert [b["postId"] for b in reader.get("/me/bookmarks").json()["items"]] == [reply["id"]]
    assert reader.post("/posts/unknown/bookmark").status == 404


def test_posting_rate_limit_is_100_an_hour(world: World):
    from functions.discussion.repository import common

    topic = world.topic()
    common.set_rate_count(world.member["userId"], "POSTS", 98)
    member = world.client(world.member)
    assert member.post(f"/topics/{topic['id']}/replies", {"body": "99th"}).status == 201
    assert member.post(f"/topics/{topic['id']}/replies", {"body": "100th"}).status == 201
    limited = member.post(f"/topics/{topic['id']}/replies", {"body": "101st"})
    assert _codes(limited) == (429, "RATE_LIMITED")
    assert 1 <= int(limited.headers["Retry-After"]) <= 3600
    # Edits count too, and nothing was half-written.
    reply = member.get(f"/topics/{topic['id']}").json()["replies"]["items"][0]
    assert _codes(member.patch(f"/posts/{reply['id']}", {"version": 1, "body": "edit"})) == (429, "RATE_LIMITED")
    assert member.get(f"/topics/{topic['id']}").json()["replyCount"] == 2
    # Other users are not affected.
    assert world.client(world.author).post(f"/topics/{topic['id']}/replies", {"body": "ok"}).status == 201
