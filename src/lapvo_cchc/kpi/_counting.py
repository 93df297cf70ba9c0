"""The one-pass counting engine behind the report and the indicators (private module).

Each dossier handled in a period gets a small integer *signature* packing
its column of the statistical form and its flags; groups count signatures,
and the counts are expanded into :class:`FormCounts` at the end. The inner
loop does integer comparisons only (records keep instants as POSIX seconds).

Definitions (one place, used by every indicator; days are Vietnam days):

* **handled** in ``[s, e]`` (column 3): received on or before ``e`` and not
  finished before ``s`` (:meth:`Period.handled`).
* **received online / in person & postal** (columns 4, 5): handled and
  received on or after ``s``; **carried over** (column 6): received before ``s``.
* **finished in the period**: finished on or before ``e``. By the finish kind:
  resolved (approved, rejected on the merits, result returned; columns 7–10),
  withdrawn, or stopped (stopped or refused).
* A resolved dossier is **late** if finished after the deadline instant
  ``due_ts``, else **early** if finished on a day before the due date, else
  **on time** (docs/design/rules.md#outcomes).
* **in progress** (column 11): not finished by 24:00 of ``e``. **Within**
  (12) if that cut-off is not after the deadline instant, or if the dossier
  was then awaiting a supplement requested by the deadline (the clock is
  stopped); else **overdue** (13).
* **due in the period**: handled, with the due date in ``[s, e]``.
* **766 indicator 2.1 on time**: see :func:`ok_766`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Final, NamedTuple

import attrs

from lapvo_cchc.dossiers import Channel
from lapvo_cchc.errors import InvalidArgumentError
from lapvo_cchc.kpi._records import FinishKind, day_start

if TYPE_CHECKING:
    import datetime as dt

    from lapvo_cchc.deadlines import DeadlineCalendar
    from lapvo_cchc.kpi._periods import Period
    from lapvo_cchc.kpi._records import DossierRecord

__all__ = ["FORM_COLUMNS", "MEASURES", "FormCounts"]

FORM_COLUMNS: Final = (
    "received_total",
    "received_online",
    "received_offline",
    "carried_over",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "in_progress_total",
    "in_progress_within",
    "in_progress_overdue",
    "withdrawn",
    "stopped",
)
"""The JSON keys of the statistical form's columns 3–13, plus withdrawn and stopped."""

EXTRA_MEASURES: Final = (
    "received_in_period",
    "received_in_person",
    "received_postal",
    "received_assisted",
    "rejected",
    "handled",
    "due_total",
    "due_early",
    "due_on_time",
    "due_late",
    "on_time_766",
    "resolved_working_days",
    "late_on_form_on_time_766",
    "on_time_on_form_late_766",
)
MEASURES: Final = FORM_COLUMNS + EXTRA_MEASURES
"""Every measure :class:`FormCounts` holds, in order."""

# status codes (bits 2-4 of a signature)
_EARLY, _ON_TIME, _LATE, _WITHIN, _OVERDUE, _WITHDRAWN, _STOPPED = range(7)
# receipt codes (bits 0-1)
_ONLINE, _OFFLINE, _CARRIED = range(3)
_POSTAL_BIT: Final = 1 << 5
_ASSISTED_BIT: Final = 1 << 6
_REJECTED_BIT: Final = 1 << 7
_DUE_SHIFT: Final = 8  # bits 8-10: 0 not due, 1 early, 2 on time, 3 late, 4 other
_OK766_BIT: Final = 1 << 11
_NOT_DUE: Final = ~(7 << _DUE_SHIFT)

_RESOLVED_KINDS: Final = frozenset({FinishKind.APPROVED, FinishKind.REJECTED, FinishKind.RETURNED})


def _check_count(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or value < 0:
        raise InvalidArgumentError(
            f"FormCounts.{attribute.name}: expected an int >= 0, got {value!r}"
        )


_count_field = attrs.field(default=0, validator=_check_count)


@attrs.frozen(kw_only=True)
class FormCounts:
    """The counts of one row of the statistical form (*Biểu số 06/VPCP/KSTT*), with extras.

    The first thirteen fields are the form's columns 3–13 plus withdrawn and
    stopped (the JSON keys); the others feed the indicators:
    ``received_in_period`` (4 + 5), ``received_in_person``,
    ``received_postal`` and ``received_assisted`` (among those received in the
    period), ``rejected`` (resolved by a rejection on the merits),
    ``handled`` (= column 3), the ``due_*`` counts of dossiers whose due date
    falls in the period, ``on_time_766`` (766 indicator 2.1 numerator),
    ``resolved_working_days`` (sum of working days from receipt to
    resolution over the resolved dossiers; 0 when no calendar was given), and
    the resolved dossiers the form and the 766 index class apart:
    ``late_on_form_on_time_766`` (column 10, yet on time for 766) and
    ``on_time_on_form_late_766`` (columns 8-9, yet not on time for 766).

    Counts add with ``+`` (groups merge into totals).

    Example:
        >>> c = FormCounts(received_total=3, received_online=1, received_offline=2)
        >>> (c + c).received_total, c["received_online"]
        (6, 1)
    """

    received_total: int = _count_field
    received_online: int = _count_field
    received_offline: int = _count_field
    carried_over: int = _count_field
    resolved_total: int = _count_field
    resolved_early: int = _count_field
    resolved_on_time: int = _count_field
    resolved_late: int = _count_field
    in_progress_total: int = _count_field
    in_progress_within: int = _count_field
    in_progress_overdue: int = _count_field
    withdrawn: int = _count_field
    stopped: int = _count_field
    received_in_period: int = _count_field
    received_in_person: int = _count_field
    received_postal: int = _count_field
    received_assisted: int = _count_field
    rejected: int = _count_field
    handled: int = _count_field
    due_total: int = _count_field
    due_early: int = _count_field
    due_on_time: int = _count_field
    due_late: int = _count_field
    on_time_766: int = _count_field
    resolved_working_days: int = _count_field
    late_on_form_on_time_766: int = _count_field
    on_time_on_form_late_766: int = _count_field

    def __getitem__(self, name: str) -> int:
        if name not in _MEASURE_SET:
            raise KeyError(name)
        value: int = getattr(self, name)
        return value

    def __contains__(self, name: object) -> bool:
        return name in _MEASURE_SET

    def __add__(self, other: FormCounts) -> FormCounts:
        if not isinstance(other, FormCounts):
            return NotImplemented
        return FormCounts(**{n: getattr(self, n) + getattr(other, n) for n in MEASURES})

    def as_dict(self, *, form_only: bool = False) -> dict[str, int]:
        """The counts by name (the thirteen form keys only with *form_only*).

        Example:
            >>> list(FormCounts().as_dict(form_only=True))[:3]
            ['received_total', 'received_online', 'received_offline']
        """
        names = FORM_COLUMNS if form_only else MEASURES
        return {n: getattr(self, n) for n in names}

    @classmethod
    def from_signatures(cls, sigs: Mapping[int, int], working_days: int = 0) -> FormCounts:
        """Expand signature counts (private engine format) into counts."""
        c = dict.fromkeys(MEASURES, 0)
        for sig, n in sigs.items():
            recv = sig & 3
            status = (sig >> 2) & 7
            c["received_total"] += n
            c["handled"] += n
            if recv == _CARRIED:
                c["carried_over"] += n
            else:
                c["received_in_period"] += n
                if recv == _ONLINE:
                    c["received_online"] += n
                else:
                    c["received_offline"] += n
                    if sig & _POSTAL_BIT:
                        c["received_postal"] += n
                    else:
                        c["received_in_person"] += n
                if sig & _ASSISTED_BIT:
                    c["received_assisted"] += n
            if status <= _LATE:
                c["resolved_total"] += n
                c[("resolved_early", "resolved_on_time", "resolved_late")[status]] += n
                if sig & _REJECTED_BIT:
                    c["rejected"] += n
                if status == _LATE:
                    if sig & _OK766_BIT:
                        c["late_on_form_on_time_766"] += n
                elif not sig & _OK766_BIT:
                    c["on_time_on_form_late_766"] += n
            elif status <= _OVERDUE:
                c["in_progress_total"] += n
                c["in_progress_within" if status == _WITHIN else "in_progress_overdue"] += n
            elif status == _WITHDRAWN:
                c["withdrawn"] += n
            else:
                c["stopped"] += n
            due = (sig >> _DUE_SHIFT) & 7
            if due:
                c["due_total"] += n
                if due <= 3:
                    c[("", "due_early", "due_on_time", "due_late")[due]] += n
            if sig & _OK766_BIT:
                c["on_time_766"] += n
        c["resolved_working_days"] = working_days
        return cls(**c)


_MEASURE_SET: Final = frozenset(MEASURES)


def ok_766(r: DossierRecord, cutoff: int) -> bool:
    """Whether *r* counts in the numerator of 766 indicator 2.1 at the cut-off instant.

    docs/design/kpi.md#on-time-indicator: more than one supplement request counts as overdue; the
    end of processing is the finishing instant of any kind (refused, stopped and
    withdrawn count as finished), or the request instant while a supplement
    is awaited (frozen), or the end of the period for a dossier still open;
    the completed supplement time is subtracted from the end, and the result
    is compared with the appointment before pauses (``promised_ts``).
    """
    if r.supplements > 1:
        return False
    f = r.finished_ts
    pending = r.pending_since_ts
    supplied = r.last_supplied_ts
    if f is not None and f < cutoff:
        end, used = f, r.supplement_seconds
    elif pending is not None and pending < cutoff:
        end, used = pending, r.supplement_seconds
    elif supplied is not None and supplied >= cutoff and supplied - r.supplement_seconds < cutoff:
        end, used = supplied - r.supplement_seconds, 0
    else:
        end, used = (
            cutoff,
            r.supplement_seconds if supplied is not None and supplied < cutoff else 0,
        )
    return end - used <= r.promised_ts


def _paused_at(r: DossierRecord, cutoff: int) -> int | None:
    """The request instant if *r* was awaiting a supplement at *cutoff*, else None."""
    pending = r.pending_since_ts
    if pending is not None and pending < cutoff:
        return pending
    supplied = r.last_supplied_ts
    if r.supplements == 1 and supplied is not None and supplied >= cutoff:
        requested = supplied - r.supplement_seconds
        if requested < cutoff:
            return requested
    return None


_APPROVED: Final = FinishKind.APPROVED
_REJECTED: Final = FinishKind.REJECTED
_RETURNED: Final = FinishKind.RETURNED
_WITHDRAWN_KIND: Final = FinishKind.WITHDRAWN
_ONLINE_CH: Final = Channel.ONLINE
_POSTAL_CH: Final = Channel.POSTAL


def signature(r: DossierRecord, start_day: int, cutoff: int) -> int:
    """The signature of a record handled in the period from *start_day* to the cut-off."""
    (_c, _p, _a, _l, _f, ch, assisted, received, due_ts, due_day, promised, f, kind,
     supplements, _s, _ls, pending) = r  # fmt: skip
    if (received + 25200) // 86400 + 719163 >= start_day:
        if ch is _ONLINE_CH:
            sig = _ONLINE
        elif ch is _POSTAL_CH:
            sig = _OFFLINE | _POSTAL_BIT
        else:
            sig = _OFFLINE
        if assisted:
            sig |= _ASSISTED_BIT
    else:
        sig = _CARRIED
    if f is not None and f < cutoff:
        if kind is _APPROVED or kind is _RETURNED or kind is _REJECTED:
            if f > due_ts:
                status = _LATE
            elif (f + 25200) // 86400 + 719163 < due_day:
                status = _EARLY
            else:
                status = _ON_TIME
            if kind is _REJECTED:
                sig |= _REJECTED_BIT
        elif kind is _WITHDRAWN_KIND:
            status = _WITHDRAWN
        else:
            status = _STOPPED
        if supplements == 0 and f <= promised:
            sig |= _OK766_BIT
    else:
        if cutoff <= due_ts:
            status = _WITHIN
        else:
            paused = _paused_at(r, cutoff)
            status = _WITHIN if paused is not None and paused <= due_ts else _OVERDUE
        if supplements == 0 and pending is None and cutoff <= promised:
            sig |= _OK766_BIT
    sig |= status << 2
    if start_day <= due_day < (cutoff + 25200) // 86400 + 719163:
        due = status + 1 if status <= _LATE else (3 if status == _OVERDUE else 4)
        sig |= due << _DUE_SHIFT
    if supplements and ok_766(r, cutoff):
        sig |= _OK766_BIT
    return sig


class WorkingDays:
    """Working days between two day ordinals, memoised per calendar (private helper)."""

    __slots__ = ("_cache", "_calendar", "_origin")

    def __init__(self, calendar: DeadlineCalendar, origin: dt.date) -> None:
        self._calendar = calendar
        self._origin = origin
        self._cache: dict[int, int] = {}

    def index(self, ordinal: int) -> int:
        """Working days in (origin, day] (negative before the origin)."""
        n = self._cache.get(ordinal)
        if n is None:
            import datetime as dt

            day = dt.date.fromordinal(ordinal)
            if day >= self._origin:
                n = self._calendar.count_working_days(self._origin, day)
            else:
                n = -self._calendar.count_working_days(day, self._origin)
            self._cache[ordinal] = n
        return n


Key = tuple[str, ...]
KeyFunc = Callable[["DossierRecord"], Key]


def count(
    records: Iterable[DossierRecord],
    period: Period,
    *,
    key: KeyFunc | None = None,
    by_month: bool = False,
    calendar: DeadlineCalendar | None = None,
    on_record: Callable[[DossierRecord], None] | None = None,
) -> tuple[FormCounts, dict[Key, FormCounts]]:
    """Count *records* over *period* in one pass: the total and one row per group.

    The same as :func:`expand` of :func:`tally` (tallies of parts of a
    ledger add with :func:`merge_tallies`).

    Args:
        records: The records (any iterable; read once).
        period: The reporting period.
        key: Group key of a record (attribute dimensions); ``None`` for none.
        by_month: Also split by the calendar months of the period; the
            month label is appended to the key and each month is its own
            sub-period (a dossier open across months counts in each).
        calendar: For the working days of ``resolved_working_days``.
        on_record: Called with every record read (progress, custom sets).

    Returns:
        The total over the whole period and the counts per group key.
    """
    return expand(
        tally(records, period, key=key, by_month=by_month, calendar=calendar, on_record=on_record)
    )


class Tally(NamedTuple):
    """Signature counts of a pass over records, before expansion (private, mergeable).

    Attributes:
        total: Signature -> count over the whole period.
        total_wd: Working days of the resolved dossiers over the whole period.
        groups: Group key -> signature -> count.
        groups_wd: Group key -> working days.
    """

    total: dict[int, int]
    total_wd: int
    groups: dict[Key, dict[int, int]]
    groups_wd: dict[Key, int]


def merge_tallies(tallies: Iterable[Tally]) -> Tally:
    """The tally of the concatenation of the records of *tallies* (counts add)."""
    total: dict[int, int] = {}
    total_wd = 0
    groups: dict[Key, dict[int, int]] = {}
    groups_wd: dict[Key, int] = {}
    for t in tallies:
        for sig, n in t.total.items():
            total[sig] = total.get(sig, 0) + n
        total_wd += t.total_wd
        for k, sigs in t.groups.items():
            g = groups.get(k)
            if g is None:
                g = groups[k] = {}
                groups_wd[k] = 0
            for sig, n in sigs.items():
                g[sig] = g.get(sig, 0) + n
            groups_wd[k] += t.groups_wd[k]
    return Tally(total, total_wd, groups, groups_wd)


def expand(t: Tally) -> tuple[FormCounts, dict[Key, FormCounts]]:
    """The total counts and the counts per group of a tally."""
    rows = {k: FormCounts.from_signatures(v, t.groups_wd[k]) for k, v in t.groups.items()}
    return FormCounts.from_signatures(t.total, t.total_wd), rows


def tally(  # noqa: PLR0915 (the hot loop is inlined on purpose)
    records: Iterable[DossierRecord],
    period: Period,
    *,
    key: KeyFunc | None = None,
    by_month: bool = False,
    calendar: DeadlineCalendar | None = None,
    on_record: Callable[[DossierRecord], None] | None = None,
) -> Tally:
    """Count *records* over *period* in one pass into signature counts (see :func:`count`)."""
    s = period.start.toordinal()
    e = period.end.toordinal()
    start_ts = day_start(s)
    cutoff = day_start(e + 1)
    months: list[tuple[int, int, int, str]] = []
    if by_month:
        for m in period.months():
            ms = m.start.toordinal()
            months.append((ms, day_start(ms), day_start(m.end.toordinal() + 1), m.label))
    wd = None if calendar is None else WorkingDays(calendar, period.start)
    n_months = len(months)
    month_cuts = [m[2] for m in months]
    month_starts = [m[1] for m in months]
    month_cut_days = [(m[2] + 25200) // 86400 + 719163 for m in months]
    total: dict[int, int] = {}
    total_wd = 0
    groups: dict[Key, dict[int, int]] = {}
    groups_wd: dict[Key, int] = {}
    # by month: one list of per-month signature counts (and working days) per base key
    slots: dict[Key, tuple[list[dict[int, int]], list[int]]] = {}
    grouped = key is not None or by_month
    sign = signature
    for r in records:
        if on_record is not None:
            on_record(r)
        received = r[7]
        if received >= cutoff:  # received after the period's last day
            continue
        f = r[11]
        if f is not None and f < start_ts:
            continue
        sig = sign(r, s, cutoff)
        total[sig] = total.get(sig, 0) + 1
        days = 0
        if wd is not None and ((sig >> 2) & 7) <= _LATE and f is not None:
            days = wd.index((f + 25200) // 86400 + 719163) - wd.index(
                (received + 25200) // 86400 + 719163
            )
            total_wd += days
        if not grouped:
            continue
        base: Key = () if key is None else key(r)
        if not by_month:
            g = groups.get(base)
            if g is None:
                g = groups[base] = {}
                groups_wd[base] = 0
            g[sig] = g.get(sig, 0) + 1
            groups_wd[base] += days
            continue
        slot = slots.get(base)
        if slot is None:
            slot = slots[base] = ([{} for _ in months], [0] * n_months)
        counters, wds = slot
        # the months from the receipt's to the finish's (a dossier open across months
        # counts in each of them)
        i = bisect_right(month_cuts, received)
        stop = n_months if f is None else bisect_right(month_starts, f)
        if f is not None and i < stop and f < month_cuts[i] and f < cutoff:
            rday = (received + 25200) // 86400 + 719163
            ms = months[i][0]
            if (rday >= s) == (rday >= ms):
                # Received (or carried over) and finished within month i: its signature
                # there is the period's, but for the due-in-the-period bits.
                msig = sig & _NOT_DUE
                if ms <= r[9] < month_cut_days[i]:
                    status = (sig >> 2) & 7
                    msig |= (status + 1 if status <= _LATE else 4) << _DUE_SHIFT
                g = counters[i]
                g[msig] = g.get(msig, 0) + 1
                if days:
                    wds[i] += days
                continue
        while i < stop:
            ms, m_start, m_cut, _label = months[i]
            msig = sign(r, ms, m_cut)
            g = counters[i]
            g[msig] = g.get(msig, 0) + 1
            if days and f is not None and m_start <= f < m_cut:
                wds[i] += days
            i += 1
    for base, (counters, wds) in slots.items():
        for (_ms, _m_start, _m_cut, label), g, w in zip(months, counters, wds, strict=True):
            if g:
                k = (*base, label)
                groups[k] = g
                groups_wd[k] = w
    return Tally(total, total_wd, groups, groups_wd)
