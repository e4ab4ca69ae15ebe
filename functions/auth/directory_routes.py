"""HTTP routes of the managed directory (SPV_ADMIN): add and edit organisations and designations. A
Powertools router the auth hub's resolver includes (functions/auth/handler.py); the rules are in
functions/auth/org_directory_admin.py, imported when a route is first called (cold start, as in handler.py)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body, Path

from functions.auth.directory_models import DesignationCreate, DesignationUpdate, OrgCreate, OrgUpdate
from functions.auth.models import Designation, Org
from karmayogi.platform.api import caller, created, documented, errors, idempotent

router = Router()

OrgId = Annotated[str, Path(alias="orgId", max_length=64)]
DesignationId = Annotated[str, Path(alias="designationId", max_length=80)]
TAGS = ["Directory administration"]


@router.post("/orgs", tags=TAGS, summary="Add an organisation (SPV_ADMIN)", status_code=201,
             middlewares=[idempotent],
             description="`parentId` must exist; each email domain is owned by one organisation (409 DOMAIN_TAKEN); "
                         "gov.in and nic.in themselves are shared (400 SHARED_DOMAIN).",
             responses={**errors(403, 409),
                        201: {"description": "The organisation", "content": {"application/json": {"model": Org}}}})
def create_org(body: Annotated[OrgCreate, Body()]):
    from functions.auth import org_directory_admin

    return created(org_directory_admin.create_org(caller(router), body))


@router.patch("/orgs/<orgId>", tags=TAGS, summary="Edit an organisation (SPV_ADMIN)",
              description="Only the fields given change. A domain dropped from the list is freed for other "
                          "organisations; a new parent must exist and may not be the organisation or inside it "
                          "(400 PARENT_CYCLE).",
              responses=documented(403, 404, 409))
def update_org(org_id: OrgId, body: Annotated[OrgUpdate, Body()]) -> Org:
    from functions.auth import org_directory_admin

    return org_directory_admin.update_org(caller(router), org_id, body)


@router.post("/designations", tags=TAGS, summary="Add a designation (SPV_ADMIN; names are unique)",
             status_code=201, middlewares=[idempotent],
             responses={**errors(403, 409),
                        201: {"description": "The designation",
                              "content": {"application/json": {"model": Designation}}}})
def create_designation(body: Annotated[DesignationCreate, Body()]):
    from functions.auth import org_directory_admin

    return created(org_directory_admin.create_designation(caller(router), body))


@router.patch("/designations/<designationId>", tags=TAGS, summary="Rename a designation (SPV_ADMIN)",
              responses=documented(403, 404, 409))
def update_designation(designation_id: DesignationId, body: Annotated[DesignationUpdate, Body()]) -> Designation:
    from functions.auth import org_directory_admin

    return org_directory_admin.update_designation(caller(router), designation_id, body)
