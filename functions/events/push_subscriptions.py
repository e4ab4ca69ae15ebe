"""Web Push, opt-in per device: a learner's browser subscribes (`PushManager.subscribe` with the platform's
VAPID public key) and saves the subscription here; reminders, plan due dates and approvals are then pushed to it
(karmayogi.domain.push) until the learner deletes it (unsubscribe) or its push service says it is gone.

Rules: only the caller's own subscriptions; the endpoint must be an https address of a browser push service
(the platform POSTs to it); the keys must be what a browser makes (a P-256 point, a 16-byte secret); at most
`push.MAX_SUBSCRIPTIONS_PER_USER` devices per learner, the oldest replaced by a new one; an endpoint belongs to
one learner at a time (the last to save it from the device)."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime

from functions.events import push_repository as repository
from functions.events.models import PushPublicKey, PushSubscriptionSave, PushSubscriptionView
from functions.events.rules import ist
from karmayogi.domain import push
from karmayogi.platform import clock, db, keys
from karmayogi.platform.errors import AppError, bad_request, not_found
from karmayogi.platform.identity import Caller
from karmayogi.platform.observability import logger
from karmayogi.platform.settings import get_settings

ATTEMPTS = 3


def public_key(caller: Caller) -> PushPublicKey:
    return PushPublicKey(public_key=get_settings().vapid_keys.public_key)


def _decoded(value: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None


def _check(body: PushSubscriptionSave) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    if not push.is_push_service(body.endpoint):
        raise bad_request("UNSUPPORTED_PUSH_SERVICE", "The endpoint is not an https address of a browser push service",
                          [{"field": "endpoint", "message": "not a known push service"}])
    point, secret = _decoded(body.keys.p256dh), _decoded(body.keys.auth)
    faults = []
    try:
        if point is None or len(point) != 65 or point[0] != 4:
            raise ValueError("size")
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError:
        faults.append({"field": "keys.p256dh", "message": "must be a 65-byte uncompressed P-256 point (base64url)"})
    if secret is None or len(secret) != 16:
        faults.append({"field": "keys.auth", "message": "must be 16 bytes (base64url)"})
    if faults:
        raise bad_request("INVALID_PUSH_KEYS", "The subscription's keys are not a browser's", faults)


def _hint(endpoint: str) -> str:
    scheme, _, rest = endpoint.partition("://")
    host = rest.split("/", 1)[0]
    return f"{scheme}://{host}/…{endpoint[-6:]}"


def _view(item: db.Item) -> PushSubscriptionView:
    expires = item.get("expiresAt")
    return PushSubscriptionView(
        id=item["id"], endpoint_hint=_hint(str(item["endpoint"])), device_label=item.get("deviceLabel") or None,
        created_at=ist(item["createdAt"]),
        expires_at=ist(clock.to_iso(datetime.fromtimestamp(int(expires), UTC))) if expires else None,
    )


def save_subscription(caller: Caller, body: PushSubscriptionSave) -> tuple[PushSubscriptionView, bool]:
    """Save (or refresh) this device's subscription. Returns it and whether it is new (201) or was saved
    before by the caller (200)."""
    _check(body)
    subscription_id = keys.push_subscription_id(body.endpoint)
    expires_at = body.expiration_time // 1000 if body.expiration_time else None
    if expires_at is not None and expires_at <= clock.epoch_seconds():
        raise bad_request("PUSH_SUBSCRIPTION_EXPIRED", "The subscription has ended already",
                          [{"field": "expirationTime", "message": "in the past"}])
    for _ in range(ATTEMPTS):
        mine = repository.subscriptions(caller.user_id)
        existing = next((s for s in mine if s["id"] == subscription_id), None)
        owner = repository.endpoint_owner(subscription_id)
        others = [s for s in mine if s["id"] != subscription_id]
        replaced = others[0]["id"] if existing is None and len(others) >= push.MAX_SUBSCRIPTIONS_PER_USER else None
        item = push.subscription_item(caller.user_id, body.endpoint, body.keys.p256dh, body.keys.auth,
                                      body.device_label or "",
                                      (existing["createdAt"], existing.get("order", "")) if existing else None,
                                      expires_at)
        try:
            repository.save(item, previous_owner=owner["userId"] if owner else None, replaced_id=replaced)
        except db.ConditionFailed:
            continue  # the endpoint changed hands, or the replaced one went, meanwhile: read again
        logger.info("push subscription saved", extra={"subscriptionId": subscription_id, "new": existing is None,
                                                      "replaced": replaced})
        return _view(item), existing is None
    raise AppError(503, "SERVICE_UNAVAILABLE", "The subscription kept changing; retry shortly", retry_after=1)


def list_subscriptions(caller: Caller) -> list[PushSubscriptionView]:
    return [_view(s) for s in repository.subscriptions(caller.user_id)]


def delete_subscription(caller: Caller, subscription_id: str) -> None:
    """Unsubscribe a device (the caller's own only: another's id is not found)."""
    try:
        repository.delete(caller.user_id, subscription_id)
    except db.ConditionFailed as failed:
        if failed.reason == "subscription":
            raise not_found("The push subscription") from failed
        raise AppError(503, "SERVICE_UNAVAILABLE", "The subscription changed meanwhile; retry", retry_after=1) from failed
    logger.info("push subscription deleted", extra={"subscriptionId": subscription_id})
