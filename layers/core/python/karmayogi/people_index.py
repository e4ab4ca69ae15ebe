"""The people directory's search index (owned by the network hub): the token items that make a user
findable by name prefix. The auth hub writes them with the profile and rewrites them when the name,
org or designation changes."""

from __future__ import annotations

from typing import Any

from karmayogi import db, keys, search

PERSON_SCOPE = "PERSON"


def person_token_items(profile: dict[str, Any]) -> list[db.Item]:
    payload = {
        "userId": profile["userId"],
        "name": profile["name"],
        "orgId": profile["orgId"],
        "designationId": profile.get("designationId"),
        "designation": profile.get("designation"),
    }
    return search.token_items(PERSON_SCOPE, keys.user_pk(profile["userId"]), profile["userId"],
                              profile["name"], payload)
