"""Bulk onboarding (issue: onboarding at national scale, API.md v2 "Registration"): an MDO admin uploads a
CSV of employees straight to S3 (a presigned POST: up to 20 MiB, far over what API Gateway or Lambda take in a
request), starts the import, follows its progress and downloads the rejected rows. The file is checked and its
rows invited off the request path (functions/auth/import_worker.py, run by a Step Functions Distributed Map in
AWS; on the dev server, without a state machine, in the request that starts it)."""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from datetime import timedelta

from functions.auth import import_rows, import_storage, import_worker, repository_imports
from functions.auth.import_rows import Refusal
from functions.auth.membership_models import (
    ImportCreated,
    ImportRequest,
    ImportStatus,
    ImportUpload,
    RejectedRowsFile,
)
from karmayogi.domain import refcache
from karmayogi.platform import aws, clock, db
from karmayogi.platform.errors import AppError, conflict, not_found
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.observability import logger
from karmayogi.platform.roles import MDO_ADMIN, MDO_LEADER
from karmayogi.platform.settings import get_settings

UPLOAD_SECONDS = 30 * 60
DOWNLOAD_SECONDS = 5 * 60
READERS = (MDO_ADMIN, MDO_LEADER)


def _view(item: db.Item) -> ImportStatus:
    return ImportStatus.model_validate(item)


def import_not_found() -> AppError:
    return not_found("The import", code="IMPORT_NOT_FOUND")


def create(caller: Caller, org_id: str, body: ImportRequest) -> ImportCreated:
    caller.require_org_role(org_id, MDO_ADMIN)
    if refcache.org(org_id) is None:
        raise not_found("The organisation", code="ORG_NOT_FOUND")
    import_id = uuid.uuid4().hex
    key, rows_key = import_storage.keys_for(org_id, import_id)
    item = {"importId": import_id, "orgId": org_id, "fileName": body.file_name, "sizeBytes": body.size_bytes,
            "key": key, "rowsKey": rows_key, "status": import_worker.WAITING, "processed": 0, "invited": 0,
            "rejected": 0, "createdAt": clock.now_iso(), "createdBy": caller.user_id,
            "language": caller.profile.get("language") or "en"}
    repository_imports.new_import(item)
    post = import_storage.presigned_post(key, body.size_bytes, UPLOAD_SECONDS)
    logger.info("import created", extra={"importId": import_id, "orgId": org_id, "by": caller.user_id})
    return ImportCreated.model_validate({
        **item, "upload": ImportUpload(url=post["url"], fields=post["fields"]),
        "uploadExpiresAt": clock.to_iso(clock.now() + timedelta(seconds=UPLOAD_SECONDS))})


def _own(caller: Caller, org_id: str, import_id: str, *roles: str) -> db.Item:
    caller.require_org_role(org_id, *roles)
    item = repository_imports.get_import(import_id, consistent=True)
    if item is None or item.get("orgId") != org_id:
        raise import_not_found()
    return item


def start(caller: Caller, org_id: str, import_id: str) -> ImportStatus:
    """The uploaded file goes to the worker; 409 when nothing (or another size) was uploaded, or it started."""
    item = _own(caller, org_id, import_id, MDO_ADMIN)
    if item["status"] != import_worker.WAITING:
        raise conflict("IMPORT_STARTED", "This import has started already")
    if import_storage.uploaded_size(str(item["key"])) != int(item["sizeBytes"]):
        raise conflict("FILE_NOT_UPLOADED", "Upload the file first (the size must be the one announced)")
    try:
        repository_imports.move(import_id, [import_worker.WAITING], import_worker.VALIDATING)
    except db.ConditionFailed as failed:
        raise conflict("IMPORT_STARTED", "This import has started already") from failed
    machine = get_settings().import_state_machine_arn
    if machine:
        aws.client("stepfunctions").start_execution(stateMachineArn=machine, name=import_id,
                                                    input=json.dumps({"importId": import_id}))
    else:
        run_here(import_id)
    return _view(repository_imports.get_import(import_id, consistent=True) or item)


def run_here(import_id: str) -> None:
    """The state machine's steps in this process (the dev server and tests): the file checked, its normalised
    rows in batches of the Map's size, then the end."""
    prepared = import_worker.prepare(import_id)
    if prepared["status"] != import_worker.RUNNING:
        return
    batch: list[dict[str, str]] = []
    for line in import_storage.rows_of(prepared["rowsKey"]):
        batch.append(line)
        if len(batch) == import_worker.BATCH_ROWS:
            import_worker.process_batch(import_id, batch)
            batch = []
    if batch:
        import_worker.process_batch(import_id, batch)
    import_worker.finish(import_id)


def get(caller: Caller, org_id: str, import_id: str) -> ImportStatus:
    return _view(_own(caller, org_id, import_id, *READERS))


def list_imports(caller: Caller, org_id: str, limit: int, cursor: str | None) -> PageOf[ImportStatus]:
    caller.require_org_role(org_id, *READERS)
    page = repository_imports.list_imports(org_id, limit, cursor)
    return PageOf[ImportStatus](items=[_view(i) for i in page.items], next_cursor=page.next_cursor)


def rejected_rows(caller: Caller, org_id: str, import_id: str) -> RejectedRowsFile:
    """The rejected rows as a CSV file (written to S3 from the table page by page, then a signed address): a
    100,000-row file's rejections are far more than a Lambda response may carry."""
    item = _own(caller, org_id, import_id, *READERS)
    if item["status"] not in (import_worker.COMPLETED, import_worker.RUNNING):
        raise conflict("NO_ROWS_YET", "The import has no rows checked yet")
    refusals = (Refusal(int(r["row"]), str(r["code"]), dict(r.get("cells") or {}))
                for r in repository_imports.rejections(import_id))
    handle, path = tempfile.mkstemp(suffix=".csv")
    count = -1  # the header line
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            for line in import_rows.rejected_csv(refusals):
                out.write(line)
                count += 1
        key = str(item["key"]).rsplit("/", 1)[0] + "/rejected.csv"
        import_storage.put_rows(key, path)
    finally:
        os.unlink(path)
    url = import_storage.download_url(key, f"rejected-{import_id[:8]}.csv", DOWNLOAD_SECONDS)
    return RejectedRowsFile(url=url, rows=count,
                            expires_at=clock.to_iso(clock.now() + timedelta(seconds=DOWNLOAD_SECONDS)))
