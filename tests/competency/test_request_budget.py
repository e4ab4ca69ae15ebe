"""DynamoDB requests per route (issue 8's targets) on a warm container: reference data (the framework,
designations, orgs, designation requirements, ladder rungs, the Live courses per competency) comes from
the per-container cache (karmayogi.domain.refcache), which is bounded, expires, forgets what this container
changes and never outlives its table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from karmayogi.domain import passbook, refcache
from karmayogi.domain.passbook import PassbookEntry
from karmayogi.platform import db, keys
from tests.competency import support
from tests.competency.support import counting
from tests.conftest import ApiClient

SO_REQUIREMENTS = {"c-integrity": 3, "c-e-office": 2}


def client(user: dict[str, Any]) -> ApiClient:
    return ApiClient(user["claims"])


def test_my_gaps_are_two_requests_when_warm_and_see_this_containers_changes_at_once(world):
    support.require("dopt", "section-officer", SO_REQUIREMENTS)
    support.live_course("ethics", "Integrity at Work", [("c-integrity", 3)], 30)
    support.live_course("eoffice", "e-Office for Beginners", [("c-e-office", 2)], 45)
    passbook.record_competencies(world.learner["userId"], [PassbookEntry("c-integrity", 1, "course", "x")])
    first = client(world.learner).get("/me/competency-gaps").json()
    with counting() as calls:
        again = client(world.learner).get("/me/competency-gaps").json()
    assert again == first
    # The profile with the competency summary, then the completions of the 2 candidate courses.
    assert calls == Counter({"BatchGetItem": 2})
    assert [(g["competencyId"], g["currentLevel"]) for g in again["items"]] == [("c-e-office", 0), ("c-integrity", 1)]
    # A mapping changed through this container is seen at once (its cache entry is forgotten).
    admin = client(world.admin)
    current = admin.get("/orgs/dopt/designation-competencies").json()["items"]
    version = next(i["version"] for i in current if i["designationId"] == "section-officer")
    changed = admin.put("/orgs/dopt/designation-competencies/section-officer",
                        {"requirements": [{"competencyId": "c-rti-handling", "level": 1}], "version": version})
    assert changed.status == 200, changed.json()
    after = client(world.learner).get("/me/competency-gaps").json()
    assert [g["competencyId"] for g in after["items"]] == ["c-rti-handling"]


def test_reference_reads_cost_nothing_when_warm(world):
    admin = client(world.admin)
    admin.get("/orgs/dopt/designation-competencies")
    with counting() as calls:
        assert admin.get("/orgs/dopt/designation-competencies").status == 200
    assert calls == Counter({"Query": 1})  # the org and the designation names are cached
    body: dict[str, Any] = {"requirements": [{"competencyId": "c-integrity", "level": 2}]}
    assert admin.put("/orgs/dopt/designation-competencies/section-officer", body).status == 200
    with counting() as calls:
        changed = admin.put("/orgs/dopt/designation-competencies/section-officer", {**body, "version": 1})
    assert changed.status == 200, changed.json()
    assert calls == Counter({"TransactWriteItems": 1})  # org, designation and competencies from the cache


def test_plan_edits_publish_and_retire_within_the_write_budget(world):
    support.live_course("rti-quick", "RTI in an Hour", [("c-rti-handling", 1)], 60)
    named = support.joined(designation_id="assistant-section-officer")
    admin = client(world.admin)
    plan = admin.post("/orgs/dopt/plans", {"name": "RTI", "courseIds": ["rti-quick"], "dueDate": "2099-06-30",
                                          "assignTo": {"designations": ["section-officer"],
                                                       "userIds": [named["userId"]]}}).json()
    with counting() as calls:
        edited = admin.put(f"/orgs/dopt/plans/{plan['id']}", {"version": plan["version"], "name": "RTI basics"})
    assert edited.status == 200 and calls == Counter({"UpdateItem": 1})
    with counting() as calls:
        published = admin.post(f"/orgs/dopt/plans/{plan['id']}/publish", {"version": 2})
    assert published.status == 200, published.json()
    # The plan, then its courses with the named users' profiles; one transaction with the pointers and
    # the named user's in-app notice; then, after the commit, the named user's push devices (one Query per
    # newly named officer, best effort within the route's push deadline).
    assert calls == Counter({"GetItem": 1, "BatchGetItem": 1, "TransactWriteItems": 1, "Query": 1})
    unread = db.get(*keys.unread_counter_key(named["userId"]))
    assert unread is not None and unread["unread"] == 1
    with counting() as calls:
        mine = client(named).get("/me/plans").json()
    assert [p["name"] for p in mine["upcoming"]] == ["RTI basics"]
    assert calls == Counter({"Query": 2, "BatchGetItem": 1})
    with counting() as calls:
        retired = admin.post(f"/orgs/dopt/plans/{plan['id']}/retire", {"version": 3})
    assert retired.status == 200 and calls == Counter({"GetItem": 1, "TransactWriteItems": 1})
    assert client(named).get("/me/plans").json()["upcoming"] == []
    assert db.get(*keys.plan_user_ref_key(named["userId"], plan["id"])) is None  # removed with the retirement


def test_plan_edit_refusals_keep_their_order_without_a_read_first(world):
    support.live_course("rti-quick", "RTI in an Hour", [("c-rti-handling", 1)], 60)
    admin = client(world.admin)
    plan = admin.post("/orgs/dopt/plans", {"name": "RTI", "courseIds": ["rti-quick"], "dueDate": "2099-06-30",
                                          "assignTo": {"designations": ["section-officer"]}}).json()
    missing = admin.put("/orgs/dopt/plans/nope", {"version": 1, "courseIds": ["no-such-course"]})
    assert (missing.status, missing.json()["error"]["code"]) == (404, "NOT_FOUND")
    other_org = client(world.other_admin).post(
        "/orgs/mof/plans", {"name": "Theirs", "courseIds": ["rti-quick"], "dueDate": "2099-06-30",
                            "assignTo": {"designations": ["section-officer"]}}).json()
    assert admin.put(f"/orgs/dopt/plans/{other_org['id']}", {"version": 1, "name": "Mine"}).status == 404
    bad = admin.put(f"/orgs/dopt/plans/{plan['id']}", {"version": 1, "courseIds": ["no-such-course"]})
    assert (bad.status, bad.json()["error"]["code"]) == (400, "INVALID_PLAN")
    stale = admin.put(f"/orgs/dopt/plans/{plan['id']}", {"version": 7, "name": "Later"})
    assert (stale.status, stale.json()["error"]["code"]) == (409, "VERSION_CONFLICT")
    admin.post(f"/orgs/dopt/plans/{plan['id']}/retire", {"version": 1})
    retired = admin.put(f"/orgs/dopt/plans/{plan['id']}", {"version": 2, "courseIds": ["no-such-course"]})
    assert (retired.status, retired.json()["error"]["code"]) == (409, "PLAN_RETIRED")


# ---- the cache itself ---------------------------------------------------------------------------------

def test_the_cache_expires_is_bounded_remembers_absence_only_when_asked_and_follows_the_table(world, monkeypatch):
    loads: list[list[str]] = []

    def load(ids: list[str]) -> dict[str, str]:
        loads.append(ids)
        return {i: i.upper() for i in ids if i != "absent"}

    now = [1000.0]
    monkeypatch.setattr(refcache.time, "monotonic", lambda: now[0])
    assert refcache.lookup("t", ["a", "absent"], load) == {"a": "A"}
    assert refcache.lookup("t", ["a", "absent"], load) == {"a": "A"}
    assert loads == [["a", "absent"], ["absent"]]  # absence is not remembered by default
    assert refcache.lookup("u", ["absent"], load, remember_missing=True) == {}
    assert refcache.lookup("u", ["absent"], load, remember_missing=True) == {}
    assert loads[-1] == ["absent"] and len(loads) == 3
    now[0] += refcache.TTL_SECONDS + 1  # expired
    refcache.lookup("t", ["a"], load)
    assert loads[-1] == ["a"]
    refcache.forget("t", "a")
    refcache.lookup("t", ["a"], load)
    assert len(loads) == 5
    monkeypatch.setattr(refcache._cache, "max_entries", 3)
    refcache.lookup("t", ["b", "c", "d", "e"], load)
    assert len(refcache._entries) == 3
    db.reset_clients()  # a new table client: nothing cached survives
    refcache.lookup("t", ["e"], load)
    assert loads[-1] == ["e"]


def test_directory_lookups_share_one_batch(world):
    refcache.reset()
    with counting() as calls:
        competencies, designations, orgs = refcache.directory(
            competency_ids=["c-integrity", "c-nothing"], designation_ids=["section-officer"], org_ids=["dopt"])
    assert calls == Counter({"BatchGetItem": 1})
    assert (set(competencies), set(designations), set(orgs)) == ({"c-integrity"}, {"section-officer"}, {"dopt"})
    with counting() as calls:
        refcache.directory(competency_ids=["c-integrity"], designation_ids=["section-officer"], org_ids=["dopt"])
    assert calls == Counter()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    refcache.reset()
    yield
    refcache.reset()
