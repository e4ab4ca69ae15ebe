"""The people directory's index (owned by the network hub): the items that make a user findable by
name prefix and recommendable by org+designation and by competency. The auth hub writes them with the
profile (`person_token_items(profile)`) and rewrites them when the name, org, designation or competency
profile changes (`rewrite_ops(old_profile, new_profile)` gives the transaction operations).

Items, all in the user's partition (PK `USER#<id>`), each with a copy of the public fields a result needs
(never email, mobile or employee id):
- `WORD#<word>` per distinct word of the name: GSI1 `SEARCH#PERSON#<first 2 chars>` / `<word>#<userId>`
  (see karmayogi.domain.search) — people search by name prefix.
- `PAIR#<a>#<b>` per ordered pair of distinct words among the name's first MAX_PAIR_WORDS: GSI1
  `SEARCH#PERSON#P#<a>` / `<b>#<userId>` — "rajesh kum" is one range read among any number of Rajeshes.
- `PEOPLEDIR`: GSI2 `PEOPLE#ORG#<orgId>#DESIG#<designationId>` / `<hash(userId)>#<userId>` — colleagues
  with the same org and designation.
- `PEOPLECOMP#<competencyId>` per competency of the competency profile: GSI3 `PEOPLE#COMP#<competencyId>` /
  `<hash(userId)>#<userId>` — people who share a competency.
The hashed sort keys let a reader start at a random point of a large partition and read a bounded,
unbiased sample."""

from __future__ import annotations

from typing import Any

from karmayogi.domain import profiles, search
from karmayogi.platform import db, keys

PERSON_SCOPE = "PERSON"
MAX_INDEXED_COMPETENCIES = 20
# Names' words that form pairs: 5 words → 20 pair items (and 5 word items). Names in the service records
# rarely have more; a sixth word is still found alone and as a filtered word of a longer query, and a
# rename's transaction (old items deleted, new ones put, plus the directory and competency items) stays
# well under DynamoDB's 100 operations.
MAX_PAIR_WORDS = 5
PUBLIC_FIELDS = ("userId", "name", "orgId", "designationId", "designation")


def public_payload(profile: dict[str, Any]) -> dict[str, Any]:
    """The public fields of a person (what search results and recommendations show)."""
    designation = profile.get("designation") or ""
    return {
        "userId": profile["userId"],
        "name": profile["name"],
        "orgId": profile["orgId"],
        "designationId": profile.get("designationId"),
        "designation": profile.get("designation"),
        "designationNorm": keys.normalize(str(designation)),
    }


def profile_competencies(profile: dict[str, Any]) -> list[tuple[str, int]]:
    """The (competencyId, level) pairs of a profile's competency profile, highest level first.

    Reads `competencyProfile.competencies` (the shape of `PUT /me/competency-profile`) and tolerates
    a profile without one."""
    competency_profile = profile.get("competencyProfile") or {}
    entries = competency_profile.get("competencies") if isinstance(competency_profile, dict) else None
    if entries is None:
        entries = profile.get("competencies") or []
    pairs: dict[str, int] = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and entry.get("competencyId"):
            try:
                level = int(entry.get("level") or 0)
            except (TypeError, ValueError):
                level = 0
            pairs[str(entry["competencyId"])] = max(level, pairs.get(str(entry["competencyId"]), 0))
        elif isinstance(entry, str):
            pairs.setdefault(entry, 0)
    return sorted(pairs.items(), key=lambda pair: (-pair[1], pair[0]))


def person_token_items(profile: dict[str, Any]) -> list[db.Item]:
    """Every index item of a person (word tokens, directory item, competency items); none for an account that
    belongs to no org yet (a pending member is found by nobody until an MDO admin of the org approves) nor
    for a suspended one (found again when restored)."""
    if not profiles.is_member(profile) or profile.get("suspended"):
        return []
    user_id = profile["userId"]
    owner = keys.user_pk(user_id)
    payload = public_payload(profile)
    items = search.token_items(PERSON_SCOPE, owner, user_id, profile["name"], payload,
                              pair_words=MAX_PAIR_WORDS)
    spread = f"{keys.spread_key(user_id)}#{user_id}"
    if profile.get("orgId") and profile.get("designationId"):
        items.append({
            **payload,
            "PK": owner,
            "SK": keys.people_directory_sk(),
            "entityType": "PeopleDirectoryEntry",
            "GSI2PK": keys.people_by_org_designation_gsi(profile["orgId"], profile["designationId"]),
            "GSI2SK": spread,
        })
    for competency_id, level in profile_competencies(profile)[:MAX_INDEXED_COMPETENCIES]:
        items.append({
            **payload,
            "PK": owner,
            "SK": f"PEOPLECOMP#{competency_id}",
            "entityType": "PeopleCompetencyEntry",
            "competencyId": competency_id,
            "level": level,
            "GSI3PK": keys.people_by_competency_gsi(competency_id),
            "GSI3SK": spread,
        })
    return items


def rewrite_ops(old_profile: dict[str, Any] | None, new_profile: dict[str, Any]) -> list[db.Item]:
    """Transaction operations that replace a person's index items: a Delete for every old item that
    has no successor and a Put for every new one (at most one operation per item)."""
    new_items = person_token_items(new_profile)
    new_keys = {(item["PK"], item["SK"]) for item in new_items}
    operations: list[db.Item] = []
    if old_profile is not None:
        for item in person_token_items(old_profile):
            if (item["PK"], item["SK"]) not in new_keys:
                operations.append(db.delete_op(item["PK"], item["SK"]))
    operations.extend(db.put_op(item) for item in new_items)
    return operations
