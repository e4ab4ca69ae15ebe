"""Request models of the managed directory (SPV_ADMIN): organisations and designations added and edited
through the API (functions/auth/org_directory_admin.py)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from functions.auth import contacts
from functions.auth.models import Id, OrgType
from karmayogi.platform import keys
from karmayogi.platform.models import RequestModel

MAX_DOMAINS = 10
MAX_NAME_WORDS = 20  # a rename deletes and puts search tokens in the org's one transaction (≤ 100 items)

Name = Annotated[str, Field(min_length=2, max_length=150)]
NameHi = Annotated[str, Field(min_length=1, max_length=150, description="The name in Hindi (Devanagari)")]
Version = Annotated[int, Field(ge=0, description="The version the edit was made from (409 CONFLICT when it "
                                              "changed meanwhile)")]


def _name(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = " ".join(value.split())
    if not cleaned.isprintable() or not any(c.isalpha() for c in cleaned):
        raise ValueError("must be a name: printable text with at least one letter")
    if len(keys.words(cleaned)) > MAX_NAME_WORDS:
        raise ValueError(f"has more than {MAX_NAME_WORDS} words")
    return cleaned


def _domains(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    domains = [contacts.normalize_domain(raw) for raw in value]
    if len(set(domains)) != len(domains):
        raise ValueError("lists a domain twice")
    return domains


class OrgCreate(RequestModel):
    name: Name
    name_hi: NameHi | None = None
    type: OrgType
    parent_id: Id | None = Field(default=None, description="The org this one belongs to (it must exist)")
    email_domains: Annotated[list[Annotated[str, Field(max_length=253)]], Field(max_length=MAX_DOMAINS)] = Field(
        default=[], description="The org's own email domains (lower-cased; each owned by one org; not gov.in or "
                                "nic.in as a whole)")

    _names = field_validator("name", "name_hi")(_name)
    _valid_domains = field_validator("email_domains")(_domains)


class OrgUpdate(RequestModel):
    """Only the fields given change; `parentId: null` makes the org top-level."""

    name: Name | None = None
    name_hi: NameHi | None = None
    type: OrgType | None = None
    parent_id: Id | None = None
    email_domains: Annotated[list[Annotated[str, Field(max_length=253)]], Field(max_length=MAX_DOMAINS)] | None = None
    version: Version | None = None

    _names = field_validator("name", "name_hi")(_name)
    _valid_domains = field_validator("email_domains")(_domains)


class DesignationCreate(RequestModel):
    name: Annotated[str, Field(min_length=2, max_length=100)]
    name_hi: Annotated[str, Field(min_length=1, max_length=100)] | None = None

    _names = field_validator("name", "name_hi")(_name)


class DesignationUpdate(RequestModel):
    name: Annotated[str, Field(min_length=2, max_length=100)] | None = None
    name_hi: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    version: Version | None = None

    _names = field_validator("name", "name_hi")(_name)
