"""Cost per million API requests, from measured work: each route's CPU time and DynamoDB request units from
bench/dynamodb_work.py (its --json output; run here if missing), the functions' memory and architecture
from the CDK stage config, at on-demand prices for ap-south-1 (Mumbai).

Lambda duration of a request = our code's CPU time measured locally x CPU_SCALE (a 1,024 MB function gets
~0.58 of a vCPU: 1,769 MB is one) + the DynamoDB round trips at the latencies assumed below, billed per
1 ms. Two mixes: every route alike, and a learner-heavy mix (weights below; the rest of the routes share
what is left). Logs: an assumed size per request (API Gateway access log + the function's lines). DynamoDB
writes include the global secondary indexes' writes (each index a write changes is billed a write of its
own: bench/dynamodb_work.py's `gsiWru`), at the table's on-demand write price."""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers/core/python")]

from bench.report import write_json  # noqa: E402

# On-demand prices, ap-south-1, USD, as published by AWS for the region (the figures of its price list as
# known on PRICES_DATE; this machine cannot reach the price list API — check before budgeting).
PRICES_DATE = "2025-11 (AWS public price list, ap-south-1; not fetched live)"
PRICES = {
    "lambda_arm_gb_second": 0.0000133334,  # arm64, first 7.5 billion GB-s per month
    "lambda_request": 0.20 / 1e6,
    "apigw_rest_request": 3.50 / 1e6,  # REST API, first 333 million per month
    "dynamodb_wru": 0.7116 / 1e6,  # on-demand write request unit (after the Nov 2024 on-demand price cut)
    "dynamodb_rru": 0.1423 / 1e6,  # on-demand read request unit
    "logs_ingest_gb": 0.67,  # CloudWatch Logs standard ingestion
}
LOG_BYTES_PER_REQUEST = 1100  # API Gateway JSON access log (~700 B) + the function's lines (~400 B on average)
CPU_SCALE = 1769 / 1024  # CPU share of a 1,024 MB function vs one full core (the local measurement)
LATENCY_MS = {  # assumed in-region DynamoDB round trips
    "GetItem": 4, "Query": 5, "BatchGetItem": 6, "TransactGetItems": 8, "Scan": 10,
    "PutItem": 6, "UpdateItem": 6, "DeleteItem": 6, "BatchWriteItem": 8, "TransactWriteItems": 12,
}
LEARNER_MIX = {  # share of all requests; the other routes share the rest equally
    ("GET", "/courses"): 0.12,
    ("GET", "/courses/{courseId}"): 0.10,
    ("PUT", "/enrolments/{enrolmentId}/progress"): 0.15,
    ("GET", "/me/enrolments"): 0.06,
    ("GET", "/me/notifications/unread-count"): 0.08,
    ("GET", "/me/notifications"): 0.04,
    ("GET", "/me"): 0.05,
    ("POST", "/courses/{courseId}/enrolments"): 0.03,
    ("GET", "/enrolments/{enrolmentId}"): 0.04,
    ("GET", "/events"): 0.03,
    ("GET", "/communities/{communityId}/topics"): 0.03,
    ("GET", "/topics/{topicId}"): 0.03,
    ("POST", "/auth/login"): 0.02,
    ("POST", "/auth/refresh"): 0.02,
}


def stage_function(stage: str) -> tuple[int, str]:
    """The functions' memory (cdk.json's stage settings, as infra/constructs/config.py reads them) and
    architecture (infra/constructs/layers.py), read without starting the CDK (its Node process)."""
    import re

    stages = json.loads((ROOT / "cdk.json").read_text())["context"]["stages"]
    memory = int(stages[stage]["memoryMb"])
    source = (ROOT / "infra/constructs/layers.py").read_text()
    found = re.search(r"ARCHITECTURE = lambda_\.Architecture\.(\w+)", source)
    architecture = {"ARM_64": "arm64", "X86_64": "x86_64"}.get(found.group(1) if found else "", "unknown")
    return memory, architecture


def route_costs(routes: list[dict[str, Any]], memory_mb: int) -> list[dict[str, Any]]:
    rows = []
    for route in routes:
        waits = sum(LATENCY_MS.get(op, 6) * n for op, n in route["operations"].items())
        duration = math.ceil(route["appCpuMs"] * CPU_SCALE + waits)
        gb_seconds = memory_mb / 1024 * duration / 1000
        rows.append({
            **route, "billedMs": duration, "gbSeconds": gb_seconds,
            "lambda": gb_seconds * PRICES["lambda_arm_gb_second"] + PRICES["lambda_request"],
            "apigw": PRICES["apigw_rest_request"],
            "dynamodb": (route["rru"] * PRICES["dynamodb_rru"]
                         + (route["wru"] + route["gsiWru"]) * PRICES["dynamodb_wru"]),
            "logs": LOG_BYTES_PER_REQUEST / 1e9 * PRICES["logs_ingest_gb"],
        })
    return rows


def per_million(rows: list[dict[str, Any]], weights: dict[tuple[str, str], float]) -> dict[str, float]:
    fixed = {k: w for k, w in weights.items() if any((r["method"], r["path"]) == k for r in rows)}
    rest = [r for r in rows if (r["method"], r["path"]) not in fixed]
    share_rest = (1 - sum(fixed.values())) / len(rest) if rest else 0.0
    total: dict[str, float] = dict.fromkeys(
        ("lambdaCompute", "lambdaRequests", "apigw", "rru", "wru", "gsiWru", "logs"), 0.0)
    billed_ms = 0.0
    for row in rows:
        weight = fixed.get((row["method"], row["path"]), share_rest) * 1e6
        total["lambdaCompute"] += weight * row["gbSeconds"] * PRICES["lambda_arm_gb_second"]
        total["lambdaRequests"] += weight * PRICES["lambda_request"]
        total["apigw"] += weight * PRICES["apigw_rest_request"]
        total["rru"] += weight * row["rru"] * PRICES["dynamodb_rru"]
        total["wru"] += weight * row["wru"] * PRICES["dynamodb_wru"]
        total["gsiWru"] += weight * row["gsiWru"] * PRICES["dynamodb_wru"]
        total["logs"] += weight * row["logs"]
        billed_ms += weight * row["billedMs"] / 1e6
    total["total"] = sum(total.values())
    total["meanBilledMs"] = billed_ms
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", default=str(ROOT / "bench/results/dynamodb_work.json"),
                        help="bench/dynamodb_work.py --json output (made if missing)")
    parser.add_argument("--stage", default="prod")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    work_path = Path(args.work)
    stale = work_path.exists() and any("gsiWru" not in r for r in json.loads(work_path.read_text())["routes"])
    if not work_path.exists() or stale:  # made before index writes were measured: measure again
        subprocess.run([sys.executable, str(ROOT / "bench/dynamodb_work.py"), "--json", str(work_path)], check=True,
                       stdout=subprocess.DEVNULL)
    work = json.loads(work_path.read_text())
    memory, architecture = stage_function(args.stage)
    if architecture != "arm64":
        print(f"note: the functions are {architecture}; the prices below are arm64's")
    rows = route_costs(work["routes"], memory)
    print(f"cost per million API requests — stage {args.stage}: Lambda {memory} MB {architecture}, "
          f"on-demand prices for ap-south-1 as of {PRICES_DATE}")
    print("prices: " + ", ".join(f"{name} ${value:.10g}" for name, value in PRICES.items()))
    print(f"assumed: {LOG_BYTES_PER_REQUEST} B of logs per request; local CPU x {CPU_SCALE:.2f} for a {memory} MB "
          f"function; DynamoDB latencies (ms) {LATENCY_MS}")
    print(f"\nthe costliest routes per million requests of that route (measured work, {len(rows)} routes):")
    print(f"{'route':<62}{'billed ms':>10}{'RRU':>6}{'WRU':>5}{'IWRU':>5}{'Lambda $':>10}{'DynamoDB $':>11}"
          f"{'total $':>9}")
    for row in sorted(rows, key=lambda r: -(r["lambda"] + r["dynamodb"]))[:12]:
        total = (row["lambda"] + row["apigw"] + row["dynamodb"] + row["logs"]) * 1e6
        print(f"{row['method'] + ' ' + row['path']:<62}{row['billedMs']:>10}{row['rru']:>6.1f}{row['wru']:>5.0f}{row['gsiWru']:>5.0f}"
              f"{row['lambda'] * 1e6:>10.2f}{row['dynamodb'] * 1e6:>11.2f}{total:>9.2f}")
    results = {}
    for name, weights in (("every route alike", {}), ("learner-heavy mix", LEARNER_MIX)):
        cost = per_million(rows, weights)
        results[name] = cost
        print(f"\nper million requests, {name} (mean billed duration {cost['meanBilledMs']:.0f} ms):")
        for label, key in (("Lambda compute (GB-s)", "lambdaCompute"), ("Lambda requests", "lambdaRequests"),
                           ("API Gateway REST", "apigw"), ("DynamoDB reads (RRU)", "rru"),
                           ("DynamoDB writes (WRU)", "wru"), ("DynamoDB index writes (WRU)", "gsiWru"),
                           ("CloudWatch Logs ingestion", "logs")):
            print(f"  {label:<28}${cost[key]:>8.2f}  {cost[key] / cost['total']:>5.1%}")
        print(f"  {'total':<28}${cost['total']:>8.2f}")
    print("\nnot included: the off-request workflow tasks and Step Functions transitions of enrolments, SES/SNS "
          "messages, X-Ray traces, WAF, data transfer, storage, and SnapStart's snapshot cache and restores "
          "(billed per GB of memory cached per second and per GB restored for Python functions).")
    write_json(args.json, {"prices": PRICES, "pricesDate": PRICES_DATE, "memoryMb": memory,
                           "mixes": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
