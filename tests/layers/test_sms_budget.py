"""The platform's daily SMS budget: every SMS counts on a sharded counter per India day; past the limit
nothing is sent (email still is), a metric says so, and the registration still answers with the email code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from karmayogi.domain import notifications, sms_budget
from karmayogi.platform import clock, db, keys
from karmayogi.platform.observability import metrics
from karmayogi.platform.settings import reset_settings
from local import aws
from tests import factories
from tests.auth import support


@pytest.fixture
def limit(resources, monkeypatch):
    def set_limit(value: int) -> None:
        monkeypatch.setenv("SMS_DAILY_LIMIT", str(value))
        reset_settings()

    clock.set_now(datetime(2026, 12, 6, 20, 0, tzinfo=UTC))  # 01:30 IST on the 7th
    yield set_limit
    clock.reset()
    monkeypatch.undo()
    reset_settings()


def test_sms_stop_at_the_daily_limit_and_start_again_the_next_india_day(limit):
    limit(3)
    sent = [notifications.send_sms(f"+9198765000{n:02d}", "OTP_REGISTER", "en", {"code": "123456"}) for n in range(4)]
    assert sent == [True, True, True, False]
    assert aws.sent_messages("+919876500003") == []  # nothing went to SNS
    assert sms_budget.used("20261207") == 3
    assert sms_budget.seconds_until_reset() == int(timedelta(hours=22, minutes=30).total_seconds())
    clock.set_now(datetime(2026, 12, 7, 18, 30, tzinfo=UTC))  # midnight IST: a new day
    assert notifications.send_sms("+919876500003", "OTP_REGISTER", "en", {"code": "123456"})
    assert sms_budget.used("20261208") == 1


def test_a_full_shard_sends_the_count_to_one_that_is_not(limit):
    shards = keys.SMS_BUDGET_SHARDS
    limit(shards * 2)  # two per shard
    for shard in range(shards - 1):  # every shard but the last is full
        pk, sk = keys.sms_budget_key("20261207", shard)
        db.table().put_item(Item={"PK": pk, "SK": sk, "entityType": "SmsBudget", "sent": 2})
    assert sms_budget.reserve() and sms_budget.reserve()
    last = db.get(*keys.sms_budget_key("20261207", shards - 1), consistent=True)
    assert last["sent"] == 2 and last["expiresAt"] > clock.epoch_seconds() + 24 * 3600
    assert not sms_budget.reserve()


def test_the_budget_reports_its_use_and_each_sms_it_stops(limit):
    limit(16 * 10)
    metrics.clear_metrics()
    assert sms_budget.reserve()
    used = metrics.metric_set[sms_budget.USED_PERCENT]
    assert used["Unit"] == "Percent" and used["Value"] == [10.0]  # one on a shard of 10: ~10 % of the day
    limit(1)
    clock.set_now(datetime(2026, 12, 8, 6, 0, tzinfo=UTC))  # a fresh day: its one SMS, then none
    assert sms_budget.reserve()
    assert not sms_budget.reserve()
    assert metrics.metric_set[sms_budget.NOT_SENT]["Value"] == [1.0]
    metrics.clear_metrics()


def test_with_the_budget_spent_registration_still_answers_with_the_email_code(limit, api):
    factories.seed_directory()
    limit(1)
    assert sms_budget.reserve()  # the day's one SMS is gone
    body = support.person()
    response = api.post("/auth/register", body)
    assert response.status == 202 and response.json()["smsDelayed"] is True
    assert support.last_code(body["email"])  # the email code went
    assert support.messages(support.e164(body["mobile"])) == []
    registration_id = response.json()["registrationId"]
    verified = api.post(f"/auth/register/{registration_id}/verify",
                        {"channel": "email", "code": support.last_code(body["email"])})
    assert verified.json() == {"emailVerified": True, "mobileVerified": False}
    resend = api.post(f"/auth/register/{registration_id}/resend", {"channel": "mobile"})
    assert resend.status == 503 and resend.json()["error"]["code"] == "SMS_BUDGET_SPENT"
    assert int(resend.headers["Retry-After"]) == sms_budget.seconds_until_reset()
    limit(100)  # raised (or the next day): the resend goes
    resend = api.post(f"/auth/register/{registration_id}/resend", {"channel": "mobile"})
    assert resend.status == 202 and support.last_code(support.e164(body["mobile"]))
