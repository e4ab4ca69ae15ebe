"""Why a hub's cold start is above the floor: the same measurement as bench/cold_start.py (CPU time, fresh
interpreters, interleaved) for the hub with and without the bytecode of our own modules, so both figures
come from one run:

- from source: our modules (functions/, layers/core/python) have no bytecode: they are imported from a copy
  without __pycache__, with PYTHONDONTWRITEBYTECODE — as in Lambda, whose assets exclude __pycache__/*.pyc
  and whose code directories are read-only, so a cold start without SnapStart compiles them every time;
  the floor's libraries come compiled (site-packages), as they do here;
- with bytecode: our modules compiled (compileall), the footing bench/cold_start.py measures on (with
  SnapStart, the compile happens before the snapshot).

Each variant's figure is the MINIMUM CPU time of N runs: the work is fixed, and on a shared machine other
processes only ever add to it (cache and frequency effects), so the minimum is the steadiest estimate of
the code's own cost; bench/cold_start.py prints medians. Also prints, per hub, the source compile time of
its own modules and the pydantic models built at import (karmayogi.platform.models defers building validators to
their first use)."""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers/core/python")]

from bench.cold_start import CONTEXT, FLOOR, HUB, TARGET, bench_environment, event, protected_route_of  # noqa: E402
from bench.report import write_json  # noqa: E402
from infra.route_table import HUBS  # noqa: E402

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


def source_copy() -> Path:
    """Our modules without any bytecode, in a temporary directory (the repository's own __pycache__ stays)."""
    copy = Path(tempfile.mkdtemp(prefix="karmayogi-source-"))
    without_bytecode = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "functions", copy / "functions", ignore=without_bytecode)
    shutil.copytree(ROOT / "layers/core/python", copy / "layer", ignore=without_bytecode)
    return copy


def environment(source: Path | None) -> dict[str, str]:
    if source:
        return bench_environment(write_bytecode=False, PYTHONPATH=f"{source}{os.pathsep}{source / 'layer'}")
    return bench_environment()


def run(code: str, source: Path | None) -> float:
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment(source),
                            cwd=source or ROOT, check=False)
    if output.returncode != 0:
        raise SystemExit(output.stderr[-2000:])
    return float(output.stdout.strip().splitlines()[-1]) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--hubs", nargs="*", default=list(HUBS))
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    for folder in ("functions", "layers/core/python"):
        compileall.compile_dir(str(ROOT / folder), quiet=1)
    source = source_copy()
    floor = CONTEXT + FLOOR.replace("{EVENT}", event("/ping")).replace("{CLOCK}", "process_time")
    print(f"cold start causes (CPU ms, minimum of {args.runs} fresh interpreters, interleaved; ratio to the floor, "
          f"target ≤ {TARGET})")
    print(f"{'hub':<12}{'floor':>7}{'from source':>15}{'with bytecode':>16}   {'modules':>7}{'compile ms':>11}"
          f"{'models':>7}")
    results = {}
    started = time.perf_counter()
    for hub in args.hubs:
        method, path = protected_route_of(hub)
        code = CONTEXT + HUB.replace("{hub}", hub).replace("{EVENT}", event(path, method)).replace(
            "{CLOCK}", "process_time")
        variants: dict[str, tuple[str, Path | None]] = {"floor": (floor, None), "source": (code, source),
                                                        "bytecode": (code, None)}
        for text, where in variants.values():  # warm the file cache
            run(text, where)
        samples: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(args.runs):
            for name, (text, where) in variants.items():
                samples[name].append(run(text, where))
        lowest = {name: min(values) for name, values in samples.items()}
        survey = subprocess.run([sys.executable, "-c", SURVEY.replace("{hub}", hub)], capture_output=True, text=True,
                                env=environment(source), cwd=source, check=True).stdout.split()
        modules, compile_ms, models = int(survey[0]), float(survey[1]), int(survey[2])
        ratio = {name: lowest[name] / lowest["floor"] for name in ("source", "bytecode")}
        results[hub] = {"lowestMs": lowest, "ratio": ratio, "modules": modules, "compileMs": compile_ms,
                        "models": models}
        print(f"{hub:<12}{lowest['floor']:>7.0f}{lowest['source']:>9.0f} {ratio['source']:>5.2f}"
              f"{lowest['bytecode']:>10.0f} {ratio['bytecode']:>5.2f}   {modules:>7}{compile_ms:>11.0f}{models:>7}")
    print(f"({time.perf_counter() - started:.0f} s)")
    write_json(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
