"""The learning hub's GET /courses and GET /courses/{courseId} against the usual alternatives, side by side
in one run: FastAPI + Mangum (with `def` routes, run in FastAPI's thread pool, and with `async def` routes,
as FastAPI users write either) and Chalice + pydantic (bench/peers/), over the same service and repository
code. Every figure is the median of several runs with their spread (min-max), not one run.

1. Cold start: a fresh interpreter imports the handler module, creates the DynamoDB resource and serves
   a first request (an unauthenticated GET /courses → 401, as bench/cold_start.py does for every hub).
   Runs are interleaved (ours, FastAPI, Chalice, ours …); the median (min-max) of N runs of each, in CPU
   time (the process's own, which the machine's other load hardly moves) and wall time.
2. Per-request CPU: in one process, 2,000 requests per app (GET /courses and GET /courses/{id}
   alternating, as a signed-in learner) in interleaved blocks; DynamoDB is answered by a `before-send`
   hook on the botocore client with the responses moto gave for the same requests (recorded first, moto
   is off while timing), so botocore still serializes, signs and parses every call. Each interleaved
   block is one sample: the median (min-max) over the blocks.

Targets: cold start ≤ 0.7 x FastAPI + Mangum and ≤ 1.0 x Chalice + pydantic; per-request CPU ≤ 0.8 x
FastAPI + Mangum (each FastAPI variant), on the medians. `--profile` prints where our per-request CPU goes (cProfile)."""

from __future__ import annotations

import argparse
import copy
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers/core/python")]

os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")  # the seeders log every item at INFO

from bench.cold_start import CONTEXT, bench_environment  # noqa: E402
from bench.cold_start import event as minimal_event  # noqa: E402
from bench.report import write_json  # noqa: E402

APPS = {  # name -> (module, its Lambda handler)
    "ours": ("functions.learning.handler", "handler"),
    "fastapi": ("bench.peers.fastapi_app", "handler"),
    "fastapi-async": ("bench.peers.fastapi_app", "async_handler"),
    "chalice": ("bench.peers.chalice_app", "handler"),
    "minimal": ("bench.peers.powertools_app", "handler"),
}
LABELS = {"ours": "Powertools (ours)", "fastapi": "FastAPI + Mangum, def", "fastapi-async": "FastAPI + Mangum, async",
          "chalice": "Chalice + pydantic", "minimal": "ours, 2 routes only"}
TARGETS = {"cold": {"fastapi": 0.7, "fastapi-async": 0.7, "chalice": 1.0},
           "cpu": {"fastapi": 0.8, "fastapi-async": 0.8}}
PEERS = ("fastapi", "fastapi-async", "chalice")

COLD = """
import time
cpu, wall = time.process_time(), time.perf_counter()
from {MODULE} import {HANDLER} as handler
from karmayogi.platform import db
db.table()
response = handler({EVENT}, Context())
assert response["statusCode"] == 401, response
print(time.process_time() - cpu, time.perf_counter() - wall)
"""


def event(path: str) -> str:
    """bench/cold_start.py's event plus `stageVariables` (API Gateway always sends it; Chalice needs it)."""
    return minimal_event(path).replace("'pathParameters': None,", "'pathParameters': None, 'stageVariables': None,")


def environment() -> dict[str, str]:
    return bench_environment(write_bytecode=False)


def spread(samples: list[float]) -> dict[str, float]:
    """The median of the samples and their range."""
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "runs": len(samples)}


def shown(figure: dict[str, float], width: int = 0, digits: int = 0) -> str:
    text = f"{figure['median']:.{digits}f} ({figure['min']:.{digits}f}-{figure['max']:.{digits}f})"
    return f"{text:>{width}}"


def cold_once(app: tuple[str, str]) -> tuple[float, float]:
    module, handler = app
    code = CONTEXT + COLD.replace("{MODULE}", module).replace("{HANDLER}", handler).replace("{EVENT}", event("/courses"))
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment(),
                            check=False)
    if output.returncode != 0:
        raise SystemExit(f"{module}.{handler}: {output.stderr[-2000:]}")
    cpu, wall = output.stdout.strip().splitlines()[-1].split()
    return float(cpu) * 1000, float(wall) * 1000


def cold_starts(runs: int) -> dict[str, dict[str, dict[str, float]]]:
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in APPS}
    for app in APPS.values():  # one unmeasured run each: file-system caches warm for all alike
        cold_once(app)
    for _ in range(runs):
        for name, app in APPS.items():
            samples[name].append(cold_once(app))
    return {
        name: {"cpuMs": spread([s[0] for s in values]), "wallMs": spread([s[1] for s in values])}
        for name, values in samples.items()
    }


# ---- per-request CPU ------------------------------------------------------------------------------------------

class _Raw:
    """The raw body botocore reads from an AWSResponse."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Any:
        yield self._body


def record_responses() -> tuple[dict[str, tuple[int, dict[str, str], bytes]], str, dict[str, Any]]:
    """Seed the demo catalogue in moto and record the raw DynamoDB responses of one GET /courses and one
    GET /courses/{id} (by operation). Returns them, a Live course id and a learner's claims."""
    from local import aws

    aws.fake_credentials()
    os.environ.pop("AWS_ENDPOINT_URL", None)
    from moto import mock_aws

    from functions.learning import handler as ours
    from karmayogi.platform import db
    from karmayogi.platform.identity import claims_for
    from local.seeding import SEEDERS

    recorded: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def capture(http_response: Any, model: Any, **_: Any) -> None:
        recorded[model.name] = (http_response.status_code, dict(http_response.headers), http_response.content)

    with mock_aws():
        aws.provision()
        import importlib

        for name in SEEDERS[: SEEDERS.index("learning") + 1]:  # the catalogue and what it depends on
            importlib.import_module(f"local.seed.{name}").seed()
        claims = claims_for("bench-learner", "bench-learner", ["PUBLIC"])
        db.client().meta.events.register("after-call.dynamodb", capture)
        page = _invoke(ours.handler, _event("/courses", claims, query="limit=20"))
        course_id = page["items"][0]["id"]
        _invoke(ours.handler, _event(f"/courses/{course_id}", claims))
        db.client().meta.events.unregister("after-call.dynamodb", capture)
    db.reset_clients()
    missing = {"Query", "GetItem"} - set(recorded)
    if missing:
        raise SystemExit(f"the routes made no {sorted(missing)} call: {sorted(recorded)}")
    return recorded, course_id, claims


def _event(path: str, claims: dict[str, Any], query: str = "") -> dict[str, Any]:
    from infra import route_table
    from local.events import proxy_event

    found = route_table.match("GET", path)
    assert found is not None, path
    route, params = found
    return proxy_event(route, path, params, query=query, headers={"Accept": "application/json"}, claims=claims)


def _invoke(handler: Callable[..., dict[str, Any]], request: dict[str, Any]) -> Any:
    from local.gateway import LambdaContext

    response = handler(copy.deepcopy(request), LambdaContext(function_name="bench"))
    if response["statusCode"] != 200:
        raise SystemExit(f"{request['path']}: {response['statusCode']} {response.get('body')}")
    return json.loads(response["body"])


def install_replay(recorded: dict[str, tuple[int, dict[str, str], bytes]]) -> None:
    from botocore.awsrequest import AWSResponse

    from karmayogi.platform import db

    def replay(request: Any, **_: Any) -> AWSResponse:
        operation = request.headers["X-Amz-Target"].decode().split(".")[-1]
        status, headers, body = recorded[operation]
        return AWSResponse(request.url, status, headers, _Raw(body))

    db.client().meta.events.register("before-send.dynamodb", replay)


def per_request_cpu(requests: int, rounds: int, profile: bool) -> tuple[dict[str, dict[str, float]], str, str]:
    recorded, course_id, claims = record_responses()
    install_replay(recorded)
    import importlib

    handlers = {name: getattr(importlib.import_module(module), attribute) for name, (module, attribute) in APPS.items()}
    events = [_event("/courses", claims, query="limit=20"), _event(f"/courses/{course_id}", claims)]
    from local.gateway import LambdaContext

    context = LambdaContext(function_name="bench")
    bodies = {}
    for name, handler in handlers.items():  # warm: every model and validator built, same answers
        bodies[name] = [_invoke(handler, e) for e in events]
        for _ in range(50):
            for e in events:
                handler(e, context)
    same = all(bodies[name] == bodies["ours"] for name in handlers)

    per_round = requests // rounds
    blocks: dict[str, list[float]] = {name: [] for name in handlers}  # µs per request, one sample per block
    order = list(handlers)
    for number in range(rounds):
        for name in order[number % len(order):] + order[: number % len(order)]:
            handler = handlers[name]
            start = time.process_time()
            for i in range(per_round):
                response = handler(events[i % 2], context)
                assert response["statusCode"] == 200
            blocks[name].append((time.process_time() - start) / per_round * 1e6)
    micros = {name: spread(samples) for name, samples in blocks.items()}

    report = ""
    if profile:
        profiler = cProfile.Profile()
        handler = handlers["ours"]
        profiler.enable()
        for i in range(per_round * rounds):
            handler(events[i % 2], context)
        profiler.disable()
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        stats.sort_stats("tottime").print_stats(25)
        report = stream.getvalue()
    return micros, ("identical" if same else "DIFFERENT"), report


def verdict(ratio: float, target: float) -> str:
    return "met" if ratio <= target else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="cold starts per app (median)")
    parser.add_argument("--requests", type=int, default=2000, help="timed requests per app")
    parser.add_argument("--rounds", type=int, default=10, help="interleaved blocks")
    parser.add_argument("--profile", action="store_true", help="cProfile our handler's requests")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    cold = cold_starts(args.runs)
    print(f"cold start: import + DynamoDB resource + first request; median (min-max) of {args.runs} fresh "
          "interpreters, interleaved")
    print(f"{'app':<26}{'CPU ms':>16}{'wall ms':>16}")
    for name in APPS:
        print(f"{LABELS[name]:<26}{shown(cold[name]['cpuMs'], 16)}{shown(cold[name]['wallMs'], 16)}")
    results: dict[str, Any] = {"cold": cold, "ratios": {}}
    for peer, target in TARGETS["cold"].items():
        ratio = cold["ours"]["cpuMs"]["median"] / cold[peer]["cpuMs"]["median"]
        wall = cold["ours"]["wallMs"]["median"] / cold[peer]["wallMs"]["median"]
        results["ratios"][f"cold/{peer}"] = ratio
        print(f"  ours / {LABELS[peer]:<24} {ratio:5.2f} CPU ({wall:.2f} wall)  target ≤ {target}  "
              f"{verdict(ratio, target)}")
    for peer in PEERS:
        ratio = cold["minimal"]["cpuMs"]["median"] / cold[peer]["cpuMs"]["median"]
        results["ratios"][f"cold-minimal/{peer}"] = ratio
        print(f"  ours, 2 routes only / {LABELS[peer]:<24} {ratio:.2f} CPU (the framework's share: our stack "
              "serving only these two routes)")

    micros, same, report = per_request_cpu(args.requests, args.rounds, args.profile)
    results["perRequestMicros"] = micros
    print(f"\nper-request CPU: {args.requests} requests per app (GET /courses, GET /courses/{{id}} alternating), "
          f"DynamoDB replayed by a before-send hook; answers {same}; median (min-max) of {args.rounds} "
          "interleaved blocks")
    print(f"{'app':<26}{'µs/request':>20}")
    for name in APPS:
        print(f"{LABELS[name]:<26}{shown(micros[name], 20)}")
    for peer in (*PEERS, "minimal"):
        ratio = micros["ours"]["median"] / micros[peer]["median"]
        results["ratios"][f"cpu/{peer}"] = ratio
        cpu_target = TARGETS["cpu"].get(peer)
        suffix = f"  target ≤ {cpu_target}  {verdict(ratio, cpu_target)}" if cpu_target else ""
        print(f"  ours / {LABELS[peer]:<24} {ratio:5.2f}{suffix}")
    if report:
        print("\nwhere our per-request CPU goes (cProfile, by own time):")
        print(report)
    write_json(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
