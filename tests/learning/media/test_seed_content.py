"""The seed media generator (local/seed/content) makes files that pass the platform's own processing rules,
and its 60-second video goes through the HLS ladder."""

from __future__ import annotations

import json
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from functions.learning.media import Accepted, extract_scorm, hls_ladder, validate_upload
from local.seed.content.script import BENCHMARK_VIDEO, VIDEOS
from tests.learning.media.conftest import FFMPEG_MISSING

ESPEAK_MISSING = shutil.which("espeak-ng") is None

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        (FFMPEG_MISSING or ESPEAK_MISSING) and not os.environ.get("CI"),
        reason="ffmpeg and espeak-ng are needed (Debian: apt-get install ffmpeg espeak-ng); in CI these tests run",
    ),
]


@pytest.fixture(scope="module")
def seed() -> tuple[Path, float]:
    """The generated seed media, as the dev server's seeder takes them: from the cache (generated there on
    the first run; local/seed/content/cache.py)."""
    from local.seed.content.cache import media_dir

    started = time.monotonic()
    out = media_dir()
    return out, time.monotonic() - started


def test_every_generated_file_passes_the_processing_rules(seed: tuple[Path, float], tmp_path: Path) -> None:
    out, seconds = seed
    catalogue = json.loads((out / "content.json").read_text())

    assert {entry["type"] for entry in catalogue} == {"video", "audio", "pdf", "scorm"}
    assert {entry["language"] for entry in catalogue if entry["type"] == "video"} == {"en", "hi"}
    for entry in catalogue:
        outcome = validate_upload(out / entry["file"], entry["type"], media_type=entry["mediaType"])
        assert isinstance(outcome, Accepted), (entry, outcome)
        assert outcome.media_type == entry["mediaType"]
        if entry["type"] == "video":
            assert 20 <= (outcome.duration_seconds or 0) <= 65, entry  # 20-40 s, the benchmark's ~60 s
            assert (outcome.width, outcome.height) == (1280, 720)
        if entry["type"] == "audio":
            assert 10 <= (outcome.duration_seconds or 0) <= 60
        if entry["type"] == "pdf":
            assert (outcome.page_count or 0) >= 3
        if entry["type"] == "scorm":
            assert outcome.launch_path == "index.html"
            assert isinstance(extract_scorm(out / entry["file"], tmp_path / "scorm"), Accepted)
            page = (tmp_path / "scorm" / "index.html").read_text() + (tmp_path / "scorm" / "quiz.js").read_text()
            for call in ("window.parent", "LMSInitialize", "cmi.core.lesson_status", "cmi.core.score.raw",
                         "LMSCommit", "LMSFinish"):
                assert call in page
    total = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    assert len(catalogue) == 2 * len(VIDEOS) + 2  # a video and a handout per course, the talk, the SCORM quiz
    assert total < 20 * 1024 * 1024  # small enough to generate on a cold `make dev`
    print(f"seed content: {len(catalogue)} files, {total / 1024:.0f} KB in {seconds:.1f} s (from the cache when warm)")


def test_the_scorm_package_is_the_same_byte_for_byte(seed: tuple[Path, float], tmp_path: Path) -> None:
    from local.seed.content import scorm_package
    from local.seed.data.courses import QUIZZES

    first = scorm_package.build(QUIZZES["nd-quiz"], "Quiz", "id", tmp_path / "a.zip").read_bytes()
    second = scorm_package.build(QUIZZES["nd-quiz"], "Quiz", "id", tmp_path / "b.zip").read_bytes()

    assert first == second
    with zipfile.ZipFile(seed[0] / "noting-drafting" / "quiz-scorm.zip") as archive:
        assert sorted(archive.namelist()) == ["imsmanifest.xml", "index.html", "quiz.js"]


def test_the_sixty_second_video_goes_through_the_hls_ladder(seed: tuple[Path, float], tmp_path: Path) -> None:
    video = seed[0] / BENCHMARK_VIDEO.course_id / f"{BENCHMARK_VIDEO.content_id}.mp4"
    started = time.monotonic()

    ladder = hls_ladder(video, tmp_path / "hls")

    seconds = time.monotonic() - started
    assert [r.name for r in ladder.renditions] == ["240p", "480p", "720p"]
    assert [(r.width, r.height) for r in ladder.renditions] == [(426, 240), (854, 480), (1280, 720)]
    segments = sorted(p.name for p in (tmp_path / "hls").glob("index_720p_*.ts"))
    assert segments[0] == "index_720p_00001.ts" and len(segments) >= ladder.duration_seconds // 6
    print(f"HLS ladder of {ladder.duration_seconds:.1f} s: {seconds:.1f} s ({seconds / ladder.duration_seconds:.2f}x)")
