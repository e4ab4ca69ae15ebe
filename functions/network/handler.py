"""HTTP routes of the network hub: people search, public profiles, connections, blocks and
recommendations. Thin: parse, call one service function, return a model."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from functions.network import finder, service
from functions.network.models import (
    BlockResult,
    Connection,
    ConnectionCreate,
    ConnectionListItem,
    ConnectionListStatus,
    PersonSummary,
    PublicProfile,
    Recommendation,
    SearchResult,
    SearchType,
)
from karmayogi.platform.api import (
    Cursor,
    Limit,
    caller,
    documented,
    errors,
    idempotent,
    lambda_entry,
    make_resolver,
    no_content,
)
from karmayogi.platform.models import DEFAULT_LIMIT, PageOf

app = make_resolver()

UserId = Annotated[str, Path(alias="userId", max_length=64)]
ConnectionId = Annotated[str, Path(alias="connectionId", max_length=64)]
TAGS = ["Network"]
MAX_RECOMMENDATIONS = 50


@app.get("/people", tags=TAGS, summary="Search people by name prefix, org and designation")
def search_people(
    q: Annotated[str | None, Query(max_length=100)] = None,
    org_id: Annotated[str | None, Query(alias="orgId", max_length=64)] = None,
    designation: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[PersonSummary]:
    return service.search_people(caller(app), q, org_id, designation, limit, cursor)


@app.get("/people/recommended", tags=TAGS, summary="People you may know")
def recommended(
    limit: Annotated[int, Query(ge=1, le=MAX_RECOMMENDATIONS)] = DEFAULT_LIMIT,
) -> PageOf[Recommendation]:
    return service.recommended(caller(app), limit)


@app.get("/people/<userId>", tags=TAGS, summary="A public profile (never email or mobile)",
         responses=documented(404))
def get_person(user_id: UserId) -> PublicProfile:
    return service.get_person(caller(app), user_id)


@app.post("/people/<userId>/block", tags=TAGS, summary="Block a user (ends any connection or request)",
          responses=documented(404, 409))
def block(user_id: UserId) -> BlockResult:
    return service.block(caller(app), user_id)


@app.delete("/people/<userId>/block", tags=TAGS, summary="Unblock a user", status_code=204,
            responses={204: {"description": "Unblocked"}})
def unblock(user_id: UserId):  # no return annotation: with one, the empty 204 body became "null"
    service.unblock(caller(app), user_id)
    return no_content()


@app.post("/connections", tags=TAGS, summary="Ask to connect", status_code=201, middlewares=[idempotent],
          responses={**errors(404, 409), 201: {"description": "Requested"}})
def request_connection(request: ConnectionCreate) -> Connection:
    return service.request_connection(caller(app), request.user_id)


@app.get("/connections", tags=TAGS, summary="Your connections: pending (sent), received, established")
def list_connections(
    status: Annotated[ConnectionListStatus, Query()] = "established",
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[ConnectionListItem]:
    return service.list_connections(caller(app), status, limit, cursor)


@app.post("/connections/<connectionId>/accept", tags=TAGS, summary="Accept a request (the recipient)",
          responses=documented(403, 404, 409))
def accept(connection_id: ConnectionId) -> Connection:
    return service.respond(caller(app), connection_id, accept=True)


@app.post("/connections/<connectionId>/reject", tags=TAGS, summary="Reject a request (the recipient)",
          responses=documented(403, 404, 409))
def reject(connection_id: ConnectionId) -> Connection:
    return service.respond(caller(app), connection_id, accept=False)


@app.delete("/connections/<connectionId>", tags=TAGS,
            summary="Withdraw a pending request (requester) or remove a connection (either party)", status_code=204,
            responses={**errors(403, 404, 409), 204: {"description": "Withdrawn or removed"}})
def delete_connection(connection_id: ConnectionId):  # no return annotation: with one, the empty 204 body became "null"
    service.delete_connection(caller(app), connection_id)
    return no_content()


@app.get("/search", tags=["Search"], responses=documented(),
         summary="Search courses, people, communities and events (every word of q; the last one a prefix)")
def search_everything(
    q: Annotated[str, Query(max_length=100, description="at least 2 characters; English or Hindi")],
    kind: Annotated[SearchType | None, Query(alias="type", description="only this type")] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[SearchResult]:
    return finder.search_all(caller(app), q, kind, limit, cursor)


handler = lambda_entry(app)
