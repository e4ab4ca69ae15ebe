"""Unread notifications the TTL deletes come off the unread counter, once, through the table's stream
(functions/events/expiry.py); every other removal leaves the counter alone."""

from __future__ import annotations

from typing import Any

import pytest
from boto3.dynamodb.conditions import Key
from boto3.dynamodb.types import TypeSerializer
from botocore.exceptions import ClientError

from functions.events import expiry
from karmayogi.domain import notifications
from karmayogi.platform import db, keys
from tests import factories

SERIALIZE = TypeSerializer().serialize
TTL_SERVICE = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}


class Context:
    function_name = "karmayogi-local-events-expiry"
    memory_limit_in_mb = 1024
    aws_request_id = "test"
    invoked_function_arn = "arn:aws:lambda:ap-south-1:123456789012:function:karmayogi-local-events-expiry"

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 60_000


def removal(item: dict[str, Any], sequence: int, identity: dict[str, str] | None = TTL_SERVICE) -> dict[str, Any]:
    """The stream record DynamoDB writes when `item` is deleted (by the TTL when `identity` says so)."""
    record: dict[str, Any] = {
        "eventID": f"e-{sequence}", "eventName": "REMOVE", "eventVersion": "1.1", "eventSource": "aws:dynamodb",
        "awsRegion": "ap-south-1",
        "eventSourceARN": "arn:aws:dynamodb:ap-south-1:123456789012:table/karmayogi-local/stream/2026-01-01T00:00:00",
        "dynamodb": {"Keys": {"PK": SERIALIZE(item["PK"]), "SK": SERIALIZE(item["SK"])},
                     "OldImage": {name: SERIALIZE(value) for name, value in item.items()},
                     "SequenceNumber": str(sequence), "SizeBytes": 200, "StreamViewType": "OLD_IMAGE"},
    }
    if identity:
        record["userIdentity"] = identity
    return record


def notifications_of(user_id: str) -> list[dict[str, Any]]:
    condition = Key("PK").eq(keys.user_pk(user_id)) & Key("SK").begins_with(keys.NOTIFICATION_SK_PREFIX)
    return db.query_all(condition)


def expire(records: list[dict[str, Any]]) -> dict[str, Any]:
    for record in records:  # the TTL deleted them before the stream told anyone
        old = record["dynamodb"]["OldImage"]
        db.table().delete_item(Key={"PK": old["PK"]["S"], "SK": old["SK"]["S"]})
    return expiry.handler({"Records": records}, Context())


@pytest.fixture
def reader(resources, as_user):
    factories.seed_directory()
    user = factories.create_user()
    for n in range(3):
        notifications.notify_in_app(user["userId"], "EVENT_CANCELLED", {"event": f"Webinar {n}"})
    return user, as_user(user)


def unread(client) -> int:
    response = client.get("/me/notifications/unread-count")
    assert response.status == 200, response.json()
    return int(response.json()["unread"])


def test_an_expired_unread_notification_comes_off_the_counter_once(reader):
    user, client = reader
    first = notifications_of(user["userId"])[0]
    record = removal(first, 1)
    assert expire([record]) == {"batchItemFailures": []}
    assert unread(client) == 2
    # the stream delivers the same record again (a retried batch): nothing more comes off
    assert expiry.handler({"Records": [record]}, Context()) == {"batchItemFailures": []}
    assert unread(client) == 2


def test_removals_that_are_not_ttl_expiries_of_unread_notifications_change_nothing(reader):
    user, client = reader
    items = notifications_of(user["userId"])
    read_one = {**items[1], "read": True}
    read_one.pop("GSI1PK")
    profile = db.get(keys.user_pk(user["userId"]), keys.PROFILE_SK)
    assert profile is not None
    records = [
        removal(items[0], 1, identity=None),  # deleted by someone, not the TTL
        removal(read_one, 2),  # expired after it was read (already off the counter)
        removal(profile, 3),  # another item the TTL removed
    ]
    assert expiry.handler({"Records": records}, Context()) == {"batchItemFailures": []}
    assert unread(client) == 3


def test_the_counter_never_goes_below_zero(reader):
    user, client = reader
    items = notifications_of(user["userId"])
    for item in items:
        assert client.post(f"/me/notifications/{item['id']}/read").status == 200
    assert unread(client) == 0
    stale_unread_images = [removal(item, n) for n, item in enumerate(items)]  # e.g. read during the retries
    assert expire(stale_unread_images) == {"batchItemFailures": []}
    assert unread(client) == 0
    counter = db.get(*keys.unread_counter_key(user["userId"]))
    assert counter is not None and int(counter["unread"]) == 0


def test_a_record_that_fails_is_reported_alone_for_retry(reader, monkeypatch):
    user, client = reader
    items = notifications_of(user["userId"])
    records = [removal(item, n) for n, item in enumerate(items)]
    real_transact = db.transact
    calls = {"n": 0}

    def second_call_throttled(operations, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ClientError({"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}},
                              "TransactWriteItems")
        return real_transact(operations, **kwargs)

    monkeypatch.setattr(db, "transact", second_call_throttled)
    answer = expire(records)
    assert answer == {"batchItemFailures": [{"itemIdentifier": "1"}]}
    assert unread(client) == 1
    monkeypatch.setattr(db, "transact", real_transact)
    assert expiry.handler({"Records": [records[1]]}, Context()) == {"batchItemFailures": []}
    assert unread(client) == 0
