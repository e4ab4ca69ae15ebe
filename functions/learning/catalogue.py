"""The catalogue (GET /courses): the Live courses newest first, searched by title words and filtered by
competency, language, duration and provider, each with its rating; an author's own courses (`mine`) and
the review queue (`status=Review`).

Only the competency has its own index (L2). Language, duration and provider filter the cards of the index
or the search as they are read: each read asks for what the page still lacks, and the reads go on until the
page is full, the list ends, or (once the page has at least one course) MAX_READS reads were made — so no
page comes back empty while more courses match, and a page holds at most `limit` courses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from functions.learning import ratings, repository
from functions.learning.courses import PUBLISHERS
from functions.learning.courses import _is_publisher_of as is_publisher_of
from functions.learning.models import CourseSummary
from karmayogi.domain import search
from karmayogi.platform import db
from karmayogi.platform.errors import bad_request
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.roles import SPV_ADMIN

Duration = Literal["short", "medium", "long"]
# The duration bands in minutes: short < 1 h, medium 1-3 h, long > 3 h
DURATIONS: dict[str, tuple[int, int | None]] = {"short": (0, 59), "medium": (60, 180), "long": (181, None)}
MAX_READS = 5


def _keep(competency_id: str | None, language: str | None, duration: str | None,
          provider: str | None) -> Callable[[dict[str, Any]], bool]:
    low, high = DURATIONS[duration] if duration else (0, None)

    def keep(card: dict[str, Any]) -> bool:
        minutes = int(card.get("durationMinutes", 0))
        return ((not competency_id or competency_id in card.get("competencyIds", []))
                and (not language or card.get("language", "en") == language)
                and (not provider or card.get("providerOrgId") == provider)
                and minutes >= low and (high is None or minutes <= high))
    return keep


def _fill(read: Callable[[int, str | None], db.Page], keep: Callable[[dict[str, Any]], bool], limit: int,
          cursor: str | None) -> db.Page:
    items: list[dict[str, Any]] = []
    reads = 0
    while True:
        page = read(limit - len(items), cursor)
        items += [card for card in page.items if keep(card)]
        cursor, reads = page.next_cursor, reads + 1
        if cursor is None or len(items) >= limit or (items and reads >= MAX_READS):
            return db.Page(items, cursor)


def list_courses(caller: Caller, q: str | None, competency_id: str | None, mine: bool, status: str | None,
                 limit: int, cursor: str | None, *, language: str | None = None, duration: str | None = None,
                 provider: str | None = None) -> PageOf[CourseSummary]:
    """The Live catalogue (filters as above); `mine` = the caller's own courses in any status;
    `status=Review` = the review queue (publishers)."""
    if mine:
        page = repository.courses_by_author(caller.user_id, limit, cursor)
    elif status == "Review":
        caller.require_role(*PUBLISHERS, SPV_ADMIN)
        page = repository.review_queue(limit, cursor)
        page.items = [c for c in page.items if is_publisher_of(caller, c)]
    elif q:
        if len(q.strip()) < search.MIN_QUERY_LENGTH or not search.query_words(q):
            raise bad_request("QUERY_TOO_SHORT", f"Search needs at least {search.MIN_QUERY_LENGTH} characters")
        page = _fill(lambda size, after: repository.search_catalogue(q, size, after),
                     _keep(competency_id, language, duration, provider), limit, cursor)
    elif language or duration or provider:
        page = _fill(lambda size, after: repository.catalogue_page(competency_id, size, after),
                     _keep(None, language, duration, provider), limit, cursor)
    else:
        page = repository.catalogue_page(competency_id, limit, cursor)
    cards = [{**c, "id": c.get("entityId", c["id"])} for c in page.items]
    rated = ratings.summaries([c["id"] for c in cards])
    items = [CourseSummary.model_validate({**c, "rating": rated[c["id"]]}) for c in cards]
    return PageOf[CourseSummary](items=items, next_cursor=page.next_cursor)
