"""The notifications centre shared by every hub: a user's in-app notifications (rendered in the reader's
language when listed), marking one read and the unread count. The notices themselves are stored by
karmayogi.domain.notifications, inside the transactions of the hubs that send them."""

from __future__ import annotations

from functions.events import notification_repository as repository
from functions.events.models import Notification, ReadAll, UnreadCount
from functions.events.rules import ist
from karmayogi.domain.templates import TEMPLATES, render
from karmayogi.platform import clock, db
from karmayogi.platform.errors import not_found, unavailable
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf


def _render(item: db.Item, language: str) -> tuple[str, str]:
    if item.get("template") not in TEMPLATES:
        return item.get("template", ""), ""
    text = render(item["template"], language, dict(item.get("params") or {}))
    return text.subject, text.body


def _notification(item: db.Item, language: str) -> Notification:
    title, body = _render(item, language)
    return Notification(
        id=item["id"], template=item.get("template", ""), title=title, body=body, link=item.get("link"),
        read=bool(item.get("read")), created_at=ist(item["createdAt"]),
        read_at=ist(item["readAt"]) if item.get("readAt") else None,
    )


def list_notifications(caller: Caller, unread: bool, language: str, limit: int, cursor: str | None
                       ) -> PageOf[Notification]:
    page = repository.list_notifications(caller.user_id, unread, limit, cursor)
    return PageOf[Notification](items=[_notification(i, language) for i in page.items],
                                next_cursor=page.next_cursor)


def read_notification(caller: Caller, notification_id: str, language: str) -> Notification:
    """Mark read (idempotent): only the first call changes the item and the counter. The write comes last,
    so a failure answers 503 with nothing changed, never 503 for a change that was made."""
    item = repository.get_notification(caller.user_id, notification_id)
    if item is None or int(item.get("expiresAt", 0)) <= clock.epoch_seconds():
        raise not_found("The notification")
    if not item.get("read"):
        now = clock.now_iso()
        repository.mark_read(caller.user_id, notification_id, now)  # False: a concurrent call read it first
        item = {**item, "read": True, "readAt": item.get("readAt") or now}
    return _notification(item, language)


def unread_count(caller: Caller) -> UnreadCount:
    return UnreadCount(unread=repository.unread_count(caller.user_id))


READ_ALL_BATCH = 99  # the unread ones one call marks (one transaction with the counter): bounded work per request; the client calls again while `more`


def read_all(caller: Caller) -> ReadAll:
    """Mark the caller's unread notifications read, newest first, at most READ_ALL_BATCH per call, in one
    transaction with the counter: a failure marks none (idempotent: a second call finds nothing unread and
    marks nothing). One read meanwhile (another device) makes it list the unread ones again."""
    now = clock.now_iso()
    unread_before = repository.unread_count(caller.user_id)  # read before writing: a failure after it writes nothing
    for _ in range(3):
        page = repository.list_notifications(caller.user_id, True, READ_ALL_BATCH, None)
        ids = [str(item["id"]) for item in page.items]
        try:
            repository.mark_many_read(caller.user_id, ids, now)
        except db.ConditionFailed as failed:
            if failed.reason == "notification":
                continue
            raise
        break
    else:
        raise unavailable("The notifications changed meanwhile; retry", retry_after=1)
    marked = len(ids)
    unread = max(0, unread_before - marked)
    return ReadAll(marked=marked, unread=unread, more=page.next_cursor is not None and unread > 0)
