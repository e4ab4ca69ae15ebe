"""`GET /search`: one search across courses, people, communities and events (API.md v2 "Search"). No
HTTP, no boto3: the reads are the shared word index's (karmayogi.domain.search), one per type.

Why the network hub: it owns the people directory and its index already, its routes are the read-only
"find someone / something" side of the platform, and the other hubs' indexes are token items of the same
table that any hub may read. Each owner writes its tokens in its own transactions: the learning hub while
a course is Live, the discussion hub with a community, the events hub while an event is published, the
auth hub with a member's profile.

Visibility: a course is found only while Live (its tokens go when it is retired); an event only while
published, and an event for one org's audience only by that org's people (as `GET /events`); people who
blocked the caller or whom the caller blocked are left out, and suspended or pending members have no
tokens; communities are found as `GET /communities` lists them (open and private; a private community's
topics stay for its members).

A page without `type` merges the types in a fixed order (course, person, community, event), each type
given an equal share of what the page still lacks (rounded up: a type that finds fewer leaves its places to
the next types, so no page is empty while a type has more); the cursor holds each type's own
position (`type:position`, joined by `~`; a type absent from it is exhausted), and every position is
signed and bound to the query, so a page never repeats or skips a result of a type."""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Attr

from functions.network import repository
from functions.network.models import SearchResult, SearchType
from karmayogi.domain import people_index, search
from karmayogi.platform import db, keys
from karmayogi.platform.errors import AppError, bad_request
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf

Item = dict[str, Any]
TYPES: tuple[SearchType, ...] = ("course", "person", "community", "event")
SCOPES: dict[str, str] = {"course": keys.COURSE_SEARCH_SCOPE, "person": people_index.PERSON_SCOPE,
                          "community": "COMMUNITY", "event": "EVENT"}
SNIPPET_CHARS = 160


def _invalid_cursor() -> AppError:
    return bad_request("INVALID_CURSOR", "The cursor is not valid for this list")


def _snippet(text: Any) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS - 1].rstrip() + "…"


def _org_of(caller: Caller) -> str | None:
    try:
        return caller.org_id
    except AppError:
        return None


def _event_filter(caller: Caller) -> Any:
    if caller.is_spv_admin:
        return None
    org_id = _org_of(caller)
    everyone = Attr("audience").eq("all")
    return everyone | Attr("orgId").eq(org_id) if org_id else everyone


def _positions(cursor: str | None, wanted: tuple[SearchType, ...]) -> dict[SearchType, str | None]:
    """Each type still to read and its position (None: from the start)."""
    if cursor is None:
        return dict.fromkeys(wanted, None)
    positions: dict[SearchType, str | None] = {}
    for part in cursor.split("~"):
        kind, colon, position = part.partition(":")
        if not colon or kind not in wanted or kind in positions:
            raise _invalid_cursor()
        positions[kind] = position or None
    if not positions:
        raise _invalid_cursor()
    return positions


def _read(caller: Caller, kind: SearchType, q: str, limit: int, position: str | None) -> db.Page:
    filter_expression = _event_filter(caller) if kind == "event" else None
    list_scope = f"search:{_org_of(caller) or ''}:{caller.is_spv_admin}" if kind == "event" else "search"
    return search.search_page(SCOPES[kind], q, limit=limit, cursor=position, pairs=True, fallback=True,
                              filter_expression=filter_expression, list_scope=list_scope)


def _results(caller: Caller, found: dict[SearchType, list[Item]]) -> list[SearchResult]:
    people = found.get("person", [])
    if people:
        blocked, blocked_by, _ = repository.relations(caller.user_id, [p["userId"] for p in people])
        people = [p for p in people if p["userId"] not in blocked and p["userId"] not in blocked_by]
    names = repository.org_names([p["orgId"] for p in people])
    results: list[SearchResult] = []
    for kind in TYPES:
        for item in people if kind == "person" else found.get(kind, []):
            results.append(_result(kind, item, names))
    return results


def _result(kind: SearchType, item: Item, org_names: dict[str, str]) -> SearchResult:
    if kind == "person":
        where = [item.get("designation"), org_names.get(item["orgId"], item["orgId"])]
        return SearchResult(type=kind, id=item["userId"], title=item["name"],
                            snippet=_snippet(" · ".join(str(w) for w in where if w)))
    if kind == "event":
        return SearchResult(type=kind, id=item["id"], title=item["title"],
                            snippet=_snippet(f"{item['startTime'][:10]} · {item.get('description', '')}"),
                            starts_at=item["startTime"])
    title = item["title"] if kind == "course" else item["name"]
    return SearchResult(type=kind, id=item["id"], title=title, snippet=_snippet(item.get("description")))


def search_all(caller: Caller, q: str | None, kind: SearchType | None, limit: int,
               cursor: str | None) -> PageOf[SearchResult]:
    """One page of results of every type (or of `kind`), as the module's docstring says."""
    if not search.valid_query(q):
        raise bad_request("QUERY_TOO_SHORT", f"Search needs at least {search.MIN_QUERY_LENGTH} characters")
    assert q is not None
    positions = _positions(cursor, (kind,) if kind else TYPES)
    kinds = [k for k in TYPES if k in positions]
    found: dict[SearchType, list[Item]] = {}
    after: list[str] = []
    remaining = limit
    for number, current in enumerate(kinds):
        share = -(-remaining // (len(kinds) - number))  # an equal share of what is left, rounded up
        if share == 0:  # the page is full: this type waits for the next page
            after.append(f"{current}:{positions[current] or ''}")
            continue
        page = _read(caller, current, q, share, positions[current])
        found[current] = page.items
        remaining -= len(page.items)
        if page.next_cursor:
            after.append(f"{current}:{page.next_cursor}")
    return PageOf[SearchResult](items=_results(caller, found), next_cursor="~".join(after) or None)
