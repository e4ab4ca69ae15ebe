"""The discussion hub's moderation: reports (the AUTO_HIDE_REPORTS-th distinct reporter hides a post), a
moderator's hide and restore, and the moderation log (who may: functions/discussion/access.py). No HTTP,
no boto3."""

from __future__ import annotations

from functions.discussion.access import (
    Guards,
    access_to,
    access_to_post,
    carries_access,
    guards,
    pause,
    refuse,
    require_moderator,
)
from functions.discussion.models import ModerationLogEntry, ModerationResult, ReportResult
from functions.discussion.repository import common as store
from functions.discussion.repository import communities as communities_repository
from functions.discussion.repository import moderation as repository
from karmayogi.platform.db import ConditionFailed
from karmayogi.platform.errors import AppError, conflict, forbidden, not_found
from karmayogi.platform.identity import Caller
from karmayogi.platform.models import PageOf
from karmayogi.platform.observability import logger

AUTO_HIDE_REPORTS = 5
REPORT_ATTEMPTS = 8

Item = store.Item


def _post_title(post: Item) -> str:
    return str(post.get("title") or post["body"][:60])


def report(caller: Caller, post_id: str, reason: str) -> ReportResult:
    """One report per reporter; the AUTO_HIDE_REPORTS-th distinct reporter hides the post in the same
    transaction that records the report (with the audit entries and the author's notification).

    Like every request on a post, a report is answered from the post as this request reads it: a post
    hidden before that read does not exist for a non-moderator (404). A report that read the post visible
    and lost a race to the report that hid it is still recorded (counted once, exactly)."""
    view = store.read_view(caller.user_id, post_ids=(post_id,), reported_id=post_id)
    read = view.posts.get(post_id)
    if carries_access(read) and not read.get("hidden") and read["authorId"] != caller.user_id and not view.reported:
        post, checks = read, guards(caller, read, "read")
    else:
        post, _, _ = access_to_post(caller, read)
        checks = Guards()
    if post["authorId"] == caller.user_id:
        raise forbidden("You cannot report your own post", code="OWN_POST")
    already = ReportResult(post_id=post_id, already_reported=True)
    for attempt in range(REPORT_ATTEMPTS):
        if view.reported if attempt == 0 else repository.has_reported(post_id, caller.user_id):
            return already
        count = int(post.get("reportCount") or 0)
        hide = count + 1 == AUTO_HIDE_REPORTS and not post.get("hidden")
        notify = store.notify_ops(post["authorId"], "POST_HIDDEN", {"title": _post_title(post)},
                                  link=f"/posts/{post_id}") if hide else []
        try:
            repository.report(post, caller.user_id, reason, notify_ops=notify, guards=checks.ops,
                              hide_reason=f"{AUTO_HIDE_REPORTS} distinct reports" if hide else None)
        except ConditionFailed as failed:
            if failed.reason == "report":
                return already
            if failed.reason != "post":
                refuse(failed, checks.answers())
            pause(attempt)  # the count moved on (or the post went): read again
            fresh = store.get_post(post_id, consistent=True)
            if fresh is None or fresh.get("deleted"):
                raise not_found("The post") from None
            post = fresh
            continue
        if hide:
            logger.info("post hidden automatically", extra={"postId": post_id, "reports": AUTO_HIDE_REPORTS})
        return ReportResult(post_id=post_id)
    logger.error("report not recorded after retries", extra={"postId": post_id})
    raise conflict("REPORT_CONFLICT", "Your report could not be recorded because of concurrent reports; retry")


def set_hidden(caller: Caller, post_id: str, hidden: bool, reason: str | None) -> ModerationResult:
    post = store.get_post(post_id, consistent=True)
    if post is None or post.get("deleted"):
        raise not_found("The post")
    checks = Guards()
    if carries_access(post):
        checks = guards(caller, post, "moderator")
    else:
        access, _ = access_to(caller, post["communityId"])
        require_moderator(access)
    action = "HIDE" if hidden else "RESTORE"
    notify = store.notify_ops(post["authorId"], "POST_HIDDEN" if hidden else "POST_RESTORED",
                              {"title": _post_title(post)}, link=f"/posts/{post_id}")
    state: AppError = (conflict("ALREADY_HIDDEN", "The post is hidden already") if hidden
                       else conflict("NOT_HIDDEN", "The post is not hidden"))
    try:
        repository.set_hidden(post, hidden, caller.user_id, reason, notify, checks.ops)
    except ConditionFailed as failed:
        answers = {**checks.answers(), "post": state}
        logger.warning("moderation refused", extra={"postId": post_id, "action": action,
                                                    "code": getattr(answers.get(failed.reason), "code", "CONFLICT")})
        refuse(failed, answers)
    logger.info("moderation", extra={"postId": post_id, "action": action, "moderatorId": caller.user_id})
    return ModerationResult(post_id=post_id, kind=post["kind"], community_id=post["communityId"], hidden=hidden)


def moderation_log(caller: Caller, community_id: str, limit: int, cursor: str | None) -> PageOf[ModerationLogEntry]:
    access, _ = access_to(caller, community_id)
    require_moderator(access)
    page = communities_repository.moderation_log(community_id, limit, cursor)
    return PageOf[ModerationLogEntry](items=[ModerationLogEntry.model_validate(i) for i in page.items],
                                      next_cursor=page.next_cursor)
