"""Web Push: a learner's devices subscribe (`/me/push/...`), the event reminders reach them through a
stand-in push service that checks what a real one checks (the VAPID JWT, ES256 with the platform's public
key, `aud` the endpoint's origin, `exp` ahead) and whose messages the test decrypts with the subscriber's own
private key (RFC 8291 aes128gcm, as a browser does); gone subscriptions are deleted, busy services retried."""

from __future__ import annotations

import base64
import json
import os
import time
from dataclasses import dataclass, field
from typing import Any

import http_ece
import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from requests.adapters import BaseAdapter

from functions.events import reminders
from karmayogi.domain import push
from karmayogi.platform import keys
from karmayogi.platform.settings import get_settings
from tests import factories
from tests.conftest import ApiClient
from tests.events.test_reminders import Context, payload

PUSH_ORIGIN = "https://fcm.googleapis.com"


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Device:
    """A browser's side of a subscription: its key pair and auth secret (as PushManager.subscribe makes them)."""

    endpoint: str = field(default_factory=lambda: f"{PUSH_ORIGIN}/fcm/send/{b64(os.urandom(24))}")
    key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    def subscription(self, **extra: Any) -> dict[str, Any]:
        point = self.key.public_key().public_bytes(serialization.Encoding.X962,
                                                   serialization.PublicFormat.UncompressedPoint)
        return {"endpoint": self.endpoint, "expirationTime": None,
                "keys": {"p256dh": b64(point), "auth": b64(self.auth)}, **extra}

    def decrypt(self, body: bytes) -> dict[str, Any]:
        plain = http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm")
        message: dict[str, Any] = json.loads(plain)
        return message


class StandInPushService(BaseAdapter):
    """Answers the platform's POSTs to the push service as FCM would: 201, or the status a test sets for
    an endpoint; refuses (403) a request whose VAPID signature does not verify."""

    def __init__(self) -> None:
        super().__init__()
        self.received: list[requests.PreparedRequest] = []
        self.answers: dict[str, list[int]] = {}

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        assert request.method == "POST" and request.url
        self.received.append(request)
        status = self.answers[request.url].pop(0) if self.answers.get(request.url) else 201
        if not self.vapid_verifies(request):
            status = 403
        response = requests.Response()
        response.status_code, response.url, response.request = status, request.url, request
        response._content = b""
        return response

    @staticmethod
    def vapid_verifies(request: requests.PreparedRequest) -> bool:
        scheme, _, params = request.headers["Authorization"].partition(" ")
        values = dict(part.split("=", 1) for part in params.split(","))
        public = get_settings().vapid_keys.public_key
        if scheme != "vapid" or values["k"] != public:
            return False
        verifier = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(public))
        try:
            claims = jwt.decode(values["t"], verifier, algorithms=["ES256"], audience=PUSH_ORIGIN)
        except jwt.InvalidTokenError:
            return False
        return claims["exp"] > time.time() and claims["sub"] == f"mailto:{get_settings().email_sender}"

    def close(self) -> None:
        pass


@pytest.fixture
def push_service(resources: Any) -> StandInPushService:
    service = StandInPushService()
    push._session().mount(PUSH_ORIGIN + "/", service)
    return service


def subscribe(client: Any, device: Device, **extra: Any) -> dict[str, Any]:
    response = client.put("/me/push/subscriptions", device.subscription(**extra))
    assert response.status in (200, 201), response.json()
    saved: dict[str, Any] = response.json()
    return saved


def messages_to(service: StandInPushService, device: Device) -> list[dict[str, Any]]:
    return [device.decrypt(r.body) for r in service.received if r.url == device.endpoint]  # type: ignore[arg-type]


def test_the_key_route_gives_the_vapid_public_key(world):
    answer = world.client(world.learner).get("/me/push/key")
    assert answer.status == 200
    point = unb64(answer.json()["publicKey"])
    assert len(point) == 65 and point[0] == 4
    assert answer.json()["publicKey"] == get_settings().vapid_keys.public_key
    assert ApiClient().get("/me/push/key").status == 401


def test_an_event_reminder_reaches_every_device_in_the_learners_language_once(world, push_service):
    event = world.create_event()
    hindi = factories.create_user(org_id="dopt", extra={"language": "hi"})
    phone, laptop, hindi_phone = Device(), Device(), Device()
    subscribe(world.client(world.learner), phone, deviceLabel="Phone")
    subscribe(world.client(world.learner), laptop)
    subscribe(world.client(hindi), hindi_phone)
    for person in (world.learner, hindi):
        assert world.client(person).post(f"/events/{event['id']}/registrations").status == 201

    outcome = reminders.handler(payload(event, "24h"), Context())
    assert outcome["sent"] == 2 and outcome["failed"] == 0

    title = event["title"]
    for device in (phone, laptop):
        [message] = messages_to(push_service, device)
        assert message["title"] == f"Tomorrow: {title}"
        assert message["body"].startswith(f"A reminder that {title} starts on 04-01-2030, 10:00 IST.")
        assert message["url"] == f"/events/{event['id']}" and message["kind"] == "event-reminder"
    [hindi_message] = messages_to(push_service, hindi_phone)
    assert hindi_message["title"] == f"कल: {title}"
    assert hindi_message["body"].startswith(f"स्मरण: {title} 04-01-2030, 10:00 IST को शुरू होगा।")
    first = push_service.received[0]
    assert first.headers["TTL"] == str(24 * 3600) and first.headers["Urgency"] == "normal"
    assert first.headers["Content-Encoding"] == "aes128gcm"

    reminders.handler(payload(event, "24h"), Context())  # delivered twice by the scheduler: pushed once
    assert len(push_service.received) == 3


def test_a_gone_subscription_is_deleted_and_the_reminder_still_counts(world, push_service):
    event = world.create_event()
    gone, kept = Device(), Device()
    client = world.client(world.learner)
    subscribe(client, gone)
    subscribe(client, kept)
    client.post(f"/events/{event['id']}/registrations")
    push_service.answers[gone.endpoint] = [410]

    outcome = reminders.handler(payload(event, "24h"), Context())

    assert outcome["sent"] == 1
    listed = client.get("/me/push/subscriptions").json()
    assert [s["id"] for s in listed] == [keys.push_subscription_id(kept.endpoint)]
    assert len(messages_to(push_service, kept)) == 1


def test_a_busy_push_service_does_not_hold_up_the_reminder(world, push_service):
    """Push is the convenience channel: a device whose service answers 503 is missed (logged), the reminder
    completes, the other device and the in-app notice get it once, and a second run sends nothing again."""
    event = world.create_event()
    busy, fine = Device(), Device()
    client = world.client(world.learner)
    subscribe(client, busy)
    subscribe(client, fine)
    client.post(f"/events/{event['id']}/registrations")
    push_service.answers[busy.endpoint] = [503]

    first = reminders.handler(payload(event, "24h"), Context())
    again = reminders.handler(payload(event, "24h"), Context())  # Scheduler's duplicate or retry

    assert first["sent"] == 1 and again["sent"] == 0
    assert [r.url for r in push_service.received].count(busy.endpoint) == 1
    assert len(messages_to(push_service, fine)) == 1  # not pushed again
    notes = client.get("/me/notifications").json()["items"]
    assert [n["template"] for n in notes] == ["EVENT_REMINDER_24H"]  # the in-app notice once


def test_saving_again_is_idempotent_and_the_oldest_device_makes_room(world, push_service):
    client = world.client(world.learner)
    first = Device()
    created = client.put("/me/push/subscriptions", first.subscription(deviceLabel="Office PC"))
    assert created.status == 201
    again = client.put("/me/push/subscriptions", first.subscription(deviceLabel="Office PC"))
    assert again.status == 200 and again.json()["id"] == created.json()["id"]
    assert created.json()["endpointHint"].startswith(PUSH_ORIGIN + "/…")
    assert first.endpoint not in json.dumps(client.get("/me/push/subscriptions").json())

    others = [Device() for _ in range(push.MAX_SUBSCRIPTIONS_PER_USER)]
    for device in others:
        subscribe(client, device)
    listed = {s["id"] for s in client.get("/me/push/subscriptions").json()}
    assert listed == {keys.push_subscription_id(d.endpoint) for d in others}


def test_a_device_moves_to_whoever_saved_it_last(world, push_service):
    shared = Device()
    subscribe(world.client(world.learner), shared)
    subscribe(world.client(world.outsider), shared)
    assert world.client(world.learner).get("/me/push/subscriptions").json() == []
    assert len(world.client(world.outsider).get("/me/push/subscriptions").json()) == 1


def test_only_my_own_subscriptions_can_be_deleted(world, push_service):
    mine = subscribe(world.client(world.learner), Device())
    assert world.client(world.outsider).delete(f"/me/push/subscriptions/{mine['id']}").status == 404
    assert world.client(world.learner).delete(f"/me/push/subscriptions/{mine['id']}").status == 204
    assert world.client(world.learner).get("/me/push/subscriptions").json() == []
    assert world.client(world.learner).delete(f"/me/push/subscriptions/{mine['id']}").status == 404


def test_unsubscribed_devices_get_nothing(world, push_service):
    event = world.create_event()
    client = world.client(world.learner)
    device = Device()
    saved = subscribe(client, device)
    client.delete(f"/me/push/subscriptions/{saved['id']}")
    client.post(f"/events/{event['id']}/registrations")
    reminders.handler(payload(event, "24h"), Context())
    assert push_service.received == []


@pytest.mark.parametrize(("change", "code", "fault"), [
    ({"endpoint": "http://fcm.googleapis.com/fcm/send/x"}, "UNSUPPORTED_PUSH_SERVICE", "endpoint"),
    ({"endpoint": "https://169.254.169.254/latest/meta-data"}, "UNSUPPORTED_PUSH_SERVICE", "endpoint"),
    ({"endpoint": "https://fcm.googleapis.com.evil.example/x"}, "UNSUPPORTED_PUSH_SERVICE", "endpoint"),
    ({"endpoint": "https://fcm.googleapis.com:8443/fcm/send/x"}, "UNSUPPORTED_PUSH_SERVICE", "endpoint"),
    ({"keys": {"p256dh": b64(b"\x04" + b"\x01" * 64), "auth": b64(os.urandom(16))}}, "INVALID_PUSH_KEYS",
     "keys.p256dh"),  # not a point on the curve
    ({"keys": {"p256dh": b64(os.urandom(64)), "auth": b64(os.urandom(16))}}, "INVALID_PUSH_KEYS", "keys.p256dh"),
    ({"keys": {"p256dh": Device().subscription()["keys"]["p256dh"], "auth": b64(os.urandom(15))}},
     "INVALID_PUSH_KEYS", "keys.auth"),
    ({"keys": {"p256dh": "not base64!" * 8, "auth": b64(os.urandom(16))}}, "VALIDATION_ERROR", None),
    ({"keys": None}, "VALIDATION_ERROR", None),
    ({"endpoint": "https://fcm.googleapis.com/" + "x" * 2000}, "VALIDATION_ERROR", None),
    ({"deviceLabel": "x" * 81}, "VALIDATION_ERROR", None),
    ({"subscribedBy": "someone"}, "VALIDATION_ERROR", None),
    ({"expirationTime": 1000}, "PUSH_SUBSCRIPTION_EXPIRED", "expirationTime"),
])
def test_a_bad_subscription_is_refused_with_its_code(world, push_service, change, code, fault):
    body = {**Device().subscription(), **change}
    answer = world.client(world.learner).put("/me/push/subscriptions", body)
    assert answer.status == 400, answer.json()
    assert answer.json()["error"]["code"] == code
    if fault:
        assert [d["field"] for d in answer.json()["error"]["details"]] == [fault]
    assert world.client(world.learner).get("/me/push/subscriptions").json() == []


def test_the_message_fits_three_kilobytes_whatever_the_text(world):
    long_title = "अ" * 2000
    data = push.message("EVENT_REMINDER_1H", "hi", {"title": long_title, "when": "w", "where": "x" * 3000}, "/e")
    document = json.loads(data)
    assert len(data) <= push.MAX_PAYLOAD_BYTES and document["body"].endswith("…")
    assert document["url"] == "/e" and document["kind"] == "event-reminder"


def test_a_device_label_of_null_is_no_label(world):
    """The fuzz suite's find: `deviceLabel: null` (what PushSubscription.toJSON() callers send when they name
    no device) was a 500; now it is no label, and the endpoint is judged as usual."""
    answer = world.client(world.learner).put("/me/push/subscriptions", {
        "endpoint": "not a push service", "keys": {"p256dh": b64(b"\x04" + bytes(64)), "auth": b64(bytes(16))},
        "deviceLabel": None})
    assert answer.status == 400 and answer.json()["error"]["code"] == "UNSUPPORTED_PUSH_SERVICE"
