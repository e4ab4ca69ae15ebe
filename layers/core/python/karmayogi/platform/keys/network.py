"""The network hub: connections, blocks, the people directory."""

from __future__ import annotations

import hashlib

from karmayogi.platform.keys.common import user_pk

# ---- network hub ----------------------------------------------------------------------------------------

def block_key(blocker_id: str, blocked_id: str) -> tuple[str, str]:
    return user_pk(blocker_id), f"BLOCK#{blocked_id}"


def blocked_by_key(blocked_id: str, blocker_id: str) -> tuple[str, str]:
    """The mirror of a block, in the blocked user's partition (written in the same transaction)."""
    return user_pk(blocked_id), f"BLOCKEDBY#{blocker_id}"


def connection_key(connection_id: str) -> tuple[str, str]:
    return f"CONNECTION#{connection_id}", "META"


def connection_edge_key(user_id: str, other_id: str) -> tuple[str, str]:
    """One side of a connection (pending or established), in each party's partition. Both sides are
    created with `attribute_not_exists`, so a second request in either direction is refused."""
    return user_pk(user_id), f"CONN#{other_id}"


def user_connections_gsi(user_id: str, status: str) -> str:
    """GSI1PK of an edge: a user's connections by status (PENDING = sent, RECEIVED, ESTABLISHED),
    GSI1SK `<updatedAt>#<otherUserId>`."""
    return f"USER#{user_id}#CONN#{status}"


def network_stats_key(user_id: str) -> tuple[str, str]:
    return user_pk(user_id), "NETSTATS"


def people_directory_sk() -> str:
    return "PEOPLEDIR"


def people_by_org_designation_gsi(org_id: str, designation_id: str) -> str:
    """GSI2PK of a person's directory item: the people of an org with a designation, GSI2SK
    `<hash(userId)>#<userId>` (a random start point spreads reads over the partition)."""
    return f"PEOPLE#ORG#{org_id}#DESIG#{designation_id}"


def people_by_competency_gsi(competency_id: str) -> str:
    """GSI3PK of a person's competency item: the people who hold a competency, GSI3SK
    `<hash(userId)>#<userId>`."""
    return f"PEOPLE#COMP#{competency_id}"


def spread_key(user_id: str) -> str:
    """A stable, uniformly spread sort-key prefix for a user (8 hex chars)."""
    return hashlib.sha256(user_id.encode()).hexdigest()[:8]
