"""Fixtures of the media processing tests, made at test time: clips by ffmpeg's test sources, PDFs by fpdf2
and pypdf, SCORM zips by zipfile. Tests that need ffmpeg skip with a message on a workstation without it,
and run (and fail) in CI, where .ci/run installs it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

FFMPEG_MISSING = shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None

needs_ffmpeg = pytest.mark.skipif(
    FFMPEG_MISSING and not os.environ.get("CI"),
    reason="ffmpeg/ffprobe are not installed (Debian: apt-get install ffmpeg); in CI these tests run",
)


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True, capture_output=True)


def video(path: Path, *, size: str = "320x240", seconds: float = 2, sound: bool = True, extra: tuple[str, ...] = ()) -> Path:
    inputs = ["-f", "lavfi", "-i", f"testsrc=duration={seconds}:size={size}:rate=25"]
    if sound:
        inputs += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    codecs = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if sound:
        codecs += ["-c:a", "aac", "-shortest"]
    ffmpeg(*inputs, *codecs, *extra, str(path))
    return path


def audio(path: Path, *codec: str, seconds: float = 2) -> Path:
    ffmpeg("-f", "lavfi", "-i", f"sine=frequency=330:duration={seconds}", *codec, str(path))
    return path


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The media files of the tests, made once per session (about a second in all)."""
    if FFMPEG_MISSING:
        if os.environ.get("CI"):
            pytest.fail("CI is set and ffmpeg is missing: .ci/run installs it (apt-get install ffmpeg)")
        pytest.skip("ffmpeg is not installed")
    folder = tmp_path_factory.mktemp("clips")
    made = {
        "mp4": video(folder / "clip.mp4"),
        "mov": video(folder / "clip.mov", seconds=1),
        "webm": video(folder / "clip.webm", seconds=1, sound=False,
                      extra=("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8")),
        "silent_mp4": video(folder / "silent.mp4", sound=False),
        "vga_mp4": video(folder / "vga.mp4", size="640x480", seconds=1),
        "portrait_mp4": video(folder / "portrait.mp4", size="270x480", seconds=1, sound=False),
        "mp3": audio(folder / "talk.mp3", "-c:a", "libmp3lame", "-b:a", "64k"),
        "m4a": audio(folder / "talk.m4a", "-c:a", "aac"),
        "wav": audio(folder / "talk.wav", seconds=1),
        "ogg": audio(folder / "talk.ogg", "-c:a", "libvorbis"),
        "audio_in_mp4": audio(folder / "sound-only.mp4", "-c:a", "aac"),
    }
    data = made["mp4"].read_bytes()
    truncated = folder / "truncated.mp4"
    truncated.write_bytes(data[: len(data) // 3])  # ffmpeg writes the index (moov) last: it is gone
    made["truncated_mp4"] = truncated
    indexed_first = video(folder / "faststart.mp4", extra=("-movflags", "+faststart"))
    cut = folder / "cut-faststart.mp4"
    cut.write_bytes(indexed_first.read_bytes()[: indexed_first.stat().st_size * 6 // 10])  # the index survives
    made["cut_faststart_mp4"] = cut
    return made


@pytest.fixture
def exe_named_mp4(tmp_path: Path) -> Path:
    """A Windows program (MZ header, PE signature) renamed .mp4."""
    body = bytearray(b"MZ" + b"\x90\x00" * 29 + b"\x00" * 2)
    body += b"\x00" * (0x3C - len(body))
    body += (0x80).to_bytes(4, "little")
    body += b"\x00" * (0x80 - len(body)) + b"PE\x00\x00" + b"\x00" * 400
    path = tmp_path / "lecture.mp4"
    path.write_bytes(bytes(body))
    return path
