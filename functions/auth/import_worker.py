"""The bulk import's worker (issue: onboarding at national scale): the steps a Step Functions execution runs
off the request path (infra/workflows/import.asl.json; locally the dev server runs the same steps in order).

1. `prepare`: the uploaded file is streamed (never held whole), every check of the file as a whole runs
   (`import_rows.rows`: header, UTF-8, shape, at most 100,000 rows), and a normalised copy (`row`, then the
   five columns, plain UTF-8 CSV) is written beside it; the Distributed Map reads that copy in batches. A
   refused file fails the import with its code and nothing is imported.
2. `process_batch`, once per batch of rows (in parallel): each row checked (`import_rows.check_row`); the
   accounts that exist already found in BatchGetItems of the uniqueness guards; each accepted row in its own
   transaction: the in-file guards (the first row with an employee id, email or mobile wins), the org's guard
   on the email (nobody is invited twice by one org, a file uploaded again included) and the invitation; then
   the rejected rows and the counters. A batch run again (a retried Map iteration) finds its own guards and
   counts nothing twice beyond its rejected rows' re-put.
3. `finish`: the import COMPLETED. Sending the invitations is the sender's (functions/auth/invitations.py),
   which paces itself under the SES and SNS rate limits and the SMS budget."""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
import uuid
from collections.abc import Iterable, Sequence
from typing import IO, Any

from functions.auth import import_rows, import_storage, repository, repository_imports
from functions.auth.import_rows import COLUMNS, FileRefused, Person, Refusal, Row
from karmayogi.platform import clock, db, keys
from karmayogi.platform.observability import logger

WAITING, VALIDATING, RUNNING, COMPLETED, FAILED = "WAITING_FOR_FILE", "VALIDATING", "RUNNING", "COMPLETED", "FAILED"
BATCH_ROWS = 100  # the Map's ItemBatcher: a batch's guard reads are 3 BatchGetItems


# ---- 1. the file as a whole -------------------------------------------------------------------------------------


def prepare(import_id: str) -> dict[str, Any]:
    """Check the uploaded file and write its normalised copy; the import RUNNING with its `total`, or FAILED."""
    item = repository_imports.get_import(import_id, consistent=True)
    if item is None:
        raise ValueError(f"no import {import_id}")
    if item["status"] not in (VALIDATING, RUNNING):  # finished or failed already: a late retry does nothing
        return {"importId": import_id, "status": item["status"]}
    handle, path = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out, import_storage.open_upload(item["key"]) as raw:
            total = write_normalised(raw, out)
        import_storage.put_rows(item["rowsKey"], path)
    except FileRefused as refused:
        repository_imports.move(import_id, [VALIDATING], FAILED,
                                {"failure": {"code": refused.code, "message": refused.message},
                                 "finishedAt": clock.now_iso()})
        logger.info("import refused", extra={"importId": import_id, "code": refused.code})
        return {"importId": import_id, "status": FAILED}
    finally:
        os.unlink(path)
    repository_imports.move(import_id, [VALIDATING, RUNNING], RUNNING, {"total": total})
    logger.info("import file checked", extra={"importId": import_id, "rows": total})
    return {"importId": import_id, "status": RUNNING, "total": total, "rowsKey": item["rowsKey"],
            "bucket": import_storage.bucket()}


def write_normalised(raw: IO[bytes], out: IO[str]) -> int:
    """The uploaded file's rows checked and written to `out` as the normalised copy, one row at a time (never
    held whole); the number of rows. FileRefused as import_rows.rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["row", *COLUMNS])
    total = 0
    for row in import_rows.rows(import_rows.text_stream(raw)):
        writer.writerow([row.number, *(row.cells[c] for c in COLUMNS)])
        total += 1
    return total


def normalised_rows(raw_lines: Iterable[dict[str, str]]) -> list[Row]:
    """Rows of the normalised copy (as the Map's CSV reader hands them over: one dict per line)."""
    return [Row(int(line["row"]), {c: line.get(c, "") for c in COLUMNS}) for line in raw_lines]


# ---- 2. a batch of rows -------------------------------------------------------------------------------------------


def _designations() -> dict[str, tuple[str, str]]:
    """Every designation by lower-cased id and name (a few hundred: one paged read per batch, cached)."""
    from karmayogi.domain import refcache

    def load() -> dict[str, tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        cursor: str | None = None
        while True:
            page = repository.list_designations(100, cursor)
            for item in page.items:
                pair = (str(item["id"]), str(item["name"]))
                found[pair[0].lower()] = pair
                found[" ".join(pair[1].split()).lower()] = pair
            if not page.next_cursor:
                return found
            cursor = page.next_cursor

    cached: dict[str, tuple[str, str]] = refcache.lookup_one("import-designations", "all", lambda _: load())
    return cached


def _registered(people: Sequence[Person]) -> set[int]:
    """The rows whose employee id, email or mobile an account holds (the uniqueness guards)."""
    wanted: dict[tuple[str, str], int] = {}
    for person in people:
        for kind, value in ((repository.EMAIL, person.email), (repository.MOBILE, person.mobile),
                            (repository.EMPLOYEE, person.employee_id)):
            wanted[keys.guard_key(kind, value)] = person.row
    found = db.batch_get(list(wanted))
    return {wanted[(item["PK"], item["SK"])] for item in found}


def _invite(item: db.Item, person: Person, invitation_id: str) -> str | None:
    """The row's guards and invitation in one transaction; the refusal code, or None when invited."""
    import_id, org_id = str(item["importId"]), str(item["orgId"])
    invitation = {"invitationId": invitation_id, "importId": import_id,
                  "orgId": org_id, "employeeId": person.employee_id, "name": person.name, "email": person.email,
                  "mobile": person.mobile, "designationId": person.designation_id,
                  "designation": person.designation, "invitedBy": item["createdBy"], "invitedAt": clock.now_iso(),
                  "language": item.get("language", "en"), "row": person.row}
    operations = [repository_imports.seen_op(import_id, kind, value, person.row)
                  for kind, value in (("EMPLOYEE", person.employee_id), ("EMAIL", person.email),
                                      ("MOBILE", person.mobile))]
    try:
        repository_imports.commit([*operations, *repository_imports.invitation_ops(invitation)])
    except db.ConditionFailed as failed:
        return "DUPLICATE_IN_FILE" if failed.reason == repository_imports.SEEN else "ALREADY_INVITED"
    return None


def process_batch(import_id: str, lines: Sequence[dict[str, str]]) -> dict[str, Any]:
    """One batch of the normalised copy's lines: each row invited or refused with its reason; the invitations
    made go to the sender's queue (`invitations.enqueue`)."""
    from functions.auth import invitations

    item = repository_imports.get_import(import_id)
    if item is None or item["status"] != RUNNING:
        return {"processed": 0, "invited": 0, "rejected": 0}
    org = repository.get_org(str(item["orgId"])) or {}
    designations = _designations()
    refusals: list[Refusal] = []
    people: list[Person] = []
    rows = normalised_rows(lines)
    for row in rows:
        checked = import_rows.check_row(row, org_domains=org.get("emailDomains", []), designations=designations)
        if isinstance(checked, Person):
            people.append(checked)
        else:
            refusals.append(checked)
    taken = _registered(people)
    cells = {row.number: row.cells for row in rows}
    invited: list[str] = []
    for person in people:
        invitation_id = uuid.uuid4().hex
        reason = "ALREADY_REGISTERED" if person.row in taken else _invite(item, person, invitation_id)
        if reason is None:
            invited.append(invitation_id)
        else:
            refusals.append(Refusal(person.row, reason, cells[person.row]))
    repository_imports.put_rejections(import_id, [
        {"row": r.row, "code": r.code, "cells": r.cells} for r in refusals])
    repository_imports.add_counts(import_id, processed=len(lines), invited=len(invited), rejected=len(refusals))
    invitations.enqueue(invited)
    return {"processed": len(lines), "invited": len(invited), "rejected": len(refusals)}


# ---- 3. the end ---------------------------------------------------------------------------------------------------


def finish(import_id: str) -> dict[str, Any]:
    with contextlib.suppress(db.ConditionFailed):  # failed or finished already
        repository_imports.move(import_id, [RUNNING], COMPLETED, {"finishedAt": clock.now_iso()})
    return {"importId": import_id}


def fail(import_id: str, error: str) -> dict[str, Any]:
    """The execution failed unexpectedly (the state machine's Catch): the import says so."""
    with contextlib.suppress(db.ConditionFailed):
        repository_imports.move(import_id, [VALIDATING, RUNNING], FAILED, {
            "failure": {"code": "IMPORT_FAILED", "message": "The import stopped unexpectedly; upload the file again"},
            "finishedAt": clock.now_iso()})
    logger.error("import failed", extra={"importId": import_id, "error": error[:200]})
    return {"importId": import_id}


def handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    """The state machine's Lambda tasks: `{"step": "prepare"|"batch"|"finish"|"fail", "importId", ...}`; a batch
    is the Map's `{"Items": [...]}` (ItemBatcher) with the import id in `BatchInput`."""
    step = event.get("step")
    if step == "batch" or "Items" in event:
        import_id = str((event.get("BatchInput") or {}).get("importId") or event.get("importId"))
        return process_batch(import_id, event.get("Items") or event.get("items") or [])
    import_id = str(event["importId"])
    if step == "prepare":
        return prepare(import_id)
    if step == "finish":
        return finish(import_id)
    return fail(import_id, str(event.get("error") or ""))
