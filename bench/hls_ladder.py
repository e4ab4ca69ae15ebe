"""Local video processing: the wall time of the dev server's HLS stand-in (functions/learning/media/hls.py with
the processor's preset, `media_processor.LOCAL_LADDER_PRESET`) making the ladder of a 60-second 1280x720
narrated video, and its ratio to the video's duration (issue 15, "Measure"). The video is made by ffmpeg
(testsrc2 pictures and a sine tone: a talk's sound), or given with --video (e.g. the seeded course video).
A second figure is the ladder cache's hit (functions/learning/media/ladder_cache.py): hashing the source.

Wall time, not CPU time: ffmpeg runs in its own process on every core the machine lends it."""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers/core/python")]

from bench.report import write_json  # noqa: E402


def make_video(path: Path, seconds: int, size: str) -> Path:
    """A narrated-talk stand-in: moving test pictures at 25 fps and a tone, H.264 + AAC."""
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y",
                    "-f", "lavfi", "-i", f"testsrc2=duration={seconds}:size={size}:rate=25",
                    "-f", "lavfi", "-i", f"sine=frequency=220:duration={seconds}",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-shortest", str(path)], check=True)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--video", type=Path, help="a video to use instead of the generated one")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None:
        print("ffmpeg/ffprobe are not installed (Debian: apt-get install ffmpeg)", file=sys.stderr)
        return 1

    from functions.learning.media import ffprobe, hls_ladder
    from functions.learning.media.ladder_cache import ladder_folder
    from functions.learning.media_processor import LOCAL_LADDER_PRESET

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = args.video or make_video(work / "talk.mp4", args.seconds, args.size)
        info = ffprobe(source)
        assert info.duration_seconds
        walls = []
        for run in range(args.runs):
            out = work / f"ladder-{run}"
            started = time.perf_counter()
            ladder = hls_ladder(source, out, preset=LOCAL_LADDER_PRESET)
            walls.append(time.perf_counter() - started)
        cache = work / "cache"
        ladder_folder(source, cache, lambda out: hls_ladder(source, out, preset=LOCAL_LADDER_PRESET),
                      preset=LOCAL_LADDER_PRESET)
        started = time.perf_counter()
        ladder_folder(source, cache, lambda out: (_ for _ in ()).throw(AssertionError("cache missed")),
                      preset=LOCAL_LADDER_PRESET)
        hit = time.perf_counter() - started
        ladder_bytes = sum(p.stat().st_size for p in (work / "ladder-0").iterdir())

    median = statistics.median(walls)
    figures = {
        "video": str(args.video) if args.video else f"generated {args.size} testsrc2 + sine",
        "durationSeconds": round(info.duration_seconds, 2),
        "frame": f"{info.width}x{info.height}",
        "preset": LOCAL_LADDER_PRESET,
        "rungs": [r.name for r in ladder.renditions],
        "wallSeconds": [round(w, 2) for w in walls],
        "medianWallSeconds": round(median, 2),
        "ratioToDuration": round(median / info.duration_seconds, 3),
        "ladderBytes": ladder_bytes,
        "cacheHitSeconds": round(hit, 3),
    }
    print(f"HLS ladder of a {figures['durationSeconds']} s {figures['frame']} video "
          f"({', '.join(figures['rungs'])}, preset {LOCAL_LADDER_PRESET}, {args.runs} runs): "
          f"median {median:.1f} s wall = {figures['ratioToDuration']:.2f} x its duration "
          f"(runs {', '.join(f'{w:.1f}' for w in walls)} s); ladder {ladder_bytes / 1024 / 1024:.1f} MiB; "
          f"a cache hit {hit * 1000:.0f} ms")
    write_json(args.json, figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
