"""A word index for prefix search over names and titles, as queries (never scans).

Each searchable entity owns, in its own partition, a copy of the fields a result needs (`payload`) on
each of its token items, so one query answers a search without a second read:

- one item per distinct word: SK `WORD#<word>`, GSI1PK `SEARCH#<scope>#<first two chars>`,
  GSI1SK `<word>#<entityId>` — one-word queries (a prefix of any word);
- with `pair_words=N` (people, courses, communities, events): one item per ORDERED pair of distinct
  words among the first N words: SK `PAIR#<a>#<b>`, GSI1PK `SEARCH#<scope>#P#<a>`, GSI1SK
  `<b>#<entityId>` — so "rajesh kum" is ONE range read (partition `…#P#rajesh`, sort key begins with
  `kum`), whatever the number of Rajeshes. N words give N·(N-1) pair items (5 → 20).

Query semantics in a scope with pairs: the last word of the query is a prefix (the word being typed),
every other word a whole word of the text; word order does not matter (both orders are indexed).
Two words: one range read whose items all match, so items read = items returned (+ duplicates when an
entity has two words with the typed prefix). Three or more: the most selective pair (longest words, a
whole word over the prefix) drives and the other words filter what it reads; the reads go on until the
page is full, the pair's items end or — once the page holds a result — MAX_READS reads were made
(MAX_READS_WITHOUT_RESULT before that). What that costs: the items of the driving pair that miss the
other words (for "anil kumar sharma" the Anil Kumars who are not Sharmas, read FILTERED_READ at a time).

With `fallback=True`, a query whose driving pair no entity has ("raj ran" for Rajeev Ranjan: no name has the
whole word "raj" before a word starting "ran"; a word only in a course's description) is answered by the word
index instead: its longest word drives and every
word is a prefix (the rule of scopes without pairs: orgs, designations and competencies, whose names are
short and few). That read is bounded by MAX_FALLBACK_READS per page and may cost many items per result at
volume: it serves the rare query, the pair index the common one. A search is answered from the pair
index whenever some entity has its driving pair (the word phase's matches are then not shown).

A scope may index words that only filter and find by one word (`more_text`: a course's description).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from boto3.dynamodb.conditions import Key

from karmayogi.platform import cursor as cursor_codec
from karmayogi.platform import db, keys
from karmayogi.platform.errors import bad_request

MIN_QUERY_LENGTH = 2
MAX_WORD_LENGTH = 40  # longer words are cut in keys (a longer query word still matches its first 40 chars)
MAX_WORDS = 40  # distinct words indexed per entity (the title's words first)
MAX_READS = 3  # reads of one page once it holds a result (the request budget of a search)
MAX_READS_WITHOUT_RESULT = 10  # a pair read of a 3+ word query whose other words filter out everything
MAX_FALLBACK_READS = 5  # the word phase (prefix rule) of a multi-word query: reads before it answers
FILTERED_READ = 100  # items asked for by a read after the first (the filter left the page short)
STOP_WORDS = frozenset([
    "a", "an", "and", "the", "of", "in", "on", "for", "to", "with", "by", "at", "from", "is",
    "are", "or", "as", "be", "this", "that", "its", "it", "into", "your", "you", "our", "we",
    "का", "की", "के", "में", "और", "है", "से", "को", "पर", "यह", "एक", "लिए", "तथा", "भी",
])


def _key_word(word: str) -> str:
    return word[:MAX_WORD_LENGTH]


def indexed_words(text: str, more_text: str = "", max_words: int = MAX_WORDS) -> list[str]:
    """The distinct words an entity is found by: every word of `text` of two or more characters, then
    those of `more_text` that are not stop words, at most `max_words`."""
    words = [_key_word(w) for w in keys.words(text) if len(w) >= MIN_QUERY_LENGTH]
    words += [_key_word(w) for w in keys.words(more_text) if len(w) >= MIN_QUERY_LENGTH and w not in STOP_WORDS]
    return list(dict.fromkeys(words))[:max_words]


def token_items(scope: str, owner_pk: str, entity_id: str, text: str, payload: dict[str, Any], *,
                more_text: str = "", pair_words: int = 0, max_words: int = MAX_WORDS) -> list[db.Item]:
    """The token items of an entity (see the module's docstring): a word item for each of its first
    `max_words` words and, with `pair_words` > 0, the pair items of the first `pair_words` words of `text`."""
    words = indexed_words(text, more_text, max_words)
    paired = indexed_words(text)[:pair_words]
    common = {**payload, "PK": owner_pk, "searchScope": scope, "entityId": entity_id,
              "searchText": keys.normalize(text), "searchWords": words}
    items = [{**common, "SK": f"WORD#{word}", "entityType": "SearchToken",
              "GSI1PK": keys.search_token_pk(scope, word), "GSI1SK": f"{word}#{entity_id}"} for word in words]
    items += [{**common, "SK": f"PAIR#{first}#{second}", "entityType": "SearchPairToken",
               "GSI1PK": keys.search_pair_pk(scope, first), "GSI1SK": f"{second}#{entity_id}"}
              for first in paired for second in paired if first != second]
    return items


def rewrite_ops(old_items: Iterable[db.Item], new_items: Iterable[db.Item]) -> list[db.Item]:
    """Transaction operations that replace an entity's token items: a Delete for every old item without a
    successor (same PK and SK) and a Put for every new item that differs from its predecessor."""
    new_list = list(new_items)
    old = {(i["PK"], i["SK"]): i for i in old_items}
    new_keys = {(i["PK"], i["SK"]) for i in new_list}
    ops = [db.delete_op(*key) for key in old if key not in new_keys]
    return ops + [db.put_op(i) for i in new_list if old.get((i["PK"], i["SK"])) != i]


# ---- queries ------------------------------------------------------------------------------------------

def query_words(q: str) -> list[str]:
    return [_key_word(w) for w in keys.words(q) if w]


def valid_query(q: str | None) -> bool:
    """A query of at least MIN_QUERY_LENGTH characters with a word in it."""
    return bool(q and len(q.strip()) >= MIN_QUERY_LENGTH and query_words(q))


def _item_words(item: db.Item) -> list[str]:
    return list(item.get("searchWords") or keys.words(item.get("searchText", "")))


def matches_all(text: str, words: list[str]) -> bool:
    """Every word of `words` starts a word of `text` (the prefix rule of scopes without pairs)."""
    text_words = keys.words(text)
    return all(any(t.startswith(w) for t in text_words) for w in words)


def _matches(item: db.Item, whole: list[str], last: str | None) -> bool:
    words = _item_words(item)
    return (all(w in words for w in whole)
            and (last is None or any(t.startswith(last) for t in words)))


def _prefix_match(item: db.Item, words: list[str]) -> bool:
    text_words = _item_words(item)
    return all(any(t.startswith(w) for t in text_words) for w in words)


@dataclass
class Plan:
    """How a query is read: the GSI1 partition and sort-key prefix, and what the items read must match."""
    partition: str
    prefix: str
    keep: Callable[[db.Item], bool]
    phase: str


@dataclass
class Pair:
    first: str  # a whole word of the query: the partition
    second: str  # another word: the sort-key prefix
    exact: bool  # `second` is a whole word (else the last word, a prefix)


def split_query(q: str) -> tuple[list[str], str | None]:
    """The whole words and the last (prefix) word of a query."""
    words = list(dict.fromkeys(query_words(q)))
    return (words[:-1], words[-1]) if words else ([], None)


def best_pair(q: str) -> Pair | None:
    """The most selective pair of a query of two or more words (longest words, a whole word over the
    prefix); None for one word."""
    whole, last = split_query(q)
    if not whole or last is None:
        return None
    options = [Pair(a, b, b != last) for a in whole for b in [*whole, last] if b != a]
    return max(options, key=lambda o: (len(o.first) + len(o.second) + (2 if o.exact else 0), o.first, o.second))


def pair_plan(scope: str, q: str) -> Plan | None:
    """The pair read of a query of two or more words (None for one word)."""
    pair = best_pair(q)
    if pair is None:
        return None
    whole, last = split_query(q)
    rest_whole = [w for w in whole if w not in (pair.first, pair.second)]
    rest_last = None if last in (pair.first, pair.second) else last
    return Plan(keys.search_pair_pk(scope, pair.first), f"{pair.second}#" if pair.exact else pair.second,
                lambda item: _matches(item, rest_whole, rest_last), "p")


def word_plan(scope: str, q: str) -> Plan | None:
    """The word-index read of a query: its longest word drives, every word is a prefix."""
    words = sorted(dict.fromkeys(query_words(q)), key=len, reverse=True)
    if not words:
        return None
    return Plan(keys.search_token_pk(scope, words[0]), words[0], lambda item: _prefix_match(item, words), "w")


def _start_key(plan: Plan, position: dict[str, Any]) -> dict[str, Any]:
    """The full key a read continues after, from a cursor's short position (the owner's PK and the GSI1 sort
    key: the partition is the plan's, and the token's SK follows from its word(s)), so that a page of four
    types' positions stays well inside a cursor's length, Devanagari included."""
    pk, sort_key = position.get("PK"), position.get("GSI1SK")
    if not isinstance(pk, str) or not isinstance(sort_key, str) or "#" not in sort_key:
        raise bad_request("INVALID_CURSOR", "The cursor is not valid for this list")
    word = sort_key.rsplit("#", 1)[0]
    first = plan.partition.split("#P#", 1)[1] if plan.phase == "p" else None
    return {"PK": pk, "SK": f"PAIR#{first}#{word}" if first is not None else f"WORD#{word}",
            "GSI1PK": plan.partition, "GSI1SK": sort_key}


def _read(plan: Plan, scope_name: str, limit: int, cursor: str | None, filter_expression: Any,
          seen: set[str]) -> tuple[list[db.Item], str | None, int]:
    """Read one plan until the page is full or its items end — or, once the page holds a result, after
    MAX_READS reads; the word phase gives up after MAX_FALLBACK_READS reads without a result. The first
    read asks for what the page lacks; later ones (the filter refused items) for FILTERED_READ items.
    The next cursor is the key of the last item looked at (signed, bound to the query and the phase); the
    items read (before the filters) come third."""
    results: list[db.Item] = []
    reads = scanned = 0
    list_name = f"{scope_name}:{plan.phase}"
    start = _start_key(plan, cursor_codec.decode(cursor, list_name)) if cursor else None
    bound = MAX_FALLBACK_READS if plan.phase == "w" else MAX_READS_WITHOUT_RESULT
    while True:
        size = limit - len(results) if reads == 0 else max(limit - len(results), FILTERED_READ)
        kwargs: dict[str, Any] = {
            "IndexName": keys.GSI1, "Limit": size,
            "KeyConditionExpression": Key("GSI1PK").eq(plan.partition) & Key("GSI1SK").begins_with(plan.prefix),
        }
        if filter_expression is not None:
            kwargs["FilterExpression"] = filter_expression
        if start:
            kwargs["ExclusiveStartKey"] = start
        response = db.table().query(**kwargs)
        reads += 1
        scanned += int(response.get("ScannedCount", 0))
        start = response.get("LastEvaluatedKey")
        for raw in response.get("Items", []):
            item = db.plain(raw)
            if item["entityId"] not in seen and plan.keep(item):
                seen.add(item["entityId"])
                results.append(item)
            if len(results) >= limit:
                start = {k: raw[k] for k in ("PK", "SK", "GSI1PK", "GSI1SK")}
                break
        if start is None or len(results) >= limit or reads >= (MAX_READS if results else bound):
            position = {"PK": start["PK"], "GSI1SK": start["GSI1SK"]} if start else None
            return results, cursor_codec.encode(db.plain(position), list_name) if position else None, scanned


def search_page(scope: str, q: str, *, limit: int, cursor: str | None, pairs: bool = False,
                fallback: bool = False, filter_expression: Any = None, list_scope: str = "") -> db.Page:
    """Entities of `scope` matching `q` (see the module's docstring), each once per page. The cursor
    names its phase ("p" pairs, "w" words) and is bound to the query (400 INVALID_CURSOR otherwise)."""
    name = f"search:{scope}:{keys.normalize(q)}:{list_scope}"
    pair = pair_plan(scope, q) if pairs else None
    words = word_plan(scope, q) if pair is None or fallback else None
    plan = pair or words
    if plan is None:  # e.g. "!!": no word characters, nothing can match
        return db.Page([], None)
    position: str | None = None
    if cursor:
        phase, _, position = cursor.partition(".")
        plan = pair if phase == "p" else words if phase == "w" else None
        if plan is None or not position:
            raise bad_request("INVALID_CURSOR", "The cursor is not valid for this list")
    results, after, scanned = _read(plan, name, limit, position, filter_expression, set())
    if scanned == 0 and cursor is None and plan is pair and words is not None:
        # no entity has the pair (with whole words): every word a prefix, through the word index
        plan = words
        results, after, _ = _read(plan, name, limit, None, filter_expression, set())
    return db.Page(results, f"{plan.phase}.{after}" if after else None)
