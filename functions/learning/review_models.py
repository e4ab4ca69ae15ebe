"""Request and response models of reviews and revisions: a publisher's send-back with comments per content,
the review history, and a Live course's new version (the course models: models.py)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from functions.learning.models import Id
from karmayogi.platform.models import CamelModel, RequestModel

MAX_COMMENTS = 50


class ReviewCommentIn(RequestModel):
    content_id: Id | None = Field(default=None, description="the content it is about; none: the whole course")
    text: str = Field(min_length=1, max_length=2000)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the comment must not be blank")
        return value


class SendBackIn(RequestModel):
    comments: list[ReviewCommentIn] = Field(min_length=1, max_length=MAX_COMMENTS)
    version: int | None = Field(default=None, ge=1, description="the version the reviewer saw")


class ReviewComment(CamelModel):
    content_id: str | None = None
    content_title: str | None = None
    text: str


class Review(CamelModel):
    id: str
    course_id: str = Field(description="the course learners know (a revision's reviews are kept with it)")
    revision_id: str | None = Field(default=None, description="the revision reviewed, when it was one")
    decision: Literal["sent-back", "published"]
    reviewer: str = Field(description="the reviewer's user id")
    reviewer_name: str | None = None
    at: str
    comments: list[ReviewComment] = Field(default_factory=list)
