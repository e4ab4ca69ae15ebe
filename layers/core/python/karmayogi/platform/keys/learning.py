"""The learning hub: courses, catalogue, batches and seats, enrolments, certificates."""

from __future__ import annotations

import secrets

from karmayogi.platform.keys.common import DEFAULT_SHARDS, user_pk

# ---- learning hub ---------------------------------------------------------------------------------------
# docs/data-model.md "Learning hub" lists every item and query these keys serve.

COURSE_SEARCH_SCOPE = "COURSE"
COURSE_COUNTER_SHARDS = DEFAULT_SHARDS


def course_key(course_id: str) -> tuple[str, str]:
    """A course (its modules and contents inline; quiz answers are NOT here)."""
    return f"COURSE#{course_id}", "META"


def course_quiz_key(course_id: str, content_id: str) -> tuple[str, str]:
    """The questions and correct answers of one quiz content: read only to score an attempt."""
    return f"COURSE#{course_id}", f"QUIZ#{content_id}"


def course_upload_key(course_id: str, upload_id: str) -> tuple[str, str]:
    """One upload of a file for one of the course's contents (the object key names both ids)."""
    return f"COURSE#{course_id}", f"UPLOAD#{upload_id}"


def upload_object_key(course_id: str, content_id: str, upload_id: str) -> str:
    """Where an upload's bytes land in the media bucket (its policy fixes this key)."""
    return f"uploads/{course_id}/{content_id}/{upload_id}"


def catalogue_entry_key(course_id: str) -> tuple[str, str]:
    """The small catalogue card of a Live course (exists only while the course is Live)."""
    return f"COURSE#{course_id}", "CATALOGUE"


def catalogue_competency_key(course_id: str, competency_id: str) -> tuple[str, str]:
    """A Live course's card under one of its competencies (exists only while the course is Live)."""
    return f"COURSE#{course_id}", f"CATALOGUE#{competency_id}"


def catalogue_gsi() -> str:
    """GSI2PK of the Live catalogue (GSI2SK = publishedAt#courseId, newest first)."""
    return "CATALOGUE#LIVE"


def catalogue_competency_gsi(competency_id: str) -> str:
    """GSI2PK of the Live courses building one competency (GSI2SK = publishedAt#courseId)."""
    return f"CATALOGUE#COMPETENCY#{competency_id}"


def courses_by_author_gsi(user_id: str) -> str:
    """GSI1PK of a course: its author's courses (GSI1SK = updatedAt#courseId)."""
    return f"AUTHOR#{user_id}#COURSES"


def course_review_queue_gsi() -> str:
    """GSI3PK of a course while it is in Review (sparse; GSI3SK = submittedAt#courseId)."""
    return "COURSES#REVIEW"


def course_counter_key(course_id: str, shard: int) -> tuple[str, str]:
    """One shard of a course's enrolment/completion counters: its own partition key, so a popular
    course's counter writes spread over COURSE_COUNTER_SHARDS partitions (shard = shard_of(userId))."""
    return f"COURSECOUNT#{course_id}#{shard}", "COUNTER"


def batch_key(course_id: str, batch_id: str) -> tuple[str, str]:
    """A batch of a course (its seats are counted on its seat shards, batch_seat_key)."""
    return f"COURSE#{course_id}", f"BATCH#{batch_id}"


BATCH_SEAT_SHARDS = 4


def batch_seat_shards(seats: int) -> int:
    """How many seat shards a batch of `seats` seats gets: BATCH_SEAT_SHARDS, fewer for a smaller batch
    (every shard holds at least one seat)."""
    return max(1, min(BATCH_SEAT_SHARDS, seats))


def batch_seat_key(batch_id: str, shard: int) -> tuple[str, str]:
    """One shard of a batch's seats (`taken` < `seats` of this shard): its own partition key, so a popular
    batch's enrolments spread over its shards' partitions (first choice = shard_of(enrolmentId))."""
    return f"BATCHSEATS#{batch_id}#{shard}", "SEATS"


def enrolment_key(enrolment_id: str) -> tuple[str, str]:
    return f"ENROLMENT#{enrolment_id}", "META"


def enrolment_attempts_key(enrolment_id: str, content_id: str) -> tuple[str, str]:
    """A learner's attempts at one quiz of the course they are enrolled in."""
    return f"ENROLMENT#{enrolment_id}", f"ATTEMPTS#{content_id}"


def user_enrolments_gsi(user_id: str) -> str:
    """GSI1PK of an enrolment: the learner's enrolments (GSI1SK = requestedAt#enrolmentId)."""
    return f"USER#{user_id}#ENROLMENTS"


def batch_waitlist_gsi(batch_id: str) -> str:
    """GSI2PK of an enrolment while it is WAITLISTED (sparse; GSI2SK = waitlistedAt#enrolmentId: FIFO)."""
    return f"BATCH#{batch_id}#WAITLIST"


def org_pending_enrolments_gsi(org_id: str) -> str:
    """GSI3PK of an enrolment while it waits for approval (sparse; GSI3SK = pendingSince#enrolmentId)."""
    return f"ORG#{org_id}#ENROLMENTS#PENDING_APPROVAL"


def active_enrolment_key(user_id: str, course_id: str) -> tuple[str, str]:
    """Guard: the learner's one active (or completed) enrolment in a course, written in the same
    transaction as the enrolment; deleted when it ends without completion (rejected, left, expired)."""
    return user_pk(user_id), f"COURSEENROLMENT#{course_id}"


def certificate_key(certificate_id: str) -> tuple[str, str]:
    return f"CERT#{certificate_id}", "META"


def user_certificates_gsi(user_id: str) -> str:
    """GSI1PK of a certificate: the learner's certificates (GSI1SK = issuedAt#certificateId)."""
    return f"USER#{user_id}#CERTIFICATES"


def new_certificate_id() -> str:
    """Unguessable (128 random bits): the id is the proof anyone can verify."""
    return secrets.token_hex(16)


def course_rating_key(course_id: str, user_id: str) -> tuple[str, str]:
    """A learner's one rating (and review) of a course."""
    return f"COURSERATING#{course_id}", f"USER#{user_id}"


def course_rating_summary_key(course_id: str) -> tuple[str, str]:
    """A course's rating aggregate (`starsTotal`, `ratingCount`), changed with ADD in the rating's transaction."""
    return f"COURSERATING#{course_id}", "SUMMARY"


def course_ratings_gsi(course_id: str) -> str:
    """GSI1PK of a rating: a course's ratings, newest first (GSI1SK = updatedAt#userId)."""
    return f"COURSE#{course_id}#RATINGS"


# ---- authoring: review history ----------------------------------------------------------------------------

def course_review_key(course_id: str, at: str, review_id: str) -> tuple[str, str]:
    """One review decision (sent back or published) of a course or of one of its revisions: kept under the
    course learners know (`course_id` is the root course), oldest first by time."""
    return f"COURSE#{course_id}", f"REVIEW#{at}#{review_id}"


def course_review_prefix() -> str:
    return "REVIEW#"
