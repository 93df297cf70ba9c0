"""Published figures and the relations claimed between them (private).

The schema of :func:`lapvo_cchc.kpi.reconcile`; see ``docs/kpi.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

import attrs

from lapvo_cchc.errors import DecodeError
from lapvo_cchc.kpi._format import Lang, _separators, parse_printed

__all__ = ["PublishedFigures", "Share", "Total"]


def _names(value: str | Sequence[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _nonempty(
    _instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    if not value or not all(v and isinstance(v, str) for v in value):
        raise DecodeError(f"{attribute.name}: expected one or more figure names, got {value!r}")


@attrs.frozen
class Share:
    """A printed percentage and what it claims to be: a part over a whole.

    Attributes:
        printed: Name of the printed-percentage figure.
        part: Count figure(s) of the numerator (several are added up).
        whole: Count figure(s) of the denominator (several are added up).

    Example:
        >>> Share("on_time_pct", "on_time", ["resolved"]).whole
        ('resolved',)
    """

    printed: str
    part: tuple[str, ...] = attrs.field(converter=_names, validator=_nonempty)
    whole: tuple[str, ...] = attrs.field(converter=_names, validator=_nonempty)

    def describe(self) -> str:
        """The relation as text.

        Example:
            >>> Share("p", "a", ["b", "c"]).describe()
            'p = a / (b + c)'
        """
        return f"{self.printed} = {_sum_name(self.part)} / {_sum_name(self.whole)}"


@attrs.frozen
class Total:
    """A sum identity: a count figure equals the sum of other count figures.

    Example:
        >>> Total("received", ["received_new", "carried_over"]).describe()
        'received = received_new + carried_over'
    """

    total: str
    parts: tuple[str, ...] = attrs.field(converter=_names, validator=_nonempty)

    def describe(self) -> str:
        """The relation as text."""
        return f"{self.total} = {' + '.join(self.parts)}"


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_finite_decimal(value: object) -> bool:
    return isinstance(value, Decimal) and value.is_finite()


def _count_map(value: Mapping[str, int]) -> dict[str, int]:
    return dict(value)


def _percent_map(value: Mapping[str, Decimal]) -> dict[str, Decimal]:
    return dict(value)


def _denominator_map(value: Mapping[str, str | Sequence[str]]) -> dict[str, tuple[str, ...]]:
    return {str(k): _names(v) for k, v in value.items()}


def _relations(value: Iterable[Share | Total]) -> tuple[Share | Total, ...]:
    return tuple(value)


def _sum_name(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else "(" + " + ".join(names) + ")"


@attrs.frozen(kw_only=True)
class PublishedFigures:
    """Published counts and printed percentages with the relations claimed between them.

    Build one directly or with :meth:`from_mapping` from the JSON-able schema::

        {
          "lang": "vi",
          "figures": {"received": 52761, "resolved": "51.722", "resolved_pct": "98%"},
          "relations": [
            {"printed": "resolved_pct", "part": "resolved", "whole": "received"},
            {"total": "received", "parts": ["resolved", "in_progress"]}
          ],
          "denominators": {"handled": ["resolved", "in_progress"]}
        }

    A figure is a count (an int, or a string as printed: ``"51.722"`` in
    Vietnamese style) or a printed percentage (a string ending in ``%``; its
    places are the printed precision, so ``"98%"`` is checked to the unit and
    ``"99,29%"`` to two places). ``lang`` says how strings are printed
    (``"vi"`` default). ``denominators`` names extra candidate denominators
    (sums of figures) to try besides every count figure.

    Attributes:
        counts: Count figures by name.
        percents: Printed percentages by name (the percent number, e.g. ``Decimal("99.29")``).
        relations: :class:`Share` and :class:`Total` relations.
        denominators: Extra candidate denominators by name.
        lang: How the figures' strings are printed (``"vi"`` or ``"en"``).

    Example:
        >>> figs = PublishedFigures.from_mapping(
        ...     {"figures": {"a": "1.200", "b": 1234, "p": "97,2%"},
        ...      "relations": [{"printed": "p", "part": "a", "whole": "b"}]})
        >>> figs.counts["a"], figs.percents["p"]
        (1200, Decimal('97.2'))
    """

    counts: Mapping[str, int] = attrs.field(converter=_count_map)
    percents: Mapping[str, Decimal] = attrs.field(converter=_percent_map)
    relations: tuple[Share | Total, ...] = attrs.field(converter=_relations)
    denominators: Mapping[str, tuple[str, ...]] = attrs.field(
        converter=_denominator_map, factory=dict
    )
    lang: Lang = "vi"

    def __attrs_post_init__(self) -> None:
        _separators(self.lang)
        for name, value in self.counts.items():
            if not _is_count(value):
                raise DecodeError(f"figures.{name}: expected a count >= 0, got {value!r}")
        for name, pct in self.percents.items():
            if not _is_finite_decimal(pct):
                raise DecodeError(
                    f"figures.{name}: expected a finite Decimal percentage, got {pct!r}"
                )
        clash = set(self.counts) & set(self.percents)
        if clash:
            raise DecodeError(f"figures: names used as both count and percentage: {sorted(clash)}")
        for i, rel in enumerate(self.relations):
            where = f"relations[{i}]"
            if isinstance(rel, Share):
                self._need(self.percents, (rel.printed,), f"{where}.printed", "printed percentage")
                self._need(self.counts, rel.part, f"{where}.part", "count")
                self._need(self.counts, rel.whole, f"{where}.whole", "count")
            elif isinstance(rel, Total):
                self._need(self.counts, (rel.total,), f"{where}.total", "count")
                self._need(self.counts, rel.parts, f"{where}.parts", "count")
            else:
                raise DecodeError(f"{where}: expected a Share or a Total, got {rel!r}")
        for name, members in self.denominators.items():
            self._need(self.counts, members, f"denominators.{name}", "count")

    @staticmethod
    def _need(pool: Mapping[str, object], names: Iterable[str], where: str, what: str) -> None:
        for n in names:
            if n not in pool:
                raise DecodeError(f"{where}: expected the name of a {what} figure, got {n!r}")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> PublishedFigures:
        """Build from the JSON-able schema above (plain dicts, lists, ints and strings).

        Raises:
            DecodeError: a missing key, an unknown figure name, a float
                percentage (write it as printed, e.g. ``"98,03%"``), or text
                that is not a number in the given language's style.

        Example:
            >>> PublishedFigures.from_mapping({"figures": {"p": 98.03}, "relations": []})
            Traceback (most recent call last):
            ...
            lapvo_cchc.errors.DecodeError: figures.p: expected an int count or a printed string ...
        """
        if not isinstance(data, Mapping):
            raise DecodeError(f"figures: expected a mapping, got {type(data).__name__}")
        unknown = set(data) - {"lang", "figures", "relations", "denominators"}
        if unknown:
            raise DecodeError(
                f"figures: unexpected keys {sorted(unknown)}; "
                "expected lang, figures, relations, denominators"
            )
        lang = data.get("lang", "vi")
        _separators(lang)
        raw = data.get("figures")
        if not isinstance(raw, Mapping):
            raise DecodeError("figures: expected a 'figures' mapping of names to values")
        counts: dict[str, int] = {}
        percents: dict[str, Decimal] = {}
        for name, value in raw.items():
            _read_figure(str(name), value, lang, counts, percents)
        relations: list[Share | Total] = []
        raw_rel = data.get("relations", [])
        if not isinstance(raw_rel, Sequence) or isinstance(raw_rel, str):
            raise DecodeError("relations: expected a list")
        for i, rel in enumerate(raw_rel):
            relations.append(_read_relation(rel, f"relations[{i}]"))
        raw_den = data.get("denominators", {})
        if not isinstance(raw_den, Mapping):
            raise DecodeError("denominators: expected a mapping of names to figure names")
        denominators = {str(k): _names(v) for k, v in raw_den.items()}
        return cls(
            counts=counts,
            percents=percents,
            relations=relations,
            denominators=denominators,
            lang=cast("Lang", lang),
        )


def _read_figure(
    name: str, value: object, lang: str, counts: dict[str, int], percents: dict[str, Decimal]
) -> None:
    where = f"figures.{name}"
    if isinstance(value, int) and not isinstance(value, bool):
        counts[name] = value
        return
    if isinstance(value, Decimal):
        percents[name] = value
        return
    if not isinstance(value, str):
        raise DecodeError(
            f"{where}: expected an int count or a printed string such as "
            f"'57.028' or '98,03%', got {type(value).__name__} {value!r}"
        )
    number, is_percent = parse_printed(value, lang, where)
    if is_percent:
        percents[name] = number
    elif number != number.to_integral_value() or number < 0:
        raise DecodeError(f"{where}: expected a whole non-negative count, got {value!r}")
    else:
        counts[name] = int(number)


def _read_relation(rel: object, where: str) -> Share | Total:
    if not isinstance(rel, Mapping):
        raise DecodeError(f"{where}: expected a mapping, got {type(rel).__name__}")
    keys = set(rel)
    try:
        if keys == {"printed", "part", "whole"}:
            return Share(str(rel["printed"]), rel["part"], rel["whole"])
        if keys == {"total", "parts"}:
            return Total(str(rel["total"]), rel["parts"])
    except (TypeError, DecodeError) as exc:
        raise DecodeError(f"{where}: {exc}") from None
    raise DecodeError(
        f"{where}: expected keys printed/part/whole or total/parts, got {sorted(keys)}"
    )
