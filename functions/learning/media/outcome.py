"""What processing an upload concludes: `Accepted` (with what was measured) or `Rejected` (a code and a
reason the creator can act on). Both turn into the content's `media` as the API shows it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from functions.learning.media.limits import Kind

RejectCode = Literal[
    "WRONG_TYPE",  # the bytes are not what the content type says
    "TOO_LARGE",  # over the kind's byte limit (or page limit)
    "TOO_LONG",  # over the kind's duration limit
    "UNREADABLE",  # corrupt, truncated, empty or password protected
    "NO_MANIFEST",  # a zip without imsmanifest.xml at its top
    "BAD_MANIFEST",  # a manifest that cannot be read or names no launchable SCO
    "UNSAFE_PATH",  # a zip entry that would land outside its folder, or a link
    "ZIP_BOMB",  # a zip whose uncompressed size, ratio or entry count is over the limits
]

REJECT_CODES: tuple[str, ...] = RejectCode.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Accepted:
    kind: Kind
    media_type: str  # the type the bytes are (sniffed), the one to serve them with
    size_bytes: int
    duration_seconds: float | None = None  # video, audio
    page_count: int | None = None  # pdf
    launch_path: str | None = None  # scorm: the SCO's launch page, relative to the package's root
    width: int | None = None  # video: the displayed frame
    height: int | None = None

    @property
    def accepted(self) -> bool:
        return True

    def to_media(self) -> dict[str, Any]:
        """The content's `media` (camelCase, as the API shows it), without the fields that do not apply."""
        fields = {
            "status": "READY",
            "mediaType": self.media_type,
            "sizeBytes": self.size_bytes,
            "durationSeconds": self.duration_seconds,
            "pageCount": self.page_count,
            "launchPath": self.launch_path,
            "width": self.width,
            "height": self.height,
        }
        return {key: value for key, value in fields.items() if value is not None}


@dataclass(frozen=True)
class Rejected:
    code: RejectCode
    reason: str  # one sentence for the creator: what is wrong and what to do

    @property
    def accepted(self) -> bool:
        return False

    def to_media(self) -> dict[str, Any]:
        return {"status": "REJECTED", "code": self.code, "reason": self.reason}


Outcome = Accepted | Rejected


def human_size(size: int) -> str:
    """2147483648 → '2 GB'; 1572864 → '1.5 MB' (powers of 1024, as the limits are)."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            text = f"{value:.1f}".rstrip("0").rstrip(".")
            return f"{text} {unit}"
        value /= 1024
    raise AssertionError("unreachable")
