"""The auth hub's items and access patterns (docs/data-model.md, "Directory" and "Auth hub"): the only
auth code that talks to DynamoDB."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from functions.auth.errors import already_completed, already_registered
from karmayogi.domain import people_index, profiles, search
from karmayogi.platform import db, keys
from karmayogi.platform.errors import AppError, conflict, stale_version

ORG_SEARCH_SCOPE = "ORG"
DESIGNATION_SEARCH_SCOPE = "DESIGNATION"
ALL_ORGS = "ORGS"


# ---- directory ------------------------------------------------------------------------------------------


def org_items(org: dict[str, Any]) -> list[db.Item]:
    """The org item and its search tokens. Sort keys put names in alphabetical order."""
    pk, sk = keys.org_key(org["id"])
    name_key = f"{keys.normalize(org['name'])}#{org['id']}"
    payload = {
        "id": org["id"],
        "name": org["name"],
        "type": org["type"],
        "parentId": org.get("parentId"),
        "emailDomains": list(org["emailDomains"]),
        "nameHi": org.get("nameHi"),
    }
    item: db.Item = {
        **payload,
        "PK": pk,
        "SK": sk,
        "entityType": "Org",
        "GSI1PK": keys.orgs_by_type_gsi(org["type"]),
        "GSI1SK": name_key,
        "GSI3PK": ALL_ORGS,
        "GSI3SK": name_key,
    }
    if org.get("parentId"):
        item["GSI2PK"] = keys.orgs_by_parent_gsi(org["parentId"])
        item["GSI2SK"] = name_key
    return [item, *search.token_items(ORG_SEARCH_SCOPE, pk, org["id"], org["name"], payload)]


def put_orgs(orgs: list[dict[str, Any]]) -> None:
    with db.table().batch_writer() as batch:
        for org in orgs:
            for item in org_items(org):
                batch.put_item(Item=item)


def get_org(org_id: str) -> db.Item | None:
    return db.get(*keys.org_key(org_id))


def list_orgs(org_type: str | None, parent_id: str | None, limit: int, cursor: str | None) -> db.Page:
    if parent_id:
        condition = Key("GSI2PK").eq(keys.orgs_by_parent_gsi(parent_id))
        return db.query_page(condition, index=keys.GSI2, scope=f"orgs:parent:{parent_id}", limit=limit, cursor=cursor)
    if org_type:
        condition = Key("GSI1PK").eq(keys.orgs_by_type_gsi(org_type))
        return db.query_page(condition, index=keys.GSI1, scope=f"orgs:type:{org_type}", limit=limit, cursor=cursor)
    return db.query_page(Key("GSI3PK").eq(ALL_ORGS), index=keys.GSI3, scope="orgs:all", limit=limit, cursor=cursor)


def search_orgs(q: str, limit: int, cursor: str | None) -> db.Page:
    return search.search_page(ORG_SEARCH_SCOPE, q, limit=limit, cursor=cursor)


def put_designations(designations: list[dict[str, Any]]) -> None:
    with db.table().batch_writer() as batch:
        for designation in designations:
            pk, sk = keys.designation_key(designation["id"])
            payload = {"id": designation["id"], "name": designation["name"]}
            batch.put_item(Item={**payload, "PK": pk, "SK": sk, "entityType": "Designation"})
            owner = f"DESIGNATION#{designation['id']}"
            for token in search.token_items(
                DESIGNATION_SEARCH_SCOPE, owner, designation["id"], designation["name"], payload
            ):
                batch.put_item(Item=token)


def list_designations(limit: int, cursor: str | None) -> db.Page:
    pk, _ = keys.designation_key("")
    condition = Key("PK").eq(pk) & Key("SK").begins_with("DESIGNATION#")
    return db.query_page(condition, scope="designations", limit=limit, cursor=cursor)


def search_designations(q: str, limit: int, cursor: str | None) -> db.Page:
    return search.search_page(DESIGNATION_SEARCH_SCOPE, q, limit=limit, cursor=cursor)


def get_designation(designation_id: str) -> db.Item | None:
    return db.get(*keys.designation_key(designation_id))


# ---- uniqueness guards ----------------------------------------------------------------------------------

EMAIL, MOBILE, EMPLOYEE = "EMAIL", "MOBILE", "EMPLOYEE"


def guard_item(kind: str, value: str, user_id: str) -> db.Item:
    pk, sk = keys.guard_key(kind, value)
    return {"PK": pk, "SK": sk, "entityType": "UniqueGuard", "kind": kind, "userId": user_id}


def guard_owner(kind: str, value: str) -> str | None:
    """The user id holding an email, mobile or employee id (A2), or None."""
    item = db.get(*keys.guard_key(kind, value), consistent=True)
    return str(item["userId"]) if item else None


def first_guard_owner(pairs: Sequence[tuple[str, str]]) -> str | None:
    """The user id holding the first of (kind, value) that is held (A2), or None: one strongly consistent
    GetItem, or one BatchGetItem for several."""
    if len(pairs) <= 1:
        return guard_owner(*pairs[0]) if pairs else None
    guard_keys = [keys.guard_key(kind, value) for kind, value in pairs]
    found = {(i["PK"], i["SK"]): i for i in db.batch_get(guard_keys, consistent=True)}
    return next((str(found[key]["userId"]) for key in guard_keys if key in found), None)


def any_guard_taken(pairs: list[tuple[str, str]]) -> bool:
    """Whether any of (kind, value) is held by an account already (A2, one BatchGetItem)."""
    return bool(db.batch_get([keys.guard_key(kind, value) for kind, value in pairs]))


# ---- registrations and OTPs -----------------------------------------------------------------------------


def registration_item(registration: dict[str, Any]) -> db.Item:
    pk, sk = keys.registration_key(registration["registrationId"])
    return {**registration, "PK": pk, "SK": sk, "entityType": "Registration"}


def get_registration(registration_id: str) -> db.Item | None:
    return db.get(*keys.registration_key(registration_id), consistent=True)


def otp_item(
    purpose: str, subject_id: str, channel: str, *, code_hash: str, address: str, created_at: str, expires_at: int
) -> db.Item:
    pk, sk = keys.otp_key(purpose, subject_id, channel)
    return {
        "PK": pk,
        "SK": sk,
        "entityType": "Otp",
        "purpose": purpose,
        "subjectId": subject_id,
        "channel": channel,
        "codeHash": code_hash,
        "attempts": 0,
        "address": address,
        "createdAt": created_at,
        "expiresAt": expires_at,
    }


def put_otp(item: db.Item, quota_ops: Sequence[db.Item] = (),
            on_quota_exceeded: Callable[[int], AppError] | None = None) -> None:
    """A new code replaces the live one of the same (purpose, subject, channel), with zero attempts; with
    `quota_ops`, only if every send counter is below its limit (one transaction)."""
    if not quota_ops:
        db.table().put_item(Item=item)
        return
    db.transact([*quota_ops, db.put_op(item)], on_condition_failed=on_quota_exceeded)


def registration_lookup(org_id: str, designation_id: str, guards: list[tuple[str, str]]
                        ) -> tuple[db.Item | None, db.Item | None, bool]:
    """What a registration checks, in one BatchGetItem: the org, the designation, and whether any of the
    (kind, value) guards is held by an account already."""
    org_key, designation_key = keys.org_key(org_id), keys.designation_key(designation_id)
    guard_keys = [keys.guard_key(kind, value) for kind, value in guards]
    found = {(i["PK"], i["SK"]): i for i in db.batch_get([org_key, designation_key, *guard_keys])}
    return found.get(org_key), found.get(designation_key), any(k in found for k in guard_keys)


def registration_and_otp(registration_id: str, otp_key: tuple[str, str]) -> tuple[db.Item | None, db.Item | None]:
    """A registration and one of its codes, strongly consistent, in one BatchGetItem."""
    registration_key = keys.registration_key(registration_id)
    found = {(i["PK"], i["SK"]): i for i in db.batch_get([registration_key, otp_key], consistent=True)}
    return found.get(registration_key), found.get(otp_key)


def profile_and_otp(user_id: str, otp_key: tuple[str, str]) -> tuple[db.Item | None, db.Item | None]:
    """A profile and one of its user's codes, strongly consistent, in one BatchGetItem."""
    profile_key = (keys.user_pk(user_id), keys.PROFILE_SK)
    found = {(i["PK"], i["SK"]): i for i in db.batch_get([profile_key, otp_key], consistent=True)}
    return found.get(profile_key), found.get(otp_key)


def start_registration(registration: db.Item, otps: list[db.Item], quota_ops: Sequence[db.Item] = (),
                       on_quota_exceeded: Callable[[int], AppError] | None = None) -> None:
    """The registration and its codes, counted against the addresses' send limits, in one transaction."""
    counted = len(quota_ops)

    def refused(index: int) -> AppError:
        if index < counted and on_quota_exceeded is not None:
            return on_quota_exceeded(index)
        return conflict("CONFLICT", "The registration exists already")

    db.transact([*quota_ops, db.put_op(registration, condition="attribute_not_exists(PK)"),
                 *(db.put_op(o) for o in otps)], on_condition_failed=refused)


def get_otp(purpose: str, subject_id: str, channel: str) -> db.Item | None:
    return db.get(*keys.otp_key(purpose, subject_id, channel), consistent=True)


def record_wrong_attempt(otp: db.Item, max_attempts: int) -> int | None:
    """Count one wrong try against this very code; None when the code was replaced or is locked."""
    try:
        response = db.table().update_item(
            Key={"PK": otp["PK"], "SK": otp["SK"]},
            UpdateExpression="ADD attempts :one",
            ConditionExpression="codeHash = :hash AND attempts < :max",
            ExpressionAttributeValues={":one": 1, ":hash": otp["codeHash"], ":max": max_attempts},
            ReturnValues="UPDATED_NEW",
        )
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return None
        raise
    return int(response["Attributes"]["attempts"])


def consume_otp_op(otp: db.Item, max_attempts: int) -> db.Item:
    """Delete the code as part of what it authorises: it works once, and only while not locked."""
    return db.delete_op(
        otp["PK"],
        otp["SK"],
        condition="codeHash = :hash AND attempts < :max",
        values={":hash": otp["codeHash"], ":max": max_attempts},
    )


def consume_otp(otp: db.Item, max_attempts: int, on_failed: AppError) -> None:
    db.transact([consume_otp_op(otp, max_attempts)], on_condition_failed={0: on_failed})


def mark_channel_verified(
    registration_id: str, channel: str, otp: db.Item, max_attempts: int, on_otp_failed: AppError
) -> None:
    pk, sk = keys.registration_key(registration_id)
    field = f"{channel}Verified"
    db.transact(
        [
            consume_otp_op(otp, max_attempts),
            db.update_op(
                pk,
                sk,
                "SET #f = :true",
                condition="#s = :pending",
                names={"#f": field, "#s": "status"},
                values={":true": True, ":pending": "PENDING"},
            ),
        ],
        on_condition_failed={
            0: on_otp_failed,
            1: already_completed(),
        },
    )


def send_quota_ops(counters: list[tuple[str, str, int, int]]) -> list[db.Item]:
    """Count one message against each (address, window, limit, expiresAt): transaction operations that
    all succeed only if every counter is below its limit (A4)."""
    ops = []
    for address, window, limit, expires_at in counters:
        pk, sk = keys.send_limit_key(address, window)
        ops.append(
            db.update_op(
                pk,
                sk,
                "ADD sent :one SET entityType = :type, expiresAt = if_not_exists(expiresAt, :exp)",
                condition="attribute_not_exists(sent) OR sent < :max",
                values={":one": 1, ":type": "SendCounter", ":exp": expires_at, ":max": limit},
            )
        )
    return ops


# ---- accounts -------------------------------------------------------------------------------------------


def create_account(profile: db.Item, registration_id: str | None, counted_ops: Sequence[db.Item] = ()) -> None:
    """In ONE transaction: the registration marked COMPLETED (once), the profile, the three guards, the
    people-index tokens and `counted_ops` (the passbook's counting of the new officer,
    `passbook.user_joined_ops`). A taken email, mobile or employee id cancels all of it."""
    ops: list[db.Item] = []
    errors: dict[int, AppError] = {}
    if registration_id is not None:
        pk, sk = keys.registration_key(registration_id)
        ops.append(
            db.update_op(
                pk,
                sk,
                "SET #s = :done, userId = :u, completedAt = :now",
                condition="#s = :pending",
                names={"#s": "status"},
                values={
                    ":done": "COMPLETED",
                    ":pending": "PENDING",
                    ":u": profile["userId"],
                    ":now": profile["createdAt"],
                },
            )
        )
        errors[0] = already_completed()
    taken = already_registered()
    ops.append(db.put_op(profile, condition="attribute_not_exists(PK)"))
    errors[len(ops) - 1] = taken
    for kind, field in ((EMAIL, "email"), (MOBILE, "mobile"), (EMPLOYEE, "employeeId")):
        ops.append(db.put_op(guard_item(kind, profile[field], profile["userId"]), condition="attribute_not_exists(PK)"))
        errors[len(ops) - 1] = taken
    ops.extend(db.put_op(token) for token in people_index.person_token_items(profile))
    ops.extend(counted_ops)
    db.transact(ops, on_condition_failed=errors)


def get_profile(user_id: str, consistent: bool = False) -> db.Item | None:
    if not consistent:
        return profiles.get_profile(user_id)
    return db.get(keys.user_pk(user_id), keys.PROFILE_SK, consistent=True)


FIRST_LOGIN = "FIRST_LOGIN"
FIRST_LOGIN_CONTEXT = "account"


def get_profile_and_first_login(user_id: str) -> tuple[db.Item | None, bool]:
    """The profile and whether the FIRST_LOGIN karma was credited already (one BatchGetItem, A5)."""
    profile_key = (keys.user_pk(user_id), keys.PROFILE_SK)
    ledger_key = keys.karma_ledger_key(user_id, FIRST_LOGIN, FIRST_LOGIN_CONTEXT)
    found = {(i["PK"], i["SK"]): i for i in db.batch_get([profile_key, ledger_key])}
    return found.get(profile_key), ledger_key in found


# Profile fields the people index copies or is keyed by (karmayogi.domain.people_index).
INDEXED_FIELDS = frozenset({"name", "orgId", "designationId", "designation", "competencyProfile"})


def update_profile(profile: db.Item, changes: dict[str, Any], expected_version: int | None = None) -> db.Item:
    """Versioned update of profile fields (A6). When a field the people index uses changes, the index
    items are rewritten in the same transaction (`people_index.rewrite_ops`). Stale version: 409."""
    version = int(profile["version"]) if expected_version is None else expected_version
    new_profile = {**profile, **changes}
    ops = [_versioned_profile_op(profile, changes, version)]
    if INDEXED_FIELDS.intersection(changes):
        ops.extend(people_index.rewrite_ops(profile, new_profile))
    db.transact(ops, on_condition_failed={0: stale_version()})
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
    profile_key = (keys.user_pk(user_id), keys.PROFILE_SK)
    org_key = keys.org_key(org_id) if org_id else None
    designation_key = keys.designation_key(designation_id) if designation_id else None
    summary_key = keys.competency_summary_key(user_id) if summary else None
    guard_keys = {keys.guard_key(kind, value): (kind, value) for kind, value in guards}
    wanted = [k for k in (profile_key, org_key, designation_key, summary_key) if k is not None]
    found = {(i["PK"], i["SK"]): i for i in db.batch_get([*wanted, *guard_keys], consistent=True)}
    return ProfilePatchState(
        profile=found.get(profile_key),
        org=found.get(org_key) if org_key else None,
        designation=found.get(designation_key) if designation_key else None,
        summary=found.get(summary_key) if summary_key else None,
        guard_owners={pair: str(found[key]["userId"]) for key, pair in guard_keys.items() if key in found},
    )


def patch_profile(profile: db.Item, changes: dict[str, Any], *, counted_ops: Sequence[db.Item] = (),
                  quota_ops: Sequence[db.Item] = (), on_quota_exceeded: Callable[[int], AppError] | None = None,
                  otps: Sequence[db.Item] = ()) -> db.Item:
    """PATCH /me's writes in ONE transaction: the profile's `changes` (versioned, with the people-index
    items when a field they use changes; no profile write when `changes` is empty), `counted_ops` (the
    passbook moving the officer's counts, `passbook.designation_changed_ops`), the send counters of the
    new contacts' codes (`quota_ops`) and those codes. Stale version: 409 VERSION_CONFLICT; the passbook
    changed meanwhile: `SummaryChanged` (read again and retry); a send limit reached: `on_quota_exceeded`
    (429). Any refusal writes nothing. Returns the profile as written."""
    operations: list[db.Item] = []
    errors: dict[int, AppError] = {}
    new_profile = dict(profile)
    if changes:
        version = int(profile["version"])
        new_profile = {**profile, **changes, "version": version + 1}
        errors[0] = stale_version()
        operations.append(_versioned_profile_op(profile, changes, version))
        if INDEXED_FIELDS.intersection(changes):
            operations.extend(people_index.rewrite_ops(profile, {**profile, **changes}))
    if counted_ops:
        errors[len(operations)] = SummaryChanged()
        operations.extend(counted_ops)
    quota_start = len(operations)
    operations.extend(quota_ops)
    operations.extend(db.put_op(otp) for otp in otps)

    def refused(index: int) -> AppError:
        if index in errors:
            return errors[index]
        if on_quota_exceeded is not None and quota_start <= index < quota_start + len(quota_ops):
            return on_quota_exceeded(index - quota_start)
        return conflict("CONFLICT", "The profile changed meanwhile; retry")

    if operations:
        db.transact(operations, on_condition_failed=refused)
    return new_profile


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
    )


def change_contact(
    profile: db.Item,
    kind: str,
    field: str,
    new_value: str,
    otp: db.Item,
    max_attempts: int,
    on_otp_failed: AppError,
    now: str,
) -> db.Item:
    """Swap an email or mobile: the profile (versioned), the old guard out, the new guard in (must be
    free) and the code consumed, all in one transaction (A8)."""
    user_id = profile["userId"]
    old_pk, old_sk = keys.guard_key(kind, profile[field])
    new_guard = guard_item(kind, new_value, user_id)
    ops = [
        _versioned_profile_op(profile, {field: new_value, "updatedAt": now}, int(profile["version"])),
        db.delete_op(old_pk, old_sk, condition="attribute_not_exists(PK) OR userId = :u", values={":u": user_id}),
        db.put_op(new_guard, condition="attribute_not_exists(PK)"),
        consume_otp_op(otp, max_attempts),
    ]
    db.transact(
        ops,
        on_condition_failed={
            0: stale_version(),
            1: conflict("CONFLICT", "The current address is held by another account"),
            2: already_registered(),
            3: on_otp_failed,
        },
    )
    return {**profile, field: new_value, "updatedAt": now, "version": int(profile["version"]) + 1}


MAX_TRANSACTION_ITEMS = 100


class SummaryChanged(AppError):
    """The user's competency summary changed between the read and the write: read again and retry."""

    def __init__(self) -> None:
        super().__init__(409, "SUMMARY_CHANGED", "The passbook changed meanwhile; retry")


def competency_profile_state(user_id: str, competency_ids: list[str]) -> tuple[db.Item | None, db.Item | None, set[str]]:
    """What saving a competency profile starts from, in one consistent BatchGetItem (A9): the profile,
    the user's competency summary (None when none) and which of `competency_ids` are competencies of
    the framework."""
    profile_key = (keys.user_pk(user_id), keys.PROFILE_SK)
    summary_key = keys.competency_summary_key(user_id)
    wanted = {keys.competency_key(c): c for c in competency_ids}
    found = {(i["PK"], i["SK"]): i for i in db.batch_get([profile_key, summary_key, *wanted], consistent=True)}
    return found.get(profile_key), found.get(summary_key), {c for key, c in wanted.items() if key in found}


def save_competency_profile(profile: db.Item, changes: dict[str, Any], summary_ops: list[db.Item],
                            entry_ops: list[db.Item]) -> db.Item:
    """The profile (versioned), its people-index items, the passbook's self-declared entries and the
    summary and gap counters they move (`passbook.replace_self_declared_ops`), in one transaction: a
    failure changes nothing. 409 VERSION_CONFLICT when the profile changed, `SummaryChanged` when the
    passbook did (retry from a fresh read).

    Over DynamoDB's 100 items (many competencies changed at once) the entries go first, in transactions
    of their own, and the rest last: a failure in between answers 503 with the profile unchanged, and
    the retry finds those entries written and finishes."""
    version = int(profile["version"])
    new_profile = {**profile, **changes}
    head = [_versioned_profile_op(profile, changes, version), *summary_ops]
    rest = people_index.rewrite_ops(profile, new_profile)
    if len(head) + len(rest) + len(entry_ops) <= MAX_TRANSACTION_ITEMS:
        rest += entry_ops
    else:
        for start in range(0, len(entry_ops), MAX_TRANSACTION_ITEMS):
            db.transact(entry_ops[start : start + MAX_TRANSACTION_ITEMS])
    failed: dict[int, AppError] = {0: stale_version()}
    if summary_ops:
        failed[1] = SummaryChanged()
    db.transact([*head, *rest], on_condition_failed=failed)
    new_profile["version"] = version + 1
    return new_profile


def list_org_users(org_id: str, limit: int, cursor: str | None) -> db.Page:
    """The users of an org by name (A10): GSI1 `ORG#<org>#USERS`."""
    return db.query_page(
        Key("GSI1PK").eq(keys.org_users_gsi(org_id)),
        index=keys.GSI1,
        scope=f"org-users:{org_id}",
        limit=limit,
        cursor=cursor,
    )
