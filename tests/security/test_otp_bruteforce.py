"""OTP brute force: the chance of guessing a code within the auth hub's limits (bench/otp_bruteforce.py
computes it from functions/auth/otp.py's constants), and the limits that formula assumes, checked
against the running code on the password-reset path (the one an attacker who does not own the account
would try): k wrong tries per code, then locked even for the right code; at most DAILY_SENDS codes a
day to the account's addresses, with `forgot` still answering 202 so it reveals nothing."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from functions.auth import otp
from karmayogi.platform import clock
from local import aws
from local.seed.accounts import create_account
from tests import factories

_spec = importlib.util.spec_from_file_location(
    "otp_bruteforce", Path(__file__).resolve().parents[2] / "bench" / "otp_bruteforce.py")
assert _spec is not None and _spec.loader is not None
otp_bruteforce = importlib.util.module_from_spec(_spec)
sys.modules["otp_bruteforce"] = otp_bruteforce  # its dataclass looks its module up
_spec.loader.exec_module(otp_bruteforce)

PASSWORD = "Karma@Yogi2026"
EMAIL = "victim@dopt.gov.in"
MOBILE = "+919811100001"


def test_the_chance_of_guessing_a_code_in_a_day_is_below_one_in_ten_thousand():
    figures = otp_bruteforce.figures()
    assert figures.code_space == 1_000_000
    assert figures.tries_per_code == otp.MAX_WRONG_TRIES
    assert figures.codes_per_day == min(otp.DAILY_SENDS, 24 * otp.HOURLY_SENDS)
    # P(day) = 1 - (1 - k/N)^c, and the union bound c*k/N above it
    expected = 1 - (1 - otp.MAX_WRONG_TRIES / 1_000_000) ** figures.codes_per_day
    assert abs(figures.per_day - expected) < 1e-12
    assert figures.per_day <= figures.codes_per_day * otp.MAX_WRONG_TRIES / 1_000_000
    assert figures.per_day < 1e-4
    assert figures.per_24h_window < 2e-4  # two clock days around midnight
    assert otp_bruteforce.main() == 0


def _victim():
    factories.seed_directory()
    return create_account(
        user_id="victim-1", employee_id="DOPT-V-1", name="Victim Officer", email=EMAIL, mobile=MOBILE,
        org_id="dopt", designation_id="section-officer", designation="Section Officer", roles=["PUBLIC"],
        password=PASSWORD,
    )


def _codes_sent() -> list[str]:
    return [m.group(1) for message in aws.sent_messages(EMAIL)
            if (m := re.search(r"(?<!\d)(\d{6})(?!\d)", message["body"]))]


def _reset(api, code: str):
    return api.post("/auth/password/reset", {"username": EMAIL, "code": code, "newPassword": "N3w@Passw0rd!x"})


def test_each_code_allows_exactly_k_guesses_then_even_the_right_code_is_locked(api):
    _victim()
    assert api.post("/auth/password/forgot", {"username": EMAIL}).status == 202
    code = _codes_sent()[-1]
    wrong = [f"{(int(code) + n) % 1_000_000:06d}" for n in range(1, 10)]
    answers = [_reset(api, guess) for guess in wrong[: otp.MAX_WRONG_TRIES]]
    assert [a.status for a in answers] == [400] * otp.MAX_WRONG_TRIES
    assert answers[-1].json()["error"]["details"] == {"attemptsLeft": 0}
    locked = _reset(api, code)
    assert locked.status == 429 and locked.json()["error"]["code"] == "OTP_LOCKED"
    assert int(locked.headers["Retry-After"]) >= 1


def test_at_most_daily_sends_codes_a_day_reach_an_account_and_forgot_still_answers_202(api):
    _victim()
    for hour in range(0, 24, 3):  # 8 clock hours: enough to pass the daily limit
        clock.set_now(clock.parse_iso(f"2026-12-01T{hour:02d}:00:00+00:00"))
        for _ in range(otp.HOURLY_SENDS + 1):
            response = api.post("/auth/password/forgot", {"username": EMAIL})
            # the username counter itself answers 429 (the same for every username) or 202
            assert response.status in (202, 429)
            if response.status == 429:
                assert response.json()["error"]["code"] == "SEND_LIMIT_EXCEEDED"
    assert len(_codes_sent()) == otp.DAILY_SENDS
    guesses = otp.MAX_WRONG_TRIES * len(_codes_sent())
    assert guesses / 1_000_000 < 1e-4
