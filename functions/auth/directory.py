"""The public directory: organisations and designations, listed, searched and looked up."""

from __future__ import annotations

from functions.auth import repository
from functions.auth.models import Designation, Org, OrgType
from karmayogi.domain import search
from karmayogi.platform.errors import bad_request, not_found
from karmayogi.platform.models import PageOf


def _check_query(q: str) -> None:
    if len(q.strip()) < search.MIN_QUERY_LENGTH:
        raise bad_request("QUERY_TOO_SHORT", f"Search needs at least {search.MIN_QUERY_LENGTH} characters")


def list_orgs(
    org_type: OrgType | None, parent_id: str | None, q: str | None, limit: int, cursor: str | None
) -> PageOf[Org]:
    if q:
        _check_query(q)
        page = repository.search_orgs(q, limit, cursor)
        items = [
            item
            for item in page.items
            if (org_type is None or item["type"] == org_type)
            and (parent_id is None or item.get("parentId") == parent_id)
        ]
    else:
        page = repository.list_orgs(org_type, parent_id, limit, cursor)
        items = [item for item in page.items if org_type is None or item["type"] == org_type]
    return PageOf[Org](items=[Org.model_validate(item) for item in items], next_cursor=page.next_cursor)


def get_org(org_id: str) -> Org:
    item = repository.get_org(org_id)
    if item is None:
        raise not_found("The organisation")
    return Org.model_validate(item)


def list_designations(q: str | None, limit: int, cursor: str | None) -> PageOf[Designation]:
    if q:
        _check_query(q)
        page = repository.search_designations(q, limit, cursor)
    else:
        page = repository.list_designations(limit, cursor)
    return PageOf[Designation](
        items=[Designation.model_validate(item) for item in page.items], next_cursor=page.next_cursor
    )
