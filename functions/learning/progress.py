"""Learning progress, assessments and completion: per-content progress (idempotent), completion over the
mandatory contents, quizzes scored on the server, and — exactly once — the certificate and karma."""

from __future__ import annotations

from typing import Any

from functions.learning import repository
from functions.learning.enrolments import enrolment_not_found, percentage
from functions.learning.models import AssessmentOut, AttemptIn, AttemptOut, ProgressIn, ProgressOut, QuestionOut
from functions.learning.repository import StateChanged
from karmayogi import clock, completions, karma, keys, notifications
from karmayogi.errors import AppError, bad_request, conflict, forbidden, not_found
from karmayogi.identity import Caller
from karmayogi.observability import logger

LEARNING = ("ENROLLED", "COMPLETED")


# ---- progress ------------------------------------------------------------------------------------------------

def update_progress(caller: Caller, enrolment_id: str, body: ProgressIn) -> ProgressOut:
    """One conditional UpdateItem (owner, status, content of the course); on a refused condition, one
    read says why. At 100% the completion transaction runs (once, however many race)."""
    try:
        enrolment = repository.record_progress(enrolment_id, caller.user_id, body.content_id,
                                               body.status == "completed", body.progress_percent, clock.now_iso())
    except StateChanged as error:
        raise _why_refused(caller, enrolment_id, body.content_id) from error
    enrolment = finish_if_complete(enrolment)
    return _progress_view(enrolment)


def _why_refused(caller: Caller, enrolment_id: str, content_id: str) -> AppError:
    enrolment = repository.get_enrolment(enrolment_id, consistent=True)
    if enrolment is None or enrolment["userId"] != caller.user_id:
        return enrolment_not_found()
    if enrolment["status"] not in LEARNING:
        return conflict("ENROLMENT_NOT_ACTIVE", f"The enrolment is {enrolment['status']}",
                        {"status": enrolment["status"]})
    if content_id not in enrolment.get("contentIds", []):
        return not_found("The content", "CONTENT_NOT_FOUND")
    return conflict("ENROLMENT_CHANGED", "The enrolment changed meanwhile; retry")


def _progress_view(enrolment: dict[str, Any]) -> ProgressOut:
    return ProgressOut(enrolment_id=enrolment["id"], completion_percentage=percentage(enrolment),
                       status=enrolment["status"], last_content_id=enrolment.get("lastContentId"),
                       certificate_id=enrolment.get("certificateId"))


def finish_if_complete(enrolment: dict[str, Any]) -> dict[str, Any]:
    """At 100% of an ENROLLED enrolment: flip it to COMPLETED, issue the certificate and credit karma in
    one transaction conditioned on the enrolment still being ENROLLED, so concurrent final updates issue
    exactly one certificate. Then notify and hand over to karmayogi.completions."""
    if enrolment["status"] == "COMPLETED":
        if not enrolment.get("followUpDone"):
            _follow_up(enrolment)
        return enrolment
    if enrolment["status"] != "ENROLLED" or percentage(enrolment) < 100:
        return enrolment
    found_profile, found_course = repository.completion_context(enrolment["userId"], enrolment["courseId"])
    profile, course = found_profile or {}, found_course or {}
    org_id = str(profile.get("orgId") or enrolment["orgId"])
    now = clock.now_iso()
    certificate_id = keys.new_certificate_id()
    pk, sk = keys.certificate_key(certificate_id)
    competencies = course.get("competencies", [])
    certificate = {
        "PK": pk, "SK": sk, "entityType": "Certificate", "id": certificate_id, "userId": enrolment["userId"],
        "learnerName": profile.get("name") or enrolment.get("learnerName", ""),
        "courseId": enrolment["courseId"], "courseTitle": course.get("title", enrolment["courseTitle"]),
        "enrolmentId": enrolment["id"], "issuedAt": now, "competencies": competencies,
        "GSI1PK": keys.user_certificates_gsi(enrolment["userId"]), "GSI1SK": f"{now}#{certificate_id}",
    }
    credits = [("COURSE_COMPLETED", enrolment["courseId"])]
    if enrolment.get("passedAssessments"):
        credits.append(("ASSESSMENT_PASSED", enrolment["courseId"]))
    karma_ops = karma.credits_ops(enrolment["userId"], org_id, credits)
    try:
        repository.complete(enrolment, certificate, karma_ops, now)
    except StateChanged as error:
        current = repository.get_enrolment(enrolment["id"], consistent=True)
        if current is not None and current["status"] == "COMPLETED":
            return current  # another request completed it first: one certificate
        if error.index in range(2, 2 + len(credits)):
            logger.warning("course credited before; completion not recorded", extra={"enrolmentId": enrolment["id"]})
        raise conflict("ENROLMENT_CHANGED", "The enrolment changed meanwhile; retry") from error
    completed = {**enrolment, "status": "COMPLETED", "completedAt": now, "certificateId": certificate_id}
    points = sum(karma.POINTS[reason] for reason, _ in credits)
    # Best effort (notify never raises): the certificate exists whether or not the message is stored.
    notifications.notify(enrolment["userId"], "CERTIFICATE_ISSUED",
                         {"course": certificate["courseTitle"], "name": certificate["learnerName"],
                          "certificateId": certificate_id, "points": points},
                         email=profile.get("email"), language=enrolment.get("language", "en"),
                         link=f"/certificates/{certificate_id}")
    _follow_up(completed, course, org_id)
    return completed


def _follow_up(enrolment: dict[str, Any], course: dict[str, Any] | None = None, org_id: str | None = None) -> None:
    """The course's competencies enter the passbook and plans are credited (karmayogi.completions; it is
    idempotent, so a failure here is retried by the learner's next progress write)."""
    course = course or repository.get_course(enrolment["courseId"]) or {}
    try:
        completions.course_completed(
            enrolment["userId"], org_id or enrolment["orgId"], enrolment["courseId"],
            [(c["competencyId"], int(c["level"])) for c in course.get("competencies", [])],
            str(enrolment.get("completedAt") or clock.now_iso()), str(enrolment.get("certificateId") or ""),
        )
        repository.mark_follow_up_done(enrolment["id"])
    except Exception:
        logger.exception("completion follow-up failed; retried on the next progress write",
                         extra={"enrolmentId": enrolment["id"]})


# ---- assessments ---------------------------------------------------------------------------------------------

def _assessment(caller: Caller, course_id: str, content_id: str) -> tuple[dict[str, Any], dict[str, Any],
                                                                          dict[str, Any] | None]:
    """The caller's learning enrolment in the course (found through their one-per-course guard), the quiz
    and their attempts at it: two reads (the guard, then one BatchGetItem)."""
    guard = repository.get_active_enrolment(caller.user_id, course_id)
    enrolment, quiz, attempts = (repository.assessment_context(guard["enrolmentId"], course_id, content_id)
                                 if guard else (None, None, None))
    if enrolment is None or enrolment["status"] not in LEARNING:
        raise forbidden("Assessments are for learners enrolled in the course", code="NOT_ENROLLED")
    if quiz is None:
        raise not_found("The assessment", "ASSESSMENT_NOT_FOUND")
    return enrolment, quiz, attempts


def get_assessment(caller: Caller, course_id: str, content_id: str) -> AssessmentOut:
    """The quiz's questions and options — never which options are correct. (An active enrolment in the
    course is what makes it readable: no separate read of the course.)"""
    _, quiz, attempts = _assessment(caller, course_id, content_id)
    attempts = attempts or {}
    questions = [
        QuestionOut(id=q["id"], text=q["text"], kind=q["kind"],
                    options=[{"id": o["id"], "text": o["text"]} for o in q["options"]])  # type: ignore[misc]
        for q in quiz["questions"]
    ]
    return AssessmentOut(
        course_id=course_id, content_id=content_id, title=quiz.get("title", ""), pass_percent=quiz["passPercent"],
        max_attempts=quiz["maxAttempts"], attempts_used=int(attempts.get("attemptCount", 0)),
        best_score_percent=attempts.get("bestScorePercent"), passed=bool(attempts.get("passed")),
        questions=questions,
    )


def score(quiz: dict[str, Any], answers: dict[str, list[str]]) -> int:
    """Percent of questions answered exactly right (the set of chosen options equals the correct set)."""
    questions = {q["id"]: q for q in quiz["questions"]}
    unknown = sorted(set(answers) - set(questions))
    if unknown:
        raise bad_request("UNKNOWN_QUESTION", "Some answers are for questions not in this assessment",
                          [{"field": f"answers.{qid}", "message": "no such question"} for qid in unknown])
    problems = []
    for qid, chosen in answers.items():
        options = {o["id"] for o in questions[qid]["options"]}
        if not set(chosen) <= options:
            problems.append({"field": f"answers.{qid}", "message": "not an option of this question"})
        elif questions[qid]["kind"] == "single" and len(set(chosen)) > 1:
            problems.append({"field": f"answers.{qid}", "message": "choose one option"})
    if problems:
        raise bad_request("INVALID_ANSWER", "Some answers are not valid", problems)
    right = sum(1 for qid, q in questions.items() if set(answers.get(qid, [])) == set(q["correct"]))
    return (100 * right) // len(questions)


def attempt(caller: Caller, course_id: str, content_id: str, body: AttemptIn) -> AttemptOut:
    """Score on the server, keep the best score, enforce the retake limit, mark the quiz completed in
    progress when passed (same transaction), complete the course when that was the last content."""
    enrolment, quiz, previous = _assessment(caller, course_id, content_id)
    used = int(previous["attemptCount"]) if previous else 0
    if used >= int(quiz["maxAttempts"]):
        raise conflict("ATTEMPTS_EXHAUSTED", f"All {quiz['maxAttempts']} attempts have been used",
                       {"maxAttempts": quiz["maxAttempts"]})
    percent = score(quiz, body.answers)
    passed = percent >= int(quiz["passPercent"])
    best = max(percent, int(previous.get("bestScorePercent", 0)) if previous else 0)
    now = clock.now_iso()
    history = [*(previous or {}).get("scores", []), {"scorePercent": percent, "at": now}][-10:]
    item = {"entityType": "AssessmentAttempts", "enrolmentId": enrolment["id"], "userId": caller.user_id,
            "courseId": course_id, "contentId": content_id, "attemptCount": used + 1, "bestScorePercent": best,
            "passed": bool(passed or (previous or {}).get("passed")), "lastAttemptAt": now, "scores": history}
    try:
        repository.record_attempt(enrolment, content_id, previous, item, passed=passed, now=now)
    except StateChanged as error:
        raise conflict("ATTEMPT_IN_PROGRESS", "Another attempt was submitted at the same time; reload") from error
    if passed:
        enrolment = repository.get_enrolment(enrolment["id"], consistent=True) or enrolment
        enrolment = finish_if_complete(enrolment)
    return AttemptOut(
        attempt=used + 1, score_percent=percent, passed=passed, best_score_percent=best,
        pass_percent=int(quiz["passPercent"]), attempts_used=used + 1,
        attempts_remaining=int(quiz["maxAttempts"]) - used - 1, completion_percentage=percentage(enrolment),
        enrolment_status=enrolment["status"],
    )
