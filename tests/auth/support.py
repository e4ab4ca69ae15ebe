"""Helpers for the auth hub's tests: registrations driven through the API, codes read from the outbox."""

from __future__ import annotations

import re
from typing import Any

from karmayogi.platform import db, keys
from local import aws
from tests.request_budget import counting  # noqa: F401 - used by this hub's tests

PASSWORD = "Karma@Yogi2026"
COMPETENCIES = ("c-integrity", "c-empathy", "c-drafting")

_counter = iter(range(1, 10_000))


def seed_competencies(*ids: str) -> None:
    for competency_id in ids or COMPETENCIES:
        pk, sk = keys.competency_key(competency_id)
        db.table().put_item(
            Item={"PK": pk, "SK": sk, "entityType": "Competency", "id": competency_id, "name": competency_id}
        )


def person(**overrides: Any) -> dict[str, Any]:
    """Registration details that pass every rule (unique per call)."""
    n = next(_counter)
    body = {
        "employeeId": f"DOPT/{n:04d}",
        "name": f"Riya Sharma N{n:03d}",
        "email": f"riya.{n}@dopt.gov.in",
        "mobile": f"98765{n:05d}",
        "orgId": "dopt",
        "designation": "section-officer",
    }
    body.update(overrides)
    return body


def e164(mobile: str) -> str:
    digits = re.sub(r"\D", "", mobile)[-10:]
    return f"+91{digits}"


def messages(to: str) -> list[dict[str, Any]]:
    return aws.sent_messages(to)


def last_code(to: str) -> str:
    sent = messages(to)
    assert sent, f"nothing was sent to {to}"
    match = re.search(r"(?<!\d)(\d{6})(?!\d)", sent[-1]["body"])
    assert match, "no code in the message"
    return match.group(1)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def start(api: Any, **overrides: Any) -> tuple[str, dict[str, Any]]:
    body = person(**overrides)
    response = api.post("/auth/register", body)
    assert response.status == 202, response.json()
    return response.json()["registrationId"], body


def verify_both(api: Any, registration_id: str, body: dict[str, Any]) -> None:
    for channel, address in (("email", body["email"].lower()), ("mobile", e164(body["mobile"]))):
        response = api.post(
            f"/auth/register/{registration_id}/verify", {"channel": channel, "code": last_code(address)}
        )
        assert response.status == 200, response.json()


def register_account(api: Any, **overrides: Any) -> dict[str, Any]:
    """A complete registration: returns the details plus userId."""
    registration_id, body = start(api, **overrides)
    verify_both(api, registration_id, body)
    response = api.post(f"/auth/register/{registration_id}/password", {"password": PASSWORD})
    assert response.status == 201, response.json()
    return {**body, "userId": response.json()["userId"], "registrationId": registration_id}


def login(api: Any, username: str, password: str = PASSWORD) -> dict[str, Any]:
    response = api.post("/auth/login", {"username": username, "password": password})
    assert response.status == 200, response.json()
    return dict(response.json())


