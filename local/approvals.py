"""Approval deadlines on the dev clock. In AWS an enrolment's approval wait ends by itself: the workflow's
`AwaitApproval` task times out after 14 days (`TimeoutSeconds` in infra/workflows/enrolment.asl.json) and
its catcher moves the request to Expired. moto would time that task out in real time, so moving the dev
clock (`POST /_local/clock`) would never expire a request; this does what the timeout does, for every
request whose `approvalExpiresAt` has passed on the platform clock: it fails the waiting task with
`Approval.Expired`, which the same catcher takes (a `States.` error cannot be sent), and the workflow takes
its Expired path (seat released, learner told), as in AWS."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from karmayogi.platform import clock
from karmayogi.platform.errors import AppError
from karmayogi.platform.observability import logger

PAGE = 100


def _org_ids() -> list[str]:
    from functions.auth import repository as directory

    org_ids: list[str] = []
    cursor: str | None = None
    while True:
        page = directory.list_orgs(None, None, PAGE, cursor)
        org_ids += [str(item["id"]) for item in page.items]
        cursor = page.next_cursor
        if not cursor:
            return org_ids


def expire_due() -> int:
    """Time out every approval wait whose deadline has passed on the platform clock; returns how many."""
    now = clock.now()
    return sum(_expire(enrolment) for org_id in _org_ids() for enrolment in _due(org_id, now))


def _due(org_id: str, now: datetime) -> Iterator[dict[str, Any]]:
    """The org's requests past their approval deadline (the list is oldest first: stop at the first that
    is not)."""
    from functions.learning import repository

    cursor: str | None = None
    while True:
        page = repository.pending_for_org(org_id, PAGE, cursor)
        for enrolment in page.items:
            if clock.parse_iso(str(enrolment["approvalExpiresAt"])) > now:
                return
            yield enrolment
        cursor = page.next_cursor
        if not cursor:
            return


def _expire(enrolment: dict[str, Any]) -> bool:
    from functions.learning import orchestrator

    try:
        orchestrator.reject(str(enrolment["taskToken"]), error=orchestrator.EXPIRED,
                            cause="The approval window closed (dev clock)")
    except AppError:  # decided or ended meanwhile
        logger.info("approval already ended", extra={"enrolmentId": enrolment.get("id")})
        return False
    return True
