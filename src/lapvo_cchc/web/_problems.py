"""RFC 9457 problem details for :mod:`lapvo_cchc.web` (private, standard library only).

Every error the HTTP adapter sends is an ``application/problem+json`` body::

    {"type": "https://lapvo-cchc.readthedocs.io/problems/invalid-input",
     "title": "Invalid input", "status": 422, "detail": "1 bad field: date",
     "errors": [{"in": "query", "field": "date", "detail": "expected ..."}]}

``errors`` is an RFC 9457 extension member: one entry per bad field, where
``in`` is ``query``, ``path`` or ``body`` and, for a body field, ``pointer``
is its JSON Pointer (RFC 6901, as a URI fragment: ``#/time_limit/amount``).
"""

from __future__ import annotations

import re
from typing import Any, Final, Literal

PROBLEM_BASE: Final = "https://lapvo-cchc.readthedocs.io/problems/"

PROBLEM_TYPES: Final = {
    400: ("malformed-request", "Malformed request"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    408: ("request-timeout", "Request body timed out"),
    413: ("request-too-large", "Request body too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    422: ("invalid-input", "Invalid input"),
    429: ("busy", "Too many reports at once"),
    500: ("internal-error", "Internal server error"),
}
"""Status → (type slug, title) of every problem the adapter sends."""

Where = Literal["query", "path", "body", "header"]

_STEP_RE: Final = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]|\['([^']*)'\]")


def pointer_of(path: str) -> str:
    """The JSON Pointer fragment (``#/a/0/b``) of a ``$.a[0].b`` path.

    Example:
        >>> pointer_of("$.events[2].at"), pointer_of("$")
        ('#/events/2/at', '#')
    """
    steps = [next(g for g in m.groups() if g is not None) for m in _STEP_RE.finditer(path)]
    return "#" + "".join("/" + s.replace("~", "~0").replace("/", "~1") for s in steps)


class FieldError:
    """One bad field: where it is and what was wrong with it."""

    __slots__ = ("detail", "field", "where")

    def __init__(self, where: Where, field: str, detail: str) -> None:
        self.where = where
        self.field = field
        self.detail = detail

    def to_json(self) -> dict[str, str]:
        """The ``errors`` entry of the problem body."""
        out = {"in": self.where, "field": self.field, "detail": self.detail}
        if self.where == "body":
            out["pointer"] = pointer_of(self.field)
        return out


class Problem(Exception):  # noqa: N818 (an HTTP response, not an error of the library)
    """An HTTP error answered as RFC 9457 problem details (internal control flow)."""

    def __init__(
        self,
        status: int,
        detail: str,
        errors: list[FieldError] | None = None,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or []
        self.headers = headers
        self.extra = extra

    @classmethod
    def invalid(cls, where: Where, field: str, detail: str) -> Problem:
        """A 422 naming one bad field."""
        return cls(
            422, f"invalid {where} field {field}: {detail}", [FieldError(where, field, detail)]
        )

    def body(self, instance: str | None = None) -> dict[str, Any]:
        """The problem-details object."""
        slug, title = PROBLEM_TYPES.get(self.status, ("error", "Error"))
        out: dict[str, Any] = {
            "type": PROBLEM_BASE + slug,
            "title": title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance is not None:
            out["instance"] = instance
        if self.errors:
            out["errors"] = [e.to_json() for e in self.errors]
        out.update(self.extra)
        return out
