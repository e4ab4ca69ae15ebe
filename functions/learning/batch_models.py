"""Request and response models of a batch's management: editing its name, seats and dates (with the version
it was read at), and its waitlist in order."""

from __future__ import annotations

from datetime import date

from pydantic import Field, model_validator

from functions.learning.models import Title
from karmayogi.platform.models import CamelModel, RequestModel


class BatchUpdate(RequestModel):
    """`PATCH /courses/{courseId}/batches/{batchId}`: the fields to change and the `version` they were read at.
    Whether the batch needs approval is fixed at creation (its enrolments carry it)."""

    version: int = Field(ge=1, le=2**31)
    name: Title | None = None
    start_date: date | None = None
    end_date: date | None = None
    enrollment_end_date: date | None = None
    seats: int | None = Field(default=None, ge=1, le=100_000)

    @model_validator(mode="after")
    def _something(self) -> BatchUpdate:
        for name in ("name", "start_date", "end_date", "enrollment_end_date", "seats"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        if not (self.model_fields_set - {"version"}):
            raise ValueError("nothing to change")
        return self


class WaitlistPlace(CamelModel):
    position: int = Field(description="1 is the next learner to get a freed seat")
    enrolment_id: str
    user_id: str
    learner_name: str | None = None
    org_id: str
    waitlisted_at: str


class BatchWaitlist(CamelModel):
    batch_id: str
    seats: int
    seats_taken: int
    items: list[WaitlistPlace]
    more: bool = Field(description="More learners wait after the last one listed")
