"""How a ledger's due column is read when its instants are all at midnight (private).

Spreadsheets and SQL exports turn a *date* column into datetimes at 00:00
(``2019-12-16T00:00:00``). Read as an instant, such a due date falls at the
start of the day, a whole day early: same-day dossiers are then "due before
their receipt" and a dossier resolved on its due day is late. The reader
therefore has three readings of a due cell at 00:00:00 (:data:`DUE_READINGS`):

* ``"dates"``: the cell is the due *date* (due at 24:00 of that day, as a
  ``YYYY-MM-DD`` cell);
* ``"instants"``: the cell is the instant itself (due at 00:00 of that day);
* ``"auto"`` (default): dates when **every** due instant of the ledger is at
  midnight (a date column exported as datetimes), with a
  :class:`MidnightDueWarning`; instants as soon as one due instant carries a
  clock time (a true instant column, where a midnight is one more instant).
  A row whose time limit is in working hours is not counted: its due instant
  has a clock time by nature, and exports that write day deadlines as
  midnights write hour deadlines with their clock time (the bundled sample's
  ``8 working_hours`` rows are such).

Due cells that are dates (``YYYY-MM-DD``) or instants with a clock time are
read the same way under every reading.

Example:
    >>> midnight_day("2019-12-16T00:00:00"), midnight_day("2019-12-16T16:30:00")
    (datetime.date(2019, 12, 16), None)
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import deque
from typing import TYPE_CHECKING, Final, Literal

from lapvo_cchc.adapters.ledger._profiles import parse_dmy
from lapvo_cchc.errors import LapvoWarning

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["DUE_READINGS", "DueReading", "MidnightDueWarning", "midnight_day"]

DueReading = Literal["auto", "dates", "instants"]
DUE_READINGS: Final = ("auto", "dates", "instants")
"""The readings of a due cell at 00:00:00: ``auto``, ``dates``, ``instants``."""

_MIDNIGHT: Final = dt.time(0)


class MidnightDueWarning(LapvoWarning):
    """A ledger's due instants are all at 00:00 and were read as due dates.

    Example:
        >>> issubclass(MidnightDueWarning, UserWarning)
        True
        >>> str(MidnightDueWarning.about("l.csv")).split(":")[0]
        'l.csv'
    """

    @classmethod
    def about(cls, where: str) -> MidnightDueWarning:
        """The warning for the ledger *where* (its file name, or ``"ledger"``)."""
        return cls(warning_text(where))


def midnight_day(text: str) -> dt.date | None:
    """The day of an ISO 8601 instant at 00:00:00 (its own offset), else ``None``.

    A date without a time of day (``2019-12-16``) is not an instant: ``None``.

    Example:
        >>> midnight_day("2019-12-16 00:00:00+07:00"), midnight_day("2019-12-16")
        (datetime.date(2019, 12, 16), None)
    """
    if len(text) <= 10:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.timetz().replace(tzinfo=None) != _MIDNIGHT:
        return None
    return value.date()


def has_clock(text: str) -> bool:
    """Whether *text* is an ISO 8601 instant with a time of day other than 00:00:00.

    Example:
        >>> has_clock("2019-12-16T16:30:00"), has_clock("2019-12-16T00:00:00")
        (True, False)
    """
    if len(text) <= 10:
        return False
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return value.timetz().replace(tzinfo=None) != _MIDNIGHT


_HOURLY: dict[str, bool] = {}


def hourly(limit_text: str) -> bool:
    """Whether a ``time_limit`` cell is a limit in working hours (cached).

    Example:
        >>> hourly("8 working_hours"), hourly("10 working_days"), hourly("")
        (True, False, False)
    """
    hit = _HOURLY.get(limit_text)
    if hit is None:
        from lapvo_cchc.adapters.ledger.vocabulary import parse_limit

        try:
            hit = parse_limit(limit_text.strip()).unit.name == "WORKING_HOURS"
        except ValueError:
            hit = False
        if len(_HOURLY) < 10_000:
            _HOURLY[limit_text] = hit
    return hit


def evidence(due_text: str, limit_text: str) -> bool:
    """Whether a row's due cell shows a true instant column (see the module docs).

    Example:
        >>> evidence("2020-03-05T17:00:00", "10 working_days")
        True
        >>> evidence("2020-03-05T10:30:00", "8 working_hours")
        False
    """
    return has_clock(due_text) and not hourly(limit_text)


def warning_text(where: str) -> str:
    """The message of the :class:`MidnightDueWarning` (*where*: the file or ``"ledger"``).

    Example:
        >>> warning_text("l.csv").split(":")[0]
        'l.csv'
    """
    return (
        f"{where}: every due instant (but those of limits in working hours) is at "
        "00:00:00, as when a date column is exported as datetimes: read as due dates "
        "(due at the end of that day); "
        "due_as='instants' (--due-as instants) reads them as instants"
    )


class Lookahead:
    """Lines of a ledger with a look further down the due column (internal).

    :meth:`__iter__` gives the lines in order, including those :meth:`clock_ahead`
    has read ahead (they are kept and given in turn).
    """

    def __init__(
        self, lines: Iterator[str], due_column: int, limit_column: int, *, dmy: bool
    ) -> None:
        self._lines = lines
        self._ahead: deque[str] = deque()
        self._column = due_column
        self._limit = limit_column
        self._dmy = dmy

    def __iter__(self) -> Iterator[str]:
        ahead = self._ahead
        for line in self._lines:
            yield line
            while ahead:
                yield ahead.popleft()

    def _pull(self) -> Iterator[str]:
        for line in self._lines:
            self._ahead.append(line)
            yield line

    def clock_ahead(self) -> bool:
        """Read the rest of the ledger ahead: does a row show a true instant column?

        Stops at the first such row (see :func:`evidence`); the lines read are
        kept for :meth:`__iter__`.
        """
        column = self._column
        if column < 0:
            return False
        lim = self._limit
        for row in csv.reader(self._pull()):
            if len(row) > column:
                limit = row[lim] if 0 <= lim < len(row) else ""
                if evidence(self._iso(row[column]), limit):
                    return True
        return False

    def _iso(self, text: str) -> str:
        text = text.strip()
        if self._dmy and text:
            return parse_dmy(text) or text
        return text
