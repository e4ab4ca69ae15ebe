"""Ids, shards, words and the index names every key module uses."""

from __future__ import annotations

import hashlib
import secrets
import time
import unicodedata

GSI1 = "GSI1"
GSI2 = "GSI2"
GSI3 = "GSI3"

# Writes that would all land on one partition key are spread over this many shards (hot-key rule).
DEFAULT_SHARDS = 16


def new_id(prefix: str = "") -> str:
    """A sortable unique id: 10 chars of millisecond time (base32) + 16 random chars."""
    millis = int(time.time() * 1000)
    alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
    stamp = ""
    for _ in range(10):
        millis, remainder = divmod(millis, 32)
        stamp = alphabet[remainder] + stamp
    rand = "".join(secrets.choice(alphabet) for _ in range(16))
    return f"{prefix}{stamp}{rand}"


def shard_of(value: str, shards: int = DEFAULT_SHARDS) -> int:
    """A stable shard number for `value` (not Python's salted hash)."""
    return int(hashlib.sha256(value.encode()).hexdigest()[:8], 16) % shards


def normalize(text: str) -> str:
    """Case- and form-insensitive text for searching (works for Devanagari and other Indic scripts)."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def _is_word_char(char: str) -> bool:
    # Letters, digits, "_" (as `\w`) and combining marks: `\w` alone splits Indic words at their vowel
    # signs and viramas (Unicode category M), e.g. "राजेश" into "र", "ज", "श".
    return char == "_" or unicodedata.category(char)[0] in "LNM"


def words(text: str) -> list[str]:
    """The distinct searchable words of a text, in order (Devanagari and other Indic scripts kept whole)."""
    found: list[str] = []
    current: list[str] = []
    for char in normalize(text) + " ":
        if _is_word_char(char):
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    return list(dict.fromkeys(found))


def zero_pad(number: int, width: int = 10) -> str:
    return str(max(0, number)).zfill(width)


def user_pk(user_id: str) -> str:
    return f"USER#{user_id}"


def guard_key(kind: str, value: str) -> tuple[str, str]:
    """Uniqueness guard for an email, mobile or employee id: written in the same transaction as the
    account it guards. `kind` is EMAIL, MOBILE or EMPLOYEE."""
    return f"UNIQUE#{kind}#{normalize(value)}", "GUARD"
