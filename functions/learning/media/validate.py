"""The processing rule of an uploaded object: given its local copy and the content's type, `Accepted` with
what was measured, or `Rejected` with a code and a reason the creator can act on. Checks run cheapest
first: size, the declared media type, the magic bytes, then the kind's own reading (ffprobe for a video, mutagen
for audio, pypdf, the SCORM manifest). In AWS a video is measured by its MediaConvert job instead
(`measure_video=False`: everything up to the magic bytes is checked here)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from functions.learning.media import limits, pdf, probe, scorm, sniff
from functions.learning.media.outcome import Accepted, Rejected, human_size


def validate_upload(
    path: Path | str,
    content_type: str,
    *,
    media_type: str | None = None,
    measure: Callable[[Path], probe.MediaInfo] | None = None,
    measure_video: bool = True,
) -> Accepted | Rejected:
    """`content_type` is the content's (`video`, `audio`, `pdf`, `scorm`; ValueError for others);
    `media_type` the one the creator declared, if any; `measure` measures video and audio (by default
    ffprobe for a video, mutagen for audio). With `measure_video` False a video that passed the checks
    before measuring is Accepted without a duration (its MediaConvert job measures it)."""
    kind = limits.kind_of(content_type)
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        return Rejected("UNREADABLE", "The file is empty: the upload may have failed; upload it again.")
    if size > limits.MAX_BYTES[kind]:
        return Rejected(
            "TOO_LARGE",
            f"This file is {human_size(size)}; a {kind} may be at most {human_size(limits.MAX_BYTES[kind])}: "
            + _smaller(kind),
        )
    if media_type is not None and not limits.accepts_media_type(kind, media_type):
        return Rejected(
            "WRONG_TYPE",
            f"A {kind} content takes {', '.join(limits.MEDIA_TYPES[kind])}, not {media_type}: upload {sniff.expected(kind)}.",
        )
    sniffed = sniff.sniff(path)
    served = sniff.served_type(kind, sniffed)
    if served is None:
        return Rejected(
            "WRONG_TYPE",
            f"This file is {sniff.describe(sniffed)}, not {sniff.expected(kind)}, whatever its name says: upload {sniff.expected(kind)}.",
        )
    if kind == "pdf":
        pages = pdf.page_count(path)
        if isinstance(pages, Rejected):
            return pages
        return Accepted(kind=kind, media_type=served, size_bytes=size, page_count=pages)
    if kind == "scorm":
        package = scorm.inspect_scorm(path)
        return package if isinstance(package, Rejected) else scorm.accepted(path, package)
    if kind == "video" and not measure_video:
        return Accepted(kind=kind, media_type=served, size_bytes=size)
    if measure is None:
        measure = probe.ffprobe if kind == "video" else probe.mutagen_audio
    try:
        info = measure(path)
    except probe.ProbeFailed:
        return Rejected(
            "UNREADABLE",
            f"This {kind} is damaged or incomplete and cannot be played: export it again and re-upload.",
        )
    refused = probe.timed_media_rule(kind, info)
    if refused is not None:
        return refused
    assert info.duration_seconds is not None  # the rule refuses a file without one
    return Accepted(
        kind=kind,
        media_type=served,
        size_bytes=size,
        duration_seconds=round(info.duration_seconds, 3),
        width=info.width if kind == "video" else None,
        height=info.height if kind == "video" else None,
    )


def _smaller(kind: limits.Kind) -> str:
    return {
        "video": "export it at a lower resolution or bitrate (720p is enough), or split it into parts.",
        "audio": "export it as MP3 or M4A at 128 kbps, or split it into parts.",
        "pdf": "compress its images (\"reduce file size\") or split it into parts.",
        "scorm": "compress the package's videos or move them to video contents.",
    }[kind]
