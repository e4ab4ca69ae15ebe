"""The network hub's rules: people search and public profiles, connections, blocks and recommendations.
No HTTP, no boto3.

Privacy: people are shown through `PersonSummary`/`PublicProfile`, built field by field — email, mobile
and employee id never leave this hub. A user who blocked the caller does not exist for the caller
(404 on the profile, absent from search and recommendations, and a connection request is a 404)."""

from __future__ import annotations

import random
from typing import Any

from functions.network import repository
from functions.network.models import (
    BlockResult,
    CompetencyLevel,
    Connection,
    ConnectionListItem,
    PersonSummary,
    PublicProfile,
    Reason,
    Recommendation,
    Relationship,
    ShownCertificate,
)
from karmayogi.domain import people_index, search
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import AppError, bad_request, conflict, forbidden, not_found
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.observability import logger

Item = dict[str, Any]

# Recommendation read budget (bounded whatever the size of the org or the caller's network).
SAME_ORG_SAMPLE = 30
TOP_COMPETENCIES = 3
COMPETENCY_SAMPLE = 20
COLLEAGUES = 10
COLLEAGUES_OF_EACH = 10
MAX_CANDIDATES = 100
WEIGHTS = {"MUTUAL_CONNECTIONS": 3, "SAME_ORG_AND_DESIGNATION": 2, "SHARED_COMPETENCIES": 1}


def _summary(item: Item, org_names: dict[str, str]) -> PersonSummary:
    return PersonSummary(user_id=item["userId"], name=item["name"], org_id=item["orgId"],
                         org_name=org_names.get(item["orgId"]), designation_id=item.get("designationId"),
                         designation=item.get("designation"))


def _random_start() -> str:
    return f"{random.getrandbits(32):08x}"


# ---- people -------------------------------------------------------------------------------------------

def search_people(caller: Caller, q: str | None, org_id: str | None, designation: str | None, limit: int,
                  cursor: str | None) -> PageOf[PersonSummary]:
    """By name prefix (case-insensitive) and/or org, optionally of one designation. People who blocked
    the caller, and people the caller blocked, are left out."""
    if q is not None and q.strip():
        if len(q.strip()) < search.MIN_QUERY_LENGTH or not search.query_words(q):
            raise bad_request("QUERY_TOO_SHORT", f"Search needs at least {search.MIN_QUERY_LENGTH} characters")
        page = repository.search_people(q, org_id, designation, limit, cursor)
    elif org_id:
        page = repository.org_people(org_id, designation, limit, cursor)
    else:
        raise bad_request("QUERY_REQUIRED", "Give a name to search for (q) or an organisation (orgId)")
    people = page.items
    blocked, blocked_by, _ = repository.relations(caller.user_id, [p["userId"] for p in people])
    people = [p for p in people if p["userId"] not in blocked_by and p["userId"] not in blocked]
    names = repository.org_names([p["orgId"] for p in people])
    return PageOf[PersonSummary](items=[_summary(p, names) for p in people], next_cursor=page.next_cursor)


def get_person(caller: Caller, user_id: str) -> PublicProfile:
    profile, connection_count, blocked, blocked_by, edges = repository.person_view(user_id, caller.user_id)
    if profile is None:
        raise not_found("The user")
    relationship: Relationship = "NONE"
    connection_id, blocked_by_you = None, False
    if user_id == caller.user_id:
        relationship = "SELF"
    else:
        if user_id in blocked_by:
            raise not_found("The user")
        blocked_by_you = user_id in blocked
        edge = edges.get(user_id)
        if edge is not None:
            connection_id = edge["connectionId"]
            relationship = "ESTABLISHED" if edge["status"] == "ESTABLISHED" else (
                "PENDING" if edge["direction"] == "SENT" else "RECEIVED")
    names = repository.org_names([profile["orgId"]])
    shown = None
    if profile.get("showCertificates"):
        shown = [ShownCertificate.model_validate(c) for c in repository.shown_certificates(user_id)
                 if not c.get("revokedAt")]
    return PublicProfile(
        certificates=shown,
        **_summary(profile, names).model_dump(),
        karma_points=int(profile.get("karmaPoints") or 0),
        competencies=[CompetencyLevel(competency_id=c, level=level)
                      for c, level in people_index.profile_competencies(profile)],
        connection_count=connection_count,
        relationship=relationship,
        connection_id=connection_id,
        blocked_by_you=blocked_by_you,
    )


def block(caller: Caller, user_id: str) -> BlockResult:
    if user_id == caller.user_id:
        raise bad_request("SELF_BLOCK", "You cannot block yourself")
    edge = repository.get_edge(caller.user_id, user_id)
    try:
        repository.block(caller.user_id, user_id, edge)
    except ConditionFailed as failed:
        if failed.reason == "user":
            raise not_found("The user") from failed
        if failed.reason == "block":
            raise conflict("ALREADY_BLOCKED", "You have blocked this user already") from failed
        raise  # "connection": the connection ended meanwhile (409 CONFLICT); blocking again will do
    logger.info("user blocked", extra={"userId": caller.user_id, "blockedId": user_id})
    return BlockResult(user_id=user_id, blocked=True)


def unblock(caller: Caller, user_id: str) -> None:
    repository.unblock(caller.user_id, user_id)


# ---- connections --------------------------------------------------------------------------------------

def _connection(item: Item) -> Connection:
    return Connection(connection_id=item["id"], status=item["status"], requester_id=item["requesterId"],
                      recipient_id=item["recipientId"], created_at=item["createdAt"], updated_at=item["updatedAt"])


def request_connection(caller: Caller, user_id: str) -> Connection:
    if user_id == caller.user_id:
        raise bad_request("SELF_CONNECTION", "You cannot connect with yourself")
    notify = repository.notify_ops(user_id, "CONNECTION_REQUEST", {"name": caller.profile.get("name", "")},
                                   link="/connections?status=received")
    try:
        item = repository.create_connection(caller.user_id, user_id, notify)
    except ConditionFailed as failed:
        if failed.reason in ("user", "blocked_by"):  # a user who blocked the caller does not exist for them
            raise not_found("The user") from failed
        if failed.reason == "blocking":
            raise conflict("BLOCKED", "You have blocked this user; unblock them first") from failed
        if failed.reason == "edge":
            raise _existing(caller.user_id, user_id) from failed
        raise
    logger.info("connection requested", extra={"connectionId": item["id"]})
    return _connection(item)


def _existing(user_id: str, other_id: str) -> AppError:
    """What stands between the two (read only when a request is refused): 409 ALREADY_CONNECTED or
    REQUEST_PENDING (CONNECTION_EXISTS if it ended meanwhile)."""
    edge = repository.get_edge(user_id, other_id)
    if edge is not None and edge["status"] == "ESTABLISHED":
        return conflict("ALREADY_CONNECTED", "You are connected already")
    if edge is not None:
        return conflict("REQUEST_PENDING", "A connection request between you is pending already")
    return conflict("CONNECTION_EXISTS", "A connection or a request between you exists already")


def _changed() -> AppError:
    return conflict("CONNECTION_CHANGED", "The connection changed meanwhile; reload it")


def _party_connection(caller: Caller, connection_id: str, connection: Item | None = None,
                      read: bool = True) -> Item:
    if read:
        connection = repository.get_connection(connection_id)
    if connection is None or caller.user_id not in (connection["requesterId"], connection["recipientId"]):
        raise not_found("The connection")
    return connection


def respond(caller: Caller, connection_id: str, accept: bool) -> Connection:
    """Only the recipient accepts or rejects, and only a pending request."""
    if accept:  # the caller's name for the requester's notice, read with the connection
        found, me = repository.connection_and_profile(connection_id, caller.user_id)
        connection = _party_connection(caller, connection_id, found, read=False)
    else:
        connection, me = _party_connection(caller, connection_id), None
    if connection["recipientId"] != caller.user_id:
        raise forbidden("Only the person who received the request can answer it", code="NOT_RECIPIENT")
    if connection["status"] != "PENDING":
        raise conflict("NOT_PENDING", "This request has been answered already")
    try:
        if accept:
            notify = repository.notify_ops(connection["requesterId"], "CONNECTION_ACCEPTED",
                                           {"name": (me or {}).get("name", "")},
                                           link=f"/people/{caller.user_id}")
            updated = repository.accept(connection, notify)
        else:
            updated = repository.end(connection, "REJECTED")
    except ConditionFailed as failed:
        raise _changed() from failed
    logger.info("connection answered", extra={"connectionId": connection_id, "accepted": accept})
    return _connection(updated)


def delete_connection(caller: Caller, connection_id: str) -> None:
    """The requester withdraws a pending request; either party removes an established connection."""
    connection = _party_connection(caller, connection_id)
    if connection["status"] == "PENDING":
        if connection["requesterId"] != caller.user_id:
            raise forbidden("Only the requester can withdraw a request; reject it instead",
                            code="NOT_REQUESTER")
        _end(connection, "WITHDRAWN")
    elif connection["status"] == "ESTABLISHED":
        _end(connection, "REMOVED")
    else:
        raise conflict("NOT_ACTIVE", "This connection has ended already")


def _end(connection: Item, new_status: str) -> None:
    try:
        repository.end(connection, new_status)
    except ConditionFailed as failed:
        raise _changed() from failed


def list_connections(caller: Caller, status: str, limit: int, cursor: str | None) -> PageOf[ConnectionListItem]:
    page = repository.list_edges(caller.user_id, status, limit, cursor)
    others = [edge["otherUserId"] for edge in page.items]
    people = repository.get_profiles(others) if others else {}
    names = repository.org_names([p["orgId"] for p in people.values()])
    items = [
        ConnectionListItem(connection_id=edge["connectionId"], status=edge["status"], direction=edge["direction"],
                           person=_summary(people[edge["otherUserId"]], names), created_at=edge["createdAt"],
                           updated_at=edge["updatedAt"])
        for edge in page.items if edge["otherUserId"] in people
    ]
    return PageOf[ConnectionListItem](items=items, next_cursor=page.next_cursor)


# ---- recommendations ----------------------------------------------------------------------------------

def recommended(caller: Caller, limit: int) -> PageOf[Recommendation]:
    """Colleagues with the same org and designation, people who share the caller's competencies and
    colleagues of colleagues — never the caller, anyone already connected or requested, or anyone
    blocked either way. Reads are bounded: one sample of the org+designation partition, one sample per
    top competency, the caller's latest connections and theirs, then key lookups for ≤ 100 candidates."""
    me = caller.profile
    my_id = caller.user_id
    same_org: set[str] = set()
    mutual: dict[str, int] = {}
    found: list[str] = []

    if me.get("designationId"):
        # One more than the sample: the caller is in this partition too.
        sample = repository.same_org_designation(me["orgId"], me["designationId"], _random_start(),
                                                 SAME_ORG_SAMPLE + 1)
        for user_id in [i["userId"] for i in sample if i["userId"] != my_id][:SAME_ORG_SAMPLE]:
            same_org.add(user_id)
            found.append(user_id)
    my_competencies = people_index.profile_competencies(me)
    for competency_id, _ in my_competencies[:TOP_COMPETENCIES]:
        sample = repository.with_competency(competency_id, _random_start(), COMPETENCY_SAMPLE + 1)
        found += [i["userId"] for i in sample if i["userId"] != my_id][:COMPETENCY_SAMPLE]
    for colleague in repository.established_with(my_id, COLLEAGUES):
        for other in repository.established_with(colleague, COLLEAGUES_OF_EACH):
            mutual[other] = mutual.get(other, 0) + 1
            found.append(other)

    candidates = [c for c in dict.fromkeys(found) if c != my_id]
    candidates.sort(key=lambda c: (-mutual.get(c, 0), c not in same_org))
    candidates = candidates[:MAX_CANDIDATES]
    blocked, blocked_by, edges, people = repository.relations_and_profiles(my_id, candidates)
    candidates = [c for c in candidates if c not in blocked and c not in blocked_by and c not in edges]
    mine = {c for c, _ in my_competencies}
    ranked = []
    for candidate in candidates:
        person = people.get(candidate)
        if person is None:
            continue
        shared = sorted(mine & {c for c, _ in people_index.profile_competencies(person)})
        reasons: list[Reason] = []
        if mutual.get(candidate):
            reasons.append("MUTUAL_CONNECTIONS")
        if person.get("orgId") == me.get("orgId") and person.get("designationId") == me.get("designationId"):
            reasons.append("SAME_ORG_AND_DESIGNATION")
        if shared:
            reasons.append("SHARED_COMPETENCIES")
        if not reasons:
            continue
        score = (WEIGHTS["MUTUAL_CONNECTIONS"] * mutual.get(candidate, 0)
                 + WEIGHTS["SAME_ORG_AND_DESIGNATION"] * ("SAME_ORG_AND_DESIGNATION" in reasons)
                 + WEIGHTS["SHARED_COMPETENCIES"] * len(shared))
        ranked.append((score, person, reasons, shared))
    ranked.sort(key=lambda entry: (-entry[0], entry[1]["name"], entry[1]["userId"]))
    ranked = ranked[:limit]
    names = repository.org_names([entry[1]["orgId"] for entry in ranked])
    items = [
        Recommendation(**_summary(person, names).model_dump(), reasons=reasons,
                       mutual_connections=mutual.get(person["userId"], 0), shared_competencies=shared)
        for _, person, reasons, shared in ranked
    ]
    return PageOf[Recommendation](items=items, next_cursor=None)
