"""A bounded load run of the learner journey (bench/load/locustfile.py) against a dev server of its own
on 127.0.0.1: starts the server on a free port, moves its clock to the next morning (the seeded open
batches start taking enrolments the day after seeding), runs Locust headless (default 20 users, spawn
rate 5, 60 s), stops the server, and prints per route the count, failures, p50, p95 and max, slowest
first. Exits non-zero if any request failed.

Usage: python bench/load/run.py [--users 20] [--spawn-rate 5] [--seconds 60]   (make load)"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "layers/core/python")]

from tests.e2e_support import DevServerProcess  # noqa: E402


def _next_morning(server: DevServerProcess) -> None:
    with urllib.request.urlopen(server.url + "/_local/clock", timeout=30) as response:
        now = datetime.fromisoformat(json.load(response)["now"])
    ist = timedelta(hours=5, minutes=30)
    morning = (now + ist + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0) - ist
    request = urllib.request.Request(server.url + "/_local/clock", method="POST",
                                     data=json.dumps({"now": morning.replace(tzinfo=UTC).isoformat()}).encode(),
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=60).close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    started = time.monotonic()
    server = DevServerProcess()
    assert server.url.startswith("http://127.0.0.1:"), server.url
    print(f"dev server on {server.url} (ready in {time.monotonic() - started:.0f} s)", flush=True)
    try:
        _next_morning(server)
        with tempfile.TemporaryDirectory() as folder:
            prefix = str(Path(folder) / "load")
            command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench/load/locustfile.py"), "--headless",
                       "--host", server.url, "-u", str(args.users), "-r", str(args.spawn_rate),
                       "-t", f"{args.seconds}s", "--stop-timeout", "30", "--csv", prefix, "--only-summary",
                       "--loglevel", "WARNING"]
            run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                                 timeout=args.seconds + 300, check=False)
            stats_path = Path(prefix + "_stats.csv")
            if not stats_path.exists():
                print(run.stdout[-4000:], run.stderr[-4000:], sep="\n")
                return 2
            rows = list(csv.DictReader(stats_path.read_text().splitlines()))
            failures = list(csv.DictReader(Path(prefix + "_failures.csv").read_text().splitlines()))
    finally:
        server.stop()
    total = next(r for r in rows if r["Name"] == "Aggregated")
    routes = sorted((r for r in rows if r["Name"] != "Aggregated"), key=lambda r: -float(r["95%"] or 0))
    print(f"\n{args.users} users, spawn rate {args.spawn_rate}/s, {args.seconds} s on loopback")
    print(f"{'route':<52} {'count':>6} {'fail':>5} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for row in routes:
        label = f"{row['Type']} {row['Name']}"
        print(f"{label:<52} {row['Request Count']:>6} {row['Failure Count']:>5} {row['50%']:>7} {row['95%']:>7} "
              f"{float(row['Max Response Time']):>7.0f}")
    errors = int(total["Failure Count"])
    print(f"{'all':<52} {total['Request Count']:>6} {errors:>5} {total['50%']:>7} {total['95%']:>7} "
          f"{float(total['Max Response Time']):>7.0f}   ({float(total['Requests/s']):.1f} requests/s)")
    for failure in failures[:20]:
        print(f"  failure: {failure['Method']} {failure['Name']}: {failure['Error'][:160]} x{failure['Occurrences']}")
    print(f"errors: {errors}")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
