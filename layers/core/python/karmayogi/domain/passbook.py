"""The competency passbook: what a user has shown, from which source. Owned by the competency hub;
the auth hub (self-declared profile) and the learning hub (certificates, assessments) write through it.

Entry item: PK `USER#<id>`, SK `PASSBOOK#<competencyId>#<source>#<sourceId>`.

Besides the entries, every write keeps two derived things exact and current, so that nothing ever has
to read every user of an org:

- the user's *competency summary* (PK `USER#<id>`, SK `COMPSUMMARY`): the best level per competency and
  the (org, designation) under which those levels are counted;
- the org *gap counters* (`GAPCOUNT#<org>#<designation>#<shard>` / `COUNTS`): per (org, designation),
  the number of officers and, per competency and level, how many of them hold that competency at
  exactly that best level. "Officers meeting a requirement (C, L)" is the sum over levels >= L, so
  changing a designation's requirements needs no recount.

The summary is the per-user marker that makes the counters exact: every counter change is one
transaction together with a version-conditioned write of the summary, so a user is counted once, in
one place, at one level per competency, however often or concurrently the sync runs.

The profile is the source of truth for the user's org and designation: the auth hub calls
`user_joined` after creating a profile and `designation_changed` after changing its org or designation,
and the sync re-reads the profile (a consistent read), so racing calls converge on the latest profile.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from boto3.dynamodb.conditions import Key

from karmayogi.domain import profiles
from karmayogi.platform import clock, db, keys
from karmayogi.platform.errors import unavailable
from karmayogi.platform.observability import logger

Source = Literal["self", "course", "assessment"]
SOURCES: tuple[str, ...] = ("self", "course", "assessment")
MIN_LEVEL = 1
MAX_LEVEL = 5
OFFICERS = "officers"
MAX_SYNC_ATTEMPTS = 8
# Which entry "wins" a competency when two sources show the same level: a verified source first.
_SOURCE_RANK = {"assessment": 0, "course": 1, "self": 2}
SELF_SOURCE_ID = "profile"
# The name of the summary's version-conditioned write in a transaction (`db.ConditionFailed.reason` when
# the passbook changed meanwhile: read again and retry).
SUMMARY_OP = "passbook:summary"


@dataclass(frozen=True)
class PassbookEntry:
    competency_id: str
    level: int
    source: Source
    source_id: str
    acquired_at: str = ""


def entry_item(user_id: str, entry: PassbookEntry) -> db.Item:
    pk, sk = keys.passbook_entry_key(user_id, entry.competency_id, entry.source, entry.source_id)
    return {
        "PK": pk,
        "SK": sk,
        "entityType": "PassbookEntry",
        "userId": user_id,
        "competencyId": entry.competency_id,
        "level": entry.level,
        "source": entry.source,
        "sourceId": entry.source_id,
        "acquiredAt": entry.acquired_at or clock.now_iso(),
    }


def _check(entry: PassbookEntry) -> None:
    if not MIN_LEVEL <= int(entry.level) <= MAX_LEVEL:
        raise ValueError(f"passbook level must be 1-5, got {entry.level}")
    if entry.source not in SOURCES:
        raise ValueError(f"unknown passbook source {entry.source}")


def entry_ops(user_id: str, entries: list[PassbookEntry]) -> list[db.Item]:
    """Transaction operations that add entries (as `record_competencies` writes them: the same key again
    replaces the entry), for a caller that writes them with its own change. The summary and the gap
    counters are NOT brought up to date here: the caller runs `sync(user_id)` after the commit."""
    for entry in entries:
        _check(entry)
    return [db.put_op(entry_item(user_id, entry)) for entry in entries]


def record_competencies(user_id: str, entries: list[PassbookEntry]) -> None:
    """Add entries to a user's passbook (idempotent per competency, source and source id: the same
    key again replaces the entry), then bring the summary and the org gap counters up to date."""
    if entries:
        db.transact(entry_ops(user_id, entries))
    sync(user_id)


def replace_self_declared(user_id: str, entries: list[PassbookEntry]) -> None:
    """Make the user's self-declared entries exactly `entries` (PUT /me/competency-profile replaces
    the whole profile): entries not declared any more are removed, the rest written as "self"."""
    wanted = _self_entries(entries)
    keep = {keys.passbook_entry_key(user_id, e.competency_id, e.source, e.source_id) for e in wanted}
    existing = [item for item in entries_of(user_id) if item["source"] == "self"]
    with db.table().batch_writer(overwrite_by_pkeys=["PK", "SK"]) as batch:
        for item in existing:
            if (item["PK"], item["SK"]) not in keep:
                batch.delete_item(Key={"PK": item["PK"], "SK": item["SK"]})
        for entry in wanted:
            batch.put_item(Item=entry_item(user_id, entry))
    sync(user_id)


def _self_entries(entries: list[PassbookEntry]) -> list[PassbookEntry]:
    wanted = [PassbookEntry(e.competency_id, e.level, "self", e.source_id or SELF_SOURCE_ID, e.acquired_at)
              for e in entries]
    for entry in wanted:
        _check(entry)
    return wanted


def replace_self_declared_ops(user_id: str, entries: list[PassbookEntry], *, existing: list[db.Item],
                              summary: db.Item | None, membership: tuple[str, str] | None
                              ) -> tuple[list[db.Item], list[db.Item]]:
    """`replace_self_declared` as transaction operations, for a caller that writes them with its own
    change (the competency profile with the profile itself): nothing is written here.

    `existing` is every passbook entry of the user and `summary` the user's summary (None when there is
    none), both read consistently; `membership` the (org, designation) of the profile being written.
    Returns (summary_ops, entry_ops): summary_ops, when the summary or the counters change, start with
    the summary's version-conditioned write — its condition failing means the passbook changed meanwhile
    (read again and retry) — followed by the gap-counter changes; entry_ops delete the self-declared
    entries not declared any more and put the new or changed ones (an unchanged entry keeps its date)."""
    wanted = _self_entries(entries)
    by_key = {(item["PK"], item["SK"]): item for item in existing}
    new_items = {keys.passbook_entry_key(user_id, e.competency_id, e.source, e.source_id): entry_item(user_id, e)
                 for e in wanted}
    entry_ops: list[db.Item] = [db.delete_op(*key) for key, item in by_key.items()
                                if item["source"] == "self" and key not in new_items]
    entry_ops += [db.put_op(item) for key, item in new_items.items()
                  if key not in by_key or int(by_key[key]["level"]) != int(item["level"])]
    levels = best_levels([*(item for item in existing if item["source"] != "self"), *new_items.values()])
    return summary_ops_for(user_id, summary, levels, membership), entry_ops


def summary_ops_for(user_id: str, summary: db.Item | None, levels: dict[str, int],
                    membership: tuple[str, str] | None) -> list[db.Item]:
    """The operations that make the user counted with `levels` under `membership`, given the summary read
    (None when there is none): [] when it says so already; else the summary's version-conditioned write
    first (its condition failing means the passbook changed meanwhile: read again and retry), then the
    gap-counter changes."""
    old_levels, old_membership = _counted(summary)
    if summary is not None and levels == old_levels and membership == old_membership:
        return []
    return [_summary_op(user_id, summary, levels, membership),
            *_counter_ops(user_id, old_membership, old_levels, membership, levels)]


def _counted(summary: db.Item | None) -> tuple[dict[str, int], tuple[str, str] | None]:
    """The levels and the (org, designation) a summary says the user is counted with."""
    levels = {k: int(v) for k, v in ((summary or {}).get("levels") or {}).items()}
    membership: tuple[str, str] | None = None
    if summary and summary.get("countedOrgId") and summary.get("countedDesignationId"):
        membership = (str(summary["countedOrgId"]), str(summary["countedDesignationId"]))
    return levels, membership


def membership_of(profile: db.Item | None) -> tuple[str, str] | None:
    """The (org, designation) under which a profile's levels are counted, if it has both (an account that
    belongs to no org yet, `profiles.UNAFFILIATED`, is counted nowhere)."""
    if profiles.is_member(profile) and profile and profile.get("designationId"):
        return str(profile["orgId"]), str(profile["designationId"])
    return None


def user_joined(user_id: str, org_id: str, designation_id: str) -> None:
    """Count a new officer in their org's gap counters. Call after the profile is written."""
    del org_id, designation_id  # the profile is the source of truth (see the module docstring)
    sync(user_id)


def user_joined_ops(user_id: str, org_id: str, designation_id: str) -> list[db.Item]:
    """`user_joined` as transaction operations, for the transaction that creates the account's profile: a
    new account has no passbook entries and no summary yet, so nothing needs reading. The summary is put
    only if none exists (its condition fails otherwise)."""
    return summary_ops_for(user_id, None, {}, (org_id, designation_id))


def designation_changed(user_id: str, org_id: str, old_designation_id: str | None,
                        new_designation_id: str) -> None:
    """Move an officer's counts to their new designation (or org). Call after the profile is written."""
    del org_id, old_designation_id, new_designation_id  # the profile is the source of truth
    sync(user_id)


def designation_changed_ops(user_id: str, summary: db.Item | None, membership: tuple[str, str] | None, *,
                            existing: list[db.Item] | None = None) -> list[db.Item]:
    """`designation_changed` as transaction operations, for the transaction that writes the profile's new
    org or designation (`membership`, see `membership_of`): the counts the summary (read consistently;
    None when there is none) holds move to the new membership. Without a summary the levels come from
    `existing` (every passbook entry of the user, read consistently). The first operation is the summary's
    version-conditioned write: its condition failing means the passbook changed meanwhile (read again and
    retry). Levels the summary lags behind its entries by are caught up by the user's next sync."""
    if summary is None:
        levels = best_levels(existing or [])
    else:
        levels, _ = _counted(summary)
    return summary_ops_for(user_id, summary, levels, membership)


def user_left(user_id: str) -> None:
    """Stop counting a user (account closed): their counts leave the org's gap counters."""
    _sync(user_id, membership_from_profile=False)


# ---- reading ------------------------------------------------------------------------------------------

def entries_of(user_id: str, *, consistent: bool = False) -> list[db.Item]:
    """Every passbook entry of a user (a bounded collection: competencies and sources)."""
    condition = Key("PK").eq(keys.user_pk(user_id)) & Key("SK").begins_with("PASSBOOK#")
    if consistent:
        items: list[db.Item] = []
        kwargs: dict[str, Any] = {"KeyConditionExpression": condition, "ConsistentRead": True}
        while True:
            response = db.table().query(**kwargs)
            items.extend(db.plain(i) for i in response.get("Items", []))
            if not response.get("LastEvaluatedKey"):
                return items
            kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]
    return db.query_all(condition, max_items=5000)


def winning_entry(entries: Iterable[db.Item]) -> db.Item:
    """The entry that decides a competency's level: the highest level; at equal level a verified source
    (assessment, then course) before a self-declaration; then the earliest."""
    return min(entries, key=lambda e: (-int(e["level"]), _SOURCE_RANK.get(e["source"], 9), e["acquiredAt"]))


def best_levels(entries: Iterable[db.Item]) -> dict[str, int]:
    levels: dict[str, int] = {}
    for entry in entries:
        competency_id = entry["competencyId"]
        levels[competency_id] = max(levels.get(competency_id, 0), int(entry["level"]))
    return levels


def shortfalls(levels: dict[str, int], requirements: dict[str, int]) -> list[tuple[str, int, int]]:
    """(competencyId, requiredLevel, currentLevel) of each requirement not met, the largest shortfall
    first, then by competency id."""
    gaps = [(c, int(required), levels.get(c, 0)) for c, required in requirements.items()
            if levels.get(c, 0) < int(required)]
    return sorted(gaps, key=lambda g: (g[2] - g[1], g[0]))


def current_levels(user_id: str) -> dict[str, int]:
    """The user's best level per competency (from the entries themselves)."""
    return best_levels(entries_of(user_id))


def profile_and_levels(user_id: str) -> tuple[db.Item | None, dict[str, int]]:
    """A user's profile and best level per competency, in one BatchGetItem: the levels from the user's
    competency summary (kept exact with every passbook write), or from the passbook entries themselves when
    the user has no summary yet. What the competency hub's gaps and the career hub's readiness start from."""
    profile_key = (keys.user_pk(user_id), keys.PROFILE_SK)
    summary_key = keys.competency_summary_key(user_id)
    found = {(item["PK"], item["SK"]): item for item in db.batch_get([profile_key, summary_key])}
    summary = found.get(summary_key)
    if summary is None:
        return found.get(profile_key), current_levels(user_id)
    return found.get(profile_key), {c: int(level) for c, level in (summary.get("levels") or {}).items()}


def summaries(user_ids: list[str]) -> dict[str, dict[str, int]]:
    """Best levels of many users at once (one BatchGetItem per 100 users): the summaries."""
    items = db.batch_get([keys.competency_summary_key(u) for u in user_ids])
    found = {item["userId"]: {k: int(v) for k, v in (item.get("levels") or {}).items()} for item in items}
    return {user_id: found.get(user_id, {}) for user_id in user_ids}


def counter_attribute(competency_id: str, level: int) -> str:
    """The gap-counter attribute holding the officers whose best level of a competency is `level`."""
    return f"lv#{competency_id}#{level}"


def shard_of_user(user_id: str) -> int:
    return keys.shard_of(user_id, keys.GAP_COUNTER_SHARDS)


def gap_counter_keys(org_id: str, designation_id: str) -> list[tuple[str, str]]:
    return [keys.gap_counter_key(org_id, designation_id, s) for s in range(keys.GAP_COUNTER_SHARDS)]


def add_counter_items(total: dict[str, int], items: Iterable[db.Item]) -> dict[str, int]:
    """Sum shard items of the gap counters into `total` (attribute → count)."""
    for item in items:
        for name, value in item.items():
            if name == OFFICERS or name.startswith("lv#"):
                total[name] = total.get(name, 0) + int(value)
    return total


def meeting(counts: dict[str, int], competency_id: str, required_level: int) -> int:
    """Officers whose best level of `competency_id` is at least `required_level`."""
    return sum(counts.get(counter_attribute(competency_id, level), 0)
               for level in range(max(MIN_LEVEL, required_level), MAX_LEVEL + 1))


# ---- keeping the summary and the counters exact -------------------------------------------------------

def sync(user_id: str) -> None:
    """Bring the user's summary and the gap counters in line with the passbook and the profile."""
    _sync(user_id, membership_from_profile=True)


def _sync(user_id: str, *, membership_from_profile: bool) -> None:
    summary_pk, summary_sk = keys.competency_summary_key(user_id)
    for _ in range(MAX_SYNC_ATTEMPTS):
        summary = db.get(summary_pk, summary_sk, consistent=True)
        levels = best_levels(entries_of(user_id, consistent=True))
        membership: tuple[str, str] | None = None
        if membership_from_profile:
            membership = membership_of(db.get(keys.user_pk(user_id), keys.PROFILE_SK, consistent=True))
        operations = summary_ops_for(user_id, summary, levels, membership)
        if not operations:
            return
        try:
            db.transact(operations)
            return
        except db.ConditionFailed as failed:
            if failed.reason != SUMMARY_OP:
                raise
            logger.debug("competency summary changed concurrently; retrying", extra={"userId": user_id})
    raise unavailable("The passbook is busy; retry shortly", retry_after=1)


def _summary_op(user_id: str, summary: db.Item | None, levels: dict[str, int],
                membership: tuple[str, str] | None) -> db.Item:
    pk, sk = keys.competency_summary_key(user_id)
    version = int(summary["version"]) if summary else 0
    item: db.Item = {
        "PK": pk,
        "SK": sk,
        "entityType": "CompetencySummary",
        "userId": user_id,
        "levels": levels,
        "countedOrgId": membership[0] if membership else None,
        "countedDesignationId": membership[1] if membership else None,
        "version": version + 1,
        "updatedAt": clock.now_iso(),
    }
    if summary is None:
        return db.put_op(item, condition="attribute_not_exists(PK)", name=SUMMARY_OP)
    return db.put_op(item, condition="#v = :v", names={"#v": "version"}, values={":v": version}, name=SUMMARY_OP)


def _counter_ops(user_id: str, old_membership: tuple[str, str] | None, old_levels: dict[str, int],
                 new_membership: tuple[str, str] | None, new_levels: dict[str, int]) -> list[db.Item]:
    deltas: dict[tuple[str, str], dict[str, int]] = {}

    def add(membership: tuple[str, str] | None, attribute: str, amount: int) -> None:
        if membership is None:
            return
        bucket = deltas.setdefault(membership, {})
        bucket[attribute] = bucket.get(attribute, 0) + amount

    add(old_membership, OFFICERS, -1)
    for competency_id, level in old_levels.items():
        add(old_membership, counter_attribute(competency_id, level), -1)
    add(new_membership, OFFICERS, 1)
    for competency_id, level in new_levels.items():
        add(new_membership, counter_attribute(competency_id, level), 1)

    shard = shard_of_user(user_id)
    operations = []
    for (org_id, designation_id), raw_changes in deltas.items():
        changes = {name: amount for name, amount in raw_changes.items() if amount}
        if not changes:
            continue
        names = {"#t": "entityType", "#o": "orgId", "#d": "designationId"}
        values: dict[str, Any] = {":t": "GapCounter", ":o": org_id, ":d": designation_id}
        adds = []
        for position, (name, amount) in enumerate(sorted(changes.items())):
            names[f"#a{position}"] = name
            values[f":a{position}"] = amount
            adds.append(f"#a{position} :a{position}")
        pk, sk = keys.gap_counter_key(org_id, designation_id, shard)
        operations.append(db.update_op(pk, sk, "SET #t = :t, #o = :o, #d = :d ADD " + ", ".join(adds),
                                       names=names, values=values))
    return operations
