"""HTTP routes of the auth hub: health, directory, registration, login, profile, org administration."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from functions.auth import service
from functions.auth.models import Designation, Health, Org, OrgType
from karmayogi.api import lambda_entry, make_resolver
from karmayogi.models import DEFAULT_LIMIT, MAX_LIMIT, PageOf

app = make_resolver()

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str | None, Query(max_length=2048)]


@app.get("/health", tags=["Meta"], summary="Liveness")
def health() -> Health:
    return Health()


@app.get("/orgs", tags=["Directory"], summary="Ministries, departments, states and organisations")
def list_orgs(
    type: Annotated[OrgType | None, Query()] = None,  # noqa: A002 - the contract's parameter name
    parent_id: Annotated[str | None, Query(alias="parentId", max_length=64)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[Org]:
    return service.list_orgs(type, parent_id, q, limit, cursor)


@app.get("/orgs/<orgId>", tags=["Directory"], summary="One organisation")
def get_org(org_id: Annotated[str, Path(alias="orgId", max_length=64)]) -> Org:
    return service.get_org(org_id)


@app.get("/designations", tags=["Directory"], summary="Designations")
def list_designations(
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[Designation]:
    return service.list_designations(q, limit, cursor)


handler = lambda_entry(app)
