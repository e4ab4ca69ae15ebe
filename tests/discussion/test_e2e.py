"""The discussion hub end to end over HTTP against the seeded dev server (shared with other hubs' e2e
tests: these tests only add their own topics and never change seeded ones)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from local.seed.data.accounts import DEMO_ACCOUNTS_BY_USERNAME
from local.seed.data.communities import COMMUNITIES

pytestmark = pytest.mark.e2e

MODERATOR = "ananya.das@nic.in"
PRIYA = "priya.sharma@mha.gov.in"
ARJUN = "arjun.nair@kerala.gov.in"
ADMIN = "rajesh.kumar@dopt.gov.in"


@pytest.fixture(scope="module")
def session(dev_server: Any) -> Any:
    tokens = {u: dev_server.login(u, DEMO_ACCOUNTS_BY_USERNAME[u].password) for u in (MODERATOR, PRIYA, ARJUN, ADMIN)}

    def call(who: str, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        return dev_server.request(method, path, body, token=tokens[who], **kwargs)

    return call


def test_seeded_communities_and_topics(session):
    listed = session(PRIYA, "GET", "/communities?limit=100")
    assert listed.status == 200
    names = {c["name"] for c in listed.json()["items"]}
    assert {c.name for c in COMMUNITIES} <= names
    recent = session(PRIYA, "GET", "/communities/public-procurement/topics").json()["items"]
    assert {t["title"] for t in recent} >= {t.title for t in COMMUNITIES[1].topics}
    popular = session(PRIYA, "GET", "/communities/public-procurement/topics?sort=popular").json()["items"]
    assert {t["id"] for t in popular} == {t["id"] for t in recent}
    tagged = session(PRIYA, "GET", "/communities/public-procurement/topics?tag=reverse-auction").json()["items"]
    assert "When to use reverse auction after a bid" in [t["title"] for t in tagged]
    assert all("reverse-auction" in t["tags"] for t in tagged)
    # The private community: listed, but its topics are for members.
    assert session(PRIYA, "GET", "/communities/mdo-admins/topics").status == 403
    assert session(ADMIN, "GET", "/communities/mdo-admins/topics").status == 200


def test_post_reply_vote_notify_and_moderate_over_http(session):
    marker = uuid.uuid4().hex[:8]
    body = f"<script>alert('{marker}')</script> Does anyone have a checklist?"
    created = session(ARJUN, "POST", "/communities/e-office-practitioners/topics",
                      {"title": f"e2e topic {marker}", "body": body, "tags": ["e2e"]})
    assert created.status == 201, created.body
    assert created.headers["Content-Type"] == "application/json"
    topic = created.json()
    assert topic["body"] == body
    reply = session(PRIYA, "POST", f"/topics/{topic['id']}/replies", {"body": "Yes: scan the live files first."})
    assert reply.status == 201
    notifications = session(ARJUN, "GET", "/me/notifications").json()["items"]
    assert any(n["link"] == f"/topics/{topic['id']}" for n in notifications)
    vote = session(PRIYA, "POST", f"/posts/{topic['id']}/vote", {"value": 1})
    assert vote.status == 200 and vote.json()["score"] == 1
    fetched = session(PRIYA, "GET", f"/topics/{topic['id']}")
    assert fetched.headers["Content-Type"] == "application/json"
    assert fetched.json()["replyCount"] == 1 and fetched.json()["myVote"] == 1
    assert fetched.json()["body"] == body
    # The community moderator hides it; the learner no longer sees it; the log says so.
    assert session(PRIYA, "POST", f"/posts/{topic['id']}/hide").status == 403
    assert session(MODERATOR, "POST", f"/posts/{topic['id']}/hide", {"reason": "e2e"}).status == 200
    assert session(PRIYA, "GET", f"/topics/{topic['id']}").status == 404
    log = session(MODERATOR, "GET", "/communities/e-office-practitioners/moderation-log").json()["items"]
    assert log[0]["action"] == "HIDE" and log[0]["postId"] == topic["id"]
    assert session(ARJUN, "PATCH", f"/posts/{topic['id']}", {"version": 1, "body": "x"}).status == 409
    assert session(ARJUN, "DELETE", f"/posts/{topic['id']}?version=1").status == 204
