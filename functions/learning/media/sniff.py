"""What the bytes are, from their magic numbers (the `filetype` library), never from the file's name: an
.exe renamed .mp4 is an executable."""

from __future__ import annotations

from pathlib import Path

from functions.learning.media.limits import Kind

# The library's names for the types each kind accepts → the type the platform serves them as. An .mp4
# container holding only sound (brand `isom`) is sniffed as video/mp4: the audio rule then checks that it has
# no picture.
_ACCEPTED: dict[Kind, dict[str, str]] = {
    "video": {"video/mp4": "video/mp4", "video/webm": "video/webm", "video/quicktime": "video/quicktime"},
    "audio": {
        "audio/mpeg": "audio/mpeg",
        "audio/mp4": "audio/mp4",
        "video/mp4": "audio/mp4",
        "audio/x-wav": "audio/wav",
        "audio/ogg": "audio/ogg",
    },
    "pdf": {"application/pdf": "application/pdf"},
    "scorm": {"application/zip": "application/zip"},
}

_DESCRIBED = {
    "application/x-msdownload": "a Windows program",
    "application/x-executable": "a Linux program",
    "application/zip": "a zip archive",
    "application/pdf": "a PDF document",
    "application/x-shockwave-flash": "a Flash file",
}

_EXPECTED = {
    "video": "an MP4, WebM or QuickTime (.mov) video",
    "audio": "an MP3, M4A, WAV or Ogg audio file",
    "pdf": "a PDF document",
    "scorm": "a SCORM package (.zip)",
}

HEADER_BYTES = 8192  # more than any signature the library reads


def sniff(path: Path) -> str | None:
    """The media type the file's first bytes announce, or None when the library knows no signature there."""
    import filetype

    with path.open("rb") as handle:
        header = handle.read(HEADER_BYTES)
    found = filetype.guess(header)
    return found.mime if found is not None else None


def served_type(kind: Kind, sniffed: str | None) -> str | None:
    """The type to serve the file as when its bytes fit the kind, else None."""
    return _ACCEPTED[kind].get(sniffed or "")


def expected(kind: Kind) -> str:
    return _EXPECTED[kind]


def describe(sniffed: str | None) -> str:
    """'a Windows program', 'an image (image/png)', 'a file of unknown type'."""
    if sniffed is None:
        return "a file of unknown type"
    if sniffed in _DESCRIBED:
        return _DESCRIBED[sniffed]
    family = sniffed.split("/", 1)[0]
    noun = {"image": "image", "video": "video", "audio": "audio file", "font": "font"}.get(family, "file")
    article = "an" if noun[0] in "aeiou" else "a"
    return f"{article} {noun} ({sniffed})"
