"""The web client as an installable, offline-capable app (issue 16, "any device, even offline", and the browser
side of Web Push), in headless Chromium at phone size (tests/web/pwa_journey.mjs, on the journey's own seeded
dev server): the manifest and Chromium's installability check; a seeded course (Introduction to e-Office: a
video and a pdf) downloaded, the network cut for the page and the service worker, the video played offline in
the signed-in page; the app closed and opened again in a new page still offline (no session): the offline
library shown without signing in and the pdf read from it; the queued heartbeats (tagged with their owner) not
sent when the network returns until the learner signs in again, then counted by the server; a push message in the server's own format (karmayogi.domain.push.message) delivered to the
service worker over CDP, shown, and its click handled. Screenshots and pwa-journey-report.json go to
tests/artifacts/web/."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e_support import ROOT, DevServerProcess

pytestmark = pytest.mark.e2e

ARTIFACTS = ROOT / "tests" / "artifacts" / "web"
JOURNEY = ROOT / "tests" / "web" / "pwa_journey.mjs"
JOURNEY_TIMEOUT_S = 240


def push_payload() -> str:
    """An event reminder as the platform pushes it (the template, the learner's language, the event's link)."""
    from functions.events import rules
    from karmayogi.domain import push

    link = rules.link("webinar-e-office-basics")
    params = {"title": "e-Office basics", "when": "8 Dec 2026, 10:00", "where": "Online"}
    return push.message("EVENT_REMINDER_1H", "en", params, link).decode()


def test_manifest_and_service_worker_are_served_for_installation(web_dist: Path, dev_server: DevServerProcess) -> None:
    manifest = dev_server.request("GET", "/app/manifest.webmanifest")
    assert manifest.status == 200
    assert manifest.headers["Content-Type"] == "application/manifest+json"
    assert "immutable" not in manifest.headers["Cache-Control"]
    document = manifest.json()
    assert document["start_url"] == document["scope"] == "/app/"
    assert {(i["sizes"], i["purpose"]) for i in document["icons"]} >= {
        ("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")}
    worker = dev_server.request("GET", "/app/sw.js")
    assert worker.status == 200
    assert "javascript" in worker.headers["Content-Type"]
    assert worker.headers["Cache-Control"] == "no-cache"  # a browser must see a new worker at once
    assert b"precache" in worker.body
    icons = sum((web_dist / "icons" / name).stat().st_size for name in os.listdir(web_dist / "icons"))
    assert icons < 50_000


def test_offline_and_push_journey_in_chromium(chromium: str, web_dist: Path,
                                              dev_server: DevServerProcess) -> None:
    node = shutil.which("node")
    assert node is not None
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    payload = push_payload()
    assert json.loads(payload)["kind"] == "event-reminder"
    env = {**os.environ, "KARMAYOGI_URL": dev_server.url, "ARTIFACTS_DIR": str(ARTIFACTS), "CHROMIUM_PATH": chromium,
           "PUSH_PAYLOAD": payload}
    started = time.monotonic()
    result = subprocess.run([node, str(JOURNEY)], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=JOURNEY_TIMEOUT_S, check=False)
    print(result.stdout)
    assert result.returncode == 0, (
        f"the PWA journey failed (screenshots in {ARTIFACTS}):\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
    )
    outcome = json.loads(next(line for line in result.stdout.splitlines() if line.startswith("pwa-result "))
                         .removeprefix("pwa-result "))
    assert outcome["installabilityErrors"] == []
    assert outcome["coverage"]["pdf"][1] == 100
    assert outcome["coverage"]["video"][1] > outcome["coverage"]["video"][0]
    assert outcome["pushToggle"] in ("subscribed", "push service unreachable")
    assert time.monotonic() - started < JOURNEY_TIMEOUT_S
