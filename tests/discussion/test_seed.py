"""The discussion seeder: every seed community with its topics, authored by demo accounts who are
members, counters consistent, and seeding twice changes nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from moto import mock_aws

from functions.discussion.repository import common, communities, posts
from karmayogi.platform import clock
from local import aws
from local.seed import accounts, directory, discussion
from local.seed.data.communities import COMMUNITIES


@pytest.fixture
def seeded() -> Iterator[None]:
    with mock_aws():
        aws.provision()  # the accounts seeder needs Cognito too
        clock.reset()
        directory.seed()
        accounts.seed()
        discussion.seed()
        yield


def test_seed_communities_topics_members_and_connections(seeded):
    from functions.network import repository as network

    for community in COMMUNITIES:
        item = communities.get_community(community.id)
        assert item is not None and item["visibility"] == community.visibility
        assert item["topicCount"] == len(community.topics)
        topics = posts.list_topics(community.id, "recent", limit=20, cursor=None).items
        assert sorted(t["title"] for t in topics) == sorted(t.title for t in community.topics)
        for topic in topics:
            assert common.get_member(community.id, topic["authorId"]) is not None
        popular = posts.list_topics(community.id, "popular", limit=20, cursor=None).items
        scores = [t["score"] for t in popular]
        assert len(popular) == len(topics) and max(scores) >= scores[-1]
    private = communities.get_community("mdo-admins")
    assert private["memberCount"] == 4  # the two MDO admins, the MDO leader and the community moderator
    open_community = communities.get_community("e-office-practitioners")
    assert open_community["memberCount"] == 10

    priya = accounts.demo_user_id("MHA-100001")
    sunita = accounts.demo_user_id("MHA-100002")
    assert network.get_edge(priya, sunita)["status"] == "ESTABLISHED"

    discussion.seed()  # again: nothing new
    assert communities.get_community("e-office-practitioners")["topicCount"] == 3
