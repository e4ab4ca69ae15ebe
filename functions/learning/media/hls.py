"""The adaptive HLS ladder of a video, made locally with ffmpeg in the layout an AWS Elemental MediaConvert
job writes with one HLS output group (destination `<prefix>/index`, a name modifier per output) and a frame
capture group (name modifier `_poster`, one capture), so delivery reads the same keys in both places:

    <out_dir>/index.m3u8                   master playlist: one EXT-X-STREAM-INF per rendition (BANDWIDTH,
                                           RESOLUTION, CODECS), lowest first
    <out_dir>/index_240p.m3u8              a rendition's VOD playlist (EXT-X-PLAYLIST-TYPE:VOD)
    <out_dir>/index_240p_00001.ts          its MPEG-TS segments (H.264 + AAC), numbered from 00001,
    <out_dir>/index_240p_00002.ts ...      6 s each (a key frame starts every segment)
    <out_dir>/index_480p.m3u8, index_720p.m3u8 and their segments, for sources at least that tall
    <out_dir>/index_poster.0000000.jpg     the poster (a frame a tenth of the way in, at most 5 s)

Rungs are 240p, 480p and 720p (by the shorter side of the displayed frame, so a portrait video's 720p is
720 wide); rungs above the source are skipped; a source shorter than 240 gets one rendition at its own size."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from functions.learning.media.probe import MediaInfo, ffprobe

MASTER = "index.m3u8"
POSTER = "index_poster.0000000.jpg"
SEGMENT_SECONDS = 6
TRANSCODE_TIMEOUT_SECONDS = 3600


@dataclass(frozen=True)
class Rung:
    name: str
    short_side: int
    video_bps: int
    audio_bps: int


RUNGS = (
    Rung("240p", 240, 400_000, 64_000),
    Rung("480p", 480, 1_000_000, 96_000),
    Rung("720p", 720, 2_500_000, 128_000),
)


@dataclass(frozen=True)
class Rendition:
    name: str  # "480p"
    width: int
    height: int
    bandwidth: int  # bits per second (video + audio), as the master playlist advertises
    playlist: Path


@dataclass(frozen=True)
class Ladder:
    master: Path
    renditions: tuple[Rendition, ...]
    poster: Path
    duration_seconds: float


class TranscodeFailed(Exception):
    """ffmpeg could not make the ladder (the message is ffmpeg's last words)."""


def rungs_for(info: MediaInfo) -> list[Rung]:
    """The rungs a source of this size gets: none above it; one at its own size when it is under 240."""
    if not info.width or not info.height:
        raise TranscodeFailed("the video's frame size is unknown")
    short = min(info.width, info.height)
    chosen = [rung for rung in RUNGS if rung.short_side <= short]
    if not chosen:
        even = max(2, short - short % 2)
        chosen = [Rung(f"{even}p", even, RUNGS[0].video_bps, RUNGS[0].audio_bps)]
    return chosen


def _frame(info: MediaInfo, rung: Rung) -> tuple[int, int]:
    assert info.width and info.height
    if info.width >= info.height:
        width = round(info.width * rung.short_side / info.height / 2) * 2
        return width, rung.short_side
    height = round(info.height * rung.short_side / info.width / 2) * 2
    return rung.short_side, height


def hls_ladder(video_path: Path, out_dir: Path, *, preset: str = "ultrafast", threads: int = 0) -> Ladder:
    """Transcodes `video_path` into `out_dir` (created) in one ffmpeg run (decoded once, scaled per rung);
    then captures the poster. `threads` 0 lets ffmpeg choose."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError("ffmpeg is not installed (Debian: apt-get install ffmpeg)")
    info = ffprobe(video_path)
    if not info.has_video or not info.duration_seconds:
        raise TranscodeFailed("the file has no video to transcode")
    rungs = rungs_for(info)
    frames = [_frame(info, rung) for rung in rungs]
    out_dir.mkdir(parents=True, exist_ok=True)

    split = f"[0:v]split={len(rungs)}" + "".join(f"[s{i}]" for i in range(len(rungs)))
    scales = [f"[s{i}]scale={w}:{h},setsar=1,format=yuv420p[v{i}]" for i, (w, h) in enumerate(frames)]
    command = [ffmpeg, "-nostdin", "-v", "error", "-y", "-i", str(video_path),
               "-filter_complex", ";".join([split, *scales])]
    stream_map = []
    for i, rung in enumerate(rungs):
        command += ["-map", f"[v{i}]", f"-c:v:{i}", "libx264", f"-b:v:{i}", str(rung.video_bps),
                    f"-maxrate:v:{i}", str(rung.video_bps * 107 // 100), f"-bufsize:v:{i}", str(rung.video_bps * 3 // 2)]
        if info.has_audio:
            command += ["-map", "0:a:0", f"-c:a:{i}", "aac", f"-b:a:{i}", str(rung.audio_bps), f"-ac:a:{i}", "2"]
            stream_map.append(f"v:{i},a:{i},name:{rung.name}")
        else:
            stream_map.append(f"v:{i},name:{rung.name}")
    command += [
        "-preset", preset, "-threads", str(threads),
        "-force_key_frames", f"expr:gte(t,n_forced*{SEGMENT_SECONDS})",
        "-f", "hls", "-hls_time", str(SEGMENT_SECONDS), "-hls_playlist_type", "vod",
        "-hls_flags", "independent_segments", "-hls_segment_type", "mpegts", "-start_number", "1",
        "-hls_segment_filename", str(out_dir / "index_%v_%05d.ts"),
        "-master_pl_name", MASTER, "-var_stream_map", " ".join(stream_map),
        str(out_dir / "index_%v.m3u8"),
    ]
    _run(command)

    at = min(info.duration_seconds * 0.1, 5.0)
    poster_height = frames[-1][1] - frames[-1][1] % 2
    _run([ffmpeg, "-nostdin", "-v", "error", "-y", "-ss", f"{at:.3f}", "-i", str(video_path), "-frames:v", "1",
          "-vf", f"scale=-2:{poster_height}", "-q:v", "3", str(out_dir / POSTER)])

    renditions = tuple(
        Rendition(
            name=rung.name,
            width=width,
            height=height,
            bandwidth=rung.video_bps + (rung.audio_bps if info.has_audio else 0),
            playlist=out_dir / f"index_{rung.name}.m3u8",
        )
        for rung, (width, height) in zip(rungs, frames, strict=True)
    )
    return Ladder(master=out_dir / MASTER, renditions=renditions, poster=out_dir / POSTER,
                  duration_seconds=info.duration_seconds)


def _run(command: list[str]) -> None:
    try:
        run = subprocess.run(command, capture_output=True, timeout=TRANSCODE_TIMEOUT_SECONDS, check=False)  # noqa: S603
    except subprocess.TimeoutExpired as exc:
        raise TranscodeFailed("transcoding took too long") from exc
    if run.returncode != 0:
        raise TranscodeFailed(run.stderr.decode("utf-8", "replace").strip()[-500:] or f"ffmpeg exited {run.returncode}")
