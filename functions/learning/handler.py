"""HTTP routes of the learning hub: courses and their lifecycle, the catalogue, batches, enrolments (the
Step Functions workflow decides them), progress, assessments, certificates and karma."""

from __future__ import annotations

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query
from aws_lambda_powertools.shared.cookies import Cookie, SameSite

from functions.learning import (
    achievements,
    batch_admin,
    batches,
    catalogue,
    cdn,
    certificates_routes,
    courses,
    enrolment_views,
    enrolments,
    heartbeats,
    playback,
    progress,
    ratings,
    reviews,
    uploads,
)
from functions.learning.achievement_models import AssessmentOut, AttemptIn, AttemptOut, Karma, Leaderboard
from functions.learning.batch_models import BatchUpdate, BatchWaitlist
from functions.learning.models import (
    Batch,
    BatchIn,
    Course,
    CourseIn,
    CourseStats,
    CourseSummary,
    CourseUpdate,
    DecisionIn,
    Enrolment,
    EnrolmentAccepted,
    EnrolmentIn,
    HeartbeatIn,
    HeartbeatOut,
    PendingEnrolment,
    ProgressIn,
    ProgressOut,
    TransitionIn,
)
from functions.learning.rating_models import Rating, RatingIn, RatingsPage
from functions.learning.review_models import Review, SendBackIn
from functions.learning.upload_models import CompleteIn, PlayOut, Upload, UploadAccepted, UploadIn, UploadState
from karmayogi.platform.api import (
    Cursor,
    Limit,
    caller,
    documented,
    errors,
    idempotent,
    lambda_entry,
    language,
    make_resolver,
    no_content,
)
from karmayogi.platform.models import DEFAULT_LIMIT, PageOf

app = make_resolver()

# Imported by SnapStart's before-snapshot hook (karmayogi.platform.snapstart), not here: the certificate PDF's
# libraries (fpdf2 with fontTools and Pillow, HarfBuzz, segno: ~400 modules) would otherwise load on a restored
# container's first PDF (docs/benchmarks.md § 9).
SNAPSHOT_IMPORTS = ("fpdf", "fpdf.fonts", "uharfbuzz", "segno", "functions.learning.certificates_pdf")

CourseId = Annotated[str, Path(alias="courseId", max_length=64)]
EnrolmentId = Annotated[str, Path(alias="enrolmentId", max_length=64)]
ContentId = Annotated[str, Path(alias="contentId", max_length=64)]
OrgId = Annotated[str, Path(alias="orgId", max_length=64)]
UploadId = Annotated[str, Path(alias="uploadId", max_length=64)]
Transition = Annotated[TransitionIn | None, Body()]

# Given `responses`, Powertools documents only the statuses listed: a 200 route lists its success answer
# too (described here; its body comes from the route's return annotation).


# ---- courses -------------------------------------------------------------------------------------------------

@app.get("/courses", tags=["Learning"],
         summary="The Live catalogue (search; filter by competency, language, duration, provider)",
         description="A page holds at most `limit` courses and is never empty while more courses match; each "
                     "card carries its `rating` (`average`, `count`).",
         responses=documented(403))
def list_courses(
    q: Annotated[str | None, Query(max_length=100)] = None,
    competency_id: Annotated[str | None, Query(alias="competencyId", max_length=64)] = None,
    mine: Annotated[bool, Query(description="the caller's own courses, any status")] = False,
    status: Annotated[Literal["Review"] | None, Query(description="Review: the review queue")] = None,
    language: Annotated[Literal["en", "hi"] | None, Query(description="the course's language")] = None,
    duration: Annotated[catalogue.Duration | None,
                        Query(description="short: under 1 hour, medium: 1 to 3 hours, long: over 3 hours")] = None,
    provider: Annotated[str | None, Query(max_length=64, description="the providing org's id")] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[CourseSummary]:
    return catalogue.list_courses(caller(app), q, competency_id, mine, status, limit, cursor,
                                  language=language, duration=duration, provider=provider)


@app.post("/courses", tags=["Learning"], summary="Create a course draft (CONTENT_CREATOR)",
          status_code=201, middlewares=[idempotent],
          responses={**errors(403, 409),
                     201: {"description": "The draft", "content": {"application/json": {"model": Course}}}})
def create_course(body: CourseIn) -> Course:
    return courses.create_course(caller(app), body)


@app.get("/courses/<courseId>", tags=["Learning"], summary="One course with its modules and contents",
         responses=documented(404))
def get_course(course_id: CourseId) -> Course:
    return courses.get_course(caller(app), course_id)


@app.put("/courses/<courseId>", tags=["Learning"], summary="Replace a Draft (its author; version-checked)",
         responses=documented(403, 404, 409))
def update_course(course_id: CourseId, body: CourseUpdate) -> Course:
    return courses.update_course(caller(app), course_id, body)


@app.post("/courses/<courseId>/review", tags=["Learning"], summary="Submit a Draft for review (its author)",
          description="Every video, audio, pdf and scorm content must have its file READY (and no newer upload "
                      "still PROCESSING): 409 MEDIA_NOT_READY otherwise, its `details.contentIds` naming them.",
          responses=documented(403, 404, 409))
def submit_for_review(course_id: CourseId, body: Transition = None) -> Course:
    return courses.submit_for_review(caller(app), course_id, body.version if body else None)


@app.post("/courses/<courseId>/publish", tags=["Learning"],
          summary="Publish a course in Review (CONTENT_PUBLISHER or MDO_ADMIN of its org)",
          responses=documented(403, 404, 409))
def publish(course_id: CourseId, body: Transition = None) -> Course:
    return reviews.publish(caller(app), course_id, body.version if body else None)


@app.post("/courses/<courseId>/send-back", tags=["Learning"],
          summary="Send a course in Review back to its author with comments (CONTENT_PUBLISHER or MDO_ADMIN of its org)",
          description="Each comment names one of the course's contents (`contentId`) or none (the whole course); "
                      "400 UNKNOWN_CONTENT for a content not in the course. The course returns to Draft; the "
                      "comments are kept in its review history.",
          responses=documented(403, 404, 409))
def send_back(course_id: CourseId, body: SendBackIn) -> Course:
    return reviews.send_back(caller(app), course_id, body)


@app.get("/courses/<courseId>/reviews", tags=["Learning"],
         summary="A course's review history, oldest first (its authors and publishers)",
         responses=documented(403, 404))
def list_reviews(course_id: CourseId, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> PageOf[Review]:
    return reviews.list_reviews(caller(app), course_id, limit, cursor)


@app.post("/courses/<courseId>/versions", tags=["Learning"],
          summary="Revise a Live course as a new version: a Draft copy (its author or a CONTENT_CREATOR of its org)",
          description="One open revision at a time: 409 REVISION_OPEN with `details.revisionId`. The revision is "
                      "edited, uploaded to and reviewed like any Draft; publishing it replaces the Live course's "
                      "contents under the same id, and learners keep the progress of contents that stayed.",
          status_code=201, middlewares=[idempotent],
          responses={**errors(403, 404, 409),
                     201: {"description": "The revision (a Draft)", "content": {"application/json": {"model": Course}}}})
def create_version(course_id: CourseId) -> Course:
    return reviews.create_version(caller(app), course_id)


@app.post("/courses/<courseId>/retire", tags=["Learning"],
          summary="Retire a Live course (CONTENT_PUBLISHER or MDO_ADMIN of its org)",
          responses=documented(403, 404, 409))
def retire(course_id: CourseId, body: Transition = None) -> Course:
    return courses.retire(caller(app), course_id, body.version if body else None)


@app.get("/courses/<courseId>/stats", tags=["Learning"], summary="Enrolment and completion counts",
         responses=documented(403, 404))
def course_stats(course_id: CourseId) -> CourseStats:
    return courses.course_stats(caller(app), course_id)


# ---- content files -------------------------------------------------------------------------------------------

@app.post("/courses/<courseId>/contents/<contentId>/uploads", tags=["Learning"],
          summary="Open an upload of a content's file (the course's author, while Draft)",
          description="A presigned POST (`url`, `fields`) whose policy fixes the key, the media type and the "
                      "exact size; above 100 MiB a multipart upload (`parts`, `partSize`). Files straight to the "
                      "media bucket. Media types and limits by content type (functions/learning/media/limits.py; "
                      "a test holds this text to it): video (video/mp4, video/webm, video/quicktime; 2 GiB), "
                      "audio (audio/mpeg, audio/mp4, audio/aac, audio/wav, audio/ogg; 200 MiB), pdf "
                      "(application/pdf; 100 MiB), scorm (a SCORM 1.2 zip: application/zip, "
                      "application/x-zip-compressed; 500 MiB). A link or quiz content has no file (400 "
                      "NOT_UPLOADABLE); another media type "
                      "is 400 MEDIA_TYPE_NOT_ALLOWED, a larger file 400 FILE_TOO_LARGE.",
          status_code=201, middlewares=[idempotent],
          responses={**errors(403, 404, 409),
                     201: {"description": "Where to send the file", "content": {"application/json": {"model": Upload}}}})
def open_upload(course_id: CourseId, content_id: ContentId, body: UploadIn) -> Upload:
    return uploads.start_upload(caller(app), course_id, content_id, body)


@app.get("/courses/<courseId>/contents/<contentId>/uploads/<uploadId>", tags=["Learning"],
         summary="An upload as it stands: the parts S3 has and fresh addresses of the missing ones (resume)",
         responses=documented(403, 404))
def upload_state(course_id: CourseId, content_id: ContentId, upload_id: UploadId) -> UploadState:
    return uploads.upload_state(caller(app), course_id, content_id, upload_id)


@app.post("/courses/<courseId>/contents/<contentId>/uploads/<uploadId>/complete", tags=["Learning"],
          summary="The file is sent: the content's media becomes PROCESSING (202), then READY or REJECTED",
          description="A multipart upload lists every part with the ETag S3 answered (400 PARTS_MISMATCH "
                      "otherwise); a file (or part) S3 does not hold yet is 409 UPLOAD_INCOMPLETE. Repeating "
                      "the call is harmless. The content's previous file stays until the new one is READY.",
          status_code=202,
          responses={**errors(403, 404, 409),
                     202: {"description": "Accepted: processing", "content": {"application/json": {
                         "model": UploadAccepted}}}})
def complete_upload(course_id: CourseId, content_id: ContentId, upload_id: UploadId,
                    body: Annotated[CompleteIn | None, Body()] = None) -> UploadAccepted:
    return uploads.complete_upload(caller(app), course_id, content_id, upload_id, body or CompleteIn())


# ---- playback ------------------------------------------------------------------------------------------------

PLAY_DESCRIPTION = (
    "`url` opens the content: for a video the HLS master playlist, for audio and pdf the file, for scorm the "
    "package's launch page, signed (CloudFront custom policy, in the query string) until `expiresAt` (2 hours); "
    "the answer also sets CloudFront's signed cookies (CloudFront-Policy, CloudFront-Signature, "
    "CloudFront-Key-Pair-Id; Secure, HttpOnly, SameSite=Strict) for the file's path, which sign what it loads "
    "by relative address (renditions, segments, a package's pages). A link answers its own address, unsigned. "
    "A quiz is not played (409 CONTENT_NOT_PLAYABLE); a file not READY yet is 409 MEDIA_NOT_READY.")


def _played(play: PlayOut, access: cdn.SignedAccess | None) -> Response[PlayOut]:
    cookies = [Cookie(name, value, path=access.cookie_path, secure=True, http_only=True,
                      same_site=SameSite.STRICT_MODE, expires=access.expires_at)
               for name, value in access.cookies.items()] if access else None
    return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=play, cookies=cookies,
                    headers={"Cache-Control": "no-store"})


@app.get("/enrolments/<enrolmentId>/contents/<contentId>/play", tags=["Learning"],
         summary="Play a content of the course (the enrolment's learner, while enrolled or completed)",
         description=PLAY_DESCRIPTION + " Another learner's enrolment is not found; an enrolment that is not "
                                        "ENROLLED or COMPLETED is 409 ENROLMENT_NOT_ACTIVE.",
         responses=documented(404, 409))
def play(enrolment_id: EnrolmentId, content_id: ContentId) -> Response[PlayOut]:
    return _played(*playback.play_enrolled(caller(app), enrolment_id, content_id))


@app.get("/courses/<courseId>/contents/<contentId>/play", tags=["Learning"],
         summary="Preview a content (the course's author, its reviewers and publishers, SPV_ADMIN)",
         description=PLAY_DESCRIPTION + " Anyone else: 403 NOT_A_REVIEWER for a Live course (learners play "
                                        "through their enrolment), 404 for any other.",
         responses=documented(403, 404, 409))
def preview(course_id: CourseId, content_id: ContentId) -> Response[PlayOut]:
    return _played(*playback.preview(caller(app), course_id, content_id))


# ---- batches -------------------------------------------------------------------------------------------------

@app.post("/courses/<courseId>/batches", tags=["Learning"],
          summary="Create a batch (MDO_ADMIN, PROGRAM_COORDINATOR)",
          status_code=201, middlewares=[idempotent],
          responses={**errors(403, 404, 409),
                     201: {"description": "The batch", "content": {"application/json": {"model": Batch}}}})
def create_batch(course_id: CourseId, body: BatchIn) -> Batch:
    return batches.create_batch(caller(app), course_id, body)


@app.get("/courses/<courseId>/batches", tags=["Learning"], summary="A course's batches", responses=documented(404))
def list_batches(course_id: CourseId, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> PageOf[Batch]:
    return batches.list_batches(caller(app), course_id, limit, cursor)


BatchId = Annotated[str, Path(alias="batchId", max_length=64)]


@app.patch("/courses/<courseId>/batches/<batchId>", tags=["Learning"],
           summary="Change a batch's name, seats or dates (its org's MDO_ADMIN, PROGRAM_COORDINATOR; SPV_ADMIN)",
           description="Give the `version` the batch was read at (409 VERSION_CONFLICT when it changed since). "
                       "Seats never go below the seats taken (409 SEATS_BELOW_TAKEN); more seats go to the "
                       "waitlist at once. A batch that has ended cannot change (409 BATCH_ENDED); dates that "
                       "contradict each other are 400 INVALID_DATES with the fields named.",
           responses=documented(403, 404, 409))
def update_batch(course_id: CourseId, batch_id: BatchId, body: BatchUpdate) -> Batch:
    return batch_admin.update_batch(caller(app), course_id, batch_id, body)


@app.get("/courses/<courseId>/batches/<batchId>/waitlist", tags=["Learning"],
         summary="The learners waiting for a seat, in order (the batch's managers)",
         responses=documented(403, 404))
def batch_waitlist(course_id: CourseId, batch_id: BatchId, limit: Limit = DEFAULT_LIMIT) -> BatchWaitlist:
    return batch_admin.waitlist(caller(app), course_id, batch_id, limit)


# ---- enrolments ----------------------------------------------------------------------------------------------

@app.post("/courses/<courseId>/enrolments", tags=["Learning"],
          summary="Request an enrolment (202: the enrolment workflow decides)",
          status_code=202, middlewares=[idempotent],
          responses={**errors(403, 404, 409),
                     202: {"description": "Accepted: REQUESTED, the workflow decides",
                           "content": {"application/json": {"model": EnrolmentAccepted}}}})
def request_enrolment(course_id: CourseId, body: EnrolmentIn) -> EnrolmentAccepted:
    return enrolments.request_enrolment(caller(app), course_id, body.batch_id, language(app))


@app.get("/enrolments/<enrolmentId>", tags=["Learning"], summary="One enrolment (its learner or their org's admins)",
         responses=documented(404))
def get_enrolment(enrolment_id: EnrolmentId) -> Enrolment:
    return enrolment_views.get_enrolment(caller(app), enrolment_id)


@app.delete("/enrolments/<enrolmentId>", tags=["Learning"], summary="Leave (the seat goes to the waitlist)",
            status_code=204,
            responses={**errors(404, 409), 204: {"description": "Left (or, while pending approval, withdrawn)"}})
def leave(enrolment_id: EnrolmentId) -> Response[str]:
    enrolments.leave(caller(app), enrolment_id)
    return no_content()


@app.post("/enrolments/<enrolmentId>/approve", tags=["Learning"],
          summary="Approve a pending request (MDO_ADMIN or PROGRAM_COORDINATOR of the learner's org)",
          responses=documented(403, 404, 409))
def approve(enrolment_id: EnrolmentId) -> Enrolment:
    return enrolments.approve(caller(app), enrolment_id)


@app.post("/enrolments/<enrolmentId>/reject", tags=["Learning"],
          summary="Reject a pending request (MDO_ADMIN or PROGRAM_COORDINATOR of the learner's org)",
          responses=documented(403, 404, 409))
def reject(enrolment_id: EnrolmentId, body: Annotated[DecisionIn | None, Body()] = None) -> Enrolment:
    return enrolments.reject(caller(app), enrolment_id, body.reason if body else None)


@app.put("/enrolments/<enrolmentId>/progress", tags=["Learning"], summary="Record progress on a content",
         responses=documented(404, 409))
def update_progress(enrolment_id: EnrolmentId, body: ProgressIn) -> ProgressOut:
    return progress.update_progress(caller(app), enrolment_id, body)


@app.post("/enrolments/<enrolmentId>/contents/<contentId>/heartbeats", tags=["Learning"],
          summary="A player's heartbeat: what was played or viewed (video, audio, pdf, scorm); verified progress",
          description="Video/audio `{sessionId, seq, position, ranges: [[fromSecond, toSecond]...]}`, pdf "
                      "`{sessionId, seq, pages: [n...]}`, scorm `{sessionId, seq, cmi: {...}}` (SCORM 1.2 element "
                      "names, flat or nested; 400 INVALID_CMI outside the data model); optional `at` (ISO, the "
                      "client's time, for queued offline heartbeats). The server merges what was played, measures "
                      "it against the duration or page count it measured, and completes the content at 90 % "
                      "(video, audio), every page (pdf) or lesson_status completed/passed (scorm). 400 "
                      "IMPLAUSIBLE_PROGRESS (`details.reason`: FASTER_THAN_2X, WALL_TIME_ALREADY_CLAIMED, "
                      "REPLAYED_SEQ, BAD_RANGE, BAD_POSITION, PAGE_OUT_OF_RANGE, FUTURE_TIMESTAMP, "
                      "STALE_TIMESTAMP, TIME_WENT_BACK) counts nothing; 400 HEARTBEAT_MISMATCH when the body is "
                      "not the content type's. 404 for another's enrolment or a content not of its course; 409 "
                      "ENROLMENT_NOT_ACTIVE, CONTENT_NOT_PLAYABLE (link, quiz), MEDIA_NOT_READY.",
          responses=documented(404, 409))
def heartbeat(enrolment_id: EnrolmentId, content_id: ContentId, body: HeartbeatIn) -> HeartbeatOut:
    return heartbeats.record_heartbeat(caller(app), enrolment_id, content_id, body)


@app.get("/me/enrolments", tags=["Learning"], summary="My enrolments")
def my_enrolments(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> PageOf[Enrolment]:
    return enrolment_views.my_enrolments(caller(app), limit, cursor)


@app.get("/orgs/<orgId>/enrolments", tags=["Learning"],
         summary="Requests of the org's learners waiting for approval (MDO_ADMIN, PROGRAM_COORDINATOR)",
         responses=documented(403))
def org_enrolments(
    org_id: OrgId,
    status: Annotated[Literal["PENDING_APPROVAL"], Query()] = "PENDING_APPROVAL",
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PageOf[PendingEnrolment]:
    return enrolment_views.org_enrolments(caller(app), org_id, status, limit, cursor)


# ---- assessments ---------------------------------------------------------------------------------------------

@app.get("/courses/<courseId>/assessments/<contentId>", tags=["Learning"],
         summary="A quiz's questions (never the answers); enrolled learners", responses=documented(403, 404))
def get_assessment(course_id: CourseId, content_id: ContentId) -> AssessmentOut:
    return progress.get_assessment(caller(app), course_id, content_id)


@app.post("/courses/<courseId>/assessments/<contentId>/attempts", tags=["Learning"],
          summary="Submit answers: scored on the server", responses=documented(403, 404, 409))
def attempt(course_id: CourseId, content_id: ContentId, body: AttemptIn) -> AttemptOut:
    return progress.attempt(caller(app), course_id, content_id, body)


# ---- certificates and karma ----------------------------------------------------------------------------------

@app.get("/me/karma", tags=["Learning"], summary="My karma points and their ledger")
def my_karma(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Karma:
    return achievements.my_karma(caller(app), limit, cursor)


@app.get("/orgs/<orgId>/leaderboard", tags=["Learning"], summary="An org's top learners by karma in a month",
         responses=documented(403))
def leaderboard(
    org_id: OrgId,
    month: Annotated[str | None, Query(max_length=7, description="YYYY-MM (default: this month)")] = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Leaderboard:
    return achievements.leaderboard(caller(app), org_id, month, limit)


# ---- ratings and reviews ------------------------------------------------------------------------------------

@app.put("/courses/<courseId>/rating", tags=["Learning"],
         summary="Rate a course I completed (1-5 stars, an optional review); rating again replaces it",
         description="403 COURSE_NOT_COMPLETED unless the caller completed the course.",
         responses=documented(403, 404, 409))
def rate_course(course_id: CourseId, body: RatingIn) -> Rating:
    return ratings.rate(caller(app), course_id, body)


@app.get("/courses/<courseId>/ratings", tags=["Learning"],
         summary="A course's ratings and reviews, newest first, with its average and my own rating",
         responses=documented(404))
def course_ratings(course_id: CourseId, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> RatingsPage:
    return ratings.ratings(caller(app), course_id, limit, cursor)


# Certificates (the list, verification with the credential, the PDF, the issuer's key): routes of their own.
app.include_router(certificates_routes.router)

handler = lambda_entry(app)
