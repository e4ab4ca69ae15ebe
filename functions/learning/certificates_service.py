"""Certificates people can use (issue 20): the PDF (made once per template version, stored in the media bucket,
served by a signed address), the verifiable credential on the public verification answer, the issuer's public
key document, and revocation. No HTTP here, no boto3 (certificates_files.py stores; cdn.py signs).

A certificate is a course completion's (written by the completion's transaction, progress.py) or an event
attendance's (`kind` "event", written by the events hub). Its issuer on the PDF is the course's provider org
(or the event's organising org); the credential is signed by the platform's key (karmayogi.domain.credentials)
and names that org as the achievement's creator.

The PDF's template version is `certificates_pdf.TEMPLATE_VERSION` and the issuing org's own
`certificateTemplateVersion` (0 when it has none): while both stay, the stored PDF is served; a change of
either makes it once more, under a key of its own (the old one is never overwritten)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from functions.learning import cdn, certificates_files, repository
from functions.learning.certificates_models import VerifiedCertificate
from karmayogi.domain import credentials, refcache
from karmayogi.platform import clock, db, keys
from karmayogi.platform.errors import not_found
from karmayogi.platform.identity import Caller
from karmayogi.platform.observability import logger
from karmayogi.platform.settings import get_settings

PDF_NAME = re.compile(r"^([A-Za-z0-9_-]{1,64})\.pdf$")
VERIFY_PATH = "/app/certificates/"


def _missing() -> Exception:
    return not_found("The certificate", "CERTIFICATE_NOT_FOUND")


def web_origin(headers: dict[str, str] | None) -> str:
    """Where the web client lives (its verification page): the WEB_ORIGIN setting (the stage's domain), else
    the origin the request came from (`Origin`, else `Referer`, else the `Host` it was sent to)."""
    configured = get_settings().web_origin
    if configured:
        return configured.rstrip("/")
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    for candidate in (lowered.get("origin"), lowered.get("referer")):
        if candidate:
            parts = urlsplit(candidate)
            if parts.scheme in ("http", "https") and parts.hostname and re.fullmatch(r"[A-Za-z0-9.:-]+", parts.netloc):
                return f"{parts.scheme}://{parts.netloc}"
    host = lowered.get("x-forwarded-host") or lowered.get("host") or ""
    if re.fullmatch(r"[A-Za-z0-9.:-]{1,255}", host):
        scheme = "http" if host.startswith(("127.0.0.1", "localhost")) else "https"
        return f"{scheme}://{host}"
    return ""


def verify_url(certificate_id: str, origin: str) -> str:
    return f"{origin}{VERIFY_PATH}{certificate_id}"


def _issuer_org(certificate: dict[str, Any], *, fresh: bool = False) -> dict[str, Any]:
    """The issuing org of a certificate: its `providerOrgId` (written at issue), else (certificates issued
    before it was) the course's provider or owning org. `fresh`: read directly, not from the container's
    cache, when its template version decides whether the PDF is made again; the verification reads only its
    name, from the cache."""
    org_id = certificate.get("providerOrgId")
    if not org_id and certificate.get("kind", "course") == "course":
        course = repository.get_course(str(certificate["courseId"])) or {}
        org_id = course.get("providerOrgId") or course.get("orgId")
    if not org_id:
        return {}
    if fresh:
        return db.get(*keys.org_key(str(org_id))) or {}
    return refcache.org(str(org_id)) or {}


def _competencies(certificate: dict[str, Any]) -> tuple[list[tuple[str, int]], dict[str, str]]:
    levels = [(str(c["competencyId"]), int(c["level"])) for c in certificate.get("competencies") or []]
    found = refcache.competencies([cid for cid, _ in levels]) if levels else {}
    names = {cid: str((found.get(cid) or {}).get("name") or cid) for cid, _ in levels}
    return levels, names


def _with_issuer(certificate: dict[str, Any], org: dict[str, Any]) -> dict[str, Any]:
    if org and not certificate.get("providerName"):
        return {**certificate, "providerOrgId": org.get("id"), "providerName": org.get("name", "")}
    return certificate


def credential_of(certificate: dict[str, Any], org: dict[str, Any] | None = None) -> dict[str, Any]:
    """The certificate's signed credential (made on each read: Ed25519 signatures are deterministic and
    cheap, and a revocation or a rotated key shows at once)."""
    key = credentials.issuer_key()
    full = _with_issuer(certificate, org if org is not None else _issuer_org(certificate))
    _, names = _competencies(full)
    return credentials.sign(credentials.unsigned_credential(full, key.did, competency_names=names), key)


# ---- routes' logic ----------------------------------------------------------------------------------------

def verify(certificate_id: str) -> VerifiedCertificate:
    """The public verification answer: the certificate, its status and its credential."""
    item = repository.get_certificate(certificate_id) if len(certificate_id) <= 64 else None
    if item is None:
        raise _missing()
    return verified(item)


def verified(item: dict[str, Any]) -> VerifiedCertificate:
    """The verification answer of a certificate item (as stored, or as about to be written)."""
    org = _issuer_org(item)
    full = _with_issuer(item, org)
    return VerifiedCertificate.model_validate({
        **full, "kind": full.get("kind", "course"), "issuer": full.get("providerName"),
        "issuerOrgId": full.get("providerOrgId"),
        "status": "revoked" if full.get("revokedAt") else "valid",
        "credential": credential_of(full, org),
    })


def issuer_document() -> dict[str, Any]:
    return credentials.issuer_document()


def pdf(caller: Caller, name: str, headers: dict[str, str] | None) -> cdn.SignedAccess:
    """A signed address of the caller's own certificate as a PDF (`name` is `<certificateId>.pdf`; another
    learner's certificate, or anything else, is not found). Made and stored at the first request of its
    template version; later requests only sign."""
    match = PDF_NAME.match(name)
    item = repository.get_certificate(match.group(1)) if match else None
    if item is None or item.get("userId") != caller.user_id:
        raise _missing()
    certificate_id = str(item["id"])
    org = _issuer_org(item, fresh=True)
    template = f"{_template_version()}.{int(org.get('certificateTemplateVersion') or 0)}"
    object_key = certificates_files.key(certificate_id, template)
    if item.get("pdfKey") != object_key:
        _make_pdf(_with_issuer(item, org), object_key, web_origin(headers))
    return cdn.sign(certificates_files.prefix(certificate_id), object_key, datetime.fromisoformat(clock.now_iso()))


def _template_version() -> str:
    from functions.learning.certificates_pdf import TEMPLATE_VERSION

    return TEMPLATE_VERSION


def _make_pdf(certificate: dict[str, Any], object_key: str, origin: str) -> None:
    from functions.learning.certificates_pdf import CertificateText, render  # fpdf2 only on this path

    levels, names = _competencies(certificate)
    body = render(CertificateText(
        certificate_id=str(certificate["id"]), learner_name=str(certificate.get("learnerName", "")),
        title=str(certificate.get("courseTitle", "")), issued_at=str(certificate["issuedAt"]),
        issuer=str(certificate.get("providerName") or credentials.ISSUER_NAME),
        verify_url=verify_url(str(certificate["id"]), origin), kind=str(certificate.get("kind", "course")),
        competencies=[(names[cid], level) for cid, level in levels]))
    certificates_files.put_pdf(object_key, body, str(certificate["id"]))
    repository.set_certificate_pdf(str(certificate["id"]), object_key)
    logger.info("certificate pdf made", extra={"certificateId": certificate["id"], "key": object_key,
                                               "bytes": len(body)})


def revoke(certificate_id: str, at: str | None = None) -> None:
    """Mark a certificate revoked (its completion withdrawn or reset): the verification page and the
    credential (`validUntil`) say so from now on. Revoking again keeps the first time."""
    repository.revoke_certificate(certificate_id, at or clock.now_iso())
