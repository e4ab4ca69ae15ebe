"""The employee CSV of a bulk import (issue: onboarding at national scale), row by row, without I/O.

The file: UTF-8 (a byte-order mark is dropped), Windows or Unix line endings, the header
`employeeId,name,email,mobile,designation` (in any case and order, nothing else), at most `MAX_ROWS` rows.
Each row is checked on its own (`check_row`): the reasons a row is refused are the codes of `REASONS`; rows
that pass are normalised as registration normalises them (upper-case employee id, lower-case email, +91
mobile). Duplicates within the file and accounts that exist already need the table: the import worker checks
those (functions/auth/import_worker.py).

Python's `csv` module parses (quotes, embedded commas and newlines); nothing here is hand-written but the
rules. `escape_cell` (karmayogi.platform.csv_cells, shared with the insights reports) keeps a spreadsheet from running a cell as a formula when the rejected rows are exported."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from functions.auth import contacts
from karmayogi.platform.csv_cells import FORMULA_STARTS, csv_lines, escape_cell

__all__ = ["FORMULA_STARTS", "escape_cell"]  # the shared cell rules, re-exported where they began

MAX_ROWS = 100_000
MAX_FILE_BYTES = 20 * 1024 * 1024  # 100,000 rows of ~100 bytes, with room for long names
COLUMNS = ("employeeId", "name", "email", "mobile", "designation")
MAX_NAME = 100

REASONS = {
    "DUPLICATE_IN_FILE": "The same employee ID, email or mobile is on an earlier row of the file",
    "ALREADY_REGISTERED": "An account with this employee ID, email or mobile exists already",
    "ALREADY_INVITED": "This person was invited already (by an earlier import)",
    "WRONG_DOMAIN": "The email is not on the organisation's own domains or a government domain (gov.in, nic.in)",
    "BAD_EMAIL": "The email is not a valid address",
    "BAD_MOBILE": "The mobile is not an Indian mobile number (10 digits starting with 6-9, optionally +91)",
    "BAD_EMPLOYEE_ID": "The employee ID must be 1-32 letters or digits, optionally with / _ . - inside",
    "BAD_NAME": "The name must be printable text starting with a letter, at most 100 characters",
    "UNKNOWN_DESIGNATION": "The designation is not one of the platform's designations",
    "MISSING_VALUE": "A column of the row is empty",
}


class FileRefused(Exception):
    """The whole file is refused (nothing is imported): `code` says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Row:
    """One data row: its number in the file (the header is row 1, as a spreadsheet counts) and its cells."""

    number: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Person:
    """A row that passed: normalised as registration normalises."""

    row: int
    employee_id: str
    name: str
    email: str
    mobile: str
    designation_id: str
    designation: str


@dataclass(frozen=True)
class Refusal:
    row: int
    code: str
    cells: dict[str, str]

    @property
    def message(self) -> str:
        return REASONS[self.code]


def text_stream(raw: IO[bytes]) -> IO[str]:
    """The file's bytes as text: UTF-8, a leading byte-order mark dropped, line endings left to `csv`."""
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")


def _header(reader: Iterator[list[str]]) -> list[str]:
    try:
        header = next(reader)
    except StopIteration as empty:
        raise FileRefused("EMPTY_FILE", "The file is empty") from empty
    names = {c.lower(): c for c in COLUMNS}
    found = [names.get(cell.strip().lower(), cell.strip()) for cell in header]
    if sorted(found) != sorted(COLUMNS) or len(found) != len(COLUMNS):
        raise FileRefused("WRONG_HEADER", f"The first row must name the columns {','.join(COLUMNS)} (found: "
                                          f"{','.join(cell.strip() for cell in header)[:200]})")
    return found


def rows(text: IO[str]) -> Iterator[Row]:
    """The data rows of the file, streamed (never held whole). FileRefused: a wrong header, text that is not
    UTF-8, a row with another number of cells than the header, or more than MAX_ROWS rows."""
    reader = csv.reader(text)
    try:
        header = _header(reader)
        count = 0
        for line in reader:
            if not any(cell.strip() for cell in line):
                continue  # a blank line (often the last)
            count += 1
            if count > MAX_ROWS:
                raise FileRefused("TOO_MANY_ROWS", f"A file may hold at most {MAX_ROWS:,} rows; split it")
            if len(line) != len(header):
                raise FileRefused("BAD_ROW_SHAPE", f"Row {reader.line_num} has {len(line)} cells; the header has "
                                                   f"{len(header)}")
            yield Row(reader.line_num, dict(zip(header, (cell.strip() for cell in line), strict=True)))
    except UnicodeDecodeError as wrong:
        raise FileRefused("NOT_UTF8", "The file is not UTF-8 text: save it as CSV UTF-8") from wrong
    except csv.Error as broken:
        raise FileRefused("BAD_CSV", f"The file is not valid CSV: {broken}") from broken


def count_rows(raw: IO[bytes]) -> int:
    """Every check of the file as a whole, before any row is imported: the number of data rows."""
    return sum(1 for _ in rows(text_stream(raw)))


def check_row(row: Row, *, org_domains: Iterable[str], designations: dict[str, tuple[str, str]]) -> Person | Refusal:
    """A row on its own: every value present and valid, the email on the org's own or a government domain,
    the designation known (`designations`: lower-cased id or name → (id, name))."""
    cells = row.cells
    if any(not cells.get(column) for column in COLUMNS):
        return Refusal(row.number, "MISSING_VALUE", cells)
    try:
        employee_id = contacts.normalize_employee_id(cells["employeeId"])
    except ValueError:
        return Refusal(row.number, "BAD_EMPLOYEE_ID", cells)
    name = " ".join(cells["name"].split())
    if len(name) > MAX_NAME or not name.isprintable() or not name[0].isalpha():
        return Refusal(row.number, "BAD_NAME", cells)
    try:
        email = contacts.normalize_email(cells["email"])
    except ValueError:
        return Refusal(row.number, "BAD_EMAIL", cells)
    if not contacts.email_allowed(email, org_domains):
        return Refusal(row.number, "WRONG_DOMAIN", cells)
    try:
        mobile = contacts.normalize_mobile(cells["mobile"])
    except ValueError:
        return Refusal(row.number, "BAD_MOBILE", cells)
    designation = designations.get(" ".join(cells["designation"].split()).lower())
    if designation is None:
        return Refusal(row.number, "UNKNOWN_DESIGNATION", cells)
    return Person(row.number, employee_id, name, email, mobile, designation[0], designation[1])


def rejected_csv(refusals: Iterable[Refusal]) -> Iterator[str]:
    """The rejected rows as CSV text, line by line: the row number, the reason's code and message, and the
    row's cells, every cell escaped."""
    yield from csv_lines(["row", "code", "reason", *COLUMNS],
                         ([str(refusal.row), refusal.code, refusal.message,
                           *(refusal.cells.get(column, "") for column in COLUMNS)] for refusal in refusals))
