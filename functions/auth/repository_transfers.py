"""Transfers of officers between orgs (docs/data-model.md, "Auth hub"): the request, listed for the org the
officer moves to (incoming) and the org they leave (outgoing), and the move itself in one transaction.

Failed conditions come through as `db.ConditionFailed` naming the operation: `TRANSFER` (not pending any
more), `repository_accounts.PROFILE` (the profile is no longer what the decision was made on: moved,
changed, or with a transfer of its own already), `repository_accounts.SUMMARY` (the passbook changed)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from boto3.dynamodb.conditions import Key

from functions.auth.repository import commit
from functions.auth.repository_accounts import PROFILE, passbook_ops
from karmayogi.domain import people_index
from karmayogi.platform import db, keys

TRANSFER = "transfer"
SK = "META"
PENDING, ACCEPTED, REJECTED, CANCELLED = "PENDING", "ACCEPTED", "REJECTED", "CANCELLED"


def transfer_key(transfer_id: str) -> tuple[str, str]:
    return f"TRANSFER#{transfer_id}", SK


def incoming_gsi(org_id: str, status: str) -> str:
    return f"ORG#{org_id}#TRANSFERS#IN#{status}"


def outgoing_gsi(org_id: str, status: str) -> str:
    return f"ORG#{org_id}#TRANSFERS#OUT#{status}"


def _indexed(item: db.Item, status: str) -> db.Item:
    sort_key = f"{item['requestedAt']}#{item['transferId']}"
    return {**item, "status": status, "GSI1PK": incoming_gsi(item["toOrgId"], status), "GSI1SK": sort_key,
            "GSI2PK": outgoing_gsi(item["fromOrgId"], status), "GSI2SK": sort_key}


def request_transfer(item: db.Item, profile: db.Item) -> None:
    """The transfer (PENDING) and the profile marked with it (`PROFILE`: at the version read, in the org the
    transfer leaves, with no transfer pending already), in one transaction: one move at a time."""
    pk, sk = transfer_key(item["transferId"])
    stored = _indexed({**item, "PK": pk, "SK": sk, "entityType": "Transfer"}, PENDING)
    mark = db.update_op(
        profile["PK"], profile["SK"], "SET #t = :t, #v = #v + :one",
        condition="#v = :version AND #org = :from AND attribute_not_exists(#t)",
        names={"#t": "pendingTransferId", "#v": "version", "#org": "orgId"},
        values={":t": item["transferId"], ":one": 1, ":version": int(profile["version"]), ":from": item["fromOrgId"]},
        name=PROFILE)
    commit([db.put_op(stored, condition="attribute_not_exists(PK)", name=TRANSFER), mark])


def get_transfer(transfer_id: str) -> db.Item | None:
    return db.get(*transfer_key(transfer_id), consistent=True)


def list_transfers(org_id: str, direction: str, status: str, limit: int, cursor: str | None) -> db.Page:
    if direction == "incoming":
        condition, index = Key("GSI1PK").eq(incoming_gsi(org_id, status)), keys.GSI1
    else:
        condition, index = Key("GSI2PK").eq(outgoing_gsi(org_id, status)), keys.GSI2
    return db.query_page(condition, index=index, scope=f"transfers:{org_id}:{direction}:{status}", limit=limit,
                         cursor=cursor, forward=False)


def _close_op(transfer: db.Item, status: str, decision: dict[str, Any]) -> db.Item:
    closed = _indexed({**transfer, **decision}, status)
    return db.put_op(closed, condition="#s = :pending", names={"#s": "status"}, values={":pending": PENDING},
                     name=TRANSFER)


def _clear_mark_op(profile: db.Item, transfer_id: str, changes: dict[str, Any]) -> db.Item:
    names = {"#t": "pendingTransferId", "#v": "version"}
    values: dict[str, Any] = {":t": transfer_id, ":one": 1, ":version": int(profile["version"])}
    sets = ["#v = #v + :one"]
    for position, (field, value) in enumerate(changes.items()):
        names[f"#f{position}"] = field
        values[f":v{position}"] = value
        sets.append(f"#f{position} = :v{position}")
    return db.update_op(profile["PK"], profile["SK"], "SET " + ", ".join(sets) + " REMOVE #t",
                        condition="#t = :t AND #v = :version", names=names, values=values, name=PROFILE)


def close(transfer: db.Item, profile: db.Item, status: str, decision: dict[str, Any], *,
          profile_changes: dict[str, Any] | None = None, counted_ops: Sequence[db.Item] = (),
          extra_ops: Sequence[db.Item] = ()) -> db.Item:
    """Accept, refuse or cancel, in ONE transaction: the transfer (`TRANSFER`: while pending), the profile
    (`PROFILE`: while marked with this transfer, at the version read; with `profile_changes`, the move, and its people-index items),
    the passbook moving the officer's counts (`SUMMARY`) and `extra_ops` (the notice, the tokens' revocation).
    Returns the profile as written."""
    changes = profile_changes or {}
    new_profile = {key: value for key, value in {**profile, **changes}.items() if key != "pendingTransferId"}
    operations = [_close_op(transfer, status, decision), _clear_mark_op(profile, transfer["transferId"], changes)]
    if changes:
        operations.extend(people_index.rewrite_ops(profile, new_profile))
    operations.extend(passbook_ops(counted_ops))
    operations.extend(extra_ops)
    commit(operations)
    new_profile["version"] = int(profile["version"]) + 1
    return new_profile
