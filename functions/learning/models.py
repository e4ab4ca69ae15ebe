"""Request and response models of the learning hub: courses (with modules, contents and quizzes), batches,
enrolments and progress (assessments, certificates and karma: achievement_models.py; uploads and playback:
upload_models.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field, field_validator, model_validator

from functions.learning.rating_models import RatingSummary
from karmayogi.platform.models import CamelModel, RequestModel

MEDIA_CONTENT_TYPES = ("video", "audio", "pdf", "scorm")  # their bytes are uploaded (upload_models.py)
LEGACY_CONTENT_TYPES = {"document": "link"}  # v1's "document" was an address of a document: a link


def _current_type(value: object) -> object:
    """v1 courses (and v1 clients) say "document": it is read and accepted as what it was, a `link`."""
    return LEGACY_CONTENT_TYPES.get(value, value) if isinstance(value, str) else value


ContentType = Annotated[Literal["video", "audio", "pdf", "scorm", "link", "quiz"], BeforeValidator(_current_type)]
MediaStatus = Literal["PROCESSING", "READY", "REJECTED"]
CourseStatus = Literal["Draft", "Review", "Live", "Retired"]
Language = Literal["en", "hi"]
QuestionKind = Literal["single", "multiple"]
EnrolmentStatus = Literal[
    "REQUESTED", "PENDING_APPROVAL", "ENROLLED", "WAITLISTED", "REJECTED", "EXPIRED", "WITHDRAWN",
    "FAILED", "COMPLETED",
]
ProgressStatus = Literal["completed", "in_progress"]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
Id = Annotated[str, Field(pattern=ID_PATTERN)]
Title = Annotated[str, Field(min_length=1, max_length=200)]
MAX_URL_LENGTH = 2083


def web_url(value: str) -> str:
    """An http(s) address with a host and no spaces. (pydantic's HttpUrl would do, but importing it costs
    every cold start of the hub ~30 ms: pydantic.networks pulls in importlib.metadata and ipaddress.)"""
    try:
        parts = urlsplit(value)
        port = parts.port  # a malformed port raises here
    except ValueError as error:
        raise ValueError("is not a valid web address") from error
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(c.isspace() or not c.isprintable() for c in value):
        raise ValueError("must be an http:// or https:// address")
    del port
    return value


WebUrl = Annotated[
    str, Field(min_length=1, max_length=MAX_URL_LENGTH, json_schema_extra={"format": "uri"}), AfterValidator(web_url)
]

MAX_MODULES = 30
MAX_CONTENTS = 200
MAX_QUIZZES = 20


# ---- authoring --------------------------------------------------------------------------------------------

class CompetencyRef(RequestModel):
    competency_id: Id
    level: int = Field(ge=1, le=5)


class QuizOptionIn(RequestModel):
    id: Id
    text: str = Field(min_length=1, max_length=500)


class QuestionIn(RequestModel):
    id: Id
    text: str = Field(min_length=1, max_length=2000)
    kind: QuestionKind
    options: list[QuizOptionIn] = Field(min_length=2, max_length=10)
    correct: list[Id] = Field(min_length=1, max_length=10)

    @model_validator(mode="after")
    def _answers_are_options(self) -> QuestionIn:
        option_ids = [o.id for o in self.options]
        if len(set(option_ids)) != len(option_ids):
            raise ValueError("option ids must be unique within a question")
        if not set(self.correct) <= set(option_ids):
            raise ValueError("correct must name options of the question")
        if len(set(self.correct)) != len(self.correct):
            raise ValueError("correct must not repeat an option")
        if self.kind == "single" and len(self.correct) != 1:
            raise ValueError("a single-choice question has exactly one correct option")
        return self


class QuizIn(RequestModel):
    pass_percent: int = Field(ge=1, le=100)
    max_attempts: int = Field(ge=1, le=10)
    questions: list[QuestionIn] = Field(min_length=1, max_length=50)

    @model_validator(mode="after")
    def _unique_questions(self) -> QuizIn:
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids must be unique within a quiz")
        return self


class ContentIn(RequestModel):
    id: Id
    title: Title
    type: ContentType
    duration_minutes: int = Field(ge=0, le=24 * 60)
    mandatory: bool = True
    url: WebUrl | None = None
    quiz: QuizIn | None = None

    @model_validator(mode="after")
    def _quiz_only_for_quizzes(self) -> ContentIn:
        # a quiz content without its quiz: on create a 400 (QUIZ_REQUIRED, courses.py); on PUT it keeps the
        # quiz stored for that content id (the answers are never sent back to be re-sent)
        if self.type != "quiz" and self.quiz is not None:
            raise ValueError("only a quiz content has a quiz")
        return self


class ModuleIn(RequestModel):
    id: Id
    title: Title
    contents: list[ContentIn] = Field(min_length=1, max_length=50)


class CourseIn(RequestModel):
    """A course draft: the whole course (PUT replaces it)."""

    title: Title
    description: str = Field(default="", max_length=5000)
    language: Language = "en"
    competencies: list[CompetencyRef] = Field(default_factory=list, max_length=20)
    modules: list[ModuleIn] = Field(min_length=1, max_length=MAX_MODULES)

    @field_validator("title")
    @classmethod
    def _title_has_words(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the title must not be blank")
        return value

    @field_validator("modules")
    @classmethod
    def _unique_ids(cls, modules: list[ModuleIn]) -> list[ModuleIn]:
        module_ids = [m.id for m in modules]
        if len(set(module_ids)) != len(module_ids):
            raise ValueError("module ids must be unique within the course")
        content_ids = [c.id for m in modules for c in m.contents]
        if len(content_ids) > MAX_CONTENTS:
            raise ValueError(f"a course has at most {MAX_CONTENTS} contents")
        if len(set(content_ids)) != len(content_ids):
            raise ValueError("content ids must be unique within the course")
        if sum(1 for m in modules for c in m.contents if c.type == "quiz") > MAX_QUIZZES:
            raise ValueError(f"a course has at most {MAX_QUIZZES} quizzes")
        return modules

    @field_validator("competencies")
    @classmethod
    def _competencies_once(cls, competencies: list[CompetencyRef]) -> list[CompetencyRef]:
        ids = [c.competency_id for c in competencies]
        if len(set(ids)) != len(ids):
            raise ValueError("a competency is listed once")
        return competencies


class CourseUpdate(CourseIn):
    version: int = Field(ge=1)


class TransitionIn(RequestModel):
    """Optional body of review/publish/retire: the version the caller saw."""

    version: int | None = Field(default=None, ge=1)


# ---- course views -----------------------------------------------------------------------------------------

class CompetencyLevel(CamelModel):
    competency_id: str
    level: int


class Media(CamelModel):
    """The file of a video, audio, pdf or scorm content as processing left it (absent: none uploaded yet).
    While a new upload is PROCESSING (or was REJECTED) learners keep the previous READY file."""

    status: MediaStatus
    reason: str | None = None
    duration_seconds: int | None = None
    page_count: int | None = None
    media_type: str | None = None
    size_bytes: int | None = None
    upload_id: str | None = None


class ContentOut(CamelModel):
    id: str
    title: str
    type: ContentType
    duration_minutes: int
    mandatory: bool
    url: str | None = None
    media: Media | None = None
    question_count: int | None = None
    pass_percent: int | None = None
    max_attempts: int | None = None


class ModuleOut(CamelModel):
    id: str
    title: str
    contents: list[ContentOut]


class CourseSummary(CamelModel):
    id: str
    title: str
    description: str
    language: str
    competencies: list[CompetencyLevel]
    duration_minutes: int
    published_at: str | None = None
    provider_org_id: str | None = None
    rating: RatingSummary | None = Field(None, description="the catalogue's cards: the average stars and their count")


class Course(CourseSummary):
    status: CourseStatus
    author_id: str
    modules: list[ModuleOut]
    version: int
    created_at: str
    updated_at: str
    revision: int | None = Field(default=None, description="1 for the first published version, then +1 per revision")
    revision_of: str | None = Field(default=None, description="a revision (a Draft copy): the Live course it revises")
    open_revision_id: str | None = Field(default=None, description="a Live course: its revision being prepared")
    last_review_id: str | None = Field(default=None, description="the review that last sent it back")


class CourseStats(CamelModel):
    course_id: str
    enrolments: int
    completions: int


# ---- batches ----------------------------------------------------------------------------------------------

class BatchIn(RequestModel):
    name: Title
    name_hi: Title | None = None
    start_date: date
    end_date: date
    enrollment_start_date: date | None = None
    enrollment_end_date: date
    seats: int = Field(ge=1, le=100_000)
    requires_approval: bool = False
    org_id: Annotated[str, Field(min_length=1, max_length=64)] | None = None


class Batch(CamelModel):
    id: str
    course_id: str
    name: str
    name_hi: str | None = Field(default=None, description="The name in Hindi, when there is one (a client shows it in the Hindi UI)")
    start_date: str
    end_date: str
    enrollment_start_date: str
    enrollment_end_date: str
    seats: int
    seats_taken: int
    requires_approval: bool
    org_id: str | None = None
    created_at: str
    version: int = Field(default=1, description="Give it back to PATCH the batch")
    created_by_org_id: str | None = Field(default=None, description="The org whose batch managers change it")


# ---- enrolments -------------------------------------------------------------------------------------------

class EnrolmentIn(RequestModel):
    batch_id: Id


class EnrolmentAccepted(CamelModel):
    enrolment_id: str
    status: EnrolmentStatus


class DecisionIn(RequestModel):
    reason: str | None = Field(default=None, max_length=500)


class Enrolment(CamelModel):
    id: str
    enrolment_id: str
    user_id: str
    org_id: str
    course_id: str
    course_title: str
    batch_id: str
    batch_name: str
    status: EnrolmentStatus
    reason: str | None = None
    completion_percentage: int = 0
    last_content_id: str | None = None
    completed_content_ids: list[str] = Field(default_factory=list)
    certificate_id: str | None = None
    requested_at: str
    updated_at: str
    completed_at: str | None = None
    version: int
    contents: list[ContentProgressOut] = Field(default_factory=list)
    next_content_id: str | None = None


class PendingEnrolment(CamelModel):
    id: str
    enrolment_id: str
    user_id: str
    learner_name: str | None = None
    course_id: str
    course_title: str
    batch_id: str
    batch_name: str
    status: EnrolmentStatus
    requested_at: str
    pending_since: str | None = None


# ---- progress ---------------------------------------------------------------------------------------------

class ProgressIn(RequestModel):
    content_id: Id
    status: ProgressStatus
    progress_percent: int = Field(default=0, ge=0, le=100)


class ProgressOut(CamelModel):
    enrolment_id: str
    completion_percentage: int
    status: EnrolmentStatus
    last_content_id: str | None = None
    certificate_id: str | None = None


class ContentProgressOut(CamelModel):
    """A content's progress in an enrolment: the verified share (media) or the declared one (links), and
    where the learner's player resumes: `{position}` (seconds; video, audio), `{page}` (pdf) or
    `{suspendData, lessonLocation}` (scorm); null before the first heartbeat."""

    content_id: str
    covered_percent: int
    completed: bool
    resume: dict[str, Any] | None = None


MAX_RANGES_PER_HEARTBEAT = 50
MAX_PAGES_PER_HEARTBEAT = 1000


class HeartbeatIn(RequestModel):
    """What a player saw since its previous heartbeat: `ranges` played ([fromSecond, toSecond]) and
    `position` (video, audio), `pages` viewed (pdf, in viewing order: the last is where it resumes) or the
    `cmi` values the SCORM 1.2 package set (scorm). `seq` grows within a session; `at` is the client's time
    of the heartbeat (sent by an offline queue; the server's time when absent)."""

    session_id: Id
    seq: int = Field(ge=0, le=2**31)
    at: datetime | None = None
    position: float | None = None
    ranges: list[tuple[float, float]] | None = Field(default=None, max_length=MAX_RANGES_PER_HEARTBEAT)
    pages: list[int] | None = Field(default=None, max_length=MAX_PAGES_PER_HEARTBEAT)
    cmi: dict[str, Any] | None = None


class HeartbeatOut(CamelModel):
    covered_percent: int
    completed: bool
