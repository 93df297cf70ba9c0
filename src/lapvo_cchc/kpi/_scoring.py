"""Scores of the 766 index from dossier rates, by versioned rules (private).

*Bộ chỉ số 766* (Quyết định 766/QĐ-TTg, 23/06/2022) turns each indicator's
rate into points and adds them up out of 100. How many points an indicator is
worth and how its rate is converted are **configuration** (:class:`ScoringRules`),
versioned, because the national portal's scheme has changed since 2022 and
because most of the numbers come from third-party implementations [S3], not
from the decision text. Each number carries its :class:`Evidence`, and each
number not read in the decision is named in an :class:`Assumption` that
:func:`score_766` hands back with the score. See ``docs/scoring.md``.

Example:
    >>> from lapvo_cchc.kpi._ratio import Ratio
    >>> s = score_766({"2.1": Ratio(985, 1000), "5.4": Ratio(45, 50)})
    >>> s.points
    {'2.1': Fraction(197, 10), '5.4': Fraction(6, 1)}
    >>> s.total, s.max_attainable
    (Fraction(257, 10), Fraction(26, 1))
"""

from __future__ import annotations

import enum
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from lapvo_cchc.errors import InvalidTypeError, OutOfRangeError
from lapvo_cchc.kpi._format import Lang, _separators, format_number, format_percent
from lapvo_cchc.kpi._indicators import UnknownIndicatorError
from lapvo_cchc.kpi._ratio import Ratio
from lapvo_cchc.kpi._rounding import Rounding
from lapvo_cchc.kpi._scoring_766 import RULES_766_2022
from lapvo_cchc.kpi._scoring_rules import (
    Assumption,
    Conversion,
    Evidence,
    GroupRule,
    IndicatorRule,
    ScoringRules,
    _exact,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "RULES_766_2022",
    "Assumption",
    "Conversion",
    "Evidence",
    "GroupRule",
    "IndicatorRule",
    "IndicatorScore",
    "Score766",
    "ScoreStatus",
    "ScoringRules",
    "rank",
    "score_766",
]


# -- scoring --------------------------------------------------------------------------------


class ScoreStatus(enum.Enum):
    """Whether an indicator's rate counted in the total.

    Example:
        >>> ScoreStatus.NOT_APPLICABLE.value
        'not_applicable'
    """

    SCORED = "scored"
    """Points earned, counted in the total and in the maximum."""

    NOT_APPLICABLE = "not_applicable"
    """Zero denominator (N/A): left out of both the points and the maximum."""

    UNWEIGHTED = "unweighted"
    """The rule set gives no maximum: the attainment is shown, no points."""


@attrs.frozen
class IndicatorScore:
    """One indicator's rate, its rule and what it earns.

    Example:
        >>> s = score_766({"3.3": Ratio(2, 5)}).indicator("3.3")
        >>> s.status, s.attainment, s.points
        (<ScoreStatus.UNWEIGHTED: 'unweighted'>, Fraction(4, 5), None)
    """

    rule: IndicatorRule
    rate: Ratio

    @property
    def status(self) -> ScoreStatus:
        """:class:`ScoreStatus`."""
        if self.rate.value is None:
            return ScoreStatus.NOT_APPLICABLE
        if self.rule.max_points is None:
            return ScoreStatus.UNWEIGHTED
        return ScoreStatus.SCORED

    @property
    def attainment(self) -> Fraction | None:
        """The share of the maximum earned (0 to 1); ``None`` when N/A."""
        value = self.rate.value
        return None if value is None else self.rule.attainment(value)

    @property
    def points(self) -> Fraction | None:
        """Exact points; ``None`` unless :attr:`status` is ``SCORED``."""
        value = self.rate.value
        return None if value is None else self.rule.points(value)

    @property
    def counted_max(self) -> Fraction:
        """What the indicator adds to the attainable maximum (0 unless scored)."""
        if self.status is ScoreStatus.SCORED:
            assert self.rule.max_points is not None  # noqa: S101 - SCORED implies a maximum
            return self.rule.max_points
        return Fraction(0)


def _title(lang: Lang, vi: str, en: str) -> str:
    return vi if lang == "vi" else en


def _mark(evidence: Evidence, lang: Lang) -> str:
    if evidence is Evidence.ASSUMED:
        return _title(lang, "[giả định]", "[assumed]")
    return evidence.mark


@attrs.frozen(kw_only=True)
class Score766:
    """The 766 score of the indicators supplied, with its rules and assumptions.

    Attributes:
        rules: The rule set used.
        indicators: One :class:`IndicatorScore` per rate supplied, in rule order.
        missing: Ids of the rule set's indicators with no rate supplied.
        assumptions: The rule set's assumptions that bear on this score (those about
            the whole set, and those naming an indicator that had a rate).

    Example:
        >>> s = score_766({"2.1": Ratio(9, 10), "3.6": Ratio(0, 0)})
        >>> s.total, s.max_attainable, s.not_applicable
        (Fraction(18, 1), Fraction(20, 1), ('3.6',))
    """

    rules: ScoringRules
    indicators: tuple[IndicatorScore, ...]
    missing: tuple[str, ...]
    assumptions: tuple[Assumption, ...]

    @property
    def points(self) -> dict[str, Fraction]:
        """Exact points of each scored indicator, by id."""
        return {s.rule.id: s.points for s in self.indicators if s.points is not None}

    @property
    def total(self) -> Fraction:
        """Sum of the points of the scored indicators."""
        return sum(self.points.values(), Fraction(0))

    @property
    def max_attainable(self) -> Fraction:
        """Sum of the maxima of the scored indicators (N/A and unweighted ones left out)."""
        return sum((s.counted_max for s in self.indicators), Fraction(0))

    @property
    def share(self) -> Fraction | None:
        """``total / max_attainable``; ``None`` when nothing was scored."""
        top = self.max_attainable
        return None if top == 0 else self.total / top

    @property
    def not_applicable(self) -> tuple[str, ...]:
        """Ids whose rate had a zero denominator."""
        return tuple(s.rule.id for s in self.indicators if s.status is ScoreStatus.NOT_APPLICABLE)

    @property
    def unweighted(self) -> tuple[str, ...]:
        """Ids whose rule gives no maximum points."""
        return tuple(s.rule.id for s in self.indicators if s.status is ScoreStatus.UNWEIGHTED)

    def indicator(self, indicator: str) -> IndicatorScore:
        """The score of one supplied indicator.

        Raises:
            UnknownIndicatorError: no rate was supplied for it.

        Example:
            >>> score_766({"2.1": Ratio(1, 2)}).indicator("2.1").points
            Fraction(10, 1)
        """
        for s in self.indicators:
            if s.rule.id == indicator:
                return s
        raise UnknownIndicatorError(f"score: no rate was supplied for indicator {indicator!r}")

    def render(
        self, lang: Lang = "vi", *, decimals: int = 2, rounding: Rounding = Rounding.HALF_UP
    ) -> str:
        """The breakdown as aligned text, numbers in Vietnamese or English style.

        Args:
            lang: ``"vi"`` or ``"en"``.
            decimals: Places of rates and points (the formula document suggests 2).
            rounding: Rounding at presentation; the values stay exact.

        Returns:
            A header, one line per indicator (rate, conversion with the evidence of its
            numbers, points, maximum), the total, the N/A, unweighted and missing
            indicators, and the assumptions.

        Example:
            >>> s = score_766({"2.1": Ratio(985, 1000), "3.3": Ratio(2, 5), "5.4": Ratio(0, 0)})
            >>> print(s.render("en"))  # doctest: +ELLIPSIS
            766 index score, rules 766-2022.1 (from 23/06/2022)
            Id   Indicator                                        Counts    Rate  Conversion ...
            2.1  Dossiers handled early or on time             985/1,000  98.50%  R × Pmax ...
            3.3  Dossiers submitted online                           2/5  40.00%  full at ...
            5.4  Satisfaction with the handling of procedures        0/0     N/A  full at ...
            Total: 19.70 of 20 points attainable from the indicators scored (98.50%)
            N/A (denominator 0; left out of points and maximum): 5.4
            Maximum not known (share of the maximum shown, no points): 3.3
            Not supplied: 3.6, 4.1, 4.2, 4.3, 4.4
            Assumptions:
            - The indicator list, ...
        """
        _separators(lang)

        def num(value: Fraction) -> str:
            places = 0 if value.denominator == 1 else decimals
            return format_number(value, lang, decimals=places, rounding=rounding)

        def pct(value: Fraction | None) -> str:
            return format_percent(value, lang, decimals=decimals, rounding=rounding)

        vi = lang == "vi"
        head = (
            ("Mã", "Chỉ số", "Số liệu", "Tỷ lệ", "Quy đổi", "Điểm", "Tối đa")
            if vi
            else ("Id", "Indicator", "Counts", "Rate", "Conversion", "Points", "Max")
        )
        rows: list[tuple[str, ...]] = [head]
        for s in self.indicators:
            rule, rate = s.rule, s.rate
            if s.status is ScoreStatus.UNWEIGHTED:
                got = f"{pct(s.attainment)} Pmax"
            else:
                got = "N/A" if s.points is None else num(s.points)
            top = "?" if rule.max_points is None else num(rule.max_points)
            counts = (
                f"{format_number(rate.numerator, lang)}/{format_number(rate.denominator, lang)}"
            )
            rows.append(
                (
                    rule.id,
                    _title(lang, rule.title_vi, rule.title_en),
                    counts,
                    pct(rate.value),
                    f"{rule.describe(lang)} {_mark(rule.conversion_evidence, lang)}",
                    got,
                    f"{top} {_mark(rule.max_points_evidence, lang)}",
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
        right = {2, 3, 5, 6}
        lines = [
            (
                f"Điểm Bộ chỉ số 766, bộ quy tắc {self.rules.version} "
                f"(áp dụng từ {self.rules.valid_from:%d/%m/%Y})"
                if vi
                else f"766 index score, rules {self.rules.version} "
                f"(from {self.rules.valid_from:%d/%m/%Y})"
            )
        ]
        for r in rows:
            cells = [
                c.rjust(w) if i in right else c.ljust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            ]
            lines.append("  ".join(cells).rstrip())
        total, top = num(self.total), num(self.max_attainable)
        share = pct(self.share)
        lines.append(
            f"Tổng: {total} trên {top} điểm tối đa có thể đạt của các chỉ số được tính ({share})"
            if vi
            else f"Total: {total} of {top} points attainable from the indicators scored ({share})"
        )
        for ids, vi_label, en_label in (
            (
                self.not_applicable,
                "Không áp dụng (mẫu số bằng 0; không tính điểm và điểm tối đa)",
                "N/A (denominator 0; left out of points and maximum)",
            ),
            (
                self.unweighted,
                "Chưa rõ điểm tối đa (chỉ hiển thị mức đạt so với tối đa, không tính điểm)",
                "Maximum not known (share of the maximum shown, no points)",
            ),
            (self.missing, "Không có số liệu", "Not supplied"),
        ):
            if ids:
                lines.append(f"{vi_label if vi else en_label}: {', '.join(ids)}")
        if self.assumptions:
            lines.append("Giả định:" if vi else "Assumptions:")
            lines.extend(f"- {a.text(lang)}" for a in self.assumptions)
        return "\n".join(lines)


def score_766(rates: Mapping[str, Ratio], rules: ScoringRules = RULES_766_2022) -> Score766:
    """Score the 766 indicators whose rates are given.

    Args:
        rates: The rate of each indicator by id (``"2.1"``, ``"5.4"``), as a
            :class:`~lapvo_cchc.kpi.Ratio` so that its counts stay with the score.
        rules: The rule set (default :data:`RULES_766_2022`).

    Returns:
        The :class:`Score766`. A rate with a zero denominator is **N/A**: it earns
        no points and its maximum is left out of :attr:`Score766.max_attainable`
        (listed in :attr:`Score766.not_applicable`). Indicators of the rule set
        with no rate are listed in :attr:`Score766.missing`.

    Raises:
        UnknownIndicatorError: a rate for an indicator the rule set does not have.
        InvalidTypeError: a rate that is not a ``Ratio``.
        OutOfRangeError: a rate above 100% (numerator over denominator).

    Legal basis:
        QĐ 766/QĐ-TTg (23/06/2022); conversions and points from third-party
        implementations of the national portal's
        formulas (docs/design/kpi.md#index-766, #scoring [S3]).

    Example:
        >>> s = score_766({"3.6": Ratio(3, 10), "4.2": Ratio(6, 10)})
        >>> s.points, s.total, s.max_attainable
        ({'3.6': Fraction(9, 5), '4.2': Fraction(3, 1)}, Fraction(24, 5), Fraction(10, 1))
        >>> s.missing
        ('2.1', '3.3', '4.1', '4.3', '4.4', '5.4')
    """
    if not isinstance(rules, ScoringRules):
        raise InvalidTypeError(f"rules: expected ScoringRules, got {type(rules).__name__}")
    known = {r.id for r in rules.indicators}
    unknown = sorted(set(rates) - known)
    if unknown:
        raise UnknownIndicatorError(
            f"rates: no rule for indicator(s) {unknown} in rules {rules.version}; "
            f"known: {', '.join(r.id for r in rules.indicators)}"
        )
    scores: list[IndicatorScore] = []
    for rule in rules.indicators:
        if rule.id not in rates:
            continue
        rate = rates[rule.id]
        if not isinstance(rate, Ratio):
            raise InvalidTypeError(
                f"rates[{rule.id!r}]: expected a Ratio, got {type(rate).__name__} {rate!r}"
            )
        if rate.numerator > rate.denominator:
            raise OutOfRangeError(
                f"rates[{rule.id!r}]: expected numerator <= denominator, "
                f"got {rate.numerator} > {rate.denominator}"
            )
        scores.append(IndicatorScore(rule, rate))
    used = {s.rule.id for s in scores if s.status is not ScoreStatus.NOT_APPLICABLE}
    return Score766(
        rules=rules,
        indicators=tuple(scores),
        missing=tuple(r.id for r in rules.indicators if r.id not in rates),
        assumptions=tuple(
            a for a in rules.assumptions if not a.indicators or used.intersection(a.indicators)
        ),
    )


# -- ranking --------------------------------------------------------------------------------


def rank(scores: Mapping[str, Fraction], tie: Fraction = Fraction(1, 1000)) -> dict[str, int]:
    """Competition ranking ("1224"): ties share a rank and the next rank skips.

    Scores are sorted from highest to lowest; a score within *tie* of the one
    just above it (a difference of at most *tie*) shares its rank, so a run of
    close scores can chain. Equal scores keep the order of *scores*.

    Args:
        scores: Score by unit name (exact: Fraction, int or Decimal; never float).
        tie: The largest difference still counted as a tie (0.001 by default).

    Returns:
        Rank by unit name, in rank order.

    Raises:
        InvalidTypeError: a float score or tie.
        OutOfRangeError: a negative *tie*.

    Legal basis:
        None: the ties-within-0.001 rule is from a third-party DVCQG ranking
        scraper (docs/design/kpi.md#scoring [S3]), which compares totals rounded to 2 decimals.

    Example:
        >>> rank({"A": Fraction(9050, 100), "B": Fraction(9120, 100),
        ...       "C": Fraction(905005, 10000), "D": Fraction(88)})
        {'B': 1, 'C': 2, 'A': 2, 'D': 4}
    """
    gap = _exact(tie, "tie")
    if gap < 0:
        raise OutOfRangeError(f"tie: expected 0 or more, got {gap}")
    exact = {name: _exact(value, f"scores[{name!r}]") for name, value in scores.items()}
    order = sorted(exact, key=lambda name: -exact[name])
    ranks: dict[str, int] = {}
    for i, name in enumerate(order):
        if i and exact[order[i - 1]] - exact[name] <= gap:
            ranks[name] = ranks[order[i - 1]]
        else:
            ranks[name] = i + 1
    return ranks
