"""Indicators (*chỉ tiêu*): named measures and ratios of them, in a registry (private module).

A **measure** is a named dossier set over a period, counted in one pass
(the built-ins are the columns of the statistical form and a few more; see
:mod:`lapvo_cchc.kpi._counting` for their definitions). A **dossier set**
is a user-defined measure: a predicate over a record and the period. An
**indicator** is a numerator and a denominator, each a sum of measures; its
value is a :class:`~lapvo_cchc.kpi.Ratio` that keeps both counts and the
exact :class:`~fractions.Fraction`.

Registries are plain instances passed explicitly (docs/design/conventions.md#principles: no global
state); :func:`default_registry` builds a fresh one with the built-ins.

Example — a user-defined indicator in a few lines:
    >>> import datetime as dt
    >>> from lapvo_cchc.dossiers import Channel
    >>> from lapvo_cchc.kpi._periods import Period
    >>> from lapvo_cchc.kpi._records import DossierRecord, FinishKind
    >>> reg = default_registry()
    >>> reg.add_set(DossierSet(
    ...     "land_received", "Hồ sơ đất đai tiếp nhận", "Land dossiers received",
    ...     lambda r, p: r.field == "Đất đai" and p.received(r.received_date)))
    >>> reg.add(Indicator(
    ...     "land_share", "Tỷ lệ hồ sơ đất đai", "Share of land dossiers",
    ...     numerator=("land_received",), denominator=("received_in_period",),
    ...     source="example"))
    >>> ict = dt.timezone(dt.timedelta(hours=7))
    >>> t = dt.datetime(2020, 3, 2, 9, tzinfo=ict)
    >>> recs = [DossierRecord.build(code=str(i), procedure="p", agency="a", level="commune",
    ...     field=f, channel=Channel.IN_PERSON, received_at=t, due_at=t + dt.timedelta(days=5))
    ...     for i, f in enumerate(["Đất đai", "Hộ tịch", "Đất đai"])]
    >>> result = reg.evaluate(recs, Period.month(2020, 3))
    >>> result["land_share"]
    Ratio(numerator=2, denominator=3, numerator_name='land_received', ...)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Literal

import attrs

from lapvo_cchc.errors import InvalidArgumentError, LapvoError
from lapvo_cchc.kpi._counting import MEASURES, FormCounts, count
from lapvo_cchc.kpi._ratio import Ratio

if TYPE_CHECKING:
    from lapvo_cchc.deadlines import DeadlineCalendar
    from lapvo_cchc.kpi._periods import Period
    from lapvo_cchc.kpi._records import DossierRecord

__all__ = [
    "DossierSet",
    "Indicator",
    "IndicatorRegistry",
    "Measure",
    "UnknownIndicatorError",
    "default_registry",
]

Unit = Literal["percent", "working_days"]


class UnknownIndicatorError(LapvoError, LookupError):
    """An indicator, measure or set name that the registry does not know.

    Example:
        >>> issubclass(UnknownIndicatorError, LookupError)
        True
    """


@attrs.frozen
class Measure:
    """A built-in measure: a dossier set (or a sum) counted by the engine.

    Example:
        >>> default_registry().measure("carried_over").title_en
        'Carried over from the previous period'
    """

    name: str
    title_vi: str
    title_en: str
    source: str = ""


@attrs.frozen
class DossierSet:
    """A user-defined dossier set: the records for which ``predicate(record, period)`` is true.

    It is counted over **all** records read, so the predicate decides the
    period membership itself (e.g. ``period.received(record.received_date)``).

    Example:
        >>> s = DossierSet("online", "Trực tuyến", "Online", lambda r, p: True)
        >>> s.name
        'online'
    """

    name: str
    title_vi: str
    title_en: str
    predicate: Callable[[DossierRecord, Period], bool] = attrs.field(eq=False, repr=False)


def _names(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Indicator:
    """An indicator: a numerator and a denominator, each the sum of named measures.

    Attributes:
        name: Identifier (JSON key).
        title_vi: Vietnamese title.
        title_en: English title.
        numerator: Names of the measures or sets summed in the numerator.
        denominator: Names summed in the denominator.
        source: Where the definition comes from (a design-page section or a legal document).
        unit: ``"percent"`` (a share) or ``"working_days"`` (an average).

    Example:
        >>> ind = default_registry().get("on_time_rate_of_resolved")
        >>> ind.numerator, ind.denominator
        (('resolved_on_time',), ('resolved_total',))
        >>> ind.evaluate({"resolved_on_time": 51355, "resolved_total": 51722}).format(decimals=2)
        '99,29%'
    """

    name: str = attrs.field(kw_only=False)
    title_vi: str = attrs.field(kw_only=False)
    title_en: str = attrs.field(kw_only=False)
    numerator: tuple[str, ...] = attrs.field(converter=_names)
    denominator: tuple[str, ...] = attrs.field(converter=_names)
    source: str = ""
    unit: Unit = "percent"

    def evaluate(self, counts: Mapping[str, int] | FormCounts) -> Ratio:
        """The ratio from measure counts (a :class:`FormCounts` or any mapping).

        Raises:
            UnknownIndicatorError: a measure is missing from *counts*.
        """
        try:
            num = sum(counts[n] for n in self.numerator)
            den = sum(counts[n] for n in self.denominator)
        except KeyError as exc:
            raise UnknownIndicatorError(
                f"indicator {self.name}: no count for measure {exc.args[0]!r}"
            ) from None
        return Ratio(
            num,
            den,
            numerator_name="+".join(self.numerator),
            denominator_name="+".join(self.denominator),
        )


class Counts(Mapping[str, int]):
    """Built-in counts plus the counts of user-defined sets (read-only mapping).

    Example:
        >>> c = Counts(FormCounts(withdrawn=2), {"mine": 5})
        >>> c["withdrawn"], c["mine"], len(c) > 20
        (2, 5, True)
    """

    def __init__(self, form: FormCounts, extra: Mapping[str, int] | None = None) -> None:
        self._form = form
        self._extra = dict(extra or {})

    def __getitem__(self, name: str) -> int:
        if name in self._extra:
            return self._extra[name]
        return self._form[name]

    def __iter__(self) -> Iterator[str]:
        yield from MEASURES
        yield from self._extra

    def __len__(self) -> int:
        return len(MEASURES) + len(self._extra)


@attrs.define
class Evaluation(Mapping[str, Ratio]):
    """The result of :meth:`IndicatorRegistry.evaluate`: every indicator's ratio and the counts.

    Example:
        >>> from lapvo_cchc.kpi._periods import Period
        >>> ev = default_registry().evaluate([], Period.year(2020))
        >>> ev["resolution_rate"].value is None, ev.counts["received_total"]
        (True, 0)
    """

    counts: Counts
    ratios: dict[str, Ratio]

    def __getitem__(self, name: str) -> Ratio:
        return self.ratios[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.ratios)

    def __len__(self) -> int:
        return len(self.ratios)


class IndicatorRegistry:
    """A registry of measures, user dossier sets and indicators (an instance; pass it around).

    Example:
        >>> reg = IndicatorRegistry()
        >>> reg.add(Indicator("x", "X", "X", numerator=("withdrawn",), denominator=("handled",)))
        >>> [i.name for i in reg]
        ['x']
        >>> reg.get("nope")
        Traceback (most recent call last):
        ...
        lapvo_cchc.kpi._indicators.UnknownIndicatorError: no indicator named 'nope'; known: x
    """

    def __init__(self) -> None:
        self._measures: dict[str, Measure] = {}
        self._sets: dict[str, DossierSet] = {}
        self._indicators: dict[str, Indicator] = {}

    def add_measure(self, measure: Measure) -> None:
        """Register a built-in measure's titles (the engine must count it)."""
        if measure.name not in MEASURES:
            raise UnknownIndicatorError(
                f"measure {measure.name!r} is not counted by the engine; use add_set()"
            )
        self._measures[measure.name] = measure

    def add_set(self, dossier_set: DossierSet) -> None:
        """Register a user-defined dossier set (its name must be new).

        Raises:
            InvalidArgumentError: the name is taken by a measure or a set (a ValueError).
        """
        if dossier_set.name in MEASURES or dossier_set.name in self._sets:
            raise InvalidArgumentError(f"set name {dossier_set.name!r} is already used")
        self._sets[dossier_set.name] = dossier_set

    def add(self, indicator: Indicator) -> None:
        """Register (or replace) an indicator.

        Raises:
            UnknownIndicatorError: it names a measure or set the registry does not have.
        """
        for name in (*indicator.numerator, *indicator.denominator):
            if name not in MEASURES and name not in self._sets:
                raise UnknownIndicatorError(
                    f"indicator {indicator.name}: unknown measure or set {name!r}"
                )
        self._indicators[indicator.name] = indicator

    def get(self, name: str) -> Indicator:
        """The indicator named *name*.

        Raises:
            UnknownIndicatorError: no such indicator.
        """
        try:
            return self._indicators[name]
        except KeyError:
            known = ", ".join(self._indicators)
            raise UnknownIndicatorError(f"no indicator named {name!r}; known: {known}") from None

    def measure(self, name: str) -> Measure:
        """The titles of a built-in measure.

        Raises:
            UnknownIndicatorError: no such measure.
        """
        try:
            return self._measures[name]
        except KeyError:
            raise UnknownIndicatorError(f"no measure named {name!r}") from None

    @property
    def sets(self) -> tuple[DossierSet, ...]:
        """The user-defined dossier sets."""
        return tuple(self._sets.values())

    def __iter__(self) -> Iterator[Indicator]:
        return iter(tuple(self._indicators.values()))

    def __len__(self) -> int:
        return len(self._indicators)

    def rates(self, counts: Mapping[str, int] | FormCounts) -> dict[str, Ratio]:
        """Every indicator whose measures are all in *counts*, evaluated.

        Example:
            >>> from lapvo_cchc.kpi._counting import FormCounts
            >>> r = default_registry().rates(FormCounts(received_total=4, resolved_total=3))
            >>> r["resolution_rate"].value
            Fraction(3, 4)
        """
        out: dict[str, Ratio] = {}
        for ind in self._indicators.values():
            if all(n in counts for n in (*ind.numerator, *ind.denominator)):
                out[ind.name] = ind.evaluate(counts)
        return out

    def evaluate(
        self,
        records: Iterable[DossierRecord],
        period: Period,
        *,
        calendar: DeadlineCalendar | None = None,
    ) -> Evaluation:
        """Count *records* over *period* in one pass and evaluate every indicator.

        Args:
            records: The dossier records.
            period: The period.
            calendar: Needed for ``average_processing_days`` (else its
                numerator is 0).
        """
        sets = tuple(self._sets.values())
        extra = dict.fromkeys(self._sets, 0)
        hook: Callable[[DossierRecord], None] | None = None
        if sets:

            def hook(record: DossierRecord) -> None:
                for s in sets:
                    if s.predicate(record, period):
                        extra[s.name] += 1

        total, _ = count(records, period, calendar=calendar, on_record=hook)
        counts = Counts(total, extra)
        return Evaluation(counts, self.rates(counts))


_S_FORM = "Biểu số 06/VPCP/KSTT, TT 01/2020/TT-VPCP (docs/design/kpi.md#statistical-form)"
_S_766 = "QĐ 766/QĐ-TTg, indicator 2.1 (docs/design/kpi.md#index-766, #on-time-indicator)"

_MEASURE_TITLES: tuple[tuple[str, str, str, str], ...] = (
    ("received_total", "Tổng số hồ sơ nhận giải quyết", "Dossiers to handle (total)", _S_FORM),
    ("received_online", "Tiếp nhận trong kỳ: trực tuyến", "Received online", _S_FORM),
    ("received_offline", "Tiếp nhận trong kỳ: trực tiếp, dịch vụ bưu chính",
     "Received in person or by post", _S_FORM),
    ("carried_over", "Từ kỳ trước", "Carried over from the previous period", _S_FORM),
    ("resolved_total", "Tổng số hồ sơ đã giải quyết", "Resolved (total)", _S_FORM),
    ("resolved_early", "Đã giải quyết trước hạn", "Resolved early", _S_FORM),
    ("resolved_on_time", "Đã giải quyết đúng hạn", "Resolved on time", _S_FORM),
    ("resolved_late", "Đã giải quyết quá hạn", "Resolved late", _S_FORM),
    ("in_progress_total", "Tổng số hồ sơ đang giải quyết", "In progress (total)", _S_FORM),
    ("in_progress_within", "Đang giải quyết trong hạn", "In progress within the deadline", _S_FORM),
    ("in_progress_overdue", "Đang giải quyết quá hạn", "In progress past the deadline", _S_FORM),
    ("withdrawn", "Công dân rút hồ sơ", "Withdrawn",
     "docs/design/kpi.md#statistical-form, #provincial-definitions (cancelled)"),
    ("stopped", "Dừng xử lý, từ chối", "Stopped or refused",
     "docs/design/kpi.md#on-time-indicator"),
    ("received_in_period", "Tiếp nhận trong kỳ", "Received in the period", _S_FORM),
    ("received_in_person", "Tiếp nhận trực tiếp", "Received in person",
     "docs/design/kpi.md#index-766 (indicator 3.3)"),
    ("received_postal", "Tiếp nhận qua dịch vụ bưu chính công ích", "Received by post",
     "docs/design/kpi.md#index-766 (indicator 3.3)"),
    ("received_assisted", "Hồ sơ \"Công dân không viết\"", "Assisted filing",
     "docs/design/kpi.md#seed-report"),
    ("rejected", "Trả lại do không đủ điều kiện", "Rejected on the merits",
     "docs/design/kpi.md#seed-report"),
    ("handled", "Hồ sơ tiếp nhận, xử lý trong kỳ", "Handled in the period", _S_766),
    ("due_total", "Hồ sơ đến hạn trong kỳ", "Due in the period",
     "docs/design/kpi.md#published-figures (Vĩnh Phúc)"),
    ("due_early", "Đến hạn: giải quyết trước hạn", "Due: resolved early",
     "docs/design/kpi.md#published-figures"),
    ("due_on_time", "Đến hạn: giải quyết đúng hạn", "Due: resolved on time",
     "docs/design/kpi.md#published-figures"),
    ("due_late", "Đến hạn: quá hạn", "Due: late or overdue",
     "docs/design/kpi.md#published-figures"),
    ("on_time_766", "Xử lý trước hạn, đúng hạn (766)", "Early or on time (766)", _S_766),
    ("resolved_working_days", "Tổng số ngày làm việc giải quyết", "Working days to resolve (sum)",
     "docs/design/kpi.md#index-766 (indicator 2.2)"),
)  # fmt: skip

_DENOMINATORS: tuple[tuple[str, tuple[str, ...], str, str, str], ...] = (
    ("received", ("received_total",), "trên tổng số hồ sơ nhận giải quyết",
     "of dossiers to handle (incl. carried over)", "docs/design/kpi.md#denominators (1), Gia Lai"),
    ("resolved", ("resolved_total",), "trên số hồ sơ đã giải quyết", "of resolved dossiers",
     "docs/design/kpi.md#denominators (2), Phú Giáo"),
    ("due", ("due_total",), "trên số hồ sơ đến hạn", "of dossiers due in the period",
     "docs/design/kpi.md#denominators (3), Vĩnh Phúc"),
    ("handled", ("resolved_total", "in_progress_total"), "trên số đã và đang giải quyết",
     "of resolved plus in-progress dossiers", "docs/design/kpi.md#denominators (4), 766"),
)  # fmt: skip

_OUTCOMES: tuple[tuple[str, str, str], ...] = (
    ("early", "Tỷ lệ trước hạn", "Early rate"),
    ("on_time", "Tỷ lệ đúng hạn", "On-time rate"),
    ("late", "Tỷ lệ quá hạn", "Late rate"),
)


def _outcome_numerator(outcome: str, denominator: str) -> tuple[str, ...]:
    if denominator == "due":
        return (f"due_{outcome}",)
    if outcome == "late" and denominator != "resolved":
        # Late resolved plus overdue in progress (Gia
        # Lai, docs/design/kpi.md#provincial-definitions).
        return ("resolved_late", "in_progress_overdue")
    return (f"resolved_{outcome}",)


def default_registry() -> IndicatorRegistry:
    """A new registry with the built-in measures and indicators (a fresh instance each call).

    Built-in indicators (numerator / denominator):

    * ``resolution_rate``: resolved / received incl. carried over.
    * ``{early,on_time,late}_rate_of_{received,resolved,due,handled}``: the
      outcome rates over each of the four denominators of docs/design/kpi.md#denominators. Over
      *resolved*: columns 8, 9, 10 over 7. Over *received* and *handled*
      (resolved + in progress): early and on time are resolved dossiers;
      late is resolved late plus in progress overdue. Over *due*: the
      dossiers due in the period, late including those overdue and open.
    * ``early_or_on_time_rate_of_resolved``: (8 + 9) / 7.
    * ``online_share``, ``postal_share``, ``assisted_share``: over the
      dossiers received in the period (4 + 5).
    * ``average_processing_days``: working days from receipt to resolution,
      summed over resolved dossiers / resolved (needs a calendar).
    * ``on_time_766``: 766 indicator 2.1, over dossiers handled in the period.

    Example:
        >>> reg = default_registry()
        >>> reg.get("on_time_766").title_vi
        'Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn (766, chỉ số 2.1)'
        >>> len(reg) >= 18
        True
    """
    reg = IndicatorRegistry()
    for name, vi, en, src in _MEASURE_TITLES:
        reg.add_measure(Measure(name, vi, en, src))
    reg.add(
        Indicator(
            "resolution_rate", "Tỷ lệ giải quyết", "Resolution rate",
            numerator=("resolved_total",), denominator=("received_total",),
            source="docs/design/kpi.md#published-figures (Phú Giáo: 51.722 / 52.761)",
        )
    )  # fmt: skip
    for dname, den, dvi, den_en, dsrc in _DENOMINATORS:
        for oname, ovi, oen in _OUTCOMES:
            reg.add(
                Indicator(
                    f"{oname}_rate_of_{dname}", f"{ovi} {dvi}", f"{oen} {den_en}",
                    numerator=_outcome_numerator(oname, dname), denominator=den, source=dsrc,
                )
            )  # fmt: skip
    reg.add(
        Indicator(
            "early_or_on_time_rate_of_resolved", "Tỷ lệ trước hạn và đúng hạn",
            "Early or on-time rate of resolved dossiers",
            numerator=("resolved_early", "resolved_on_time"), denominator=("resolved_total",),
            source=_S_FORM,
        )
    )  # fmt: skip
    for name, num, vi, en, src in (
        ("online_share", "received_online", "Tỷ lệ hồ sơ trực tuyến", "Online share",
         "docs/design/kpi.md#index-766 (indicator 3.3)"),
        ("postal_share", "received_postal", "Tỷ lệ hồ sơ qua bưu chính công ích", "Postal share",
         "docs/design/kpi.md#index-766 (indicator 3.3)"),
        ("assisted_share", "received_assisted", "Tỷ lệ hồ sơ \"Công dân không viết\"",
         "Assisted-filing share", "docs/design/kpi.md#seed-report"),
    ):  # fmt: skip
        reg.add(
            Indicator(
                name, vi, en, numerator=(num,), denominator=("received_in_period",), source=src
            )
        )
    reg.add(
        Indicator(
            "average_processing_days", "Thời gian giải quyết trung bình (ngày làm việc)",
            "Average processing time (working days)",
            numerator=("resolved_working_days",), denominator=("resolved_total",),
            source="766 indicator 2.2 (docs/design/kpi.md#index-766)", unit="working_days",
        )
    )  # fmt: skip
    reg.add(
        Indicator(
            "on_time_766", "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn (766, chỉ số 2.1)",
            "Dossiers handled early or on time (766, indicator 2.1)",
            numerator=("on_time_766",), denominator=("handled",), source=_S_766,
        )
    )  # fmt: skip
    return reg
