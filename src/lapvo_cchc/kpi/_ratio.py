"""Ratios that keep their evidence (private)."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from lapvo_cchc.errors import InvalidTypeError, OutOfRangeError
from lapvo_cchc.kpi._format import Lang, format_number, format_percent
from lapvo_cchc.kpi._rounding import Rounding, round_fraction

if TYPE_CHECKING:
    from decimal import Decimal

__all__ = ["Ratio"]


def _count(_instance: Ratio, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(
            f"Ratio.{attribute.name}: expected an int count, got {type(value).__name__} {value!r}"
        )
    if value < 0:
        raise OutOfRangeError(f"Ratio.{attribute.name}: expected a count >= 0, got {value}")


@attrs.frozen
class Ratio:
    """*Tỷ lệ*: a count over a count, kept exact with both counts and the names of both sets.

    The value is an exact :class:`~fractions.Fraction`, or ``None`` when the
    denominator is 0 (shown as "N/A"). Rounding happens only in
    :meth:`percent` and :meth:`format`, with the mode a parameter.

    Attributes:
        numerator: Size of the numerator set.
        denominator: Size of the denominator set.
        numerator_name: Name of the numerator set (e.g. ``"resolved_on_time"``).
        denominator_name: Name of the denominator set (e.g. ``"resolved"``).

    Example:
        >>> r = Ratio(51355, 51722, numerator_name="on_time", denominator_name="resolved")
        >>> r.value
        Fraction(51355, 51722)
        >>> r.percent(2)
        Decimal('99.29')
        >>> r.format(), r.format(lang="en", decimals=2)
        ('99,3%', '99.29%')
        >>> Ratio(0, 0).value is None
        True
    """

    numerator: int = attrs.field(validator=_count)
    denominator: int = attrs.field(validator=_count)
    numerator_name: str = attrs.field(default="", kw_only=True)
    denominator_name: str = attrs.field(default="", kw_only=True)

    @property
    def value(self) -> Fraction | None:
        """The exact value, or ``None`` when the denominator is 0.

        Example:
            >>> Ratio(3, 4).value
            Fraction(3, 4)
        """
        if self.denominator == 0:
            return None
        return Fraction(self.numerator, self.denominator)

    def percent(self, decimals: int = 1, rounding: Rounding = Rounding.HALF_UP) -> Decimal | None:
        """The percentage rounded to *decimals* places, or ``None`` for a zero denominator.

        Example:
            >>> Ratio(2, 3).percent(), Ratio(2, 3).percent(1, Rounding.TRUNCATE)
            (Decimal('66.7'), Decimal('66.6'))
        """
        value = self.value
        if value is None:
            return None
        return round_fraction(value * 100, decimals, rounding)

    def complement(self, numerator_name: str = "") -> Ratio:
        """The rest of the denominator: ``(denominator - numerator) / denominator``.

        Gia Lai, for example, prints the on-time rate as 100% minus the late rate.

        Raises:
            OutOfRangeError: the numerator exceeds the denominator.

        Example:
            >>> Ratio(367, 51722).complement("not_late").numerator
            51355
        """
        if self.numerator > self.denominator:
            raise OutOfRangeError(
                f"Ratio.complement: expected numerator <= denominator, "
                f"got {self.numerator} > {self.denominator}"
            )
        return Ratio(
            self.denominator - self.numerator,
            self.denominator,
            numerator_name=numerator_name,
            denominator_name=self.denominator_name,
        )

    def format(
        self,
        lang: Lang = "vi",
        *,
        decimals: int = 1,
        rounding: Rounding = Rounding.HALF_UP,
        na: str = "N/A",
        counts: bool = False,
    ) -> str:
        """The percentage as text, optionally followed by its counts.

        Example:
            >>> Ratio(1200, 1234).format(counts=True)
            '97,2% (1.200/1.234)'
            >>> Ratio(1200, 1234).format("en", counts=True)
            '97.2% (1,200/1,234)'
        """
        text = format_percent(self.value, lang, decimals=decimals, rounding=rounding, na=na)
        if counts:
            num, den = format_number(self.numerator, lang), format_number(self.denominator, lang)
            text += f" ({num}/{den})"
        return text
