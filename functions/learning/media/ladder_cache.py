"""The local HLS stand-in's cache: a ladder made once per source and ladder settings, kept under
`<cache_dir>/<sha256>/` (the digest of the source's bytes and of the settings), so that seeding the demo courses
and repeated test runs do not transcode the same video again.

Writes are atomic: a ladder is made in a fresh folder beside the cache's entries and renamed into place in
one step (several dev servers may make the same ladder at once; the first rename wins, the others discard
theirs). Only the dev server and the tests use it (MEDIA_LADDER_CACHE); in AWS MediaConvert makes ladders."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from functions.learning.media import hls

CHUNK = 1024 * 1024
FORMAT = "1"  # change when what a cached folder holds changes


def settings_fingerprint(preset: str) -> str:
    """The ladder settings a cached ladder depends on."""
    rungs = ",".join(f"{r.name}:{r.short_side}:{r.video_bps}:{r.audio_bps}" for r in hls.RUNGS)
    return f"format={FORMAT};rungs={rungs};segment={hls.SEGMENT_SECONDS};preset={preset}"


def digest(source: Path, preset: str) -> str:
    sha = hashlib.sha256(settings_fingerprint(preset).encode() + b"\0")
    with source.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def ladder_folder(source: Path, cache_dir: Path | None, make: Callable[[Path], object], *, preset: str) -> Path:
    """The folder holding the ladder of `source`: from the cache when it has it, else made by `make(folder)`
    (and kept in the cache when there is one). Without a cache the folder is a fresh temporary one that the
    caller removes."""
    if cache_dir is None:
        folder = Path(tempfile.mkdtemp(prefix="hls-"))
        make(folder)
        return folder
    cache_dir.mkdir(parents=True, exist_ok=True)
    final = cache_dir / digest(source, preset)
    if final.is_dir():
        return final
    building = Path(tempfile.mkdtemp(prefix=".building-", dir=cache_dir))
    try:
        make(building)
        try:
            os.rename(building, final)  # atomic; fails when another process put the same ladder there first
        except OSError:
            if not final.is_dir():
                raise
    finally:
        if building.exists():
            shutil.rmtree(building, ignore_errors=True)
    return final
