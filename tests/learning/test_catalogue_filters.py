"""Catalogue filters: language, duration band and provider, alone and with the competency or a search;
a page is never empty while more courses match, holds at most `limit` courses, and pages on correctly."""

from __future__ import annotations

from typing import Any

import pytest

from functions.learning import catalogue
from karmayogi.platform import keys
from tests import factories
from tests.conftest import ApiClient
from tests.learning.conftest import course_body, live_course


def body(title: str, *, language: str = "en", minutes: int = 10, competency: str = "c-noting") -> dict[str, Any]:
    b = course_body(title, quiz=False, language=language, competencies=[{"competencyId": competency, "level": 1}])
    b["modules"][0]["contents"] = [{"id": "c1", "title": "Reading", "type": "link", "durationMinutes": minutes,
                                    "url": "https://example.gov.in/r"}]
    return b


def ids(who: ApiClient, **query: str) -> list[str]:
    response = who.get("/courses", query=query)
    assert response.status == 200, response.body
    return [c["id"] for c in response.json()["items"]]


@pytest.fixture
def shelf(workflow):
    tag = keys.new_id()[-8:]  # the random end: two shelves made within one second must not share a tag
    competency = f"c-filter-{tag}"
    hindi_long = live_course(body(f"Rajbhasha {tag}", language="hi", minutes=200, competency=competency),
                             org_id="lbsnaa")
    medium = live_course(body(f"Budgeting {tag}", minutes=90, competency=competency))
    newer = [live_course(body(f"Filler {tag} {n}", minutes=20, competency=competency)) for n in range(4)]
    return {"tag": tag, "competency": competency, "hindi_long": hindi_long, "medium": medium, "newer": newer,
            "me": ApiClient(factories.create_user(org_id="dopt")["claims"])}


def test_each_filter_alone_and_together(shelf):
    me, competency = shelf["me"], shelf["competency"]
    hindi, medium = shelf["hindi_long"]["id"], shelf["medium"]["id"]
    assert hindi in ids(me, language="hi", limit="100")
    assert medium not in ids(me, language="hi", limit="100")
    assert ids(me, competencyId=competency, language="hi") == [hindi]
    assert ids(me, competencyId=competency, duration="long") == [hindi]
    assert ids(me, competencyId=competency, duration="medium") == [medium]
    assert set(ids(me, competencyId=competency, duration="short")) == {c["id"] for c in shelf["newer"]}
    assert ids(me, competencyId=competency, provider="lbsnaa") == [hindi]
    assert ids(me, competencyId=competency, provider="lbsnaa", language="en") == []
    assert ids(me, q=f"Rajbhasha {shelf['tag']}", language="hi") == [hindi]
    assert ids(me, q=f"Rajbhasha {shelf['tag']}", language="en") == []
    card = me.get("/courses", query={"competencyId": competency, "provider": "lbsnaa"}).json()["items"][0]
    assert card["providerOrgId"] == "lbsnaa" and card["rating"] == {"average": 0.0, "count": 0}


def test_no_page_is_empty_while_more_courses_match(shelf, monkeypatch):
    me, competency = shelf["me"], shelf["competency"]
    # the two oldest courses match; four newer ones do not: the first page of 1 must still hold one
    first = me.get("/courses", query={"competencyId": competency, "duration": "long", "limit": "1"}).json()
    assert [c["id"] for c in first["items"]] == [shelf["hindi_long"]["id"]]
    monkeypatch.setattr(catalogue, "MAX_READS", 1)  # even when the reads budget is spent, it reads on
    page = me.get("/courses", query={"competencyId": competency, "provider": "dopt", "limit": "3"}).json()
    assert 1 <= len(page["items"]) <= 3
    seen = [c["id"] for c in page["items"]]
    while page["nextCursor"]:
        page = me.get("/courses", query={"competencyId": competency, "provider": "dopt", "limit": "3",
                                         "cursor": page["nextCursor"]}).json()
        seen += [c["id"] for c in page["items"]]
    assert sorted(seen) == sorted([shelf["medium"]["id"], *(c["id"] for c in shelf["newer"])])


@pytest.mark.parametrize("query", [{"language": "fr"}, {"duration": "forever"}, {"provider": "x" * 65}])
def test_bad_filters_are_400(workflow, query):
    me = ApiClient(factories.create_user(org_id="dopt")["claims"])
    assert me.get("/courses", query=query).status == 400
