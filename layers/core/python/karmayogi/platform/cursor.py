"""Opaque page cursors: the DynamoDB LastEvaluatedKey, bound to the list it came from and signed.

A client can hold a cursor and hand it back, but not read, forge or reuse it for another list: anything
that does not verify is a 400 INVALID_CURSOR (never a 500)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from karmayogi.platform.errors import bad_request
from karmayogi.platform.settings import get_settings

MAX_CURSOR_LENGTH = 2048
SIGNATURE_BYTES = 16


def _signature(payload: bytes) -> bytes:
    key = get_settings().cursor_signing_key.encode()
    return hmac.new(key, payload, hashlib.sha256).digest()[:SIGNATURE_BYTES]


def encode(last_key: dict[str, Any], scope: str) -> str:
    payload = json.dumps({"k": last_key, "s": scope}, separators=(",", ":"), sort_keys=True).encode()
    token = payload + b"." + _signature(payload)
    return base64.urlsafe_b64encode(token).decode().rstrip("=")


def decode(cursor: str, scope: str) -> dict[str, Any]:
    invalid = bad_request("INVALID_CURSOR", "The cursor is not valid for this list")
    if not cursor or len(cursor) > MAX_CURSOR_LENGTH:
        raise invalid
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (binascii.Error, ValueError) as error:
        raise invalid from error
    # The signature is raw bytes of fixed length and may itself contain b".": split by position, not
    # at the last dot (which refused about one cursor in sixteen as forged).
    payload, dot, signature = raw[:-SIGNATURE_BYTES - 1], raw[-SIGNATURE_BYTES - 1:-SIGNATURE_BYTES], raw[-SIGNATURE_BYTES:]
    if not payload or dot != b"." or not hmac.compare_digest(signature, _signature(payload)):
        raise invalid
    try:
        data = json.loads(payload)
    except ValueError as error:
        raise invalid from error
    if not isinstance(data, dict) or data.get("s") != scope or not isinstance(data.get("k"), dict):
        raise invalid
    key: dict[str, Any] = data["k"]
    return key
