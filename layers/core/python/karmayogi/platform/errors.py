"""The one error type of the platform and its HTTP error body.

Services raise `AppError` (or a helper below); the resolver's exception handlers (see `api.py`) turn it
into `{"error": {"code", "message", "details"}}` with its status. Nothing else maps errors to HTTP.
"""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    """A failure a client can act on: an HTTP status, a SNAKE_CASE code and a human message."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Any = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            error["details"] = self.details
        return {"error": error}

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}


def bad_request(code: str, message: str, details: Any = None) -> AppError:
    return AppError(400, code, message, details)


def unauthorized(message: str = "Authentication is required") -> AppError:
    return AppError(401, "UNAUTHORIZED", message)


def forbidden(message: str = "You are not allowed to do this", code: str = "FORBIDDEN") -> AppError:
    return AppError(403, code, message)


def not_found(what: str, code: str = "NOT_FOUND") -> AppError:
    return AppError(404, code, f"{what} was not found")


def conflict(code: str, message: str, details: Any = None) -> AppError:
    return AppError(409, code, message, details)


def stale_version() -> AppError:
    return AppError(409, "VERSION_CONFLICT", "The resource was changed by someone else; reload it and retry")


def too_many_requests(code: str, message: str, retry_after: int) -> AppError:
    return AppError(429, code, message, retry_after=max(1, int(retry_after)))


def unavailable(message: str = "A dependency is busy; retry shortly", retry_after: int = 2) -> AppError:
    return AppError(503, "SERVICE_UNAVAILABLE", message, retry_after=retry_after)
