"""What a certificate PDF says, for the browser journeys (tests/web/roles/certificate.mjs): its text as a PDF
reader extracts it (pypdf) and what its QR codes decode to (zxing-cpp), as JSON on stdout.

    python tests/web/pdf_probe.py <file.pdf>  →  {"pages": 1, "text": "...", "qr": ["https://..."]}"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def probe(path: Path) -> dict[str, object]:
    import zxingcpp
    from pypdf import PdfReader

    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    codes = [code.text for page in reader.pages for image in page.images
             for code in zxingcpp.read_barcodes(image.image)]
    return {"pages": len(reader.pages), "text": text, "qr": codes}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: pdf_probe.py <file.pdf>")
    json.dump(probe(Path(sys.argv[1])), sys.stdout, ensure_ascii=False)
