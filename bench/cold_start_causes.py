"""Why a hub's cold start is above the floor: the same measurement as bench/cold_start.py (CPU time, fresh
interpreters, interleaved) for the hub as it is and with each candidate fix applied from outside
the code, so every figure comes from one run:

- as is: our modules have no bytecode cache (PYTHONDONTWRITEBYTECODE, as in this repository's runs, and as
  in Lambda, whose assets exclude __pycache__/*.pyc and whose code directories are read-only), so every
  cold start compiles layers/core and the hub from source, while the floor's libraries come compiled;
- + bytecode: the same with a warm bytecode cache for everything (PYTHONPYCACHEPREFIX);
- + bytecode + deferred models: also `defer_build=True` on karmayogi.models' base models (set before the
  handler is imported), so pydantic builds a model's validator when it is first used, not at import.

Each variant's figure is the MINIMUM CPU time of N runs: the work is fixed, and on a shared machine other
processes only ever add to it (cache and frequency effects), so the minimum is the steadiest estimate of
the code's own cost; bench/cold_start.py prints medians. Also prints, per hub, the source compile time of
its own modules and the pydantic models built at import."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers/core/python")]

from bench.cold_start import CONTEXT, FLOOR, HUB, TARGET, bench_environment, event, protected_route_of  # noqa: E402
from infra.route_table import HUBS  # noqa: E402

DEFER = """import karmayogi.models as _models
_models.CamelModel.model_config["defer_build"] = True
_models.RequestModel.model_config["defer_build"] = True
"""
SURVEY = """
import sys, time
from pydantic import BaseModel
import functions.{hub}.handler
ours = [m for name, m in sys.modules.items() if name.startswith(("functions", "karmayogi")) and getattr(m, "__file__", None)]
start = time.process_time()
for module in ours:
    compile(open(module.__file__, encoding="utf-8").read(), module.__file__, "exec")
compile_ms = (time.process_time() - start) * 1000
def models(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from models(sub)
built = sum(1 for m in set(models(BaseModel)) if m.__module__.startswith(("functions", "karmayogi")))
print(len(ours), compile_ms, built)
"""


def environment(cache: str | None) -> dict[str, str]:
    if cache:
        return bench_environment(PYTHONPYCACHEPREFIX=cache)
    return bench_environment(write_bytecode=False)


def run(code: str, cache: str | None) -> float:
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment(cache),
                            check=False)
    if output.returncode != 0:
        raise SystemExit(output.stderr[-2000:])
    return float(output.stdout.strip().splitlines()[-1]) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--hubs", nargs="*", default=list(HUBS))
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    cache = tempfile.mkdtemp(prefix="karmayogi-pyc-")
    floor = CONTEXT + FLOOR.replace("{EVENT}", event("/ping")).replace("{CLOCK}", "process_time")
    print(f"cold start causes (CPU ms, minimum of {args.runs} fresh interpreters, interleaved; ratio to the floor, "
          f"target ≤ {TARGET})")
    print(f"{'hub':<12}{'floor':>7}{'as is':>13}{'+ bytecode':>14}{'+ deferred models':>19}   "
          f"{'modules':>7}{'compile ms':>11}{'models':>7}")
    results = {}
    started = time.perf_counter()
    for hub in args.hubs:
        method, path = protected_route_of(hub)
        code = CONTEXT + HUB.replace("{hub}", hub).replace("{EVENT}", event(path, method)).replace(
            "{CLOCK}", "process_time")
        deferred = code.replace("start = time.process_time()\n", "start = time.process_time()\n" + DEFER, 1)
        variants = {"floor": (floor, None), "as is": (code, None), "bytecode": (code, cache),
                    "deferred": (deferred, cache)}
        for text, cached in variants.values():  # warm the file cache and the bytecode cache
            run(text, cached)
        samples: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(args.runs):
            for name, (text, cached) in variants.items():
                samples[name].append(run(text, cached))
        lowest = {name: min(values) for name, values in samples.items()}
        survey = subprocess.run([sys.executable, "-c", SURVEY.replace("{hub}", hub)], capture_output=True, text=True,
                                env=environment(None), check=True).stdout.split()
        modules, compile_ms, models = int(survey[0]), float(survey[1]), int(survey[2])
        ratio = {name: lowest[name] / lowest["floor"] for name in ("as is", "bytecode", "deferred")}
        results[hub] = {"lowestMs": lowest, "ratio": ratio, "modules": modules, "compileMs": compile_ms,
                        "models": models}
        print(f"{hub:<12}{lowest['floor']:>7.0f}{lowest['as is']:>7.0f} {ratio['as is']:>5.2f}"
              f"{lowest['bytecode']:>8.0f} {ratio['bytecode']:>5.2f}{lowest['deferred']:>13.0f} {ratio['deferred']:>5.2f}"
              f"   {modules:>7}{compile_ms:>11.0f}{models:>7}")
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
