"""The web client (web/) end to end: built with Vite if needed, served by the seeded dev server under /app/,
and driven in headless Chromium by tests/web/journey.mjs (playwright-core from web/node_modules):
registration with OTPs from the outbox, login, competency profile, catalogue, enrolment with approval by
an MDO admin at phone width, progress, assessment, certificate, events, Hindi, axe-core WCAG checks.
Screenshots and the step report go to tests/artifacts/web/ (gitignored).

Needs Node.js and Debian's chromium (`apt-get install -y chromium fonts-lohit-deva`); without the browser
the journey is skipped with a message on a workstation (the serving checks still run), and fails in CI
(`CI` set, as CI services and .ci/run set it): a green CI run has driven the browser."""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e_support import ROOT, DevServerProcess, in_ci

pytestmark = pytest.mark.e2e

WEB = ROOT / "web"
ARTIFACTS = ROOT / "tests" / "artifacts" / "web"
JOURNEY = ROOT / "tests" / "web" / "journey.mjs"
JOURNEY_TIMEOUT_S = 150


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


def test_spa_is_served_under_app(web_dist: Path, dev_server: DevServerProcess) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", dev_server.port, timeout=30)
    connection.request("GET", "/")
    root = connection.getresponse()
    assert root.status == 302
    assert root.getheader("Location") == "/app/"
    connection.close()

    config = dev_server.request("GET", "/app/config.json")
    assert config.status == 200
    assert config.json() == {"apiBaseUrl": ""}

    index = dev_server.request("GET", "/app/")
    assert index.status == 200
    assert index.headers["Content-Type"].startswith("text/html")
    assert b'<div id="app">' in index.body

    # Client-side routes fall back to index.html; an API path with the same name is still the API.
    deep = dev_server.request("GET", "/app/courses/intro-e-office")
    assert deep.status == 200
    assert deep.body == index.body
    assert dev_server.request("GET", "/courses").status == 401

    asset = next((web_dist / "assets").glob("*.js")).name
    script = dev_server.request("GET", f"/app/assets/{asset}")
    assert script.status == 200
    assert "javascript" in script.headers["Content-Type"]
    assert "immutable" in script.headers["Cache-Control"]
    assert dev_server.request("GET", "/app/assets/missing.js").status == 404

    # Nothing outside web/dist is reachable.
    for path in ("/app/../pyproject.toml", "/app/%2e%2e/pyproject.toml", "/app/assets/../../pyproject.toml"):
        assert b"[project]" not in dev_server.request("GET", path).body


def test_learner_and_admin_journey_in_chromium(chromium: str, web_dist: Path, dev_server: DevServerProcess) -> None:
    node = shutil.which("node")
    assert node is not None
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "KARMAYOGI_URL": dev_server.url, "ARTIFACTS_DIR": str(ARTIFACTS), "CHROMIUM_PATH": chromium}
    started = time.monotonic()
    result = subprocess.run(
        [node, str(JOURNEY)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=JOURNEY_TIMEOUT_S, check=False
    )
    print(result.stdout)
    assert result.returncode == 0, (
        f"the browser journey failed (screenshots in {ARTIFACTS}):\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
    )
    assert "journey passed" in result.stdout
    assert time.monotonic() - started < JOURNEY_TIMEOUT_S
