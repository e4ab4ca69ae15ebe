"""Bulk imports of employees and the invitations they make (docs/data-model.md, "Auth hub"): the import with
its counters and its rejected rows, the guards that keep a row from counting twice within a file, and the
invitation of each accepted row with the guard that keeps a person from being invited twice by an org.

Failed conditions come through as `db.ConditionFailed` naming the operation: `SEEN` (an earlier row of the file
had the employee id, email or mobile), `INVITED` (the org invited this email already), `IMPORT` (the import is
not in the status the change expects)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from typing import Any

from boto3.dynamodb.conditions import Key

from karmayogi.platform import clock, db, keys

IMPORT, SEEN, INVITED, INVITATION = "import", "seen", "invited", "invitation"
META = "META"
# What an import, its rows and its invitations keep: the rejected rows stay downloadable this long.
KEPT_SECONDS = 30 * 24 * 3600
INVITATION_SECONDS = 14 * 24 * 3600


def import_key(import_id: str) -> tuple[str, str]:
    return f"IMPORT#{import_id}", META


def org_imports_gsi(org_id: str) -> str:
    return f"ORG#{org_id}#IMPORTS"


def new_import(item: db.Item) -> None:
    pk, sk = import_key(item["importId"])
    stored = {**item, "PK": pk, "SK": sk, "entityType": "Import", "GSI1PK": org_imports_gsi(item["orgId"]),
              "GSI1SK": f"{item['createdAt']}#{item['importId']}", "expiresAt": clock.epoch_seconds() + KEPT_SECONDS}
    db.transact([db.put_op(stored, condition="attribute_not_exists(PK)", name=IMPORT)])


def get_import(import_id: str, *, consistent: bool = False) -> db.Item | None:
    return db.get(*import_key(import_id), consistent=consistent)


def list_imports(org_id: str, limit: int, cursor: str | None) -> db.Page:
    return db.query_page(Key("GSI1PK").eq(org_imports_gsi(org_id)), index=keys.GSI1, scope=f"imports:{org_id}",
                         limit=limit, cursor=cursor, forward=False)


def move(import_id: str, from_statuses: Sequence[str], status: str, fields: dict[str, Any] | None = None) -> None:
    """The import to `status` (with `fields`), only from one of `from_statuses` (`IMPORT` otherwise)."""
    names = {"#s": "status"}
    values: dict[str, Any] = {":status": status}
    sets = ["#s = :status"]
    for position, (field, value) in enumerate((fields or {}).items()):
        names[f"#f{position}"] = field
        values[f":v{position}"] = value
        sets.append(f"#f{position} = :v{position}")
    allowed = []
    for position, old in enumerate(from_statuses):
        values[f":from{position}"] = old
        allowed.append(f"#s = :from{position}")
    db.transact([db.update_op(*import_key(import_id), "SET " + ", ".join(sets), condition=" OR ".join(allowed),
                              names=names, values=values, name=IMPORT)])


def add_counts(import_id: str, *, processed: int, invited: int, rejected: int) -> None:
    """The counters of a batch (one UpdateItem per batch: batches run in parallel, ADD adds)."""
    pk, sk = import_key(import_id)
    db.table().update_item(Key={"PK": pk, "SK": sk}, UpdateExpression="ADD #p :p, #i :i, #r :r",
                           ExpressionAttributeNames={"#p": "processed", "#i": "invited", "#r": "rejected"},
                           ExpressionAttributeValues={":p": processed, ":i": invited, ":r": rejected})


def put_rejections(import_id: str, rejections: Sequence[dict[str, Any]]) -> None:
    """The rejected rows of a batch (BatchWriteItem), keyed by row number: a batch run again rewrites them."""
    pk, _ = import_key(import_id)
    expires = clock.epoch_seconds() + KEPT_SECONDS
    with db.table().batch_writer(overwrite_by_pkeys=["PK", "SK"]) as batch:
        for rejection in rejections:
            batch.put_item(Item={**rejection, "PK": pk, "SK": f"REJECT#{int(rejection['row']):07d}",
                                 "entityType": "ImportRejection", "expiresAt": expires})


def rejections(import_id: str, page_size: int = 500) -> Iterator[db.Item]:
    """The rejected rows in row order, page by page (the export streams them)."""
    pk, _ = import_key(import_id)
    condition = Key("PK").eq(pk) & Key("SK").begins_with("REJECT#")
    cursor: str | None = None
    while True:
        page = db.query_page(condition, scope=f"import-rejections:{import_id}", limit=page_size, cursor=cursor)
        yield from page.items
        if not page.next_cursor:
            return
        cursor = page.next_cursor


def _hashed(value: str) -> str:
    return hashlib.sha256(keys.normalize(value).encode()).hexdigest()[:32]


def seen_op(import_id: str, kind: str, value: str, row: int) -> db.Item:
    """The first row of the file with this employee id / email / mobile (`SEEN` when an earlier one had it)."""
    pk, _ = import_key(import_id)
    return db.put_op({"PK": pk, "SK": f"SEEN#{kind}#{_hashed(value)}", "entityType": "ImportSeen", "row": row,
                      "expiresAt": clock.epoch_seconds() + KEPT_SECONDS},
                     condition="attribute_not_exists(PK)", name=SEEN)


def invitation_key(invitation_id: str) -> tuple[str, str]:
    return f"INVITATION#{invitation_id}", META


def invitation_code_key(code_hash: str) -> tuple[str, str]:
    return f"INVITECODE#{code_hash}", META


def invited_guard_key(org_id: str, email: str) -> tuple[str, str]:
    return f"INVITED#{org_id}#{_hashed(email)}", "GUARD"


def invitation_ops(invitation: db.Item) -> list[db.Item]:
    """The invitation (QUEUED for the sender; no code yet) and the org's guard on the email (`INVITED`: this org
    invited the person already, and that invitation has not lapsed)."""
    expires = clock.epoch_seconds() + INVITATION_SECONDS
    pk, sk = invitation_key(invitation["invitationId"])
    guard_pk, guard_sk = invited_guard_key(invitation["orgId"], invitation["email"])
    return [
        db.put_op({"PK": guard_pk, "SK": guard_sk, "entityType": "InvitedGuard",
                   "invitationId": invitation["invitationId"], "expiresAt": expires},
                  condition="attribute_not_exists(PK)", name=INVITED),
        db.put_op({**invitation, "PK": pk, "SK": sk, "entityType": "Invitation", "status": "INVITED",
                   "sendStatus": "QUEUED", "expiresAt": expires}, condition="attribute_not_exists(PK)", name=INVITATION),
    ]


def get_invitation(invitation_id: str) -> db.Item | None:
    return db.get(*invitation_key(invitation_id), consistent=True)


def code_ops(invitation: db.Item, code_hash: str, send_status: str) -> list[db.Item]:
    """The code the sender made (only its hash is kept: a pointer to the invitation) and the invitation marked
    sent with it; a code sent again replaces the pointer of the one before (`INVITATION`: no longer waiting)."""
    pointer_pk, pointer_sk = invitation_code_key(code_hash)
    operations = [
        db.put_op({"PK": pointer_pk, "SK": pointer_sk, "entityType": "InvitationCode",
                   "invitationId": invitation["invitationId"], "expiresAt": invitation["expiresAt"]},
                  condition="attribute_not_exists(PK)"),
        db.update_op(*invitation_key(invitation["invitationId"]), "SET #h = :h, #s = :sent, #at = :now",
                     condition="#status = :invited", names={"#h": "codeHash", "#s": "sendStatus", "#at": "sentAt",
                                                            "#status": "status"},
                     values={":h": code_hash, ":sent": send_status, ":now": clock.now_iso(), ":invited": "INVITED"},
                     name=INVITATION),
    ]
    if invitation.get("codeHash"):
        operations.append(db.delete_op(*invitation_code_key(str(invitation["codeHash"]))))
    return operations


def invitation_by_code(code_hash: str) -> db.Item | None:
    """The invitation a code opens (the pointer, then the invitation: both consistent), if it still waits and
    the code is its current one."""
    pointer = db.get(*invitation_code_key(code_hash), consistent=True)
    if pointer is None:
        return None
    invitation = get_invitation(str(pointer["invitationId"]))
    if invitation is None or invitation.get("codeHash") != code_hash:
        return None
    return invitation


def accept_invitation_op(invitation_id: str) -> db.Item:
    """The invitation used, in the transaction that opens its account (`INVITATION`: used or lapsed already)."""
    return db.update_op(*invitation_key(invitation_id), "SET #s = :accepted",
                        condition="#s = :invited AND #e > :now", names={"#s": "status", "#e": "expiresAt"},
                        values={":accepted": "ACCEPTED", ":invited": "INVITED", ":now": clock.epoch_seconds()},
                        name=INVITATION)


def commit(operations: Sequence[db.Item]) -> None:
    db.transact(operations)
