"""Vietnamese and English number formatting (private).

Vietnamese writes ``24.355`` and ``99,4%`` (dot for thousands, comma for
decimals); English writes ``24,355`` and ``99.4%``.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from fractions import Fraction
from typing import Final, Literal, cast

from lapvo_cchc.errors import DecodeError, InvalidTypeError, OutOfRangeError
from lapvo_cchc.kpi._rounding import Rounding, round_fraction

__all__ = ["Lang", "format_number", "format_percent"]

Lang = Literal["vi", "en"]
"""A presentation language: ``"vi"`` (Vietnamese) or ``"en"`` (English)."""

_SEPARATORS: Final[dict[str, tuple[str, str]]] = {"vi": (".", ","), "en": (",", ".")}
_SPACES: Final = str.maketrans("", "", " \u00a0\u202f\u2009")


def _separators(lang: str) -> tuple[str, str]:
    try:
        return _SEPARATORS[lang]
    except (KeyError, TypeError):
        raise OutOfRangeError(f"lang: expected 'vi' or 'en', got {lang!r}") from None


def _to_decimal(
    value: int | Decimal | Fraction, decimals: int | None, rounding: Rounding
) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | Fraction):
        raise InvalidTypeError(
            "value: expected an int, Decimal or Fraction (never a float), "
            f"got {type(value).__name__}"
        )
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise OutOfRangeError(f"value: expected a finite number, got {value}")
        if decimals is None:
            exponent = value.as_tuple().exponent
            positive = isinstance(exponent, int) and exponent > 0
            return value.quantize(Decimal(1)) if positive else value
        return round_fraction(Fraction(value), decimals, rounding)
    if isinstance(value, int):
        return round_fraction(value, decimals or 0, rounding)
    return round_fraction(value, 1 if decimals is None else decimals, rounding)


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sep.join(groups)


def format_number(
    value: int | Decimal | Fraction,
    lang: Lang = "vi",
    *,
    decimals: int | None = None,
    rounding: Rounding = Rounding.HALF_UP,
) -> str:
    """Write a number the Vietnamese or the English way.

    Args:
        value: An int, a :class:`~decimal.Decimal` or an exact
            :class:`~fractions.Fraction` (floats are refused).
        lang: ``"vi"`` (``24.355``, ``1.234,5``) or ``"en"`` (``24,355``, ``1,234.5``).
        decimals: Places to show. Default: none for an int, the value's own
            places for a Decimal, one for a Fraction.
        rounding: How to round when places are dropped.

    Returns:
        The text (ASCII digits and separators, NFC).

    Raises:
        OutOfRangeError: an unknown *lang*, or negative *decimals*.
        InvalidTypeError: *value* is a float or not a number.

    Example:
        >>> format_number(24355), format_number(24355, lang="en")
        ('24.355', '24,355')
        >>> from fractions import Fraction
        >>> format_number(Fraction(24355, 7), decimals=2)
        '3.479,29'
    """
    thousands, point = _separators(lang)
    text = format(_to_decimal(value, decimals, rounding), "f")
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, frac = text.partition(".")
    out = sign + _group(whole, thousands) + (point + frac if frac else "")
    return unicodedata.normalize("NFC", out)


def format_percent(
    value: Fraction | int | Decimal | None,
    lang: Lang = "vi",
    *,
    decimals: int = 1,
    rounding: Rounding = Rounding.HALF_UP,
    na: str = "N/A",
) -> str:
    """Write a proportion as a percentage, rounded at presentation.

    Args:
        value: The exact proportion (``Fraction(994, 1000)`` is 99.4%); ``None``
            when it is undefined (a zero denominator).
        lang: ``"vi"`` or ``"en"``.
        decimals: Places after the decimal point (one by default, as reports
            in the field print).
        rounding: Half-up by default.
        na: The text shown for ``None``.

    Returns:
        For example ``"99,4%"`` (vi) or ``"99.4%"`` (en); no space before ``%``.

    Example:
        >>> from fractions import Fraction
        >>> format_percent(Fraction(994, 1000)), format_percent(Fraction(994, 1000), lang="en")
        ('99,4%', '99.4%')
        >>> format_percent(Fraction(51722, 52761), decimals=0)
        '98%'
        >>> format_percent(None)
        'N/A'
    """
    if value is None:
        return unicodedata.normalize("NFC", na)
    if isinstance(value, Decimal):
        value = Fraction(value)
    if isinstance(value, bool) or not isinstance(value, Fraction | int):
        raise InvalidTypeError(
            f"value: expected a Fraction, int, Decimal or None, got {type(value).__name__}"
        )
    return format_number(Fraction(value) * 100, lang, decimals=decimals, rounding=rounding) + "%"


def _number_pattern(lang: str) -> re.Pattern[str]:
    thousands, point = (re.escape(s) for s in _separators(lang))
    return re.compile(
        rf"^(?P<sign>-)?(?P<int>\d{{1,3}}(?:{thousands}\d{{3}})+|\d+)(?:{point}(?P<frac>\d+))?$"
    )


def parse_printed(text: str, lang: str, what: str) -> tuple[Decimal, bool]:
    """Read a printed number (``"57.028"``, ``"99,29%"`` in vi) as an exact Decimal.

    Returns the value (for a percentage, the percent number: ``99.29``) and
    whether it was a percentage. The Decimal keeps the printed places.
    """
    cleaned = unicodedata.normalize("NFC", text).translate(_SPACES)
    is_percent = cleaned.endswith("%")
    body = cleaned.removesuffix("%")
    m = _number_pattern(lang).match(body)
    if m is None:
        thousands, point = _separators(lang)
        raise DecodeError(
            f"{what}: expected a number printed in {lang!r} style (thousands {thousands!r}, "
            f"decimals {point!r}, e.g. {format_number(Decimal('1234.5'), cast('Lang', lang))}), "
            f"got {text!r}"
        )
    digits = m["int"].replace(_separators(lang)[0], "")
    literal = f"{m['sign'] or ''}{digits}" + (f".{m['frac']}" if m["frac"] else "")
    return Decimal(literal), is_percent
