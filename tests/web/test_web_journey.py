"""The web client (web/) end to end: built with Vite if needed, served by the seeded dev server under /app/,
and driven in headless Chromium by tests/web/journey.mjs (playwright-core from web/node_modules):
registration with OTPs from the outbox, login, competency profile, catalogue, enrolment with approval by
an MDO admin at phone width, progress, assessment, certificate, events, Hindi, axe-core WCAG checks; a content
creator writes a Draft course and uploads a real video, PDF and SCORM package (made here before the journey:
ffmpeg's test pattern and tone, a pypdf document, the seed's SCORM 1.2 builder) straight to the media bucket,
sees each become READY, and sends the course for review; once a publisher has published it, the learner takes it
in the players (the video to its end at 2x, every pdf page, the SCORM package) with heartbeats the server
verifies, and gets the certificate only after the last content.
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
JOURNEY_TIMEOUT_S = 420  # ~2 min alone; the role journeys run beside it on the other worker
VIDEO_SECONDS = 3
LARGE_FILE_BYTES = 101 * 1024 * 1024  # over the 100 MiB of one presigned POST: the upload goes in parts
PDF_PAGES = 2


@pytest.fixture(scope="module")
def creator_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files the journey's content creator uploads: a short video with sound, a PDF, a SCORM 1.2 zip, and a
    file too large for one presigned POST that is no zip at all."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        missing = "no ffmpeg: install Debian's ffmpeg (`apt-get install -y ffmpeg`), as the set-up does"
        if in_ci():
            pytest.fail(f"CI is set and the creator's video cannot be made: {missing}")
        pytest.skip(missing)
    from pypdf import PdfWriter

    from local.seed.content import scorm_package
    from local.seed.data.courses import Quiz, QuizOption, QuizQuestion

    folder = tmp_path_factory.mktemp("creator-media")
    subprocess.run(
        [ffmpeg, "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", f"testsrc=duration={VIDEO_SECONDS}:size=320x240:rate=25",
         "-f", "lavfi", "-i", f"sine=frequency=440:duration={VIDEO_SECONDS}",
         "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(folder / "welcome.mp4")],
        check=True, timeout=60,
    )
    writer = PdfWriter()
    for _ in range(PDF_PAGES):
        writer.add_blank_page(width=595, height=842)  # A4 in points
    with (folder / "handout.pdf").open("wb") as handout:
        writer.write(handout)
    quiz = Quiz(pass_percent=50, max_attempts=3, questions=(
        QuizQuestion("q1", "Which portal files an RTI application online?", "single",
                     (QuizOption("a", "rtionline.gov.in"), QuizOption("b", "A paper form only")), ("a",)),
    ))
    scorm_package.build(quiz, "RTI check", "karmayogi-web-journey-rti", folder / "rti-check.zip")
    with (folder / "large-package.zip").open("wb") as large:  # no zip at all: processing rejects it
        large.truncate(LARGE_FILE_BYTES)
    return folder


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


def test_learner_and_admin_journey_in_chromium(chromium: str, web_dist: Path, dev_server: DevServerProcess,
                                              creator_media: Path) -> None:
    node = shutil.which("node")
    assert node is not None
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "KARMAYOGI_URL": dev_server.url, "ARTIFACTS_DIR": str(ARTIFACTS), "CHROMIUM_PATH": chromium,
           "CREATOR_MEDIA_DIR": str(creator_media), "VIDEO_SECONDS": str(VIDEO_SECONDS), "PDF_PAGES": str(PDF_PAGES)}
    started = time.monotonic()
    try:
        result = subprocess.run(
            [node, str(JOURNEY)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=JOURNEY_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as late:
        steps = late.stdout.decode() if isinstance(late.stdout, bytes) else (late.stdout or "")
        pytest.fail(f"the browser journey took over {JOURNEY_TIMEOUT_S} s; its steps so far:\n{steps[-6000:]}")
    print(result.stdout)
    assert result.returncode == 0, (
        f"the browser journey failed (screenshots in {ARTIFACTS}):\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
    )
    assert "journey passed" in result.stdout
    assert time.monotonic() - started < JOURNEY_TIMEOUT_S
