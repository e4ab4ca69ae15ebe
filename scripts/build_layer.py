"""Build the third-party dependencies Lambda layer without Docker.

Installs the runtime dependencies of pyproject.toml ([project.dependencies]) as manylinux aarch64 wheels for
CPython 3.13 (the functions' runtime and architecture) into build/deps-layer/python, the layout Lambda
expects (/opt/python). The distributions the Lambda Python runtime already ships (boto3 and its closure) are
removed after the install, unless --with-boto3 is given.

    .venv/bin/python scripts/build_layer.py            # build if missing or stale
    .venv/bin/python scripts/build_layer.py --force    # rebuild

A stamp file (build/deps-layer/.stamp) records the requirement list and target; the build is skipped when it
matches, so the CDK app can call this on every synth at no cost (infra/constructs/layers.py does).
Only the Python standard library is used here: the script runs before anything else is installed.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
OUT_DIR = ROOT / "build" / "deps-layer"
SITE_DIR = OUT_DIR / "python"
STAMP = OUT_DIR / ".stamp"

PLATFORM = "manylinux2014_aarch64"
PYTHON_VERSION = "3.13"
IMPLEMENTATION = "cp"

# Shipped by the Lambda Python runtime: boto3 and everything it pulls in. Not vendored, so the layer stays
# small and the runtime's SDK (kept current by AWS) is the one used.
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer", "jmespath", "urllib3", "python-dateutil", "six")


# Dependencies published only as source distributions. The install below takes wheels only (it targets another
# platform), so these are built into wheels here first, with this interpreter; each must be pure Python (a
# py3-none-any wheel runs on any platform), which the build checks. http-ece: pywebpush's payload encryption.
PURE_SDISTS = ("http-ece==1.2.1",)
WHEELS_DIR = ROOT / "build" / "pure-wheels"


def _build_pure_wheels() -> None:
    WHEELS_DIR.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "wheel", "--disable-pip-version-check", "--no-deps", "--quiet",
               "--wheel-dir", str(WHEELS_DIR), *PURE_SDISTS]
    subprocess.run(command, check=True)  # noqa: S603 - fixed command, our own interpreter
    for wheel in WHEELS_DIR.glob("*.whl"):
        if not wheel.name.endswith("-none-any.whl"):
            raise SystemExit(f"{wheel.name} is not pure Python: it cannot go into the aarch64 layer as built here")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    if not match:
        raise SystemExit(f"cannot parse requirement {requirement!r} in {PYPROJECT}")
    return _normalise(match.group(1))


def requirements(with_boto3: bool) -> list[str]:
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    deps: list[str] = list(project.get("dependencies", []))
    if with_boto3:
        return deps
    return [d for d in deps if _requirement_name(d) not in RUNTIME_PROVIDED]


def stamp_for(reqs: list[str], with_boto3: bool) -> str:
    payload = json.dumps(
        {
            "requirements": reqs,
            "platform": PLATFORM,
            "python": PYTHON_VERSION,
            "implementation": IMPLEMENTATION,
            "with_boto3": with_boto3,
            "script": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def is_current(with_boto3: bool = False) -> bool:
    reqs = requirements(with_boto3)
    return SITE_DIR.is_dir() and STAMP.is_file() and STAMP.read_text().strip() == stamp_for(reqs, with_boto3)


def _remove_distribution(site: Path, name: str) -> None:
    """Delete an installed distribution by its RECORD (the files pip wrote for it)."""
    for dist_info in site.glob("*.dist-info"):
        dist_name = dist_info.name[: -len(".dist-info")].rsplit("-", 1)[0]
        if _normalise(dist_name) != _normalise(name):
            continue
        record = dist_info / "RECORD"
        top_dirs: set[Path] = set()
        if record.is_file():
            for line in record.read_text().splitlines():
                rel = line.split(",", 1)[0]
                if not rel:
                    continue
                path = (site / rel).resolve()
                if site.resolve() not in path.parents:
                    continue
                top_dirs.add(site / Path(rel).parts[0])
                if path.is_file():
                    path.unlink()
        for top in top_dirs:
            if top.is_dir():
                shutil.rmtree(top, ignore_errors=True)
        shutil.rmtree(dist_info, ignore_errors=True)


def build(force: bool = False, with_boto3: bool = False) -> Path:
    reqs = requirements(with_boto3)
    if not force and is_current(with_boto3):
        print(f"deps layer is current: {OUT_DIR.relative_to(ROOT)}")
        return OUT_DIR
    if OUT_DIR.exists():
        shutil.rmtree(OUT_DIR)
    SITE_DIR.mkdir(parents=True)
    _build_pure_wheels()
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--no-compile",
        "--platform",
        PLATFORM,
        "--only-binary=:all:",
        "--python-version",
        PYTHON_VERSION,
        "--implementation",
        IMPLEMENTATION,
        "--target",
        str(SITE_DIR),
        "--find-links",
        str(WHEELS_DIR),
        *reqs,
    ]
    print("building deps layer:", " ".join(reqs), flush=True)
    subprocess.run(command, check=True)  # noqa: S603 - fixed command, our own interpreter
    if not with_boto3:
        for name in RUNTIME_PROVIDED:
            _remove_distribution(SITE_DIR, name)
    for cache in SITE_DIR.rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(SITE_DIR / "bin", ignore_errors=True)
    STAMP.write_text(stamp_for(reqs, with_boto3) + "\n")
    print(f"deps layer built: {OUT_DIR.relative_to(ROOT)}")
    return OUT_DIR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--force", action="store_true", help="rebuild even when the stamp matches")
    parser.add_argument("--with-boto3", action="store_true", help="vendor boto3 and its closure too")
    parser.add_argument("--check", action="store_true", help="exit 1 if the layer is missing or stale")
    args = parser.parse_args(argv)
    if args.check:
        return 0 if is_current(args.with_boto3) else 1
    # Several processes may synthesize at once (parallel test workers): one builds, the others wait for it
    # and then find the stamp current, so nobody copies the layer while it is being rewritten.
    OUT_DIR.parent.mkdir(parents=True, exist_ok=True)
    with (OUT_DIR.parent / ".deps-layer.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        build(force=args.force, with_boto3=args.with_boto3)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
