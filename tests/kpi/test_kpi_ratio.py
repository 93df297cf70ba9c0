"""Tests of lapvo_cchc.kpi ratios, rounding modes, largest remainder and number formatting."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lapvo_cchc.errors import InvalidTypeError, OutOfRangeError
from lapvo_cchc.kpi import (
    Ratio,
    Rounding,
    format_number,
    format_percent,
    largest_remainder,
    round_fraction,
)

# --------------------------------------------------------------------------- Ratio


def test_ratio_keeps_its_evidence() -> None:
    """A ratio keeps both counts, both names and the exact value."""
    r = Ratio(51355, 51722, numerator_name="on_time", denominator_name="resolved")
    assert (
        r.numerator,
        r.denominator,
        r.numerator_name,
        r.denominator_name,
    ) == (51355, 51722, "on_time", "resolved")
    assert Fraction(51355, 51722) == r.value


def test_zero_denominator_is_undefined() -> None:
    """A zero denominator gives no value, no percentage and prints N/A."""
    r = Ratio(0, 0)
    assert (r.value, r.percent(), r.format(), r.format(na="—")) == (None, None, "N/A", "—")


@pytest.mark.parametrize(("num", "den"), [(-1, 3), (1, -3)])
def test_negative_counts_are_refused(num: int, den: int) -> None:
    """Counts are never negative."""
    with pytest.raises(OutOfRangeError):
        Ratio(num, den)


@pytest.mark.parametrize(("num", "den"), [(1.0, 3), (1, "3"), (True, 3)])
def test_counts_are_ints(num: object, den: object) -> None:
    """Floats, strings and booleans are not counts."""
    with pytest.raises(InvalidTypeError):
        Ratio(num, den)  # type: ignore[arg-type]


def test_percent_and_format() -> None:
    """Percentages round half-up to one place by default, in Vietnamese style."""
    r = Ratio(1200, 1234)
    assert Decimal("97.2") == r.percent()
    assert r.format() == "97,2%"
    assert r.format("en", decimals=2) == "97.24%"
    assert r.format(counts=True) == "97,2% (1.200/1.234)"


def test_complement() -> None:
    """The complement counts the rest of the denominator (on time = 100% minus late)."""
    late = Ratio(367, 51722, denominator_name="resolved")
    rest = late.complement("not_late")
    assert Ratio(51355, 51722, numerator_name="not_late", denominator_name="resolved") == rest
    with pytest.raises(OutOfRangeError):
        Ratio(5, 4).complement()


# --------------------------------------------------------------------------- rounding


@pytest.mark.parametrize(
    ("value", "decimals", "half_up", "half_even", "truncate"),
    [
        (Fraction(9945, 100), 1, "99.5", "99.4", "99.4"),
        (Fraction(9955, 100), 1, "99.6", "99.6", "99.5"),
        (Fraction(-9945, 100), 1, "-99.5", "-99.4", "-99.4"),
        (Fraction(2, 3), 0, "1", "1", "0"),
        (Fraction(1, 8), 2, "0.13", "0.12", "0.12"),
        (Fraction(5), 2, "5.00", "5.00", "5.00"),
        # The float 0.145 is 0.14499999...; exact fractions round the way reports do.
        (Fraction(145, 1000), 2, "0.15", "0.14", "0.14"),
    ],
)
def test_rounding_modes(
    value: Fraction, decimals: int, half_up: str, half_even: str, truncate: str
) -> None:
    """The three modes on ties, non-ties and negatives, with the places kept."""
    got = [str(round_fraction(value, decimals, mode)) for mode in Rounding]
    assert [half_up, half_even, truncate] == got


def test_rounding_refuses_floats() -> None:
    """A float is refused: exact values only."""
    with pytest.raises(InvalidTypeError):
        round_fraction(0.145, 2)  # type: ignore[arg-type]


def test_rounding_refuses_negative_places() -> None:
    """Negative places raise OutOfRangeError."""
    with pytest.raises(OutOfRangeError):
        round_fraction(Fraction(1, 3), -1)


fractions = st.fractions(min_value=-(10**6), max_value=10**6)


@given(fractions, st.integers(0, 4))
def test_half_modes_are_within_half_a_unit(value: Fraction, decimals: int) -> None:
    """Half-up and half-even land within half a unit of the last place of the exact value."""
    unit = Fraction(1, 10**decimals)
    for mode in (Rounding.HALF_UP, Rounding.HALF_EVEN):
        assert abs(Fraction(round_fraction(value, decimals, mode)) - value) <= unit / 2


@given(fractions, st.integers(0, 4))
def test_truncation_moves_toward_zero(value: Fraction, decimals: int) -> None:
    """Truncation lands within one unit, never further from zero than the exact value."""
    got = Fraction(round_fraction(value, decimals, Rounding.TRUNCATE))
    assert abs(got - value) < Fraction(1, 10**decimals)
    assert abs(got) <= abs(value)


@given(st.integers(0, 10**6), st.integers(1, 10**6), st.integers(0, 3))
def test_ratio_percent_is_within_half_a_unit(num: int, den: int, decimals: int) -> None:
    """A ratio's rounded percentage is within half a unit of its exact percentage."""
    r = Ratio(num, den)
    got = r.percent(decimals)
    assert got is not None
    assert abs(Fraction(got) - Fraction(100 * num, den)) <= Fraction(1, 2 * 10**decimals)


# --------------------------------------------------------------------------- largest remainder


def test_largest_remainder_on_thirds() -> None:
    """Three equal parts sum to 100.0 with the extra tenth on the first."""
    assert (Decimal("33.4"), Decimal("33.3"), Decimal("33.3")) == largest_remainder([1, 1, 1])


def test_largest_remainder_on_dak_glong() -> None:
    """Đắk Glong 2020: on time 57,502 and late 187 of 57,689 resolved split to 100.00."""
    got = largest_remainder([57502, 187], 57689, decimals=2)
    assert (Decimal("99.68"), Decimal("0.32")) == got


def test_largest_remainder_with_a_partial_split() -> None:
    """Parts that do not cover the total sum to the rounded share they cover."""
    got = largest_remainder([1, 1], 3, decimals=1)
    assert Decimal("66.7") == sum(got)


@pytest.mark.parametrize(("parts", "total"), [([1, 2], 0), ([1, -2], None), ([], None)])
def test_largest_remainder_bad_input(parts: list[int], total: int | None) -> None:
    """A zero total or a negative count raises OutOfRangeError."""
    with pytest.raises(OutOfRangeError):
        largest_remainder(parts, total)


@given(
    st.lists(st.integers(0, 10**6), min_size=1, max_size=12).filter(lambda xs: sum(xs) > 0),
    st.integers(0, 3),
)
def test_largest_remainder_sums_to_100(parts: list[int], decimals: int) -> None:
    """The split sums to exactly 100 and each part is within one unit of its exact share."""
    got = largest_remainder(parts, decimals=decimals)
    total = sum(parts)
    assert Decimal(100) == sum(got)
    unit = Fraction(1, 10**decimals)
    for share, part in zip(got, parts, strict=True):
        assert abs(Fraction(share) - Fraction(100 * part, total)) < unit


# --------------------------------------------------------------------------- formatting


def test_format_number_examples() -> None:
    """The examples of the issue: 24.355 and 99,4% in Vietnamese, 24,355 and 99.4% in English."""
    assert format_number(24355, lang="vi") == "24.355"
    assert format_number(24355, lang="en") == "24,355"
    assert format_percent(Fraction(994, 1000), lang="vi") == "99,4%"
    assert format_percent(Fraction(994, 1000), lang="en") == "99.4%"


@pytest.mark.parametrize(
    ("value", "kwargs", "vi", "en"),
    [
        (0, {}, "0", "0"),
        (999, {}, "999", "999"),
        (1000, {}, "1.000", "1,000"),
        (-1234567, {}, "-1.234.567", "-1,234,567"),
        (Decimal("1234.50"), {}, "1.234,50", "1,234.50"),
        (Decimal("1E+3"), {}, "1.000", "1,000"),
        (Decimal("1234.55"), {"decimals": 1}, "1.234,6", "1,234.6"),
        (Fraction(1, 3), {}, "0,3", "0.3"),
        (1234, {"decimals": 2}, "1.234,00", "1,234.00"),
    ],
)
def test_format_number_styles(value: object, kwargs: dict[str, int], vi: str, en: str) -> None:
    """Thousands and decimal separators in both languages."""
    got = (format_number(value, "vi", **kwargs), format_number(value, "en", **kwargs))  # type: ignore[arg-type]
    assert (vi, en) == got


def test_format_percent_places_and_modes() -> None:
    """Places and rounding mode are parameters; large values keep their separators."""
    assert format_percent(Fraction(51722, 52761), decimals=0) == "98%"
    assert format_percent(Fraction(367, 51722), decimals=2, rounding=Rounding.TRUNCATE) == "0,70%"
    assert format_percent(Fraction(1234, 100)) == "1.234,0%"
    assert format_percent(Decimal("0.5")) == "50,0%"


@pytest.mark.parametrize("value", [0.5, "0.5", True])
def test_format_refuses_floats_and_text(value: object) -> None:
    """Floats, strings and booleans are refused."""
    with pytest.raises(InvalidTypeError):
        format_percent(value)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        format_number(value)  # type: ignore[arg-type]


def test_unknown_language() -> None:
    """An unsupported language raises OutOfRangeError."""
    with pytest.raises(OutOfRangeError, match="lang"):
        format_number(1, lang="fr")  # type: ignore[arg-type]


def test_format_rejects_non_finite_decimals() -> None:
    """NaN and infinity are not numbers a report can print."""
    with pytest.raises(OutOfRangeError):
        format_number(Decimal("NaN"))


@given(st.integers(-(10**12), 10**12), st.sampled_from(["vi", "en"]))
def test_format_number_keeps_the_digits(value: int, lang: str) -> None:
    """Removing the thousands separators gives back the integer; the text is NFC."""
    text = format_number(value, lang)  # type: ignore[arg-type]
    sep = "." if lang == "vi" else ","
    assert value == int(text.replace(sep, ""))
    assert unicodedata.normalize("NFC", text) == text
