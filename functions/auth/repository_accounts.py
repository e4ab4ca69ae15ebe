"""Accounts and the writes to a profile (docs/data-model.md, "Auth hub"): the account's creation, role
and profile changes, a contact swap, the competency profile, and an org's users.

Failed conditions come through as `db.ConditionFailed` naming the operation: `PROFILE` (the profile's
version moved on, or it exists already), `guard:email` / `guard:mobile` / `guard:employeeId` (the detail is
held by another account), `OLD_GUARD` (the address being replaced is held by another account), `SUMMARY`
(the passbook changed meanwhile: read again and retry), `repository_codes.CODE` and `.REGISTRATION`, and
the names of send counters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from boto3.dynamodb.conditions import Key

from functions.auth import repository_codes
from functions.auth.repository import EMAIL, GUARDED_FIELDS, MOBILE, commit, guard_item, guard_name, profile_key
from karmayogi.domain import people_index, profiles
from karmayogi.platform import db, keys

PROFILE = "profile"
OLD_GUARD = "guard:old"
SUMMARY = "summary"
COUNTER = "counter"
MAX_TRANSACTION_ITEMS = 100
# Profile fields the people index copies or is keyed by (karmayogi.domain.people_index).
INDEXED_FIELDS = frozenset({"name", "orgId", "designationId", "designation", "competencyProfile", "suspended"})


def passbook_ops(ops: Sequence[db.Item]) -> list[db.Op]:
    """Name the passbook's summary operations (`passbook.*_ops`): the first is the summary's conditioned
    write (`SUMMARY`), the rest are the gap counters' unconditioned changes."""
    return [db.named(SUMMARY if position == 0 else COUNTER, op) for position, op in enumerate(ops)]


# ---- accounts -------------------------------------------------------------------------------------------


def account_ops(profile: db.Item) -> list[db.Item]:
    """An account's items: the profile (`PROFILE`, must not exist), the three uniqueness guards
    (`guard:<field>`, must be free) and the people-index tokens."""
    ops: list[db.Item] = [db.put_op(profile, condition="attribute_not_exists(PK)", name=PROFILE)]
    for kind, field in GUARDED_FIELDS.items():
        ops.append(db.put_op(guard_item(kind, profile[field], profile["userId"]),
                             condition="attribute_not_exists(PK)", name=guard_name(kind)))
    ops.extend(db.put_op(token) for token in people_index.person_token_items(profile))
    return ops


def create_account(profile: db.Item, registration_id: str, counted_ops: Sequence[db.Item] = (),
                   extra_ops: Sequence[db.Item] = ()) -> None:
    """In ONE transaction: the registration marked COMPLETED (once), the account's items (`account_ops`),
    `counted_ops` (the passbook's counting of the new officer, `passbook.user_joined_ops`) and `extra_ops`
    (a registration link's use). A taken email, mobile or employee id, or a link no longer usable, cancels all
    of it."""
    commit([
        repository_codes.registration_completed_op(registration_id, profile["userId"], profile["createdAt"]),
        *account_ops(profile),
        *passbook_ops(counted_ops),
        *extra_ops,
    ])


# ---- profile writes -------------------------------------------------------------------------------------


def _versioned_profile_op(profile: db.Item, changes: dict[str, Any], version: int) -> db.Item:
    names = {"#version": "version"}
    values: dict[str, Any] = {":expected": version, ":one": 1}
    sets = ["#version = #version + :one"]
    for position, (field, value) in enumerate(changes.items()):
        names[f"#f{position}"] = field
        values[f":v{position}"] = value
        sets.append(f"#f{position} = :v{position}")
    return db.update_op(
        profile["PK"],
        profile["SK"],
        "SET " + ", ".join(sets),
        condition="attribute_exists(PK) AND #version = :expected",
        names=names,
        values=values,
        name=PROFILE,
    )


def _with_sort_key(profile: db.Item, changes: dict[str, Any]) -> dict[str, Any]:
    """The changes plus the org-users sort key when the name changes (the org's users are listed by name)."""
    if "name" in changes:
        return {**changes, "GSI1SK": profiles.name_sort_key(changes["name"], str(profile["userId"]))}
    return changes


def update_profile(profile: db.Item, changes: dict[str, Any], extra_ops: Sequence[db.Item] = ()) -> db.Item:
    """Versioned update of profile fields (A6, `PROFILE` when the version moved on). When a field the
    people index uses changes, the index items are rewritten in the same transaction, as are `extra_ops`."""
    version = int(profile["version"])
    changes = _with_sort_key(profile, changes)
    new_profile = {**profile, **changes}
    ops = [_versioned_profile_op(profile, changes, version), *extra_ops]
    if INDEXED_FIELDS.intersection(changes):
        ops.extend(people_index.rewrite_ops(profile, new_profile))
    commit(ops)
    new_profile["version"] = version + 1
    return new_profile


@dataclass(frozen=True)
class ProfilePatchState:
    """What PATCH /me decides on, read in one consistent BatchGetItem."""

    profile: db.Item | None
    org: db.Item | None  # the org asked for (its email domains), None when not asked for or absent
    designation: db.Item | None  # the designation asked for, None when not asked for or absent
    summary: db.Item | None  # the competency summary, when asked for (None when there is none)
    guard_owners: dict[tuple[str, str], str]  # (kind, value) → the user id holding it, for those held


def profile_patch_state(user_id: str, *, org_id: str | None, designation_id: str | None,
                        guards: Sequence[tuple[str, str]], summary: bool) -> ProfilePatchState:
    """The profile with, in the same consistent BatchGetItem, the org and the designation asked for, the
    (kind, value) uniqueness guards asked for and (`summary`) the user's competency summary."""
    own_key = profile_key(user_id)
    org_key = keys.org_key(org_id) if org_id else None
    designation_key = keys.designation_key(designation_id) if designation_id else None
    summary_key = keys.competency_summary_key(user_id) if summary else None
    guard_keys = {keys.guard_key(kind, value): (kind, value) for kind, value in guards}
    wanted = [k for k in (own_key, org_key, designation_key, summary_key) if k is not None]
    found = {(i["PK"], i["SK"]): i for i in db.batch_get([*wanted, *guard_keys], consistent=True)}
    return ProfilePatchState(
        profile=found.get(own_key),
        org=found.get(org_key) if org_key else None,
        designation=found.get(designation_key) if designation_key else None,
        summary=found.get(summary_key) if summary_key else None,
        guard_owners={pair: str(found[key]["userId"]) for key, pair in guard_keys.items() if key in found},
    )


def patch_profile(profile: db.Item, changes: dict[str, Any], *, request_ops: Sequence[db.Item] = (),
                  quota_ops: Sequence[db.Item] = (), otps: Sequence[db.Item] = ()) -> db.Item:
    """PATCH /me's writes in ONE transaction: the profile's `changes` (`PROFILE`, versioned, with the
    people-index items when a field they use changes; no profile write when `changes` is empty),
    `request_ops` (a designation request and the one it replaces, `repository_designations.request_ops`),
    the send counters of the new contacts' codes (`quota_ops`) and those codes. Any refusal writes
    nothing. Returns the profile as written."""
    operations: list[db.Item] = []
    new_profile = dict(profile)
    if changes:
        changes = _with_sort_key(profile, changes)
        version = int(profile["version"])
        new_profile = {**profile, **changes, "version": version + 1}
        operations.append(_versioned_profile_op(profile, changes, version))
        if INDEXED_FIELDS.intersection(changes):
            operations.extend(people_index.rewrite_ops(profile, {**profile, **changes}))
    operations.extend(request_ops)
    operations.extend(quota_ops)
    operations.extend(repository_codes.code_op(otp) for otp in otps)
    commit(operations)
    return new_profile


def profile_and_otp(user_id: str, purpose: str, channel: str) -> tuple[db.Item | None, db.Item | None]:
    """A profile and one of its user's codes, strongly consistent, in one BatchGetItem."""
    own_key = profile_key(user_id)
    otp_key = keys.otp_key(purpose, user_id, channel)
    found = {(i["PK"], i["SK"]): i for i in db.batch_get([own_key, otp_key], consistent=True)}
    return found.get(own_key), found.get(otp_key)


def change_contact(profile: db.Item, channel: str, new_value: str, otp: db.Item, max_attempts: int,
                   now: str) -> db.Item:
    """Swap an email or mobile (`channel`): the profile (`PROFILE`, versioned), the old guard out
    (`OLD_GUARD` when another account holds it), the new guard in (`guard:<channel>`, must be free) and the
    code consumed (`CODE`), all in one transaction (A8)."""
    kind = EMAIL if channel == "email" else MOBILE
    user_id = profile["userId"]
    old_pk, old_sk = keys.guard_key(kind, profile[channel])
    commit([
        _versioned_profile_op(profile, {channel: new_value, "updatedAt": now}, int(profile["version"])),
        db.delete_op(old_pk, old_sk, condition="attribute_not_exists(PK) OR userId = :u", values={":u": user_id},
                     name=OLD_GUARD),
        db.put_op(guard_item(kind, new_value, user_id), condition="attribute_not_exists(PK)", name=guard_name(kind)),
        repository_codes.consume_code_op(otp, max_attempts),
    ])
    return {**profile, channel: new_value, "updatedAt": now, "version": int(profile["version"]) + 1}


def competency_profile_state(user_id: str, competency_ids: list[str]) -> tuple[db.Item | None, db.Item | None, set[str]]:
    """What saving a competency profile starts from, in one consistent BatchGetItem (A9): the profile,
    the user's competency summary (None when none) and which of `competency_ids` are competencies of
    the framework."""
    own_key = profile_key(user_id)
    summary_key = keys.competency_summary_key(user_id)
    wanted = {keys.competency_key(c): c for c in competency_ids}
    found = {(i["PK"], i["SK"]): i for i in db.batch_get([own_key, summary_key, *wanted], consistent=True)}
    return found.get(own_key), found.get(summary_key), {c for key, c in wanted.items() if key in found}


def save_competency_profile(profile: db.Item, changes: dict[str, Any], summary_ops: list[db.Item],
                            entry_ops: list[db.Item]) -> db.Item:
    """The profile (`PROFILE`, versioned), its people-index items, the passbook's self-declared entries
    and the summary (`SUMMARY`: the passbook changed meanwhile, retry from a fresh read) and gap counters
    they move (`passbook.replace_self_declared_ops`), in one transaction: a failure changes nothing.

    Over DynamoDB's 100 items (many competencies changed at once) the entries go first, in transactions
    of their own, and the rest last: a failure in between answers 503 with the profile unchanged, and
    the retry finds those entries written and finishes."""
    version = int(profile["version"])
    new_profile = {**profile, **changes}
    head = [_versioned_profile_op(profile, changes, version), *passbook_ops(summary_ops)]
    rest = people_index.rewrite_ops(profile, new_profile)
    if len(head) + len(rest) + len(entry_ops) <= MAX_TRANSACTION_ITEMS:
        rest += entry_ops
    else:
        for start in range(0, len(entry_ops), MAX_TRANSACTION_ITEMS):
            commit(entry_ops[start : start + MAX_TRANSACTION_ITEMS])
    commit([*head, *rest])
    new_profile["version"] = version + 1
    return new_profile


# ---- org administration ---------------------------------------------------------------------------------


def list_org_users(org_id: str, limit: int, cursor: str | None, name_prefix: str = "") -> db.Page:
    """The users of an org by name (A10): GSI1 `ORG#<org>#USERS`, those whose normalized name starts with
    `name_prefix` when one is given (GSI1SK `<normalized name>#<userId>`)."""
    condition = Key("GSI1PK").eq(keys.org_users_gsi(org_id))
    if name_prefix:
        condition = condition & Key("GSI1SK").begins_with(name_prefix)
    return db.query_page(
        condition,
        index=keys.GSI1,
        scope=f"org-users:{org_id}:{name_prefix}",
        limit=limit,
        cursor=cursor,
    )
