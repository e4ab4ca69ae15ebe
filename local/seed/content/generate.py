"""Generates the seed course media into OUT_DIR, from text only (no third-party media):

    python -m local.seed.content.generate OUT_DIR

    OUT_DIR/<course>/<content>.mp4          narrated slides, one video per seed course in its language (English,
                                            or Hindi with espeak-ng's `hi` voice; 1280x720, H.264 + AAC;
                                            noting-drafting/nd-m1-c1.mp4 is the ~60 s benchmark video, the
                                            others ~20-40 s)
    OUT_DIR/<course>/handout.pdf            the video's slides and their narration, one page each
    OUT_DIR/noting-drafting/talk.m4a        an audio talk (AAC)
    OUT_DIR/noting-drafting/quiz-scorm.zip  a SCORM 1.2 package: the course's quiz as one SCO
    OUT_DIR/content.json                    what each file is: course, content, type, media type, language

Speech is espeak-ng's, pictures Pillow's, muxing ffmpeg's; the courses are made on WORKERS threads (the work
is in ffmpeg and espeak-ng processes). The output is the same byte for byte on the same tools (fixed dates,
bit-exact muxing, no metadata). The dev server's seeder takes it from a cache (local/seed/content/cache.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from local.seed.content import scorm_package, slides
from local.seed.content.script import (
    SCORM_CONTENT_ID,
    SCORM_COURSE_ID,
    SCORM_QUIZ_ID,
    TALK,
    TALK_CONTENT_ID,
    TALK_COURSE_ID,
    VIDEOS,
    Video,
)

PAUSE_SECONDS = 0.6  # silence after each slide's narration
SPEECH_WPM = {"en": 150, "hi": 140}
WORKERS = 2
BITEXACT = ["-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"]


@dataclass(frozen=True)
class Item:
    course_id: str
    content_id: str
    type: str  # the content type: video, audio, pdf, scorm
    file: str  # relative to OUT_DIR
    media_type: str
    language: str


class ToolMissing(RuntimeError):
    """ffmpeg or espeak-ng is not installed: the seed media cannot be made (nor the dev server seeded)."""


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ToolMissing(f"{name} is not installed: the seed courses' media are generated with ffmpeg and espeak-ng "
                          "(Debian: apt-get install ffmpeg espeak-ng fonts-lohit-deva)")
    return found


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603


def tool_versions() -> dict[str, str]:
    """The first line of `ffmpeg -version` and `espeak-ng --version`: the tools the bytes depend on."""
    versions = {}
    for name, flag in (("ffmpeg", "-version"), ("espeak-ng", "--version")):
        result = subprocess.run([_tool(name), flag], check=True, capture_output=True, text=True)  # noqa: S603
        versions[name] = result.stdout.strip().splitlines()[0]
    return versions


def speak(text: str, language: str, path: Path) -> float:
    """Speaks `text` into a WAV file; returns its length in seconds."""
    _run(_tool("espeak-ng"), "-v", language, "-s", str(SPEECH_WPM[language]), "-w", str(path), text)
    with wave.open(str(path), "rb") as sound:
        return sound.getnframes() / sound.getframerate()


def _narration(parts: list[Path], path: Path) -> list[float]:
    """Joins the parts with a pause after each; returns each part's share (speech + pause) in seconds."""
    shares = []
    with wave.open(str(path), "wb") as out:
        for index, part in enumerate(parts):
            with wave.open(str(part), "rb") as sound:
                if index == 0:
                    out.setparams(sound.getparams())
                frames = sound.readframes(sound.getnframes())
                rate, width, channels = sound.getframerate(), sound.getsampwidth(), sound.getnchannels()
            pause = int(PAUSE_SECONDS * rate)
            out.writeframes(frames + b"\x00" * pause * width * channels)
            shares.append((len(frames) // (width * channels) + pause) / rate)
    return shares


def make_video(video: Video, work: Path, out: Path) -> list[Path]:
    """Renders the slides, speaks them and muxes the video; returns the slide images."""
    images = [slides.render(video, i, work / f"{video.content_id}-slide-{i + 1}.png") for i in range(len(video.slides))]
    parts = []
    for i, slide in enumerate(video.slides):
        part = work / f"{video.content_id}-speech-{i + 1}.wav"
        speak(slide.narration, video.language, part)
        parts.append(part)
    narration = work / f"{video.content_id}-narration.wav"
    shares = _narration(parts, narration)
    playlist = work / f"{video.content_id}-slides.txt"
    lines = [f"file '{image}'\nduration {share:.3f}" for image, share in zip(images, shares, strict=True)]
    playlist.write_text("\n".join([*lines, f"file '{images[-1]}'"]) + "\n")
    _run(_tool("ffmpeg"), "-nostdin", "-v", "error", "-y",
         "-f", "concat", "-safe", "0", "-i", str(playlist), "-i", str(narration),
         "-vf", f"format=yuv420p,fps={video.fps}", "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage",
         "-crf", "30", "-g", str(video.fps * 2), "-c:a", "aac", "-b:a", "64k", "-ar", "44100", "-shortest",
         *BITEXACT, "-movflags", "+faststart", str(out))
    return images


def make_talk(work: Path, out: Path) -> None:
    speech = work / "talk.wav"
    speak(TALK, "en", speech)
    _run(_tool("ffmpeg"), "-nostdin", "-v", "error", "-y", "-i", str(speech),
         "-c:a", "aac", "-b:a", "64k", "-ar", "44100", *BITEXACT, str(out))


def _video_and_handout(video: Video, out_dir: Path) -> list[Item]:
    folder = out_dir / video.course_id
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="karmayogi-seed-") as scratch:
        images = make_video(video, Path(scratch), folder / f"{video.content_id}.mp4")
        slides.handout(video, images, folder / "handout.pdf")
    return [Item(video.course_id, video.content_id, "video", f"{video.course_id}/{video.content_id}.mp4",
                 "video/mp4", video.language),
            Item(video.course_id, video.handout_id, "pdf", f"{video.course_id}/handout.pdf", "application/pdf",
                 video.language)]


def _talk(out_dir: Path) -> list[Item]:
    (out_dir / TALK_COURSE_ID).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="karmayogi-seed-") as scratch:
        make_talk(Path(scratch), out_dir / TALK_COURSE_ID / "talk.m4a")
    return [Item(TALK_COURSE_ID, TALK_CONTENT_ID, "audio", f"{TALK_COURSE_ID}/talk.m4a", "audio/mp4", "en")]


def _scorm(out_dir: Path) -> list[Item]:
    from local.seed.data.courses import COURSES_BY_ID, QUIZZES

    title = next(c.title for m in COURSES_BY_ID[SCORM_COURSE_ID].modules for c in m.contents if c.id == SCORM_QUIZ_ID)
    (out_dir / SCORM_COURSE_ID).mkdir(parents=True, exist_ok=True)
    scorm_package.build(QUIZZES[SCORM_QUIZ_ID], title, f"karmayogi-{SCORM_COURSE_ID}-{SCORM_CONTENT_ID}",
                        out_dir / SCORM_COURSE_ID / "quiz-scorm.zip")
    return [Item(SCORM_COURSE_ID, SCORM_CONTENT_ID, "scorm", f"{SCORM_COURSE_ID}/quiz-scorm.zip",
                 "application/zip", "en")]


def generate(out_dir: Path, workers: int = WORKERS) -> list[Item]:
    """Writes every seed media file under `out_dir` and, last, content.json; returns what was written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="seed-media") as pool:
        jobs = [pool.submit(_video_and_handout, video, out_dir) for video in VIDEOS]
        jobs += [pool.submit(_talk, out_dir), pool.submit(_scorm, out_dir)]
        items = [item for job in jobs for item in job.result()]
    catalogue = [{"courseId": i.course_id, "contentId": i.content_id, "type": i.type, "file": i.file,
                  "mediaType": i.media_type, "language": i.language} for i in items]
    (out_dir / "content.json").write_text(json.dumps(catalogue, indent=2, ensure_ascii=False) + "\n")
    return items


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: python -m local.seed.content.generate OUT_DIR", file=sys.stderr)
        return 2
    out_dir = Path(args[0])
    started = time.monotonic()
    items = generate(out_dir)
    for item in items:
        size = (out_dir / item.file).stat().st_size
        print(f"{item.type:6} {size / 1024:8.0f} KB  {item.file}")
    print(f"{len(items)} files in {time.monotonic() - started:.1f} s → {out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

