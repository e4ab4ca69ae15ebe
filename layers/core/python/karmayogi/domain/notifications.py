"""Messages to people: email through SES, SMS through SNS, Web Push (karmayogi.domain.push), and in-app
notifications in the table.

Only ids and template names are logged, never addresses or message text (house rule 6, docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from karmayogi.domain import push, sms_budget
from karmayogi.domain.templates import render, render_sms
from karmayogi.platform import aws, clock, db, keys
from karmayogi.platform.observability import logger
from karmayogi.platform.settings import get_settings

IN_APP_TTL_SECONDS = 90 * 24 * 3600
# A stream record is retried for at most a day (the event source's maximum record age): markers outlive it.
EXPIRED_MARKER_TTL_SECONDS = 2 * 24 * 3600

def _ses_client() -> Any:
    return aws.client("ses")


def _sns_client() -> Any:
    return aws.client("sns")


def send_email(to: str, template: str, language: str, params: dict[str, Any]) -> None:
    """Email through SES. An address that bounced or complained is not mailed again: the configuration
    set's suppression list (SuppressionReasons BOUNCES_AND_COMPLAINTS, infra/constructs/notifications.py)
    drops it inside SES, so sending costs no table read on the request path; the dev server's SES stand-in
    honours the platform's own list (`is_suppressed`, kept by functions/events/email_feedback.py) the same way."""
    text = render(template, language, params)
    _ses_client().send_email(
        Source=get_settings().email_sender,
        Destination={"ToAddresses": [to]},
        Message={
            "Subject": {"Data": text.subject, "Charset": "UTF-8"},
            "Body": {"Text": {"Data": text.body, "Charset": "UTF-8"}},
        },
        **({"ConfigurationSetName": get_settings().ses_configuration_set}
           if get_settings().ses_configuration_set else {}),
    )
    logger.info("email sent", extra={"template": template, "language": language})


def sms_attributes(template: str, language: str) -> dict[str, dict[str, str]]:
    """Message attributes of an SMS: sender ID, transactional route, and the DLT entity and template IDs that
    Indian operators require (SNS passes AWS.MM.SMS.EntityId / TemplateId on to them)."""
    settings = get_settings()
    registered = render_sms(template, language, {})[1]

    def string(value: str) -> dict[str, str]:
        return {"DataType": "String", "StringValue": value}

    attributes = {
        "AWS.SNS.SMS.SenderID": string(settings.sms_sender_id),
        "AWS.SNS.SMS.SMSType": string("Transactional"),
    }
    if settings.dlt_entity_id:
        attributes["AWS.MM.SMS.EntityId"] = string(settings.dlt_entity_id)
    if registered.template_id:
        attributes["AWS.MM.SMS.TemplateId"] = string(registered.template_id)
    if not (settings.dlt_entity_id and registered.template_id):
        # Sent all the same (the ILDO route may carry it, or not): docs/runbook.md § 5 registers it.
        logger.warning("sms without its DLT registration", extra={"template": template, "language": language})
    return attributes


def send_sms(to: str, template: str, language: str, params: dict[str, Any], *, reserved: bool | None = None) -> bool:
    """An SMS in the text registered with DLT for the template (templates.SMS_DLT), counted against the
    platform's daily SMS budget (`sms_budget.reserve`). False, and nothing sent, when the budget is spent:
    the caller decides what the person is told (the email goes all the same). A caller that writes before
    sending reserves first (`reserved` is `sms_budget.reserve()`'s answer, taken before its commit), so a
    failure to count leaves nothing written."""
    message, _ = render_sms(template, language, params)
    if not (sms_budget.reserve() if reserved is None else reserved):
        return False
    _sns_client().publish(PhoneNumber=to, Message=message, MessageAttributes=sms_attributes(template, language))
    logger.info("sms sent", extra={"template": template, "language": language})
    return True


# ---- the email suppression list: addresses SES reported as bounced or complaining ---------------------------
def is_suppressed(address: str) -> bool:
    pk, sk = keys.suppression_key(address)
    return db.get(pk, sk) is not None


def suppress(address: str, reason: str, detail: str = "") -> bool:
    """Put an address on the suppression list (a hard bounce or a complaint); the last reason wins. True
    when the address was not on the list before (the first bounce: its owner is told in the app)."""
    pk, sk = keys.suppression_key(address)
    before = db.table().put_item(
        Item={"PK": pk, "SK": sk, "entityType": "SuppressedAddress", "reason": reason, "detail": detail[:200],
              "suppressedAt": clock.to_iso(clock.now())},
        ReturnValues="ALL_OLD")
    return "Attributes" not in before


def _tell_owner(address: str) -> None:
    """The account whose email this is (its uniqueness guard) gets an in-app notice to fix it: mail no
    longer reaches them, and the app is the one channel left that surely does."""
    guard = db.get(*keys.guard_key("EMAIL", address))
    if guard and guard.get("userId"):
        notify_in_app(str(guard["userId"]), "EMAIL_SUPPRESSED", {}, link="/profile")


def unsuppress(address: str) -> None:
    """Take an address off the list (support, after the person fixed their mailbox: docs/runbook.md)."""
    pk, sk = keys.suppression_key(address)
    db.table().delete_item(Key={"PK": pk, "SK": sk})


def record_ses_feedback(notification: dict[str, Any]) -> list[str]:
    """An SES event (through the configuration set's SNS topic): permanent bounces and complaints put
    their recipients on the suppression list; transient bounces and deliveries do nothing. Returns the
    reason for each address suppressed (never the addresses: they are not logged)."""
    kind = notification.get("eventType") or notification.get("notificationType") or ""
    reasons: list[str] = []
    if kind == "Bounce":
        bounce = notification.get("bounce") or {}
        if bounce.get("bounceType") != "Permanent":
            return reasons
        for recipient in bounce.get("bouncedRecipients") or []:
            if suppress(recipient["emailAddress"], "BOUNCE", str(bounce.get("bounceSubType", ""))):
                _tell_owner(recipient["emailAddress"])
            reasons.append("BOUNCE")
    elif kind == "Complaint":
        complaint = notification.get("complaint") or {}
        for recipient in complaint.get("complainedRecipients") or []:
            if suppress(recipient["emailAddress"], "COMPLAINT", str(complaint.get("complaintFeedbackType", ""))):
                _tell_owner(recipient["emailAddress"])
            reasons.append("COMPLAINT")
    return reasons


def in_app_ops(user_id: str, template: str, params: dict[str, Any], link: str | None = None) -> list[dict[str, Any]]:
    """Transaction operations that store an in-app notification and bump the unread counter.

    The text is rendered when listed, in the reader's language; unread notifications carry the sparse
    GSI1 key that the unread list queries; the item expires after 90 days."""
    notification_id = keys.new_id()
    pk, sk = keys.notification_key(user_id, notification_id)
    now = clock.now()
    item = {
        "PK": pk,
        "SK": sk,
        "entityType": "Notification",
        "id": notification_id,
        "userId": user_id,
        "template": template,
        "params": {k: str(v) for k, v in params.items()},
        "link": link,
        "read": False,
        "createdAt": clock.to_iso(now),
        "expiresAt": int(now.timestamp()) + IN_APP_TTL_SECONDS,
        "GSI1PK": keys.unread_notifications_gsi(user_id),
        "GSI1SK": sk,
    }
    counter_pk, counter_sk = keys.unread_counter_key(user_id)
    return [
        db.put_op(item),
        db.update_op(counter_pk, counter_sk, "ADD unread :one SET entityType = :type",
                     values={":one": 1, ":type": "UnreadCounter"}),
    ]


def forget_expired_unread(user_id: str, notification_id: str) -> bool:
    """An unread notification was deleted by the table's TTL: take it off the unread counter, once.

    One transaction: a marker that this expiry was counted (so a redelivered stream record changes nothing)
    and the decrement, conditioned on the counter being positive. False when there was nothing to do."""
    marker_pk, marker_sk = keys.expired_unread_marker_key(user_id, notification_id)
    counter_pk, counter_sk = keys.unread_counter_key(user_id)
    marker = {"PK": marker_pk, "SK": marker_sk, "entityType": "ExpiredUnreadMarker",
              "expiresAt": int(clock.now().timestamp()) + EXPIRED_MARKER_TTL_SECONDS}
    try:
        db.transact([
            db.put_op(marker, condition="attribute_not_exists(PK)", name="expiry-marker"),
            db.update_op(counter_pk, counter_sk, "ADD unread :minus", condition="unread > :zero",
                         values={":minus": -1, ":zero": 0}, name="unread-counter"),
        ])
    except db.ConditionFailed:  # counted already, or the counter is at zero
        return False
    return True


def notify_in_app(user_id: str, template: str, params: dict[str, Any], link: str | None = None) -> None:
    db.transact(in_app_ops(user_id, template, params, link))


def notify(
    user_id: str,
    template: str,
    params: dict[str, Any],
    *,
    email: str | None = None,
    mobile: str | None = None,
    language: str = "en",
    link: str | None = None,
) -> None:
    """In-app always; email and SMS when an address is given; Web Push to the learner's subscribed devices
    when the template is one of `push.PUSH_KINDS` (karmayogi.domain.push).

    Called after the outcome it reports has committed, so it never raises: a failure on any channel is
    logged, and the request or workflow step that produced the outcome still succeeds (failing it would
    answer 503 for a change that was made, and its retry would be refused). For messages that must arrive
    exactly once, use `in_app_ops` inside the outcome's own transaction, or send markers as reminders do."""
    channels: list[tuple[str, Callable[[], object]]] = [("in_app", lambda: notify_in_app(user_id, template, params, link))]
    if email:
        channels.append(("email", lambda: send_email(email, template, language, params)))
    if mobile:
        channels.append(("sms", lambda: send_sms(mobile, template, language, params)))
    if push.is_pushed(template):
        channels.append(("push", lambda: push.push_to_user(user_id, template, params, link, language)))
    for channel, send in channels:  # each channel on its own: one failing does not silence the others
        try:
            send()
        except Exception:
            logger.exception("notification delivery failed",
                             extra={"template": template, "userId": user_id, "channel": channel})
