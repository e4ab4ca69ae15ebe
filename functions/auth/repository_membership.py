"""Org membership's items (docs/data-model.md, "Auth hub"): registration links, and the profile moves of a
membership decision (a pending member approved or rejected).

Failed conditions come through as `db.ConditionFailed` naming the operation: `LINK` (the link is missing,
revoked, expired or used up when an account would take one of its uses), `repository_accounts.PROFILE` (the
profile is no longer what the decision was made on) and the passbook's `SUMMARY`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from boto3.dynamodb.conditions import Key

from functions.auth.repository import commit
from functions.auth.repository_accounts import PROFILE, passbook_ops
from karmayogi.domain import people_index, profiles
from karmayogi.platform import clock, db, keys

LINK = "link"
LINK_SK = "META"
# A link's item stays this long after it stopped working (the org's admins see how it was used), then the
# table's TTL removes it.
LINK_KEPT_SECONDS = 30 * 24 * 3600


def link_key(link_id: str) -> tuple[str, str]:
    return keys.registration_link_pk(link_id), LINK_SK


def link_item(*, link_id: str, org_id: str, created_by: str, expires_at: str, expires_epoch: int,
              max_uses: int) -> db.Item:
    pk, sk = link_key(link_id)
    created_at = clock.now_iso()
    return {
        "PK": pk, "SK": sk, "entityType": "RegistrationLink",
        "linkId": link_id, "orgId": org_id, "createdBy": created_by, "createdAt": created_at,
        "linkExpiresAt": expires_at, "linkExpiresEpoch": expires_epoch,
        "maxUses": max_uses, "uses": 0, "revoked": False,
        "GSI1PK": keys.org_registration_links_gsi(org_id), "GSI1SK": f"{created_at}#{link_id}",
        "expiresAt": expires_epoch + LINK_KEPT_SECONDS,  # the table's TTL attribute
    }


def create_link(item: db.Item) -> None:
    db.transact([db.put_op(item, condition="attribute_not_exists(PK)", name=LINK)])


def get_link(link_id: str, *, consistent: bool = False) -> db.Item | None:
    pk, sk = link_key(link_id)
    return db.get(pk, sk, consistent=consistent)


def list_links(org_id: str, limit: int, cursor: str | None) -> db.Page:
    """An org's registration links, newest first: GSI1 `ORG#<org>#REGLINKS`."""
    return db.query_page(Key("GSI1PK").eq(keys.org_registration_links_gsi(org_id)), index=keys.GSI1,
                         scope=f"registration-links:{org_id}", limit=limit, cursor=cursor, forward=False)


def revoke_link(link_id: str, org_id: str) -> None:
    """The link stops working (`LINK` when it is not the org's)."""
    pk, sk = link_key(link_id)
    db.transact([db.update_op(pk, sk, "SET #revoked = :true", condition="attribute_exists(PK) AND #org = :org",
                              names={"#revoked": "revoked", "#org": "orgId"},
                              values={":true": True, ":org": org_id}, name=LINK)])


def use_link_op(link_id: str, org_id: str) -> db.Item:
    """One use of a link, in the transaction that opens the account: only while the link is the org's, not
    revoked, not expired and not used up (`LINK` otherwise), so no more accounts than `maxUses` ever join."""
    pk, sk = link_key(link_id)
    return db.update_op(
        pk, sk, "SET #uses = #uses + :one",
        condition="#org = :org AND #revoked = :false AND #expires > :now AND #uses < #max",
        names={"#uses": "uses", "#org": "orgId", "#revoked": "revoked", "#expires": "linkExpiresEpoch",
               "#max": "maxUses"},
        values={":one": 1, ":org": org_id, ":false": False, ":now": clock.epoch_seconds()},
        name=LINK,
    )


def list_members(org_id: str, status: str, limit: int, cursor: str | None) -> db.Page:
    """The accounts waiting to join an org (`pending`: GSI1 `ORG#<org>#PENDING`) or refused by it (`rejected`:
    `ORG#<org>#REJECTED`), by name."""
    partition = keys.org_pending_members_gsi(org_id) if status == "pending" else keys.org_rejected_members_gsi(org_id)
    return db.query_page(Key("GSI1PK").eq(partition), index=keys.GSI1, scope=f"members:{org_id}:{status}",
                         limit=limit, cursor=cursor)


def decide_membership(profile: db.Item, changes: dict[str, Any], *, counted_ops: Sequence[db.Item] = (),
                      notice_ops: Sequence[db.Item] = ()) -> db.Item:
    """A pending member approved or rejected, in ONE transaction: the profile (`PROFILE`: only while it is
    still pending for the same org, at the version read), its people-index items (a member is found from
    now on), the passbook counting them in the org (`SUMMARY`) and their notice. Returns the new profile."""
    version = int(profile["version"])
    names = {"#version": "version", "#membership": "membership", "#pendingOrgId": "pendingOrgId"}
    values: dict[str, Any] = {":expected": version, ":one": 1, ":pending": profiles.PENDING,
                              ":org": profile["pendingOrgId"]}
    sets = ["#version = #version + :one"]
    for position, (field, value) in enumerate(changes.items()):
        names[f"#f{position}"] = field
        values[f":v{position}"] = value
        sets.append(f"#f{position} = :v{position}")
    operation = db.update_op(
        profile["PK"], profile["SK"], "SET " + ", ".join(sets) + " REMOVE #pendingOrgId",
        condition="#version = :expected AND #membership = :pending AND #pendingOrgId = :org",
        names=names, values=values, name=PROFILE)
    new_profile = {key: value for key, value in {**profile, **changes}.items() if key != "pendingOrgId"}
    commit([operation, *people_index.rewrite_ops(profile, new_profile), *passbook_ops(counted_ops), *notice_ops])
    new_profile["version"] = version + 1
    return new_profile
