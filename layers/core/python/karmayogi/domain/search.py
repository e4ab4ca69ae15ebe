"""A word index for prefix search over names and titles, as queries (never scans).

Each searchable entity owns one token item per distinct word of its text: PK = the entity's PK,
SK = `WORD#<word>`, GSI1PK = `SEARCH#<scope>#<first two chars>`, GSI1SK = `<word>#<entityId>`, plus
a copy of the fields a result needs (`payload`), so one query answers a search without a second read.
A query needs at least two characters; further words of the query narrow the results to entities whose
text has a word starting with each of them."""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Key

from karmayogi.platform import db, keys

MIN_QUERY_LENGTH = 2


def token_items(scope: str, owner_pk: str, entity_id: str, text: str, payload: dict[str, Any]) -> list[db.Item]:
    items = []
    for word in keys.words(text):
        if len(word) < MIN_QUERY_LENGTH:
            continue
        items.append(
            {
                **payload,
                "PK": owner_pk,
                "SK": f"WORD#{word}",
                "entityType": "SearchToken",
                "searchScope": scope,
                "entityId": entity_id,
                "searchText": keys.normalize(text),
                "GSI1PK": keys.search_token_pk(scope, word),
                "GSI1SK": f"{word}#{entity_id}",
            }
        )
    return items


def query_words(q: str) -> list[str]:
    return [w for w in keys.words(q) if w]


def matches_all(text: str, words: list[str]) -> bool:
    text_words = keys.words(text)
    return all(any(t.startswith(w) for t in text_words) for w in words)


def search_page(scope: str, q: str, *, limit: int, cursor: str | None) -> db.Page:
    """Entities of `scope` with a word starting with each word of `q` (the longest word drives the
    query). Results are token items; an entity appears once per page even when several of its words
    match."""
    words = sorted(query_words(q), key=len, reverse=True)
    if not words:  # e.g. "!!": no word characters, nothing can match
        return db.Page([], None)
    lead = words[0]
    page = db.query_page(
        Key("GSI1PK").eq(keys.search_token_pk(scope, lead)) & Key("GSI1SK").begins_with(lead),
        index=keys.GSI1,
        scope=f"search:{scope}:{keys.normalize(q)}",
        limit=limit,
        cursor=cursor,
    )
    seen: set[str] = set()
    results = []
    for item in page.items:
        if item["entityId"] in seen or not matches_all(item.get("searchText", ""), words[1:]):
            continue
        seen.add(item["entityId"])
        results.append(item)
    return db.Page(results, page.next_cursor)
