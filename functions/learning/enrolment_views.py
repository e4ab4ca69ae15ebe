"""What an enrolment looks like to those who may see it: the learner's own (with per-content coverage and
where "continue" goes), and an org's pending approvals for its batch managers. Read routes only; the
enrolment's rules and writes are in enrolments.py."""

from __future__ import annotations

from typing import Any

from functions.learning import coverage, repository, revisions
from functions.learning.courses import BATCH_MANAGERS
from functions.learning.models import Enrolment, PendingEnrolment
from karmayogi.platform.errors import AppError, not_found
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf


def enrolment_not_found() -> AppError:
    return not_found("The enrolment", "ENROLMENT_NOT_FOUND")


def percentage(enrolment: dict[str, Any]) -> int:
    """Completion over the course's mandatory contents (all contents when none is mandatory)."""
    wanted = enrolment.get("mandatoryContentIds") or enrolment.get("contentIds") or []
    if not wanted:
        return 100 if enrolment.get("status") == "COMPLETED" else 0
    done = set(enrolment.get("completedContents") or ())
    return (100 * sum(1 for c in wanted if c in done)) // len(wanted)


def view(enrolment: dict[str, Any]) -> Enrolment:
    return Enrolment.model_validate({
        **enrolment,
        "enrolmentId": enrolment["id"],
        "completionPercentage": percentage(enrolment),
        "completedContentIds": sorted(enrolment.get("completedContents") or ()),
        "contents": coverage.contents_of(enrolment),
        "nextContentId": coverage.next_content_id(enrolment),
    })


def _readable(caller: Caller, enrolment: dict[str, Any] | None) -> dict[str, Any]:
    """The owner, an MDO_ADMIN / PROGRAM_COORDINATOR of the learner's org, or an SPV_ADMIN."""
    if enrolment is None:
        raise enrolment_not_found()
    if enrolment["userId"] == caller.user_id or caller.is_spv_admin:
        return enrolment
    if caller.has_role(*BATCH_MANAGERS) and caller.org_id == enrolment["orgId"]:
        return enrolment
    raise enrolment_not_found()


def get_enrolment(caller: Caller, enrolment_id: str) -> Enrolment:
    enrolment = _readable(caller, repository.get_enrolment(enrolment_id))
    if enrolment["userId"] == caller.user_id and enrolment["status"] in ("ENROLLED", "COMPLETED"):
        enrolment = revisions.rebase_for_course(enrolment)  # onto a revision published since (revisions.py)
    return view(enrolment)


def my_enrolments(caller: Caller, limit: int, cursor: str | None) -> PageOf[Enrolment]:
    page = repository.user_enrolments(caller.user_id, limit, cursor)
    return PageOf[Enrolment](items=[view(e) for e in page.items], next_cursor=page.next_cursor)


def org_enrolments(caller: Caller, org_id: str, status: str, limit: int, cursor: str | None) -> PageOf[PendingEnrolment]:
    caller.require_org_role(org_id, *BATCH_MANAGERS)
    del status  # only PENDING_APPROVAL is listed (the model refuses other values)
    page = repository.pending_for_org(org_id, limit, cursor)
    items = [PendingEnrolment.model_validate({**e, "enrolmentId": e["id"]}) for e in page.items]
    return PageOf[PendingEnrolment](items=items, next_cursor=page.next_cursor)
