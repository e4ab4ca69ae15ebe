"""How likely is guessing a one-time code within the auth hub's limits?

The limits are read from the auth hub's own constants (functions/auth/otp.py), never restated here:
- a code has CODE_DIGITS digits drawn uniformly (`secrets.randbelow(10**6)`): N = 10**CODE_DIGITS values;
- MAX_WRONG_TRIES wrong tries lock a code (the next try is 429 OTP_LOCKED, even with the right code, and
  a code is consumed only while `attempts < MAX_WRONG_TRIES` — checked in the same conditional write);
- at most HOURLY_SENDS and DAILY_SENDS codes may be sent to one address per clock hour and per day, and
  a new code replaces the live one (its tries start again, which is what an attacker gains from a resend).

An attacker who does not receive the codes guesses at most k = MAX_WRONG_TRIES distinct values per code.
One code: p = k / N. With c codes a day, independent and uniform:

    P(day) = 1 - (1 - k/N) ** c   <=  c * k / N

c is DAILY_SENDS per calendar day (and at most HOURLY_SENDS * 24, which is larger). Counters are per clock
day, so a sliding 24-hour window straddling midnight can hold two days' codes: c = min(2 * DAILY_SENDS,
HOURLY_SENDS * 24). Parallel guesses do not help: the right code succeeds only if its consuming write
lands before the k-th wrong try is counted, which for a burst of n guesses in random order happens with
probability k / n, while the burst contains the code with probability n / N: k / N again.

Usage: python bench/otp_bruteforce.py  (prints the figures; tests/security/test_otp_bruteforce.py asserts
the bound)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers/core/python")]

BOUND_PER_DAY = 1e-4


@dataclass(frozen=True)
class Figures:
    code_space: int
    tries_per_code: int
    codes_per_day: int
    codes_per_24h_window: int
    per_code: float
    per_day: float
    per_24h_window: float
    expected_days: float


def code_space() -> int:
    """How many values a code can take, from the generator itself (10**digits)."""
    from functions.auth import otp

    sample = otp.new_code()
    assert sample.isdigit()
    return 10 ** len(sample)


def figures() -> Figures:
    from functions.auth import otp

    space = code_space()
    tries = otp.MAX_WRONG_TRIES
    per_day = min(otp.DAILY_SENDS, otp.HOURLY_SENDS * 24)
    per_window = min(2 * otp.DAILY_SENDS, otp.HOURLY_SENDS * 24)
    per_code = tries / space
    return Figures(
        code_space=space,
        tries_per_code=tries,
        codes_per_day=per_day,
        codes_per_24h_window=per_window,
        per_code=per_code,
        per_day=1 - (1 - per_code) ** per_day,
        per_24h_window=1 - (1 - per_code) ** per_window,
        expected_days=1 / (1 - (1 - per_code) ** per_day),
    )


def main() -> int:
    from functions.auth import otp

    f = figures()
    print("OTP brute force within the auth hub's limits (functions/auth/otp.py)")
    print(f"  code space N             = {f.code_space:,} (6-digit codes from secrets.randbelow)")
    print(f"  tries per code k         = MAX_WRONG_TRIES = {f.tries_per_code}")
    print(f"  codes per address / hour = HOURLY_SENDS = {otp.HOURLY_SENDS}; / day = DAILY_SENDS = {otp.DAILY_SENDS}")
    print(f"  code lifetime            = CODE_TTL_SECONDS = {otp.CODE_TTL_SECONDS} s")
    print("  P(one code)      = k / N                          = "
          f"{f.tries_per_code} / {f.code_space:,} = {f.per_code:.3e}")
    print(f"  P(calendar day)  = 1 - (1 - k/N)^c, c = {f.codes_per_day:<3}       = {f.per_day:.3e}"
          f"  (bound {BOUND_PER_DAY:.0e}: {'OK' if f.per_day < BOUND_PER_DAY else 'EXCEEDED'})")
    print(f"  P(any 24 h)      = 1 - (1 - k/N)^c, c = {f.codes_per_24h_window:<3}       = {f.per_24h_window:.3e}"
          "  (two clock days straddling midnight)")
    print(f"  expected time to one success at the daily limit: {f.expected_days:,.0f} days "
          f"(~{f.expected_days / 365:,.0f} years) per address")
    return 0 if f.per_day < BOUND_PER_DAY else 1


if __name__ == "__main__":
    raise SystemExit(main())
