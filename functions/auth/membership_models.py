"""Request and response models of org membership (API.md v2 "Registration"): registration links, and the
members waiting for an MDO admin's approval."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, field_validator

from karmayogi.platform.models import CamelModel, RequestModel

MAX_LINK_USES = 100_000
MAX_LINK_DAYS = 90

MembershipStatus = Literal["ACTIVE", "PENDING", "REJECTED"]


class RegistrationLinkRequest(RequestModel):
    expires_at: datetime = Field(
        description=f"When the link stops working (ISO 8601 with a zone; in the future, at most {MAX_LINK_DAYS} days ahead)")
    max_uses: Annotated[int, Field(ge=1, le=MAX_LINK_USES, description="How many accounts the link may open")]

    @field_validator("expires_at")
    @classmethod
    def _zoned(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("needs a time zone (e.g. 2027-01-31T23:59:59+05:30)")
        return value


class RegistrationLink(CamelModel):
    """A link that joins its org without approval, as an MDO admin of the org sees it."""

    link_id: str
    url: str = Field(description="The registration page with the link, relative to the platform's address "
                                 "(/app/register?link=<linkId>)")
    org_id: str
    expires_at: str
    max_uses: int
    uses: int
    revoked: bool
    created_at: str
    created_by: str
    usable: bool = Field(description="Neither expired, used up nor revoked")


class RegistrationLinkInfo(CamelModel):
    """What the registration page shows a stranger holding a link: the org it joins and whether it works."""

    link_id: str
    org_id: str
    org_name: str
    org_name_hi: str | None = None
    expires_at: str
    usable: bool


class PendingMember(CamelModel):
    """An account waiting for an MDO admin of the org (an email on a shared government domain)."""

    user_id: str
    employee_id: str
    name: str
    email: str
    mobile: str
    designation_id: str
    designation: str
    requested_at: str = Field(description="When the account was opened")


class MembershipDecision(CamelModel):
    user_id: str
    org_id: str
    membership: MembershipStatus


TransferStatus = Literal["PENDING", "ACCEPTED", "REJECTED", "CANCELLED"]


class TransferRequest(RequestModel):
    to_org_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
                                    description="The org the officer moves to")]


class Transfer(CamelModel):
    """An officer's move from one org to another: asked for by an MDO admin of the officer's org, accepted
    (or refused) by an MDO admin of the org they move to. The passbook, karma, enrolments and certificates go
    with the officer; the roles held in the old org do not."""

    transfer_id: str
    user_id: str
    name: str
    employee_id: str
    designation: str
    from_org_id: str
    to_org_id: str
    status: TransferStatus
    requested_by: str
    requested_at: str
    decided_by: str | None = None
    decided_at: str | None = None
    reason: str | None = None


ImportState = Literal["WAITING_FOR_FILE", "VALIDATING", "RUNNING", "COMPLETED", "FAILED"]
MAX_IMPORT_BYTES = 20 * 1024 * 1024


class ImportRequest(RequestModel):
    file_name: Annotated[str, Field(min_length=1, max_length=200)]
    size_bytes: Annotated[int, Field(ge=1, le=MAX_IMPORT_BYTES,
                                     description="The file's exact size (a presigned POST accepts only that)")]


class ImportFailure(CamelModel):
    code: str
    message: str


class ImportStatus(CamelModel):
    """A bulk import as its MDO admins follow it: the file's checks, then rows invited or rejected."""

    import_id: str
    org_id: str
    file_name: str
    status: ImportState
    total: int | None = Field(default=None, description="Data rows in the file, once it was checked")
    processed: int = 0
    invited: int = 0
    rejected: int = 0
    failure: ImportFailure | None = Field(default=None, description="Why a FAILED import refused the whole file")
    created_at: str
    created_by: str
    finished_at: str | None = None


class ImportUpload(CamelModel):
    url: str
    fields: dict[str, str]


class ImportCreated(ImportStatus):
    """The import, waiting for its file: POST it to `upload.url` with `upload.fields` and the file (field
    `file`), then `POST .../start`."""

    upload: ImportUpload
    upload_expires_at: str


class RejectedRowsFile(CamelModel):
    url: str = Field(description="A signed address of the CSV of rejected rows (row, code, reason, the row's "
                                 "cells, formula-like cells escaped), valid for 5 minutes")
    expires_at: str
    rows: int


class InvitationCode(RequestModel):
    code: Annotated[str, Field(min_length=12, max_length=20, pattern=r"^[A-Za-z0-9 -]+$",
                               description="The invitation code from the email or SMS (dashes and case do not matter)")]
