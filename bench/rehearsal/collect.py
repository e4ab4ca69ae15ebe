"""Turning the platform's own write operations into items for a bulk load.

The hubs build their items inside transactions (`db.put_op`, `db.update_op`, `db.transact`). The rehearsal
calls the same builders and repository functions, but with `db.transact` replaced by `Collector.capture`, so
nothing is written one transaction at a time: Puts become items, the simple Updates the builders use
(`ADD a :x, b :y SET c = :z, #d = :w`) are folded into the item they address, ConditionChecks and Deletes
are dropped (a fresh table has nothing to check or delete). The items then go to the table with
BatchWriteItem from several threads (`write_all`)."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

Item = dict[str, Any]
_CLAUSE = re.compile(r"\b(ADD|SET)\s+")


class Collector:
    """Items by (PK, SK) built from captured transaction operations."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], Item] = {}

    def put(self, item: Item) -> None:
        self.items[(item["PK"], item["SK"])] = dict(item)

    def apply(self, operations: Iterable[Item]) -> None:
        for operation in operations:
            (kind, body), = ((k, v) for k, v in operation.items() if k in ("Put", "Update", "Delete", "ConditionCheck"))
            if kind == "Put":
                self.put(body["Item"])
            elif kind == "Update":
                self._update(body)

    def _update(self, body: Item) -> None:
        key = (body["Key"]["PK"], body["Key"]["SK"])
        item = self.items.setdefault(key, {"PK": key[0], "SK": key[1]})
        names: dict[str, str] = body.get("ExpressionAttributeNames", {})
        values: dict[str, Any] = body.get("ExpressionAttributeValues", {})
        parts = _CLAUSE.split(body["UpdateExpression"].strip())
        for action, text in zip(parts[1::2], parts[2::2], strict=True):
            for clause in (c.strip() for c in text.split(",") if c.strip()):
                if action == "ADD":
                    name, value = clause.split()
                    attribute = names.get(name, name)
                    item[attribute] = item.get(attribute, 0) + values[value]
                else:
                    name, value = (s.strip() for s in clause.split("=", 1))
                    if not value.startswith(":"):
                        raise ValueError(f"unsupported SET clause in a bulk load: {clause!r}")
                    item[names.get(name, name)] = values[value]

    @contextmanager
    def capture(self) -> Iterator[Collector]:
        """Inside the block, `db.transact` (used by the repositories) collects instead of writing."""
        from karmayogi.platform import db

        original = db.transact

        def transact(operations: Any, **_: Any) -> None:
            self.apply(operations)

        db.transact = transact
        try:
            yield self
        finally:
            db.transact = original

    def drain(self) -> list[Item]:
        items = [_numbers(i) for i in self.items.values()]
        self.items = {}
        return items


def _numbers(item: Item) -> Item:
    """Floats are not DynamoDB numbers: Decimal them (ints stay)."""
    return {k: Decimal(str(v)) if isinstance(v, float) else v for k, v in item.items()}


class Writer:
    """BatchWriteItem (boto3's batch writer: 25 items a request, unprocessed items retried) from a pool of
    threads; counts items and prints progress."""

    def __init__(self, threads: int, progress: Callable[[str], None] | None = print) -> None:
        self.pool = ThreadPoolExecutor(threads, thread_name_prefix="writer")
        self.threads = threads
        self.written = 0
        self.started = time.perf_counter()
        self._lock = threading.Lock()
        self._pending: list[Any] = []
        self._progress = progress
        self._next_report = 100_000

    def submit(self, items: list[Item]) -> None:
        # backpressure: at most 2 chunks a thread in flight (memory stays flat at 1 M users)
        while len(self._pending) >= 2 * self.threads:
            self._pending.pop(0).result()
        self._pending.append(self.pool.submit(self._put, items))

    def _put(self, items: list[Item]) -> None:
        from karmayogi.platform import db

        with db.table().batch_writer(overwrite_by_pkeys=["PK", "SK"]) as writer:
            for item in items:
                writer.put_item(Item=item)
        with self._lock:
            self.written += len(items)
            if self._progress and self.written >= self._next_report:
                self._next_report += 100_000
                self._progress(f"  {self.written:,} items written ({self.rate():,.0f} items/s)")

    def rate(self) -> float:
        return self.written / max(1e-9, time.perf_counter() - self.started)

    def finish(self) -> float:
        for future in self._pending:
            future.result()
        self._pending = []
        self.pool.shutdown()
        return time.perf_counter() - self.started
