"""Cost per million API requests, from measured work: each route's CPU time and DynamoDB request units from
bench/dynamodb_work.py (its --json output; run here if missing), the functions' memory and architecture
from the CDK stage config, at on-demand prices for ap-south-1 (Mumbai).

Lambda duration of a request = our code's CPU time measured locally x CPU_SCALE (a 1,024 MB function gets
~0.58 of a vCPU: 1,769 MB is one) + the DynamoDB round trips at the latencies assumed below, billed per
1 ms. Two mixes: every route alike, and a learner-heavy mix (weights below; the rest of the routes share
what is left). Logs: an assumed size per request (API Gateway access log + the function's lines). DynamoDB
writes include the global secondary indexes' writes (each index a write changes is billed a write of its
own: bench/dynamodb_work.py's `gsiWru`), at the table's on-demand write price.

Then the cost per million learning hours (issue 16): the heartbeats an hour sends at the web players' cadence
(web/src/players.ts), each priced as above (its measured CPU and operations; its write units those of the median
seeded enrolment item of bench/scale_model.py's --json output when given, table and GSI1), plus the course
media's delivery and storage per learning hour (bench/media_cost.py's model)."""

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


# ---- heartbeats per million learning hours (issue 16) -------------------------------------------------------

HEARTBEAT_ROUTE = ("POST", "/enrolments/{enrolmentId}/contents/{contentId}/heartbeats")
PAUSES_PER_HOUR = 6  # a video's or audio's pauses, ends and hidden tabs per hour: one heartbeat each (assumed)
PDF_PAGES_PER_HOUR = 40  # one heartbeat per page viewed (web/src/players.ts); bench/media_cost.py's ~40 pages
SCORM_COMMITS_PER_HOUR = 60  # a package's LMSCommit/LMSFinish calls, one heartbeat each (assumed)


def player_interval_seconds() -> float:
    """The web players' heartbeat interval while playing, read from web/src/players.ts."""
    import re

    found = re.search(r"HEARTBEAT_INTERVAL_MS = ([\d_]+);", (ROOT / "web/src/players.ts").read_text())
    if not found:
        raise SystemExit("web/src/players.ts has no HEARTBEAT_INTERVAL_MS")
    return int(found.group(1).replace("_", "")) / 1000


def heartbeats_per_hour() -> dict[str, float]:
    """Heartbeats one learning hour sends, per content type and in all (bench/media_cost.py's mix of a
    learning hour: video, audio, pdf, SCORM)."""
    from bench.media_cost import Mix

    mix = Mix()
    playing = 3600 / player_interval_seconds() + PAUSES_PER_HOUR
    per_type = {"video": mix.video * playing, "audio": mix.audio * playing, "pdf": mix.pdf * PDF_PAGES_PER_HOUR,
                "scorm": mix.scorm * SCORM_COMMITS_PER_HOUR}
    return {**per_type, "total": sum(per_type.values())}


def heartbeat_units(work: dict[str, Any], scale: dict[str, Any] | None) -> dict[str, Any]:
    """One steady heartbeat's measured work: our CPU time and operations from bench/dynamodb_work.py's row;
    the enrolment item's size from bench/scale_model.py's seeded courses when there (the median course),
    else the journey's item."""
    row = next((r for r in work["routes"] if (r["method"], r["path"]) == HEARTBEAT_ROUTE), None)
    if row is None:
        raise SystemExit(f"{work} has no {' '.join(HEARTBEAT_ROUTE)} row: run bench/dynamodb_work.py again")
    shapes = (scale or {}).get("heartbeats", {}).get("shapes") or []
    if shapes:
        item = sorted(shapes, key=lambda s: s["itemBytes"])[(len(shapes) - 1) // 2]  # the median (low) course
        (write,) = item["writes"]
        table_wru = float(write["wcu"])
        index_wru = float(write["wcu"] * len(write["indexes"]))
        rru = math.ceil(item["itemBytes"] / 4096) * 0.5
        source = f"bench/scale_model.py's median seeded enrolment item ({item['course']}, {item['itemBytes']:,} B)"
        playback_bytes = int(item.get("playbackBytes") or item["itemBytes"])
    else:
        table_wru, index_wru, rru = float(row["wru"]), float(row["gsiWru"]), float(row["rru"])
        source = "bench/dynamodb_work.py's journey item"
        playback_bytes = int(table_wru * 1024)
    return {"appCpuMs": row["appCpuMs"], "operations": row["operations"], "rru": rru, "wru": table_wru,
            "gsiWru": index_wru, "itemSource": source, "playbackBytes": playback_bytes}


def heartbeat_cost(units: dict[str, Any], memory_mb: int, per_hour: float, media_usd_per_hour: float) -> dict[str, float]:
    """USD per million learning hours, per component."""
    waits = sum(LATENCY_MS.get(op, 6) * n for op, n in units["operations"].items())
    billed_ms = math.ceil(units["appCpuMs"] * CPU_SCALE + waits)
    heartbeats = per_hour * 1e6
    cost = {
        "apigw": heartbeats * PRICES["apigw_rest_request"],
        "lambdaRequests": heartbeats * PRICES["lambda_request"],
        "lambdaCompute": heartbeats * memory_mb / 1024 * billed_ms / 1000 * PRICES["lambda_arm_gb_second"],
        "rru": heartbeats * units["rru"] * PRICES["dynamodb_rru"],
        "wru": heartbeats * units["wru"] * PRICES["dynamodb_wru"],
        "gsiWru": heartbeats * units["gsiWru"] * PRICES["dynamodb_wru"],
        "logs": heartbeats * LOG_BYTES_PER_REQUEST / 1e9 * PRICES["logs_ingest_gb"],
    }
    cost["heartbeats"] = sum(cost.values())
    cost["media"] = media_usd_per_hour * 1e6
    cost["total"] = cost["heartbeats"] + cost["media"]
    return {**cost, "billedMs": billed_ms, "heartbeatsPerMillionHours": heartbeats}


def report_heartbeats(work: dict[str, Any], scale: dict[str, Any] | None, memory_mb: int) -> dict[str, Any]:
    from bench import media_cost

    per_hour = heartbeats_per_hour()
    units = heartbeat_units(work, scale)
    media = media_cost.model(20_000_000, 0.25, 3.0, media_cost.Mix(), media_cost.Library())
    cost = heartbeat_cost(units, memory_mb, per_hour["total"], media["usdPerLearningHour"])
    print("\ncost per million learning hours (issue 16): heartbeats + course media")
    print(f"heartbeats per learning hour: {per_hour['total']:.0f} (" + ", ".join(
        f"{k} {v:.0f}" for k, v in per_hour.items() if k != "total") + f"): the players send one every "
        f"{player_interval_seconds():.0f} s while a video or audio plays + {PAUSES_PER_HOUR} pauses/ends an hour "
        f"(assumed), one per pdf page ({PDF_PAGES_PER_HOUR} pages an hour, assumed), one per SCORM commit "
        f"({SCORM_COMMITS_PER_HOUR} an hour, assumed); hour mix as bench/media_cost.py's")
    print(f"one heartbeat: {units['appCpuMs']} ms of our CPU (bench/dynamodb_work.py) → {cost['billedMs']} ms billed; "
          f"{units['rru']} RRU + {units['wru']:.0f} WRU + {units['gsiWru']:.0f} index WRU ({units['itemSource']})")
    rows = (("API Gateway REST", "apigw"), ("Lambda requests", "lambdaRequests"),
            ("Lambda compute (GB-s)", "lambdaCompute"), ("DynamoDB reads (RRU)", "rru"),
            ("DynamoDB writes (WRU)", "wru"), ("DynamoDB index writes (WRU)", "gsiWru"),
            ("CloudWatch Logs ingestion", "logs"), ("heartbeats in all", "heartbeats"),
            ("course media (media_cost.py)", "media"), ("total", "total"))
    for label, key in rows:
        print(f"  {label:<30}${cost[key]:>10,.0f}  {cost[key] / cost['total']:>6.1%}")
    # What the index write amplification costs, and the two designs that would remove it (not built).
    apart_wru = max(1, math.ceil((units["playbackBytes"] + 100) / 1024))
    saved_apart = (units["wru"] + units["gsiWru"] - apart_wru) * cost["heartbeatsPerMillionHours"] * PRICES["dynamodb_wru"]
    saved_projection = units["gsiWru"] * cost["heartbeatsPerMillionHours"] * PRICES["dynamodb_wru"]
    print(f"index writes are {cost['gsiWru'] / cost['heartbeats']:.0%} of the heartbeats' cost. Not built: `playback` "
          f"in an unindexed item beside the enrolment (same partition key: one Query reads both) writes "
          f"{apart_wru} WRU a heartbeat instead of {units['wru'] + units['gsiWru']:.0f}: saves ${saved_apart:,.0f} per million "
          f"hours; GSI1 with a KEYS_ONLY or INCLUDE projection leaving out playback and the heartbeat's "
          f"timestamps: saves ${saved_projection:,.0f}")
    return {**cost, "heartbeatsPerHour": per_hour, "units": units, "savedByPlaybackItem": saved_apart,
            "savedByGsi1Projection": saved_projection, "playbackItemWru": apart_wru}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", default=str(ROOT / "bench/results/dynamodb_work.json"),
                        help="bench/dynamodb_work.py --json output (made if missing)")
    parser.add_argument("--scale", default=str(ROOT / "bench/results/scale_model.json"),
                        help="bench/scale_model.py --json output: the heartbeat's enrolment item (optional)")
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
    scale_path = Path(args.scale)
    scale = json.loads(scale_path.read_text()) if scale_path.exists() else None
    heartbeats = report_heartbeats(work, scale, memory)
    write_json(args.json, {"prices": PRICES, "pricesDate": PRICES_DATE, "memoryMb": memory,
                           "mixes": results, "perMillionLearningHours": heartbeats})
    return 0


if __name__ == "__main__":
    sys.exit(main())
