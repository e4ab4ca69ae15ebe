"""Cold start of every hub against the floor, each in a fresh interpreter.

Floor: what any handler of this design must load — import boto3, create the DynamoDB resource and build
a Powertools REST resolver with validation enabled (with one route, resolving one request).
Hub: import its handler module, create the DynamoDB resource and serve a first request up to the point
where it would reach DynamoDB (an unauthenticated call to one of its protected routes, which runs the
resolver, the route matching, validation and the error mapping).

Our modules are byte-compiled before measuring, as pip compiled the libraries the floor imports.
Runs are interleaved (floor, hub, floor, hub …) so machine noise hits both alike; the median of N runs is
printed, with the ratio hub / floor. Target: every hub ≤ 1.15.

`--clock cpu` times the interpreter's CPU time (time.process_time) instead of the wall clock: on a shared,
busy machine the wall clock also counts the time the process waited for a core, which no code change can
fix; the CPU time of an import-bound cold start is what the code decides. `--json PATH` also writes the
figures for bench/cost.py and docs/benchmarks.md."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers/core/python")]

from bench.report import write_json  # noqa: E402
from infra.route_table import HUBS, ROUTES  # noqa: E402

TARGET = 1.15
CLOCKS = {"wall": "perf_counter", "cpu": "process_time"}

FLOOR = """
import time
start = time.{CLOCK}()
import boto3
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
resource = boto3.resource("dynamodb", region_name="ap-south-1")
table = resource.Table("bench")
app = APIGatewayRestResolver(enable_validation=True)

@app.get("/ping")
def ping() -> dict:
    return {"ok": True}

response = app.resolve({EVENT}, None)
assert response["statusCode"] == 200, response
print(time.{CLOCK}() - start)
"""

HUB = """
import time
start = time.{CLOCK}()
from functions.{hub} import handler as module
from karmayogi.platform import db
db.table()
response = module.handler({EVENT}, Context())
assert response["statusCode"] == 401, response
print(time.{CLOCK}() - start)
"""

CONTEXT = """
class Context:
    function_name = "bench"
    memory_limit_in_mb = 1024
    invoked_function_arn = "arn:aws:lambda:ap-south-1:123456789012:function:bench"
    aws_request_id = "bench"
"""


def event(path: str, method: str = "GET") -> str:
    return repr({
        "resource": path, "path": path, "httpMethod": method, "headers": {}, "multiValueHeaders": {},
        "queryStringParameters": None, "multiValueQueryStringParameters": None, "pathParameters": None,
        "requestContext": {"resourcePath": path, "httpMethod": method, "stage": "bench", "requestId": "r",
                           "identity": {"sourceIp": "127.0.0.1"}},
        "body": None, "isBase64Encoded": False,
    })


def protected_route_of(hub: str) -> tuple[str, str]:
    for route in ROUTES:
        if route.hub == hub and not route.public and "{" not in route.path and route.method == "GET":
            return route.method, route.path
    for route in ROUTES:
        if route.hub == hub and not route.public and "{" not in route.path:
            return route.method, route.path
    raise SystemExit(f"no protected route without parameters for {hub}")


def bench_environment(*, write_bytecode: bool = True, **extra: str) -> dict[str, str]:
    """The environment of a benchmark's fresh interpreter: our code on the path, a dummy region, table and
    credentials (nothing reaches AWS), metrics off. `write_bytecode=False` makes Python compile our modules
    from source every time (PYTHONDONTWRITEBYTECODE)."""
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'layers/core/python'}",
        "AWS_REGION": "ap-south-1",
        "AWS_DEFAULT_REGION": "ap-south-1",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "TABLE_NAME": "bench",
        # the rest of what a deployed function gets (settings are validated, with no local defaults)
        "STAGE": "bench",
        "EMAIL_SENDER": "no-reply@example.gov.in",
        "SMS_SENDER_ID": "KARMYG",
        "SCHEDULE_GROUP_NAME": "bench",
        "POWERTOOLS_METRICS_DISABLED": "true",
        **extra,
    }
    if write_bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # a shell may have set it: then nothing would be cached
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run(code: str) -> float:
    env = bench_environment()
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    if output.returncode != 0:
        raise SystemExit(output.stderr)
    return float(output.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--hubs", nargs="*", default=list(HUBS))
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall",
                        help="wall: elapsed time (default); cpu: the process's CPU time")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    clock = CLOCKS[args.clock]
    # Same footing as the libraries the floor imports, which pip installed with their bytecode: our own
    # modules are compiled once up front (in Lambda, SnapStart's snapshot is taken after the imports).
    import compileall

    for folder in ("functions", "layers/core/python", "infra"):
        compileall.compile_dir(str(ROOT / folder), quiet=1)
    floor_code = FLOOR.replace("{EVENT}", event("/ping")).replace("{CLOCK}", clock)
    label = "cold start" if args.clock == "wall" else "cold start (CPU time)"
    print(f"{label}, median of {args.runs} fresh interpreters, interleaved with the floor; ratio = median of the "
          "paired ratios (each hub run against the floor run just before it)")
    print(f"{'hub':<12}{'hub ms':>10}{'floor ms':>10}{'ratio':>8}  target ≤ {TARGET}")
    worst = 0.0
    results: dict[str, dict[str, float]] = {}
    for hub in args.hubs:
        method, path = protected_route_of(hub)
        hub_code = CONTEXT + HUB.replace("{hub}", hub).replace("{EVENT}", event(path, method)).replace("{CLOCK}", clock)
        floors, hubs = [], []
        for _ in range(args.runs):
            floors.append(run(floor_code))
            hubs.append(run(hub_code))
        floor_ms, hub_ms = statistics.median(floors) * 1000, statistics.median(hubs) * 1000
        # Each hub run is paired with the floor run just before it: a slow spell of this shared machine
        # hits both, so the median of the paired ratios is steadier than the ratio of the medians.
        ratio = statistics.median(h / f for f, h in zip(floors, hubs, strict=True))
        worst = max(worst, ratio)
        print(f"{hub:<12}{hub_ms:>10.0f}{floor_ms:>10.0f}{ratio:>8.2f}  {'ok' if ratio <= TARGET else 'OVER'}")
        results[hub] = {"hubMs": round(hub_ms, 1), "floorMs": round(floor_ms, 1), "ratio": round(ratio, 3)}
    print(f"worst ratio {worst:.2f} (target ≤ {TARGET})")
    write_json(args.json, {"clock": args.clock, "runs": args.runs, "target": TARGET,
                           "worst": round(worst, 3), "hubs": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
