"""Every error code the API can send has a message in the web client's English and Hindi dictionaries
(web/src/i18n/errors.en.ts, errors.hi.ts as `"errorCode.<CODE>"`), so a new code cannot ship untranslated and
users never read a raw server message (issue 17: "every error code gets a translated message").

The codes are collected from the source of the hubs, the shared layer and the dev server: the arguments of the
error helpers of karmayogi.platform.errors (bad_request, conflict, too_many_requests, forbidden, not_found,
unauthorized, AppError) and their default codes."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("functions", "layers", "local")
CODE = r'"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)"'
CALLS = [
    re.compile(rf"\b(?:bad_request|conflict|too_many_requests)\(\s*{CODE}"),
    re.compile(rf"\bAppError\(\s*\d{{3}},\s*{CODE}"),
    re.compile(rf"\b(?:forbidden|not_found)\((?:[^()]|\([^()]*\))*?,\s*(?:code\s*=\s*)?{CODE}\s*\)"),
    re.compile(rf"\bcode\s*=\s*{CODE}"),
]
# The helpers' defaults (forbidden(), not_found(), unauthorized(), stale_version(), unavailable()) and the
# client's own codes (api.ts: a network failure, a client-side error).
DEFAULTS = {"FORBIDDEN", "NOT_FOUND", "UNAUTHORIZED", "VERSION_CONFLICT", "SERVICE_UNAVAILABLE", "NETWORK_ERROR",
            "CLIENT_ERROR"}


def raised_codes() -> set[str]:
    codes = set(DEFAULTS)
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for pattern in CALLS:
                codes.update(pattern.findall(text))
    return codes


def dictionary_codes(name: str) -> set[str]:
    text = (ROOT / "web" / "src" / "i18n" / name).read_text(encoding="utf-8")
    return set(re.findall(r'"errorCode\.([A-Z0-9_]+)":\s*"[^"]+"', text))


def test_the_collector_finds_the_codes_of_every_helper() -> None:
    codes = raised_codes()
    # one of each form: bad_request, conflict, too_many_requests, AppError(status, ...), not_found(what, CODE),
    # forbidden(..., code=...)
    assert {"INVALID_DATES", "ALREADY_ENROLLED", "OTP_LOCKED", "INVALID_CURSOR", "COURSE_NOT_FOUND",
            "PROFILE_MISSING"} <= codes
    assert len(codes) > 100


def test_every_error_code_has_an_english_and_a_hindi_message() -> None:
    codes = raised_codes()
    assert not codes - dictionary_codes("errors.en.ts"), "add these codes to web/src/i18n/errors.en.ts"
    assert not codes - dictionary_codes("errors.hi.ts"), "add these codes to web/src/i18n/errors.hi.ts"


def test_the_hindi_messages_are_hindi() -> None:
    text = (ROOT / "web" / "src" / "i18n" / "errors.hi.ts").read_text(encoding="utf-8")
    for key, message in re.findall(r'"(errorCode\.[A-Z0-9_]+)":\s*"([^"]+)"', text):
        assert re.search(r"[\u0900-\u097f]", message), f"{key} is not in Hindi: {message}"
