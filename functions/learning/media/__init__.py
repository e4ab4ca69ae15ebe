"""Course media processing: the rules an uploaded video, audio, PDF or SCORM package must pass, what is
measured from it, safe SCORM extraction and the HLS ladder. Pure functions over local files (ffmpeg and
ffprobe for video, mutagen for audio): no HTTP, no table, no AWS client. `mediaconvert` shapes the AWS
ladder's job and reads its events; `ladder_cache` keeps the local stand-in's ladders by content.

    validate_upload(path, "video")  → Accepted(kind, media_type, size_bytes, duration_seconds, ...) | Rejected(code, reason)
    extract_scorm(zip_path, dest)   → the same, with the package unpacked into dest on success
    hls_ladder(video_path, out_dir) → Ladder (index.m3u8, one playlist per rendition, segments, a poster)

The limits (bytes, media types per kind, zip limits) are in `functions.learning.media.limits`."""

from functions.learning.media.hls import Ladder, Rendition, hls_ladder
from functions.learning.media.limits import KINDS, MAX_BYTES, MEDIA_TYPES
from functions.learning.media.outcome import REJECT_CODES, Accepted, Outcome, Rejected
from functions.learning.media.probe import MediaInfo, ProbeFailed, ffprobe, from_mediaconvert, timed_media_rule
from functions.learning.media.scorm import extract_scorm, inspect_scorm
from functions.learning.media.validate import validate_upload

__all__ = [
    "KINDS",
    "MAX_BYTES",
    "MEDIA_TYPES",
    "REJECT_CODES",
    "Accepted",
    "Ladder",
    "MediaInfo",
    "Outcome",
    "ProbeFailed",
    "Rejected",
    "Rendition",
    "extract_scorm",
    "ffprobe",
    "from_mediaconvert",
    "hls_ladder",
    "inspect_scorm",
    "timed_media_rule",
    "validate_upload",
]
