"""The enrolment lifecycle: requests (API), the Step Functions workflow's steps, approvals, leaving and
promotion from the waitlist.

    REQUESTED ──check──> REJECTED (re-check refused)
        │ reserve_seat (a seat shard's taken < seats, one transaction)
        ├──> WAITLISTED ──(a seat frees up: promotion, one transaction)──> ENROLLED | held seat
        ├──> ENROLLED ──progress 100%──> COMPLETED
        └──> held seat ──await_approval──> PENDING_APPROVAL ──approve──> ENROLLED
                                                     ├──reject──> REJECTED   (seat released)
                                                     ├──14 days──> EXPIRED   (seat released)
                                                     └──leave──> WITHDRAWN   (seat released)
    Any step failing after its retries: Compensate → FAILED (seat released).

Every released seat goes to the first waitlisted learner in the same transaction that frees it.

A batch's seats are split over its seat shards (repository.batches: up to BATCH_SEAT_SHARDS items with
their own partition keys, each `taken < seats`): an enrolment takes a seat of its own shard
(shard_of(enrolmentId)) and falls back to the shards a strongly consistent read shows with seats left;
the enrolment records its `seatShard`, and a released seat goes back to that shard (or passes, with its
shard, to the promoted learner)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from functions.learning import orchestrator, repository
from functions.learning.batches import IST, today
from functions.learning.courses import BATCH_MANAGERS, course_not_found
from functions.learning.enrolment_views import enrolment_not_found, view
from functions.learning.models import (
    MEDIA_CONTENT_TYPES,
    Enrolment,
    EnrolmentAccepted,
)
from karmayogi.domain import notifications, profiles
from karmayogi.platform import clock
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import AppError, conflict, forbidden, not_found
from karmayogi.platform.identity import Caller
from karmayogi.platform.observability import logger

APPROVAL_DAYS = 14
PROMOTION_ATTEMPTS = 5
SEAT_READS = 3  # looks at the batch's seat shards before a contended request counts as finding none
FINAL = ("REJECTED", "EXPIRED", "WITHDRAWN", "FAILED")


# ---- the request (API) ---------------------------------------------------------------------------------------

def refusal(batch: dict[str, Any], on: date) -> AppError | None:
    """Why a batch does not take enrolments on a day, in the contract's order (after BATCH_NOT_FOUND)."""
    if on > date.fromisoformat(batch["endDate"]) or on < date.fromisoformat(batch["enrollmentStartDate"]):
        return conflict("BATCH_CLOSED", "This batch does not take enrolments now")
    if on > date.fromisoformat(batch["enrollmentEndDate"]):
        return conflict("ENROLMENT_CLOSED", "Enrolment in this batch has closed")
    return None


def request_enrolment(caller: Caller, course_id: str, batch_id: str, language: str) -> EnrolmentAccepted:
    """Validate cheaply (the learner's profile, the course and the batch: one BatchGetItem), write the
    REQUESTED enrolment with its one-per-course guard, start the workflow (execution name = enrolment id).
    202: the workflow decides the rest."""
    profile, course, batch = repository.enrolment_context(caller.user_id, course_id, batch_id)
    if profile is None:
        raise forbidden("Your account has no profile yet", code="PROFILE_MISSING")
    if course is None or course["status"] not in ("Live", "Retired"):
        raise course_not_found()
    if batch is None:
        raise not_found("The batch", "BATCH_NOT_FOUND")
    if course["status"] != "Live":
        raise conflict("BATCH_CLOSED", "The course is retired; its batches take no enrolments")
    if batch.get("orgId") and batch["orgId"] != profile["orgId"]:
        raise forbidden("This batch is only for learners of another organisation", code="BATCH_RESTRICTED")
    refused = refusal(batch, today())
    if refused:
        raise refused
    enrolment = _new_enrolment(caller, profile, course, batch, language)
    try:
        orchestrator.start(enrolment["id"])
    except Exception:
        logger.exception("could not start the enrolment workflow", extra={"enrolmentId": enrolment["id"]})
        repository.delete_new_enrolment(enrolment)
        raise
    return EnrolmentAccepted(enrolment_id=enrolment["id"], status="REQUESTED")


def media_content_ids(course: dict[str, Any]) -> list[str]:
    """The course's video, audio, pdf and scorm contents, in course order."""
    return [c["id"] for m in course["modules"] for c in m["contents"]
            if c["type"] in MEDIA_CONTENT_TYPES]  # (v1's "document" is a link)


def _new_enrolment(caller: Caller, profile: dict[str, Any], course: dict[str, Any], batch: dict[str, Any],
                   language: str) -> dict[str, Any]:
    contents = [c for m in course["modules"] for c in m["contents"]]
    fields = {
        "userId": caller.user_id, "orgId": profile["orgId"], "learnerName": profile.get("name", ""),
        "courseId": course["id"], "courseTitle": course["title"],
        "batchId": batch["id"], "batchName": batch["name"], "requiresApproval": bool(batch["requiresApproval"]),
        "seatShards": int(batch.get("seatShards") or 1),
        "batchStartDate": batch["startDate"], "batchEndDate": batch["endDate"],
        "language": language,
        # The course's contents, fixed at enrolment (a Live course does not change): progress is checked
        # and counted against them without reading the course on every write.
        "contentIds": [c["id"] for c in contents],
        "mandatoryContentIds": [c["id"] for c in contents if c.get("mandatory", True)],
        "quizContentIds": [c["id"] for c in contents if c["type"] == "quiz"],
        # progress on these is verified from heartbeats (functions/learning/heartbeats.py), never declared
        "mediaContentIds": media_content_ids(course),
        "contentProgress": {},
    }
    try:
        return repository.create_enrolment(fields, clock.now_iso())
    except ConditionFailed as failed:
        if failed.reason == repository.GUARD:
            raise conflict("ALREADY_ENROLLED", "You already have an enrolment in this course") from failed
        raise


# ---- decisions (API) -----------------------------------------------------------------------------------------

def _for_approver(caller: Caller, enrolment_id: str) -> dict[str, Any]:
    """An MDO_ADMIN or PROGRAM_COORDINATOR of the learner's org (or an SPV_ADMIN), never the learner."""
    enrolment = repository.get_enrolment(enrolment_id, consistent=True)
    if enrolment is None:
        raise enrolment_not_found()
    if not caller.is_spv_admin and not (caller.has_role(*BATCH_MANAGERS) and caller.org_id == enrolment["orgId"]):
        raise forbidden("Only an MDO admin or programme coordinator of the learner's organisation decides")
    if enrolment["userId"] == caller.user_id:
        raise forbidden("You cannot decide on your own request")
    return enrolment


def _decide(enrolment_id: str, decision: str, decided_by: str, reason: str | None) -> dict[str, Any]:
    try:
        return repository.decide(enrolment_id, decision, decided_by, reason, clock.now_iso())
    except ConditionFailed as error:
        current = repository.get_enrolment(enrolment_id, consistent=True) or {}
        if current.get("status") == "PENDING_APPROVAL":
            raise conflict("ALREADY_DECIDED", "Someone decided on this request already",
                           {"decision": current.get("decision")}) from error
        raise conflict("NOT_PENDING_APPROVAL", "This enrolment is not waiting for approval",
                       {"status": current.get("status")}) from error


def approve(caller: Caller, enrolment_id: str) -> Enrolment:
    _for_approver(caller, enrolment_id)
    decided = _decide(enrolment_id, "APPROVED", caller.user_id, None)
    orchestrator.approve(decided["taskToken"], caller.user_id)
    return view(decided)


def reject(caller: Caller, enrolment_id: str, reason: str | None) -> Enrolment:
    _for_approver(caller, enrolment_id)
    decided = _decide(enrolment_id, "REJECTED", caller.user_id, reason or "REJECTED_BY_APPROVER")
    orchestrator.reject(decided["taskToken"], orchestrator.REJECTED, reason or "")
    return view(decided)


# ---- leaving (API) -------------------------------------------------------------------------------------------

def leave(caller: Caller, enrolment_id: str) -> None:
    """The learner leaves: an ENROLLED seat goes to the first waitlisted learner in the same
    transaction (or back to the batch); a waitlisted place is dropped; a pending request is withdrawn
    through the workflow, which releases the held seat."""
    enrolment = repository.get_enrolment(enrolment_id, consistent=True)
    if enrolment is None or enrolment["userId"] != caller.user_id:
        raise enrolment_not_found()
    status = enrolment["status"]
    now = clock.now_iso()
    try:
        if status == "ENROLLED":
            _free_seat(enrolment, repository.leave_ops(enrolment, now))
        elif status == "WAITLISTED":
            repository.leave_waitlist(enrolment, now)
        elif status == "PENDING_APPROVAL":
            decided = _decide(enrolment_id, "WITHDRAWN", caller.user_id, "WITHDRAWN_BY_LEARNER")
            orchestrator.reject(decided["taskToken"], orchestrator.WITHDRAWN, "withdrawn by the learner")
        elif status == "REQUESTED":
            raise conflict("ENROLMENT_IN_PROGRESS", "The request is still being processed; try again shortly")
        else:
            raise conflict("ENROLMENT_NOT_ACTIVE", f"The enrolment is {status}", {"status": status})
    except ConditionFailed as error:
        raise conflict("ENROLMENT_CHANGED", "The enrolment changed meanwhile; reload it") from error


def _free_seat(leaver: dict[str, Any], leaver_ops: list[dict[str, Any]]) -> None:
    """Run `leaver_ops` (which give up `leaver`'s seat) together with the seat's next owner: the first
    waitlisted learner who can still take it, or the batch's counter. One transaction either way."""
    requires_approval = bool(leaver.get("requiresApproval"))
    shard = repository.seat_shard_of(leaver)
    skipped: set[str] = set()
    for _ in range(PROMOTION_ATTEMPTS):
        now = clock.now_iso()
        candidates = [c for c in repository.first_waitlisted(leaver["batchId"]) if c["id"] not in skipped]
        if not candidates:
            repository.commit([*leaver_ops, repository.free_seat_op(leaver)])
            return
        candidate = candidates[0]
        try:
            repository.commit([*leaver_ops, *repository.promote_ops(candidate, shard=shard,
                                                                    requires_approval=requires_approval, now=now)])
        except ConditionFailed as failed:
            if failed.reason != repository.CANDIDATE:
                raise
            skipped.add(candidate["id"])  # promoted or gone meanwhile: the next one
            continue
        _after_promotion(candidate, requires_approval)
        return
    repository.commit([*leaver_ops, repository.free_seat_op(leaver)])


def _after_promotion(candidate: dict[str, Any], requires_approval: bool) -> None:
    """The promoted learner's next step: told they are enrolled, or — in a batch that needs approval — the
    workflow's approval wait for the seat now held for them (execution `<id>-promoted`: started once)."""
    if not requires_approval:
        _notify(candidate, "ENROLMENT_ENROLLED")
        return
    try:
        orchestrator.start(candidate["id"], name=f"{candidate['id']}-promoted", resume="approval")
    except Exception:  # the seat moved already; the leaver's change stands. Alarmed through the logs.
        logger.exception("could not start the approval of a promoted learner", extra={"enrolmentId": candidate["id"]})


def _with_a_seat(enrolment: dict[str, Any], ops_for: Callable[[int], list[dict[str, Any]]],
                 candidates: list[int] | None = None) -> int | None:
    """Run `ops_for(shard)` in one transaction with a seat of one of the batch's seat shards (its first
    operation): the enrolment's own shard first (shard_of(enrolmentId): a popular batch's enrolments spread
    over its shards), then the shards a strongly consistent read shows with seats left. The shard whose
    seat was taken, or None when the batch has none left (or, rarely, when SEAT_READS looks all lost the
    race: the caller waitlists and promote_if_seat_free takes a seat still free). ConditionFailed (not
    "seat") when one of `ops_for`'s conditions fails."""
    batch_id = enrolment["batchId"]
    if candidates is None:
        candidates = [repository.own_seat_shard(enrolment)]
    for looked in range(SEAT_READS + 1):
        if looked:
            candidates = repository.shards_with_room(enrolment)
            if not candidates:
                return None
            random.shuffle(candidates)
        for shard in candidates:
            try:
                repository.commit([repository.seat_op(batch_id, shard), *ops_for(shard)])
            except ConditionFailed as failed:
                if failed.reason == repository.SEAT:
                    continue  # this shard is full
                raise
            return shard
    return None


def promote_if_seat_free(enrolment: dict[str, Any]) -> None:
    """After waitlisting: if a seat was freed while this learner was being waitlisted, the first
    waitlisted learners take the free seats."""
    free = repository.shards_with_room(enrolment)
    if not free:
        return
    requires_approval = bool(enrolment.get("requiresApproval"))
    for candidate in repository.first_waitlisted(enrolment["batchId"]):
        def ops_for(shard: int, candidate: dict[str, Any] = candidate) -> list[dict[str, Any]]:
            return repository.promote_ops(candidate, shard=shard, requires_approval=requires_approval,
                                          now=clock.now_iso())

        try:
            shard = _with_a_seat(enrolment, ops_for, candidates=free)
        except ConditionFailed:
            continue  # promoted or gone meanwhile: the next one
        if shard is None:
            return
        _after_promotion(candidate, requires_approval)
        free = [s for s in free if s != shard] + [shard]  # try the others first; a shard may have more seats


# ---- notifications -------------------------------------------------------------------------------------------

def _notify(enrolment: dict[str, Any], template: str, **extra: Any) -> None:
    """Tell the learner (in-app and email). The outcome has already happened when this runs, so a failed
    notification is logged and never fails (or repeats) the step that produced the outcome."""
    try:
        profile = profiles.get_profile(enrolment["userId"]) or {}
        params = {"course": enrolment["courseTitle"], "batch": enrolment["batchName"],
                  "startDate": enrolment.get("batchStartDate", ""), "endDate": enrolment.get("batchEndDate", ""),
                  "name": profile.get("name", ""), **extra}
        notifications.notify(enrolment["userId"], template, params, email=profile.get("email"),
                             language=enrolment.get("language", "en"), link=f"/enrolments/{enrolment['id']}")
    except Exception:
        logger.exception("enrolment notification failed", extra={"enrolmentId": enrolment["id"],
                                                                 "template": template})


# ---- the workflow's steps (functions/learning/workflow.py) ----------------------------------------------------

def _load(enrolment_id: str) -> dict[str, Any]:
    enrolment = repository.get_enrolment(enrolment_id, consistent=True)
    if enrolment is None:
        raise enrolment_not_found()
    return enrolment


def step_check(enrolment_id: str) -> dict[str, str]:
    """Re-check the request: the batch still takes enrolments and this is the learner's one active
    enrolment in the course. A refusal ends the request as REJECTED with the refusal's code."""
    enrolment = _load(enrolment_id)
    if enrolment["status"] != "REQUESTED" or enrolment.get("seatHeld"):
        return {"decision": "PROCEED" if enrolment["status"] == "REQUESTED" else "DONE"}
    batch = repository.get_batch(enrolment["courseId"], enrolment["batchId"])
    course = repository.get_course(enrolment["courseId"])
    guard = repository.get_active_enrolment(enrolment["userId"], enrolment["courseId"])
    reason = None
    if batch is None:
        reason = "BATCH_NOT_FOUND"
    elif course is None or course["status"] != "Live":
        reason = "BATCH_CLOSED"
    elif (refused := refusal(batch, today())) is not None:
        reason = refused.code
    elif guard is None or guard.get("enrolmentId") != enrolment_id:
        reason = "ALREADY_ENROLLED"
    if reason is None:
        return {"decision": "PROCEED"}
    try:
        repository.refuse(enrolment, reason, clock.now_iso())
    except ConditionFailed:
        return {"decision": "DONE"}
    _notify(enrolment, "ENROLMENT_REJECTED", reason=reason)
    return {"decision": "REFUSED"}


def step_reserve_seat(enrolment_id: str) -> dict[str, str]:
    """A seat (conditional transaction on one of the batch's seat shards) or the waitlist."""
    enrolment = _load(enrolment_id)
    if enrolment["status"] != "REQUESTED" or enrolment.get("seatHeld"):
        return {"seat": _seat_outcome(enrolment)}  # a retried step: report what happened
    requires_approval = bool(enrolment.get("requiresApproval"))
    now = clock.now_iso()
    try:
        reserved = _with_a_seat(enrolment, lambda shard: repository.reserve_ops(
            enrolment, shard, requires_approval=requires_approval, now=now)) is not None
        if not reserved:
            repository.waitlist(enrolment, now)
    except ConditionFailed:
        return {"seat": _seat_outcome(_load(enrolment_id))}
    if not reserved:
        _notify(enrolment, "ENROLMENT_WAITLISTED")
        promote_if_seat_free(enrolment)
        return {"seat": "WAITLISTED"}
    if requires_approval:
        return {"seat": "HELD"}
    _notify(enrolment, "ENROLMENT_ENROLLED")
    return {"seat": "ENROLLED"}


def _seat_outcome(enrolment: dict[str, Any]) -> str:
    if enrolment["status"] == "REQUESTED" and enrolment.get("seatHeld"):
        return "HELD"
    return str(enrolment["status"])


def step_await_approval(enrolment_id: str, task_token: str) -> dict[str, str]:
    """Store the task token on the enrolment (PENDING_APPROVAL) and tell the learner; the workflow then
    waits for an approver (SendTaskSuccess/SendTaskFailure) for at most 14 days."""
    enrolment = _load(enrolment_id)
    if enrolment["status"] == "PENDING_APPROVAL" and enrolment.get("taskToken") == task_token:
        return {"status": "PENDING_APPROVAL"}
    now = clock.now()
    expires = now + timedelta(days=APPROVAL_DAYS)
    try:
        repository.await_approval(enrolment, task_token, clock.to_iso(now), clock.to_iso(expires))
    except ConditionFailed as error:
        # decided or ended meanwhile: nothing to wait for (the Catch compensates a held seat)
        raise conflict("NOT_AWAITING_APPROVAL", "The enrolment no longer waits for approval") from error
    if enrolment["status"] == "REQUESTED":
        expires_on = (expires + IST).date().isoformat()
        _notify(enrolment, "ENROLMENT_PENDING_APPROVAL", expiresOn=expires_on)
    return {"status": "PENDING_APPROVAL"}


def step_confirm(enrolment_id: str) -> dict[str, str]:
    enrolment = _load(enrolment_id)
    if enrolment["status"] != "PENDING_APPROVAL":
        return {"status": str(enrolment["status"])}
    try:
        repository.confirm(enrolment, clock.now_iso())
    except ConditionFailed:
        return {"status": str(_load(enrolment_id)["status"])}
    _notify(enrolment, "ENROLMENT_ENROLLED")
    return {"status": "ENROLLED"}


OUTCOME_TEMPLATES = {"REJECTED": "ENROLMENT_REJECTED", "EXPIRED": "ENROLMENT_EXPIRED"}


def step_release_seat(enrolment_id: str, outcome: str) -> dict[str, str]:
    """End a request still in the workflow with `outcome` (REJECTED, EXPIRED, WITHDRAWN, FAILED): its
    held seat goes to the first waitlisted learner (or back to the batch), its guard is released."""
    if outcome not in FINAL:
        raise ValueError(f"unknown outcome {outcome}")
    for _ in range(3):
        enrolment = _load(enrolment_id)
        if enrolment["status"] not in ("REQUESTED", "PENDING_APPROVAL"):
            return {"status": str(enrolment["status"])}  # done before (a retried step), or not ours to undo
        reason = str(enrolment.get("decisionReason") or outcome)
        ops = repository.end_request_ops(enrolment, outcome, reason, clock.now_iso())
        try:
            if enrolment.get("seatHeld"):
                _free_seat(enrolment, ops)
            else:
                repository.commit(ops)
        except ConditionFailed:
            continue  # the enrolment changed under us: look again
        template = OUTCOME_TEMPLATES.get(outcome)
        if template:
            _notify(enrolment, template, reason=reason)
        return {"status": outcome}
    raise conflict("ENROLMENT_CHANGED", "The enrolment kept changing")
