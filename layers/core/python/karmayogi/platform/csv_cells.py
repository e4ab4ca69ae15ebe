"""CSV files people open in a spreadsheet: cells that cannot run as formulas, written line by line.

Shared by every CSV the platform hands out (the bulk import's rejected rows, the insights reports)."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one that starts like a formula (`=cmd|' /C calc'!A0`, +, -, @, a tab
    or a carriage return) gets a leading apostrophe (OWASP's advice for CSV injection)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def text_of(value: Any) -> str:
    """A cell's text: nothing for a missing value, the number as written for a number."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The file as text, one line at a time: a UTF-8 byte-order mark and the header first (Excel then reads
    Devanagari names right), every cell escaped. Nothing is held but the current line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flushed() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([escape_cell(h) for h in header])
    yield codecs.BOM_UTF8.decode("utf-8") + flushed()
    for row in rows:
        writer.writerow([escape_cell(text_of(cell)) for cell in row])
        yield flushed()
