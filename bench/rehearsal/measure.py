"""Measure the read routes that grow with data (issue 19, item 3) on a generated table.

Each route is called through the local gateway (`local.gateway.dispatch`: the API Gateway event, the hub's
handler, in-process, as the tests do) `--calls` times as different generated officers (seeded choice).
botocore's event hooks on the platform's DynamoDB client count per call: requests (`before-call`), items
read (Query/Scan ScannedCount — what a read costs, before filters —, GetItem's item, BatchGetItem's
responses) and the items returned in the answer's `items`; the wall-clock latency of the call. Per route:
the worst call's requests and items read (a cost that grows shows in the worst case first), their means,
items returned, latency p50/p95, and the statuses answered.

    python -m bench.rehearsal.measure --users 10000 --json bench/results/rehearsal-measure.json
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "core" / "python")]

from bench.rehearsal.generate import COMMUNITIES, community_id, user_id  # noqa: E402


@dataclass(frozen=True)
class Route:
    name: str
    path: Callable[[dict[str, Any], random.Random], str]  # the path for a caller (their profile)
    query: dict[str, str]
    roles: tuple[str, ...] = ("PUBLIC",)


ROUTES = [
    Route("people search", lambda p, r: "/people", {"q": "rajesh kum"}),
    Route("catalogue search", lambda p, r: "/courses", {"q": "data priv"}),
    Route("unified search", lambda p, r: "/search", {"q": "rajesh kum"}),
    Route("leaderboard", lambda p, r: f"/orgs/{p['orgId']}/leaderboard", {}),
    Route("org gaps", lambda p, r: f"/orgs/{p['orgId']}/competency-gaps", {}, ("PUBLIC", "MDO_ADMIN")),
    Route("my enrolments", lambda p, r: "/me/enrolments", {}),
    Route("community topics", lambda p, r: f"/communities/{community_id(r.randrange(COMMUNITIES))}/topics", {}),
    Route("notifications", lambda p, r: "/me/notifications", {}),
]


@contextmanager
def counting() -> Iterator[Counter[str]]:
    """DynamoDB requests and items read inside the block (the platform's client: every hub's)."""
    from karmayogi.platform import db

    counts: Counter[str] = Counter()
    events = db.client().meta.events

    def before(model: Any, **_: Any) -> None:
        counts["requests"] += 1
        counts[model.name] += 1

    def after(model: Any, parsed: Any, **_: Any) -> None:
        if not isinstance(parsed, dict):
            return
        if model.name in ("Query", "Scan"):
            counts["itemsRead"] += int(parsed.get("ScannedCount", parsed.get("Count")) or 0)
        elif model.name == "GetItem":
            counts["itemsRead"] += 1 if parsed.get("Item") else 0
        elif model.name == "BatchGetItem":
            counts["itemsRead"] += sum(len(v) for v in (parsed.get("Responses") or {}).values())
        elif model.name == "TransactGetItems":
            counts["itemsRead"] += len(parsed.get("Responses") or [])

    events.register("before-call.dynamodb", before, unique_id="rehearsal-before")
    events.register("after-call.dynamodb", after, unique_id="rehearsal-after")
    try:
        yield counts
    finally:
        events.unregister("before-call.dynamodb", unique_id="rehearsal-before")
        events.unregister("after-call.dynamodb", unique_id="rehearsal-after")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def measure(users: int, calls: int = 50, seed: int = 11,
            queries: dict[str, dict[str, str]] | None = None) -> dict[str, dict[str, Any]]:
    """Per route, `calls` calls as officers chosen (seeded) among the first `users` — the same officers
    whatever the table's size; the figures by route name. `queries` replaces a route's query string."""
    from karmayogi.platform import db, identity, keys
    from local.gateway import dispatch

    rng = random.Random(seed)
    callers = [rng.randrange(users) for _ in range(calls)]
    profiles: dict[int, dict[str, Any]] = {}
    for n in set(callers):
        profile = db.get(keys.user_pk(user_id(n)), keys.PROFILE_SK)
        assert profile is not None, f"officer {n} has no profile"
        profiles[n] = profile
    results: dict[str, dict[str, Any]] = {}
    for listed in ROUTES:
        route = Route(listed.name, listed.path, (queries or {}).get(listed.name, listed.query), listed.roles)
        dispatch("GET", route.path(profiles[callers[0]], random.Random(0)),  # warm: imports, caches
                 query=urlencode(route.query), claims=identity.claims_for(user_id(callers[0]), user_id(callers[0]),
                                                                         route.roles, profiles[callers[0]]["orgId"]))
        route_rng = random.Random(seed)
        rows = []
        for n in callers:
            profile = profiles[n]
            claims = identity.claims_for(user_id(n), user_id(n), route.roles, profile["orgId"])
            path = route.path(profile, route_rng)
            started = time.perf_counter()
            with counting() as counts:
                response = dispatch("GET", path, query=urlencode(route.query), claims=claims)
            elapsed = (time.perf_counter() - started) * 1000
            body = response.json() if response.body else {}
            returned = len(body.get("items") or []) if isinstance(body, dict) else 0
            rows.append({"status": response.status, "requests": counts["requests"], "itemsRead": counts["itemsRead"],
                         "returned": returned, "ms": elapsed})
        ms = [r["ms"] for r in rows]
        results[route.name] = {
            "path": route.path(profiles[callers[0]], random.Random(0)), "query": route.query,
            "calls": len(rows), "statuses": dict(Counter(str(r["status"]) for r in rows)),
            "requestsMax": max(r["requests"] for r in rows),
            "requestsMean": round(statistics.fmean(r["requests"] for r in rows), 2),
            "itemsReadMax": max(r["itemsRead"] for r in rows),
            "itemsReadMean": round(statistics.fmean(r["itemsRead"] for r in rows), 1),
            "returnedMean": round(statistics.fmean(r["returned"] for r in rows), 1),
            "returnedMin": min(r["returned"] for r in rows),
            "p50ms": round(percentile(ms, 50), 1), "p95ms": round(percentile(ms, 95), 1),
        }
    return results


def table(results: dict[str, dict[str, Any]], title: str) -> str:
    lines = [title, f"{'route':18} {'status':>10} {'req max':>7} {'read max':>8} {'read avg':>8} "
                    f"{'returned':>8} {'p50 ms':>7} {'p95 ms':>7}"]
    for name, r in results.items():
        statuses = ",".join(f"{k}x{v}" for k, v in sorted(r["statuses"].items()))
        lines.append(f"{name:18} {statuses:>10} {r['requestsMax']:>7} {r['itemsReadMax']:>8} {r['itemsReadMean']:>8} "
                     f"{r['returnedMean']:>8} {r['p50ms']:>7} {r['p95ms']:>7}")
    return "\n".join(lines)


def main() -> int:
    from bench.rehearsal.generate import generate, platform

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000, help="generate this many officers, then measure")
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--engine", choices=("dynamodb-local", "moto"), default="dynamodb-local")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with platform(args.engine):
        generated = generate(0, args.users, threads=args.threads)
        results = measure(args.users, args.calls)
    print(table(results, f"{args.users:,} officers"))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"generated": generated, "routes": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
