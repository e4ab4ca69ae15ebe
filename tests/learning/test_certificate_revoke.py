"""Revoking a certificate (issue 20, POST /certificates/{certificateId}/revoke): who may (SPV_ADMIN, the MDO_ADMIN
of the issuing org) and who may not, the reason's bounds, a second revocation, the holder's notification (in the
app, English and Hindi, and by email), the public verification's answer (revoked, with the date, never the
reason) and the holder's public profile, which no longer lists it."""

from __future__ import annotations

from typing import Any

import pytest

from karmayogi.domain import credentials
from karmayogi.platform import db, keys
from local import aws
from tests import factories
from tests.conftest import ApiClient
from tests.learning.test_certificates import _certificate, _competency, _org

REASON = "Completion recorded in error by the batch import"


@pytest.fixture
def world(workflow):
    _org("rev-issuer", "Institute of Secretariat Training")
    _org("rev-other", "Another Institute")
    _competency("c-cert-noting", "Noting and drafting / टिप्पण और प्रारूपण")
    holder = factories.create_user(org_id="dopt", name="Meera Iyer", extra={"showCertificates": True})
    return {
        "holder": holder,
        "issuer_admin": factories.create_user("MDO_ADMIN", org_id="rev-issuer"),
        "other_admin": factories.create_user("MDO_ADMIN", org_id="rev-other"),
        "holder_admin": factories.create_user("MDO_ADMIN", org_id="dopt"),  # the holder's org, not the issuer
        "spv": factories.create_user("SPV_ADMIN", org_id="mopp"),
        "learner": factories.create_user(org_id="rev-issuer"),
    }


def _client(user: dict[str, Any] | None) -> ApiClient:
    return ApiClient(user["claims"] if user else None)


def _stored(certificate_id: str) -> dict[str, Any]:
    return db.get(*keys.certificate_key(certificate_id), consistent=True) or {}


def _notices(user: dict[str, Any], language: str = "en") -> list[dict[str, Any]]:
    answer = _client(user).get("/me/notifications", headers={"Accept-Language": language})
    assert answer.status == 200, answer.body
    return [n for n in answer.json()["items"] if n["template"] == "CERTIFICATE_REVOKED"]


def test_the_issuing_orgs_admin_revokes_and_the_verification_says_revoked_with_the_date(world):
    certificate_id = _certificate(world["holder"], "rev-issuer", "rv-happy")
    assert _client(None).get(f"/certificates/{certificate_id}").json()["status"] == "valid"

    answer = _client(world["issuer_admin"]).post(f"/certificates/{certificate_id}/revoke", {"reason": REASON})

    assert answer.status == 200, answer.body
    body = answer.json()
    assert body["status"] == "revoked" and body["revokedAt"] and body["issuerOrgId"] == "rev-issuer"
    stored = _stored(certificate_id)
    assert (stored["revokedBy"], stored["revokedReason"], stored["revokedAt"]) == (
        world["issuer_admin"]["userId"], REASON, body["revokedAt"])
    public = _client(None).get(f"/certificates/{certificate_id}")
    assert public.status == 200
    verified = public.json()
    assert (verified["status"], verified["revokedAt"]) == ("revoked", stored["revokedAt"])
    assert REASON.encode() not in public.body and "revokedBy" not in verified and "revokedReason" not in verified
    document = _client(None).get("/.well-known/karmayogi-issuer.json").json()
    outcome = credentials.verify(verified["credential"], document)
    assert outcome.outcome == "revoked"
    assert REASON not in str(verified["credential"])


@pytest.mark.parametrize(("who", "status", "code"), [
    ("spv", 200, None),
    ("other_admin", 403, "NOT_ISSUER_ADMIN"),
    ("holder_admin", 403, "NOT_ISSUER_ADMIN"),
    ("learner", 403, "FORBIDDEN"),
    ("holder", 403, "FORBIDDEN"),
    (None, 401, None),
])
def test_who_may_revoke(world, who, status, code):
    certificate_id = _certificate(world["holder"], "rev-issuer", f"rv-who-{who}")
    answer = _client(world[who] if who else None).post(f"/certificates/{certificate_id}/revoke", {"reason": REASON})
    assert answer.status == status, answer.body
    if code:
        assert answer.json()["error"]["code"] == code
    assert bool(_stored(certificate_id).get("revokedAt")) == (status == 200)
    assert bool(_notices(world["holder"])) == (status == 200)


@pytest.mark.parametrize("body", [{}, {"reason": "too short"}, {"reason": "   short    "}, {"reason": "x" * 501},
                                  {"reason": None}, {"reason": REASON, "notify": False}])
def test_the_reason_is_required_and_10_to_500_characters(world, body):
    certificate_id = _certificate(world["holder"], "rev-issuer", "rv-reason")
    answer = _client(world["spv"]).post(f"/certificates/{certificate_id}/revoke", body)
    assert answer.status == 400, answer.body
    assert answer.json()["error"]["code"] == "VALIDATION_ERROR"
    assert "revokedAt" not in _stored(certificate_id)


def test_the_reasons_bounds_are_inclusive(world):
    for n, reason in enumerate(["r" * 10, "r" * 500]):
        certificate_id = _certificate(world["holder"], "rev-issuer", f"rv-bound-{n}")
        answer = _client(world["spv"]).post(f"/certificates/{certificate_id}/revoke", {"reason": reason})
        assert answer.status == 200, answer.body
        assert _stored(certificate_id)["revokedReason"] == reason


def test_an_unknown_certificate_is_not_found(world):
    for certificate_id in ["0" * 32, "x" * 65]:
        answer = _client(world["spv"]).post(f"/certificates/{certificate_id}/revoke", {"reason": REASON})
        assert answer.status in (404, 400), answer.body
        assert answer.json()["error"]["code"] in ("CERTIFICATE_NOT_FOUND", "VALIDATION_ERROR")
    answer = _client(world["spv"]).post(f"/certificates/{'0' * 32}/revoke", {"reason": REASON})
    assert (answer.status, answer.json()["error"]["code"]) == (404, "CERTIFICATE_NOT_FOUND")


def test_revoking_twice_is_409_and_keeps_the_first_revocation(world):
    certificate_id = _certificate(world["holder"], "rev-issuer", "rv-twice")
    first = _client(world["issuer_admin"]).post(f"/certificates/{certificate_id}/revoke", {"reason": REASON})
    assert first.status == 200
    before = _stored(certificate_id)
    again = _client(world["spv"]).post(f"/certificates/{certificate_id}/revoke", {"reason": "Another reason, later"})
    assert (again.status, again.json()["error"]["code"]) == (409, "ALREADY_REVOKED")
    assert _stored(certificate_id) == before
    assert len(_notices(world["holder"])) == 1


def test_a_certificate_revoked_meanwhile_is_409_with_nothing_written(world, monkeypatch):
    """The write is conditional: a revocation that committed between the read and the write wins."""
    from functions.learning import repository

    certificate_id = _certificate(world["holder"], "rev-issuer", "rv-race")
    read = repository.get_certificate

    def read_then_someone_revokes(cid: str) -> Any:
        item = read(cid)
        repository.revoke_certificate(cid, "2026-12-05T00:00:00+00:00")
        return item

    monkeypatch.setattr(repository, "get_certificate", read_then_someone_revokes)
    answer = _client(world["spv"]).post(f"/certificates/{certificate_id}/revoke", {"reason": REASON})
    assert (answer.status, answer.json()["error"]["code"]) == (409, "ALREADY_REVOKED")
    assert "revokedReason" not in _stored(certificate_id)
    assert _notices(world["holder"]) == []


def test_the_holder_is_notified_in_english_and_hindi_and_by_email(world):
    certificate_id = _certificate(world["holder"], "rev-issuer", "rv-notice")
    assert _client(world["spv"]).post(f"/certificates/{certificate_id}/revoke", {"reason": REASON}).status == 200
    [english] = _notices(world["holder"])
    assert english["title"] == "Certificate revoked: Noting and Drafting"
    assert certificate_id in english["body"] and english["link"] == f"/certificates/{certificate_id}"
    assert REASON not in english["body"]
    [hindi] = _notices(world["holder"], "hi")
    assert hindi["title"] == "प्रमाणपत्र रद्द किया गया: Noting and Drafting" and "रद्द" in hindi["body"]
    mails = [m for m in aws.sent_messages(world["holder"]["email"]) if "Certificate revoked" in (m["subject"] or "")]
    assert len(mails) == 1 and certificate_id in mails[0]["body"]
    assert _client(world["holder"]).get("/me/notifications/unread-count").json()["unread"] >= 1


def test_a_revoked_certificate_leaves_the_holders_public_profile(world):
    kept = _certificate(world["holder"], "rev-issuer", "rv-kept")
    revoked = _certificate(world["holder"], "rev-issuer", "rv-gone")
    colleague = _client(world["learner"])
    path = f"/people/{world['holder']['userId']}"
    shown = {c["id"] for c in colleague.get(path).json()["certificates"]}
    assert {kept, revoked} <= shown
    assert _client(world["issuer_admin"]).post(f"/certificates/{revoked}/revoke", {"reason": REASON}).status == 200
    shown = {c["id"] for c in colleague.get(path).json()["certificates"]}
    assert kept in shown and revoked not in shown
