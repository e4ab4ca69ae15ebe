"""Web Push: the third channel beside email and SMS, to the devices a learner subscribed (owner: events).

The events hub's routes keep a learner's subscriptions (functions/events/push_subscriptions.py); this module
defines their items, reads them and sends to them, so that every hub that tells a learner something of the
kinds in `PUSH_KINDS` (below) (event reminders, plan due dates, approvals) pushes it the same way:

- the message is `{"title", "body", "url", "kind"}` as JSON (the in-app notice's subject and body in the
  learner's language, the page it links to), at most MAX_PAYLOAD_BYTES, encrypted for the subscription
  (RFC 8291, aes128gcm) and signed with the platform's VAPID key (RFC 8292) by `pywebpush`;
- the push service's answer decides: 2xx sent; 404/410 the subscription is gone (the browser dropped it),
  so its item is deleted here (the expired-subscription clean-up); 429, 5xx or no answer may pass, so the
  caller may try again later (the reminders do, with their markers); any other 4xx is refused for good.

Only ids, kinds and statuses are logged, never endpoints or message text (house rule 6)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from karmayogi.domain.templates import render
from karmayogi.platform import clock, db, keys
from karmayogi.platform.observability import logger
from karmayogi.platform.settings import get_settings

MAX_SUBSCRIPTIONS_PER_USER = 10
MAX_PAYLOAD_BYTES = 3072  # what the push services take is 4 KB of ciphertext; this leaves room for the framing
TIMEOUT_SECONDS = 5.0  # one push service's answer, off the request path (reminders, workflow steps)
# What a write route may spend pushing after its commit, whatever the number of people told (a plan published
# to fifty): after it the rest are dropped (their in-app notices were stored with the outcome).
REQUEST_PATH_BUDGET_SECONDS = 3.0
# How long the push service keeps a message for a device that is offline: a reminder is useless after its
# event started, a decision stays news for a few days.
TTL_SECONDS = {"EVENT_REMINDER_1H": 3600, "EVENT_REMINDER_24H": 24 * 3600}
DEFAULT_TTL_SECONDS = 3 * 24 * 3600
URGENT = frozenset({"EVENT_REMINDER_1H", "EVENT_CANCELLED"})
# The push services of the browsers (Chrome/Edge/Android: FCM; Firefox: Mozilla's autopush; Safari: Apple's;
# Windows: WNS). A subscription's endpoint must be on one of them: the platform POSTs to it, so an endpoint a
# client chose freely would let anyone make the platform call any address (SSRF).
PUSH_SERVICE_HOSTS = (
    "fcm.googleapis.com",
    "android.googleapis.com",
    "updates.push.services.mozilla.com",
    "push.services.mozilla.com",
    "web.push.apple.com",
    "notify.windows.com",
)


# ---- the templates that also go to a learner's subscribed devices --------------------------------------------
# Event reminders, plan due dates and approvals, and nothing else: a push interrupts, so it is kept for what
# has a time attached or a decision the learner waited for. The notification shows the template's subject as
# its title and its body as its text (the in-app notice's texts, in the learner's language); `kind` tells the
# service worker what it is (and lets a device group them).
PUSH_KINDS: dict[str, str] = {
    "EVENT_REMINDER_24H": "event-reminder",
    "EVENT_REMINDER_1H": "event-reminder",
    "EVENT_CANCELLED": "event-reminder",
    "EVENT_WAITLIST_PROMOTED": "event-reminder",
    "PLAN_ASSIGNED": "plan-due",
    "ENROLMENT_PENDING_APPROVAL": "approval",
    "ENROLMENT_ENROLLED": "approval",
    "ENROLMENT_REJECTED": "approval",
    "ENROLMENT_EXPIRED": "approval",
    "DESIGNATION_APPROVED": "approval",
    "DESIGNATION_REJECTED": "approval",
    "MEMBERSHIP_APPROVED": "approval",
    "MEMBERSHIP_REJECTED": "approval",
    "TRANSFER_ACCEPTED": "approval",
}


def is_push_service(endpoint: str) -> bool:
    """An https address on a browser push service's host (or a subdomain of one), port 443, no user info."""
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        return False
    return (parts.scheme == "https" and not parts.username and not parts.password and port in (None, 443)
            and any(host == known or host.endswith("." + known) for known in PUSH_SERVICE_HOSTS))


# ---- the items ---------------------------------------------------------------------------------------------

def subscription_item(user_id: str, endpoint: str, p256dh: str, auth: str, device_label: str,
                      created: tuple[str, str] | None, expires_at: int | None) -> db.Item:
    """`created`: (createdAt, order) of the subscription when it is saved again, None when it is new (`order`
    is a time-sortable id: the oldest is the one a new device replaces)."""
    created_at, order = created or (clock.now_iso(), keys.new_id())
    subscription_id = keys.push_subscription_id(endpoint)
    pk, sk = keys.push_subscription_key(user_id, subscription_id)
    item: db.Item = {"PK": pk, "SK": sk, "entityType": "PushSubscription", "id": subscription_id, "userId": user_id,
                     "endpoint": endpoint, "p256dh": p256dh, "auth": auth, "deviceLabel": device_label,
                     "createdAt": created_at, "order": order, "updatedAt": clock.now_iso()}
    if expires_at:
        item["expiresAt"] = expires_at  # the browser said when it ends: the table's TTL removes it then
    return item


def owner_item(subscription_id: str, user_id: str) -> db.Item:
    pk, sk = keys.push_endpoint_owner_key(subscription_id)
    return {"PK": pk, "SK": sk, "entityType": "PushEndpointOwner", "subscriptionId": subscription_id,
            "userId": user_id}


def subscriptions_of(user_id: str, *, consistent: bool = False) -> list[db.Item]:
    """A user's subscriptions (at most MAX_SUBSCRIPTIONS_PER_USER), oldest first; ended ones left out."""
    condition = Key("PK").eq(keys.user_pk(user_id)) & Key("SK").begins_with(keys.PUSH_SUBSCRIPTION_SK_PREFIX)
    response = db.table().query(KeyConditionExpression=condition, ConsistentRead=consistent,
                                Limit=MAX_SUBSCRIPTIONS_PER_USER * 2)
    now = clock.epoch_seconds()
    items = [db.plain(i) for i in response.get("Items", [])]
    live = [i for i in items if not i.get("expiresAt") or int(i["expiresAt"]) > now]
    return sorted(live, key=lambda i: (str(i.get("createdAt", "")), str(i.get("order", ""))))


def forget(user_id: str, subscription_id: str) -> None:
    """Delete a subscription the push service no longer knows, and its owner record if it is still this user's."""
    db.table().delete_item(Key=dict(zip(("PK", "SK"), keys.push_subscription_key(user_id, subscription_id),
                                        strict=True)))
    pk, sk = keys.push_endpoint_owner_key(subscription_id)
    try:
        db.table().delete_item(Key={"PK": pk, "SK": sk}, ConditionExpression="userId = :u",
                               ExpressionAttributeValues={":u": user_id})
    except ClientError as error:
        if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise


# ---- the message -------------------------------------------------------------------------------------------

def is_pushed(template: str) -> bool:
    return template in PUSH_KINDS


def message(template: str, language: str, params: dict[str, Any], link: str | None) -> bytes:
    """The JSON the service worker shows: `{"title", "body", "url", "kind"}`, the body shortened (with an
    ellipsis) until the whole fits MAX_PAYLOAD_BYTES."""
    text = render(template, language, params)
    title, body = text.subject[:200], text.body
    document = {"title": title, "body": body, "url": link or "/", "kind": PUSH_KINDS[template]}
    encoded = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    while len(encoded) > MAX_PAYLOAD_BYTES and body:
        excess = len(encoded) - MAX_PAYLOAD_BYTES
        body = body[: max(0, len(body) - excess // 3 - 2)]  # a character is 1 to 3 bytes (Devanagari: 3)
        document["body"] = body + "…"
        encoded = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    return encoded


# ---- sending -----------------------------------------------------------------------------------------------

class Outcome(Enum):
    SENT = "SENT"
    GONE = "GONE"  # 404/410: the subscription was deleted
    REFUSED = "REFUSED"  # another 4xx: trying again would not help
    RETRY = "RETRY"  # 429, 5xx, no answer: it may go through later


@dataclass(frozen=True)
class Delivery:
    subscription_id: str
    outcome: Outcome
    status: int | None


@lru_cache(maxsize=1)
def _session() -> Any:
    """One HTTP session per container (its connections to the push services are reused)."""
    import requests

    return requests.Session()


@lru_cache(maxsize=2)
def _signer(private_key: str) -> Any:
    from py_vapid import Vapid

    return Vapid.from_raw(private_key.encode())


def request_path_deadline() -> float:
    """The deadline (`time.monotonic()`) a write route gives its pushes after its commit."""
    return time.monotonic() + REQUEST_PATH_BUDGET_SECONDS


def send(subscription: db.Item, data: bytes, template: str, timeout: float = TIMEOUT_SECONDS) -> Delivery:
    """Encrypt `data` for one subscription and POST it to its push service."""
    from pywebpush import WebPushException, webpush
    from requests import RequestException

    settings = get_settings()
    subscription_id = str(subscription["id"])
    info = {"endpoint": subscription["endpoint"], "keys": {"p256dh": subscription["p256dh"],
                                                           "auth": subscription["auth"]}}
    status: int | None = None
    try:
        # A fresh claims dict each time: pywebpush fills in `aud` (the endpoint's origin) and `exp` (12 h).
        webpush(info, data=data.decode(), vapid_private_key=_signer(settings.vapid_keys.private_key),
                vapid_claims={"sub": f"mailto:{settings.email_sender}"}, content_encoding="aes128gcm",
                ttl=TTL_SECONDS.get(template, DEFAULT_TTL_SECONDS), timeout=timeout,
                headers={"Urgency": "high" if template in URGENT else "normal"}, requests_session=_session())
        outcome = Outcome.SENT
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        if status in (404, 410):
            forget(str(subscription["userId"]), subscription_id)
            outcome = Outcome.GONE
        elif status is None or status == 429 or status >= 500:
            outcome = Outcome.RETRY
        else:
            outcome = Outcome.REFUSED
    except RequestException:
        outcome = Outcome.RETRY
    log = logger.info if outcome in (Outcome.SENT, Outcome.GONE) else logger.warning
    log("push " + outcome.value.lower(), extra={"template": template, "subscriptionId": subscription_id,
                                                 "status": status})
    return Delivery(subscription_id, outcome, status)


def is_configured() -> bool:
    """This function was given the VAPID key pair (only those that send push are: infra/stack.py)."""
    import os

    return bool(get_settings().vapid_secret_arn or os.environ.get("VAPID_KEYS"))


def push_to_user(user_id: str, template: str, params: dict[str, Any], link: str | None,
                 language: str = "en", *, deadline: float | None = None) -> list[Delivery]:
    """Push one message to every device of a learner, best effort: for outcomes that have already happened
    (after their commit). Never raises; what could not be sent is logged and dropped, and so is what is left
    when `deadline` (`time.monotonic()`; a write route's: `request_path_deadline()`) has passed."""
    if not is_pushed(template) or not is_configured():
        return []
    try:
        subscriptions = subscriptions_of(user_id) if _time_left(deadline) > 0 else []
        if not subscriptions:
            return []
        data = message(template, language, params, link)
        deliveries = []
        for subscription in subscriptions:
            left = _time_left(deadline)
            if left <= 0:
                logger.warning("push dropped: out of time", extra={"template": template, "userId": user_id})
                break
            deliveries.append(send(subscription, data, template, timeout=min(TIMEOUT_SECONDS, left)))
        return deliveries
    except Exception:
        logger.exception("push failed", extra={"template": template, "userId": user_id})
        return []


def _time_left(deadline: float | None) -> float:
    return TIMEOUT_SECONDS if deadline is None else deadline - time.monotonic()
