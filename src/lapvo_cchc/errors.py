"""The exception and warning tree of :mod:`lapvo_cchc`.

Every error the library raises is a :class:`LapvoError`. Each subclass also
derives from the builtin exception a caller would naturally catch
(:class:`ValueError`, :class:`LookupError`, :class:`TypeError`), so existing
``except ValueError`` handlers keep working.

Example:
    >>> from lapvo_cchc.errors import LapvoError, OutOfRangeError
    >>> issubclass(OutOfRangeError, ValueError) and issubclass(OutOfRangeError, LapvoError)
    True
"""

from __future__ import annotations

__all__ = [
    "CalendarError",
    "DecodeError",
    "InvalidArgumentError",
    "InvalidCodeError",
    "InvalidDateError",
    "InvalidTextError",
    "InvalidTimeLimitError",
    "InvalidTransitionError",
    "InvalidTypeError",
    "LapvoError",
    "LapvoWarning",
    "MissingExtraError",
    "NaiveDatetimeError",
    "OutOfRangeError",
    "PauseError",
    "ProvisionalCalendarWarning",
    "UnknownProcedureError",
]


class LapvoError(Exception):
    """Root of every error raised by lapvo_cchc.

    Example:
        >>> try:
        ...     raise LapvoError("something went wrong")
        ... except LapvoError as exc:
        ...     print(exc)
        something went wrong
    """


class InvalidDateError(LapvoError, ValueError):
    """A date that does not exist (e.g. day 30 of a 29-day lunar month).

    Example:
        >>> issubclass(InvalidDateError, ValueError)
        True
    """


class OutOfRangeError(LapvoError, ValueError):
    """A date or year outside the span the library supports.

    Example:
        >>> issubclass(OutOfRangeError, ValueError)
        True
    """


class InvalidTypeError(LapvoError, TypeError):
    """A value of the wrong type (a string where a date is expected, ...).

    Example:
        >>> issubclass(InvalidTypeError, TypeError)
        True
    """


class NaiveDatetimeError(LapvoError, ValueError):
    """A naive :class:`datetime.datetime` was given where an aware one is required.

    The core never guesses a time zone; adapters may opt into "naive means
    Vietnam time" explicitly.

    Example:
        >>> issubclass(NaiveDatetimeError, ValueError)
        True
    """


class CalendarError(LapvoError, ValueError):
    """A calendar definition or a calendar data file is inconsistent.

    Example:
        >>> issubclass(CalendarError, ValueError)
        True
    """


class InvalidTimeLimitError(LapvoError, ValueError):
    """A legal time limit that cannot be used (negative, wrong unit, ...).

    Example:
        >>> issubclass(InvalidTimeLimitError, ValueError)
        True
    """


class PauseError(LapvoError, ValueError):
    """A pause of the clock that is inconsistent (ends before it begins, overlaps, ...).

    Example:
        >>> issubclass(PauseError, ValueError)
        True
    """


class InvalidCodeError(LapvoError, ValueError):
    """A malformed official code (procedure, dossier, agency or field code).

    Example:
        >>> issubclass(InvalidCodeError, ValueError)
        True
    """


class InvalidArgumentError(LapvoError, ValueError):
    """An argument whose value a function does not accept (``workers=0``, a name already taken).

    Example:
        >>> issubclass(InvalidArgumentError, ValueError)
        True
    """


class InvalidTextError(LapvoError, ValueError):
    """Text that may not be stored: a name with a control character (line break, NUL, ...).

    Example:
        >>> issubclass(InvalidTextError, ValueError)
        True
    """


class UnknownProcedureError(LapvoError, LookupError):
    """A procedure code that is not in the catalogue.

    Example:
        >>> issubclass(UnknownProcedureError, LookupError)
        True
    """


class InvalidTransitionError(LapvoError, ValueError):
    """An event that is illegal in the dossier's current state.

    Example:
        >>> issubclass(InvalidTransitionError, ValueError)
        True
    """


class DecodeError(LapvoError, ValueError):
    """Input data (JSON, CSV, a portal payload) that cannot be decoded.

    Example:
        >>> issubclass(DecodeError, ValueError)
        True
    """


class MissingExtraError(LapvoError, ImportError):
    """An optional adapter was used without its extra installed.

    The message names the extra, e.g. ``pip install "lapvo-cchc[pandas]"``.

    Example:
        >>> issubclass(MissingExtraError, ImportError)
        True
    """


class LapvoWarning(UserWarning):
    """Root of every warning issued by lapvo_cchc.

    Example:
        >>> issubclass(LapvoWarning, UserWarning)
        True
    """


class ProvisionalCalendarWarning(LapvoWarning):
    """A calendar year with no bundled government schedule was used.

    Such a year is computed from the statutory rules only; the government's
    yearly decisions (Tết span, the day next to 2 September, swapped days)
    may differ.

    Example:
        >>> issubclass(ProvisionalCalendarWarning, UserWarning)
        True
    """
