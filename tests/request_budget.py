"""Counting the DynamoDB requests a block makes, by operation: the request budgets of issue 8 pinned per
route in the hubs' tests (bench/dynamodb_work.py measures the same for the whole journey)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from karmayogi.platform import db


@contextmanager
def counting() -> Iterator[Counter[str]]:
    """Count the DynamoDB requests made inside the block, by operation (GetItem, TransactWriteItems …)."""
    calls: Counter[str] = Counter()
    events = db.client().meta.events

    def count(model: Any, **_: Any) -> None:
        calls[model.name] += 1

    events.register("before-call.dynamodb", count, unique_id="test-request-budget")
    try:
        yield calls
    finally:
        events.unregister("before-call.dynamodb", unique_id="test-request-budget")
