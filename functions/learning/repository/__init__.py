"""The learning hub's items and access patterns (docs/data-model.md, "Learning hub"); the only part of the
hub that talks to DynamoDB. Every multi-item change is one TransactWriteItems; every query here is listed
(L1…) in the data model.

The hub's services import this package and call `repository.<function>`; it is split by what is stored:

    courses.py       courses, quizzes, lifecycle and catalogue items, course counters
    batches.py       batches and their seat shards
    enrolments.py    enrolments, the one-per-course guard, the lifecycle's writes, waitlist and lists
    progress.py      progress, quiz attempts, the completion's transaction
    achievements.py  certificates, the karma ledger and leaderboard (reads)
    uploads.py       uploads of content files, the course's `pending` and `media` maps

A failed write condition is `db.ConditionFailed`, whose `reason` names the operation that failed (the
names are constants of the modules: "course", "batch", "seat", "enrolment", "guard", "candidate",
"attempts", "certificate", "notice", and the other hubs' — karma.LEDGER, completions.RECORD...). Nothing
here raises an AppError: the services decide what the client is told."""

from functions.learning.repository.achievements import (
    get_certificate,
    karma_ledger,
    leaderboard,
    revoke_certificate,
    revoke_certificate_op,
    set_certificate_pdf,
    user_certificates,
)
from functions.learning.repository.batches import (
    BATCH,
    SEAT,
    create_batch,
    free_seat_op,
    get_batch,
    list_batches,
    own_seat_shard,
    seat_op,
    seat_shard_of,
    seat_shards,
    seats_taken,
    shards_with_room,
)
from functions.learning.repository.courses import (
    COURSE,
    catalogue_page,
    counter_op,
    course_counts,
    courses_by_author,
    create_course,
    get_course,
    get_quiz,
    publish,
    replace_draft,
    retire,
    review_queue,
    search_catalogue,
    submit_for_review,
    transition,
)
from functions.learning.repository.enrolments import (
    ACTIVE,
    CANDIDATE,
    ENROLMENT,
    GUARD,
    await_approval,
    commit,
    confirm,
    create_enrolment,
    decide,
    delete_new_enrolment,
    end_request_ops,
    enrolment_context,
    first_waitlisted,
    get_active_enrolment,
    get_enrolment,
    leave_ops,
    leave_waitlist,
    pending_for_org,
    promote_ops,
    refuse,
    reserve_ops,
    user_enrolments,
    waitlist,
)
from functions.learning.repository.progress import (
    ATTEMPTS,
    CERTIFICATE,
    NOTICE,
    assessment_context,
    attempt_context,
    complete,
    completion_context,
    completion_ops,
    get_attempts,
    mark_follow_up_done,
    new_certificate_id,
    record_attempt,
    record_playback,
    record_progress,
    set_media_content_ids,
)
from functions.learning.repository.uploads import UPLOAD, complete_upload, create_upload, get_upload, set_media

__all__ = [
    "ACTIVE", "ATTEMPTS", "BATCH", "CANDIDATE", "CERTIFICATE", "COURSE", "ENROLMENT", "GUARD", "NOTICE", "SEAT",
    "assessment_context", "attempt_context", "await_approval", "catalogue_page", "commit", "complete",
    "completion_context", "completion_ops", "confirm", "counter_op", "course_counts", "courses_by_author",
    "create_batch", "create_course", "create_enrolment", "decide", "delete_new_enrolment", "end_request_ops",
    "enrolment_context", "first_waitlisted", "free_seat_op", "get_active_enrolment", "get_attempts", "get_batch",
    "get_certificate", "get_course", "get_enrolment", "get_quiz", "karma_ledger", "leaderboard", "leave_ops",
    "leave_waitlist", "list_batches", "mark_follow_up_done", "new_certificate_id", "own_seat_shard", "pending_for_org", "promote_ops",
    "publish", "record_attempt", "record_progress", "refuse", "replace_draft", "reserve_ops", "retire",
    "review_queue", "search_catalogue", "seat_op", "seat_shard_of", "seat_shards", "seats_taken",
    "shards_with_room", "submit_for_review", "transition", "user_certificates", "user_enrolments", "waitlist",
]
__all__ += ["record_playback", "set_media_content_ids"]
__all__ += ["UPLOAD", "complete_upload", "create_upload", "get_upload", "set_media"]
__all__ += ["revoke_certificate", "revoke_certificate_op", "set_certificate_pdf"]
