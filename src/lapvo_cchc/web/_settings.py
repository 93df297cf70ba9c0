"""The limits of the HTTP application (public as :class:`lapvo_cchc.web.Settings`)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Final

import attrs

from lapvo_cchc.errors import OutOfRangeError

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["DEFAULT_MAX_BODY", "DEFAULT_MAX_LEDGER_BODY", "ENV_PREFIX", "Settings"]

DEFAULT_MAX_BODY: Final = 1 << 20
"""The largest JSON request body accepted by default: 1 MiB (larger → 413).

Example:
    >>> DEFAULT_MAX_BODY
    1048576
"""

DEFAULT_MAX_LEDGER_BODY: Final = 64 << 20
"""The largest CSV ledger accepted by ``POST /kpi/report`` by default: 64 MiB.

The ledger is streamed (memory does not grow with the body), so the limit
bounds the time a report takes and the set of dossier codes kept to find
duplicates, not a copy of the body.

Example:
    >>> DEFAULT_MAX_LEDGER_BODY // DEFAULT_MAX_BODY
    64
"""

ENV_PREFIX: Final = "LAPVO_HTTP_"
"""Environment variables :meth:`Settings.from_env` reads: ``LAPVO_HTTP_MAX_BODY`` etc.

Example:
    >>> ENV_PREFIX + "MAX_REPORTS"
    'LAPVO_HTTP_MAX_REPORTS'
"""


def _positive(_instance: Settings, attribute: attrs.Attribute[int], value: object) -> None:
    if type(value) is not int or value <= 0:
        raise OutOfRangeError(f"Settings.{attribute.name}: expected a positive int, got {value!r}")


@attrs.frozen(kw_only=True)
class Settings:
    """The limits of :func:`lapvo_cchc.web.create_app`: body sizes and concurrent reports.

    Attributes:
        max_body: the largest JSON request body, in bytes (larger → 413).
        max_ledger_body: the largest CSV ledger of ``POST /kpi/report``, in
            bytes (larger → 413). Ledgers are streamed: the server's memory
            does not grow with it.
        max_reports: how many reports (``POST /kpi/report``,
            ``GET /kpi/report/sample``) may run at once; one more is answered
            429 with ``Retry-After`` at once, its body unread.
        retry_after: the seconds a refused report is told to wait (``Retry-After``).
        body_timeout: the seconds a request body may go without a byte arriving
            (408 beyond): a client that stops sending frees its report slot.

    Raises:
        OutOfRangeError: a value that is not a positive int.

    Example:
        >>> Settings().max_reports, Settings(max_reports=4).max_reports
        (2, 4)
        >>> Settings(max_body=0)
        Traceback (most recent call last):
        ...
        lapvo_cchc.errors.OutOfRangeError: Settings.max_body: expected a positive int, got 0
    """

    max_body: int = attrs.field(default=DEFAULT_MAX_BODY, validator=_positive)
    max_ledger_body: int = attrs.field(default=DEFAULT_MAX_LEDGER_BODY, validator=_positive)
    max_reports: int = attrs.field(default=2, validator=_positive)
    retry_after: int = attrs.field(default=10, validator=_positive)
    body_timeout: int = attrs.field(default=30, validator=_positive)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from the ``LAPVO_HTTP_*`` environment variables (``LAPVO_HTTP_MAX_REPORTS``…).

        For ``uvicorn lapvo_cchc.web:create_app --factory``, which cannot pass
        arguments. Unset variables keep the defaults.

        Args:
            environ: the variables (default :data:`os.environ`).

        Raises:
            OutOfRangeError: a variable that is not a positive integer (named).

        Example:
            >>> Settings.from_env({"LAPVO_HTTP_MAX_REPORTS": "8"}).max_reports
            8
            >>> Settings.from_env({"LAPVO_HTTP_MAX_BODY": "lots"})
            Traceback (most recent call last):
            ...
            lapvo_cchc.errors.OutOfRangeError: LAPVO_HTTP_MAX_BODY: expected a positive integer, ...
        """
        env = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for field in attrs.fields(cls):
            name = ENV_PREFIX + field.name.upper()
            text = env.get(name)
            if text is None:
                continue
            text = text.strip()
            if not (text.isascii() and text.isdigit()) or int(text) <= 0:
                raise OutOfRangeError(f"{name}: expected a positive integer, got {text!r}")
            values[field.name] = int(text)
        return cls(**values)
