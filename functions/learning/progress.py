"""Learning progress, assessments and completion: per-content progress (idempotent), completion over the
mandatory contents, quizzes scored on the server, and — exactly once — the certificate and karma."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from functions.learning import orchestrator, repository, revisions
from functions.learning.achievement_models import AssessmentOut, AttemptIn, AttemptOut, QuestionOut
from functions.learning.enrolment_views import enrolment_not_found, percentage
from functions.learning.enrolments import media_content_ids
from functions.learning.models import ProgressIn, ProgressOut
from karmayogi.domain import completions, karma, notifications
from karmayogi.platform import clock
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import AppError, bad_request, conflict, forbidden, not_found
from karmayogi.platform.identity import Caller
from karmayogi.platform.observability import logger

LEARNING = ("ENROLLED", "COMPLETED")


# ---- progress ------------------------------------------------------------------------------------------------

def update_progress(caller: Caller, enrolment_id: str, body: ProgressIn) -> ProgressOut:
    """One conditional UpdateItem (owner, status, content of the course, not a media content); on a refused
    condition, one read says why. At 100% the completion transaction runs (once, however many race).
    Video, audio, pdf and scorm contents are counted only from heartbeats (heartbeats.py): 409
    PROGRESS_NOT_DECLARABLE; links (and quizzes, through their attempts) keep this route."""
    for _ in range(2):
        try:
            enrolment = repository.record_progress(enrolment_id, caller.user_id, body.content_id,
                                                   body.status == "completed", body.progress_percent,
                                                   clock.now_iso())
            break
        except ConditionFailed as error:
            refusal = _why_refused(caller, enrolment_id, body.content_id)
            if refusal is not None:
                raise refusal from error
    else:
        raise conflict("ENROLMENT_CHANGED", "The enrolment changed meanwhile; retry")
    enrolment = finish_if_complete(enrolment)
    return _progress_view(enrolment)


def _why_refused(caller: Caller, enrolment_id: str, content_id: str) -> AppError | None:
    """Why record_progress's condition failed; None when the enrolment only lacked `mediaContentIds` (made
    before media contents were told apart): it is given them from the course (one read, once) — retry."""
    enrolment = repository.get_enrolment(enrolment_id, consistent=True)
    if enrolment is None or enrolment["userId"] != caller.user_id:
        return enrolment_not_found()
    if enrolment["status"] not in LEARNING:
        return conflict("ENROLMENT_NOT_ACTIVE", f"The enrolment is {enrolment['status']}",
                        {"status": enrolment["status"]})
    if content_id not in enrolment.get("contentIds", []):
        rebased = revisions.rebase_for_course(enrolment)  # a content a revision added (revisions.py)
        if content_id in rebased.get("contentIds", []):
            return None
        return not_found("The content", "CONTENT_NOT_FOUND")
    media = enrolment.get("mediaContentIds")
    if media is None:
        course = repository.get_course(enrolment["courseId"])
        repository.set_media_content_ids(enrolment_id, media_content_ids(course) if course else [])
        return None
    if content_id in media:
        return conflict("PROGRESS_NOT_DECLARABLE",
                        "Progress on a video, audio, pdf or scorm content is counted from its player's heartbeats",
                        {"contentId": content_id})
    return conflict("ENROLMENT_CHANGED", "The enrolment changed meanwhile; retry")


def _progress_view(enrolment: dict[str, Any]) -> ProgressOut:
    return ProgressOut(enrolment_id=enrolment["id"], completion_percentage=percentage(enrolment),
                       status=enrolment["status"], last_content_id=enrolment.get("lastContentId"),
                       certificate_id=enrolment.get("certificateId"))


@dataclass
class Completion:
    """A course's completion, ready to write: the enrolment's new fields and the other (named) operations of
    the completion's transaction (repository.completion_ops), and what to say after the commit."""

    sets: dict[str, Any]
    ops: list[dict[str, Any]]
    certificate: dict[str, Any]
    org_id: str
    email: str | None
    notice: dict[str, Any]


def completion(enrolment: dict[str, Any], profile: dict[str, Any] | None, course: dict[str, Any] | None,
               recorded: dict[str, Any] | None, now: str) -> Completion:
    """Everything that must be atomic with the enrolment turning COMPLETED, as one transaction's operations:
    the certificate, the karma credits (at most once: conditional ledger entries), the completion counted,
    the completion record and the course's passbook entries (karmayogi.domain.completions), the in-app notice.
    What derives from them (passbook summary and gap counters, plans) follows the commit off the request
    (`start_follow_up`)."""
    profile, course = profile or {}, course or {}
    org_id = str(profile.get("orgId") or enrolment["orgId"])
    certificate_id = repository.new_certificate_id()
    competencies = course.get("competencies", [])
    certificate = {
        "id": certificate_id, "userId": enrolment["userId"],
        "learnerName": profile.get("name") or enrolment.get("learnerName", ""),
        "courseId": enrolment["courseId"], "courseTitle": course.get("title", enrolment["courseTitle"]),
        "enrolmentId": enrolment["id"], "issuedAt": now, "competencies": competencies,
        # the issuing org (the PDF and the credential name it): the course's provider, else its owning org
        "providerOrgId": course.get("providerOrgId") or course.get("orgId") or enrolment.get("orgId"),
    }
    credits = [("COURSE_COMPLETED", enrolment["courseId"])]
    if enrolment.get("passedAssessments"):
        credits.append(("ASSESSMENT_PASSED", enrolment["courseId"]))
    points = sum(karma.POINTS[reason] for reason, _ in credits)
    notice = {"course": certificate["courseTitle"], "name": certificate["learnerName"],
              "certificateId": certificate_id, "points": points}
    ops = repository.completion_ops(
        enrolment, certificate, org_id=org_id, credits=credits,
        competencies=[(c["competencyId"], int(c["level"])) for c in competencies],
        recorded=recorded is not None, notice=notice)
    return Completion(sets={"status": "COMPLETED", "completedAt": now, "certificateId": certificate_id}, ops=ops,
                      certificate=certificate, org_id=org_id, email=profile.get("email"), notice=notice)


def finish_if_complete(enrolment: dict[str, Any]) -> dict[str, Any]:
    """At 100% of an ENROLLED enrolment: flip it to COMPLETED with everything `completion` writes, in one
    transaction conditioned on the enrolment still being ENROLLED, so concurrent final updates issue
    exactly one certificate. Then the email, and the follow-up off the request."""
    if enrolment["status"] == "COMPLETED":
        if not enrolment.get("followUpDone"):
            start_follow_up(enrolment)
        return enrolment
    if enrolment["status"] != "ENROLLED" or percentage(enrolment) < 100:
        return enrolment
    profile, course, recorded = repository.completion_context(enrolment["userId"], enrolment["courseId"])
    now = clock.now_iso()
    done = completion(enrolment, profile, course, recorded, now)
    try:
        repository.complete(enrolment, done.sets, done.ops, now)
    except ConditionFailed as failed:
        current = repository.get_enrolment(enrolment["id"], consistent=True)
        if current is not None and current["status"] == "COMPLETED":
            return current  # another request completed it first: one certificate
        raise _completion_refused(enrolment, failed.reason == karma.LEDGER) from failed
    completed = {**enrolment, **done.sets, "version": int(enrolment.get("version", 0)) + 1}
    after_completion(completed, done)
    return completed


def _completion_refused(enrolment: dict[str, Any], credited_before: bool) -> AppError:
    if credited_before:
        logger.warning("course credited before; completion not recorded", extra={"enrolmentId": enrolment["id"]})
    return conflict("ENROLMENT_CHANGED", "The enrolment changed meanwhile; retry")


def after_completion(completed: dict[str, Any], done: Completion) -> None:
    """After the completion's commit: the certificate by email (best effort: the certificate and its in-app
    notice exist whether or not the mail goes) and the follow-up started."""
    if done.email:
        try:
            notifications.send_email(done.email, "CERTIFICATE_ISSUED", completed.get("language", "en"), done.notice)
        except Exception:
            logger.exception("certificate email failed", extra={"enrolmentId": completed["id"]})
    start_follow_up(completed)


def start_follow_up(enrolment: dict[str, Any]) -> None:
    """Run the completion's follow-up (passbook summary and gap counters, plans: `step_follow_up`) as an
    execution of the enrolment workflow, which retries it until it succeeds. Named after the enrolment's
    version, so the same state starts it once; a completed enrolment whose follow-up is not marked done is
    started again by the learner's next progress write or passed attempt (it is idempotent). Never raises:
    the completion has committed."""
    name = f"{enrolment['id']}-completed-{enrolment.get('version', 0)}"
    try:
        orchestrator.start(enrolment["id"], name=name, resume="completed")
    except Exception:
        logger.exception("could not start the completion follow-up; started again on the next progress write",
                         extra={"enrolmentId": enrolment["id"]})


def step_follow_up(enrolment_id: str) -> dict[str, Any]:
    """The workflow's CompletionFollowUp step: bring the passbook summary, the org gap counters and the
    plans up to date with the completion (karmayogi.domain.completions.after_course_completed; idempotent), then
    mark the enrolment's follow-up done."""
    enrolment = repository.get_enrolment(enrolment_id, consistent=True)
    if enrolment is None or enrolment["status"] != "COMPLETED":
        return {"followUp": "NOT_COMPLETED"}
    if enrolment.get("followUpDone"):
        return {"followUp": "DONE"}
    completions.after_course_completed(enrolment["userId"], enrolment["orgId"], enrolment["courseId"],
                                       str(enrolment.get("completedAt") or clock.now_iso()))
    repository.mark_follow_up_done(enrolment_id)
    return {"followUp": "DONE"}


# ---- assessments ---------------------------------------------------------------------------------------------

def _assessment(caller: Caller, course_id: str, content_id: str) -> tuple[dict[str, Any], dict[str, Any],
                                                                          dict[str, Any] | None]:
    """The caller's learning enrolment in the course (found through their one-per-course guard), the quiz
    and their attempts at it: two reads (the guard, then one BatchGetItem)."""
    guard = repository.get_active_enrolment(caller.user_id, course_id)
    enrolment, quiz, attempts = (repository.assessment_context(guard["enrolmentId"], course_id, content_id)
                                 if guard else (None, None, None))
    return _checked(enrolment, quiz, attempts)


def _checked(enrolment: dict[str, Any] | None, quiz: dict[str, Any] | None,
             attempts: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None]:
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
    progress when passed and, when that was the last content, complete the course — all in one
    transaction, after two reads (the guard, then one BatchGetItem of the enrolment, the quiz, the
    attempts and what a completion needs)."""
    guard = repository.get_active_enrolment(caller.user_id, course_id)
    context = (repository.attempt_context(guard["enrolmentId"], caller.user_id, course_id, content_id)
               if guard else {})
    enrolment, quiz, previous = _checked(context.get("enrolment"), context.get("quiz"), context.get("attempts"))
    used = int(previous["attemptCount"]) if previous else 0
    if used >= int(quiz["maxAttempts"]):
        raise conflict("ATTEMPTS_EXHAUSTED", f"All {quiz['maxAttempts']} attempts have been used",
                       {"maxAttempts": quiz["maxAttempts"]})
    percent = score(quiz, body.answers)
    passed = percent >= int(quiz["passPercent"])
    best = max(percent, int(previous.get("bestScorePercent", 0)) if previous else 0)
    now = clock.now_iso()
    history = [*(previous or {}).get("scores", []), {"scorePercent": percent, "at": now}][-10:]
    item = {"enrolmentId": enrolment["id"], "userId": caller.user_id,
            "courseId": course_id, "contentId": content_id, "attemptCount": used + 1, "bestScorePercent": best,
            "passed": bool(passed or (previous or {}).get("passed")), "lastAttemptAt": now, "scores": history}
    after = enrolment
    done: Completion | None = None
    if passed:
        after = {**enrolment, "version": int(enrolment["version"]) + 1,
                 "completedContents": {*(enrolment.get("completedContents") or ()), content_id},
                 "passedAssessments": {*(enrolment.get("passedAssessments") or ()), content_id}}
        if after["status"] == "ENROLLED" and percentage(after) >= 100:
            done = completion(after, context.get("profile"), context.get("course"), context.get("recorded"), now)
            after = {**after, **done.sets}
    try:
        repository.record_attempt(enrolment, content_id, previous, item, passed=passed, now=now,
                                  completion=(done.sets, done.ops) if done else None)
    except ConditionFailed as failed:
        if failed.reason == repository.ATTEMPTS:
            raise conflict("ATTEMPT_IN_PROGRESS", "Another attempt was submitted at the same time; reload") from failed
        raise _completion_refused(enrolment, failed.reason == karma.LEDGER) from failed
    if done is not None:
        after_completion(after, done)
    elif passed and after["status"] == "COMPLETED" and not after.get("followUpDone"):
        start_follow_up(after)
    return AttemptOut(
        attempt=used + 1, score_percent=percent, passed=passed, best_score_percent=best,
        pass_percent=int(quiz["passPercent"]), attempts_used=used + 1,
        attempts_remaining=int(quiz["maxAttempts"]) - used - 1, completion_percentage=percentage(after),
        enrolment_status=after["status"],
    )
