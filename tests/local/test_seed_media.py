"""The seeded courses' files: every seed course's video, handout (and the noting and drafting course's talk
and SCORM quiz) goes through the real upload path and the media processor and is READY, measured from the
file, before the course is published; the generated media come from a cache that a second start reuses."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from moto import mock_aws

from functions.learning import repository
from functions.learning.media import Accepted, validate_upload
from karmayogi.platform import clock
from local import aws, media
from local.seed import learning
from local.seed.content import cache, generate, script
from local.seed.data.courses import COURSES, FILE_CONTENT_TYPES

TOOLS_MISSING = shutil.which("ffmpeg") is None or shutil.which("espeak-ng") is None
needs_tools = pytest.mark.skipif(
    TOOLS_MISSING and not os.environ.get("CI"),
    reason="ffmpeg and espeak-ng are needed (Debian: apt-get install ffmpeg espeak-ng); in CI these tests run")


@pytest.fixture(scope="module")
def seeded() -> Iterator[dict[str, dict[str, Any]]]:
    """The learning hub seeded on a fresh moto (media bucket and processor as on the dev server): each
    seed course's stored item by id."""
    with mock_aws():
        aws.provision()
        clock.reset()
        media.failures.clear()
        learning.seed()
        assert not media.failures, media.failures
        yield {course.id: repository.get_course(course.id, consistent=True) or {} for course in COURSES}
        clock.reset()


def _file_contents(course_id: str) -> list[tuple[str, str]]:
    course = next(c for c in COURSES if c.id == course_id)
    return [(ct.id, ct.type) for m in course.modules for ct in m.contents if ct.type in FILE_CONTENT_TYPES]


@needs_tools
@pytest.mark.slow
def test_every_seeded_course_is_live_with_every_file_ready_and_measured(seeded: dict[str, dict[str, Any]]) -> None:
    from functions.learning import storage

    for course in COURSES:
        item = seeded[course.id]
        assert item["status"] == "Live", course.id
        assert not item.get("pending"), (course.id, item.get("pending"))
        contents = _file_contents(course.id)
        assert {t for _, t in contents} >= {"video", "pdf"}, course.id
        for content_id, content_type in contents:
            entry = item["media"][content_id]
            assert entry["status"] == "READY", (course.id, content_id, entry)
            assert entry["key"].startswith(f"media/{course.id}/{content_id}/{entry['uploadId']}/")
            assert storage.object_size(entry["key"]) == entry["sizeBytes"]
            if content_type == "video":
                assert 20 <= entry["durationSeconds"] <= 65, (course.id, entry)
                assert entry["playKey"] == entry["prefix"] + "hls/index.m3u8", entry  # the HLS ladder
                assert storage.object_size(entry["playKey"]), entry
            if content_type == "audio":
                assert 10 <= entry["durationSeconds"] <= 60, entry
            if content_type == "pdf":
                video = next(v for v in script.VIDEOS if v.course_id == course.id)
                assert entry["pageCount"] == len(video.slides), (course.id, entry)
    benchmark = seeded[script.BENCHMARK_VIDEO.course_id]["media"][script.BENCHMARK_VIDEO.content_id]
    assert 55 <= benchmark["durationSeconds"] <= 65


@needs_tools
@pytest.mark.slow
def test_the_hindi_courses_videos_are_stored_in_the_bucket(seeded: dict[str, dict[str, Any]]) -> None:
    from functions.learning import storage

    hindi = [c for c in COURSES if c.language == "hi"]
    assert len(hindi) == 3
    files = {(f.course_id, f.content_id): f for f in cache.seed_media()}
    for course in hindi:
        video = next(v for v in script.VIDEOS if v.course_id == course.id)
        entry = seeded[course.id]["media"][video.content_id]
        generated = files[(course.id, video.content_id)]
        assert generated.language == "hi" and generated.type == "video"
        assert storage.object_size(entry["key"]) == generated.path.stat().st_size == entry["sizeBytes"]


@needs_tools
@pytest.mark.slow
def test_the_scorm_package_passes_the_processors_manifest_checks(seeded: dict[str, dict[str, Any]]) -> None:
    entry = seeded[script.SCORM_COURSE_ID]["media"][script.SCORM_CONTENT_ID]
    assert entry["status"] == "READY" and entry["mediaType"] == "application/zip"
    package = next(f for f in cache.seed_media() if f.type == "scorm")
    outcome = validate_upload(package.path, "scorm", media_type=package.media_type)
    assert isinstance(outcome, Accepted) and outcome.launch_path == "index.html"


@needs_tools
@pytest.mark.slow
def test_a_second_start_takes_the_media_from_the_cache_without_generating(monkeypatch: pytest.MonkeyPatch) -> None:
    first = cache.media_dir()
    catalogue = (first / cache.CATALOGUE).read_text()

    def no_generation(*args: object, **kwargs: object) -> None:
        raise AssertionError("generated again: the cache was not used")

    monkeypatch.setattr(generate, "generate", no_generation)
    monkeypatch.setattr(generate, "_run", no_generation)  # no espeak-ng, no ffmpeg encoding

    assert cache.media_dir() == first
    assert (first / cache.CATALOGUE).read_text() == catalogue
    assert len(cache.seed_media()) == 2 * len(COURSES) + 2
    assert all(f.path.is_file() for f in cache.seed_media())


# ---- the cache's own rules, with a stand-in generator (no ffmpeg) --------------------------------------------

@pytest.fixture
def fake_generator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The cache in a fresh folder; `generate` writes one small file and records where it wrote."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "cache_key", lambda: "k1")
    calls: list[Path] = []

    def fake(out_dir: Path, workers: int = 2) -> list[Any]:
        calls.append(out_dir)
        (out_dir / "c").mkdir(parents=True, exist_ok=True)
        (out_dir / "c" / "v.mp4").write_bytes(b"video")
        entry = {"courseId": "c", "contentId": "v", "type": "video", "file": "c/v.mp4", "mediaType": "video/mp4",
                 "language": "en"}
        (out_dir / cache.CATALOGUE).write_text(json.dumps([entry]))
        return []

    monkeypatch.setattr(generate, "generate", fake)
    return calls


def test_the_cache_generates_once_per_key_into_a_temporary_folder_renamed_into_place(
        fake_generator: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = cache.media_dir()

    assert entry == tmp_path / "cache" / "k1"
    assert fake_generator[0].parent == entry.parent and fake_generator[0].name.startswith(".k1-")
    assert not fake_generator[0].exists()  # renamed
    assert [f.path for f in cache.seed_media()] == [entry / "c" / "v.mp4"]
    assert cache.media_dir() == entry and len(fake_generator) == 1

    monkeypatch.setattr(cache, "cache_key", lambda: "k2")  # a script or a tool changed
    assert cache.media_dir() == tmp_path / "cache" / "k2" and len(fake_generator) == 2
    assert entry.exists()  # the old entry stays until it is stale


def test_a_failed_generation_leaves_no_entry_and_no_temporary_folder(
        fake_generator: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(out_dir: Path, workers: int = 2) -> list[Any]:
        (out_dir / "half.mp4").write_bytes(b"half")
        raise RuntimeError("ffmpeg failed")

    monkeypatch.setattr(generate, "generate", broken)
    with pytest.raises(RuntimeError, match="ffmpeg failed"):
        cache.media_dir()

    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["k1.lock"]


def test_stale_entries_of_other_keys_are_removed(fake_generator: list[Path], tmp_path: Path) -> None:
    root = tmp_path / "cache"
    old = root / "old-key"
    old.mkdir(parents=True)
    recent = root / "recent-key"
    recent.mkdir()
    dead_generation = root / ".k1-abandoned"
    dead_generation.mkdir()
    long_ago = 0
    os.utime(old, (long_ago, long_ago))
    os.utime(dead_generation, (long_ago, long_ago))

    cache.media_dir()

    assert not old.exists() and not dead_generation.exists()
    assert recent.exists() and (root / "k1").exists() and (root / "k1.lock").exists()


def test_the_key_changes_with_the_tool_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generate, "tool_versions", lambda: {"ffmpeg": "ffmpeg version 5", "espeak-ng": "1.51"})
    before = cache.cache_key()
    monkeypatch.setattr(generate, "tool_versions", lambda: {"ffmpeg": "ffmpeg version 6", "espeak-ng": "1.51"})
    assert cache.cache_key() != before

