"""The limits of course media: one table, shared by the upload routes (the presigned POST's byte range and
media type) and the processor (what it accepts). Sizes are bytes in powers of 1024 (2 GB = 2 GiB)."""

from __future__ import annotations

from typing import Final, Literal

Kind = Literal["video", "audio", "pdf", "scorm"]

KINDS: Final[tuple[Kind, ...]] = ("video", "audio", "pdf", "scorm")

MB: Final = 1024 * 1024
GB: Final = 1024 * MB

# The largest upload of each kind (TOO_LARGE above it).
MAX_BYTES: Final[dict[Kind, int]] = {
    "video": 2 * GB,
    "audio": 200 * MB,
    "pdf": 100 * MB,
    "scorm": 500 * MB,
}

# The media types a creator may declare for each kind (the upload's `mediaType`); the processor checks the
# bytes, never the name, against the same list.
MEDIA_TYPES: Final[dict[Kind, tuple[str, ...]]] = {
    "video": ("video/mp4", "video/webm", "video/quicktime"),
    "audio": ("audio/mpeg", "audio/mp4", "audio/aac", "audio/wav", "audio/ogg"),
    "pdf": ("application/pdf",),
    # Browsers on Windows send a zip as application/x-zip-compressed.
    "scorm": ("application/zip", "application/x-zip-compressed"),
}

# The longest video or audio (TOO_LONG above it).
MAX_DURATION_SECONDS: Final[dict[Kind, int]] = {
    "video": 4 * 3600,
    "audio": 4 * 3600,
}

# A PDF handout with more pages than this is refused (UNREADABLE would be wrong: TOO_LARGE, by pages).
MAX_PDF_PAGES: Final = 2000

# A SCORM zip is checked against these before anything is extracted (ZIP_BOMB above any of them).
MAX_ZIP_ENTRIES: Final = 10_000
MAX_ZIP_UNCOMPRESSED_BYTES: Final = 2 * GB
# Uncompressed / compressed: the whole archive's, and one entry's (entries of at least MIN_RATIO_CHECK_BYTES:
# a small text file may compress well without being a bomb).
MAX_ZIP_RATIO: Final = 100
MIN_RATIO_CHECK_BYTES: Final = 1 * MB
MAX_MANIFEST_BYTES: Final = 1 * MB


def kind_of(content_type: str) -> Kind:
    """The kind for a content type, or ValueError for a type that has no uploaded media (link, quiz)."""
    for kind in KINDS:
        if kind == content_type:
            return kind
    raise ValueError(f"content type {content_type!r} has no uploaded media (one of {', '.join(KINDS)})")


def accepts_media_type(kind: Kind, media_type: str) -> bool:
    """Whether a declared media type (parameters such as `; codecs=` ignored) is allowed for the kind."""
    return media_type.split(";", 1)[0].strip().lower() in MEDIA_TYPES[kind]
