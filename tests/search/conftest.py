"""Fixtures of the search tests: the table-only moto of the network tests, people with their index, and a
counter of the DynamoDB requests and of the items they read (ScannedCount) inside a block."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from karmayogi.platform import db
from tests.network.conftest import person, resources  # noqa: F401 - shared fixtures


@contextmanager
def reading() -> Iterator[Counter[str]]:
    """Count the requests inside the block by operation, and `items` read by Query (ScannedCount: what a
    read costs, before any filter) and by BatchGetItem (the items it returned)."""
    counts: Counter[str] = Counter()
    events = db.client().meta.events

    def before(model: Any, **_: Any) -> None:
        counts[model.name] += 1

    def after(model: Any, parsed: dict[str, Any], **_: Any) -> None:
        if model.name == "Query":
            counts["items"] += int(parsed.get("ScannedCount", 0))
        elif model.name == "BatchGetItem":
            counts["items"] += sum(len(v) for v in parsed.get("Responses", {}).values())

    events.register("before-call.dynamodb", before, unique_id="search-reading-before")
    events.register("after-call.dynamodb", after, unique_id="search-reading-after")
    try:
        yield counts
    finally:
        events.unregister("before-call.dynamodb", unique_id="search-reading-before")
        events.unregister("after-call.dynamodb", unique_id="search-reading-after")


def requests(counts: Counter[str]) -> int:
    return sum(v for k, v in counts.items() if k != "items")
