"""Exact rounding of fractions for presentation (private).

Values stay exact :class:`fractions.Fraction` inside the library; these
functions round only when a number is shown. All arithmetic is on integers:
no float ever touches a value.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from lapvo_cchc.errors import InvalidTypeError, OutOfRangeError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["Rounding", "largest_remainder", "round_fraction"]


class Rounding(enum.Enum):
    """How a value is rounded to the shown number of decimals.

    Example:
        >>> from fractions import Fraction
        >>> [str(round_fraction(Fraction(9945, 100), 1, mode)) for mode in Rounding]
        ['99.5', '99.4', '99.4']
    """

    HALF_UP = "half_up"
    """Ties away from zero: 99.45 → 99.5. Reports in the field use this (the default)."""

    HALF_EVEN = "half_even"
    """Ties to the even digit (banker's rounding): 99.45 → 99.4, 99.55 → 99.6."""

    TRUNCATE = "truncate"
    """Drop the extra digits (toward zero): 99.49 → 99.4."""


def _check_decimals(decimals: int) -> int:
    if isinstance(decimals, bool) or not isinstance(decimals, int):
        raise InvalidTypeError(f"decimals: expected an int, got {type(decimals).__name__}")
    if decimals < 0:
        raise OutOfRangeError(f"decimals: expected 0 or more, got {decimals}")
    return decimals


def _as_fraction(value: Fraction | int, what: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, Fraction | int):
        raise InvalidTypeError(
            f"{what}: expected a Fraction or an int (never a float), got {type(value).__name__}"
        )
    return Fraction(value)


def round_units(value: Fraction, rounding: Rounding) -> int:
    """Round an exact fraction to an integer with *rounding* (integer arithmetic only).

    Example:
        >>> from fractions import Fraction
        >>> round_units(Fraction(-5, 2), Rounding.HALF_UP)
        -3
        >>> round_units(Fraction(5, 2), Rounding.HALF_EVEN)
        2
    """
    sign = -1 if value < 0 else 1
    q, r = divmod(abs(value.numerator), value.denominator)
    if rounding is Rounding.TRUNCATE or r == 0:
        return sign * q
    twice = 2 * r
    tie = twice == value.denominator
    if twice > value.denominator or (tie and (rounding is Rounding.HALF_UP or q % 2 == 1)):
        q += 1
    return sign * q


def _units_to_decimal(units: int, decimals: int) -> Decimal:
    """The exact decimal ``units * 10**-decimals``, with exactly *decimals* places."""
    return Decimal(f"{units}E-{decimals}")


def round_fraction(
    value: Fraction | int, decimals: int = 1, rounding: Rounding = Rounding.HALF_UP
) -> Decimal:
    """Round an exact value to *decimals* places.

    Args:
        value: The exact value (a :class:`~fractions.Fraction` or an int; floats are refused).
        decimals: Places after the decimal point (0 or more).
        rounding: The rounding mode; half-up by default.

    Returns:
        A :class:`~decimal.Decimal` with exactly *decimals* places, within half
        a unit of the last place of *value* (one unit for truncation).

    Raises:
        InvalidTypeError: *value* is a float or another non-exact type.
        OutOfRangeError: *decimals* is negative.

    Example:
        >>> from fractions import Fraction
        >>> round_fraction(Fraction(51722, 52761) * 100, 2)
        Decimal('98.03')
        >>> round_fraction(Fraction(1, 8), 2, Rounding.HALF_EVEN)
        Decimal('0.12')
        >>> round_fraction(Fraction(1, 8), 2)
        Decimal('0.13')
    """
    exact = _as_fraction(value, "value")
    places = _check_decimals(decimals)
    return _units_to_decimal(round_units(exact * 10**places, rounding), places)


def largest_remainder(
    parts: Sequence[int], total: int | None = None, decimals: int = 1
) -> tuple[Decimal, ...]:
    """Percentages of *parts* over *total* that add up exactly (Hamilton's method).

    Each part gets its exact percentage truncated to *decimals* places; the
    units still missing are handed, one each, to the parts with the largest
    remainders (ties to the earlier part). When the parts add up to the total,
    the result adds up to exactly 100; otherwise to the half-up rounding of
    their exact sum. Every result is within one unit of its exact value.

    Args:
        parts: Counts (non-negative).
        total: The denominator; the sum of *parts* when omitted.
        decimals: Places after the decimal point.

    Returns:
        One percentage per part.

    Raises:
        OutOfRangeError: a negative count, a total of 0, or negative *decimals*.

    Example:
        >>> [str(x) for x in largest_remainder([1, 1, 1])]
        ['33.4', '33.3', '33.3']
        >>> [str(x) for x in largest_remainder([57502, 187], decimals=2)]
        ['99.68', '0.32']
    """
    places = _check_decimals(decimals)
    counts = list(parts)
    for p in counts:
        if isinstance(p, bool) or not isinstance(p, int):
            raise InvalidTypeError(f"parts: expected int counts, got {type(p).__name__}")
        if p < 0:
            raise OutOfRangeError(f"parts: expected non-negative counts, got {p}")
    whole = sum(counts) if total is None else total
    if isinstance(whole, bool) or not isinstance(whole, int):
        raise InvalidTypeError(f"total: expected an int, got {type(whole).__name__}")
    if whole <= 0:
        raise OutOfRangeError(f"total: expected a positive count, got {whole}")
    scale = 100 * 10**places
    quotas = [Fraction(p * scale, whole) for p in counts]
    floors = [q.numerator // q.denominator for q in quotas]
    target = round_units(sum(quotas, Fraction(0)), Rounding.HALF_UP)
    missing = target - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-(quotas[i] - floors[i]), i))
    units = list(floors)
    for i in order[: max(missing, 0)]:
        units[i] += 1
    return tuple(_units_to_decimal(u, places) for u in units)
