"""Checking published figures against each other (private).

See :func:`reconcile` and ``docs/kpi.md`` for the schema.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, cast

import attrs

from lapvo_cchc.errors import InvalidTypeError
from lapvo_cchc.kpi._conventions import (
    _CONVENTION_NAMES,
    _CONVENTIONS,
    _conventions_matching,
    _nearest_numerator,
    _nearest_whole,
    _percent_transpositions,
    _places,
    _transpositions,
)
from lapvo_cchc.kpi._format import Lang, _separators, format_number
from lapvo_cchc.kpi._published import PublishedFigures, Share, Total, _sum_name
from lapvo_cchc.kpi._rounding import Rounding

if TYPE_CHECKING:
    from decimal import Decimal

__all__ = ["Alternative", "Finding", "FindingKind", "reconcile"]

# -- findings -------------------------------------------------------------------------


class FindingKind(enum.Enum):
    """What is wrong with a published figure."""

    ROUNDING = "rounding"
    """The stated relation gives the printed percentage, but not with the house
    rounding (half-up by default): another convention explains it."""

    DENOMINATOR = "denominator"
    """The stated whole does not give the printed percentage; another
    candidate denominator does."""

    PERCENT = "percent"
    """No candidate denominator and no rounding convention gives the printed percentage."""

    IDENTITY = "identity"
    """A sum identity does not hold."""


AlternativeKind = Literal[
    "denominator",
    "numerator",
    "whole",
    "percent",
    "transposition",
    "printed_transposition",
    "closing",
]


@attrs.frozen(kw_only=True)
class Alternative:
    """A nearby consistent value for one figure.

    Attributes:
        kind: ``"denominator"`` (another whole gives the printed value),
            ``"numerator"`` / ``"whole"`` (the nearest count that gives it),
            ``"percent"`` (the percentage the stated counts give),
            ``"transposition"`` (two adjacent digits of a count swapped),
            ``"printed_transposition"`` (two digits of the percentage swapped),
            ``"closing"`` (the value that closes a sum identity).
        figure: The figure that would change (or the candidate denominator).
        value: The consistent value (a count, or a percent number).
        conventions: Rounding conventions under which it is consistent.
        consistent_with_all: Whether this single change makes every relation consistent.
        message_vi: Vietnamese description.
        message_en: English description.
    """

    kind: AlternativeKind
    figure: str
    value: int | Decimal
    conventions: tuple[str, ...] = ()
    consistent_with_all: bool = False
    message_vi: str
    message_en: str


@attrs.frozen(kw_only=True)
class Finding:
    """*Số liệu không khớp*: a published figure that its relation does not produce.

    Attributes:
        figure: Name of the figure flagged (the printed percentage, or the total).
        kind: What is wrong.
        relation: The relation checked, as text.
        published: The published value (a count, or a percent number).
        expected: What the stated relation gives: the percentage under the house
            rounding at the printed places (``None`` for a zero whole), or the sum.
        conventions: Conventions that explain the printed value with the stated
            relation (for :attr:`FindingKind.ROUNDING`).
        denominators: Other candidate denominators that give the printed value.
        alternatives: Nearby consistent values, the ones that fix everything first.
        message_vi: Vietnamese message (NFC).
        message_en: English message.
    """

    figure: str
    kind: FindingKind
    relation: str
    published: int | Decimal
    expected: int | Decimal | None
    conventions: tuple[str, ...] = ()
    denominators: tuple[str, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    message_vi: str
    message_en: str

    def message(self, lang: Lang = "vi") -> str:
        """The message in *lang*.

        Example:
            >>> f = reconcile({"figures": {"a": 3, "b": 1, "c": 1},
            ...                "relations": [{"total": "a", "parts": ["b", "c"]}]})[0]
            >>> print(f.message("en"))  # doctest: +ELLIPSIS
            a: 3 ≠ b + c = 2 (difference 1). Nearest: a = 2 instead of 3 closes it; ...
            >>> print(f.message("vi"))  # doctest: +ELLIPSIS
            a: 3 ≠ b + c = 2 (chênh lệch 1). Gần nhất: a = 2 thay vì 3 thì khớp; ...
        """
        _separators(lang)
        return self.message_vi if lang == "vi" else self.message_en


# -- the check ------------------------------------------------------------------------


def _percent(value: Decimal, lang: str) -> str:
    return format_number(value, cast("Lang", lang)) + "%"


def _count(value: int, lang: str) -> str:
    return format_number(value, cast("Lang", lang))


class _Checker:
    """Holds the figures and checks relations, optionally with one count substituted."""

    def __init__(self, figs: PublishedFigures, house: str) -> None:
        self.figs = figs
        self.house = house

    def total_of(self, names: tuple[str, ...], override: tuple[str, int] | None = None) -> int:
        counts = self.figs.counts
        return sum(override[1] if override and n == override[0] else counts[n] for n in names)

    def holds(self, rel: Share | Total, override: tuple[str, int] | None = None) -> bool:
        if isinstance(rel, Total):
            return self.total_of((rel.total,), override) == self.total_of(rel.parts, override)
        printed = self.figs.percents[rel.printed]
        part = self.total_of(rel.part, override)
        whole = self.total_of(rel.whole, override)
        return self.house in _conventions_matching(part, whole, printed)

    def holds_all(self, override: tuple[str, int]) -> bool:
        return all(self.holds(rel, override) for rel in self.figs.relations)

    def candidates(self) -> dict[str, int]:
        out = dict(self.figs.counts)
        for name, members in self.figs.denominators.items():
            out[name] = self.total_of(members)
        for rel in self.figs.relations:
            if isinstance(rel, Share) and len(rel.whole) > 1:
                out.setdefault(" + ".join(rel.whole), self.total_of(rel.whole))
        return out

    # -- shares -----------------------------------------------------------------------

    def share(self, rel: Share) -> Finding | None:
        printed = self.figs.percents[rel.printed]
        part, whole = self.total_of(rel.part), self.total_of(rel.whole)
        conventions = _conventions_matching(part, whole, printed)
        if self.house in conventions:
            return None
        rnd = _CONVENTIONS[self.house]
        expected = rnd(Fraction(100 * part, whole), _places(printed)) if whole else None
        pname, wname = _sum_name(rel.part), _sum_name(rel.whole)
        vi_p, en_p = _percent(printed, "vi"), _percent(printed, "en")
        stated_vi = f"{pname}/{wname} ({_count(part, 'vi')}/{_count(whole, 'vi')}"
        stated_en = f"{pname}/{wname} ({_count(part, 'en')}/{_count(whole, 'en')}"
        exp_vi = _percent(expected, "vi") if expected is not None else "N/A"
        exp_en = _percent(expected, "en") if expected is not None else "N/A"
        if conventions:
            names_vi = ", ".join(_CONVENTION_NAMES[c][0] for c in conventions)
            names_en = ", ".join(_CONVENTION_NAMES[c][1] for c in conventions)
            return Finding(
                figure=rel.printed,
                kind=FindingKind.ROUNDING,
                relation=rel.describe(),
                published=printed,
                expected=expected,
                conventions=conventions,
                message_vi=_nfc(
                    f"{rel.printed}: số công bố {vi_p} = {stated_vi}) chỉ khi "
                    f"{names_vi}; {_CONVENTION_NAMES[self.house][0]} cho {exp_vi}."
                ),
                message_en=(
                    f"{rel.printed}: printed {en_p} = {stated_en}) only with "
                    f"{names_en}; {_CONVENTION_NAMES[self.house][1]} gives {exp_en}."
                ),
            )
        alternatives = self._denominator_alts(rel, part, whole, printed)
        other = tuple(a.figure for a in alternatives)
        if expected is not None:
            alternatives += self._percent_alts(rel, printed, expected)
        alternatives += self._count_alts(rel, part, whole, printed)
        if other:
            message_vi = (
                f"{rel.printed}: tỷ lệ công bố {vi_p} không phải {stated_vi} = {exp_vi}); "
                f"mẫu số khớp: {', '.join(other)}."
            )
            message_en = (
                f"{rel.printed}: printed {en_p} is not {stated_en} = {exp_en}); "
                f"denominators that give it: {', '.join(other)}."
            )
        else:
            message_vi = (
                f"{rel.printed}: tỷ lệ công bố {vi_p} không khớp {stated_vi} = {exp_vi}) "
                "với bất kỳ cách làm tròn hay mẫu số nào."
            )
            message_en = (
                f"{rel.printed}: printed {en_p} is not {stated_en} = {exp_en}) "
                "under any rounding convention or denominator."
            )
        return Finding(
            figure=rel.printed,
            kind=FindingKind.DENOMINATOR if other else FindingKind.PERCENT,
            relation=rel.describe(),
            published=printed,
            expected=expected,
            denominators=other,
            alternatives=_rank(alternatives),
            message_vi=_nfc(message_vi + _alt_text(alternatives, 0)),
            message_en=message_en + _alt_text(alternatives, 1),
        )

    def _denominator_alts(
        self, rel: Share, part: int, whole: int, printed: Decimal
    ) -> list[Alternative]:
        pname, vi_p, en_p = _sum_name(rel.part), _percent(printed, "vi"), _percent(printed, "en")
        out: list[Alternative] = []
        for cname, cvalue in self.candidates().items():
            if cvalue == whole or cname in rel.part:
                continue
            matching = _conventions_matching(part, cvalue, printed)
            if matching:
                out.append(
                    Alternative(
                        kind="denominator",
                        figure=cname,
                        value=cvalue,
                        conventions=matching,
                        message_vi=(
                            f"{pname}/{cname} = {_count(part, 'vi')}/{_count(cvalue, 'vi')} "
                            f"cho {vi_p}"
                        ),
                        message_en=(
                            f"{pname}/{cname} = {_count(part, 'en')}/{_count(cvalue, 'en')} "
                            f"gives {en_p}"
                        ),
                    )
                )
        return out

    def _percent_alts(self, rel: Share, printed: Decimal, expected: Decimal) -> list[Alternative]:
        vi_p, en_p = _percent(printed, "vi"), _percent(printed, "en")
        exp_vi, exp_en = _percent(expected, "vi"), _percent(expected, "en")
        out = [
            Alternative(
                kind="percent",
                figure=rel.printed,
                value=expected,
                conventions=(self.house,),
                message_vi=f"số liệu đã nêu cho {rel.printed} = {exp_vi}",
                message_en=f"the stated counts give {rel.printed} = {exp_en}",
            )
        ]
        if expected in _percent_transpositions(printed):
            out.append(
                Alternative(
                    kind="printed_transposition",
                    figure=rel.printed,
                    value=expected,
                    conventions=(self.house,),
                    message_vi=f"{vi_p} có thể là {exp_vi} bị đảo chữ số",
                    message_en=f"{en_p} may be {exp_en} with two digits transposed",
                )
            )
        return out

    def _count_alts(self, rel: Share, part: int, whole: int, printed: Decimal) -> list[Alternative]:
        vi_p, en_p = _percent(printed, "vi"), _percent(printed, "en")
        out: list[Alternative] = []
        if len(rel.part) == 1:
            n2 = _nearest_numerator(part, whole, printed, self.house)
            if n2 is not None:
                out.append(self._count_alt("numerator", rel.part[0], n2, vi_p, en_p))
        if len(rel.whole) == 1:
            w2 = _nearest_whole(part, whole, printed, self.house)
            if w2 is not None:
                out.append(self._count_alt("whole", rel.whole[0], w2, vi_p, en_p))
        out.extend(
            self._count_alt("transposition", name, swapped, vi_p, en_p)
            for name in dict.fromkeys(rel.part + rel.whole)
            for swapped in _transpositions(self.figs.counts[name])
            if self.holds(rel, (name, swapped))
        )
        return out

    def _count_alt(
        self, kind: AlternativeKind, name: str, value: int, vi_p: str, en_p: str
    ) -> Alternative:
        old = self.figs.counts[name]
        everything = self.holds_all((name, value))
        what_vi = " (đảo chữ số)" if kind == "transposition" else ""
        what_en = " (digits transposed)" if kind == "transposition" else ""
        several = everything and len(self.figs.relations) > 1
        tail_vi = " và làm mọi quan hệ khớp" if several else ""
        tail_en = " and makes every relation consistent" if several else ""
        return Alternative(
            kind=kind,
            figure=name,
            value=value,
            conventions=(self.house,),
            consistent_with_all=everything,
            message_vi=(
                f"{name} = {_count(value, 'vi')} thay vì {_count(old, 'vi')}{what_vi} "
                f"cho {vi_p}{tail_vi}"
            ),
            message_en=(
                f"{name} = {_count(value, 'en')} instead of {_count(old, 'en')}{what_en} "
                f"gives {en_p}{tail_en}"
            ),
        )

    # -- totals -----------------------------------------------------------------------

    def total(self, rel: Total) -> Finding | None:
        total = self.figs.counts[rel.total]
        summed = self.total_of(rel.parts)
        if total == summed:
            return None
        alternatives: list[Alternative] = []
        seen: set[tuple[str, int]] = set()

        def add(kind: AlternativeKind, name: str, value: int) -> None:
            if (name, value) in seen or value < 0:
                return
            seen.add((name, value))
            old = self.figs.counts[name]
            everything = self.holds_all((name, value))
            what_vi = " (đảo chữ số)" if kind == "transposition" else ""
            what_en = " (digits transposed)" if kind == "transposition" else ""
            several = everything and len(self.figs.relations) > 1
            tail_vi = " và làm mọi quan hệ khớp" if several else ""
            tail_en = " and makes every relation consistent" if several else ""
            alternatives.append(
                Alternative(
                    kind=kind,
                    figure=name,
                    value=value,
                    consistent_with_all=everything,
                    message_vi=(
                        f"{name} = {_count(value, 'vi')} thay vì {_count(old, 'vi')}{what_vi} "
                        f"thì khớp{tail_vi}"
                    ),
                    message_en=(
                        f"{name} = {_count(value, 'en')} instead of {_count(old, 'en')}{what_en} "
                        f"closes it{tail_en}"
                    ),
                )
            )

        for name in dict.fromkeys((rel.total, *rel.parts)):
            for swapped in _transpositions(self.figs.counts[name]):
                if self.holds(rel, (name, swapped)):
                    add("transposition", name, swapped)
        add("closing", rel.total, summed)
        if len(set(rel.parts)) == len(rel.parts):
            for name in rel.parts:
                add("closing", name, self.figs.counts[name] + total - summed)
        parts_text = " + ".join(rel.parts)
        message_vi = (
            f"{rel.total}: {_count(total, 'vi')} ≠ {parts_text} = {_count(summed, 'vi')} "
            f"(chênh lệch {_count(total - summed, 'vi')})."
        )
        message_en = (
            f"{rel.total}: {_count(total, 'en')} ≠ {parts_text} = {_count(summed, 'en')} "
            f"(difference {_count(total - summed, 'en')})."
        )
        ranked = _rank(alternatives)
        fixes = [a for a in ranked if a.consistent_with_all]
        return Finding(
            figure=rel.total,
            kind=FindingKind.IDENTITY,
            relation=rel.describe(),
            published=total,
            expected=summed,
            alternatives=ranked,
            message_vi=_nfc(message_vi + _alt_text(fixes, 0)),
            message_en=message_en + _alt_text(fixes, 1),
        )


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _rank(alternatives: list[Alternative]) -> tuple[Alternative, ...]:
    order: dict[str, int] = {
        "denominator": 0,
        "transposition": 1,
        "printed_transposition": 2,
        "numerator": 3,
        "whole": 4,
        "closing": 5,
        "percent": 6,
    }
    return tuple(
        sorted(
            alternatives,
            key=lambda a: (a.kind != "denominator", not a.consistent_with_all, order[a.kind]),
        )
    )


def _alt_text(alternatives: Sequence[Alternative], index: int) -> str:
    if not alternatives:
        return ""
    texts = [a.message_vi if index == 0 else a.message_en for a in _rank(list(alternatives))]
    head = " Gần nhất: " if index == 0 else " Nearest: "
    return head + "; ".join(texts) + "."


def reconcile(
    figures: PublishedFigures | Mapping[str, Any], *, rounding: Rounding = Rounding.HALF_UP
) -> tuple[Finding, ...]:
    """Check published counts and printed percentages against their claimed relations.

    For each :class:`Share` (a printed percentage claimed to be a part over a
    whole) the exact value is rounded to the printed number of places under
    each convention: half-up, half-even, truncation, and half-up twice (first
    to one more place). If the house convention (*rounding*) reproduces the
    printed value, all is well. Otherwise a :class:`Finding` says which
    conventions explain it (:attr:`FindingKind.ROUNDING`), or which other
    denominators do (:attr:`FindingKind.DENOMINATOR`: every count figure and
    every named sum in ``denominators`` is tried, e.g. the four denominators in
    use: received incl. carried over, resolved, due in the period, handled),
    or that nothing does (:attr:`FindingKind.PERCENT`), with the nearest
    consistent alternatives: the percentage the stated counts give, the
    nearest numerator and whole that give the printed value, and counts with
    two adjacent digits transposed. Each :class:`Total` is checked exactly
    (:attr:`FindingKind.IDENTITY`), with the transpositions and single changes
    that close it; an alternative that makes *every* relation consistent is
    marked and listed first.

    Args:
        figures: A :class:`PublishedFigures`, or its JSON-able mapping (see
            :meth:`PublishedFigures.from_mapping`).
        rounding: The convention the publisher is assumed to use.

    Returns:
        The findings, in the order of the relations; empty when everything is consistent.

    Raises:
        DecodeError: malformed figures (unknown names, unreadable numbers).

    Example:
        >>> published = {
        ...     "figures": {"resolved": "51.722", "on_time": "51.355", "received": "52.761",
        ...                 "on_time_pct": "99,29%"},
        ...     "relations": [{"printed": "on_time_pct", "part": "on_time", "whole": "received"}],
        ... }
        >>> finding, = reconcile(published)
        >>> finding.kind, finding.denominators
        (<FindingKind.DENOMINATOR: 'denominator'>, ('resolved',))
        >>> print(finding.message_en)  # doctest: +ELLIPSIS
        on_time_pct: printed 99.29% is not on_time/received (51,355/52,761 = 97.34%); ...
    """
    if not isinstance(figures, PublishedFigures):
        if not isinstance(figures, Mapping):
            raise InvalidTypeError(
                f"figures: expected PublishedFigures or a mapping, got {type(figures).__name__}"
            )
        figures = PublishedFigures.from_mapping(figures)
    checker = _Checker(figures, rounding.value)
    findings: list[Finding] = []
    for rel in figures.relations:
        found = checker.share(rel) if isinstance(rel, Share) else checker.total(rel)
        if found is not None:
            findings.append(found)
    return tuple(findings)
