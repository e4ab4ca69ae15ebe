"""HTTP routes of certificates (API.md "Learning hub" and v2 "Certificates"): the learner's list, the public
verification with its verifiable credential, the learner's PDF, and the issuer's public key. A Powertools router
the learning hub's resolver includes (functions/learning/handler.py); the rules are in certificates_service.py
(and achievements.py for the list)."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path

from functions.learning import achievements, certificates_revoke, certificates_service
from functions.learning.achievement_models import Certificate
from functions.learning.certificates_models import CertificatePdf, IssuerDocument, RevokeIn, VerifiedCertificate
from karmayogi.platform.api import Cursor, Limit, caller, documented, errors
from karmayogi.platform.models import DEFAULT_LIMIT, PageOf

router = Router()


@router.get("/me/certificates", tags=["Learning"], summary="My certificates")
def my_certificates(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> PageOf[Certificate]:
    return achievements.my_certificates(caller(router), limit, cursor)


@router.get("/certificates/<certificateId>", tags=["Learning"], summary="Verify a certificate (public)",
         description="The certificate, its `status` (valid or revoked) and its `credential`: a signed verifiable "
                     "credential anyone can check offline with the key of /.well-known/karmayogi-issuer.json.",
         responses=documented(404))
def verify_certificate(certificate_id: Annotated[str, Path(alias="certificateId", max_length=64)]) -> VerifiedCertificate:
    return certificates_service.verify(certificate_id)


@router.post("/certificates/<certificateId>/revoke", tags=["Learning"],
          summary="Revoke a certificate (SPV_ADMIN, or MDO_ADMIN of its issuing org)",
          description="`reason` (10-500 characters) is kept with the certificate and never shown publicly. From then "
                      "on the verification answers `status` \"revoked\" with `revokedAt`, the credential carries "
                      "`validUntil`, and the holder's public profile no longer lists it; the holder is notified "
                      "(in the app and by email). 403 NOT_ISSUER_ADMIN for an MDO admin of another org; "
                      "404 CERTIFICATE_NOT_FOUND; 409 ALREADY_REVOKED.",
          responses=documented(403, 404, 409))
def revoke_certificate(certificate_id: Annotated[str, Path(alias="certificateId", max_length=64)],
                       body: RevokeIn) -> VerifiedCertificate:
    return certificates_revoke.revoke(caller(router), certificate_id, body.reason)


@router.get("/me/certificates/<certificateId>", tags=["Learning"],
         summary="My certificate as a PDF: `/me/certificates/{id}.pdf` (English and Hindi, a QR code to its "
                 "verification page)",
         description="`certificateId` is the certificate's id followed by `.pdf` (API.md: "
                     "`/me/certificates/{certificateId}.pdf`). Answers 302 to the PDF's signed, expiring address "
                     "(on the web client's origin, like course media; `Location`), the same `{url, expiresAt}` "
                     "in the body. The PDF is made at the first request and stored; it is made again only when "
                     "the template (the platform's or the issuing org's) changes. Only the certificate's holder: "
                     "anyone else's, or a name without `.pdf`, is 404 CERTIFICATE_NOT_FOUND.",
         responses={**errors(404), 302: {"description": "Found: the PDF's signed address in `Location`",
                                         "content": {"application/json": {"model": CertificatePdf}}}})
def certificate_pdf(certificate_id: Annotated[str, Path(alias="certificateId", max_length=68)]) -> Response[CertificatePdf]:
    access = certificates_service.pdf(caller(router), certificate_id, router.current_event.headers)
    body = CertificatePdf(url=access.url, expires_at=access.expires_at.isoformat())
    return Response(status_code=302, content_type=content_types.APPLICATION_JSON, body=body,
                    headers={"Location": access.url, "Cache-Control": "no-store"})


@router.get("/.well-known/karmayogi-issuer.json", tags=["Learning"],
         summary="The certificate issuer's public key (public): verify certificates' credentials offline",
         description="`id` is the issuer's did:key; `verificationMethod[0]` holds the Ed25519 key as Multikey "
                     "(`publicKeyMultibase`) and as a JWK (`publicKeyJwk`, what WebCrypto imports).",
         responses={200: {"description": "The issuer document",
                          "content": {"application/json": {"model": IssuerDocument}}}})
def issuer_document() -> Response[dict[str, Any]]:
    return Response(status_code=200, content_type=content_types.APPLICATION_JSON,
                    body=certificates_service.issuer_document(), headers={"Cache-Control": "public, max-age=300"})
