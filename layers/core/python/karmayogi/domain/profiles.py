"""The user profile item (PK `USER#<id>`, SK `PROFILE`): written by the auth hub, read by every hub for
the caller's org, designation and name. Its shape is defined once, here.

Org membership is evidence-based (API.md v2 "Registration"): an email on the org's own domains, or a
registration link of the org, makes an ACTIVE member; an email on a shared domain (gov.in, nic.in) makes a
PENDING one until an MDO admin of the org approves. A pending (or rejected) member's `orgId` is
`UNAFFILIATED`, an org id no organisation can have, and the org asked for is `pendingOrgId`: every rule that
compares an org with the caller's or the profile's (`orgId`) denies them by default, whichever hub it is in,
and nothing counts them in the org (people index, gap counters, leaderboards) until they are approved."""

from __future__ import annotations

from typing import Literal

from karmayogi.platform import clock, db, keys

Membership = Literal["ACTIVE", "PENDING", "REJECTED"]
ACTIVE: Membership = "ACTIVE"
PENDING: Membership = "PENDING"
REJECTED: Membership = "REJECTED"
# The org of an account that belongs to none (yet): reserved, never the id of a real organisation.
UNAFFILIATED = "unaffiliated"


def profile_item(
    *,
    user_id: str,
    employee_id: str,
    name: str,
    email: str,
    mobile: str,
    org_id: str,
    designation_id: str,
    designation: str,
    roles: list[str],
    membership: Membership = ACTIVE,
) -> db.Item:
    """A new account's profile; `org_id` is the org chosen at registration, which a PENDING member only
    asks to join (`pendingOrgId`, listed for the org's MDO admins)."""
    now = clock.now_iso()
    pending = membership == PENDING
    item: db.Item = {
        "PK": keys.user_pk(user_id),
        "SK": keys.PROFILE_SK,
        "entityType": "UserProfile",
        "userId": user_id,
        "employeeId": employee_id,
        "name": name,
        "email": email,
        "mobile": mobile,
        "orgId": UNAFFILIATED if pending else org_id,
        "membership": membership,
        "designationId": designation_id,
        "designation": designation,
        "roles": sorted(set(roles)),
        "profileComplete": False,
        "karmaPoints": 0,
        "version": 1,
        "createdAt": now,
        "updatedAt": now,
        # The users of an org, by name (org administration, people search within an org); a pending member
        # is listed with the org's pending members instead.
        "GSI1PK": keys.org_pending_members_gsi(org_id) if pending else keys.org_users_gsi(org_id),
        "GSI1SK": name_sort_key(name, user_id),
    }
    if pending:
        item["pendingOrgId"] = org_id
    return item


def is_member(profile: db.Item | None) -> bool:
    """The profile belongs to its `orgId` (accounts made before memberships had a status are members)."""
    if not profile:
        return False
    return profile.get("membership", ACTIVE) == ACTIVE and profile.get("orgId") not in (None, "", UNAFFILIATED)


def name_sort_key(name: str, user_id: str) -> str:
    """The profile's sort key among its org's users (GSI1SK): by name, then id. A name change rewrites it."""
    return f"{keys.normalize(name)}#{user_id}"


def get_profile(user_id: str) -> db.Item | None:
    return db.get(keys.user_pk(user_id), keys.PROFILE_SK)


def get_profiles(user_ids: list[str]) -> dict[str, db.Item]:
    items = db.batch_get([(keys.user_pk(u), keys.PROFILE_SK) for u in user_ids])
    return {item["userId"]: item for item in items}
