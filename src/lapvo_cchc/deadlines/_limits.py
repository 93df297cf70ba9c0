"""Legal time limits (*thời hạn giải quyết*): an amount and its unit (private module)."""

from __future__ import annotations

import datetime as dt
import enum

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

    def __str__(self) -> str:
        if self.unit is TimeUnit.SAME_DAY:
            cutoff = "" if self.cutoff is None else f" (nhận trước {self.cutoff:%H:%M})"
            return f"{self.unit.value}{cutoff}"
        return f"{self.amount} {self.unit.value}"
