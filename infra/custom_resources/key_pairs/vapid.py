"""The Web Push VAPID key pair (infra/constructs/push.py): a P-256 key put into its secret as JSON
`{"publicKey", "privateKey"}` (base64url, unpadded: the 65-byte uncompressed point browsers take as
`applicationServerKey` and the 32-byte private scalar), the form karmayogi.platform.settings validates. Nobody
handles the private key: it is made here and read only by the functions that send push. Rotating it ends every
device's subscription (browsers must subscribe again). Runs with the deps layer (`cryptography`)."""

from __future__ import annotations

from typing import Any

from .json_pair import json_pair, public_of_json_pair
from .lifecycle import on_event


def _new_key_pair() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    point = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return json_pair(point, key.private_numbers().private_value.to_bytes(32, "big"))


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return on_event(event, new_secret=_new_key_pair, public_half=public_of_json_pair)
