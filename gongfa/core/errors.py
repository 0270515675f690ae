"""Domain errors: raised by services, shown by views (Chinese message) and the API (structured JSON).

A service that raises one has changed nothing: services validate before they write, and write
inside a transaction.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the request. `code` is stable for API clients."""

    code = "domain_error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "field": self.field}


class InvalidTransition(DomainError):
    code = "invalid_transition"
    status = 409


class NotPermitted(DomainError):
    code = "not_permitted"
    status = 403


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429
