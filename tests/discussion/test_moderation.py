"""Moderation: the fifth distinct reporter hides a post in the report's own transaction, moderators
hide and restore, hidden posts are invisible to everyone else, and every action is in the audit trail."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from functions.discussion.repository import common
from karmayogi.platform.identity import claims_for
from tests.conftest import ApiClient
from tests.discussion.conftest import World, notifications_of


def _reporters(count: int) -> list[ApiClient]:
    """Readers of an open community (a report needs no membership, and never reads the reporter's
    profile)."""
    return [ApiClient(claims_for(f"reader-{n}", f"reader-{n}", ["PUBLIC"])) for n in range(count)]


def _actions(world: World) -> list[str]:
    log = ApiClient(world.moderator["claims"]).get(f"/communities/{world.community_id}/moderation-log")
    assert log.status == 200
    return [entry["action"] for entry in log.json()["items"]]


def test_fifth_distinct_reporter_hides_the_post(world: World):
    topic = world.topic()
    reporters = _reporters(5)
    member = world.client(world.member)
    for reporter in reporters[:4]:
        assert reporter.post(f"/posts/{topic['id']}/report", {"reason": "spam"}).status == 201
    # Four distinct reports: still visible.
    assert member.get(f"/topics/{topic['id']}").json()["hidden"] is False
    # The same reporter again counts once.
    again = reporters[0].post(f"/posts/{topic['id']}/report", {"reason": "spam again"})
    assert again.status == 200 and again.json()["alreadyReported"] is True
    assert member.get(f"/topics/{topic['id']}").status == 200
    assert [t["id"] for t in member.get(f"/communities/{world.community_id}/topics").json()["items"]] == \
        [topic["id"]]
    # The fifth distinct reporter hides it.
    assert reporters[4].post(f"/posts/{topic['id']}/report", {"reason": "spam"}).status == 201
    for client in (member, world.client(world.author), world.client(world.outsider)):
        assert client.get(f"/topics/{topic['id']}").status == 404
        assert client.get(f"/communities/{world.community_id}/topics").json()["items"] == []
        assert client.get(f"/communities/{world.community_id}/topics", query={"sort": "popular"}).json()["items"] == []
    # Moderators still see it, marked hidden.
    moderator = world.client(world.moderator)
    assert moderator.get(f"/topics/{topic['id']}").json()["hidden"] is True
    assert moderator.get(f"/communities/{world.community_id}/topics").json()["items"][0]["hidden"] is True
    assert _actions(world) == ["AUTO_HIDE", "REPORT", "REPORT", "REPORT", "REPORT", "REPORT", "COMMUNITY_CREATED"]
    assert [n["template"] for n in notifications_of(world.author["userId"])] == ["POST_HIDDEN"]


def test_concurrent_reports_hide_exactly_once(world: World):
    """Eight readers report one topic at once. A report is answered from the post as its request read it:
    one that read the post visible is recorded (201), also when it then lost a race to the report that hid
    it; one that read it after the fifth report had hidden it is refused 404, as every request of a
    non-moderator on a hidden post (`test_a_report_on_a_hidden_post_is_a_404`). Whatever the interleaving,
    the post is hidden exactly once and each 201 is one REPORT entry."""
    topic = world.topic()
    reporters = _reporters(8)
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda r: r.post(f"/posts/{topic['id']}/report", {"reason": "spam"}).status,
                                 reporters))
    assert set(statuses) <= {201, 404} and statuses.count(201) >= 5, statuses
    actions = _actions(world)
    assert actions.count("REPORT") == statuses.count(201) and actions.count("AUTO_HIDE") == 1
    assert world.client(world.member).get(f"/topics/{topic['id']}").status == 404


def test_a_report_on_a_hidden_post_is_a_404(world: World):
    """Hidden posts exist only for moderators: a reader's report on one is refused like a read, a vote or a
    bookmark (and says nothing of the post); a moderator's is recorded."""
    topic = world.topic()
    assert world.client(world.moderator).post(f"/posts/{topic['id']}/hide", {"reason": "spam"}).status == 200
    late = _reporters(1)[0].post(f"/posts/{topic['id']}/report", {"reason": "spam"})
    assert (late.status, late.json()["error"]["code"]) == (404, "NOT_FOUND")
    assert world.client(world.member).post(f"/posts/{topic['id']}/vote", {"value": 1}).status == 404
    assert world.client(world.moderator).post(f"/posts/{topic['id']}/report", {"reason": "spam"}).status == 201
    assert _actions(world).count("REPORT") == 1


def test_hidden_replies_are_left_out_of_the_thread(world: World):
    topic = world.topic()
    reply = world.reply(topic["id"])
    moderator = world.client(world.moderator)
    assert moderator.post(f"/posts/{reply['id']}/hide", {"reason": "abusive"}).status == 200
    thread = world.client(world.author).get(f"/topics/{topic['id']}").json()
    assert thread["replies"]["items"] == []
    assert [r["hidden"] for r in moderator.get(f"/topics/{topic['id']}").json()["replies"]["items"]] == [True]


def test_moderator_hides_and_restores_with_an_audit_trail(world: World):
    topic = world.topic()
    moderator = world.client(world.moderator)
    hidden = moderator.post(f"/posts/{topic['id']}/hide", {"reason": "needs review"})
    assert hidden.status == 200 and hidden.json()["hidden"] is True
    # Failures are reported, never silent.
    twice = moderator.post(f"/posts/{topic['id']}/hide")
    assert twice.status == 409 and twice.json()["error"]["code"] == "ALREADY_HIDDEN"
    assert world.client(world.member).get(f"/topics/{topic['id']}").status == 404
    restored = moderator.post(f"/posts/{topic['id']}/restore", {"reason": "fine after review"})
    assert restored.status == 200 and restored.json()["hidden"] is False
    not_hidden = moderator.post(f"/posts/{topic['id']}/restore")
    assert not_hidden.status == 409 and not_hidden.json()["error"]["code"] == "NOT_HIDDEN"
    assert moderator.post("/posts/unknown/hide").status == 404
    assert world.client(world.member).get(f"/topics/{topic['id']}").status == 200
    log = moderator.get(f"/communities/{world.community_id}/moderation-log").json()["items"]
    assert [(e["action"], e["postId"], e["actorId"], e["reason"]) for e in log[:2]] == [
        ("RESTORE", topic["id"], world.moderator["userId"], "fine after review"),
        ("HIDE", topic["id"], world.moderator["userId"], "needs review"),
    ]
    templates = [n["template"] for n in notifications_of(world.author["userId"])]
    assert sorted(templates) == ["POST_HIDDEN", "POST_RESTORED"]


def test_restore_needs_five_new_reporters_to_hide_again(world: World):
    topic = world.topic()
    reporters = _reporters(10)
    for reporter in reporters[:5]:
        reporter.post(f"/posts/{topic['id']}/report", {"reason": "spam"})
    moderator = world.client(world.moderator)
    assert moderator.post(f"/posts/{topic['id']}/restore").status == 200
    for reporter in reporters[:5]:  # the same people again: counted once already
        assert reporter.post(f"/posts/{topic['id']}/report", {"reason": "spam"}).status == 200
    for reporter in reporters[5:9]:
        reporter.post(f"/posts/{topic['id']}/report", {"reason": "spam"})
    assert world.client(world.member).get(f"/topics/{topic['id']}").status == 200
    reporters[9].post(f"/posts/{topic['id']}/report", {"reason": "spam"})
    assert world.client(world.member).get(f"/topics/{topic['id']}").status == 404


def test_author_may_delete_but_not_edit_a_hidden_post(world: World):
    topic = world.topic()
    world.client(world.moderator).post(f"/posts/{topic['id']}/hide")
    author = world.client(world.author)
    edit = author.patch(f"/posts/{topic['id']}", {"version": 1, "body": "sneaky edit"})
    assert edit.status == 409 and edit.json()["error"]["code"] == "POST_HIDDEN"
    assert author.delete(f"/posts/{topic['id']}", query={"version": 1}).status == 204


def test_report_reason_is_validated(world: World):
    topic = world.topic()
    reader = _reporters(1)[0]
    assert reader.post(f"/posts/{topic['id']}/report", {"reason": "x"}).status == 400
    assert reader.post(f"/posts/{topic['id']}/report", {}).status == 400
    assert reader.post(f"/posts/{topic['id']}/report", {"reason": "y" * 501}).status == 400
    assert reader.post("/posts/unknown/report", {"reason": "spam"}).status == 404


def test_reports_on_a_deleted_post_are_404(world: World):
    topic = world.topic()
    world.client(world.author).delete(f"/posts/{topic['id']}", query={"version": 1})
    assert _reporters(1)[0].post(f"/posts/{topic['id']}/report", {"reason": "spam"}).status == 404
    assert common.get_post(topic["id"])["deleted"] is True
