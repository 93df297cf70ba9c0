"""Versioned scoring rules of the 766 index: the model (private; see :mod:`._scoring`).

Example:
    >>> Conversion.LINEAR_TO_TARGET.name
    'LINEAR_TO_TARGET'
"""

from __future__ import annotations

import enum
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from lapvo_cchc.errors import InvalidTypeError, OutOfRangeError
from lapvo_cchc.kpi._format import Lang, _separators, format_percent
from lapvo_cchc.kpi._indicators import UnknownIndicatorError

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

__all__ = ["Assumption", "Conversion", "Evidence", "GroupRule", "IndicatorRule", "ScoringRules"]


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
    """How sure a number of a rule set is: where it was read.

    See docs/design/kpi.md#evidence-marks.

    Example:
        >>> Evidence.THIRD_PARTY.mark
        '[S3]'
    """

    DECISION = "S"
    """Read in the decision text, or in a summary of it.

    Mark [S], docs/design/kpi.md#evidence-marks.
    """

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
    """Pmax when R ≥ target, else R × Pmax / target (docs/design/kpi.md#scoring [S3])."""

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
        >>> from lapvo_cchc.kpi import RULES_766_2022
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
        >>> from lapvo_cchc.kpi import RULES_766_2022
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
            >>> from lapvo_cchc.kpi import RULES_766_2022
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
            >>> from lapvo_cchc.kpi import RULES_766_2022
            >>> RULES_766_2022.rule("2.1").points(Fraction(985, 1000))
            Fraction(197, 10)
        """
        share = self.attainment(rate)
        return None if self.max_points is None else share * self.max_points

    def describe(self, lang: Lang = "vi") -> str:
        """The conversion in words.

        Example:
            >>> from lapvo_cchc.kpi import RULES_766_2022
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
        >>> from lapvo_cchc.kpi import RULES_766_2022
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
            >>> from lapvo_cchc.kpi import RULES_766_2022
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
            >>> from lapvo_cchc.kpi import RULES_766_2022
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
            >>> from lapvo_cchc.kpi import RULES_766_2022
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
