"""CloudFront's /media/* behaviour on the dev server and in tests: the objects of the media bucket (moto's
S3) served only to a request CloudFront would serve, with the response headers of the deployed behaviour.

`install()` makes the key pair at start: an RSA key whose private half goes into (moto's) Secrets Manager
under the secret the settings name (MEDIA_SIGNING_KEY_SECRET_ARN), exactly where the learning hub reads it
in AWS, and whose public half is what this stand-in trusts (the key group of the distribution). So the
hub's signing code (functions/learning/cdn.py) runs here unchanged.

The check is written by hand: no maintained library verifies CloudFront signatures (CloudFront does it in
AWS; botocore only signs). It follows CloudFront's documented rules: the signature and policy from the
query string (Policy or Expires, Signature, Key-Pair-Id) or else from the cookies (CloudFront-Policy or
CloudFront-Expires, CloudFront-Signature, CloudFront-Key-Pair-Id); a key pair id of the trusted key group; an
RSA-SHA1 (PKCS#1 v1.5) signature over the policy (a canned policy is rebuilt from the address and Expires);
the policy's resource matching the address (`*` any characters, `?` one); now before DateLessThan and, when
given, after DateGreaterThan. Anything else is 403, as CloudFront answers. Served: 200, or 206 with
Content-Range for one byte range (416 when it lies beyond the object), the object's Content-Type."""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
from datetime import datetime
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, unquote

import boto3

from infra import definitions
from karmayogi.platform import clock
from karmayogi.platform.errors import AppError
from local.aws import REGION, STAGE

KEY_PAIR_ID = "K2LOCALMEDIAKEY"  # what CloudFront names a public key (an id of its own)
trusted_keys: dict[str, Any] = {}  # the distribution's key group: key pair id → RSA public key
MEDIA_PATH = "/" + definitions.MEDIA_PREFIX
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def generate_key_pair() -> tuple[str, str]:
    """(private PEM, public PEM) of a new 2048-bit RSA key, as CloudFront takes them."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


def install() -> None:
    """A new key pair (private half in moto's Secrets Manager, public half trusted here) and the settings
    that point the learning hub at it."""
    from cryptography.hazmat.primitives import serialization

    from karmayogi.platform.settings import reset_settings

    private, public = generate_key_pair()
    name = definitions.media_signing_secret_name(STAGE)
    secrets = boto3.client("secretsmanager", region_name=REGION)
    try:
        secrets.put_secret_value(SecretId=name, SecretString=private)
    except secrets.exceptions.ResourceNotFoundException:
        secrets.create_secret(Name=name, SecretString=private)
    trusted_keys.clear()
    trusted_keys[KEY_PAIR_ID] = serialization.load_pem_public_key(public.encode())
    os.environ["MEDIA_SIGNING_KEY_SECRET_ARN"] = name
    os.environ["MEDIA_KEY_PAIR_ID"] = KEY_PAIR_ID
    reset_settings()
    from functions.learning import cdn

    cdn._private_key.cache_clear()


# ---- the signature check ---------------------------------------------------------------------------------

def _forbidden() -> AppError:
    return AppError(403, "ACCESS_DENIED", "Access denied")


def _url_safe_decode(value: str) -> bytes:
    try:
        return base64.b64decode(value.translate(str.maketrans("-_~", "+=/")), validate=True)
    except (binascii.Error, ValueError) as error:
        raise _forbidden() from error


def _matches(pattern: str, url: str) -> bool:
    """CloudFront's resource wildcards: `*` any run of characters (slashes too), `?` exactly one."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, url, flags=re.DOTALL) is not None


def _signed_values(query: str, cookie_header: str | None) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The signing values (Policy/Expires, Signature, Key-Pair-Id) from the query string, else from the
    cookies; and the query's other parameters (part of the address the policy's resource must match)."""
    pairs = parse_qsl(query, keep_blank_values=True)
    names = ("Policy", "Expires", "Signature", "Key-Pair-Id")
    signed = {k: v for k, v in pairs if k in names}
    rest = [(k, v) for k, v in pairs if k not in names]
    if signed:
        return signed, rest
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(cookie_header or "")
    except CookieError:
        return {}, rest
    for name in names:
        if f"CloudFront-{name}" in jar:
            signed[name] = jar[f"CloudFront-{name}"].value
    return signed, rest


def check(url: str, query: str, cookie_header: str | None, now: datetime) -> None:
    """Nothing when CloudFront would serve `url` (scheme, host and path, as the viewer asked) with these
    query parameters and cookies; AppError 403 otherwise."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    signed, rest = _signed_values(query, cookie_header)
    public_key = trusted_keys.get(signed.get("Key-Pair-Id", ""))
    if public_key is None or "Signature" not in signed:
        raise _forbidden()
    address = url + ("?" + "&".join(f"{k}={v}" for k, v in rest) if rest else "")
    if "Policy" in signed:
        policy = _url_safe_decode(signed["Policy"])
    elif signed.get("Expires", "").isdigit():
        policy = json.dumps({"Statement": [{"Resource": address, "Condition": {
            "DateLessThan": {"AWS:EpochTime": int(signed["Expires"])}}}]}, separators=(",", ":")).encode()
    else:
        raise _forbidden()
    try:
        public_key.verify(_url_safe_decode(signed["Signature"]), policy, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303
    except InvalidSignature as error:
        raise _forbidden() from error
    try:
        statement = json.loads(policy)["Statement"][0]
        resource = statement.get("Resource", address)
        condition = statement["Condition"]
        before = int(condition["DateLessThan"]["AWS:EpochTime"])
        after = int((condition.get("DateGreaterThan") or {}).get("AWS:EpochTime", 0))
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as error:
        raise _forbidden() from error
    moment = int(now.timestamp())
    if not _matches(str(resource), address) or moment >= before or moment <= after:
        raise _forbidden()


# ---- serving -----------------------------------------------------------------------------------------------

class RangeNotSatisfiable(Exception):
    """The asked range lies beyond the object (416)."""


def _byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) of a single `bytes=` range; None for the whole object. RangeNotSatisfiable when it
    cannot be met."""
    if not header:
        return None
    found = RANGE.match(header.strip())
    if found is None or found.group(1) == found.group(2) == "":
        return None  # not one byte range: served whole, as S3 does with a range it cannot parse
    first, last = found.group(1), found.group(2)
    if first == "":
        start, end = max(size - int(last), 0), size - 1
    else:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        raise RangeNotSatisfiable()
    return start, end


def serve(base_url: str, path: str, query: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    """A GET of /media/<key> as CloudFront's /media/* behaviour answers it."""
    from botocore.exceptions import ClientError

    from karmayogi.platform.settings import get_settings

    lower = {k.lower(): v for k, v in headers.items()}
    check(base_url.rstrip("/") + path, query, lower.get("cookie"), clock.now())
    key = unquote(path.lstrip("/"))
    if not key.startswith(definitions.MEDIA_PREFIX) or key.endswith("/"):
        raise _forbidden()
    s3 = boto3.client("s3", region_name=REGION)
    bucket = get_settings().require("media_bucket").media_bucket
    try:
        head = s3.head_object(Bucket=bucket, Key=key)
    except ClientError as error:
        # With an origin access control (s3:GetObject only) S3 answers a missing key 403, as CloudFront passes on
        raise _forbidden() from error
    size = int(head["ContentLength"])
    answer = {
        "Content-Type": head.get("ContentType") or "application/octet-stream",
        "Accept-Ranges": "bytes",
        "ETag": head["ETag"],
        **media_response_headers(),
    }
    try:
        wanted = _byte_range(lower.get("range"), size)
    except RangeNotSatisfiable:
        refusal = AppError(416, "RANGE_NOT_SATISFIABLE", "The range lies beyond the file")
        return 416, {**answer, "Content-Type": "application/json", "Content-Range": f"bytes */{size}"}, \
            json.dumps(refusal.body()).encode()
    if wanted is None:
        return 200, answer, s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    start, end = wanted
    body = s3.get_object(Bucket=bucket, Key=key, Range=f"bytes={start}-{end}")["Body"].read()
    return 206, {**answer, "Content-Range": f"bytes {start}-{end}/{size}"}, body


def media_response_headers() -> dict[str, str]:
    """What the deployed behaviour's response headers policy adds (infra/constructs/web.py)."""
    return {
        "Content-Security-Policy": definitions.MEDIA_CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "SAMEORIGIN",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload",
    }
