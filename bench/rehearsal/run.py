"""The one-million-user rehearsal (issue 19, item 3; `make rehearsal`): generate 10,000 officers into
DynamoDB Local and measure the read routes that grow with data, grow the same table to `--users`
(default 1,000,000) and measure again AS THE SAME CALLERS (officers of the first 10,000, whose data are
identical in both tables), then print both side by side with the ratio per route and check the targets:

- requests and items read at the larger size within 10 % of the 10 k figures (worst call and mean);
- latency p95 within 20 % of the 10 k p95.

A route whose cost grows with the table misses the first target. Timing depends on the machine: the
generation prints items/s, and the projected time for 1 M officers is printed when a smaller size is run.

    python -m bench.rehearsal.run --small 10000 --users 100000 --json bench/results/rehearsal.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "core" / "python")]

from bench.rehearsal.generate import COURSES, generate, platform  # noqa: E402
from bench.rehearsal.measure import measure, table  # noqa: E402

COUNT_TOLERANCE = 0.10
P95_TOLERANCE = 0.20


def _ratio(large: float, small: float) -> float:
    if small == 0:
        return 1.0 if large == 0 else float("inf")
    return large / small


def compare(small: dict[str, dict[str, Any]], large: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per route: the ratios (large / small) and whether each target is met."""
    verdicts = {}
    for name, s in small.items():
        big = large[name]
        ratios = {key: round(_ratio(big[key], s[key]), 3)
                  for key in ("requestsMax", "requestsMean", "itemsReadMax", "itemsReadMean", "p95ms")}
        counts_met = all(ratios[k] <= 1 + COUNT_TOLERANCE for k in ratios if k != "p95ms")
        ok = all(k.startswith("2") for k in (*s["statuses"], *big["statuses"]))
        verdicts[name] = {"ratios": ratios, "countsMet": counts_met and ok,
                          "p95Met": ratios["p95ms"] <= 1 + P95_TOLERANCE and ok, "allAnswered2xx": ok}
    return verdicts


def side_by_side(small_n: int, large_n: int, small: dict[str, Any], large: dict[str, Any],
                 verdicts: dict[str, Any]) -> str:
    def mark(met: bool) -> str:
        return "MET" if met else "MISSED"

    lines = [f"{'route':18} | {'requests':^13} | {'items read max':^15} | {'read mean':^15} | {'p95 ms':^17} | "
             f"{'ratio req/read/p95':^20} | counts  p95",
             f"{'':18} | {small_n:>6,} {large_n:>6,} | {small_n:>7,} {large_n:>7,} | {small_n:>7,} {large_n:>7,} | "
             f"{small_n:>8,} {large_n:>8,} |"]
    for name, v in verdicts.items():
        s, big, r = small[name], large[name], v["ratios"]
        lines.append(f"{name:18} | {s['requestsMax']:>6} {big['requestsMax']:>6} | {s['itemsReadMax']:>7} "
                     f"{big['itemsReadMax']:>7} | {s['itemsReadMean']:>7} {big['itemsReadMean']:>7} | "
                     f"{s['p95ms']:>8} {big['p95ms']:>8} | {r['requestsMax']:>5} {r['itemsReadMax']:>6} "
                     f"{r['p95ms']:>6} | {mark(v['countsMet']):6} {mark(v['p95Met'])}")
    return "\n".join(lines)


def rehearse(small_n: int, large_n: int, *, calls: int = 50, threads: int = 8, courses: int = COURSES,
             engine: str = "dynamodb-local", budget: float | None = None) -> dict[str, Any]:
    """`budget`: seconds for growing the table; the larger size is then what was reached (a multiple of
    500 officers), so a run stays bounded on a slow machine."""
    report: dict[str, Any] = {"engine": engine, "small": small_n, "large": large_n, "calls": calls}
    with platform(engine):
        first = generate(0, small_n, threads=threads, courses=courses)
        small = measure(small_n, calls)
        print(table(small, f"\n{small_n:,} officers"))
        second = generate(small_n, large_n, threads=threads, courses=courses, seconds=budget)
        large_n = report["large"] = second["officers"]
        large = measure(small_n, calls)  # the same callers, in the grown table
        print(table(large, f"\n{large_n:,} officers (callers among the first {small_n:,})"))
    verdicts = compare(small, large)
    if large_n <= small_n:
        raise SystemExit("the time budget ended before the table grew past the small size")
    rate = (first["itemsWritten"] + second["itemsWritten"]) / max(1e-9, first["seconds"] + second["seconds"])
    items_per_officer = second["itemsWritten"] / max(1, large_n - small_n)
    projected = 1_000_000 * items_per_officer / max(rate, 1e-9)
    report.update({"generated": [first, second], "routes": {"small": small, "large": large}, "verdicts": verdicts,
                   "itemsPerOfficer": round(items_per_officer, 1), "itemsPerSecond": round(rate),
                   "projectedSecondsFor1M": round(projected)})
    print(f"\nside by side: {small_n:,} vs {large_n:,} officers (targets: requests and items read within "
          f"{COUNT_TOLERANCE:.0%}, p95 within {P95_TOLERANCE:.0%})")
    print(side_by_side(small_n, large_n, small, large, verdicts))
    print(f"\n{items_per_officer:.1f} items per officer, {rate:,.0f} items/s: 1,000,000 officers would take "
          f"~{projected / 60:,.0f} min to generate here")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--budget-minutes", type=float, help="stop growing the table after this long and "
                        "measure at the size reached")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.users <= args.small:
        parser.error("--users must be larger than --small")
    started = time.perf_counter()
    budget = args.budget_minutes * 60 if args.budget_minutes else None
    report = rehearse(args.small, args.users, calls=args.calls, threads=args.threads, budget=budget)
    report["seconds"] = round(time.perf_counter() - started, 1)
    print(f"rehearsal done in {report['seconds'] / 60:.1f} min")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
