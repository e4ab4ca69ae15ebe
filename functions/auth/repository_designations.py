"""Designation requests (docs/data-model.md, "Auth hub"): a learner asks for a new designation with
PATCH /me, and an MDO admin of their org approves or rejects it. The profile carries the pending request
(`pendingDesignation`); the request item is listed per org and status on GSI1.

Failed conditions come through as `db.ConditionFailed` naming the operation: `REQUEST` (the request is no
longer pending), `OLD_REQUEST` (the request a new one replaces was decided meanwhile), `PROFILE` (the profile
no longer waits for this request, or its version moved on) and `repository_accounts.SUMMARY` (the passbook
changed meanwhile: read again and retry)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from boto3.dynamodb.conditions import Key

from functions.auth.repository import commit, profile_key
from functions.auth.repository_accounts import PROFILE, passbook_ops
from karmayogi.domain import people_index
from karmayogi.platform import db, keys

REQUEST = "request"
OLD_REQUEST = "request:old"
PENDING, APPROVED, REJECTED, WITHDRAWN, REPLACED = "PENDING", "APPROVED", "REJECTED", "WITHDRAWN", "REPLACED"


def pending_of(profile: db.Item, request_id: str, designation: db.Item, requested_at: str) -> dict[str, Any]:
    """The profile's `pendingDesignation` for a new request."""
    return {"requestId": request_id, "designationId": designation["id"], "designation": designation["name"],
            "requestedAt": requested_at}


def request_ops(profile: db.Item, pending: dict[str, Any] | None) -> list[db.Item]:
    """What PATCH /me adds to its transaction when the learner asks for a designation (`pending`) or
    withdraws the pending request (None): the new request (must not exist) and the one it replaces
    marked REPLACED or WITHDRAWN (`OLD_REQUEST` when it was decided meanwhile)."""
    ops: list[db.Item] = []
    old = profile.get("pendingDesignation")
    if old:
        ops.append(_status_op(old["requestId"], str(profile["orgId"]), old["requestedAt"],
                              REPLACED if pending else WITHDRAWN, {}, name=OLD_REQUEST))
    if pending:
        pk, sk = keys.designation_request_key(pending["requestId"])
        item = {
            "PK": pk, "SK": sk, "entityType": "DesignationRequest", **pending, "status": PENDING,
            "userId": profile["userId"], "orgId": profile["orgId"], "name": profile["name"],
            "employeeId": profile["employeeId"], "currentDesignationId": profile["designationId"],
            "currentDesignation": profile["designation"],
            "GSI1PK": keys.org_designation_requests_gsi(str(profile["orgId"]), PENDING),
            "GSI1SK": f"{pending['requestedAt']}#{pending['requestId']}",
        }
        ops.append(db.put_op(item, condition="attribute_not_exists(PK)", name=REQUEST))
    return ops


def _status_op(request_id: str, org_id: str, requested_at: str, status: str, fields: dict[str, Any], *,
               name: str) -> db.Item:
    pk, sk = keys.designation_request_key(request_id)
    names = {"#s": "status", "#g": "GSI1PK", "#gs": "GSI1SK"}
    values: dict[str, Any] = {":status": status, ":pending": PENDING,
                              ":g": keys.org_designation_requests_gsi(org_id, status),
                              ":gs": f"{requested_at}#{request_id}"}
    sets = ["#s = :status", "#g = :g", "#gs = :gs"]
    for position, (field, value) in enumerate(fields.items()):
        names[f"#f{position}"] = field
        values[f":v{position}"] = value
        sets.append(f"#f{position} = :v{position}")
    return db.update_op(pk, sk, "SET " + ", ".join(sets), condition="#s = :pending", names=names, values=values,
                        name=name)


def get_request(request_id: str) -> db.Item | None:
    return db.get(*keys.designation_request_key(request_id), consistent=True)


def decision_state(user_id: str) -> tuple[db.Item | None, db.Item | None]:
    """The profile and the competency summary (None when none) of the request's learner, consistent,
    in one BatchGetItem."""
    own, summary = profile_key(user_id), keys.competency_summary_key(user_id)
    found = {(i["PK"], i["SK"]): i for i in db.batch_get([own, summary], consistent=True)}
    return found.get(own), found.get(summary)


def _profile_op(profile: db.Item, request_id: str, changes: dict[str, Any]) -> db.Item:
    """The profile's decision write (`PROFILE`): only while it still waits for this request."""
    names = {"#v": "version", "#p": "pendingDesignation", "#r": "requestId"}
    values: dict[str, Any] = {":one": 1, ":rid": request_id, ":none": None}
    sets = ["#v = #v + :one", "#p = :none"]
    for position, (field, value) in enumerate(changes.items()):
        names[f"#f{position}"] = field
        values[f":v{position}"] = value
        sets.append(f"#f{position} = :v{position}")
    return db.update_op(profile["PK"], profile["SK"], "SET " + ", ".join(sets), condition="#p.#r = :rid",
                        names=names, values=values, name=PROFILE)


def decide(request: db.Item, profile: db.Item, status: str, decision: dict[str, Any],
           profile_changes: dict[str, Any], *, counted_ops: Sequence[db.Item] = (),
           notice_ops: Sequence[db.Item] = ()) -> tuple[db.Item, db.Item]:
    """Approve or reject (`status`) in ONE transaction: the request (`REQUEST`, while pending, with the
    `decision` fields), the profile (`PROFILE`: `profile_changes`, the pending request cleared; with the
    people-index items when the designation changes), `counted_ops` (the passbook moving the officer's
    counts: `SUMMARY`) and `notice_ops` (the officer's in-app notice). Returns the request and the profile
    as written."""
    new_profile = {**profile, **profile_changes, "pendingDesignation": None, "version": int(profile["version"]) + 1}
    ops = [
        _status_op(request["requestId"], str(request["orgId"]), request["requestedAt"], status, decision,
                   name=REQUEST),
        _profile_op(profile, request["requestId"], profile_changes),
    ]
    if profile_changes:
        ops.extend(people_index.rewrite_ops(profile, new_profile))
    ops.extend(passbook_ops(counted_ops))
    ops.extend(notice_ops)
    commit(ops)
    return {**request, **decision, "status": status}, new_profile


def list_requests(org_id: str, status: str, limit: int, cursor: str | None) -> db.Page:
    """An org's designation requests in one status, oldest first (A11)."""
    return db.query_page(Key("GSI1PK").eq(keys.org_designation_requests_gsi(org_id, status)), index=keys.GSI1,
                         scope=f"designation-requests:{org_id}:{status}", limit=limit, cursor=cursor)
