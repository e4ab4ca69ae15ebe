"""The user profile item (PK `USER#<id>`, SK `PROFILE`): written by the auth hub, read by every hub for
the caller's org, designation and name. Its shape is defined once, here."""

from __future__ import annotations

from karmayogi.platform import clock, db, keys


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
) -> db.Item:
    now = clock.now_iso()
    return {
        "PK": keys.user_pk(user_id),
        "SK": keys.PROFILE_SK,
        "entityType": "UserProfile",
        "userId": user_id,
        "employeeId": employee_id,
        "name": name,
        "email": email,
        "mobile": mobile,
        "orgId": org_id,
        "designationId": designation_id,
        "designation": designation,
        "roles": sorted(set(roles)),
        "profileComplete": False,
        "karmaPoints": 0,
        "version": 1,
        "createdAt": now,
        "updatedAt": now,
        # The users of an org, by name (org administration, people search within an org).
        "GSI1PK": keys.org_users_gsi(org_id),
        "GSI1SK": name_sort_key(name, user_id),
    }


def name_sort_key(name: str, user_id: str) -> str:
    """The profile's sort key among its org's users (GSI1SK): by name, then id. A name change rewrites it."""
    return f"{keys.normalize(name)}#{user_id}"


def get_profile(user_id: str) -> db.Item | None:
    return db.get(keys.user_pk(user_id), keys.PROFILE_SK)


def get_profiles(user_ids: list[str]) -> dict[str, db.Item]:
    items = db.batch_get([(keys.user_pk(u), keys.PROFILE_SK) for u in user_ids])
    return {item["userId"]: item for item in items}
