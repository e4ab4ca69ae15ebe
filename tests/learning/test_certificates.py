"""Certificates people can use (issue 20): the PDF (English and Hindi, Devanagari shaped and extractable, a QR
code to the verification page; made once per template version, only for its holder), the verifiable
credential (signed, verified offline, tampering and revocation shown), the issuer's key document."""

from __future__ import annotations

import io
import json
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from pypdf import PdfReader

from functions.learning import certificates_files, certificates_service
from functions.learning.certificates_pdf import TEMPLATE_VERSION
from karmayogi.domain import credentials
from karmayogi.platform import db, keys
from karmayogi.platform.settings import get_settings
from tests import factories
from tests.conftest import ApiClient
from tests.learning.conftest import batch, course_body, enrol, live_course, wait_for

ORIGIN = "http://127.0.0.1:3999"
HINDI = ["पूर्णता प्रमाणपत्र", "प्रमाणित किया जाता है कि", "सफलतापूर्वक पाठ्यक्रम पूरा किया है", "दक्षताएँ",
         "जारीकर्ता", "प्रमाणपत्र संख्या", "दिसंबर"]


def _org(org_id: str, name: str, template: int | None = None) -> None:
    pk, sk = keys.org_key(org_id)
    item: dict[str, Any] = {"PK": pk, "SK": sk, "entityType": "Org", "id": org_id, "name": name, "type": "department"}
    if template is not None:
        item["certificateTemplateVersion"] = template
    db.table().put_item(Item=item)


def _competency(competency_id: str, name: str) -> None:
    pk, sk = keys.competency_key(competency_id)
    db.table().put_item(Item={"PK": pk, "SK": sk, "entityType": "Competency", "id": competency_id, "name": name,
                              "area": "functional"})


def _certificate(user: dict[str, Any], org_id: str, suffix: str, **extra: Any) -> str:
    certificate_id = f"cert{suffix}"
    pk, sk = keys.certificate_key(certificate_id)
    db.table().put_item(Item={
        "PK": pk, "SK": sk, "entityType": "Certificate", "id": certificate_id, "userId": user["userId"],
        "learnerName": user["name"], "courseId": f"course-{suffix}", "courseTitle": "Noting and Drafting",
        "issuedAt": "2026-12-01T10:00:00+00:00", "providerOrgId": org_id,
        "competencies": [{"competencyId": "c-cert-noting", "level": 2}],
        "GSI1PK": keys.user_certificates_gsi(user["userId"]), "GSI1SK": f"2026-12-01#{certificate_id}", **extra})
    return certificate_id


def _pdf_objects(certificate_id: str) -> list[str]:
    s3 = boto3.client("s3", region_name=get_settings().region)
    listed = s3.list_objects_v2(Bucket=get_settings().media_bucket, Prefix=certificates_files.prefix(certificate_id))
    return sorted(o["Key"] for o in listed.get("Contents", []))


def _pdf_bytes(key: str) -> bytes:
    s3 = boto3.client("s3", region_name=get_settings().region)
    body: bytes = s3.get_object(Bucket=get_settings().media_bucket, Key=key)["Body"].read()
    return body


def _qr(pdf: bytes) -> list[str]:
    import zxingcpp

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return [barcode.text for image in page.images for barcode in zxingcpp.read_barcodes(image.image)]


@pytest.fixture
def holder(workflow):
    _org("cert-issuer", "कार्मिक प्रशिक्षण संस्थान (Institute of Secretariat Training)")
    _competency("c-cert-noting", "Noting and drafting / टिप्पण और प्रारूपण")
    user = factories.create_user(org_id="dopt", name="राजेश कुमार शर्मा")
    return {"user": user, "me": ApiClient(user["claims"])}


def test_a_completion_gives_a_bilingual_pdf_with_a_qr_code_to_its_verification_page(workflow):
    """The whole path: a learner completes a course, then downloads the PDF (302 to a signed address)."""
    factories.seed_directory()
    body = course_body(quiz=False)
    body["modules"][0]["contents"][0]["type"] = "link"
    course = live_course(body)
    learner = factories.create_user(org_id="dopt", name="प्रिया वर्मा")
    me = ApiClient(learner["claims"])
    enrolment_id = enrol(me, course["id"], batch(course["id"])["id"])
    wait_for(me, enrolment_id, "ENROLLED")
    for content in ("c1", "c2"):
        me.put(f"/enrolments/{enrolment_id}/progress", {"contentId": content, "status": "completed"})
    certificate_id = me.get(f"/enrolments/{enrolment_id}").json()["certificateId"]

    response = me.get(f"/me/certificates/{certificate_id}.pdf", headers={"Origin": ORIGIN})
    assert response.status == 302, response.body
    location = response.headers["Location"]
    assert urlsplit(location).path == f"/{certificates_files.key(certificate_id, TEMPLATE_VERSION + '.0')}"
    assert "Signature=" in location and response.json()["url"] == location and response.json()["expiresAt"]
    [key] = _pdf_objects(certificate_id)
    pdf = _pdf_bytes(key)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for words in ["प्रिया वर्मा", course["title"], "Certificate of Completion", *HINDI, certificate_id,
                  "Department of Personnel and Training"]:  # the course's org issues it
        assert words in text, words
    assert _qr(pdf) == [f"{ORIGIN}/app/certificates/{certificate_id}"]

    # only its holder; a name without .pdf is not a certificate file
    stranger = ApiClient(factories.create_user()["claims"])
    assert stranger.get(f"/me/certificates/{certificate_id}.pdf").status == 404
    assert me.get(f"/me/certificates/{certificate_id}").status == 404
    assert me.get("/me/certificates/..%2F..%2Fx.pdf").status == 404
    assert ApiClient().get(f"/me/certificates/{certificate_id}.pdf").status == 401


def test_the_pdf_is_made_once_and_again_only_when_the_issuers_template_changes(holder, monkeypatch):
    me, user = holder["me"], holder["user"]
    certificate_id = _certificate(user, "cert-issuer", "once1")
    writes: list[str] = []
    real_put = certificates_files.put_pdf
    monkeypatch.setattr(certificates_files, "put_pdf",
                        lambda key, body, cid: (writes.append(key), real_put(key, body, cid)))

    first = me.get(f"/me/certificates/{certificate_id}.pdf", headers={"Origin": ORIGIN})
    second = me.get(f"/me/certificates/{certificate_id}.pdf", headers={"Origin": ORIGIN})
    assert first.status == second.status == 302
    assert len(writes) == 1 and _pdf_objects(certificate_id) == writes
    text = PdfReader(io.BytesIO(_pdf_bytes(writes[0]))).pages[0].extract_text()
    for words in ["राजेश कुमार शर्मा", "कार्मिक प्रशिक्षण संस्थान", "टिप्पण और प्रारूपण", "स्तर 2", *HINDI]:
        assert words in text, words

    _org("cert-issuer", "कार्मिक प्रशिक्षण संस्थान (Institute of Secretariat Training)", template=2)
    third = me.get(f"/me/certificates/{certificate_id}.pdf", headers={"Origin": ORIGIN})
    me.get(f"/me/certificates/{certificate_id}.pdf", headers={"Origin": ORIGIN})
    assert third.status == 302 and len(writes) == 2
    assert writes[1] == certificates_files.key(certificate_id, f"{TEMPLATE_VERSION}.2")
    assert urlsplit(third.headers["Location"]).path == "/" + writes[1]
    assert _pdf_objects(certificate_id) == sorted(writes)  # the old one is kept, never overwritten


def test_the_public_answer_carries_a_credential_anyone_can_verify_offline(holder):
    certificate_id = _certificate(holder["user"], "cert-issuer", "vc1")
    issuer = ApiClient().get("/.well-known/karmayogi-issuer.json")
    assert issuer.status == 200 and "max-age" in issuer.headers["Cache-Control"]
    document = issuer.json()
    method = document["verificationMethod"][0]
    assert document["id"].startswith("did:key:z6Mk") and method["publicKeyMultibase"] == document["id"][8:]
    assert method["publicKeyJwk"]["crv"] == "Ed25519" and document["assertionMethod"] == [method["id"]]
    assert "privateKey" not in json.dumps(document) and "d" not in method["publicKeyJwk"]

    answer = ApiClient().get(f"/certificates/{certificate_id}").json()
    assert (answer["status"], answer["kind"], answer["issuer"]) == (
        "valid", "course", "कार्मिक प्रशिक्षण संस्थान (Institute of Secretariat Training)")
    credential = answer["credential"]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert credential["credentialSubject"]["name"] == "राजेश कुमार शर्मा"
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["name"] == "Noting and Drafting" and achievement["creator"]["name"] == answer["issuer"]
    assert achievement["alignment"][0]["targetName"] == "Noting and drafting / टिप्पण और प्रारूपण"
    assert credential["validFrom"] == "2026-12-01T10:00:00Z"
    assert credential["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert credentials.verify(credential, document).outcome == "valid"

    for path, value in [(("credentialSubject", "name"), "Someone Else"), (("validFrom",), "2020-01-01T00:00:00Z"),
                        (("credentialSubject", "achievement", "name"), "Another Course")]:
        forged = json.loads(json.dumps(credential))
        target = forged
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
        assert credentials.verify(forged, document).outcome == "tampered", path
    other_key = credentials.parse_key(credentials.new_key_pair())
    assert credentials.verify(credential, credentials.issuer_document(other_key)).outcome == "tampered"
    resigned = credentials.sign({k: v for k, v in credential.items() if k != "proof"}, other_key)
    assert credentials.verify(resigned, document).outcome == "tampered"  # signed, but not by the issuer


def test_verification_reads_the_certificate_once_and_the_pdf_only_signs_once_made(holder):
    """Request budgets: the public verification reads one item (the org's name and the competencies' come
    from the container's cache once warm); a PDF already made costs its certificate and its org's template
    version, and no write."""
    from tests.request_budget import counting

    certificate_id = _certificate(holder["user"], "cert-issuer", "budget1")
    ApiClient().get(f"/certificates/{certificate_id}")
    with counting() as calls:
        assert ApiClient().get(f"/certificates/{certificate_id}").status == 200
    assert dict(calls) == {"GetItem": 1}
    holder["me"].get(f"/me/certificates/{certificate_id}.pdf", headers={"Origin": ORIGIN})
    with counting() as calls:
        assert holder["me"].get(f"/me/certificates/{certificate_id}.pdf").status == 302
    assert dict(calls) == {"GetItem": 2}


def test_a_revoked_certificate_shows_as_revoked_and_its_credential_says_so(holder):
    certificate_id = _certificate(holder["user"], "cert-issuer", "rev1")
    certificates_service.revoke(certificate_id, "2026-12-03T00:00:00+00:00")
    certificates_service.revoke(certificate_id, "2026-12-09T00:00:00+00:00")  # the first time stays
    answer = ApiClient().get(f"/certificates/{certificate_id}").json()
    assert (answer["status"], answer["revokedAt"]) == ("revoked", "2026-12-03T00:00:00+00:00")
    assert answer["credential"]["validUntil"] == "2026-12-03T00:00:00Z"
    document = ApiClient().get("/.well-known/karmayogi-issuer.json").json()
    verdict = credentials.verify(answer["credential"], document)
    assert verdict.outcome == "revoked"
    unrevoked = {k: v for k, v in answer["credential"].items() if k != "validUntil"}
    assert credentials.verify(unrevoked, document).outcome == "tampered"  # dropping validUntil breaks the proof


def test_unknown_and_malformed_certificates_are_not_found(holder):
    assert ApiClient().get("/certificates/" + "0" * 32).status == 404
    me = holder["me"]
    for name in ["nothing.pdf", "x" * 65 + ".pdf", "cert.PDF", ".pdf"]:
        response = me.get(f"/me/certificates/{name}")
        assert (response.status, response.json()["error"]["code"]) in {(404, "CERTIFICATE_NOT_FOUND"),
                                                                       (400, "VALIDATION_ERROR")}, name


def test_the_issuer_key_secret_is_checked():
    from karmayogi.platform.settings import SettingsError

    with pytest.raises(SettingsError):
        credentials.parse_key(json.dumps({"publicKey": "AAAA", "privateKey": "BBBB"}))
    pair = json.loads(credentials.new_key_pair())
    other = json.loads(credentials.new_key_pair())
    with pytest.raises(SettingsError):  # halves of two different keys
        credentials.parse_key(json.dumps({"publicKey": pair["publicKey"], "privateKey": other["privateKey"]}))
