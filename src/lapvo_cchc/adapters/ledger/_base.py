"""Constants, row errors and small parsers shared by the ledger reader (private).

The words the reader accepts (channels, levels, outcomes, flags, units) are
public in :mod:`lapvo_cchc.adapters.ledger.vocabulary`; the reader modules import
them under the short private names the hot loops use.
"""

from __future__ import annotations

import gzip
import io
import operator
import os
from typing import IO, TYPE_CHECKING, Final

import attrs

from lapvo_cchc.adapters.ledger._profiles import COLUMNS, DATE_COLUMNS, parse_dmy
from lapvo_cchc.errors import DecodeError

if TYPE_CHECKING:
    from collections.abc import Iterable


_DATE_INDEXES: Final = tuple(i for i, c in enumerate(COLUMNS) if c in DATE_COLUMNS)
_VN_SECONDS: Final = 7 * 3600
_BLOCK: Final = 128  # rows checked together (few enough to stay below the GC threshold)
_LEAF: Final = 8  # a block this small with something unusual goes row by row
_SEPARATORS: Final = frozenset("T ")
_DATE_PART: Final = operator.itemgetter(slice(0, 10))
_TIME_PART: Final = operator.itemgetter(slice(11, None))
_SEP: Final = operator.itemgetter(10)


_NAME_CACHE: Final = 100_000  # (procedure, agency, level, field) combinations remembered
_new_record: Final = tuple.__new__  # a NamedTuple without its Python-level __new__


_CLOCK: dict[str, int] = {}


def clock_table() -> dict[str, int]:
    """Seconds since midnight of every ``HH:MM:SS`` (a shared table, built on first use)."""
    if not _CLOCK:
        _CLOCK.update(
            (f"{h:02d}:{m:02d}:{s:02d}", h * 3600 + m * 60 + s)
            for h in range(24)
            for m in range(60)
            for s in range(60)
        )
    return _CLOCK


@attrs.frozen
class RowError:
    """One rejected ledger row: where and why.

    Attributes:
        line: Line number in the file (the header is line 1).
        column: The column at fault (``""`` for the whole row).
        reason: What was expected and what was found.

    Example:
        >>> print(RowError(7, "received_at", "expected an ISO 8601 instant, got '2020-13-01'"))
        line 7, column received_at: expected an ISO 8601 instant, got '2020-13-01'
    """

    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.reason}"


class LedgerError(DecodeError):
    """A ledger that cannot be read (no header, missing columns) or rows rejected in strict mode.

    Attributes:
        errors: The rejected rows (empty for a file-level error).

    Example:
        >>> err = LedgerError("2 rows rejected", [RowError(2, "channel", "bad")])
        >>> err.errors[0].line, isinstance(err, ValueError)
        (2, True)
    """

    def __init__(self, message: str, errors: Iterable[RowError] = ()) -> None:
        super().__init__(message)
        self.errors: tuple[RowError, ...] = tuple(errors)


class Bad(Exception):  # noqa: N818 (internal control flow, never escapes)
    """A field error inside the row parser (internal)."""

    def __init__(self, column: str, reason: str, *, checked: bool = True) -> None:
        super().__init__(column, reason)
        self.column = column
        self.reason = reason
        self.checked = checked  # the row's dossier code had passed the duplicate check


def open_text(path: str | os.PathLike[str]) -> IO[str]:
    """Open a ledger file as UTF-8 text, gzip-compressed if it ends with ``.gz``; BOM skipped.

    Example:
        >>> open_text  # doctest: +ELLIPSIS
        <function open_text at ...>
    """
    if os.fspath(path).endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def iso_dates(fields: list[str]) -> list[str]:
    """The row with its ``dd/mm/yyyy [HH:MM[:SS]]`` dates rewritten as ISO 8601."""
    out = list(fields)
    for i in _DATE_INDEXES:
        text = out[i].strip()
        if not text:
            continue
        parts = text.split(";") if i >= 12 else (text,)
        converted = []
        for part in parts:
            iso = parse_dmy(part.strip())
            if iso is None:
                raise Bad(
                    COLUMNS[i],
                    f"expected a date dd/mm/yyyy [HH:MM[:SS]], got {part.strip()!r}",
                    checked=False,
                )
            converted.append(iso)
        out[i] = ";".join(converted)
    return out
