"""The bulk import's CSV, row by row (functions/auth/import_rows.py): every bad input of the issue gets a
clear code, nothing is held whole, and no exported cell can run as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from functions.auth import import_rows as rows_of
from functions.auth.import_rows import FileRefused, Person, Refusal

DOMAINS = ["dopt.gov.in"]
DESIGNATIONS = {"section-officer": ("section-officer", "Section Officer"),
                "section officer": ("section-officer", "Section Officer")}
HEADER = "employeeId,name,email,mobile,designation"


def parse(text: str | bytes) -> list[rows_of.Row]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return list(rows_of.rows(rows_of.text_stream(io.BytesIO(raw))))


def check(line: str) -> Person | Refusal:
    [row] = parse(f"{HEADER}\n{line}\n")
    return rows_of.check_row(row, org_domains=DOMAINS, designations=DESIGNATIONS)


def test_a_good_row_is_normalised_as_registration_normalises():
    person = check("dopt/0042,  Riya   Sharma ,Riya.Sharma@DoPT.gov.in,+91 98765-43210,Section Officer")
    assert person == Person(2, "DOPT/0042", "Riya Sharma", "riya.sharma@dopt.gov.in", "+919876543210",
                            "section-officer", "Section Officer")


def test_a_bom_windows_line_endings_quotes_and_devanagari_names_are_read():
    text = "\ufeff" + HEADER.upper().replace("EMPLOYEEID", "EmployeeID") + "\r\n" \
        + 'D-1,"शर्मा, रिया",riya@dopt.gov.in,9876543210,section-officer\r\n\r\n'
    [row] = parse(text)
    person = rows_of.check_row(row, org_domains=DOMAINS, designations=DESIGNATIONS)
    assert isinstance(person, Person) and person.name == "शर्मा, रिया"


def test_columns_may_come_in_any_order():
    [row] = parse("email,designation,name,mobile,employeeId\nriya@dopt.gov.in,section-officer,Riya,9876543210,E1\n")
    assert isinstance(rows_of.check_row(row, org_domains=DOMAINS, designations=DESIGNATIONS), Person)


@pytest.mark.parametrize(("line", "code"), [
    ("E1,Riya,riya@gmail.com,9876543210,section-officer", "WRONG_DOMAIN"),
    ("E1,Riya,riya@,9876543210,section-officer", "BAD_EMAIL"),
    ("E1,Riya,riya@dopt.gov.in,12345,section-officer", "BAD_MOBILE"),
    ("E 1,Riya,riya@dopt.gov.in,9876543210,section-officer", "BAD_EMPLOYEE_ID"),
    ("E1,1234,riya@dopt.gov.in,9876543210,section-officer", "BAD_NAME"),
    ("E1,Riya,riya@dopt.gov.in,9876543210,Chief Wizard", "UNKNOWN_DESIGNATION"),
    ("E1,,riya@dopt.gov.in,9876543210,section-officer", "MISSING_VALUE"),
])
def test_each_bad_row_has_its_reason(line, code):
    refused = check(line)
    assert isinstance(refused, Refusal) and refused.code == code and refused.row == 2
    assert refused.message == rows_of.REASONS[code]


def test_shared_government_domains_are_accepted_the_admin_vouches_for_the_row():
    assert isinstance(check("E1,Riya,riya@gov.in,9876543210,section-officer"), Person)


@pytest.mark.parametrize(("text", "code"), [
    ("", "EMPTY_FILE"),
    ("employee,name,email,mobile,designation\nE1,Riya,riya@dopt.gov.in,9876543210,section-officer\n", "WRONG_HEADER"),
    (HEADER + ",extra\n", "WRONG_HEADER"),
    ("employeeId,name,email\n", "WRONG_HEADER"),
    (HEADER + "\nE1,Riya,riya@dopt.gov.in\n", "BAD_ROW_SHAPE"),
    (HEADER.encode() + b"\nE1,\xff\xfe,riya@dopt.gov.in,9876543210,x\n", "NOT_UTF8"),
])
def test_a_bad_file_is_refused_whole(text, code):
    with pytest.raises(FileRefused) as refused:
        parse(text)
    assert refused.value.code == code


def test_more_than_100000_rows_is_refused_before_any_row_counts():
    line = "E1,Riya,riya@dopt.gov.in,9876543210,section-officer\n"
    body = (HEADER + "\n" + line * rows_of.MAX_ROWS).encode()
    assert rows_of.count_rows(io.BytesIO(body)) == rows_of.MAX_ROWS
    with pytest.raises(FileRefused) as refused:
        rows_of.count_rows(io.BytesIO(body + line.encode()))
    assert refused.value.code == "TOO_MANY_ROWS"


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "+SUM(A1)", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_cells_never_reach_the_export_unescaped(cell):
    refusal = Refusal(7, "BAD_NAME", {"employeeId": "E1", "name": cell, "email": "x", "mobile": "y",
                                      "designation": "z"})
    text = "".join(rows_of.rejected_csv([refusal]))
    assert text.startswith("\ufeffrow,code,reason,")
    [_, record] = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert record[0:2] == ["7", "BAD_NAME"]
    assert record[4] == "'" + cell
    assert not any(value.startswith(rows_of.FORMULA_STARTS) for value in record)
