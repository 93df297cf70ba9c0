"""Our vi/en number style against Babel's CLDR locales (a second, independent implementation).

The project keeps its own formatter (the core depends on no Babel); this test
checks that it writes and reads exactly what Babel does for ``vi`` and ``en``,
once the value is rounded (Babel rounds half-even, reports round half-up).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lapvo_cchc.kpi import Rounding, format_number, format_percent

bn = pytest.importorskip("babel.numbers")

LANGS = st.sampled_from(["vi", "en"])
SEPARATORS = {"vi": (".", ","), "en": (",", ".")}  # thousands, decimal point


def _read(text: str, lang: str) -> Decimal:
    """Read our output back by hand: drop the thousands separator, the point becomes '.'."""
    thousands, point = SEPARATORS[lang]
    return Decimal(text.removesuffix("%").replace(thousands, "").replace(point, "."))


@settings(max_examples=300)
@given(st.integers(-(10**15), 10**15), LANGS)
def test_integers_match_babel(value, lang):
    """Grouped integers are Babel's ``#,##0`` in the same locale, and Babel reads them back."""
    ours = format_number(value, lang)
    assert bn.format_decimal(value, format="#,##0", locale=lang) == ours
    assert Decimal(value) == bn.parse_decimal(ours, locale=lang, strict=True)


@settings(max_examples=300)
@given(st.fractions(min_value=-(10**9), max_value=10**9), st.integers(0, 4), LANGS)
def test_decimals_match_babel(value, places, lang):
    """Rounded numbers with 0-4 places are Babel's output for the same rounded Decimal."""
    ours = format_number(value, lang, decimals=places)
    printed = _read(ours, lang)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    assert bn.format_decimal(printed, format=pattern, locale=lang) == ours
    assert printed == bn.parse_decimal(ours, locale=lang, strict=True)


@settings(max_examples=300)
@given(st.integers(1, 100_000).flatmap(lambda d: st.tuples(st.integers(0, d), st.just(d))), LANGS)
def test_percentages_match_babel(nd, lang):
    """On-time rates at one place are Babel's ``#,##0.0%`` (no space before %)."""
    rate = Fraction(*nd)
    ours = format_percent(rate, lang)
    assert ours.endswith("%")
    printed = _read(ours, lang)
    assert bn.format_percent(printed / 100, format="#,##0.0%", locale=lang) == ours


def test_babel_rounding_is_not_the_reports_rounding():
    """Why Babel cannot round for us: 99.45% is 99,5% half-up (the reports) but 99,4% in Babel."""
    assert "99,5%" == format_percent(Fraction(9945, 10000), "vi", rounding=Rounding.HALF_UP)
    assert "99,4%" == bn.format_percent(Decimal("0.9945"), format="#,##0.0%", locale="vi")
