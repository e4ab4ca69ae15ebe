"""The shared layer: cursors, transactions, versioned writes, idempotency, karma, PII redaction."""

from __future__ import annotations

import io
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from karmayogi.domain import karma
from karmayogi.platform import clock, cursor, db, idempotency, keys, observability
from karmayogi.platform.errors import AppError
from tests import factories


def test_cursor_round_trip_and_tamper_detection(resources):
    token = cursor.encode({"PK": "A", "SK": "B"}, "scope-1")
    assert cursor.decode(token, "scope-1") == {"PK": "A", "SK": "B"}
    for bad in (token[:-2] + "xx", "not-a-cursor", "", "A" * 5000):
        with pytest.raises(AppError) as caught:
            cursor.decode(bad, "scope-1")
        assert caught.value.status == 400 and caught.value.code == "INVALID_CURSOR"
    with pytest.raises(AppError):
        cursor.decode(token, "scope-2")


def test_a_failed_transaction_names_the_operations_whose_condition_failed(resources):
    db.create({"PK": "X#1", "SK": "A", "n": 1})
    db.create({"PK": "X#3", "SK": "A", "n": 1})
    ops = [
        db.put_op({"PK": "X#2", "SK": "A"}, condition="attribute_not_exists(PK)", name="fresh"),
        db.put_op({"PK": "X#1", "SK": "A"}, condition="attribute_not_exists(PK)", name="taken"),
        db.named("also-taken", db.put_op({"PK": "X#3", "SK": "A"}, condition="attribute_not_exists(PK)")),
    ]
    with pytest.raises(db.ConditionFailed) as caught:
        db.transact(ops)
    assert caught.value.reason == "taken"
    assert caught.value.failed == ("taken", "also-taken")
    assert db.get("X#2", "A") is None, "nothing of a failed transaction is written"
    with pytest.raises(db.ConditionFailed) as exists:
        db.create({"PK": "X#1", "SK": "A"})
    assert exists.value.reason == "exists"


def test_update_if_version_reports_stale_and_missing(resources):
    db.create({"PK": "V#1", "SK": "A", "version": 1, "name": "a"})
    updated = db.update_if_version("V#1", "A", 1, {"name": "b"})
    assert updated["version"] == 2 and updated["name"] == "b"
    with pytest.raises(db.ConditionFailed) as stale:
        db.update_if_version("V#1", "A", 1, {"name": "c"})
    assert stale.value.reason == "stale"
    with pytest.raises(db.ConditionFailed) as missing:
        db.update_if_version("V#2", "A", 1, {"name": "c"})
    assert missing.value.reason == "missing"


def test_an_unmapped_condition_failure_is_a_409_never_a_500(resources):
    from karmayogi.platform.api import make_resolver

    app = make_resolver()

    @app.get("/boom")
    def boom() -> dict[str, str]:
        raise db.ConditionFailed("somebody-else")

    event = {"httpMethod": "GET", "path": "/boom", "resource": "/boom", "headers": {}, "requestContext": {}}
    answer = app.resolve(event, None)
    assert answer["statusCode"] == 409 and "CONFLICT" in answer["body"]


def test_idempotency_key_replays_first_result_and_creates_once(resources):
    created = []

    def create():
        created.append(1)
        return 201, {"id": f"thing-{len(created)}"}

    first = idempotency.run_once("u1", "POST /things", "key-1", create)
    again = idempotency.run_once("u1", "POST /things", "key-1", create)
    other_user = idempotency.run_once("u2", "POST /things", "key-1", create)
    assert first == again == (201, {"id": "thing-1"})
    assert other_user == (201, {"id": "thing-2"})
    assert len(created) == 2


def test_karma_credit_is_at_most_once_under_concurrency(resources):
    user = factories.create_user()

    def credit() -> bool:
        return karma.credit(user["userId"], "dopt", "COURSE_COMPLETED", "course-1")

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(credit) for _ in range(8)]
    results = [future.result() for future in futures]  # re-raises a failed credit here
    assert len(results) == 8
    assert results.count(True) == 1
    profile = db.get(keys.user_pk(user["userId"]), keys.PROFILE_SK)
    assert profile["karmaPoints"] == karma.POINTS["COURSE_COMPLETED"]


def test_logs_never_carry_pii():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(observability.PiiRedactingFilter())
    log = logging.getLogger("pii-test")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.info("sent to officer@dopt.gov.in and +919812345678 code 482913 token eyJabc.def.ghi",
             extra={"password": "Secret@123", "detail": {"email": "a@b.gov.in"}})
    output = stream.getvalue()
    for secret in ("officer@dopt.gov.in", "9812345678", "482913", "eyJabc.def.ghi"):
        assert secret not in output


def test_an_exception_logged_with_an_address_in_its_message_is_redacted():
    """AWS errors can name addresses (SES lists refused recipients); the platform logger's formatter masks
    them in the traceback and in the structured stack trace, which the record filter cannot reach."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(observability.logger.registered_formatter)
    underlying = logging.getLogger(observability.logger.name)
    underlying.addHandler(handler)
    try:
        try:
            raise RuntimeError("Email address is not verified: officer@dopt.gov.in, +919812345678")
        except RuntimeError:
            observability.logger.exception("delivery failed", extra={"userId": "u-1"})
    finally:
        underlying.removeHandler(handler)
    output = stream.getvalue()
    assert "delivery failed" in output and "RuntimeError" in output and "u-1" in output
    for secret in ("officer@dopt.gov.in", "9812345678"):
        assert secret not in output


def test_clock_can_be_moved_and_reset():
    target = datetime(2030, 1, 1, tzinfo=UTC)
    clock.set_now(target)
    assert abs((clock.now() - target).total_seconds()) < 2
    clock.reset()
    assert clock.now().year < 2030
    assert clock.to_iso(clock.parse_iso("2026-12-01T10:00:00+05:30")) == "2026-12-01T04:30:00+00:00"


def test_error_body_shape():
    error = AppError(429, "OTP_LOCKED", "Too many tries", retry_after=30)
    assert error.body() == {"error": {"code": "OTP_LOCKED", "message": "Too many tries"}}
    assert error.headers() == {"Retry-After": "30"}
    assert json.dumps(error.body())


def test_field_errors_carry_a_reason_and_the_bound_a_client_translates() -> None:
    from pydantic import BaseModel, Field, ValidationError, field_validator

    from karmayogi.platform.api import _field_errors

    class Body(BaseModel):
        name: str = Field(min_length=3)
        seats: int = Field(ge=1)
        mobile: str

        @field_validator("mobile")
        @classmethod
        def _mobile(cls, value: str) -> str:
            raise ValueError("is not an Indian mobile number")

    try:
        Body.model_validate({"name": "ab", "seats": 0, "mobile": "123"})
    except ValidationError as error:
        details = {d["field"]: d for d in _field_errors(error.errors())}
    assert details["name"]["reason"] == "string_too_short" and details["name"]["limit"] == 3
    assert details["seats"]["reason"] == "greater_than_equal" and details["seats"]["limit"] == 1
    assert details["mobile"]["reason"] == "value_error" and "limit" not in details["mobile"]
