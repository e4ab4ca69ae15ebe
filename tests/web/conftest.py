"""The built web client (web/dist), shared by the browser journey and the CDK construct tests."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e_support import ROOT, in_ci

WEB = ROOT / "web"


def _newest_source_mtime() -> float:
    paths = [WEB / "index.html", WEB / "vite.config.ts", WEB / "tsconfig.json", WEB / "package-lock.json",
             ROOT / "docs" / "openapi.json"]  # the build generates src/api-types.ts from it
    paths += [WEB / "tsconfig.sw.json"]
    paths += [p for p in (WEB / "src").rglob("*") if p.is_file() and p.name != "api-types.ts"]
    paths += [p for p in (WEB / "public").rglob("*") if p.is_file()]
    return max(p.stat().st_mtime for p in paths if p.exists())


def _run(command: list[str], timeout: int) -> None:
    result = subprocess.run(command, cwd=WEB, capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"


@pytest.fixture(scope="module")
def web_dist() -> Path:
    """web/dist, built now when it is missing or older than the sources (`make web` does the same)."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        missing = "Node.js and npm are needed to build web/ (see README: Node.js 20+)"
        if in_ci():
            pytest.fail(f"CI is set and the web client cannot be built: {missing}")
        pytest.skip(missing)
    lock_file = ROOT / "tests" / "artifacts" / ".web-build.lock"
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("w") as lock:  # pytest-xdist workers build one at a time
        fcntl.flock(lock, fcntl.LOCK_EX)
        installed = WEB / "node_modules" / ".installed"
        if not installed.exists() or installed.stat().st_mtime < (WEB / "package-lock.json").stat().st_mtime:
            _run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], timeout=300)
            installed.touch()
        index = WEB / "dist" / "index.html"
        if not index.exists() or index.stat().st_mtime < _newest_source_mtime():
            _run(["npm", "run", "build"], timeout=300)
    return WEB / "dist"


@pytest.fixture(scope="module")
def dev_server():
    """The journey's own freshly seeded dev server: the session's shared one has its clock moved forward by
    other end-to-end tests (reminders, refusal codes), which closes the seeded batches the journey enrols in."""
    from tests.e2e_support import DevServerProcess

    server = DevServerProcess()
    yield server
    server.stop()


def _chromium() -> str | None:
    candidates = [
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ]
    return next((c for c in candidates if c and Path(c).exists()), None)


@pytest.fixture(scope="module")
def chromium() -> str:
    path = _chromium()
    if path is None:
        missing = ("no Chromium binary: install Debian's chromium (`apt-get install -y chromium`) or set "
                   "CHROMIUM_PATH; `npx playwright install` cannot download browsers here")
        if in_ci():
            pytest.fail(f"CI is set and the browser journey cannot run: {missing}")
        pytest.skip(missing)
    return path
