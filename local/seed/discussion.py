"""Seed the communities of local/seed/data/communities.py with their opening topics, authored by the demo
accounts (seeded by the auth seeder, which runs before this one; found by email through the uniqueness
guards), plus a few votes so "popular" differs from "recent", and a few connections between demo users
so the network hub's lists and recommendations have something to show.

Open communities: created by the demo community moderator; every demo account is a member. The private
one (`mdo-admins`): created by the first MDO administrator; members are the MDO administrators and
leaders, with the community moderator as a moderator. Topics and votes go through the discussion hub's
service, so they obey its rules (membership, counters, hot rank). Seeding twice changes nothing."""

from __future__ import annotations

from functions.auth import repository as accounts_repository
from functions.discussion import posts, votes
from functions.discussion.models import TopicCreate
from functions.discussion.repository import common as discussion_store
from functions.discussion.repository import communities as repository
from functions.network import repository as network_repository
from functions.network import service as network_service
from karmayogi.platform import clock
from karmayogi.platform.identity import Caller
from karmayogi.platform.observability import logger
from local.seed.data.accounts import DEMO_ACCOUNTS, DemoAccount
from local.seed.data.communities import COMMUNITIES, Community

MODERATOR_ROLE = "COMMUNITY_MODERATOR"
PRIVATE_MEMBER_ROLES = {"MDO_ADMIN", "MDO_LEADER"}
# Established connections, then pending requests (requester, recipient), by demo email.
CONNECTIONS = (
    ("priya.sharma@mha.gov.in", "sunita.verma@mha.gov.in"),
    ("sunita.verma@mha.gov.in", "rajesh.kumar@dopt.gov.in"),
    ("rajesh.kumar@dopt.gov.in", "meenakshi.iyer@dopt.gov.in"),
    ("mohammed.irfan@dopt.gov.in", "rajesh.kumar@dopt.gov.in"),
)
PENDING = (("arjun.nair@kerala.gov.in", "priya.sharma@mha.gov.in"),)


def _callers() -> dict[str, tuple[DemoAccount, Caller]]:
    found = {}
    for account in DEMO_ACCOUNTS:
        user_id = accounts_repository.guard_owner("EMAIL", account.email)
        if user_id is None:
            raise RuntimeError(f"demo account {account.email} is missing: the accounts seeder runs first")
        found[account.email] = (account, Caller(user_id=user_id, username=account.username,
                                                roles=frozenset(account.roles)))
    return found


def _members(community: Community, people: dict[str, tuple[DemoAccount, Caller]]) -> tuple[str, list[str]]:
    """The creator's email and every member's email (creator first)."""
    moderator = next(email for email, (account, _) in people.items() if MODERATOR_ROLE in account.roles)
    if community.visibility == "open":
        return moderator, [moderator, *[e for e in people if e != moderator]]
    admins = [e for e, (account, _) in people.items() if PRIVATE_MEMBER_ROLES & set(account.roles)]
    return admins[0], [*admins, moderator]


def _seed_community(position: int, community: Community, people: dict[str, tuple[DemoAccount, Caller]]) -> None:
    owner_email, member_emails = _members(community, people)
    owner_account, owner = people[owner_email]
    now = clock.now_iso()
    item = repository.community_item(
        community_id=community.id, name=community.name, description=community.description,
        visibility=community.visibility, tags=list(community.tags), org_id=owner_account.org_id,
        created_by=owner.user_id, now=now)
    item["memberCount"] = len(member_emails)
    others = []
    for email in member_emails[1:]:
        account, caller = people[email]
        role = "MODERATOR" if MODERATOR_ROLE in account.roles else "MEMBER"
        others.append(repository.member_item(community.id, caller.user_id, role, now))
    repository.create_community(item, repository.member_item(community.id, owner.user_id, "MODERATOR", now),
                                discussion_store.log_item(community.id, "COMMUNITY_CREATED", owner.user_id), others)
    authors = member_emails[1:] or member_emails
    for number, topic in enumerate(community.topics):
        _, author = people[authors[(position + number) % len(authors)]]
        created = posts.create_topic(author, community.id,
                                     TopicCreate(title=topic.title, body=topic.body, tags=list(topic.tags)))
        # A few upvotes from other members: the first topic of a community gets none, the next ones more.
        voters = [people[e][1] for e in member_emails if people[e][1].user_id != author.user_id]
        for voter in voters[: (number * 2 + position) % (len(voters) + 1)]:
            votes.vote(voter, created.id, 1)


def _seed_connections(people: dict[str, tuple[DemoAccount, Caller]]) -> None:
    for requester, recipient in (*CONNECTIONS, *PENDING):
        _, asking = people[requester]
        _, asked = people[recipient]
        if network_repository.get_edge(asking.user_id, asked.user_id) is not None:
            continue
        connection = network_service.request_connection(asking, asked.user_id)
        if (requester, recipient) in CONNECTIONS:
            network_service.respond(asked, connection.connection_id, accept=True)


def seed() -> None:
    people = _callers()
    for position, community in enumerate(COMMUNITIES):
        if repository.get_community(community.id) is not None:
            continue
        _seed_community(position, community, people)
    _seed_connections(people)
    logger.info("discussion seeded", extra={"communities": len(COMMUNITIES)})
