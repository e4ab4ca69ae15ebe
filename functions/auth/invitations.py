"""Invitations of a bulk import: sent paced, redeemed by the invitee.

Sending (`send`): each invitation gets a code (12 characters of an alphabet without look-alikes, 60 bits; only
its hash is kept, as a pointer to the invitation) and goes by email and SMS. The SMS text carries no link:
India's DLT rules let operators deliver only registered texts, with URLs whitelisted one by one, so the invitee
opens Karmayogi, chooses "I have an invitation" and types the code. Sends are paced (`INVITATION_SEND_RATE`
per second per sender, under SES's and SNS's account rate limits: docs/runbook.md) and count against the day's
SMS budget; an SMS the budget refuses leaves the email (`sendStatus` EMAIL_ONLY).

In AWS the import worker queues invitation ids on SQS (INVITATIONS_QUEUE_URL) and this module's `handler` is
the queue's consumer with a small reserved concurrency: the queue absorbs a 100,000-row import, the
concurrency and the pacing keep the sends under the limits. Without a queue (the dev server, tests) `enqueue`
sends at once.

Redeeming (`redeem`): the code starts a registration with the invitation's details (the org and designation the
admin gave, membership ACTIVE); the OTP steps on the email and the mobile and the password follow as for
anyone, and the account's transaction uses the invitation up (once)."""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Sequence
from typing import Any

from functions.auth import membership, repository_imports
from karmayogi.domain import notifications
from karmayogi.platform import aws, db
from karmayogi.platform.errors import AppError, not_found
from karmayogi.platform.observability import logger
from karmayogi.platform.settings import get_settings

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, no 1/I: typed from an SMS
CODE_LENGTH = 12
DEFAULT_SEND_RATE = 10.0  # invitations per second per sender (2 messages each)
SQS_BATCH = 10


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def code_hash(code: str) -> str:
    """The hash a code is found by: the code as typed, without dashes, spaces or case."""
    canonical = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(f"invitation|{canonical}".encode()).hexdigest()


def _send_rate() -> float:
    try:
        return max(0.1, float(get_settings().invitation_send_rate or DEFAULT_SEND_RATE))
    except ValueError:
        return DEFAULT_SEND_RATE


def enqueue(invitation_ids: Sequence[str]) -> None:
    """Hand invitations to the sender: SQS in AWS (batches of 10), else sent now."""
    if not invitation_ids:
        return
    queue_url = get_settings().invitations_queue_url
    if not queue_url:
        send(invitation_ids, paced=False)
        return
    sqs = aws.client("sqs")
    for start in range(0, len(invitation_ids), SQS_BATCH):
        chunk = invitation_ids[start:start + SQS_BATCH]
        sqs.send_message_batch(QueueUrl=queue_url, Entries=[
            {"Id": str(position), "MessageBody": json.dumps({"invitationId": invitation_id})}
            for position, invitation_id in enumerate(chunk)])


def send_one(invitation_id: str) -> str:
    """One invitation: a code, its pointer and the invitation marked sent in one transaction, then the email and
    the SMS. Returns what happened: SENT, EMAIL_ONLY (the SMS budget is spent), or SKIPPED (not waiting)."""
    invitation = repository_imports.get_invitation(invitation_id)
    if invitation is None or invitation.get("status") != "INVITED" or invitation.get("sendStatus") != "QUEUED":
        return "SKIPPED"
    from karmayogi.domain import sms_budget

    code = new_code()
    sms_granted = sms_budget.reserve()
    status = "SENT" if sms_granted else "EMAIL_ONLY"
    try:
        repository_imports.commit(repository_imports.code_ops(invitation, code_hash(code), status))
    except db.ConditionFailed:
        return "SKIPPED"
    language = str(invitation.get("language") or "en")
    params = {"name": invitation["name"], "org": membership.org_name(str(invitation["orgId"]), language), "code": code}
    notifications.send_email(str(invitation["email"]), "INVITATION", language, params)
    if sms_granted:
        notifications.send_sms(str(invitation["mobile"]), "INVITATION", language, params, reserved=True)
    return status


def send(invitation_ids: Sequence[str], *, paced: bool = True) -> dict[str, int]:
    """Send invitations one after another, at most INVITATION_SEND_RATE per second when `paced`."""
    interval = 1.0 / _send_rate() if paced else 0.0
    outcome: dict[str, int] = {}
    for invitation_id in invitation_ids:
        started = time.monotonic()
        result = send_one(invitation_id)
        outcome[result] = outcome.get(result, 0) + 1
        wait = interval - (time.monotonic() - started)
        if wait > 0 and result != "SKIPPED":
            time.sleep(wait)
    logger.info("invitations sent", extra=outcome)
    return outcome


def handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    """The SQS consumer: each record one invitation id; a failed send is reported back alone (partial batch
    response), so SQS retries only it."""
    failures = []
    for record in event.get("Records", []):
        try:
            send([json.loads(record["body"])["invitationId"]])
        except Exception:
            logger.exception("invitation not sent", extra={"messageId": record.get("messageId")})
            failures.append({"itemIdentifier": record.get("messageId")})
    return {"batchItemFailures": failures}


# ---- the invitee --------------------------------------------------------------------------------------------------


def invitation_not_found() -> AppError:
    return not_found("The invitation", code="INVITATION_NOT_FOUND")


def waiting_invitation(code: str) -> db.Item:
    """The invitation a code opens, still waiting and not lapsed (404 INVITATION_NOT_FOUND otherwise: a wrong,
    used, replaced or lapsed code all look alike)."""
    from karmayogi.platform import clock

    invitation = repository_imports.invitation_by_code(code_hash(code))
    if invitation is None or invitation.get("status") != "INVITED" or int(invitation["expiresAt"]) <= clock.epoch_seconds():
        raise invitation_not_found()
    return invitation
