"""Legal time limits (*thời hạn giải quyết*): an amount and its unit (private module)."""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from typing import Final

import attrs

from lapvo_cchc.errors import InvalidTimeLimitError

__all__ = ["TimeLimit", "TimeUnit"]


class TimeUnit(enum.Enum):
    """The unit a procedure's time limit is published in.

    Values carry the Vietnamese wording used in procedure records.

    Example:
        >>> TimeUnit.WORKING_DAYS.value
        'ngày làm việc'
        >>> TimeUnit("trong ngày") is TimeUnit.SAME_DAY
        True
    """

    WORKING_DAYS = "ngày làm việc"
    """Working days of the calendar (*ngày làm việc*)."""
    CALENDAR_DAYS = "ngày"
    """Plain calendar days (*ngày*), rolled forward to a working day at the end."""
    WORKING_HOURS = "giờ làm việc"
    """Hours of working time inside the calendar's sessions (*giờ làm việc*)."""
    SAME_DAY = "trong ngày"
    """The same working day, with a cut-off hour (*trong ngày*)."""

    @classmethod
    def parse(cls, text: str) -> TimeUnit:
        """The unit a name denotes, in English or Vietnamese (one parser for every surface).

        Accepted, compared after Unicode NFC, case folding, ``_`` read as a
        space and runs of spaces collapsed: the Vietnamese values
        (``ngày làm việc``, ``ngày``, ``giờ làm việc``, ``trong ngày``), the
        member names (``WORKING_DAYS``…), the ledger's words (``working_days``,
        ``working_hours``, ``calendar_days``, ``same_day``) and their singular
        and spaced forms (``working day``, ``calendar day``, ``same day``).
        A bare English ``days`` is refused: it could mean either kind of day.

        Raises:
            InvalidTimeLimitError: an unknown name (the text is quoted).

        Example:
            >>> TimeUnit.parse("working_days"), TimeUnit.parse("Ngày làm việc")
            (<TimeUnit.WORKING_DAYS: 'ngày làm việc'>, <TimeUnit.WORKING_DAYS: 'ngày làm việc'>)
            >>> TimeUnit.parse("same day").name, TimeUnit.parse("ngày").name
            ('SAME_DAY', 'CALENDAR_DAYS')
        """
        if not isinstance(text, str):
            raise InvalidTimeLimitError(
                f"TimeUnit.parse: expected a unit name (str), got {type(text).__name__} {text!r}"
            )
        unit = _UNIT_WORDS.get(_normalize(text))
        if unit is None:
            raise InvalidTimeLimitError(
                f"TimeUnit.parse: unknown time unit {text!r}; expected one of "
                "'working_days'/'ngày làm việc', 'working_hours'/'giờ làm việc', "
                "'calendar_days'/'ngày', 'same_day'/'trong ngày'"
            )
        return unit


def _normalize(text: str) -> str:
    """NFC, case-folded, ``_`` as spaces, whitespace collapsed and stripped."""
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(text.replace("_", " ").split())


_UNIT_WORDS: Final[dict[str, TimeUnit]] = {
    **{_normalize(u.value): u for u in TimeUnit},
    **{_normalize(u.name): u for u in TimeUnit},
    "working day": TimeUnit.WORKING_DAYS,
    "working hour": TimeUnit.WORKING_HOURS,
    "calendar day": TimeUnit.CALENDAR_DAYS,
    "ngày lịch": TimeUnit.CALENDAR_DAYS,
    "giờ hành chính": TimeUnit.WORKING_HOURS,
}
"""Normalized unit names → units (English words, member names, Vietnamese values)."""

_AMOUNT_RE: Final = re.compile(r"([0-9]{1,9}) (.+)")
_SAME_DAY_RE: Final = re.compile(
    r"(same day|trong ngày)(?: \(?(?:(?:nhận |received )?(?:trước|before) )?"
    r"([0-9]{1,2}):([0-9]{2})\)?)?"
)


def _check_amount(instance: TimeLimit, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int:
        raise InvalidTimeLimitError(
            f"TimeLimit.{attribute.name}: expected a non-negative int, "
            f"got {type(value).__name__} {value!r}"
        )
    if value < 0:
        raise InvalidTimeLimitError(
            f"TimeLimit.{attribute.name}: expected a non-negative int, got {value}"
        )
    if instance.unit is TimeUnit.SAME_DAY and value != 0:
        raise InvalidTimeLimitError(f"a same-day limit has amount 0, got {value}")


def _check_unit(_instance: TimeLimit, _attribute: attrs.Attribute[TimeUnit], value: object) -> None:
    if not isinstance(value, TimeUnit):
        raise InvalidTimeLimitError(
            f"TimeLimit.unit: expected a TimeUnit, got {type(value).__name__} {value!r}"
        )


def _check_cutoff(
    instance: TimeLimit, _attribute: attrs.Attribute[dt.time | None], value: object
) -> None:
    if value is None:
        return
    if instance.unit is not TimeUnit.SAME_DAY:
        raise InvalidTimeLimitError(
            f"only a same-day limit has a cut-off, got cutoff={value!r} for {instance.unit.name}"
        )
    if not isinstance(value, dt.time) or value.tzinfo is not None:
        raise InvalidTimeLimitError(
            f"TimeLimit.cutoff: expected a naive datetime.time (Vietnam wall clock), got {value!r}"
        )


@attrs.frozen(order=False)
class TimeLimit:
    """*Thời hạn giải quyết*: a legal processing time limit.

    Build one with the constructors :meth:`working_days`, :meth:`working_hours`,
    :meth:`calendar_days` and :meth:`same_day`; the amount is never a bare int
    elsewhere in the library.

    Attributes:
        unit: The unit the limit is published in.
        amount: Number of units (``0`` for a same-day limit).
        cutoff: Same-day limits only: the receipt time after which the result is
            due the next working day; ``None`` means the regime's default
            (15:00 in the built-in regimes).

    Raises:
        InvalidTimeLimitError: A negative or non-int amount, a cut-off on a limit
            that is not same-day, or an unknown unit.

    Example:
        >>> TimeLimit.working_days(10)
        TimeLimit(unit=<TimeUnit.WORKING_DAYS: 'ngày làm việc'>, amount=10, cutoff=None)
        >>> str(TimeLimit.calendar_days(15))
        '15 ngày'
        >>> TimeLimit.working_days(-1)
        Traceback (most recent call last):
        ...
        lapvo_cchc.errors.InvalidTimeLimitError: TimeLimit.amount: expected a non-negative int, ...
    """

    unit: TimeUnit = attrs.field(validator=_check_unit)
    amount: int = attrs.field(validator=_check_amount)
    cutoff: dt.time | None = attrs.field(default=None, validator=_check_cutoff)

    @classmethod
    def working_days(cls, n: int) -> TimeLimit:
        """A limit of *n* working days (*ngày làm việc*).

        Example:
            >>> TimeLimit.working_days(3).amount
            3
        """
        return cls(TimeUnit.WORKING_DAYS, n)

    @classmethod
    def working_hours(cls, n: int) -> TimeLimit:
        """A limit of *n* hours of working time (*giờ làm việc*).

        Example:
            >>> str(TimeLimit.working_hours(8))
            '8 giờ làm việc'
        """
        return cls(TimeUnit.WORKING_HOURS, n)

    @classmethod
    def calendar_days(cls, n: int) -> TimeLimit:
        """A limit of *n* calendar days (*ngày*).

        Example:
            >>> TimeLimit.calendar_days(30).unit
            <TimeUnit.CALENDAR_DAYS: 'ngày'>
        """
        return cls(TimeUnit.CALENDAR_DAYS, n)

    @classmethod
    def same_day(cls, cutoff: dt.time | None = None) -> TimeLimit:
        """A same-day limit (*trong ngày*) with a receipt cut-off.

        Args:
            cutoff: Receipts after this Vietnam wall-clock time are due the next
                working day. ``None`` uses the regime's default (15:00).

        Legal basis:
            Certification of copies: same day; received after 15:00, the next
            working day (Decree 23/2015/NĐ-CP Art. 21, quoted from a secondary
            source; see docs/design/rules.md).

        Example:
            >>> import datetime as dt
            >>> TimeLimit.same_day(cutoff=dt.time(15)).cutoff
            datetime.time(15, 0)
        """
        return cls(TimeUnit.SAME_DAY, 0, cutoff)

    @classmethod
    def parse(cls, text: str) -> TimeLimit:
        """The time limit a text states, in English or Vietnamese (every surface uses this).

        Forms (case, ``_`` and spacing are free; units as :meth:`TimeUnit.parse`):
        ``10 working_days``, ``10 working days``, ``10 ngày làm việc``,
        ``8 working_hours``, ``8 giờ làm việc``, ``5 calendar_days``, ``5 ngày``,
        ``same_day``, ``trong ngày``, and a same-day cut-off as the ledger writes
        it (``same_day 15:00``) or as :func:`str` prints it
        (``trong ngày (nhận trước 15:00)``), so ``parse(str(limit)) == limit``.

        Raises:
            InvalidTimeLimitError: the text is none of these forms (it is quoted),
                or an amount on a same-day limit.

        Example:
            >>> TimeLimit.parse("10 working_days") == TimeLimit.parse("10 ngày làm việc")
            True
            >>> TimeLimit.parse("8 Giờ làm việc"), TimeLimit.parse("5 ngày").unit.name
            (TimeLimit(unit=<TimeUnit.WORKING_HOURS: 'giờ làm việc'>, amount=8, cutoff=None), \
'CALENDAR_DAYS')
            >>> TimeLimit.parse("same_day 15:00").cutoff
            datetime.time(15, 0)
            >>> TimeLimit.parse("10 days")
            Traceback (most recent call last):
            ...
            lapvo_cchc.errors.InvalidTimeLimitError: TimeLimit.parse: ... got '10 days'
        """
        if not isinstance(text, str):
            raise InvalidTimeLimitError(
                f"TimeLimit.parse: expected a text, got {type(text).__name__} {text!r}"
            )
        norm = _normalize(text)
        same = _SAME_DAY_RE.fullmatch(norm)
        if same is not None:
            if same[2] is None:
                return cls.same_day()
            hour, minute = int(same[2]), int(same[3])
            if hour < 24 and minute < 60:
                return cls.same_day(cutoff=dt.time(hour, minute))
        counted = _AMOUNT_RE.fullmatch(norm)
        if counted is not None:
            unit = _UNIT_WORDS.get(counted[2])
            if unit is TimeUnit.SAME_DAY:
                raise InvalidTimeLimitError(
                    f"TimeLimit.parse: a same-day limit has no amount, got {text!r}"
                )
            if unit is not None:
                return cls(unit, int(counted[1]))
        raise InvalidTimeLimitError(
            "TimeLimit.parse: expected a time limit like '10 working_days', "
            "'10 ngày làm việc', '8 working_hours', '5 calendar_days', '5 ngày', "
            f"'same_day' or 'same_day 15:00', got {text!r}"
        )

    def __str__(self) -> str:
        if self.unit is TimeUnit.SAME_DAY:
            cutoff = "" if self.cutoff is None else f" (nhận trước {self.cutoff:%H:%M})"
            return f"{self.unit.value}{cutoff}"
        return f"{self.amount} {self.unit.value}"
