"""A signed-in user changes their own password (POST /me/password): Cognito's ChangePassword, which takes
the caller's own access token and checks the current password itself. A wrong current password is a 400
CURRENT_PASSWORD_WRONG (not a 401: the session is fine), a weak new one 400 WEAK_PASSWORD; Cognito's
throttling of repeated wrong tries is a 429 TOO_MANY_ATTEMPTS (cognito._mapped)."""

from __future__ import annotations

from functions.auth import cognito, contacts
from karmayogi.platform.errors import AppError
from karmayogi.platform.identity import Caller
from karmayogi.platform.observability import logger


def current_password_wrong() -> AppError:
    return AppError(400, "CURRENT_PASSWORD_WRONG", "The current password is not right")


def change_password(caller: Caller, access_token: str | None, current: str, new: str) -> None:
    if not access_token:
        raise AppError(401, "UNAUTHORIZED", "Send your access token to change the password")
    problems = contacts.password_problems(new)
    if problems:
        raise cognito.weak_password(problems)
    if new == current:
        raise AppError(400, "SAME_PASSWORD", "The new password must differ from the current one")
    cognito.change_password(access_token, current, new, wrong=current_password_wrong())
    logger.info("password changed", extra={"userId": caller.user_id})
