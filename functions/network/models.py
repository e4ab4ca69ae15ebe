"""Request and response models of the network hub: people, connections, blocks, recommendations.

A person as shown to others never carries email, mobile or employee id: these models simply have no
such fields, and the service builds them field by field from the profile."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from karmayogi.platform.models import CamelModel, RequestModel

ConnectionListStatus = Literal["pending", "received", "established"]
ConnectionStatus = Literal["PENDING", "ESTABLISHED", "REJECTED", "WITHDRAWN", "REMOVED", "BLOCKED"]
Relationship = Literal["NONE", "SELF", "PENDING", "RECEIVED", "ESTABLISHED"]
Reason = Literal["SAME_ORG_AND_DESIGNATION", "SHARED_COMPETENCIES", "MUTUAL_CONNECTIONS"]
UserId = Annotated[str, Field(min_length=1, max_length=64)]


class PersonSummary(CamelModel):
    user_id: str
    name: str
    org_id: str
    org_name: str | None = None
    designation_id: str | None = None
    designation: str | None = None


class CompetencyLevel(CamelModel):
    competency_id: str
    level: int


class ShownCertificate(CamelModel):
    """A certificate on a public profile (its verification page: /certificates/{id})."""

    id: str
    course_title: str
    issued_at: str
    kind: Literal["course", "event"] = "course"


class PublicProfile(PersonSummary):
    karma_points: int = 0
    competencies: list[CompetencyLevel] = []
    connection_count: int = 0
    relationship: Relationship = "NONE"
    connection_id: str | None = None
    blocked_by_you: bool = False
    certificates: list[ShownCertificate] | None = Field(
        default=None, description="The person's latest certificates (not revoked), only when they chose to show "
                                  "them (PATCH /me showCertificates); null otherwise")


class ConnectionCreate(RequestModel):
    user_id: UserId


class Connection(CamelModel):
    connection_id: str
    status: ConnectionStatus
    requester_id: str
    recipient_id: str
    created_at: str
    updated_at: str


class ConnectionListItem(CamelModel):
    connection_id: str
    status: Literal["PENDING", "ESTABLISHED"]
    direction: Literal["SENT", "RECEIVED"]
    person: PersonSummary
    created_at: str
    updated_at: str


class BlockResult(CamelModel):
    user_id: str
    blocked: bool


class Recommendation(PersonSummary):
    reasons: list[Reason]
    mutual_connections: int = 0
    shared_competencies: list[str] = []


SearchType = Literal["course", "person", "community", "event"]


class SearchResult(CamelModel):
    """One result of `GET /search`: what it is, its id (the course, user, community or event id), a title
    and a line of context (a course's or community's description, a person's designation and org, an
    event's date and description)."""

    type: SearchType
    id: str
    title: str
    snippet: str = ""
    starts_at: str | None = Field(default=None, description="events: the start time (UTC, ISO 8601)")
