"""Tests of the 766 index scoring: versioned rules, points, N/A handling, ranking, rendering."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lapvo_cchc.errors import InvalidTypeError, LapvoError, OutOfRangeError
from lapvo_cchc.kpi import Ratio
from lapvo_cchc.kpi._indicators import UnknownIndicatorError
from lapvo_cchc.kpi._scoring import (
    RULES_766_2022,
    Assumption,
    Conversion,
    Evidence,
    GroupRule,
    IndicatorRule,
    ScoreStatus,
    ScoringRules,
    rank,
    score_766,
)

# --------------------------------------------------------------------------- helpers


def _rule(
    id: str = "9.1",  # noqa: A002 - mirrors the field name
    *,
    max_points: Fraction | int | None = 10,
    conversion: Conversion = Conversion.LINEAR_TO_TARGET,
    target: Fraction | None = Fraction(1, 2),
    evidence: Evidence = Evidence.DECISION,
) -> IndicatorRule:
    return IndicatorRule(
        id=id,
        title_vi="Chỉ số thử",
        title_en="Test indicator",
        definition="a / b",
        max_points=max_points,
        conversion=conversion,
        target=target,
        max_points_evidence=evidence,
        conversion_evidence=evidence,
        source="test",
    )


def _rules(*indicators: IndicatorRule, assumptions: list[Assumption] | None = None) -> ScoringRules:
    return ScoringRules(
        version="test-1",
        valid_from=dt.date(2024, 1, 1),
        source="test",
        groups=[
            GroupRule(
                id="9",
                title_vi="Nhóm",
                title_en="Group",
                max_points=100,
                evidence=Evidence.DECISION,
            ),
        ],
        indicators=indicators,
        assumptions=assumptions or [],
    )


def _online_rules(pmax: Fraction) -> ScoringRules:
    """The built-in rules with 3.3 given a maximum of *pmax* points."""
    return RULES_766_2022.with_rules(
        attrs.evolve(RULES_766_2022.rule("3.3"), max_points=pmax),
        version="test-3.3",
        assumptions=[Assumption("3.3 test maximum.", "3.3 điểm thử.", ["3.3"])],
    )


# --------------------------------------------------------------------------- hand-computed points


@pytest.mark.parametrize("pmax", [Fraction(4), Fraction(6), Fraction(5, 2), Fraction(12)])
def test_online_share_below_target_scores_proportionally_to_the_target(pmax: Fraction) -> None:
    """An online share of 40% against the 50% target earns 0.8 × Pmax."""
    score = score_766({"3.3": Ratio(40, 100)}, _online_rules(pmax))
    assert {"3.3": Fraction(4, 5) * pmax} == score.points
    assert (Fraction(4, 5) * pmax, pmax) == (score.total, score.max_attainable)


@pytest.mark.parametrize(("num", "den"), [(50, 100), (1, 2), (73, 100), (1, 1)])
def test_online_share_at_or_above_target_scores_full(num: int, den: int) -> None:
    """An online share at or above 50% earns the full maximum."""
    assert {"3.3": Fraction(6)} == score_766(
        {"3.3": Ratio(num, den)}, _online_rules(Fraction(6))
    ).points


@pytest.mark.parametrize(
    ("indicator", "num", "den", "expected"),
    [
        ("2.1", 985, 1000, Fraction(197, 10)),  # 0.985 × 20 (proportional, assumed)
        ("2.1", 0, 7, Fraction(0)),
        ("2.1", 7, 7, Fraction(20)),
        ("3.6", 3, 10, Fraction(9, 5)),  # 0.3 × 6
        ("4.1", 1, 4, Fraction(3, 2)),  # 0.25 × 6
        ("4.2", 6, 10, Fraction(3)),  # 0.6 / 0.8 × 4
        ("4.2", 8, 10, Fraction(4)),  # at the 80% target
        ("4.3", 2, 5, Fraction(1)),  # 0.4 / 0.8 × 2
        ("4.3", 9, 10, Fraction(2)),  # above the target
        ("4.4", 1, 2, Fraction(2)),  # 0.5 × 4
        ("5.4", 81, 100, Fraction(27, 5)),  # 0.81 / 0.9 × 6 = 5.4
        ("5.4", 9, 10, Fraction(6)),  # at the 90% target
        ("5.4", 1, 3, Fraction(20, 9)),  # 1/3 / 0.9 × 6
    ],
)
def test_points_by_hand(indicator: str, num: int, den: int, expected: Fraction) -> None:
    """Each built-in indicator converts its rate to the hand-computed points, exactly."""
    assert {indicator: expected} == score_766({indicator: Ratio(num, den)}).points


def test_total_and_max_over_the_indicators_supplied() -> None:
    """The total adds the points; the maximum adds only the maxima of the indicators scored."""
    score = score_766(
        {"2.1": Ratio(985, 1000), "4.2": Ratio(7, 10), "5.4": Ratio(81, 100), "3.3": Ratio(2, 5)}
    )
    # 19.7 + 3.5 + 5.4; 3.3 has no maximum, so it adds nothing to either side.
    assert (Fraction(286, 10), Fraction(30)) == (score.total, score.max_attainable)
    assert Fraction(286, 300) == score.share
    assert score.missing == ("3.6", "4.1", "4.3", "4.4")
    assert score.unweighted == ("3.3",)
    assert [s.rule.id for s in score.indicators] == ["2.1", "3.3", "4.2", "5.4"]


def test_unknown_maximum_is_shown_as_a_share_without_points() -> None:
    """3.3 has no maximum in the built-in rules: its attainment is kept, its points are None."""
    s = score_766({"3.3": Ratio(2, 5)}).indicator("3.3")
    assert (ScoreStatus.UNWEIGHTED, Fraction(4, 5), None) == (s.status, s.attainment, s.points)
    assert Fraction(0) == s.counted_max


def test_empty_rates_score_nothing() -> None:
    """With no rates, nothing is scored and every indicator is missing."""
    score = score_766({})
    assert (Fraction(0), Fraction(0), None) == (score.total, score.max_attainable, score.share)
    assert tuple(r.id for r in RULES_766_2022.indicators) == score.missing


# --------------------------------------------------------------------------- N/A


def test_zero_denominator_is_not_applicable() -> None:
    """A zero denominator earns no points and leaves its maximum out of the attainable maximum."""
    score = score_766({"2.1": Ratio(9, 10), "5.4": Ratio(0, 0)})
    assert {"2.1": Fraction(18)} == score.points
    assert (Fraction(18), Fraction(20)) == (score.total, score.max_attainable)
    assert score.not_applicable == ("5.4",)
    s = score.indicator("5.4")
    assert (s.status, s.points, s.attainment) == (ScoreStatus.NOT_APPLICABLE, None, None)


def test_all_not_applicable_has_no_share() -> None:
    """When every rate is N/A, the share of the maximum is undefined, not 0."""
    score = score_766({"2.1": Ratio(0, 0), "3.6": Ratio(0, 0)})
    assert (Fraction(0), Fraction(0), None) == (score.total, score.max_attainable, score.share)
    assert "N/A" in score.render("en")


def test_not_applicable_is_stated_in_the_rendering_and_assumptions() -> None:
    """The N/A choice is named in the output, in both languages."""
    score = score_766({"2.1": Ratio(0, 0)})
    assert "N/A (denominator 0; left out of points and maximum): 2.1" in score.render("en")
    assert "Không áp dụng (mẫu số bằng 0" in score.render("vi")
    assert any("zero denominator is N/A" in a.text_en for a in score.assumptions)


# --------------------------------------------------------------------------- assumptions


def test_assumptions_used_follow_the_indicators_scored() -> None:
    """Per-indicator assumptions appear only for indicators that had a defined rate."""
    named = [a.indicators for a in score_766({"2.1": Ratio(1, 2)}).assumptions if a.indicators]
    assert named == [("2.1",)]
    assert [a for a in score_766({"2.1": Ratio(0, 0)}).assumptions if a.indicators] == []


def test_every_non_decision_number_of_the_builtin_rules_is_named() -> None:
    """Each built-in indicator whose numbers are third-party or assumed has its own assumption."""
    named = {i for a in RULES_766_2022.assumptions for i in a.indicators}
    for r in RULES_766_2022.indicators:
        if Evidence.DECISION not in (r.max_points_evidence, r.conversion_evidence):
            assert r.id in named


def test_builtin_rules_mark_their_sources() -> None:
    """2.1's conversion is assumed, targets are third-party, only satisfaction's weight is [S]."""
    r = RULES_766_2022
    assert (
        r.rule("2.1").conversion,
        r.rule("2.1").conversion_evidence,
    ) == (Conversion.PROPORTIONAL, Evidence.ASSUMED)
    assert (Fraction(20), Evidence.THIRD_PARTY) == (
        r.rule("2.1").max_points,
        r.rule("2.1").max_points_evidence,
    )
    targets = {x.id: x.target for x in r.indicators if x.target}
    expected = {"3.3": Fraction(1, 2), "4.2": Fraction(4, 5), "4.3": Fraction(4, 5)}
    assert targets == {**expected, "5.4": Fraction(9, 10)}
    assert [g.evidence for g in r.groups if g.evidence is Evidence.DECISION] == [Evidence.DECISION]
    assert Fraction(100) == sum((g.max_points for g in r.groups), Fraction(0))
    assert (dt.date(2022, 6, 23), "766-2022.1") == (r.valid_from, r.version)


def test_assumption_accepts_one_id_as_a_string() -> None:
    """A single indicator id is not split into characters."""
    assert Assumption("x", "y", "2.1").indicators == ("2.1",)
    assert str(Assumption("x", "y")) == "x"


# --------------------------------------------------------------------------- bad input


def test_unknown_indicator_is_refused() -> None:
    """A rate for an indicator the rules do not have is an error (and a LookupError)."""
    with pytest.raises(UnknownIndicatorError, match=r"1\.4"):
        score_766({"1.4": Ratio(1, 2)})
    with pytest.raises(LookupError):
        RULES_766_2022.rule("9.9")
    with pytest.raises(LookupError):
        score_766({"2.1": Ratio(1, 2)}).indicator("5.4")


@pytest.mark.parametrize("rate", [Fraction(1, 2), 0.5, (1, 2)])
def test_rates_must_be_ratios(rate: object) -> None:
    """A bare number is refused: the score keeps the counts behind each rate."""
    with pytest.raises(InvalidTypeError):
        score_766({"2.1": rate})  # type: ignore[dict-item]


def test_rate_above_one_is_refused() -> None:
    """A numerator over its denominator is an input error, not extra points."""
    with pytest.raises(OutOfRangeError, match="numerator <= denominator"):
        score_766({"2.1": Ratio(11, 10)})


def test_rules_must_be_scoring_rules() -> None:
    """Passing something else as rules is a type error."""
    with pytest.raises(InvalidTypeError):
        score_766({}, rules={})  # type: ignore[arg-type]


# --------------------------------------------------------------------------- rule validation


def test_linear_needs_a_target_in_range() -> None:
    """LINEAR_TO_TARGET needs 0 < target <= 1."""
    for target in (None, Fraction(0), Fraction(3, 2)):
        with pytest.raises(OutOfRangeError):
            _rule(target=target)


def test_proportional_takes_no_target() -> None:
    """A target on a PROPORTIONAL rule is an error."""
    with pytest.raises(OutOfRangeError):
        _rule(conversion=Conversion.PROPORTIONAL, target=Fraction(1, 2))


def test_float_points_are_refused() -> None:
    """Points are exact: floats are refused."""
    with pytest.raises(InvalidTypeError):
        _rule(max_points=2.5)  # type: ignore[arg-type]
    assert Fraction(5, 2) == _rule(max_points=Decimal("2.5")).max_points  # type: ignore[arg-type]


def test_non_positive_maximum_is_refused() -> None:
    """A maximum of 0 or less is an error (unknown is None)."""
    with pytest.raises(OutOfRangeError):
        _rule(max_points=0)


def test_duplicate_ids_are_refused() -> None:
    """Indicator ids are unique within a rule set."""
    with pytest.raises(OutOfRangeError, match="repeated"):
        _rules(_rule(), _rule())


def test_group_overflow_is_refused() -> None:
    """The indicators of a group cannot be worth more than the group."""
    with pytest.raises(OutOfRangeError, match="group 9"):
        _rules(_rule("9.1", max_points=60), _rule("9.2", max_points=50))


def test_third_party_numbers_must_be_named() -> None:
    """A rule with third-party or assumed numbers needs an Assumption naming it."""
    with pytest.raises(OutOfRangeError, match="Assumption"):
        _rules(_rule(evidence=Evidence.THIRD_PARTY))
    with pytest.raises(OutOfRangeError, match="Assumption"):
        _rules(_rule(max_points=None))
    ok = _rules(
        _rule(evidence=Evidence.THIRD_PARTY),
        assumptions=[Assumption("9.1 from a dashboard.", "9.1 theo bảng điều khiển.", ["9.1"])],
    )
    assert ok.assumptions[0].indicators == ("9.1",)


def test_assumptions_cannot_name_unknown_indicators() -> None:
    """An assumption about an indicator the rule set lacks is an error."""
    with pytest.raises(UnknownIndicatorError):
        _rules(_rule(), assumptions=[Assumption("x", "y", ["8.8"])])


def test_with_rules_makes_a_new_version() -> None:
    """Replacing a rule needs a new version id and drops the replaced rule's own assumption."""
    with pytest.raises(OutOfRangeError, match="new version"):
        RULES_766_2022.with_rules(version=RULES_766_2022.version)
    decided = attrs.evolve(
        RULES_766_2022.rule("2.1"),
        max_points_evidence=Evidence.DECISION,
        conversion_evidence=Evidence.DECISION,
    )
    new = RULES_766_2022.with_rules(decided, version="v2", valid_from=dt.date(2025, 7, 1))
    assert ("v2", dt.date(2025, 7, 1)) == (new.version, new.valid_from)
    assert "2.1" not in {i for a in new.assumptions for i in a.indicators}
    assert [r.id for r in RULES_766_2022.indicators] == [r.id for r in new.indicators]
    # The original is unchanged.
    assert "2.1" in {i for a in RULES_766_2022.assumptions for i in a.indicators}


def test_with_rules_can_add_an_indicator() -> None:
    """A rule with a new id is appended."""
    extra = attrs.evolve(RULES_766_2022.rule("4.3"), id="4.5", max_points=2)
    new = RULES_766_2022.with_rules(
        extra, version="v3", assumptions=[Assumption("4.5 [S3].", "4.5 [S3].", ["4.5"])]
    )
    assert new.indicators[-1].id == "4.5"
    assert {"4.5": Fraction(1)} == score_766({"4.5": Ratio(2, 5)}, new).points


def test_rule_attainment_refuses_rates_outside_zero_one() -> None:
    """Converting a rate outside 0..1 directly is an error."""
    with pytest.raises(OutOfRangeError):
        RULES_766_2022.rule("2.1").attainment(Fraction(3, 2))


# --------------------------------------------------------------------------- ranking


def test_rank_competition_ties_share_and_skip() -> None:
    """Ties share a rank and the next rank skips ("1224")."""
    scores = {"A": Fraction(90), "B": Fraction(95), "C": Fraction(90), "D": Fraction(80)}
    assert rank(scores) == {"B": 1, "A": 2, "C": 2, "D": 4}


def test_rank_ties_within_a_thousandth() -> None:
    """Scores at most 0.001 apart tie; further apart they do not."""
    assert rank({"A": Fraction(90001, 1000), "B": Fraction(90)}) == {"A": 1, "B": 1}
    assert rank({"A": Fraction(900011, 10000), "B": Fraction(90)}) == {"A": 1, "B": 2}


def test_rank_ties_chain_through_neighbours() -> None:
    """Each score is compared with the one just above it, so close scores chain."""
    scores = {"A": Fraction(90002, 1000), "B": Fraction(90001, 1000), "C": Fraction(90)}
    assert rank(scores) == {"A": 1, "B": 1, "C": 1}


def test_rank_tie_zero_is_exact() -> None:
    """With tie=0 only equal scores share a rank."""
    scores = {"A": Fraction(90001, 1000), "B": Fraction(90), "C": Fraction(90)}
    assert rank(scores, tie=Fraction(0)) == {"A": 1, "B": 2, "C": 2}


def test_rank_refuses_floats_and_negative_tie() -> None:
    """Scores and tie are exact; a negative tie is an error."""
    with pytest.raises(InvalidTypeError):
        rank({"A": 90.5})  # type: ignore[dict-item]
    with pytest.raises(OutOfRangeError):
        rank({"A": Fraction(1)}, tie=Fraction(-1))
    assert rank({}) == {}


def test_rank_accepts_score_totals() -> None:
    """Totals of Score766 rank directly."""
    totals = {
        "X": score_766({"2.1": Ratio(99, 100)}).total,
        "Y": score_766({"2.1": Ratio(98, 100)}).total,
        "Z": score_766({"2.1": Ratio(99, 100)}).total,
    }
    assert rank(totals) == {"X": 1, "Z": 1, "Y": 3}


# --------------------------------------------------------------------------- rendering


def test_render_vietnamese_style() -> None:
    """Vietnamese rendering uses the comma for decimals and the dot for thousands."""
    text = score_766({"2.1": Ratio(985, 1000), "4.2": Ratio(7, 10)}).render()
    assert "Điểm Bộ chỉ số 766, bộ quy tắc 766-2022.1 (áp dụng từ 23/06/2022)" in text
    assert "985/1.000" in text
    assert "98,50%" in text
    assert "19,70" in text
    assert "Tổng: 23,20 trên 24 điểm tối đa" in text
    assert "[giả định]" in text
    assert "Giả định:" in text


def test_render_english_style() -> None:
    """English rendering uses the point for decimals and the comma for thousands."""
    text = score_766({"2.1": Ratio(985, 1000), "3.3": Ratio(2, 5)}).render("en", decimals=1)
    assert "985/1,000" in text
    assert "98.5%" in text
    assert "Total: 19.7 of 20 points" in text
    assert "80.0% Pmax" in text
    assert "Maximum not known (share of the maximum shown, no points): 3.3" in text
    assert "Not supplied: 3.6, 4.1, 4.2, 4.3, 4.4, 5.4" in text


def test_render_refuses_unknown_language() -> None:
    """Only vi and en are rendered."""
    with pytest.raises(LapvoError):
        score_766({}).render("fr")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- properties

_targets = st.fractions(min_value=Fraction(1, 100), max_value=Fraction(1))


@st.composite
def _any_rule(draw: st.DrawFn) -> IndicatorRule:
    pmax = draw(st.fractions(min_value=Fraction(1, 10), max_value=Fraction(100)))
    if draw(st.booleans()):
        return _rule(max_points=pmax, conversion=Conversion.LINEAR_TO_TARGET, target=draw(_targets))
    return _rule(max_points=pmax, conversion=Conversion.PROPORTIONAL, target=None)


@st.composite
def _ratios(draw: st.DrawFn) -> Ratio:
    den = draw(st.integers(min_value=0, max_value=10_000))
    return Ratio(draw(st.integers(min_value=0, max_value=den)), den)


@given(_any_rule(), _ratios(), _ratios())
def test_points_are_bounded_and_monotonic(rule: IndicatorRule, a: Ratio, b: Ratio) -> None:
    """Points lie in [0, Pmax] and never fall when the rate rises."""
    rules = _rules(rule)
    pa = score_766({"9.1": a}, rules).points.get("9.1")
    pb = score_766({"9.1": b}, rules).points.get("9.1")
    assert rule.max_points is not None
    for rate, pts in ((a, pa), (b, pb)):
        if rate.value is None:
            assert pts is None
        else:
            assert pts is not None
            assert 0 <= pts <= rule.max_points
    va, vb = a.value, b.value
    if va is not None and vb is not None and pa is not None and pb is not None and va <= vb:
        assert pa <= pb


@given(st.fixed_dictionaries({}, optional={r.id: _ratios() for r in RULES_766_2022.indicators}))
def test_builtin_total_never_exceeds_attainable(rates: dict[str, Ratio]) -> None:
    """For any rates, 0 <= total <= max attainable <= 100, and N/A adds nothing."""
    score = score_766(rates)
    assert 0 <= score.total <= score.max_attainable <= 100
    assert set(rates) | set(score.missing) == {r.id for r in RULES_766_2022.indicators}
    na_max = sum(
        (RULES_766_2022.rule(i).max_points or Fraction(0) for i in score.not_applicable),
        Fraction(0),
    )
    supplied_max = sum(
        (RULES_766_2022.rule(i).max_points or Fraction(0) for i in rates), Fraction(0)
    )
    assert supplied_max - na_max == score.max_attainable


@given(_ratios(), st.integers(min_value=0, max_value=1000))
def test_ranking_is_a_competition_ranking(r: Ratio, n: int) -> None:
    """Ranks start at 1, never decrease down the order, and each is 1 + the count above it."""
    scores = {f"u{i}": Fraction((i * 7919 + n) % 97, 7) for i in range(r.denominator % 25)}
    ranks = rank(scores, tie=Fraction(0))
    for name, position in ranks.items():
        assert 1 + sum(1 for v in scores.values() if v > scores[name]) == position
