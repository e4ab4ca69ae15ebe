"""bench/rehearsal: the generator writes a small platform with the hubs' own builders and the measurement
answers every growing read route with sane figures (the full rehearsal is `make rehearsal`)."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest

from bench.rehearsal import generate as gen
from bench.rehearsal.collect import Collector
from bench.rehearsal.measure import ROUTES, measure
from local import dynamodb_local

USERS = 300
COURSES = 40  # the rehearsal writes 2,000; fewer keep the test fast


def test_collector_folds_the_builders_updates() -> None:
    collector = Collector()
    collector.put({"PK": "USER#1", "SK": "PROFILE", "karmaPoints": 0})
    update = {"Update": {"Key": {"PK": "USER#1", "SK": "PROFILE"}, "UpdateExpression": "ADD karmaPoints :p, n :one "
                         "SET #m = :m, entityType = :t", "ExpressionAttributeNames": {"#m": "month"},
                         "ExpressionAttributeValues": {":p": 5, ":one": 1, ":m": "2026-01", ":t": "UserProfile"}}}
    collector.apply([update, update, {"ConditionCheck": {"Key": {"PK": "X", "SK": "Y"}}}])
    (item,) = collector.drain()
    assert item == {"PK": "USER#1", "SK": "PROFILE", "karmaPoints": 10, "n": 2, "month": "2026-01",
                    "entityType": "UserProfile"}
    collector.put({"PK": "A", "SK": "B", "score": 0.5})
    assert collector.drain()[0]["score"] == Decimal("0.5")
    with pytest.raises(ValueError, match="unsupported"):
        collector.apply([{"Update": {"Key": {"PK": "A", "SK": "B"}, "UpdateExpression": "SET a = b + :one",
                                     "ExpressionAttributeValues": {":one": 1}}}])


def test_officers_are_deterministic(resources) -> None:
    orgs, designations = gen._org_and_designations()
    communities: dict = {}
    names = []
    for _ in range(2):
        collector = Collector()
        with collector.capture():
            gen.officer_items(7, collector, orgs, designations, communities, seed=3, courses=COURSES)
        names.append(sorted((i["PK"], i["SK"], str(i.get("name"))) for i in collector.drain()
                            if i.get("entityType") in ("UserProfile", "PeopleDirectoryEntry")))
    assert names[0] == names[1] and names[0]


def test_generate_and_measure_a_small_platform() -> None:
    engine = "dynamodb-local" if dynamodb_local.available() else "moto"
    saved = {k: os.environ.get(k) for k in ("AWS_ENDPOINT_URL_DYNAMODB", "TABLE_NAME")}
    try:
        with gen.platform(engine, progress=lambda _: None):
            figures = gen.generate(0, USERS, threads=2, courses=COURSES, progress=lambda _: None)
            # at 300 officers few are Rajesh Kumar: the people queries ask for every Rajesh
            results = measure(USERS, calls=8, queries={"people search": {"q": "rajesh"},
                                                        "unified search": {"q": "rajesh"}})
    finally:
        for key, value in saved.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
    assert figures["officers"] == USERS and figures["itemsWritten"] > USERS * 10 and figures["itemsPerSecond"] > 0
    assert set(results) == {r.name for r in ROUTES}
    for name, r in results.items():
        assert r["statuses"] == {"200": 8}, name
        assert r["requestsMax"] >= 1, name
        assert r["returnedMean"] > 0, name
        assert r["itemsReadMean"] >= r["returnedMean"], name
        assert 0 < r["p50ms"] <= r["p95ms"], name
