"""TOTP codes (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), as an authenticator app computes them: the
demo accounts' and the tests' codes. Standard library only."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

STEP_SECONDS = 30


def code(secret: str, at: float | None = None) -> str:
    """The code of a base32 `secret` (any case, padding optional) at `at` (now by default, real time:
    Cognito checks codes on its own clock, not the platform's)."""
    padded = secret.upper() + "=" * (-len(secret) % 8)
    key = base64.b32decode(padded)
    counter = int((time.time() if at is None else at) // STEP_SECONDS)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def fresh_code(secret: str) -> str:
    """A code that stays valid for at least two more seconds (waits out the end of a step)."""
    if STEP_SECONDS - time.time() % STEP_SECONDS < 2:
        time.sleep(2.1)
    return code(secret)


if __name__ == "__main__":  # python -m local.totp <secret>: the code an authenticator app shows now
    import sys

    print(code(sys.argv[1]))
