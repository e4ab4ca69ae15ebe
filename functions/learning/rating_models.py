"""Request and response models of course ratings and reviews (ratings.py)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from karmayogi.platform.models import CamelModel, RequestModel

MAX_REVIEW = 2000


class RatingIn(RequestModel):
    stars: Annotated[int, Field(ge=1, le=5, description="1 to 5")]
    review: Annotated[str | None, Field(max_length=MAX_REVIEW)] = None


class RatingSummary(CamelModel):
    """A course's average stars (one decimal) over `count` ratings; `average` is 0 when nobody rated it."""

    average: float
    count: int


class Rating(CamelModel):
    course_id: str
    user_id: str
    name: str | None = None
    stars: int
    review: str | None = None
    created_at: str
    updated_at: str


class RatingsPage(CamelModel):
    """A page of a course's ratings (newest first), its average and the caller's own rating."""

    items: list[Rating]
    next_cursor: str | None = None
    rating: RatingSummary
    mine: Rating | None = None
