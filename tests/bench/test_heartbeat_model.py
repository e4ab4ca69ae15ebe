"""The heartbeat figures of bench/scale_model.py and bench/cost.py: DynamoDB's item-size rules, the per-key
counting of the simulation (a learner's own keys, a shared key when a template holds one), and the heartbeats
a learning hour sends at the web players' cadence."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bench import cost, scale_model
from bench.scale_model import Flow, Shape, Write, dynamodb_size, item_size


def test_item_size_follows_dynamodbs_rules():
    # names count; a string its UTF-8 bytes; a number 1 byte per two significant digits + 1
    assert item_size({"PK": "ENROLMENT#e1", "version": Decimal(7)}) == (2 + 12) + (7 + 2)
    assert dynamodb_size("नमस्ते") == len("नमस्ते".encode())
    assert dynamodb_size(Decimal("12345")) == 4
    assert dynamodb_size(Decimal("1200")) == 2  # trailing zeros are not significant
    assert dynamodb_size(True) == 1 and dynamodb_size(None) == 1
    # a list: 3 bytes + 1 per element + the elements
    assert dynamodb_size([Decimal(0), Decimal(20000)]) == 3 + (1 + 2) + (1 + 2)
    assert dynamodb_size({"a": "xy"}, "m") == 1 + 3 + 1 + (1 + 2)  # a map: its name, 3 bytes, per element 1 + name + value
    assert dynamodb_size({"x", "yz"}) == 3


def _shape(course: str, pk: str, index_key: str, size: int, *, transaction: bool = False) -> Shape:
    write = Write("UpdateItem", pk, "META", size, transaction, [("GSI1PK", index_key)])
    return Shape(course, "enr1", 2, 10.0, size, size, 5000, size // 2, {}, Flow("heartbeat", [write]))


def test_every_heartbeat_is_counted_on_the_learners_own_keys():
    shape = _shape("posh", "ENROLMENT#enr1", "USER#user1#ENROLMENTS", 2500)
    (table, index) = scale_model.heartbeat_templates(shape, "user1")
    assert (table.key, table.wcu) == ("ENROLMENT#{enrolment}", 3)
    assert (index.kind, index.key, index.wcu) == ("GSI1PK", "USER#{user}#ENROLMENTS", 3)

    result = scale_model.simulate_heartbeats([shape], "user1", learners=3000, seconds=30, seed=1)
    # 3,000 learners, a heartbeat every 30-60 s: ~67 a second; 3 WCU in the table and 3 in GSI1 each
    assert 50 < result["heartbeatsPerSecond"] < 85
    assert result["wcuPerSecond"]["table"] == pytest.approx(3 * result["heartbeatsPerSecond"])
    assert result["wcuPerSecond"]["GSI1PK"] == result["wcuPerSecond"]["table"]
    writes = [(kind, units) for (kind, _), units in result["busiest"] if kind != "read"]
    assert max(units for _, units in writes) == 3  # one heartbeat per key in any second


def test_a_key_shared_by_a_courses_learners_adds_up():
    shape = _shape("posh", "ENROLMENT#enr1", "COURSE#posh#WATCHING", 1000)
    result = scale_model.simulate_heartbeats([shape], "user1", learners=3000, seconds=30, seed=1)
    top_kind, top_key = result["busiest"][0][0]
    assert (top_kind, top_key) == ("GSI1PK", "COURSE#course-0000#WATCHING")
    assert result["busiest"][0][1] > 3  # many learners of the most popular course in one second


def test_heartbeats_per_hour_follow_the_players_cadence():
    interval = cost.player_interval_seconds()
    assert 5 <= interval <= 60
    per_hour = cost.heartbeats_per_hour()
    assert per_hour["video"] == pytest.approx(0.65 * (3600 / interval + cost.PAUSES_PER_HOUR))
    assert per_hour["total"] == pytest.approx(sum(v for k, v in per_hour.items() if k != "total"))


def test_cost_per_million_hours_adds_its_components():
    units = {"appCpuMs": 4.0, "operations": {"GetItem": 1, "UpdateItem": 1}, "rru": 0.5, "wru": 2.0, "gsiWru": 2.0}
    figures = cost.heartbeat_cost(units, 1024, per_hour=100, media_usd_per_hour=0.02)
    assert figures["heartbeatsPerMillionHours"] == 1e8
    assert figures["apigw"] == pytest.approx(1e8 * 3.50 / 1e6)
    assert figures["gsiWru"] == figures["wru"] == pytest.approx(1e8 * 2 * cost.PRICES["dynamodb_wru"])
    parts = ("apigw", "lambdaRequests", "lambdaCompute", "rru", "wru", "gsiWru", "logs")
    assert figures["heartbeats"] == pytest.approx(sum(figures[p] for p in parts))
    assert figures["total"] == pytest.approx(figures["heartbeats"] + 0.02 * 1e6)
