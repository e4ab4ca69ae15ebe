"""Whatever a client sends, the answer is never a 500: odd paths, bodies, numbers and cursors."""

from __future__ import annotations

import pytest

from tests.discussion.conftest import World

HUGE = 10**40


@pytest.mark.parametrize("method, path, body, query", [
    ("PATCH", "/posts/{tid}", {"version": HUGE, "body": "x"}, None),
    ("DELETE", "/posts/{tid}", None, {"version": HUGE}),
    ("DELETE", "/posts/{tid}", None, {"version": "one"}),
    ("DELETE", "/posts/{tid}", None, {"version": 0}),
    ("POST", "/posts/{tid}/vote", [1], None),
    ("POST", "/posts/{tid}/vote", "1", None),
    ("POST", "/posts/{tid}/vote", {"value": HUGE}, None),
    ("POST", "/posts/{tid}/report", {"reason": None}, None),
    ("POST", "/posts/{tid}/hide", {"reason": ["x"]}, None),
    ("POST", "/posts/{tid}/bookmark", [], None),
    ("POST", "/communities/{cid}/topics", {"title": "t" * 10_000, "body": "x"}, None),
    ("POST", "/communities/{cid}/topics", {"title": "Hello", "body": "x", "tags": [None]}, None),
    ("POST", "/communities/{cid}/invitations", {"userId": "x" * 65}, None),
    ("GET", "/communities/{cid}/topics", None, {"limit": HUGE}),
    ("GET", "/communities/{cid}/topics", None, {"cursor": "x" * 5000}),
    ("GET", "/communities/{cid}/topics", None, {"tag": "x" * 41}),
    ("GET", "/topics/{tid}", None, {"cursor": "eyJrIjp7fX0"}),
    ("GET", "/topics/" + "x" * 65, None, None),
    ("GET", "/me/bookmarks", None, {"cursor": "%%%"}),
    ("GET", "/communities/{cid}/moderation-log", None, {"cursor": "abc"}),
])
def test_odd_inputs_are_4xx(world: World, method, path, body, query):
    topic = world.topic()
    path = path.format(tid=topic["id"], cid=world.community_id)
    for user in (world.author, world.member, world.moderator):
        response = world.client(user).request(method, path, body, query=query)
        assert 400 <= response.status < 500, (response.status, response.json())
        assert "error" in response.json()


@pytest.mark.parametrize("post_id", ["..", "%2F", "ü" * 10, "POST#x", "<script>"])
def test_odd_post_ids_are_404(world: World, post_id):
    response = world.client(world.member).post(f"/posts/{post_id}/vote", {"value": 1})
    assert response.status in (400, 404), response.json()
