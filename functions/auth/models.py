"""Request, response and item models of the auth hub (directory, registration, login, profile)."""

from __future__ import annotations

from typing import Literal

from karmayogi.models import CamelModel

OrgType = Literal["ministry", "department", "state", "organisation"]


class Health(CamelModel):
    status: Literal["ok"] = "ok"


class Org(CamelModel):
    id: str
    name: str
    type: OrgType
    parent_id: str | None = None
    email_domains: list[str]
    name_hi: str | None = None


class Designation(CamelModel):
    id: str
    name: str
