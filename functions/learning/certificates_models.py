"""Response models of certificates people can use (certificates_service.py): the public verification answer
with its verifiable credential, the PDF's signed address, the issuer's key document."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from functions.learning.achievement_models import Certificate
from karmayogi.platform.models import CamelModel, RequestModel


class VerifiedCertificate(Certificate):
    issuer: str | None = Field(None, description="The issuing org: the course's provider (or the event's organiser)")
    issuer_org_id: str | None = Field(None, description="The issuing org's id (its MDO admins may revoke the certificate)")
    status: Literal["valid", "revoked"]
    revoked_at: str | None = Field(None, description="When it was revoked (the reason is not public)")
    credential: dict[str, Any] = Field(description=(
        "A W3C Verifiable Credential 2.0 / Open Badges 3.0 `OpenBadgeCredential` with a Data Integrity proof "
        "(`eddsa-jcs-2022`, Ed25519): check it offline with the key of `GET /.well-known/karmayogi-issuer.json`. "
        "A revoked certificate's credential has `validUntil` (its revocation time)."))


class CertificatePdf(CamelModel):
    url: str = Field(description="The PDF, signed (origin-relative, on the web client's origin) until expiresAt")
    expires_at: str


class IssuerDocument(CamelModel):
    """The issuer's public key, as a DID-document-like profile: `id` (a did:key), `verificationMethod`
    (Multikey `publicKeyMultibase` and `publicKeyJwk`), `assertionMethod`."""

    model_config = ConfigDict(extra="allow")

    id: str
    type: list[str]
    name: str
    verification_method: list[dict[str, Any]]
    assertion_method: list[str]


class RevokeIn(RequestModel):
    reason: str = Field(min_length=10, max_length=500,
                        description="Why the certificate is revoked (kept with it; not shown publicly)")
