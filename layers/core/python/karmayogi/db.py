"""DynamoDB access shared by every hub's repository: the lazily created table, paging with opaque
cursors, versioned writes and transactions whose cancellation reasons become conflicts.

Repositories are the only callers; services never see boto3.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from botocore.exceptions import ClientError

from karmayogi import cursor as cursor_codec
from karmayogi.errors import AppError, conflict, not_found, stale_version, unavailable
from karmayogi.settings import get_settings

Item = dict[str, Any]

_resource: Any = None
_table: Any = None

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


def resource() -> Any:
    """The DynamoDB service resource, created on first use and reused for the container's life."""
    global _resource  # noqa: PLW0603 - one client per container (house rule 2)
    if _resource is None:
        import boto3

        _resource = boto3.resource("dynamodb", region_name=get_settings().region)
    return _resource


def table() -> Any:
    global _table  # noqa: PLW0603
    if _table is None:
        _table = resource().Table(get_settings().table_name)
    return _table


def client() -> Any:
    """The low-level client behind the resource; it accepts plain Python values (the resource's
    serializers are registered on it), which is what transactions use."""
    return resource().meta.client


def reset_clients() -> None:
    """Forget cached clients (tests switch between mocked accounts)."""
    global _resource, _table  # noqa: PLW0603
    _resource = None
    _table = None


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


def put_new(item: Item, *, on_exists: AppError | None = None) -> None:
    """Create an item that must not exist yet (PK+SK)."""
    try:
        table().put_item(Item=item, ConditionExpression="attribute_not_exists(PK)")
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            raise on_exists or conflict("ALREADY_EXISTS", "It exists already") from error
        raise


def update_versioned(
    pk: str,
    sk: str,
    expected_version: int,
    changes: Mapping[str, Any],
    *,
    what: str = "The resource",
    remove: Sequence[str] = (),
) -> Item:
    """Set `changes` on an item only if its `version` is still `expected_version`; bump the version.

    A missing item is a 404, a stale version a 409 VERSION_CONFLICT. Returns the new item."""
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
    try:
        response = table().update_item(
            Key={"PK": pk, "SK": sk},
            UpdateExpression=expression,
            ConditionExpression="attribute_exists(PK) AND #version = :expected",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
            ReturnValues="ALL_NEW",
        )
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            if get(pk, sk, consistent=True) is None:
                raise not_found(what) from error
            raise stale_version() from error
        raise
    return plain(response["Attributes"])


# ---- transactions -------------------------------------------------------------------------------------

def put_op(item: Item, condition: str | None = None, names: dict[str, str] | None = None,
           values: dict[str, Any] | None = None) -> Item:
    op: Item = {"TableName": get_settings().table_name, "Item": item}
    _add_condition(op, condition, names, values)
    return {"Put": op}


def update_op(pk: str, sk: str, expression: str, *, condition: str | None = None,
              names: dict[str, str] | None = None, values: dict[str, Any] | None = None) -> Item:
    op: Item = {"TableName": get_settings().table_name, "Key": {"PK": pk, "SK": sk}, "UpdateExpression": expression}
    _add_condition(op, condition, names, values)
    return {"Update": op}


def delete_op(pk: str, sk: str, condition: str | None = None, names: dict[str, str] | None = None,
              values: dict[str, Any] | None = None) -> Item:
    op: Item = {"TableName": get_settings().table_name, "Key": {"PK": pk, "SK": sk}}
    _add_condition(op, condition, names, values)
    return {"Delete": op}


def check_op(pk: str, sk: str, condition: str, names: dict[str, str] | None = None,
             values: dict[str, Any] | None = None) -> Item:
    op: Item = {"TableName": get_settings().table_name, "Key": {"PK": pk, "SK": sk}}
    _add_condition(op, condition, names, values)
    return {"ConditionCheck": op}


def _add_condition(op: Item, condition: str | None, names: dict[str, str] | None,
                   values: dict[str, Any] | None) -> None:
    if condition:
        op["ConditionExpression"] = condition
    if names:
        op["ExpressionAttributeNames"] = names
    if values:
        op["ExpressionAttributeValues"] = values


ConflictMapper = Callable[[int], AppError]


def transact(
    operations: Sequence[Item],
    *,
    on_condition_failed: Mapping[int, AppError] | ConflictMapper | None = None,
    idempotency_token: str | None = None,
    retries: int = 3,
) -> None:
    """Run up to 100 operations as one `TransactWriteItems`: all or nothing.

    When a condition fails, the error for the first failing operation's index is raised
    (`on_condition_failed` maps index → AppError; default 409 CONFLICT). Transaction conflicts with
    another writer are retried with backoff, then become a 503 with Retry-After."""
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
                index = reasons.index("ConditionalCheckFailed")
                raise _conflict_for(index, on_condition_failed) from error
            if any(r in ("TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded") for r in reasons):
                if attempt < retries:
                    time.sleep(0.02 * (2**attempt))
                    continue
                raise unavailable() from error
            raise


def _conflict_for(index: int, mapping: Mapping[int, AppError] | ConflictMapper | None) -> AppError:
    if mapping is None:
        return conflict("CONFLICT", "The change conflicts with the current state")
    if callable(mapping):
        return mapping(index)
    return mapping.get(index) or conflict("CONFLICT", "The change conflicts with the current state")


def _reasons_from_message(message: str) -> list[str]:
    """Some emulators put the reasons only in the message: '... reasons [None, ConditionalCheckFailed]'."""
    start, end = message.find("["), message.rfind("]")
    if start == -1 or end == -1:
        return []
    return [part.strip() for part in message[start + 1 : end].split(",")]
