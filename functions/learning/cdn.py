"""Signed access to course media on CloudFront (the web client's distribution serves the media bucket under
/media/*, trusting one key group: infra/constructs/web.py). The only code of the hub that signs; like
storage.py it returns data, never an HTTP answer. The same code signs in AWS and on the dev server, whose
/media route (local/cdn.py) checks the signature as CloudFront does.

One file's access is a custom policy whose resource is the file's whole prefix
(`http*://*/media/<course>/<content>/<upload>/*`), valid for SESSION. The host is a wildcard: only the
distribution that trusts the key group serves it, whichever of its names (the stage's domain or its
cloudfront.net one) the viewer uses, and the address is origin-relative (`/media/...`): media is served
on the web client's origin, which the app, a SCORM package and the cookies need. (The hub could not be
told the distribution's name anyway: the distribution fronts the API that fronts the hub.) The address the player opens
carries the policy in its query string, and the same policy goes in CloudFront's three cookies scoped to
the prefix's path, so what the file loads by relative address (HLS renditions and segments, a SCORM
package's pages and assets) is signed too. botocore's CloudFrontSigner builds the policy and the address;
the RSA-SHA1 signature CloudFront asks for is made with `cryptography`."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from karmayogi.platform.settings import get_settings

# How long a play session's address and cookies last. Two hours covers a long video watched with pauses
# or a SCORM module worked through in one sitting; a copied address stops working soon after, and the
# player asks for a fresh one (GET .../play again: `expiresAt` says when) when a session runs longer.
SESSION = timedelta(hours=2)
# The cookies CloudFront reads a signed request's policy from (the names of its query parameters Policy /
# Signature / Key-Pair-Id, prefixed "CloudFront-": the names CloudFront documents for signed cookies).
CDN_COOKIE_POLICY = "CloudFront-Policy"
CDN_COOKIE_SIGNATURE = "CloudFront-Signature"
CDN_COOKIE_KEY_PAIR_ID = "CloudFront-Key-Pair-Id"


@dataclass(frozen=True)
class SignedAccess:
    url: str  # the object to open (origin-relative), signed in its query string
    expires_at: datetime
    cookie_path: str  # the prefix's path: the cookies go only with requests for this file's objects
    cookies: dict[str, str]  # CloudFront-Policy, CloudFront-Signature, CloudFront-Key-Pair-Id


def _url_safe(data: bytes) -> str:
    """CloudFront's base64 for query strings and cookies: + = / become - _ ~."""
    return base64.b64encode(data).decode().translate(str.maketrans("+=/", "-_~"))


@lru_cache(maxsize=1)
def _private_key(pem: str) -> Any:
    from cryptography.hazmat.primitives import serialization

    return serialization.load_pem_private_key(pem.encode(), password=None)


def _rsa_sha1(message: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    # SHA-1 is what CloudFront's signed URLs and cookies use (not a choice of ours).
    signature: bytes = _private_key(get_settings().media_signing_key).sign(
        message, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303
    return signature


def media_path(key: str) -> str:
    """The origin-relative address of an object of the media bucket (the distribution's /media/* behaviour)."""
    return "/" + quote(key, safe="/")


def sign(prefix: str, key: str, now: datetime, query: str = "") -> SignedAccess:
    """Access to everything under `prefix` (ending in /) until now + SESSION, opening `key` (under it) with
    `query` (a SCORM launch page's own parameters: kept ahead of the signature's, which the policy's `*`
    covers)."""
    from botocore.signers import CloudFrontSigner

    if not prefix.endswith("/") or not key.startswith(prefix):
        raise ValueError("the key must lie under the prefix")
    settings = get_settings().require("media_key_pair_id")
    expires_at = (now + SESSION).replace(microsecond=0)
    signer = CloudFrontSigner(settings.media_key_pair_id, _rsa_sha1)
    path = media_path(prefix)
    policy = signer.build_policy(f"http*://*{path}*", expires_at)
    url = signer.generate_presigned_url(media_path(key) + (f"?{query}" if query else ""), policy=policy)
    cookies = {
        CDN_COOKIE_POLICY: _url_safe(policy.encode()),
        CDN_COOKIE_SIGNATURE: _url_safe(_rsa_sha1(policy.encode())),
        CDN_COOKIE_KEY_PAIR_ID: settings.media_key_pair_id,
    }
    return SignedAccess(url=url, expires_at=expires_at, cookie_path=path, cookies=cookies)
