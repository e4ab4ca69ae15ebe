"""Certificate PDFs in the media bucket (settings MEDIA_BUCKET), under media/certificates/<certificateId>/:
one object per template version (`v<template>.pdf`), written once and then only read, served on the web
client's origin through CloudFront's /media/* behaviour with a signed address (functions/learning/cdn.py),
like course media. The only code of certificates that talks to S3; it returns data, never an HTTP answer."""

from __future__ import annotations

from typing import Any

from karmayogi.platform import aws
from karmayogi.platform.settings import get_settings

CERTIFICATES_PREFIX = "media/certificates/"  # infra/definitions.CERTIFICATES_PREFIX (the hub's grant)


def _s3() -> Any:
    return aws.client("s3")


def prefix(certificate_id: str) -> str:
    return f"{CERTIFICATES_PREFIX}{certificate_id}/"


def key(certificate_id: str, template: str) -> str:
    return f"{prefix(certificate_id)}v{template}.pdf"


def put_pdf(object_key: str, body: bytes, certificate_id: str) -> None:
    """Store a certificate's PDF (private; served only through the signed /media/* address)."""
    _s3().put_object(
        Bucket=get_settings().require("media_bucket").media_bucket, Key=object_key, Body=body,
        ContentType="application/pdf",
        ContentDisposition=f'inline; filename="certificate-{certificate_id}.pdf"',
        CacheControl="private, max-age=3600",
    )
