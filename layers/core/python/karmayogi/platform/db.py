"""DynamoDB access shared by every hub's repository: the lazily created table, paging with opaque
cursors, versioned writes and transactions whose cancellation reasons become conflicts.

Repositories are the only callers; services never see boto3.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from botocore.exceptions import ClientError

from karmayogi.platform import aws
from karmayogi.platform import cursor as cursor_codec
from karmayogi.platform.errors import unavailable
from karmayogi.platform.settings import get_settings

Item = dict[str, Any]

_table: tuple[Any, Any] | None = None  # (the resource it came from, the Table)

THROTTLING_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "InternalServerError",
        "ServiceUnavailable",
        "LimitExceededException",
    }
)


class ConditionFailed(Exception):
    """A write's condition did not hold. A domain outcome, not an HTTP answer: the repository lets it
    through (or turns it into its own outcome) and the service decides what the client is told.

    `reason` names what failed: the name of the first transaction operation whose condition failed
    (`Op.name`), or for single writes "exists" (`create`), "missing" or "stale" (`update_if_version`).
    `failed` names every failed operation, in the transaction's order."""

    def __init__(self, reason: str, failed: Sequence[str] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.failed = tuple(failed) or (reason,)


class Op(dict[str, Any]):
    """One `TransactWriteItems` entry with a name (`Op.name`) that says what it is ("seat", "enrolment",
    "guard:email"...). boto3 sends the dict; the name is how a failed condition is reported
    (`ConditionFailed.reason`), never the operation's position in the list."""

    name: str

    def __init__(self, name: str, request: Item) -> None:
        super().__init__(request)
        self.name = name


def resource() -> Any:
    """The DynamoDB service resource of this container (karmayogi.platform.aws)."""
    return aws.resource("dynamodb")


def table() -> Any:
    global _table  # noqa: PLW0603 - one Table object per resource (house rule 2, docs/architecture.md)
    current = resource()
    if _table is None or _table[0] is not current:
        _table = (current, current.Table(get_settings().table_name))
    return _table[1]


def client() -> Any:
    """The low-level client behind the resource; it accepts plain Python values (the resource's
    serializers are registered on it), which is what transactions use."""
    return resource().meta.client


def reset_clients() -> None:
    """Forget cached clients (tests switch between mocked accounts)."""
    global _table  # noqa: PLW0603
    _table = None
    aws.reset()


def plain(value: Any) -> Any:
    """DynamoDB numbers come back as Decimal; turn them into int/float, recursively."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, set):
        return {plain(v) for v in value}
    return value


def is_throttling(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code", "") in THROTTLING_CODES


def get(pk: str, sk: str, consistent: bool = False) -> Item | None:
    response = table().get_item(Key={"PK": pk, "SK": sk}, ConsistentRead=consistent)
    item = response.get("Item")
    return plain(item) if item is not None else None


def batch_get(keys: Sequence[tuple[str, str]], *, consistent: bool = False) -> list[Item]:
    """Fetch up to 100 items by key in one request (order not preserved; missing keys skipped);
    `consistent` makes every read of the batch strongly consistent."""
    if not keys:
        return []
    unique = list(dict.fromkeys(keys))
    name = get_settings().table_name
    items: list[Item] = []
    for start in range(0, len(unique), 100):
        request: dict[str, Any] = {
            name: {"Keys": [{"PK": pk, "SK": sk} for pk, sk in unique[start : start + 100]]}
        }
        if consistent:
            request[name]["ConsistentRead"] = True
        for attempt in range(5):
            response = resource().batch_get_item(RequestItems=request)
            items.extend(plain(i) for i in response.get("Responses", {}).get(name, []))
            request = response.get("UnprocessedKeys") or {}
            if not request:
                break
            time.sleep(0.05 * (2**attempt))
        if request:
            raise unavailable()
    return items


class Page:
    """One page of a query: the items and the opaque cursor of the next page (None at the end)."""

    def __init__(self, items: list[Item], next_cursor: str | None) -> None:
        self.items = items
        self.next_cursor = next_cursor


def query_page(
    key_condition: Any,
    *,
    scope: str,
    limit: int,
    cursor: str | None = None,
    index: str | None = None,
    forward: bool = True,
    filter_expression: Any = None,
    consistent: bool = False,
) -> Page:
    """Query one page. `scope` names the list (e.g. "orgs:ministry"); a cursor made for another scope,
    or altered in any way, is refused with 400 INVALID_CURSOR."""
    kwargs: dict[str, Any] = {
        "KeyConditionExpression": key_condition,
        "Limit": limit,
        "ScanIndexForward": forward,
    }
    if index:
        kwargs["IndexName"] = index
    if filter_expression is not None:
        kwargs["FilterExpression"] = filter_expression
    if consistent and not index:
        kwargs["ConsistentRead"] = True
    if cursor:
        kwargs["ExclusiveStartKey"] = cursor_codec.decode(cursor, scope)
    response = table().query(**kwargs)
    items = [plain(i) for i in response.get("Items", [])]
    last_key = response.get("LastEvaluatedKey")
    next_cursor = cursor_codec.encode(plain(last_key), scope) if last_key else None
    return Page(items, next_cursor)


def query_all(key_condition: Any, *, index: str | None = None, forward: bool = True, max_items: int = 1000) -> list[Item]:
    """Every item of one (small, bounded) item collection, e.g. a course's modules."""
    kwargs: dict[str, Any] = {"KeyConditionExpression": key_condition, "ScanIndexForward": forward}
    if index:
        kwargs["IndexName"] = index
    items: list[Item] = []
    while True:
        response = table().query(**kwargs)
        items.extend(plain(i) for i in response.get("Items", []))
        last_key = response.get("LastEvaluatedKey")
        if not last_key or len(items) >= max_items:
            return items[:max_items]
        kwargs["ExclusiveStartKey"] = last_key


def create(item: Item) -> None:
    """Create an item that must not exist yet (PK+SK); `ConditionFailed("exists")` when it does."""
    try:
        table().put_item(Item=item, ConditionExpression="attribute_not_exists(PK)")
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            raise ConditionFailed("exists") from error
        raise


def update_if_version(pk: str, sk: str, expected_version: int, changes: Mapping[str, Any], *,
                      remove: Sequence[str] = ()) -> Item:
    """Set `changes` on an item only if its `version` is still `expected_version`; bump the version and
    return the new item. `ConditionFailed("missing")` when there is no such item, `("stale")` when its
    version moved on."""
    try:
        return _update_versioned(pk, sk, expected_version, changes, remove)
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            if get(pk, sk, consistent=True) is None:
                raise ConditionFailed("missing") from error
            raise ConditionFailed("stale") from error
        raise


def _update_versioned(pk: str, sk: str, expected_version: int, changes: Mapping[str, Any],
                      remove: Sequence[str]) -> Item:
    names: dict[str, str] = {"#version": "version"}
    values: dict[str, Any] = {":expected": expected_version, ":one": 1}
    sets = ["#version = #version + :one"]
    for position, (field, value) in enumerate(changes.items()):
        names[f"#f{position}"] = field
        values[f":v{position}"] = value
        sets.append(f"#f{position} = :v{position}")
    expression = "SET " + ", ".join(sets)
    if remove:
        for position, field in enumerate(remove):
            names[f"#r{position}"] = field
        expression += " REMOVE " + ", ".join(f"#r{i}" for i in range(len(remove)))
    response = table().update_item(
        Key={"PK": pk, "SK": sk},
        UpdateExpression=expression,
        ConditionExpression="attribute_exists(PK) AND #version = :expected",
        ExpressionAttributeNames=names,
        ExpressionAttributeValues=values,
        ReturnValues="ALL_NEW",
    )
    return plain(response["Attributes"])


# ---- transactions -------------------------------------------------------------------------------------

def put_op(item: Item, condition: str | None = None, names: dict[str, str] | None = None,
           values: dict[str, Any] | None = None, *, name: str | None = None) -> Item:
    op: Item = {"TableName": get_settings().table_name, "Item": item}
    _add_condition(op, condition, names, values)
    return _named(name, {"Put": op})


def update_op(pk: str, sk: str, expression: str, *, condition: str | None = None,
              names: dict[str, str] | None = None, values: dict[str, Any] | None = None,
              name: str | None = None) -> Item:
    op: Item = {"TableName": get_settings().table_name, "Key": {"PK": pk, "SK": sk}, "UpdateExpression": expression}
    _add_condition(op, condition, names, values)
    return _named(name, {"Update": op})


def delete_op(pk: str, sk: str, condition: str | None = None, names: dict[str, str] | None = None,
              values: dict[str, Any] | None = None, *, name: str | None = None) -> Item:
    op: Item = {"TableName": get_settings().table_name, "Key": {"PK": pk, "SK": sk}}
    _add_condition(op, condition, names, values)
    return _named(name, {"Delete": op})


def check_op(pk: str, sk: str, condition: str, names: dict[str, str] | None = None,
             values: dict[str, Any] | None = None, *, name: str | None = None) -> Item:
    op: Item = {"TableName": get_settings().table_name, "Key": {"PK": pk, "SK": sk}}
    _add_condition(op, condition, names, values)
    return _named(name, {"ConditionCheck": op})


def named(name: str, operation: Item) -> Op:
    """Name an operation built elsewhere (e.g. a shared domain module's) for this transaction."""
    return Op(name, operation)


def _named(name: str | None, request: Item) -> Item:
    return Op(name, request) if name is not None else request


def _add_condition(op: Item, condition: str | None, names: dict[str, str] | None,
                   values: dict[str, Any] | None) -> None:
    if condition:
        op["ConditionExpression"] = condition
    if names:
        op["ExpressionAttributeNames"] = names
    if values:
        op["ExpressionAttributeValues"] = values


def transact(
    operations: Sequence[Item],
    *,
    idempotency_token: str | None = None,
    retries: int = 3,
) -> None:
    """Run up to 100 operations as one `TransactWriteItems`: all or nothing.

    When a condition fails, `ConditionFailed` is raised with the names (`Op.name`) of the operations whose
    condition failed; the repository or service turns the reason into its outcome. Transaction conflicts with another writer are retried with backoff,
    then become a 503 with Retry-After."""
    if not operations:
        return
    kwargs: dict[str, Any] = {"TransactItems": list(operations)}
    if idempotency_token:
        kwargs["ClientRequestToken"] = idempotency_token[:36]
    for attempt in range(retries + 1):
        try:
            client().transact_write_items(**kwargs)
            return
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code != "TransactionCanceledException":
                raise
            reasons = [r.get("Code", "None") for r in error.response.get("CancellationReasons", [])]
            if not reasons:
                reasons = _reasons_from_message(error.response.get("Error", {}).get("Message", ""))
            if "ConditionalCheckFailed" in reasons:
                failed = [_name_of(operations, i) for i, r in enumerate(reasons) if r == "ConditionalCheckFailed"]
                raise ConditionFailed(failed[0], failed) from error
            if any(r in ("TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded") for r in reasons):
                if attempt < retries:
                    time.sleep(0.02 * (2**attempt))
                    continue
                raise unavailable() from error
            raise


def _name_of(operations: Sequence[Item], index: int) -> str:
    operation = operations[index] if index < len(operations) else None
    return operation.name if isinstance(operation, Op) else f"#{index}"


def _reasons_from_message(message: str) -> list[str]:
    """Some emulators put the reasons only in the message: '... reasons [None, ConditionalCheckFailed]'."""
    start, end = message.find("["), message.rfind("]")
    if start == -1 or end == -1:
        return []
    return [part.strip() for part in message[start + 1 : end].split(",")]
