"""Domain errors: raised by services, shown by views (Chinese message) and the API (structured JSON).

A service that raises one has changed nothing: services validate before they write, and write
inside a transaction.

A service that checks several inputs collects every problem before it refuses (an agent on a live
12348 call needs them all at once, not one per submit): it adds each to a `Problems` and raises
one `ValidationFailed` carrying all of them. `DomainError(message, field=...)` is the one-problem
case of the same shape, so views and the API handle both alike through `.problems`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from gongfa.core.i18n import Label


@dataclass(frozen=True)
class Problem:
    """One rejected input (问题): the field it belongs to (None: the request as a whole)."""

    field: str | None
    message: str
    code: str = "invalid"

    def as_dict(self) -> dict[str, str | None]:
        return {"field": self.field, "code": self.code, "message": self.message}


class DomainError(Exception):
    """A rule of the domain refused the request. `code` is stable for API clients."""

    code = "domain_error"
    status = 400

    def __init__(self, message: Label, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        if code:
            self.code = code
        self.field = field

    @property
    def problems(self) -> list[Problem]:
        """Every problem this error reports (one here; several for ValidationFailed)."""
        return [Problem(self.field, self.message, self.code)]

    def field_errors(self) -> dict[str | None, list[str]]:
        """field → messages (None: not about one field), in the order they were found."""
        errors: dict[str | None, list[str]] = {}
        for problem in self.problems:
            errors.setdefault(problem.field, []).append(problem.message)
        return errors

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "field": self.field,
            "errors": [p.as_dict() for p in self.problems],
        }


class ValidationFailed(DomainError):
    """Input rejected for several reasons at once (校验不通过). `message` and `field` are the first
    problem's, so code that knows only DomainError still shows something true."""

    code = "invalid"
    status = 400

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("ValidationFailed needs at least one problem")
        first = problems[0]
        super().__init__(first.message, code=self.code, field=first.field)
        self._problems = list(problems)

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)


class Problems:
    """Collects a service's validation problems, then refuses once with all of them.

    problems = Problems()
    with problems.check():          # a DomainError raised inside is collected, not raised
        name = require_text(...)
    problems.add("phone", "请填写联系电话。", code="required")
    problems.raise_if_any()         # ValidationFailed with every problem, or nothing
    """

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(self, field: str | None, message: Label, *, code: str = "invalid") -> None:
        self._items.append(Problem(field, str(message), code))

    def add_error(self, error: DomainError) -> None:
        self._items.extend(error.problems)

    def check(self) -> _Collect:
        return _Collect(self)

    def has(self, field: str | None) -> bool:
        return any(p.field == field for p in self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._items)

    def raise_if_any(self) -> None:
        if self._items:
            if len(self._items) == 1:
                only = self._items[0]
                raise DomainError(only.message, code=only.code, field=only.field)
            raise ValidationFailed(self._items)


class _Collect:
    """`with problems.check():` — a DomainError (not a refusal of permission) inside is collected."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> bool:
        if isinstance(exc, DomainError) and type(exc) in (DomainError, ValidationFailed):
            self.problems.add_error(exc)
            return True
        return False


class InvalidTransition(DomainError):
    code = "invalid_transition"
    status = 409


class NotPermitted(DomainError):
    code = "not_permitted"
    status = 403


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429
