"""SnapStart, a LOCAL APPROXIMATION: the work of a restored environment's first request next to a cold one's.

Lambda's real restore (loading the snapshot's memory) cannot be run here. What can be measured is the
work our code still does after a restore, against the work of a cold start, each in a fresh interpreter:

- cold: import the hub's handler, create the DynamoDB resource, serve the first request;
- restore: import the handler, run the before-snapshot hook (`karmayogi.platform.snapstart.warm`: not timed, that
  is the snapshot's init, printed as "init+warm"), then time the after-restore hook plus the first request;
- no hooks: what SnapStart alone would leave (the snapshot taken right after the handler's import): time
  creating the DynamoDB resource plus the first request.

The first request is a signed-in learner's call of the hub's first protected route without parameters
(bench/cold_start.py's route), so it runs the route, the caller's profile read and DynamoDB calls;
DynamoDB answers every call with an empty result (a `before-send` hook: nothing leaves the process).
Medians of N interleaved runs, CPU time (the process's own). Restore-path ratio = restore / cold."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers/core/python")]

from bench.cold_start import CONTEXT, bench_environment, protected_route_of  # noqa: E402
from bench.report import write_json  # noqa: E402
from infra.route_table import HUBS  # noqa: E402

CODE = """
import time
start = time.process_time()
from functions.{hub} import handler as module
from karmayogi.platform import db, snapstart
if {NO_HOOKS}:
    start = time.process_time()
db.table()
from botocore.awsrequest import AWSResponse

class Body:
    def stream(self, **_):
        yield b"{}"

def empty(request, **_):
    return AWSResponse(request.url, 200, {"Content-Type": "application/x-amz-json-1.0"}, Body())

db.client().meta.events.register("before-send.dynamodb", empty)
init = 0.0
if {RESTORE}:
    warmed = snapstart.warm("functions.{hub}.handler")
    assert not warmed.failed, warmed.failed
    init = time.process_time() - start
    start = time.process_time()
    snapstart.after_restore()
response = module.handler({EVENT}, Context())
assert response["statusCode"] < 500, response
print(init, time.process_time() - start)
"""


def event(path: str, method: str) -> str:
    claims = {"sub": "bench-learner", "username": "bench-learner", "cognito:groups": ["PUBLIC"],
              "token_use": "access"}
    return repr({
        "resource": path, "path": path, "httpMethod": method, "headers": {"Accept": "application/json"},
        "multiValueHeaders": {"Accept": ["application/json"]}, "queryStringParameters": None,
        "multiValueQueryStringParameters": None, "pathParameters": None, "stageVariables": None,
        "requestContext": {"resourcePath": path, "httpMethod": method, "stage": "bench", "requestId": "r",
                           "identity": {"sourceIp": "127.0.0.1"}, "authorizer": {"claims": claims}},
        "body": None, "isBase64Encoded": False,
    })


def run(code: str) -> tuple[float, float]:
    env = bench_environment(write_bytecode=False, POWERTOOLS_LOG_LEVEL="WARNING")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    if output.returncode != 0:
        raise SystemExit(output.stderr[-3000:])
    init, timed = output.stdout.strip().splitlines()[-1].split()
    return float(init) * 1000, float(timed) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--hubs", nargs="*", default=list(HUBS))
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    print("SnapStart restore path vs cold start — LOCAL APPROXIMATION (no snapshot is loaded here: 'restore' ="
          " after-restore hook + first request in a process whose before-snapshot hook already ran)")
    print(f"median of {args.runs} fresh interpreters each, interleaved, CPU ms")
    print(f"{'hub':<12}{'cold':>8}{'restore':>9}{'ratio':>7}{'init+warm':>11}{'no hooks':>10}")
    results = {}
    for hub in args.hubs:
        method, path = protected_route_of(hub)
        codes = {
            mode: CONTEXT + CODE.replace("{hub}", hub).replace("{EVENT}", event(path, method))
            .replace("{RESTORE}", str(mode == "restore")).replace("{NO_HOOKS}", str(mode == "bare"))
            for mode in ("cold", "restore", "bare")
        }
        cold, restore, init, bare = [], [], [], []
        for _ in range(args.runs):
            cold.append(run(codes["cold"])[1])
            warm_init, first = run(codes["restore"])
            restore.append(first)
            init.append(warm_init)
            bare.append(run(codes["bare"])[1])
        cold_ms, restore_ms, init_ms = statistics.median(cold), statistics.median(restore), statistics.median(init)
        bare_ms = statistics.median(bare)
        results[hub] = {"route": f"{method} {path}", "coldMs": round(cold_ms, 1), "restoreMs": round(restore_ms, 1),
                        "ratio": round(restore_ms / cold_ms, 3), "initWarmMs": round(init_ms, 1),
                        "noHooksMs": round(bare_ms, 1)}
        print(f"{hub:<12}{cold_ms:>8.0f}{restore_ms:>9.1f}{restore_ms / cold_ms:>7.3f}{init_ms:>11.0f}"
              f"{bare_ms:>10.0f}   ({method} {path})")
    write_json(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
