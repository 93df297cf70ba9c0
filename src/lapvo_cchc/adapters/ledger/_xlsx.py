"""Excel (.xlsx) ledgers read as CSV lines, so every ledger reader takes them (private).

The first worksheet is read row by row (openpyxl's read-only mode: memory does
not grow with the rows); each row becomes one CSV line, so row *n* of the sheet
is line *n* in every row error. Cells become text the way the CSV format spells
them: dates and datetimes as ISO 8601 (a cell formatted as a date without a time
of day as a date; Excel stores them without a time zone, so they are naive and
follow the reader's ``naive_is_vietnam`` rule), whole
numbers without a decimal point, booleans as ``1`` / ``0``, empty cells as
empty fields. Text is NFC-normalised.

Example:
    >>> _cell(True), _cell(3.0), _cell(None)
    ('1', '3', '')
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import unicodedata
from typing import TYPE_CHECKING, Any, Self

from lapvo_cchc.adapters.ledger._encoding import LedgerLines
from lapvo_cchc.errors import DecodeError, MissingExtraError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import TracebackType

__all__ = ["XlsxLines"]


def _cell(value: object, number_format: str = "General") -> str:
    """The CSV text of one cell value.

    Excel has no date-only type: a date cell holds a datetime at midnight. A cell
    whose number format shows no time of day is written as a date (a due date then
    means the whole day, as in the CSV format), any other datetime in full.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and "h" not in number_format.lower():
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value))


class XlsxLines(LedgerLines):
    r"""The rows of an ``.xlsx`` ledger's first worksheet as CSV text lines; iterate once.

    Args:
        path: The workbook.

    Raises:
        MissingExtraError: openpyxl is not installed (``pip install "lapvo-cchc[excel]"``).
        DecodeError: the file is not a readable workbook, has no worksheet, or
            a damaged sheet (raised while iterating, naming the row reached).

    Example:
        >>> import pathlib, tempfile, datetime as dt, openpyxl
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "l.xlsx"
        >>> wb = openpyxl.Workbook()
        >>> wb.active.append(["dossier_code", "received_at", "assisted"])
        >>> wb.active.append(["A-1", dt.datetime(2020, 3, 2, 9, 0), True])
        >>> wb.save(p)
        >>> with XlsxLines(p) as lines:
        ...     list(lines)
        ['dossier_code,received_at,assisted\r\n', 'A-1,2020-03-02T09:00:00,1\r\n']
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        try:
            import openpyxl  # type: ignore[import-untyped,import-not-found,unused-ignore]
        except ImportError:
            raise MissingExtraError(
                'reading an .xlsx ledger needs openpyxl: pip install "lapvo-cchc[excel]"'
            ) from None
        self.name = os.fspath(path)
        self.encoding = "xlsx"
        try:
            self._book: Any = openpyxl.load_workbook(self.name, read_only=True, data_only=True)
        except OSError:
            raise
        except Exception as exc:  # openpyxl raises zipfile / KeyError / its own errors
            raise DecodeError(
                f"{self.name}: not a readable .xlsx workbook ({type(exc).__name__}: {exc})"
            ) from None

    def __iter__(self) -> Iterator[str]:
        sheets = self._book.worksheets
        if not sheets:
            raise DecodeError(f"{self.name}: the workbook has no worksheet")
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        rows = sheets[0].iter_rows()
        number = 0
        while True:
            try:
                row = next(rows, None)
                if row is None:
                    return
                cells = [
                    _cell(cell.value, getattr(cell, "number_format", "General")) for cell in row
                ]
            except Exception as exc:  # a damaged sheet: bad XML, bad cell types, ...
                raise DecodeError(
                    f"{self.name}: sheet {sheets[0].title!r} is damaged after row {number} "
                    f"({type(exc).__name__}: {exc})"
                ) from None
            number += 1
            writer.writerow(cells)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()

    def close(self) -> None:
        """Close the workbook.

        Example:
            >>> import pathlib, tempfile, openpyxl
            >>> p = pathlib.Path(tempfile.mkdtemp()) / "e.xlsx"
            >>> openpyxl.Workbook().save(p)
            >>> XlsxLines(p).close()
        """
        self._book.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
