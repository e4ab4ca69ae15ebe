"""Ratings and reviews: only a learner who completed the course rates it, once (rating again replaces
it), the average stays right under re-rating, the list is newest first, and the catalogue shows it."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest

from karmayogi.platform import clock
from tests import factories
from tests.conftest import ApiClient
from tests.learning.conftest import batch, course_body, enrol, live_course, wait_for


def declared_course() -> dict[str, Any]:
    body = course_body(quiz=False, title="Rated course")
    body["modules"][0]["contents"][0]["type"] = "link"
    return live_course(body)


def completed_learner(course: dict[str, Any], b: dict[str, Any]) -> ApiClient:
    me = ApiClient(factories.create_user(org_id="dopt")["claims"])
    enrolment_id = enrol(me, course["id"], b["id"])
    wait_for(me, enrolment_id, "ENROLLED")
    for content_id in ("c1", "c2"):
        response = me.put(f"/enrolments/{enrolment_id}/progress", {"contentId": content_id, "status": "completed"})
        assert response.status == 200, response.body
    assert response.json()["status"] == "COMPLETED"
    return me


@pytest.fixture
def rated(workflow):
    course = declared_course()
    b = batch(course["id"], seats=10)
    return {"course": course, "batch": b}


def summary_in_catalogue(who: ApiClient, course_id: str) -> dict[str, Any]:
    items = who.get("/courses", query={"q": "Rated course", "limit": "100"}).json()["items"]
    return next(c for c in items if c["id"] == course_id)["rating"]


def test_only_a_learner_who_completed_the_course_rates_it(rated):
    course, b = rated["course"], rated["batch"]
    enrolled = ApiClient(factories.create_user(org_id="dopt")["claims"])
    enrolment_id = enrol(enrolled, course["id"], b["id"])
    wait_for(enrolled, enrolment_id, "ENROLLED")
    refused = enrolled.put(f"/courses/{course['id']}/rating", {"stars": 5})
    assert refused.status == 403 and refused.json()["error"]["code"] == "COURSE_NOT_COMPLETED"
    stranger = ApiClient(factories.create_user(org_id="mof")["claims"])
    assert stranger.put(f"/courses/{course['id']}/rating", {"stars": 5}).status == 403
    assert stranger.put("/courses/no-such-course/rating", {"stars": 5}).status == 404
    listed = stranger.get(f"/courses/{course['id']}/ratings").json()
    assert listed["items"] == [] and listed["rating"] == {"average": 0.0, "count": 0} and listed["mine"] is None


@pytest.mark.parametrize("body", [{"stars": 0}, {"stars": 6}, {"stars": "five"}, {}, {"stars": 3, "review": "x" * 2001},
                                  {"stars": 3, "extra": 1}])
def test_bad_ratings_are_400(rated, body):
    me = completed_learner(rated["course"], rated["batch"])
    response = me.put(f"/courses/{rated['course']['id']}/rating", body)
    assert response.status == 400, response.body
    assert me.get(f"/courses/{rated['course']['id']}/ratings").json()["rating"]["count"] == 0  # nothing written


def test_rating_again_replaces_it_and_the_average_stays_right(rated):
    course_id = rated["course"]["id"]
    first, second = (completed_learner(rated["course"], rated["batch"]) for _ in range(2))
    saved = first.put(f"/courses/{course_id}/rating", {"stars": 2, "review": "Too long"})
    assert saved.status == 200 and saved.json()["stars"] == 2 and saved.json()["review"] == "Too long"
    assert second.put(f"/courses/{course_id}/rating", {"stars": 5}).status == 200
    assert summary_in_catalogue(second, course_id) == {"average": 3.5, "count": 2}
    clock.set_now(clock.now() + timedelta(minutes=1))  # timestamps have second precision
    again = first.put(f"/courses/{course_id}/rating", {"stars": 4, "review": "Better on a second look"})
    assert again.status == 200
    page = first.get(f"/courses/{course_id}/ratings").json()
    assert page["rating"] == {"average": 4.5, "count": 2}
    assert [r["stars"] for r in page["items"]] == [4, 5]  # newest first: the re-rating moved to the top
    assert page["mine"]["review"] == "Better on a second look"
    assert summary_in_catalogue(first, course_id) == {"average": 4.5, "count": 2}
    assert first.get(f"/courses/{course_id}").status == 200


def test_ratings_are_paged(rated):
    course_id = rated["course"]["id"]
    for stars in (1, 2, 3):
        clock.set_now(clock.now() + timedelta(minutes=1))
        assert completed_learner(rated["course"], rated["batch"]).put(
            f"/courses/{course_id}/rating", {"stars": stars}).status == 200
    reader = ApiClient(factories.create_user(org_id="mof")["claims"])
    first = reader.get(f"/courses/{course_id}/ratings", query={"limit": "2"}).json()
    assert [r["stars"] for r in first["items"]] == [3, 2] and first["nextCursor"]
    rest = reader.get(f"/courses/{course_id}/ratings", query={"limit": "2", "cursor": first["nextCursor"]}).json()
    assert [r["stars"] for r in rest["items"]] == [1]
    assert reader.get(f"/courses/{course_id}/ratings", query={"cursor": "forged"}).status == 400


def test_concurrent_ratings_of_one_learner_leave_one_rating_and_a_right_average(rated):
    course_id = rated["course"]["id"]
    me = completed_learner(rated["course"], rated["batch"])
    barrier = threading.Barrier(5)

    def rate(stars: int) -> int:
        barrier.wait(timeout=30)
        return me.put(f"/courses/{course_id}/rating", {"stars": stars}).status

    with ThreadPoolExecutor(max_workers=5) as pool:
        statuses = list(pool.map(rate, [1, 2, 3, 4, 5]))
    assert set(statuses) <= {200, 409} and 200 in statuses
    page = me.get(f"/courses/{course_id}/ratings").json()
    assert page["rating"]["count"] == 1
    assert page["rating"]["average"] == page["mine"]["stars"]  # the aggregate is exactly the stored rating
