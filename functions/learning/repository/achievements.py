"""What learners earn, as read back: certificates (issued by the completion's transaction,
repository.progress), the karma ledger and the monthly leaderboard (karmayogi.domain.karma writes them)."""

from __future__ import annotations

from boto3.dynamodb.conditions import Key

from karmayogi.domain.karma import LEADERBOARD_INDEX
from karmayogi.platform import db, keys

Item = db.Item


def get_certificate(certificate_id: str) -> Item | None:
    return db.get(*keys.certificate_key(certificate_id))


def user_certificates(user_id: str, limit: int, cursor: str | None) -> db.Page:
    """L11: a learner's certificates, newest first."""
    condition = Key("GSI1PK").eq(keys.user_certificates_gsi(user_id))
    return db.query_page(condition, index=keys.GSI1, scope=f"certificates:{user_id}", limit=limit,
                         cursor=cursor, forward=False)


def karma_ledger(user_id: str, limit: int, cursor: str | None) -> db.Page:
    """L12: a user's karma ledger entries."""
    condition = Key("PK").eq(keys.user_pk(user_id)) & Key("SK").begins_with("KARMA#")
    return db.query_page(condition, scope=f"karma:{user_id}", limit=limit, cursor=cursor)


def leaderboard(org_id: str, month: str, limit: int) -> list[Item]:
    """L13: an org's top learners of a month by karma, from the LEADERBOARD index (highest first)."""
    condition = Key("leaderboardPk").eq(keys.org_leaderboard_gsi(org_id, month))
    return db.query_page(condition, index=LEADERBOARD_INDEX, scope=f"leaderboard:{org_id}:{month}",
                         limit=limit, forward=False).items


def set_certificate_pdf(certificate_id: str, pdf_key: str) -> None:
    """L11a: remember which stored PDF (media bucket key, per template version) a certificate has."""
    db.table().update_item(Key=dict(zip(("PK", "SK"), keys.certificate_key(certificate_id), strict=True)),
                           UpdateExpression="SET pdfKey = :key", ConditionExpression="attribute_exists(PK)",
                           ExpressionAttributeValues={":key": pdf_key})


def revoke_certificate(certificate_id: str, revoked_at: str) -> None:
    """L11b: a certificate revoked (its completion withdrawn or reset); the first revocation's time stays."""
    db.table().update_item(Key=dict(zip(("PK", "SK"), keys.certificate_key(certificate_id), strict=True)),
                           UpdateExpression="SET revokedAt = if_not_exists(revokedAt, :at)",
                           ConditionExpression="attribute_exists(PK)", ExpressionAttributeValues={":at": revoked_at})


def revoke_certificate_op(certificate_id: str, revoked_at: str, revoked_by: str, reason: str) -> Item:
    """L11c: a certificate revoked by an admin (POST /certificates/{id}/revoke), as one conditional update
    for the caller's transaction: when, by whom and why; refused (ConditionFailed "certificate") when it
    does not exist or was revoked before."""
    pk, sk = keys.certificate_key(certificate_id)
    return db.update_op(pk, sk, "SET revokedAt = :at, revokedBy = :by, revokedReason = :reason",
                        condition="attribute_exists(PK) AND attribute_not_exists(revokedAt)",
                        values={":at": revoked_at, ":by": revoked_by, ":reason": reason}, name="certificate")
