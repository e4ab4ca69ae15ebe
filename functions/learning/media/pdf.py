"""PDF handouts: the page count, read with pypdf; a file pypdf cannot read is UNREADABLE."""

from __future__ import annotations

import logging
from pathlib import Path

from functions.learning.media.limits import MAX_PDF_PAGES
from functions.learning.media.outcome import Rejected


def page_count(path: Path) -> int | Rejected:
    """The number of pages, or why the PDF cannot be used."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about repaired files are not ours
    unreadable = Rejected(
        "UNREADABLE", "This PDF is damaged or incomplete and cannot be opened: save or export it again and re-upload."
    )
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return _locked()
        count = len(reader.pages)
        for page in reader.pages:  # every page object must be a page with a size
            _ = page.mediabox.width
    except (FileNotDecryptedError, DependencyError, NotImplementedError):
        return _locked()
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError):
        return unreadable
    if count == 0:
        return Rejected("UNREADABLE", "This PDF has no pages: export the document again and re-upload.")
    if count > MAX_PDF_PAGES:
        return Rejected("TOO_LARGE", f"This PDF has {count} pages; the limit is {MAX_PDF_PAGES}: split it into parts.")
    return count


def _locked() -> Rejected:
    return Rejected("UNREADABLE", "This PDF is password protected: save a copy without a password and re-upload.")
