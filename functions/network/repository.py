"""The network hub's items and access patterns (docs/data-model.md, "Network hub"). The only module of
the hub that talks to DynamoDB.

A connection is one `CONNECTION#<id>` item plus an edge in each party's partition (`USER#<id>`,
`CONN#<other>`); both edges are created with `attribute_not_exists`, so a second request between the
same two people — in either direction — fails in the same transaction. A block is an item in the
blocker's partition and its mirror in the blocked user's, so "who blocked me" is a key lookup."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from boto3.dynamodb.conditions import Attr, Key

from karmayogi.domain import notifications, people_index, profiles, refcache, search
from karmayogi.platform import clock, db, keys

Item = db.Item

LIST_STATUS = {"pending": "PENDING", "received": "RECEIVED", "established": "ESTABLISHED"}


# ---- people -------------------------------------------------------------------------------------------

def get_profile(user_id: str) -> Item | None:
    return profiles.get_profile(user_id)


def get_profiles(user_ids: Sequence[str]) -> dict[str, Item]:
    return profiles.get_profiles(list(user_ids))


def org_names(org_ids: Sequence[str]) -> dict[str, str]:
    """Org names, through the container's reference cache (karmayogi.domain.refcache)."""
    found = refcache.orgs(o for o in org_ids if o)
    return {org_id: item["name"] for org_id, item in found.items() if item.get("name")}


def _consistent_batch(wanted: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Item]:
    """Up to 100 items by key in one strongly consistent BatchGetItem (key → item; missing keys absent)."""
    return {(item["PK"], item["SK"]): item for item in db.batch_get(wanted, consistent=True)}


def person_view(user_id: str, viewer_id: str) -> tuple[Item | None, int, set[str], set[str], dict[str, Item]]:
    """A person's profile and connection count with, when the viewer is someone else, `relations`
    between them: one BatchGetItem."""
    profile_key = (keys.user_pk(user_id), keys.PROFILE_SK)
    stats_key = keys.network_stats_key(user_id)
    wanted = [profile_key, stats_key]
    if viewer_id != user_id:
        wanted += _relation_keys(viewer_id, [user_id])
    items = db.batch_get(wanted)
    found = {(item["PK"], item["SK"]): item for item in items}
    stats = found.get(stats_key)
    blocked, blocked_by, edges = _relations_of(i for i in items if (i["PK"], i["SK"]) not in (profile_key, stats_key))
    return (found.get(profile_key), int((stats or {}).get("connections") or 0), blocked, blocked_by, edges)


def shown_certificates(user_id: str, limit: int = 20) -> list[Item]:
    """L11 (read by the network hub): a person's latest certificates, newest first, for their public profile
    when they chose to show them (profile `showCertificates`)."""
    condition = Key("GSI1PK").eq(keys.user_certificates_gsi(user_id))
    return db.query_page(condition, index=keys.GSI1, scope=f"shown-certificates:{user_id}", limit=limit,
                         forward=False).items


def relations_and_profiles(user_id: str, others: Sequence[str]
                           ) -> tuple[set[str], set[str], dict[str, Item], dict[str, Item]]:
    """`relations` with the others' profiles, in the same BatchGetItem requests."""
    profile_keys = [(keys.user_pk(o), keys.PROFILE_SK) for o in dict.fromkeys(others)]
    items = db.batch_get(_relation_keys(user_id, others) + profile_keys)
    people = {item["userId"]: item for item in items if item["SK"] == keys.PROFILE_SK and item.get("userId")}
    blocked, blocked_by, edges = _relations_of(i for i in items if i["SK"] != keys.PROFILE_SK)
    return blocked, blocked_by, edges, people


def _filters(org_id: str | None, designation: str | None) -> Any:
    expression = None
    if org_id:
        expression = Attr("orgId").eq(org_id)
    if designation:
        wanted = Attr("designationId").eq(designation) | Attr("designationNorm").eq(keys.normalize(designation))
        expression = wanted if expression is None else expression & wanted
    return expression


def search_people(q: str, org_id: str | None, designation: str | None, limit: int, cursor: str | None) -> db.Page:
    """People whose name matches `q` (karmayogi.domain.search: a multi-word query is one read of the pair
    index); org and designation narrow the page with a filter."""
    return search.search_page(
        people_index.PERSON_SCOPE, q, limit=limit, cursor=cursor, pairs=True, fallback=True,
        filter_expression=_filters(org_id, designation),
        list_scope=f"people:{org_id or ''}:{keys.normalize(designation or '')}",
    )


def org_people(org_id: str, designation: str | None, limit: int, cursor: str | None) -> db.Page:
    """The people of an org by name (the profiles' org index), optionally of one designation."""
    designation_filter = None
    if designation:
        designation_filter = Attr("designationId").eq(designation) | Attr("designation").eq(designation)
    return db.query_page(Key("GSI1PK").eq(keys.org_users_gsi(org_id)), index=keys.GSI1,
                         scope=f"people:org:{org_id}:{keys.normalize(designation or '')}", limit=limit,
                         cursor=cursor, filter_expression=designation_filter)


def _sample(index: str, partition_attr: str, sort_attr: str, partition: str, start: str, limit: int) -> list[Item]:
    """Up to `limit` items of a partition, starting at a random point of its hashed sort keys and
    wrapping around once: a bounded, unbiased sample however large the partition is."""
    first = db.query_page(Key(partition_attr).eq(partition) & Key(sort_attr).gte(start), index=index,
                          scope="sample", limit=limit)
    items = list(first.items)
    if len(items) < limit:
        second = db.query_page(Key(partition_attr).eq(partition) & Key(sort_attr).lt(start), index=index,
                               scope="sample", limit=limit - len(items))
        items.extend(second.items)
    return items


def same_org_designation(org_id: str, designation_id: str, start: str, limit: int) -> list[Item]:
    return _sample(keys.GSI2, "GSI2PK", "GSI2SK", keys.people_by_org_designation_gsi(org_id, designation_id),
                   start, limit)


def with_competency(competency_id: str, start: str, limit: int) -> list[Item]:
    return _sample(keys.GSI3, "GSI3PK", "GSI3SK", keys.people_by_competency_gsi(competency_id), start, limit)


def connection_count(user_id: str) -> int:
    item = db.get(*keys.network_stats_key(user_id))
    return int(item.get("connections") or 0) if item else 0


# ---- blocks -------------------------------------------------------------------------------------------

def relations(user_id: str, others: Sequence[str]) -> tuple[set[str], set[str], dict[str, Item]]:
    """For `others` (≤ ~100): whom the user blocked, who blocked the user, and the user's connection
    edges with them — key lookups in batches, however many blocks or connections the user has."""
    return _relations_of(db.batch_get(_relation_keys(user_id, others)))


def _relation_keys(user_id: str, others: Sequence[str]) -> list[tuple[str, str]]:
    wanted: list[tuple[str, str]] = []
    for other in dict.fromkeys(others):
        wanted += [keys.block_key(user_id, other), keys.blocked_by_key(user_id, other),
                   keys.connection_edge_key(user_id, other)]
    return wanted


def _relations_of(items: Iterable[Item]) -> tuple[set[str], set[str], dict[str, Item]]:
    blocked: set[str] = set()
    blocked_by: set[str] = set()
    edges: dict[str, Item] = {}
    for item in items:
        kind = item.get("entityType")
        if kind == "Block":
            blocked.add(item["blockedId"])
        elif kind == "BlockedBy":
            blocked_by.add(item["blockerId"])
        elif kind == "ConnectionEdge":
            edges[item["otherUserId"]] = item
    return blocked, blocked_by, edges


def get_edge(user_id: str, other_id: str) -> Item | None:
    return db.get(*keys.connection_edge_key(user_id, other_id), consistent=True)


def block(blocker_id: str, blocked_id: str, edge: Item | None) -> None:
    """The block, its mirror, and the end of any connection or request between the two, together, if the
    blocked user exists. Fails "user" (no such user), "block" (blocked already) or "connection" (the
    connection `edge` named changed meanwhile)."""
    now = clock.now_iso()
    pk, sk = keys.block_key(blocker_id, blocked_id)
    mirror_pk, mirror_sk = keys.blocked_by_key(blocked_id, blocker_id)
    operations = [
        db.check_op(keys.user_pk(blocked_id), keys.PROFILE_SK, "attribute_exists(PK)", name="user"),
        db.put_op({"PK": pk, "SK": sk, "entityType": "Block", "blockerId": blocker_id, "blockedId": blocked_id,
                   "createdAt": now}, condition="attribute_not_exists(PK)", name="block"),
        db.put_op({"PK": mirror_pk, "SK": mirror_sk, "entityType": "BlockedBy", "blockerId": blocker_id,
                   "blockedId": blocked_id, "createdAt": now}),
    ]
    if edge is not None:
        operations += _end_connection_ops(edge["connectionId"], blocker_id, blocked_id, edge["status"],
                                          "BLOCKED", now)
    db.transact(operations)


def unblock(blocker_id: str, blocked_id: str) -> None:
    db.transact([db.delete_op(*keys.block_key(blocker_id, blocked_id)),
                 db.delete_op(*keys.blocked_by_key(blocked_id, blocker_id))])


# ---- connections --------------------------------------------------------------------------------------

def _edge(user_id: str, other_id: str, connection_id: str, status: str, direction: str, now: str,
          created_at: str | None = None) -> Item:
    pk, sk = keys.connection_edge_key(user_id, other_id)
    list_status = "ESTABLISHED" if status == "ESTABLISHED" else ("PENDING" if direction == "SENT" else "RECEIVED")
    return {
        "PK": pk, "SK": sk, "entityType": "ConnectionEdge", "userId": user_id, "otherUserId": other_id,
        "connectionId": connection_id, "status": status, "direction": direction,
        "createdAt": created_at or now, "updatedAt": now,
        "GSI1PK": keys.user_connections_gsi(user_id, list_status), "GSI1SK": f"{now}#{other_id}",
    }


def create_connection(requester_id: str, recipient_id: str, notify_ops: list[Item]) -> Item:
    """A pending request: the connection and an edge in each party's partition, with the recipient's
    notification; the connection. Fails "user" (no such recipient), "blocked_by" (the recipient blocked
    the requester), "blocking" (the requester blocked the recipient) or "edge" (a connection or a request
    between the two exists, in either direction: `get_edge` says which)."""
    connection_id = keys.new_id()
    now = clock.now_iso()
    pk, sk = keys.connection_key(connection_id)
    connection = {"PK": pk, "SK": sk, "entityType": "Connection", "id": connection_id,
                  "requesterId": requester_id, "recipientId": recipient_id, "status": "PENDING",
                  "createdAt": now, "updatedAt": now, "version": 1}
    db.transact([
        db.check_op(keys.user_pk(recipient_id), keys.PROFILE_SK, "attribute_exists(PK)", name="user"),
        db.check_op(*keys.block_key(recipient_id, requester_id), "attribute_not_exists(PK)", name="blocked_by"),
        db.check_op(*keys.block_key(requester_id, recipient_id), "attribute_not_exists(PK)", name="blocking"),
        db.put_op(_edge(requester_id, recipient_id, connection_id, "PENDING", "SENT", now),
                  condition="attribute_not_exists(PK)", name="edge"),
        db.put_op(_edge(recipient_id, requester_id, connection_id, "PENDING", "RECEIVED", now),
                  condition="attribute_not_exists(PK)", name="edge"),
        db.put_op(connection, condition="attribute_not_exists(PK)", name="connection"),
        *notify_ops,
    ])
    return connection


def get_connection(connection_id: str) -> Item | None:
    return db.get(*keys.connection_key(connection_id), consistent=True)


def connection_and_profile(connection_id: str, user_id: str) -> tuple[Item | None, Item | None]:
    """A connection and a user's profile, in one strongly consistent BatchGetItem."""
    connection_key = keys.connection_key(connection_id)
    profile_key = (keys.user_pk(user_id), keys.PROFILE_SK)
    found = _consistent_batch([connection_key, profile_key])
    return found.get(connection_key), found.get(profile_key)


# Every operation of a connection's change that can fail is named "connection": the connection (or one
# of its edges) changed meanwhile.
CHANGED = "connection"


def _status_op(connection_id: str, new_status: str, expected: str, now: str) -> Item:
    pk, sk = keys.connection_key(connection_id)
    return db.update_op(
        pk, sk, "SET #s = :new, updatedAt = :now, #v = #v + :one",
        condition="attribute_exists(PK) AND #s = :expected",
        names={"#s": "status", "#v": "version"},
        values={":new": new_status, ":now": now, ":one": 1, ":expected": expected},
        name=CHANGED,
    )


def _stats_ops(user_ids: Sequence[str], delta: int) -> list[Item]:
    return [db.update_op(*keys.network_stats_key(u), "ADD connections :d SET entityType = :t",
                         values={":d": delta, ":t": "NetworkStats"}) for u in user_ids]


def _end_connection_ops(connection_id: str, user_id: str, other_id: str, status: str, new_status: str,
                        now: str) -> list[Item]:
    """Close a connection (pending or established): its status, both edges gone, counts down."""
    operations = [
        _status_op(connection_id, new_status, status, now),
        db.delete_op(*keys.connection_edge_key(user_id, other_id), condition="attribute_exists(PK)", name=CHANGED),
        db.delete_op(*keys.connection_edge_key(other_id, user_id), condition="attribute_exists(PK)", name=CHANGED),
    ]
    if status == "ESTABLISHED":
        operations += _stats_ops([user_id, other_id], -1)
    return operations


def accept(connection: Item, notify_ops: list[Item]) -> Item:
    """The pending request established; the connection as changed. Fails CHANGED."""
    now = clock.now_iso()
    requester, recipient = connection["requesterId"], connection["recipientId"]
    created = connection["createdAt"]
    operations = [
        _status_op(connection["id"], "ESTABLISHED", "PENDING", now),
        db.put_op(_edge(requester, recipient, connection["id"], "ESTABLISHED", "SENT", now, created),
                  condition="attribute_exists(PK) AND connectionId = :c", values={":c": connection["id"]},
                  name=CHANGED),
        db.put_op(_edge(recipient, requester, connection["id"], "ESTABLISHED", "RECEIVED", now, created),
                  condition="attribute_exists(PK) AND connectionId = :c", values={":c": connection["id"]},
                  name=CHANGED),
        *_stats_ops([requester, recipient], 1),
        *notify_ops,
    ]
    db.transact(operations)
    return {**connection, "status": "ESTABLISHED", "updatedAt": now}


def end(connection: Item, new_status: str) -> Item:
    """Reject or withdraw a pending request, or remove an established connection; the connection as
    changed. Fails CHANGED."""
    now = clock.now_iso()
    db.transact(_end_connection_ops(connection["id"], connection["requesterId"], connection["recipientId"],
                                    connection["status"], new_status, now))
    return {**connection, "status": new_status, "updatedAt": now}


def list_edges(user_id: str, status: str, limit: int, cursor: str | None) -> db.Page:
    """A user's connections of one list status, most recently changed first."""
    return db.query_page(Key("GSI1PK").eq(keys.user_connections_gsi(user_id, LIST_STATUS[status])),
                         index=keys.GSI1, scope=f"connections:{user_id}:{status}", limit=limit, cursor=cursor,
                         forward=False)


def established_with(user_id: str, limit: int) -> list[str]:
    """Up to `limit` of a user's established connections (most recent first)."""
    page = db.query_page(Key("GSI1PK").eq(keys.user_connections_gsi(user_id, "ESTABLISHED")),
                         index=keys.GSI1, scope="fof", limit=limit, forward=False)
    return [item["otherUserId"] for item in page.items]


def notify_ops(user_id: str, template: str, params: dict[str, Any], link: str | None = None) -> list[Item]:
    """An in-app notification's operations (karmayogi.domain.notifications), named "notify"."""
    return [db.named("notify", op) for op in notifications.in_app_ops(user_id, template, params, link)]
