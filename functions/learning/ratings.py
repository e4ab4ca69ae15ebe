"""Ratings and reviews of courses: a learner who completed a course rates it (1-5 stars, an optional
review) once; rating again replaces the rating and the course's aggregate moves by the difference (one
transaction, no scan). The catalogue and the course page show `rating: {average, count}`."""

from __future__ import annotations

from typing import Any

from functions.learning import repository
from functions.learning.courses import readable_course
from functions.learning.rating_models import Rating, RatingIn, RatingsPage, RatingSummary
from functions.learning.repository import ratings as store
from karmayogi.platform import clock
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import forbidden, stale_version
from karmayogi.platform.identity import Caller


def summary_of(item: dict[str, Any] | None) -> RatingSummary:
    count = int((item or {}).get("ratingCount", 0))
    total = int((item or {}).get("starsTotal", 0))
    return RatingSummary(average=round(total / count, 1) if count else 0.0, count=count)


def summaries(course_ids: list[str]) -> dict[str, RatingSummary]:
    """The rating of each course (one BatchGetItem per 100 courses)."""
    found = store.summaries(course_ids) if course_ids else {}
    return {course_id: summary_of(found.get(course_id)) for course_id in course_ids}


def _completed(user_id: str, course_id: str) -> bool:
    guard = repository.get_active_enrolment(user_id, course_id)
    if guard is None:
        return False
    enrolment = repository.get_enrolment(guard["enrolmentId"])
    return enrolment is not None and enrolment.get("status") == "COMPLETED"


def rate(caller: Caller, course_id: str, body: RatingIn) -> Rating:
    readable_course(caller, course_id)  # 404 for a course the caller may not see
    if not _completed(caller.user_id, course_id):
        raise forbidden("Only a learner who completed the course may rate it", code="COURSE_NOT_COMPLETED")
    fields = {"stars": body.stars, "name": caller.profile.get("name")}
    if body.review:
        fields["review"] = body.review
    for _ in range(3):  # another write of this learner's rating in between: read it again and apply on top
        previous = store.get_rating(course_id, caller.user_id)
        try:
            return Rating.model_validate(store.put_rating(course_id, caller.user_id, fields, previous, clock.now_iso()))
        except ConditionFailed as failed:
            if failed.reason != store.RATING:
                raise
    raise stale_version()


def ratings(caller: Caller, course_id: str, limit: int, cursor: str | None) -> RatingsPage:
    readable_course(caller, course_id)
    page = store.course_ratings(course_id, limit, cursor)
    found = store.summaries([course_id])
    mine = store.get_rating(course_id, caller.user_id)
    return RatingsPage(items=[Rating.model_validate(r) for r in page.items], next_cursor=page.next_cursor,
                       rating=summary_of(found.get(course_id)), mine=Rating.model_validate(mine) if mine else None)
