"""Rounding conventions and the nearest figures a printed one may stand for (private).

Helpers of :func:`lapvo_cchc.kpi.reconcile`: which rounding conventions give a
printed percentage from its counts, and which numerator or whole nearest to
the published one would print it.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Final

from lapvo_cchc.kpi._rounding import Rounding, round_fraction

# -- rounding conventions ---------------------------------------------------------------

_Rounder = Callable[[Fraction, int], Decimal]


def _twice(value: Fraction, decimals: int) -> Decimal:
    first = round_fraction(value, decimals + 1, Rounding.HALF_UP)
    return round_fraction(Fraction(first), decimals, Rounding.HALF_UP)


_CONVENTIONS: Final[dict[str, _Rounder]] = {
    "half_up": lambda v, d: round_fraction(v, d, Rounding.HALF_UP),
    "half_even": lambda v, d: round_fraction(v, d, Rounding.HALF_EVEN),
    "truncate": lambda v, d: round_fraction(v, d, Rounding.TRUNCATE),
    "half_up_twice": _twice,
}
"""The rounding conventions tried, by name (``half_up_twice``: half-up to one more place first)."""

_CONVENTION_NAMES: Final[dict[str, tuple[str, str]]] = {
    "half_up": ("làm tròn nửa lên", "half-up rounding"),
    "half_even": ("làm tròn nửa về số chẵn", "half-even rounding"),
    "truncate": ("cắt bỏ chữ số thừa", "truncation"),
    "half_up_twice": (
        "làm tròn nửa lên hai lần (qua thêm một chữ số)",
        "half-up rounding twice (via one more place)",
    ),
}


def _places(pct: Decimal) -> int:
    exponent = pct.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _transpositions(value: int) -> list[int]:
    digits = str(value)
    out: list[int] = []
    for i in range(len(digits) - 1):
        if digits[i] == digits[i + 1] or (i == 0 and digits[1] == "0"):
            continue
        swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
        out.append(int(swapped))
    return out


def _conventions_matching(part: int, whole: int, printed: Decimal) -> tuple[str, ...]:
    if whole <= 0:
        return ()
    exact = Fraction(100 * part, whole)
    d = _places(printed)
    return tuple(name for name, rnd in _CONVENTIONS.items() if rnd(exact, d) == printed)


def _percent_transpositions(printed: Decimal) -> list[Decimal]:
    sign, digits, exponent = printed.as_tuple()
    out: list[Decimal] = []
    if not isinstance(exponent, int):
        return out
    for i in range(len(digits) - 1):
        if digits[i] == digits[i + 1]:
            continue
        swapped = list(digits)
        swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
        out.append(Decimal((sign, tuple(swapped), exponent)))
    return out


def _unit(printed: Decimal) -> Fraction:
    return Fraction(1, 10 ** _places(printed))


def _ceil(x: Fraction) -> int:
    return -((-x.numerator) // x.denominator)


def _first(lo: int, hi: int, pred: Callable[[int], bool]) -> int:
    """The smallest x in [lo, hi] with pred(x), for a pred that turns true once; hi + 1 if none."""
    while lo <= hi:
        mid = (lo + hi) // 2
        if pred(mid):
            hi = mid - 1
        else:
            lo = mid + 1
    return lo


def _nearest_numerator(part: int, whole: int, printed: Decimal, house: str) -> int | None:
    """The integer numerator nearest to *part* that gives *printed* over *whole*.

    The rounded value only grows with the numerator, so the numerators that
    print as *printed* form one interval, found by bisection.
    """
    if whole <= 0:
        return None
    rnd, d = _CONVENTIONS[house], _places(printed)
    top = max(_ceil((Fraction(printed) + _unit(printed)) * whole / 100) + 1, 0)

    def shown(n: int) -> Decimal:
        return rnd(Fraction(100 * n, whole), d)

    lo = _first(0, top, lambda n: shown(n) >= printed)
    hi = _first(0, top, lambda n: shown(n) > printed) - 1
    if lo > hi:
        return None
    return min(max(part, lo), hi)


def _nearest_whole(part: int, whole: int, printed: Decimal, house: str) -> int | None:
    """The integer denominator nearest to *whole* that gives *printed* for *part*.

    The rounded value only shrinks as the denominator grows, so the
    denominators that print as *printed* form one interval, found by bisection.
    """
    if part <= 0:
        return None
    rnd, d = _CONVENTIONS[house], _places(printed)
    low_pct = Fraction(printed) - _unit(printed)
    top = _ceil(Fraction(100 * part) / low_pct) + 1 if low_pct > 0 else 2 * max(whole, part) + 10

    def shown(w: int) -> Decimal:
        return rnd(Fraction(100 * part, w), d)

    lo = _first(1, top, lambda w: shown(w) <= printed)
    hi = _first(1, top, lambda w: shown(w) < printed) - 1
    if lo > hi:
        return None
    return min(max(whole, lo), hi)
