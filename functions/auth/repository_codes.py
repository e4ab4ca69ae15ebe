"""Registrations, one-time codes and the send counters that limit them (docs/data-model.md, "Auth hub").

Failed conditions come through as `db.ConditionFailed` naming the operation: `CODE` (a code replaced,
used or locked meanwhile), `REGISTRATION` (a registration that exists already, or is no longer pending)
or the name given to a send counter (`send_counter_ops`: that address is at its limit)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from botocore.exceptions import ClientError

from karmayogi.platform import db, keys

CODE = "code"
REGISTRATION = "registration"
PENDING, COMPLETED = "PENDING", "COMPLETED"


# ---- one-time codes -------------------------------------------------------------------------------------


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


def get_otp(purpose: str, subject_id: str, channel: str) -> db.Item | None:
    return db.get(*keys.otp_key(purpose, subject_id, channel), consistent=True)


def code_op(item: db.Item) -> db.Op:
    """Store a code (it replaces the live one of the same purpose, subject and channel, with zero tries)."""
    return db.named(f"{CODE}:{item['channel']}", db.put_op(item))


def store_code(item: db.Item, quota_ops: Sequence[db.Item] = ()) -> None:
    """A new code replaces the live one of the same (purpose, subject, channel), with zero attempts; with
    `quota_ops` (`send_counter_ops`), only if every send counter is below its limit (one transaction)."""
    if not quota_ops:
        db.table().put_item(Item=item)
        return
    db.transact([*quota_ops, code_op(item)])


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


def consume_code_op(otp: db.Item, max_attempts: int) -> db.Op:
    """Delete the code as part of what it authorises (`CODE`): it works once, and only while not locked."""
    return db.named(CODE, db.delete_op(
        otp["PK"],
        otp["SK"],
        condition="codeHash = :hash AND attempts < :max",
        values={":hash": otp["codeHash"], ":max": max_attempts},
    ))


def consume_code(otp: db.Item, max_attempts: int, with_operations: Sequence[db.Item] = ()) -> None:
    """Use the code up, with `with_operations` in the same transaction (`ConditionFailed(CODE)` when it
    was replaced, used or locked meanwhile)."""
    db.transact([consume_code_op(otp, max_attempts), *with_operations])


# ---- send counters --------------------------------------------------------------------------------------


def username_send_address(username: str) -> str:
    """What the password-reset requests of a username are counted under (whether or not it is an account)."""
    return f"forgot:{keys.normalize(username)}"


def send_counter_ops(counters: Sequence[tuple[str, str, str, int, int]]) -> list[db.Op]:
    """Count one message against each (name, address, window, limit, expiresAt): transaction operations,
    each named `name`, that all succeed only if every counter is below its limit (A4)."""
    ops = []
    for name, address, window, limit, expires_at in counters:
        pk, sk = keys.send_limit_key(address, window)
        ops.append(db.named(name, db.update_op(
            pk,
            sk,
            "ADD sent :one SET entityType = :type, expiresAt = if_not_exists(expiresAt, :exp)",
            condition="attribute_not_exists(sent) OR sent < :max",
            values={":one": 1, ":type": "SendCounter", ":exp": expires_at, ":max": limit},
        )))
    return ops


# ---- registrations --------------------------------------------------------------------------------------


def get_registration(registration_id: str) -> db.Item | None:
    return db.get(*keys.registration_key(registration_id), consistent=True)


def registration_lookup(org_id: str, designation_id: str, guards: list[tuple[str, str]], link_id: str | None = None
                        ) -> tuple[db.Item | None, db.Item | None, bool, db.Item | None]:
    """What a registration checks, in one BatchGetItem: the org, the designation, whether any of the
    (kind, value) guards is held by an account already, and the registration link it names (None without)."""
    org_key, designation_key = keys.org_key(org_id), keys.designation_key(designation_id)
    link_key = (keys.registration_link_pk(link_id), "META") if link_id else None
    guard_keys = [keys.guard_key(kind, value) for kind, value in guards]
    wanted = [org_key, designation_key, *guard_keys, *([link_key] if link_key else [])]
    found = {(i["PK"], i["SK"]): i for i in db.batch_get(wanted)}
    link = found.get(link_key) if link_key else None
    return found.get(org_key), found.get(designation_key), any(k in found for k in guard_keys), link


def registration_and_otp(registration_id: str, channel: str) -> tuple[db.Item | None, db.Item | None]:
    """A registration and its code for `channel`, strongly consistent, in one BatchGetItem."""
    registration_key = keys.registration_key(registration_id)
    otp_key = keys.otp_key("REGISTER", registration_id, channel)
    found = {(i["PK"], i["SK"]): i for i in db.batch_get([registration_key, otp_key], consistent=True)}
    return found.get(registration_key), found.get(otp_key)


def start_registration(registration: dict[str, Any], otps: list[db.Item], quota_ops: Sequence[db.Item] = ()) -> None:
    """The registration (PENDING, `REGISTRATION`: must not exist) and its codes, counted against the
    addresses' send limits (`quota_ops`), in one transaction."""
    pk, sk = keys.registration_key(registration["registrationId"])
    item = {**registration, "PK": pk, "SK": sk, "entityType": "Registration", "status": PENDING}
    db.transact([*quota_ops, db.put_op(item, condition="attribute_not_exists(PK)", name=REGISTRATION),
                 *(code_op(o) for o in otps)])


def mark_channel_verified(registration_id: str, channel: str, otp: db.Item, max_attempts: int) -> None:
    """The code consumed (`CODE`) and the channel marked verified on the still pending registration
    (`REGISTRATION`), in one transaction."""
    pk, sk = keys.registration_key(registration_id)
    db.transact([
        consume_code_op(otp, max_attempts),
        db.update_op(
            pk,
            sk,
            "SET #f = :true",
            condition="#s = :pending",
            names={"#f": f"{channel}Verified", "#s": "status"},
            values={":true": True, ":pending": PENDING},
            name=REGISTRATION,
        ),
    ])


def registration_completed_op(registration_id: str, user_id: str, completed_at: str) -> db.Item:
    """The registration marked COMPLETED, once (`REGISTRATION` when it is no longer pending)."""
    pk, sk = keys.registration_key(registration_id)
    return db.update_op(
        pk,
        sk,
        "SET #s = :done, userId = :u, completedAt = :now",
        condition="#s = :pending",
        names={"#s": "status"},
        values={":done": COMPLETED, ":pending": PENDING, ":u": user_id, ":now": completed_at},
        name=REGISTRATION,
    )
