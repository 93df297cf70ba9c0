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

import datetime as dt
import enum
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final

import attrs

from lapvo_cchc.errors import InvalidTypeError, OutOfRangeError
from lapvo_cchc.kpi._format import Lang, _separators, format_number, format_percent
from lapvo_cchc.kpi._indicators import UnknownIndicatorError
from lapvo_cchc.kpi._ratio import Ratio
from lapvo_cchc.kpi._rounding import Rounding

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

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


# -- small validated values -------------------------------------------------------------


def _exact(value: object, what: str) -> Fraction:
    """An exact non-float number as a Fraction (floats are refused: 0.1 is not exact)."""
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal):
        raise InvalidTypeError(
            f"{what}: expected an int, Fraction or Decimal (never a float), "
            f"got {type(value).__name__} {value!r}"
        )
    return Fraction(value)


def _max_points(value: object) -> Fraction:
    return _exact(value, "max_points")


def _points_or_none(value: object) -> Fraction | None:
    return None if value is None else _exact(value, "max_points")


def _target_or_none(value: object) -> Fraction | None:
    return None if value is None else _exact(value, "target")


def _ids(value: str | Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


class Evidence(enum.Enum):
    """How sure a number of a rule set is: where it was read (the marks of KPI.md).

    Example:
        >>> Evidence.THIRD_PARTY.mark
        '[S3]'
    """

    DECISION = "S"
    """Read in the decision text, or in a summary of it ([S] in KPI.md)."""

    THIRD_PARTY = "S3"
    """Taken from third-party implementations (dashboards, portal code), not the decision."""

    ASSUMED = "assumed"
    """Stated nowhere: a choice of this library (or of the rule set's author)."""

    @property
    def mark(self) -> str:
        """The mark printed beside a number: ``[S]``, ``[S3]`` or ``[assumed]``."""
        return f"[{self.value}]"


class Conversion(enum.Enum):
    """How an indicator's rate R (0 to 1) becomes points out of its maximum Pmax.

    Example:
        >>> Conversion.LINEAR_TO_TARGET.value
        'linear_to_target'
    """

    LINEAR_TO_TARGET = "linear_to_target"
    """Pmax when R ≥ target, else R × Pmax / target (KPI.md §1.5 [S3])."""

    PROPORTIONAL = "proportional"
    """R × Pmax: no target (used where the sources do not state a conversion)."""


@attrs.frozen
class Assumption:
    """A plain-language statement of a number or rule not read in the decision text.

    Attributes:
        text_en: The statement in English (also ``str(assumption)``).
        text_vi: The statement in Vietnamese.
        indicators: The indicator ids it is about; empty for the whole rule set.

    Example:
        >>> a = Assumption("2.1 is worth 20 points [S3].", "2.1 có 20 điểm [S3].", ["2.1"])
        >>> str(a), a.indicators
        ('2.1 is worth 20 points [S3].', ('2.1',))
    """

    text_en: str
    text_vi: str
    indicators: tuple[str, ...] = attrs.field(default=(), converter=_ids)

    def __str__(self) -> str:
        return self.text_en

    def text(self, lang: Lang = "vi") -> str:
        """The statement in *lang*.

        Example:
            >>> Assumption("Points add up.", "Điểm được cộng dồn.").text("vi")
            'Điểm được cộng dồn.'
        """
        _separators(lang)  # validates lang
        return self.text_vi if lang == "vi" else self.text_en


@attrs.frozen(kw_only=True)
class GroupRule:
    """A component group of the index (*nhóm chỉ số thành phần*) and its weight.

    Attributes:
        id: The group number, as the formula document numbers it ("3" online, "4" digitisation).
        title_vi: Vietnamese title.
        title_en: English title.
        max_points: The group's weight, out of 100.
        evidence: Where the weight was read.

    Example:
        >>> RULES_766_2022.group("5").max_points, RULES_766_2022.group("5").evidence
        (Fraction(18, 1), <Evidence.DECISION: 'S'>)
    """

    id: str
    title_vi: str
    title_en: str
    max_points: Fraction = attrs.field(converter=_max_points)
    evidence: Evidence


@attrs.frozen(kw_only=True)
class IndicatorRule:
    """How one indicator's rate becomes points (*quy đổi điểm chỉ số*).

    Attributes:
        id: The indicator id of the formula document ("2.1", "3.3", "5.4").
        title_vi: Vietnamese title.
        title_en: English title.
        definition: Numerator / denominator in words (English).
        max_points: The indicator's maximum Pmax; ``None`` when no source gives it (the
            rate is then converted and shown, but earns no points).
        conversion: :class:`Conversion`.
        target: The rate that earns full points (``LINEAR_TO_TARGET`` only), 0 < target ≤ 1.
        max_points_evidence: Where *max_points* was read.
        conversion_evidence: Where *conversion* and *target* were read.
        source: Citation.

    Example:
        >>> rule = RULES_766_2022.rule("5.4")
        >>> rule.target, rule.points(Fraction(45, 100)), rule.points(Fraction(95, 100))
        (Fraction(9, 10), Fraction(3, 1), Fraction(6, 1))
    """

    id: str
    title_vi: str
    title_en: str
    definition: str
    max_points: Fraction | None = attrs.field(converter=_points_or_none)
    conversion: Conversion
    target: Fraction | None = attrs.field(default=None, converter=_target_or_none)
    max_points_evidence: Evidence
    conversion_evidence: Evidence
    source: str

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.conversion, Conversion):
            raise InvalidTypeError(
                f"indicator {self.id}: expected a Conversion, got {self.conversion!r}"
            )
        if self.max_points is not None and self.max_points <= 0:
            raise OutOfRangeError(
                f"indicator {self.id}: expected max_points > 0 or None, got {self.max_points}"
            )
        if self.conversion is Conversion.LINEAR_TO_TARGET:
            if self.target is None or not 0 < self.target <= 1:
                raise OutOfRangeError(
                    f"indicator {self.id}: LINEAR_TO_TARGET needs a target with 0 < target <= 1, "
                    f"got {self.target}"
                )
        elif self.target is not None:
            raise OutOfRangeError(
                f"indicator {self.id}: {self.conversion.name} takes no target, got {self.target}"
            )

    @property
    def group(self) -> str:
        """The group id: the part of *id* before the dot ("2" for "2.1")."""
        return self.id.partition(".")[0]

    def attainment(self, rate: Fraction) -> Fraction:
        """The share of the maximum a rate earns, from 0 to 1.

        Args:
            rate: The exact rate, from 0 to 1.

        Raises:
            OutOfRangeError: *rate* outside 0..1.

        Example:
            >>> RULES_766_2022.rule("3.3").attainment(Fraction(2, 5))
            Fraction(4, 5)
        """
        value = _exact(rate, f"indicator {self.id}: rate")
        if not 0 <= value <= 1:
            raise OutOfRangeError(f"indicator {self.id}: expected a rate from 0 to 1, got {value}")
        if self.conversion is Conversion.LINEAR_TO_TARGET:
            assert self.target is not None  # noqa: S101 - checked in __attrs_post_init__
            return min(value / self.target, Fraction(1))
        return value

    def points(self, rate: Fraction) -> Fraction | None:
        """The points a rate earns, exact; ``None`` when *max_points* is unknown.

        Example:
            >>> RULES_766_2022.rule("2.1").points(Fraction(985, 1000))
            Fraction(197, 10)
        """
        share = self.attainment(rate)
        return None if self.max_points is None else share * self.max_points

    def describe(self, lang: Lang = "vi") -> str:
        """The conversion in words.

        Example:
            >>> RULES_766_2022.rule("5.4").describe("en")
            'full at ≥ 90%, else R × Pmax / 90%'
        """
        if self.conversion is Conversion.PROPORTIONAL:
            return "R × Pmax"
        target = format_percent(self.target, lang, decimals=0)
        if lang == "vi":
            return f"đủ điểm khi ≥ {target}, nếu không R × Pmax / {target}"
        return f"full at ≥ {target}, else R × Pmax / {target}"


def _groups(value: Iterable[GroupRule]) -> tuple[GroupRule, ...]:
    return tuple(value)


def _rules(value: Iterable[IndicatorRule]) -> tuple[IndicatorRule, ...]:
    return tuple(value)


def _assumptions(value: Iterable[Assumption]) -> tuple[Assumption, ...]:
    return tuple(value)


def _check_rules(instance: ScoringRules) -> None:
    ids = [r.id for r in instance.indicators]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise OutOfRangeError(f"rules {instance.version}: indicator ids repeated: {dupes}")
    groups = {g.id: g for g in instance.groups}
    if len(groups) != len(instance.groups):
        raise OutOfRangeError(f"rules {instance.version}: group ids repeated")
    for g in groups.values():
        inside = [r.max_points for r in instance.indicators if r.group == g.id and r.max_points]
        if sum(inside, Fraction(0)) > g.max_points:
            raise OutOfRangeError(
                f"rules {instance.version}: indicators of group {g.id} are worth "
                f"{sum(inside, Fraction(0))} points, more than the group's {g.max_points}"
            )
    named = {i for a in instance.assumptions for i in a.indicators}
    unknown = sorted(named - set(ids))
    if unknown:
        raise UnknownIndicatorError(
            f"rules {instance.version}: assumptions name unknown indicators {unknown}"
        )
    for r in instance.indicators:
        unsourced = r.max_points is None or any(
            e is not Evidence.DECISION for e in (r.max_points_evidence, r.conversion_evidence)
        )
        if unsourced and r.id not in named:
            raise OutOfRangeError(
                f"rules {instance.version}: indicator {r.id} has numbers not read in the decision "
                "(evidence S3 or assumed, or an unknown maximum); expected an Assumption naming it"
            )


@attrs.frozen(kw_only=True)
class ScoringRules:
    """A version of the 766 scoring configuration (*cách quy đổi điểm Bộ chỉ số 766*).

    The rule set is checked when made: indicator ids are unique, the indicators
    of a group are not worth more than the group, and every indicator whose
    maximum or conversion was not read in the decision is named in an
    :class:`Assumption`.

    Attributes:
        version: The version id (e.g. ``"766-2022.1"``).
        valid_from: The first day the rules apply to.
        source: Citation of the rules as a whole.
        groups: The component groups and their weights.
        indicators: The indicator rules, in display order.
        assumptions: Every point taken from third-party implementations or assumed.

    Example:
        >>> RULES_766_2022.version, RULES_766_2022.valid_from
        ('766-2022.1', datetime.date(2022, 6, 23))
        >>> [r.id for r in RULES_766_2022.indicators]
        ['2.1', '3.3', '3.6', '4.1', '4.2', '4.3', '4.4', '5.4']
    """

    version: str
    valid_from: dt.date
    source: str
    groups: tuple[GroupRule, ...] = attrs.field(converter=_groups)
    indicators: tuple[IndicatorRule, ...] = attrs.field(converter=_rules)
    assumptions: tuple[Assumption, ...] = attrs.field(converter=_assumptions)

    def __attrs_post_init__(self) -> None:
        _check_rules(self)

    def rule(self, indicator: str) -> IndicatorRule:
        """The rule of one indicator.

        Raises:
            UnknownIndicatorError: no rule has that id.

        Example:
            >>> RULES_766_2022.rule("3.3").target
            Fraction(1, 2)
        """
        for r in self.indicators:
            if r.id == indicator:
                return r
        known = ", ".join(r.id for r in self.indicators)
        raise UnknownIndicatorError(
            f"rules {self.version}: no indicator {indicator!r}; known: {known}"
        )

    def group(self, group: str) -> GroupRule:
        """The weight of one group.

        Raises:
            UnknownIndicatorError: no group has that id.

        Example:
            >>> RULES_766_2022.group("2").max_points
            Fraction(20, 1)
        """
        for g in self.groups:
            if g.id == group:
                return g
        raise UnknownIndicatorError(f"rules {self.version}: no group {group!r}")

    def with_rules(
        self,
        *rules: IndicatorRule,
        version: str,
        valid_from: dt.date | None = None,
        source: str | None = None,
        assumptions: Iterable[Assumption] = (),
    ) -> ScoringRules:
        """A new version with indicator rules replaced (same id) or added (new id).

        Args:
            *rules: The new or replacing rules.
            version: The new version id (must differ from this one).
            valid_from: First day of the new version (default: unchanged).
            source: Citation (default: unchanged).
            assumptions: Assumptions added. An old assumption naming only replaced
                indicators is dropped; give the new rules their own.

        Raises:
            OutOfRangeError: the version id is unchanged, or the new set is inconsistent.

        Example:
            >>> r33 = attrs.evolve(RULES_766_2022.rule("3.3"), max_points=4)
            >>> mine = RULES_766_2022.with_rules(
            ...     r33, version="my-province-2024",
            ...     assumptions=[Assumption("3.3 is worth 4 points.", "3.3 có 4 điểm.", ["3.3"])])
            >>> mine.rule("3.3").points(Fraction(2, 5))
            Fraction(16, 5)
        """
        if version == self.version:
            raise OutOfRangeError(f"with_rules: expected a new version id, got {version!r} again")
        new = {r.id: r for r in rules}
        kept = [new.pop(r.id, r) for r in self.indicators]
        replaced = {r.id for r in rules}
        old = [a for a in self.assumptions if not a.indicators or set(a.indicators) - replaced]
        return ScoringRules(
            version=version,
            valid_from=self.valid_from if valid_from is None else valid_from,
            source=self.source if source is None else source,
            groups=self.groups,
            indicators=[*kept, *new.values()],
            assumptions=[*old, *assumptions],
        )


# -- the built-in rule set ------------------------------------------------------------------

_FORMULA_DOC: Final = (
    "'Mô tả công thức tính chỉ số 766' (implementers' formula document) and third-party "
    "formulaMaximums, via KPI.md §1.3 [S3]"
)
_S3, _S, _ASSUMED = Evidence.THIRD_PARTY, Evidence.DECISION, Evidence.ASSUMED
_LINEAR, _PROP = Conversion.LINEAR_TO_TARGET, Conversion.PROPORTIONAL


def _a(indicators: str, en: str, vi: str) -> Assumption:
    return Assumption(en, vi, indicators.split() if indicators else ())


# fmt: off
RULES_766_2022: Final = ScoringRules(
    version="766-2022.1",
    # QĐ 766/QĐ-TTg was issued and took effect on 23/06/2022 (KPI.md §1.1 [S]).
    valid_from=dt.date(2022, 6, 23),
    source="QĐ 766/QĐ-TTg (23/06/2022) as implemented on the national portal (DVCQG), read "
           "from third-party implementations (KPI.md §1.2-1.5); the annex was not retrieved",
    groups=[
        # KPI.md §1.2, numbered as the formula document numbers them (3 online, 4 digitisation).
        GroupRule(id="1", title_vi="Công khai, minh bạch", title_en="Publicity and transparency",
                  max_points=18, evidence=_S3),
        GroupRule(id="2", title_vi="Tiến độ, kết quả giải quyết",
                  title_en="Progress and results of handling", max_points=20, evidence=_S3),
        GroupRule(id="3", title_vi="Cung cấp dịch vụ trực tuyến",
                  title_en="Online service provision", max_points=22, evidence=_S3),
        GroupRule(id="4", title_vi="Số hóa hồ sơ", title_en="Digitisation of dossiers",
                  max_points=22, evidence=_S3),
        # "chiếm 18/100 điểm": the vietjack summary of the decision [S].
        GroupRule(id="5", title_vi="Mức độ hài lòng", title_en="Satisfaction",
                  max_points=18, evidence=_S),
    ],
    # KPI.md §1.3 (definitions, maxima from formulaMaximums) and §1.5 (targets) [S3].
    indicators=[
        IndicatorRule(
            id="2.1", title_vi="Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn",
            title_en="Dossiers handled early or on time",
            definition="(done on time + in progress within the deadline) / received or "
                       "handled in the period (KPI.md §1.4)",
            max_points=20, max_points_evidence=_S3,
            conversion=_PROP, conversion_evidence=_ASSUMED, source=_FORMULA_DOC),
        IndicatorRule(
            id="3.3", title_vi="Tỷ lệ hồ sơ nộp trực tuyến", title_en="Dossiers submitted online",
            definition="online receipts / all receipts in the period (× the sync ratio)",
            max_points=None, max_points_evidence=_ASSUMED,
            conversion=_LINEAR, target=Fraction(1, 2), conversion_evidence=_S3,
            source=_FORMULA_DOC),
        IndicatorRule(
            id="3.6", title_vi="Tỷ lệ hồ sơ thanh toán trực tuyến",
            title_en="Dossiers paid online",
            definition="dossiers paid online / (dossiers of fee-bearing procedures − dossiers "
                       "whose every fee is 0)",
            max_points=6, max_points_evidence=_S3,
            conversion=_PROP, conversion_evidence=_ASSUMED, source=_FORMULA_DOC),
        IndicatorRule(
            id="4.1", title_vi="Tỷ lệ hồ sơ có kết quả điện tử",
            title_en="Dossiers with an electronic result",
            definition="dossiers with a result file / dossiers of procedures that require a "
                       "paper result",
            max_points=6, max_points_evidence=_S3,
            conversion=_PROP, conversion_evidence=_ASSUMED, source=_FORMULA_DOC),
        IndicatorRule(
            id="4.2", title_vi="Tỷ lệ hồ sơ được số hóa", title_en="Dossiers digitised",
            definition="dossiers with digitised components (and an e-result where required) "
                       "/ dossiers under the unit's authority",
            max_points=4, max_points_evidence=_S3,
            conversion=_LINEAR, target=Fraction(4, 5), conversion_evidence=_S3,
            source=_FORMULA_DOC),
        IndicatorRule(
            id="4.3", title_vi="Tỷ lệ tái sử dụng dữ liệu số hóa",
            title_en="Re-use of digitised data",
            definition="dossiers with a re-used component / dossiers received in the period",
            max_points=2, max_points_evidence=_S3,
            conversion=_LINEAR, target=Fraction(4, 5), conversion_evidence=_S3,
            source=_FORMULA_DOC),
        IndicatorRule(
            id="4.4", title_vi="Tỷ lệ hồ sơ số hóa liên kết kho dữ liệu công dân trên DVCQG",
            title_en="Digitised dossiers linked to the citizen's data store on DVCQG",
            definition="linked digitised dossiers / dossiers received in the period",
            max_points=4, max_points_evidence=_S3,
            conversion=_PROP, conversion_evidence=_ASSUMED, source=_FORMULA_DOC),
        IndicatorRule(
            id="5.4", title_vi="Mức độ hài lòng trong tiếp nhận, giải quyết TTHC",
            title_en="Satisfaction with the handling of procedures",
            definition="100% − (overdue-dossier rate + rate of dossiers with a complaint or a "
                       "dislike); this formula is also in the decision summary [S]",
            max_points=6, max_points_evidence=_S3,
            conversion=_LINEAR, target=Fraction(9, 10), conversion_evidence=_S3,
            source=_FORMULA_DOC),
    ],
    assumptions=[
        _a("", "The indicator list, the maximum points and the conversions follow third-party "
           "implementations of the national portal's formulas [S3], which reflect practice "
           "after 07/2025; the 2022 decision's annex was not checked.",
           "Danh mục chỉ số, điểm tối đa và cách quy đổi theo các bản hiện thực của bên thứ ba "
           "về công thức trên Cổng DVCQG [S3], phản ánh thực tế sau 07/2025; chưa đối chiếu "
           "với Phụ lục của Quyết định năm 2022."),
        _a("", "The total is the sum of indicator points; a rate with a target earns full "
           "points at or above it, else rate × maximum ÷ target [S3].",
           "Tổng điểm là tổng điểm các chỉ số; chỉ số có ngưỡng đạt đủ điểm khi tỷ lệ bằng hoặc "
           "vượt ngưỡng, nếu không được tỷ lệ × điểm tối đa ÷ ngưỡng [S3]."),
        _a("", "A rate with a zero denominator is N/A: it earns no points and its maximum is "
           "left out of the attainable maximum (the formula document allows 0 or N/A; this "
           "library chose N/A).",
           "Tỷ lệ có mẫu số bằng 0 là N/A: không tính điểm và không tính vào điểm tối đa có thể "
           "đạt (tài liệu công thức cho phép hiển thị 0 hoặc N/A; thư viện chọn N/A)."),
        _a("", "Group weights 18/20/22/22/18 are from third-party dashboards [S3]; only the 18 "
           "points of satisfaction are confirmed by a summary of the decision [S].",
           "Trọng số nhóm 18/20/22/22/18 lấy từ các bảng điều khiển của bên thứ ba [S3]; chỉ "
           "18 điểm của nhóm hài lòng được xác nhận qua bản tóm tắt Quyết định [S]."),
        _a("2.1", "2.1 is worth 20 points [S3]; its conversion, rate × 20, is assumed: the "
           "formula document does not state it, and a third-party tool warns it is only an "
           "assumption.",
           "Chỉ số 2.1 có 20 điểm [S3]; quy đổi tỷ lệ × 20 là giả định: tài liệu công thức "
           "không nêu, và một công cụ của bên thứ ba cũng lưu ý đây chỉ là giả định."),
        _a("3.3", "3.3 (online share) earns full points at 50% or more, else rate × maximum "
           "÷ 50% [S3]; its maximum is not known, so only the share of the maximum is shown, "
           "with no points (third-party maxima fill group 3's 22 points without 3.3).",
           "Chỉ số 3.3 (tỷ lệ nộp trực tuyến) đạt đủ điểm khi từ 50% trở lên, nếu không được "
           "tỷ lệ × điểm tối đa ÷ 50% [S3]; chưa rõ điểm tối đa nên chỉ hiển thị mức đạt so với "
           "điểm tối đa, không tính điểm (điểm tối đa của bên thứ ba đã đủ 22 điểm nhóm 3 mà "
           "không có chỉ số 3.3)."),
        *(
            _a(i, f"{i} is worth {p} points [S3]; no source states its conversion, so rate × "
               f"{p} is assumed.",
               f"Chỉ số {i} có {p} điểm [S3]; chưa có nguồn nêu cách quy đổi nên giả định tỷ "
               f"lệ × {p}.")
            for i, p in (("3.6", 6), ("4.1", 6), ("4.4", 4))
        ),
        *(
            _a(i, f"{i} is worth {p} points and earns them in full at 80% or more [S3].",
               f"Chỉ số {i} có {p} điểm, đạt đủ điểm khi từ 80% trở lên [S3].")
            for i, p in (("4.2", 4), ("4.3", 2))
        ),
        _a("5.4", "5.4 is worth 6 points and earns them in full at 90% or more [S3]; its "
           "formula is in the decision summary [S].",
           "Chỉ số 5.4 có 6 điểm, đạt đủ điểm khi từ 90% trở lên [S3]; công thức có trong bản "
           "tóm tắt Quyết định [S]."),
    ],
)
# fmt: on
"""The 766 rules for the indicators computable from dossier data, as far as KPI.md gives them."""


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
        implementations of the national portal's formulas (KPI.md §1.3, §1.5 [S3]).

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
        scraper (KPI.md §1.5 [S3]), which compares totals rounded to 2 decimals.

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
