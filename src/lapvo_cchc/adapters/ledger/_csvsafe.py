r"""What the csv module refused, in words a ledger user can act on (private).

The csv module stops on two things a hostile or damaged ledger holds: a field
longer than its limit (131,072 characters) and a line break inside an
unquoted field (a carriage return that the line splitting did not end the
line at). It says neither where in the row nor in which column. The readers
keep the lines of the record being read (:class:`Tap`) and, when ``csv``
raises, :func:`csv_failure` finds the field at fault and says what is wrong.

Example:
    >>> import csv
    >>> tap = Tap(iter(["a,b\rc,d\n"]))
    >>> try:
    ...     next(csv.reader(tap))
    ... except csv.Error as exc:
    ...     print(csv_failure(exc, tap.lines))
    (1, 'a carriage return or line feed inside an unquoted field (quote the field or remove it)')
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

__all__ = ["FIELD_LIMIT", "Tap", "csv_failure", "header_failure", "row_failure"]

FIELD_LIMIT = 131_072
"""The csv module's default field size limit: a longer line goes through the csv module."""


class Tap:
    """An iterator of lines that remembers the lines it gave since :meth:`clear`.

    Example:
        >>> tap = Tap(iter(["x", "y"]))
        >>> next(tap), tap.lines
        ('x', ['x'])
    """

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.lines: list[str] = []

    def __iter__(self) -> Tap:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.lines.append(line)
        return line

    def clear(self) -> None:
        """Forget the lines given so far."""
        self.lines.clear()


_BARE_BREAK = (
    "a carriage return or line feed inside an unquoted field (quote the field or remove it)"
)


def header_failure(exc: csv.Error, lines: Sequence[str], what: str, line: int) -> str:
    """The message of a header the csv module refused (``ledger line 1, field 15 ...``)."""
    field, reason = csv_failure(exc, lines)
    where = "" if field is None else f", field {field + 1}"
    return f"{what} line {line}{where} (header): {reason}"


def row_failure(exc: csv.Error, lines: Sequence[str], header: Sequence[str]) -> tuple[str, str]:
    """The column (its header name when known, else ``(row)``) and reason of a refused row."""
    field, reason = csv_failure(exc, lines)
    if field is None:
        return "(row)", reason
    name = header[field].strip() if field < len(header) else ""
    return name or f"field {field + 1}", reason


def csv_failure(exc: csv.Error, lines: Sequence[str]) -> tuple[int | None, str]:
    """The field index (0-based) where ``csv`` stopped on *lines*, and the reason in words.

    The index is ``None`` when the field cannot be told (an error this
    function does not know).
    """
    message = str(exc)
    limit = csv.field_size_limit()
    if "field limit" in message:
        return _long_field(lines, limit), f"a field longer than {limit:,} characters"
    if "new-line character" in message:
        return _bare_line_break(lines), _BARE_BREAK
    return None, f"not readable as CSV: {message}"


def _scan(text: str) -> Iterator[tuple[int, int, str, bool]]:
    """Each character of *text*: its position, field index, itself and whether it is content.

    Follows the csv module's default dialect: ``,`` separates, ``"`` opens a
    quoted field only at the start of a field, ``""`` inside quotes is one
    quote. Line ends outside quotes are reported as non-content characters.
    """
    field = 0
    quoted = closed = False
    at_start = True
    for i, char in enumerate(text):
        if quoted:
            if char == '"':
                quoted, closed = False, True
                continue
            yield i, field, char, True
            continue
        if closed and char == '"':  # a doubled quote: one quote, still inside the field
            quoted, closed = True, False
            yield i, field, char, True
            continue
        closed = False
        if char == '"' and at_start:
            quoted, at_start = True, False
            continue
        if char == ",":
            field, at_start = field + 1, True
            continue
        at_start = False
        yield i, field, char, char not in "\r\n"


def _long_field(lines: Sequence[str], limit: int) -> int | None:
    """The index of the first field longer than *limit* characters."""
    current, size = -1, 0
    for _i, field, _char, content in _scan("".join(lines)):
        if not content:
            continue
        if field != current:
            current, size = field, 0
        size += 1
        if size > limit:
            return field
    return None


def _bare_line_break(lines: Sequence[str]) -> int | None:
    """The index of the first field holding a CR or LF outside quotes, not at a line end."""
    ends: set[int] = set()
    at = 0
    for line in lines:
        at += len(line)
        body = line.rstrip("\r\n")
        ends.update(range(at - (len(line) - len(body)), at))
    for i, field, char, content in _scan("".join(lines)):
        if not content and char in "\r\n" and i not in ends:
            return field
    return None
