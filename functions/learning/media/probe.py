"""Measuring video and audio, and the one rule both measurements answer to.

Audio is measured by mutagen (pure Python) everywhere, so the code that runs locally is the code that runs in
Lambda, whose runtime has no ffprobe. A video is measured locally by `ffprobe` (Debian's ffmpeg, with the HLS
stand-in; ffmpeg decodes its last seconds, so a file cut short is caught) and in AWS by the MediaConvert job
that builds its HLS ladder (its completion event's output details). All become a `MediaInfo`, and
`timed_media_rule` decides on it the same way."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from struct import error as struct_error
from typing import Any

from functions.learning.media.limits import MAX_DURATION_SECONDS, Kind
from functions.learning.media.outcome import Rejected

PROBE_TIMEOUT_SECONDS = 120
TAIL_SECONDS = 3
# An MP3 whose header (Xing/VBRI frame count) declares a length its bytes cannot hold was cut short.
MIN_SHARE_OF_DECLARED_BYTES = 0.5


@dataclass(frozen=True)
class MediaInfo:
    """What was measured: None where the measurement had nothing (no duration, no picture)."""

    duration_seconds: float | None
    has_video: bool  # a moving picture (cover art attached to an audio file does not count)
    has_audio: bool
    width: int | None = None  # the displayed frame (rotation applied)
    height: int | None = None


class ProbeFailed(Exception):
    """The measuring tool could not read the file (corrupt, truncated, not media)."""


def ffprobe_binary() -> str:
    found = shutil.which("ffprobe")
    if found is None:
        raise RuntimeError("ffprobe is not installed (Debian: apt-get install ffmpeg)")
    return found


def ffprobe(path: Path) -> MediaInfo:
    """Measures a local file with ffprobe; ProbeFailed when it cannot read it."""
    command = [ffprobe_binary(), "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)]
    try:
        run = subprocess.run(command, capture_output=True, timeout=PROBE_TIMEOUT_SECONDS, check=False)  # noqa: S603
    except subprocess.TimeoutExpired as exc:
        raise ProbeFailed("measuring the file took too long") from exc
    if run.returncode != 0:
        raise ProbeFailed(run.stderr.decode("utf-8", "replace").strip()[:300] or f"ffprobe exited {run.returncode}")
    info = parse_ffprobe(json.loads(run.stdout or b"{}"))
    if info.duration_seconds:
        _check_tail(path)
    return info


def mutagen_audio(path: Path) -> MediaInfo:
    """Measures an audio file with mutagen; ProbeFailed when no audio format reads it (corrupt, truncated
    before its first frame, or not audio). A moving picture is detected as an MP4 video track or an Ogg
    Theora stream (cover art is not a track): the audio rule then refuses it."""
    import mutagen
    from mutagen.mp3 import MP3
    from mutagen.oggtheora import OggTheora

    try:
        found = mutagen.File(path)
    except (mutagen.MutagenError, ValueError, EOFError, OSError, struct_error) as exc:
        raise ProbeFailed(str(exc)[:300] or "mutagen could not read the file") from exc
    if found is None or found.info is None:
        raise ProbeFailed("no audio format reads this file")
    length = _number(getattr(found.info, "length", None))
    if isinstance(found, MP3) and length and found.info.bitrate:
        declared_bytes = found.info.bitrate / 8 * length
        if path.stat().st_size < declared_bytes * MIN_SHARE_OF_DECLARED_BYTES:
            raise ProbeFailed("the MP3 holds far fewer bytes than its header declares: it was cut short")
    has_video = isinstance(found, OggTheora) or _mp4_has_video_track(path)
    return MediaInfo(duration_seconds=length if length and length > 0 else None, has_video=has_video,
                     has_audio=not isinstance(found, OggTheora))


def _mp4_has_video_track(path: Path) -> bool:
    """Whether an MP4/M4A file has a track whose handler is `vide` (mutagen reads only the first audio
    track's facts)."""
    from mutagen.mp4 import Atoms, MP4StreamInfoError

    with path.open("rb") as handle:
        if handle.read(12)[4:8] != b"ftyp":
            return False
        handle.seek(0)
        try:
            movie = Atoms(handle)[b"moov",]
        except (KeyError, MP4StreamInfoError, ValueError, EOFError, struct_error):
            return False
        for track in movie.findall(b"trak"):
            try:
                handler = track[b"mdia", b"hdlr"]
            except KeyError:
                continue
            ok, data = handler.read(handle)
            if ok and data[8:12] == b"vide":
                return True
    return False


def _check_tail(path: Path) -> None:
    """Decodes the last seconds: a file cut short after its index (an MP4 written with the index first, an
    interrupted upload) still has a duration, but its end is missing. ProbeFailed when decoding it complains."""
    ffmpeg = shutil.which("ffmpeg") or "ffmpeg"
    command = [ffmpeg, "-nostdin", "-v", "error", "-sseof", f"-{TAIL_SECONDS}", "-i", str(path), "-f", "null", "-"]
    try:
        run = subprocess.run(command, capture_output=True, timeout=PROBE_TIMEOUT_SECONDS, check=False)  # noqa: S603
    except subprocess.TimeoutExpired as exc:
        raise ProbeFailed("decoding the end of the file took too long") from exc
    complaint = run.stderr.decode("utf-8", "replace").strip()
    if run.returncode != 0 or complaint:
        raise ProbeFailed(complaint[:300] or f"ffmpeg exited {run.returncode}")


def parse_ffprobe(document: dict[str, Any]) -> MediaInfo:
    streams = document.get("streams") or []
    videos = [
        s for s in streams
        if s.get("codec_type") == "video" and not (s.get("disposition") or {}).get("attached_pic")
    ]
    audios = [s for s in streams if s.get("codec_type") == "audio"]
    durations = [_number(document.get("format", {}).get("duration"))]
    durations += [_number(s.get("duration")) for s in videos + audios]
    known = [d for d in durations if d is not None and d > 0]
    width = height = None
    if videos:
        width, height = _int(videos[0].get("width")), _int(videos[0].get("height"))
        if width and height and _rotation(videos[0]) % 180 == 90:
            width, height = height, width
    return MediaInfo(
        duration_seconds=known[0] if known else None,
        has_video=bool(videos),
        has_audio=bool(audios),
        width=width or None,
        height=height or None,
    )


def from_mediaconvert(detail: dict[str, Any]) -> MediaInfo:
    """A MediaConvert "Job State Change" COMPLETE event's `detail` → MediaInfo (the HLS group's first output:
    `durationInMs`, `videoDetails.widthInPx/heightInPx`). The job only runs for video, so it has a picture;
    whether it has sound is not in the event (assumed)."""
    groups = detail.get("outputGroupDetails") or []
    outputs = (groups[0].get("outputDetails") or []) if groups else []
    if not outputs:
        return MediaInfo(duration_seconds=None, has_video=False, has_audio=False)
    first = outputs[0]
    milliseconds = _number(first.get("durationInMs"))
    video = first.get("videoDetails") or {}
    return MediaInfo(
        duration_seconds=milliseconds / 1000 if milliseconds else None,
        has_video=bool(video),
        has_audio=True,
        width=_int(video.get("widthInPx")),
        height=_int(video.get("heightInPx")),
    )


def timed_media_rule(kind: Kind, info: MediaInfo) -> Rejected | None:
    """The rule for video and audio, whoever measured: None when the measurement is acceptable."""
    if kind == "video" and not info.has_video:
        if info.has_audio:
            return Rejected("WRONG_TYPE", "This file has sound but no picture: add it as audio content instead.")
        return Rejected("UNREADABLE", "No video could be read from this file: export it again as MP4 (H.264) and re-upload.")
    if kind == "audio" and not info.has_audio:
        return Rejected("UNREADABLE", "No sound could be read from this file: export it again as MP3 or M4A and re-upload.")
    if kind == "audio" and info.has_video:
        return Rejected("WRONG_TYPE", "This file has a moving picture: add it as video content instead.")
    if info.duration_seconds is None:
        return Rejected("UNREADABLE", f"The length of this {kind} could not be measured: it may be incomplete; export it again and re-upload.")
    limit = MAX_DURATION_SECONDS[kind]
    if info.duration_seconds > limit:
        return Rejected(
            "TOO_LONG",
            f"This {kind} lasts {_clock(info.duration_seconds)}; the limit is {_clock(limit)}: split it into shorter parts.",
        )
    return None


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _rotation(stream: dict[str, Any]) -> int:
    for side in stream.get("side_data_list") or []:
        if "rotation" in side:
            return abs(int(_number(side["rotation"]) or 0))
    return abs(int(_number((stream.get("tags") or {}).get("rotate")) or 0))


def _number(value: Any) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _int(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None
