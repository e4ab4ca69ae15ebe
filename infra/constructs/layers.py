"""The two Lambda layers every function uses: our shared code (`layers/core`) and the third-party runtime
dependencies (`build/deps-layer`, built without Docker by scripts/build_layer.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from aws_cdk import aws_lambda as lambda_
from constructs import Construct

REPO_ROOT = Path(__file__).resolve().parents[2]
CORE_LAYER_DIR = REPO_ROOT / "layers" / "core"
DEPS_LAYER_DIR = REPO_ROOT / "build" / "deps-layer"
BUILD_SCRIPT = REPO_ROOT / "scripts" / "build_layer.py"

RUNTIME = lambda_.Runtime.PYTHON_3_13
ARCHITECTURE = lambda_.Architecture.ARM_64
ASSET_EXCLUDES = ["**/__pycache__", "**/*.pyc", ".DS_Store"]


def ensure_deps_layer() -> Path:
    """Build (or refresh) build/deps-layer when it is missing or stale; a no-op when current.

    Runs the build script with this interpreter (the project's virtualenv when invoked by `cdk synth`),
    which downloads aarch64 CPython 3.13 wheels from PyPI. Output goes to stderr so it never mixes with
    anything the CDK CLI reads."""
    try:
        subprocess.run(  # noqa: S603 - fixed command, our own interpreter and script
            [sys.executable, str(BUILD_SCRIPT)], check=True, stdout=sys.stderr, cwd=REPO_ROOT
        )
    except (OSError, subprocess.CalledProcessError) as error:
        raise RuntimeError(
            f"could not build the deps layer into {DEPS_LAYER_DIR} ({error}); run "
            f"`{sys.executable} {BUILD_SCRIPT.relative_to(REPO_ROOT)}` and fix what it reports"
        ) from error
    if not (DEPS_LAYER_DIR / "python").is_dir():
        raise RuntimeError(f"{BUILD_SCRIPT} ran but {DEPS_LAYER_DIR}/python does not exist")
    return DEPS_LAYER_DIR


class SharedLayers(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, stage: str) -> None:
        super().__init__(scope, construct_id)
        self.core = lambda_.LayerVersion(
            self,
            "Core",
            layer_version_name=f"karmayogi-{stage}-core",
            description="Karmayogi shared code: table access, errors, identity, notifications, settings",
            code=lambda_.Code.from_asset(str(CORE_LAYER_DIR), exclude=ASSET_EXCLUDES),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[ARCHITECTURE],
        )
        self.deps = lambda_.LayerVersion(
            self,
            "Deps",
            layer_version_name=f"karmayogi-{stage}-deps",
            description="Third-party runtime dependencies (pyproject [project.dependencies] minus boto3)",
            code=lambda_.Code.from_asset(str(ensure_deps_layer()), exclude=[*ASSET_EXCLUDES, ".stamp"]),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[ARCHITECTURE],
        )

    @property
    def all(self) -> list[lambda_.ILayerVersion]:
        return [self.deps, self.core]
