"""Domain errors: services raise them, every adapter translates them.

Each carries the HTTP status and a stable snake_case code, so the HTML views,
the JSON API and Socket.IO handlers report the same rule the same way.
"""
from __future__ import annotations


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, code: str | None = None, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.fields = fields or {}


class InvalidInput(DomainError):
    status = 422
    code = "invalid"


class NotSignedIn(DomainError):
    status = 401
    code = "unauthenticated"


class NotAllowed(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class TooSoon(DomainError):
    """Wait before trying again; `retry_after` says how long, in seconds."""

    status = 429
    code = "rate_limited"

    def __init__(self, message: str, retry_after: int, code: str | None = None):
        super().__init__(message, code=code)
        self.retry_after = max(int(retry_after), 1)


class Conflict(DomainError):
    status = 409
    code = "conflict"


def invalid(fields: dict[str, str]) -> InvalidInput:
    """An InvalidInput whose message summarises the failing fields."""
    first = next(iter(fields.values()))
    message = first if len(fields) == 1 else "Some fields need attention: " + "; ".join(fields.values())
    return InvalidInput(message, code="validation_failed", fields=fields)
