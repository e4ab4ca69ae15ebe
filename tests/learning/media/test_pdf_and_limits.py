"""PDF handouts (page count with pypdf) and the rules every kind shares: the limits table, the declared
media type, empty and oversized files."""

from __future__ import annotations

from pathlib import Path

import pytest

from functions.learning.media import MAX_BYTES, MEDIA_TYPES, Accepted, Rejected, limits, validate_upload


def handout(path: Path, pages: int = 3) -> Path:
    from fpdf import FPDF

    document = FPDF()
    document.set_font("helvetica", size=14)
    for number in range(1, pages + 1):
        document.add_page()
        document.cell(text=f"Handout page {number}")
    document.output(str(path))
    return path


def sparse(path: Path, size: int) -> Path:
    """A file of `size` bytes (a PDF header, then a hole: no disk used)."""
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(size)
    return path


def test_the_limits_table_the_upload_routes_import() -> None:
    assert MAX_BYTES == {"video": 2 * 1024**3, "audio": 200 * 1024**2, "pdf": 100 * 1024**2, "scorm": 500 * 1024**2}
    assert MEDIA_TYPES["video"] == ("video/mp4", "video/webm", "video/quicktime")
    assert MEDIA_TYPES["audio"] == ("audio/mpeg", "audio/mp4", "audio/aac", "audio/wav", "audio/ogg")
    assert MEDIA_TYPES["pdf"] == ("application/pdf",)
    assert MEDIA_TYPES["scorm"] == ("application/zip", "application/x-zip-compressed")
    assert limits.accepts_media_type("video", "Video/MP4; codecs=avc1")
    assert not limits.accepts_media_type("pdf", "application/zip")
    with pytest.raises(ValueError, match="link"):
        limits.kind_of("link")


def test_a_pdf_is_accepted_with_its_page_count(tmp_path: Path) -> None:
    outcome = validate_upload(handout(tmp_path / "handout.pdf", pages=3), "pdf", media_type="application/pdf")

    assert isinstance(outcome, Accepted), outcome
    assert outcome.page_count == 3 and outcome.media_type == "application/pdf"
    assert outcome.to_media() == {"status": "READY", "mediaType": "application/pdf", "sizeBytes": outcome.size_bytes, "pageCount": 3}


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_corrupt_pdf_is_unreadable(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "handout.pdf"
    if damage == "garbage":
        path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
    else:
        good = handout(tmp_path / "good.pdf", pages=4).read_bytes()
        path.write_bytes(good[:300])

    outcome = validate_upload(path, "pdf")

    assert isinstance(outcome, Rejected) and outcome.code == "UNREADABLE", outcome
    assert "damaged" in outcome.reason or "no pages" in outcome.reason


def test_a_password_protected_pdf_is_refused_with_what_to_do(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(handout(tmp_path / "open.pdf", pages=2)).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)

    outcome = validate_upload(locked, "pdf")

    assert isinstance(outcome, Rejected) and outcome.code == "UNREADABLE"
    assert "password" in outcome.reason


def test_too_large_is_decided_by_the_kind_s_limit_before_reading(tmp_path: Path) -> None:
    at_limit = sparse(tmp_path / "big.pdf", MAX_BYTES["pdf"] + 1)

    outcome = validate_upload(at_limit, "pdf")

    assert isinstance(outcome, Rejected) and outcome.code == "TOO_LARGE"
    assert "100 MB" in outcome.reason
    video = validate_upload(sparse(tmp_path / "big.mp4", MAX_BYTES["video"] + 1), "video")
    assert isinstance(video, Rejected) and video.code == "TOO_LARGE" and "2 GB" in video.reason


def test_a_declared_media_type_outside_the_kind_s_list_is_the_wrong_type(tmp_path: Path) -> None:
    outcome = validate_upload(handout(tmp_path / "handout.pdf"), "pdf", media_type="application/msword")

    assert isinstance(outcome, Rejected) and outcome.code == "WRONG_TYPE"
    assert "application/pdf" in outcome.reason


def test_a_pdf_is_not_a_scorm_package_whatever_its_name(tmp_path: Path) -> None:
    renamed = tmp_path / "course.zip"
    renamed.write_bytes(handout(tmp_path / "handout.pdf").read_bytes())

    outcome = validate_upload(renamed, "scorm")

    assert isinstance(outcome, Rejected) and outcome.code == "WRONG_TYPE" and "PDF document" in outcome.reason


def test_an_empty_file_is_unreadable(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.touch()

    outcome = validate_upload(empty, "pdf")

    assert isinstance(outcome, Rejected) and outcome.code == "UNREADABLE"
    assert outcome.to_media() == {"status": "REJECTED", "code": "UNREADABLE", "reason": outcome.reason}
