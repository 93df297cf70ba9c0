"""The standard statistical report (*Biểu số 06/VPCP/KSTT*) and its identity checks (private).

:func:`report` counts dossier records over a period in one pass, per group
and in total, and checks the form's identities. The result renders as text,
Markdown, CSV, JSON, HTML, a narrative paragraph and plain rows
(:mod:`lapvo_cchc.reports`).
"""

from __future__ import annotations

import importlib
import operator
from typing import TYPE_CHECKING, Any, Final, Literal, cast

import attrs

from lapvo_cchc.errors import LapvoError
from lapvo_cchc.kpi._counting import FORM_COLUMNS, FormCounts, count
from lapvo_cchc.kpi._indicators import IndicatorRegistry, default_registry
from lapvo_cchc.kpi._notes import ReportNote, UnitCheck, count_notes, period_notes

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable, Sequence

    from lapvo_cchc.deadlines import DeadlineCalendar
    from lapvo_cchc.kpi._format import Lang
    from lapvo_cchc.kpi._periods import Period
    from lapvo_cchc.kpi._ratio import Ratio
    from lapvo_cchc.kpi._records import DossierRecord
    from lapvo_cchc.procedures import AdministrativeUnit, UnitRegistry

__all__ = ["DIMENSIONS", "Report", "ReportFinding", "ReportRow", "UnknownDimensionError", "report"]

Dimension = Literal["level", "agency", "field", "procedure", "channel", "successor", "month"]
DIMENSIONS: Final = ("level", "agency", "field", "procedure", "channel", "successor", "month")
"""The dimensions a report can be grouped by (``successor``: the receiving unit's
successor after the 2025 reform, by :meth:`~lapvo_cchc.procedures.UnitRegistry.grouping`)."""

_ATTR_INDEX: Final = {"procedure": 1, "agency": 2, "level": 3, "field": 4}

IDENTITIES: Final = (
    ("(3) = (4) + (5) + (6)", "received_total",
     ("received_online", "received_offline", "carried_over")),
    ("(7) = (8) + (9) + (10)", "resolved_total",
     ("resolved_early", "resolved_on_time", "resolved_late")),
    ("(11) = (12) + (13)", "in_progress_total", ("in_progress_within", "in_progress_overdue")),
    ("(3) = (7) + (11) + withdrawn + stopped", "received_total",
     ("resolved_total", "in_progress_total", "withdrawn", "stopped")),
)  # fmt: skip
"""The identities of the statistical form: (label, whole, parts)."""


class UnknownDimensionError(LapvoError, ValueError):
    """A ``by=`` dimension that the report does not know.

    Example:
        >>> issubclass(UnknownDimensionError, ValueError)
        True
    """


@attrs.frozen
class ReportFinding:
    """A broken identity found in a report row.

    Attributes:
        row: The row label (``"total"`` for the totals).
        identity: The identity, e.g. ``"(3) = (4) + (5) + (6)"``.
        left: The value of the whole.
        right: The sum of the parts.

    Example:
        >>> f = ReportFinding("xã Tân Mỹ", "(7) = (8) + (9) + (10)", 10, 9)
        >>> str(f)
        'xã Tân Mỹ: (7) = (8) + (9) + (10) broken: 10 != 9'
    """

    row: str
    identity: str
    left: int
    right: int

    def __str__(self) -> str:
        return f"{self.row}: {self.identity} broken: {self.left} != {self.right}"


def check_identities(label: str, counts: FormCounts) -> list[ReportFinding]:
    """The identities of the form that *counts* breaks.

    Example:
        >>> check_identities("x", FormCounts(received_total=2, received_online=1))[0].identity
        '(3) = (4) + (5) + (6)'
    """
    out = []
    for name, whole, parts in IDENTITIES:
        left = counts[whole]
        right = sum(counts[p] for p in parts)
        if left != right:
            out.append(ReportFinding(label, name, left, right))
    return out


@attrs.frozen
class ReportRow:
    """One row of the report: a group key, its label and its counts.

    Attributes:
        key: The group's value for each dimension (empty for the totals).
        counts: The counts.

    Example:
        >>> row = ReportRow(("commune", "2020-01"), FormCounts(received_total=1))
        >>> row.label
        'commune / 2020-01'
    """

    key: tuple[str, ...]
    counts: FormCounts

    @property
    def label(self) -> str:
        """The key joined with ``" / "`` (``"total"`` for the totals row)."""
        return " / ".join(self.key) if self.key else "total"


@attrs.frozen(kw_only=True)
class Report:
    """The statistical form for a period: a row per group, the totals and the findings.

    Build it with :func:`report`. Render it with :meth:`to_text`,
    :meth:`to_markdown`, :meth:`to_csv`, :meth:`to_json`, :meth:`to_html`,
    :meth:`narrative` or :meth:`to_rows`; in a notebook it shows as HTML.

    Attributes:
        period: The period.
        by: The dimensions of the groups.
        rows: One row per group, sorted by key.
        total: The totals row (over the whole period; for ``by="month"``
            column 6 of the total is the carry-over into the first day).
        findings: Broken identities (empty for a report counted by the library).
        registry: The indicators evaluated for every row.
        notes: What a reader must know beside the numbers (a period without
            dossiers or outside the supported years, dossiers the form and the
            766 index class apart, dossiers of units gone after the 2025
            reform); every output format prints them.
        layout: ``"default"`` (the thirteen columns plus withdrawn and
            stopped) or ``"circular"`` (the thirteen columns as the form
            prints them; see :func:`lapvo_cchc.reports.as_circular`).
    """

    period: Period
    by: tuple[str, ...]
    rows: tuple[ReportRow, ...]
    total: ReportRow
    findings: tuple[ReportFinding, ...] = ()
    registry: IndicatorRegistry = attrs.field(factory=default_registry, eq=False, repr=False)
    notes: tuple[ReportNote, ...] = ()
    layout: Literal["default", "circular"] = "default"

    def rates(self, row: ReportRow | None = None) -> dict[str, Ratio]:
        """Every indicator of the registry for *row* (default the totals).

        Example:
            >>> from lapvo_cchc.kpi._periods import Period
            >>> report([], Period.year(2020)).rates()["resolution_rate"].format()
            'N/A'
        """
        return self.registry.rates((row or self.total).counts)

    def to_text(self, lang: Lang = "vi") -> str:
        """Aligned plain text (Vietnamese number style for ``lang="vi"``)."""
        return cast("str", _renderer("render_text")(self, lang))

    def to_markdown(self, lang: Lang = "vi") -> str:
        """A Markdown table."""
        return cast("str", _renderer("render_markdown")(self, lang))

    def to_csv(self) -> str:
        """CSV with the JSON keys as header (machine style numbers, rates as exact decimals)."""
        return cast("str", _renderer("render_csv")(self))

    def to_json(self, *, indent: int | None = 2) -> str:
        """JSON: period, groups (form keys plus rates) and totals."""
        return cast("str", _renderer("render_json")(self, indent=indent))

    def to_html(self, lang: Lang = "vi") -> str:
        """An HTML table (escaped)."""
        return cast("str", _renderer("render_html")(self, lang))

    def _repr_html_(self) -> str:
        return self.to_html()

    def narrative(self, lang: Lang = "vi", *, subject: str | None = None) -> str:
        """The narrative paragraph of district reports, from the totals."""
        return cast("str", _renderer("render_narrative")(self, lang, subject=subject))

    def to_rows(self) -> list[dict[str, Any]]:
        """Plain dicts (one per group, then the totals) for any dataframe library."""
        return cast("list[dict[str, Any]]", _renderer("plain_rows")(self))


def _renderer(name: str) -> Any:
    """A renderer of :mod:`lapvo_cchc.reports`, looked up when a ``Report.to_*`` method runs.

    The rendering code lives in the ``reports`` package, a layer above ``kpi``;
    ``kpi`` never imports it statically (the import-linter layers hold), the
    convenience methods of :class:`Report` reach it by name at call time.
    """
    return getattr(importlib.import_module("lapvo_cchc.reports"), name)


def normalise_by(by: str | Sequence[str] | None) -> tuple[str, ...]:
    dims = () if by is None else (by,) if isinstance(by, str) else tuple(by)
    for d in dims:
        if d not in DIMENSIONS:
            raise UnknownDimensionError(
                f"by: expected dimensions among {', '.join(DIMENSIONS)}, got {d!r}"
            )
    if len(set(dims)) != len(dims):
        raise UnknownDimensionError(f"by: a dimension is repeated in {dims!r}")
    if "month" in dims and dims[-1] != "month":
        dims = (*(d for d in dims if d != "month"), "month")
    return dims


def successor_key(units: UnitRegistry, on: dt.date) -> Callable[[str], str]:
    """The successor group of an agency code on *on*: ``"code name"`` (cached).

    A code the registry does not know stays its own group.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.procedures import lap_vo_units
        >>> key = successor_key(lap_vo_units(), dt.date(2025, 12, 31))
        >>> key("30172"), key("H56")
        ('30178 Xã Mỹ An Hưng', 'H56')
    """
    group = units.grouping(on=on)
    cache: dict[str, str] = {}

    def key(code: str) -> str:
        hit = cache.get(code)
        if hit is None:
            try:
                unit: AdministrativeUnit = group(code)
                hit = f"{unit.code} {unit.name}"
            except LookupError:
                hit = code
            cache[code] = hit
        return hit

    return key


def key_func(
    dims: tuple[str, ...],
    *,
    on: dt.date | None = None,
    units: UnitRegistry | None = None,
) -> Callable[[DossierRecord], tuple[str, ...]] | None:
    attr = [d for d in dims if d != "month"]
    if not attr:
        return None
    if "successor" in attr:
        from lapvo_cchc.procedures import TWO_TIER_DATE, lap_vo_units

        successor = successor_key(lap_vo_units() if units is None else units, on or TWO_TIER_DATE)

        def by_successor(r: DossierRecord) -> tuple[str, ...]:
            return tuple(
                successor(r.agency)
                if d == "successor"
                else r.channel.value
                if d == "channel"
                else cast("str", r[_ATTR_INDEX[d]])
                for d in attr
            )

        return by_successor
    if attr == ["channel"]:

        def by_channel(r: DossierRecord) -> tuple[str, ...]:
            return (r.channel.value,)

        return by_channel
    if len(attr) == 1:
        get = operator.itemgetter(_ATTR_INDEX[attr[0]])

        def by_one(r: DossierRecord) -> tuple[str, ...]:
            return (get(r),)

        return by_one

    def by_many(r: DossierRecord) -> tuple[str, ...]:
        return tuple(
            r.channel.value if d == "channel" else cast("str", r[_ATTR_INDEX[d]]) for d in attr
        )

    return by_many


def report(
    records: Iterable[DossierRecord],
    period: Period,
    *,
    by: Dimension | Sequence[Dimension] | None = "level",
    calendar: DeadlineCalendar | None = None,
    registry: IndicatorRegistry | None = None,
    on_record: Callable[[DossierRecord], None] | None = None,
    units: UnitRegistry | None = None,
) -> Report:
    """The statistical form (13 columns) for *period*, per group and in total.

    One pass over *records* (any iterable, e.g. a streaming ledger reader)
    with integer counters per group. Column definitions are in
    :mod:`lapvo_cchc.kpi._counting` (module docs).

    Grouping: ``level``, ``agency``, ``field``, ``procedure`` and ``channel``
    split the dossiers; summing their rows gives the totals. ``month`` splits
    the *period* into calendar months, each its own sub-period: a dossier
    open across months is carried over into each, so only received and
    finished columns add up to the totals. Several dimensions cross
    (``by=("level", "month")``); ``month`` always comes last in the key.

    Args:
        records: The dossier records.
        period: The reporting period.
        by: A dimension, several, or ``None`` for the totals only.
        calendar: Working-day calendar for the average processing time
            (without it that indicator's numerator is 0).
        registry: The indicators to evaluate per row; default
            :func:`default_registry`.
        on_record: Called with every record read (e.g. progress).
        units: The administrative units (e.g.
            :func:`~lapvo_cchc.procedures.lap_vo_units`): a note then counts the
            dossiers received from 1 July 2025 by a district-level unit or a
            merged commune, and ``by="successor"`` groups by the unit carrying
            on at the period's end (default for that dimension: the bundled
            Lấp Vò units).

    Returns:
        The :class:`Report`, with its :attr:`~Report.notes`.

    Raises:
        UnknownDimensionError: an unknown dimension in *by*.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.dossiers import Channel
        >>> from lapvo_cchc.kpi._periods import Period
        >>> from lapvo_cchc.kpi._records import DossierRecord, FinishKind
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> def rec(code, level, day, done=None):
        ...     t = dt.datetime(2020, 3, day, 9, tzinfo=ict)
        ...     return DossierRecord.build(code=code, procedure="p", agency="a", level=level,
        ...         field="f", channel=Channel.IN_PERSON, received_at=t,
        ...         due_at=dt.datetime(2020, 3, 11, tzinfo=ict),
        ...         finished_at=None if done is None else dt.datetime(2020, 3, done, 9, tzinfo=ict),
        ...         finish=None if done is None else FinishKind.APPROVED)
        >>> rep = report([rec("1", "commune", 2, 5), rec("2", "commune", 3, 10),
        ...               rec("3", "district", 4)], Period.month(2020, 3))
        >>> [(row.label, row.counts.resolved_early, row.counts.resolved_on_time)
        ...  for row in rep.rows]
        [('commune', 1, 1), ('district', 0, 0)]
        >>> rep.total.counts.in_progress_overdue, rep.findings
        (1, ())
    """
    dims = normalise_by(by)
    check = None if units is None else UnitCheck(units, period)
    hook = on_record
    if check is not None:
        if on_record is None:
            hook = check
        else:

            def hook(r: DossierRecord) -> None:
                on_record(r)
                check(r)

    total, groups = count(
        records,
        period,
        key=key_func(dims, on=period.end, units=units),
        by_month="month" in dims,
        calendar=calendar,
        on_record=hook,
    )
    unit_note = None if check is None else check.note()
    return build_report(
        period, dims, total, groups, registry, notes=() if unit_note is None else (unit_note,)
    )


def build_report(
    period: Period,
    dims: tuple[str, ...],
    total: FormCounts,
    groups: dict[tuple[str, ...], FormCounts],
    registry: IndicatorRegistry | None = None,
    *,
    notes: Sequence[ReportNote] = (),
) -> Report:
    """The :class:`Report` of counts already made (private: the ledger's parallel path).

    Its notes: the period's (:func:`period_notes`), the counts' (:func:`count_notes`),
    then *notes*.

    Example:
        >>> from lapvo_cchc.kpi._periods import Period
        >>> build_report(Period.year(2020), (), FormCounts(), {}).findings
        ()
    """
    reg = default_registry() if registry is None else registry
    rows = tuple(ReportRow(k, c) for k, c in sorted(groups.items()))
    total_row = ReportRow((), total)
    findings: list[ReportFinding] = []
    for row in (*rows, total_row):
        findings.extend(check_identities(row.label, row.counts))
    if rows and "month" not in dims:
        summed = sum((row.counts for row in rows), FormCounts())
        findings.extend(
            ReportFinding("sum of groups", f"{name} = total", summed[name], total[name])
            for name in FORM_COLUMNS
            if summed[name] != total[name]
        )
    return Report(
        period=period,
        by=dims,
        rows=rows,
        total=total_row,
        findings=tuple(findings),
        registry=reg,
        notes=(*period_notes(period, total), *count_notes(total), *notes),
    )
