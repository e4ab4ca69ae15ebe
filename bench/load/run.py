"""A bounded load run of the learner journey (bench/load/locustfile.py) against dev servers of its own on
127.0.0.1: for each run it starts a fresh server on a free port (its table on DynamoDB Local or on in-process
moto: `local.server --engine`), moves its clock to the next morning (the seeded open batches start taking
enrolments the day after seeding), runs Locust headless, stops the server, and prints per route the count,
failures, p50, p95 and max, slowest first. With `--compare-users N` it also runs both engines at N users and
prints the throughput side by side. Exits non-zero if any request of any run failed.

Usage: python bench/load/run.py [--users 200] [--spawn-rate 20] [--seconds 120] [--engine dynamodb-local|moto]
                                [--compare-users 50] [--json bench/results/load.json]       (make load)"""

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
from typing import Any

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


def run_once(engine: str, users: int, spawn_rate: float, seconds: int) -> dict[str, Any]:
    """One server, one Locust run: the per-route rows, the aggregate and the failures."""
    started = time.monotonic()
    server = DevServerProcess(engine)
    assert server.url.startswith("http://127.0.0.1:"), server.url
    print(f"\n[{server.engine}] dev server on {server.url} (ready in {time.monotonic() - started:.0f} s); "
          f"{users} users for {seconds} s", flush=True)
    try:
        _next_morning(server)
        with tempfile.TemporaryDirectory() as folder:
            prefix = str(Path(folder) / "load")
            command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench/load/locustfile.py"), "--headless",
                       "--host", server.url, "-u", str(users), "-r", str(spawn_rate),
                       "-t", f"{seconds}s", "--stop-timeout", "30", "--csv", prefix, "--only-summary",
                       "--loglevel", "WARNING"]
            run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                                 timeout=seconds + 300, check=False)
            stats_path = Path(prefix + "_stats.csv")
            if not stats_path.exists():
                print(run.stdout[-4000:], run.stderr[-4000:], sep="\n")
                raise SystemExit(2)
            rows = list(csv.DictReader(stats_path.read_text().splitlines()))
            failures = list(csv.DictReader(Path(prefix + "_failures.csv").read_text().splitlines()))
    finally:
        server.stop()
    total = next(r for r in rows if r["Name"] == "Aggregated")
    routes = sorted((r for r in rows if r["Name"] != "Aggregated"), key=lambda r: -float(r["95%"] or 0))
    return {"engine": server.engine, "users": users, "seconds": seconds, "routes": routes, "total": total,
            "failures": failures}


def _report(result: dict[str, Any]) -> int:
    total = result["total"]
    print(f"\n[{result['engine']}] {result['users']} users, {result['seconds']} s on loopback")
    print(f"{'route':<52} {'count':>6} {'fail':>5} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for row in result["routes"]:
        label = f"{row['Type']} {row['Name']}"
        print(f"{label:<52} {row['Request Count']:>6} {row['Failure Count']:>5} {row['50%']:>7} {row['95%']:>7} "
              f"{float(row['Max Response Time']):>7.0f}")
    errors = int(total["Failure Count"])
    print(f"{'all':<52} {total['Request Count']:>6} {errors:>5} {total['50%']:>7} {total['95%']:>7} "
          f"{float(total['Max Response Time']):>7.0f}   ({float(total['Requests/s']):.1f} requests/s)")
    for failure in result["failures"][:20]:
        print(f"  failure: {failure['Method']} {failure['Name']}: {failure['Error'][:160]} x{failure['Occurrences']}")
    print(f"errors: {errors}")
    return errors


def _summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    print(f"\n{'engine':<16} {'users':>5} {'requests':>9} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}")
    table = []
    for result in results:
        total = result["total"]
        row = {"engine": result["engine"], "users": result["users"], "seconds": result["seconds"],
               "requests": int(total["Request Count"]), "errors": int(total["Failure Count"]),
               "requestsPerSecond": round(float(total["Requests/s"]), 1),
               "p50": float(total["50%"] or 0), "p95": float(total["95%"] or 0)}
        table.append(row)
        print(f"{row['engine']:<16} {row['users']:>5} {row['requests']:>9} {row['errors']:>6} "
              f"{row['requestsPerSecond']:>7.1f} {row['p50']:>7.0f} {row['p95']:>7.0f}")
    summary: dict[str, Any] = {"runs": table}
    by_key = {(r["engine"], r["users"]): r for r in table}
    for users in sorted({r["users"] for r in table}):
        local, moto = by_key.get(("dynamodb-local", users)), by_key.get(("moto", users))
        if local and moto and moto["requestsPerSecond"]:
            ratio = local["requestsPerSecond"] / moto["requestsPerSecond"]
            summary[f"throughputRatioAt{users}Users"] = round(ratio, 1)
            print(f"throughput at {users} users: DynamoDB Local {ratio:.1f}x moto")
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--engine", choices=("dynamodb-local", "moto"), default="dynamodb-local")
    parser.add_argument("--compare-users", type=int, default=0,
                        help="also run DynamoDB Local and moto at this many users, side by side")
    parser.add_argument("--json", type=Path, help="write the summary here")
    args = parser.parse_args()
    plan = [(args.engine, args.users)]
    if args.compare_users:
        plan = [("dynamodb-local", args.compare_users), ("moto", args.compare_users), *plan]
    results = [run_once(engine, users, min(args.spawn_rate, users), args.seconds) for engine, users in plan]
    errors = sum(_report(result) for result in results)
    summary = _summary(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        summary["routes"] = {f"{r['engine']}@{r['users']}": [
            {"route": f"{row['Type']} {row['Name']}", "count": int(row["Request Count"]),
             "failures": int(row["Failure Count"]), "p50": float(row["50%"] or 0), "p95": float(row["95%"] or 0)}
            for row in r["routes"]] for r in results}
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"errors (all runs): {errors}")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
