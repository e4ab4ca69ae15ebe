"""HTTP routes of org membership (API.md v2 "Registration"): registration links, the members waiting for
approval, transfers between orgs, and bulk imports with their invitations. A Powertools router the auth hub's resolver includes (functions/auth/handler.py); the rules are in
functions/auth/membership.py, imported when a route is first called (cold start, as in handler.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query

from functions.auth.membership_models import (
    ImportCreated,
    ImportRequest,
    ImportStatus,
    InvitationCode,
    MembershipDecision,
    PendingMember,
    RegistrationLink,
    RegistrationLinkInfo,
    RegistrationLinkRequest,
    RejectedRowsFile,
    Transfer,
    TransferRequest,
)
from functions.auth.models import RegisterResponse, RejectRequest
from karmayogi.platform.api import Cursor, Limit, accepted, caller, created, documented, errors, language, no_content
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import DEFAULT_LIMIT, PageOf

router = Router()

OrgId = Annotated[str, Path(alias="orgId", max_length=64)]
LinkId = Annotated[str, Path(alias="linkId", max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
TransferId = Annotated[str, Path(alias="transferId", max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
ImportId = Annotated[str, Path(alias="importId", max_length=64, pattern=r"^[a-f0-9]+$")]
UserId = Annotated[str, Path(alias="userId", max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]


def _caller() -> Caller:
    return caller(router)


@router.get("/registration-links/<linkId>", tags=["Registration"],
            summary="The org a registration link joins, and whether it still works (public)",
            responses=documented(404))
def registration_link_info(link_id: LinkId) -> RegistrationLinkInfo:
    from functions.auth import membership

    return membership.link_info(link_id)


@router.post("/orgs/<orgId>/registration-links", tags=["Org administration"],
             summary="A registration link that joins the org without approval (MDO_ADMIN)", status_code=201,
             responses={**errors(400, 403, 404),
                        201: {"description": "The link", "content": {"application/json": {"model": RegistrationLink}}}})
def create_registration_link(org_id: OrgId, body: RegistrationLinkRequest):
    from functions.auth import membership

    return created(membership.create_link(_caller(), org_id, body))


@router.get("/orgs/<orgId>/registration-links", tags=["Org administration"],
            summary="The org's registration links, newest first", responses=documented(403))
def list_registration_links(org_id: OrgId, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
                            ) -> PageOf[RegistrationLink]:
    from functions.auth import membership

    return membership.list_links(_caller(), org_id, limit, cursor)


@router.delete("/orgs/<orgId>/registration-links/<linkId>", tags=["Org administration"],
               summary="Revoke a registration link", status_code=204, responses=documented(403, 404, success=204))
def revoke_registration_link(org_id: OrgId, link_id: LinkId):
    from functions.auth import membership

    membership.revoke_link(_caller(), org_id, link_id)
    return no_content()


@router.get("/orgs/<orgId>/members", tags=["Org administration"],
            summary="Accounts waiting to join the org (status=pending), or refused by it (status=rejected)",
            responses=documented(403))
def list_members(org_id: OrgId, status: Annotated[Literal["pending", "rejected"], Query()] = "pending",
                 limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> PageOf[PendingMember]:
    from functions.auth import membership

    return membership.list_members(_caller(), org_id, status, limit, cursor)


@router.post("/orgs/<orgId>/members/<userId>/approve", tags=["Org administration"],
             summary="Approve a pending member: they join the org (MDO_ADMIN)", responses=documented(403, 404, 409))
def approve_member(org_id: OrgId, user_id: UserId) -> MembershipDecision:
    from functions.auth import membership

    return membership.approve(_caller(), org_id, user_id)


@router.post("/orgs/<orgId>/members/<userId>/reject", tags=["Org administration"],
             summary="Refuse a pending member (they are told, with the reason)", responses=documented(403, 404, 409))
def reject_member(org_id: OrgId, user_id: UserId,
                  body: Annotated[RejectRequest | None, Body()] = None) -> MembershipDecision:
    from functions.auth import membership

    return membership.reject(_caller(), org_id, user_id, body.reason if body else None)


# ---- transfers between orgs ---------------------------------------------------------------------------------


@router.post("/users/<userId>/transfers", tags=["Org administration"],
             summary="Ask another org to take an officer (MDO_ADMIN of the officer's org)", status_code=201,
             responses={**errors(400, 403, 404, 409),
                        201: {"description": "The transfer, pending", "content": {"application/json": {"model": Transfer}}}})
def request_transfer(user_id: UserId, body: TransferRequest):
    from functions.auth import transfers

    return created(transfers.request(_caller(), user_id, body))


@router.get("/orgs/<orgId>/transfers", tags=["Org administration"],
            summary="Transfers into the org (direction=incoming) or out of it (outgoing), newest first",
            responses=documented(403))
def list_transfers(org_id: OrgId,
                   direction: Annotated[Literal["incoming", "outgoing"], Query()] = "incoming",
                   status: Annotated[Literal["pending", "accepted", "rejected", "cancelled"], Query()] = "pending",
                   limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> PageOf[Transfer]:
    from functions.auth import transfers

    return transfers.list_transfers(_caller(), org_id, direction, status, limit, cursor)


@router.post("/orgs/<orgId>/transfers/<transferId>/accept", tags=["Org administration"],
             summary="Take the officer in (MDO_ADMIN of the receiving org): passbook, karma and certificates kept",
             responses=documented(403, 404, 409))
def accept_transfer(org_id: OrgId, transfer_id: TransferId) -> Transfer:
    from functions.auth import transfers

    return transfers.accept(_caller(), org_id, transfer_id)


@router.post("/orgs/<orgId>/transfers/<transferId>/reject", tags=["Org administration"],
             summary="Refuse a transfer into the org", responses=documented(403, 404, 409))
def reject_transfer(org_id: OrgId, transfer_id: TransferId,
                    body: Annotated[RejectRequest | None, Body()] = None) -> Transfer:
    from functions.auth import transfers

    return transfers.reject(_caller(), org_id, transfer_id, body.reason if body else None)


@router.post("/orgs/<orgId>/transfers/<transferId>/cancel", tags=["Org administration"],
             summary="Withdraw a transfer the org asked for", responses=documented(403, 404, 409))
def cancel_transfer(org_id: OrgId, transfer_id: TransferId) -> Transfer:
    from functions.auth import transfers

    return transfers.cancel(_caller(), org_id, transfer_id)


# ---- bulk imports and their invitations ------------------------------------------------------------------------


@router.post("/orgs/<orgId>/imports", tags=["Org administration"],
             summary="A bulk import of employees: where to upload its CSV (MDO_ADMIN)", status_code=201,
             responses={**errors(400, 403, 404),
                        201: {"description": "The import, waiting for its file",
                              "content": {"application/json": {"model": ImportCreated}}}})
def create_import(org_id: OrgId, body: ImportRequest):
    from functions.auth import imports

    return created(imports.create(_caller(), org_id, body))


@router.post("/orgs/<orgId>/imports/<importId>/start", tags=["Org administration"],
             summary="Start an uploaded import: the file is checked and its rows invited off the request path",
             status_code=202, responses={**errors(403, 404, 409),
                                         202: {"description": "The import, started",
                                               "content": {"application/json": {"model": ImportStatus}}}})
def start_import(org_id: OrgId, import_id: ImportId):
    from functions.auth import imports

    return accepted(imports.start(_caller(), org_id, import_id))


@router.get("/orgs/<orgId>/imports", tags=["Org administration"], summary="The org's imports, newest first",
            responses=documented(403))
def list_imports(org_id: OrgId, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> PageOf[ImportStatus]:
    from functions.auth import imports

    return imports.list_imports(_caller(), org_id, limit, cursor)


@router.get("/orgs/<orgId>/imports/<importId>", tags=["Org administration"],
            summary="An import's progress: rows checked, invited and rejected", responses=documented(403, 404))
def get_import(org_id: OrgId, import_id: ImportId) -> ImportStatus:
    from functions.auth import imports

    return imports.get(_caller(), org_id, import_id)


@router.get("/orgs/<orgId>/imports/<importId>/rejected", tags=["Org administration"],
            summary="The rejected rows with their reasons, as a CSV file to download",
            responses=documented(403, 404, 409))
def rejected_rows(org_id: OrgId, import_id: ImportId) -> RejectedRowsFile:
    from functions.auth import imports

    return imports.rejected_rows(_caller(), org_id, import_id)


@router.post("/auth/invitations/redeem", tags=["Registration"],
             summary="Start the registration an invitation code opens (codes to the invited email and mobile)",
             status_code=202, responses={**errors(400, 404, 409, 429),
                                         202: {"description": "The registration, as POST /auth/register answers",
                                               "content": {"application/json": {"model": RegisterResponse}}}})
def redeem_invitation(body: InvitationCode):
    from functions.auth import registration

    return accepted(registration.register_invited(body.code, language(router)))
