"""The statistical report of a flat ledger CSV, counted column by column (private module).

:func:`report_csv` is the columnar path of :func:`~lapvo_cchc.adapters.ledger.report_ledger`
for large files: the file is parsed by Arrow's CSV reader (``pyarrow``), every
cell is checked and converted a column at a time (numpy), the signature of
every dossier in the period and in each month is computed over whole arrays,
and groups count signatures with one sort. The report is the same
:class:`~lapvo_cchc.kpi.Report` as the row reader's.

Exactness: a row is converted by the vectorised checks only when it has the
common shape (a code without blanks; naive ``YYYY-MM-DDTHH:MM:SS`` instants;
``due_at`` a ``YYYY-MM-DD`` date, such an instant or empty with a day time
limit; at most one supplement request). Every other row (Vietnamese words
not in NFC, offsets, several supplements, hour limits without ``due_at``, ...)
is read by :class:`~lapvo_cchc.adapters.ledger.LedgerReader` itself. If any
row would be rejected (bad cell, wrong number of fields, duplicate code), or
the file is not plain UTF-8 CSV, the whole file goes to ``report_ledger``
(one pass), which reports every rejected row with its line, column and reason:
nothing is counted silently.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from lapvo_cchc.adapters.frames._dates import FrameError
from lapvo_cchc.adapters.frames._load import (
    _ASSISTED_BIT,
    _BLOCK,
    _CH_OF,
    _KIND_CODE,
    _LATE,
    _NONE,
    _OK766_BIT,
    _OVERDUE,
    _POSTAL_BIT,
    _REJECTED_BIT,
    _RESOLVED,
    _SIGS,
    _STOPPED,
    _THREADS,
    _WITHDRAWN,
    _WITHIN,
    _Doubt,
    _load,
    _modules,
)
from lapvo_cchc.adapters.ledger import (
    LedgerReport,
    report_ledger,
)
from lapvo_cchc.kpi import FinishKind, FormCounts
from lapvo_cchc.kpi.counting import WorkingDays, build_report, day_start, normalise_by

if TYPE_CHECKING:
    from lapvo_cchc.deadlines import DeadlineCalendar
    from lapvo_cchc.kpi import IndicatorRegistry, Period
    from lapvo_cchc.kpi.counting import Dimension

__all__ = ["report_csv"]


def report_csv(
    path: str | os.PathLike[str],
    period: Period,
    *,
    by: Dimension | tuple[Dimension, ...] | None = "level",
    calendar: DeadlineCalendar | None = None,
    registry: IndicatorRegistry | None = None,
    fallback: bool = True,
) -> LedgerReport:
    r"""The statistical report of a flat ledger CSV, counted column by column.

    The same :class:`~lapvo_cchc.adapters.ledger.LedgerReport` as
    :func:`~lapvo_cchc.adapters.ledger.report_ledger` (same counts per group
    and in total, same findings, same row account) for the flat format
    (:data:`~lapvo_cchc.adapters.ledger.FLAT`, UTF-8, ``.csv`` or
    ``.csv.gz``), several times faster on large files. A file with any row the
    row reader would reject (or that Arrow cannot read as plain CSV) is
    handed whole to ``report_ledger``, which reports the rejected rows.

    Args:
        path: The ledger file.
        period: The reporting period.
        by: The report's dimensions (see :func:`~lapvo_cchc.kpi.report`).
        calendar: Working-day calendar, for rows without ``due_at`` (default
            :func:`lapvo_cchc.calendars.vietnam`) and the average processing
            time (counted only when given), as for ``report_ledger``.
        registry: The indicators of the report.
        fallback: If false, raise :class:`~lapvo_cchc.adapters.frames.FrameError`
            instead of handing a doubtful file to ``report_ledger``.

    Returns:
        The report and the account of the rows.

    Raises:
        FrameError: the file needs the row reader and *fallback* is false.
        MissingExtraError: numpy or pyarrow is not installed.

    Example:
        >>> import pathlib, tempfile
        >>> from lapvo_cchc.kpi import Period
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "l.csv"
        >>> _ = p.write_text("dossier_code,procedure_code,agency_code,level,channel,"
        ...     "received_at,due_at,finished_at,finish_kind\n"
        ...     "D1,p,a,xã,online,2020-03-02T09:00:00,2020-03-05,2020-03-04T10:00:00,approved\n"
        ...     "D2,p,a,huyện,trực tiếp,2020-03-02T09:00:00,2020-03-05,,\n", encoding="utf-8")
        >>> out = report_csv(p, Period.month(2020, 3), by="level")
        >>> [(r.label, r.counts.resolved_early, r.counts.in_progress_overdue)
        ...  for r in out.report.rows]
        [('commune', 1, 0), ('district', 0, 1)]
    """
    dims = normalise_by(by)
    modules = _modules()
    try:
        cols = _load(modules, path, calendar)
    except _Doubt as doubt:
        if not fallback:
            raise FrameError(
                f"{os.fspath(path)}: the columnar report cannot read this ledger exactly "
                f"({doubt}); read it with report_ledger"
            ) from None
        return report_ledger(path, period, by=by, calendar=calendar, registry=registry)
    total, groups = _count(modules[0], cols, period, dims, calendar)
    rep = build_report(period, dims, total, groups, registry)
    return LedgerReport(rep, (), cols["n"], cols["n"], 1)


# -- counting --------------------------------------------------------------------------------


def _signature(np: Any, c: Any, start_day: int, cutoff: int) -> Any:
    """:func:`_signature_block` over blocks of rows (small temporaries: fewer page faults)."""
    n = len(c["received"])
    if n <= _BLOCK:
        return _signature_block(np, c, start_day, cutoff)
    sig = np.empty(n, np.int64)
    resolved = np.empty(n, bool)
    names = [k for k, v in c.items() if isinstance(v, np.ndarray) and len(v) == n]
    for lo in range(0, n, _BLOCK):
        part = {k: c[k][lo : lo + _BLOCK] for k in names}
        sig[lo : lo + _BLOCK], resolved[lo : lo + _BLOCK] = _signature_block(
            np, part, start_day, cutoff
        )
    return sig, resolved


def _signature_block(np: Any, c: Any, start_day: int, cutoff: int) -> Any:
    """The signature of every row (as the kpi counting engine's signature)."""
    received, f, kind, nsup = c["received"], c["finished"], c["kind"], c["nsup"]
    due_ts, due_day, promised = c["due"], c["due_day"], c["promised"]
    pending, last, seconds = c["pending"], c["last"], c["seconds"]
    fresh = (received + 25200) // 86400 + 719163 >= start_day
    ch = c["channel"]
    sig = np.where(fresh, np.where(ch == 0, 0, 1), 2).astype(np.int64)
    sig |= np.where(fresh & (ch == 2), _POSTAL_BIT, 0)
    sig |= np.where(fresh & c["assisted"], _ASSISTED_BIT, 0)
    done = f < cutoff
    resolved = np.isin(kind, _RESOLVED)
    fday = (f + 25200) // 86400 + 719163
    res_status = np.where(f > due_ts, _LATE, np.where(fday < due_day, 0, 1))
    withdrawn = _KIND_CODE[FinishKind.WITHDRAWN]
    done_status = np.where(resolved, res_status, np.where(kind == withdrawn, _WITHDRAWN, _STOPPED))
    sig |= np.where(done & resolved & (kind == _KIND_CODE[FinishKind.REJECTED]), _REJECTED_BIT, 0)
    # open at the cut-off: within if not past the deadline, or paused by then
    one_supplied = (nsup == 1) & (last != _NONE) & (last >= cutoff) & (last - seconds < cutoff)
    paused = np.where(pending < cutoff, pending, np.where(one_supplied, last - seconds, _NONE))
    within = (cutoff <= due_ts) | ((paused != _NONE) & (paused <= due_ts))
    status = np.where(done, done_status, np.where(within, _WITHIN, _OVERDUE))
    sig |= status << 2
    ok = np.where(
        done, (nsup == 0) & (f <= promised), (nsup == 0) & (pending == _NONE) & (cutoff <= promised)
    )
    # 766 with one supplement (ok_766)
    supplied_late = (last != _NONE) & (last >= cutoff) & (last - seconds < cutoff)
    end = np.where(
        done,
        f,
        np.where(pending < cutoff, pending, np.where(supplied_late, last - seconds, cutoff)),
    )
    used = np.where(
        done | (pending < cutoff),
        seconds,
        np.where(supplied_late, 0, np.where((last != _NONE) & (last < cutoff), seconds, 0)),
    )
    ok |= (nsup == 1) & (end - used <= promised)
    sig |= np.where(ok, _OK766_BIT, 0)
    cut_day = (cutoff + 25200) // 86400 + 719163
    is_due = (start_day <= due_day) & (due_day < cut_day)
    due_code = np.where(status <= _LATE, status + 1, np.where(status == _OVERDUE, 3, 4))
    sig |= np.where(is_due, due_code << 8, 0)
    return sig, np.where(done, status, _WITHIN) <= _LATE


def _count(  # noqa: PLR0915 (the report's steps, in order)
    np: Any, c: Any, period: Period, dims: tuple[str, ...], calendar: DeadlineCalendar | None
) -> tuple[FormCounts, dict[tuple[str, ...], FormCounts]]:
    s = period.start.toordinal()
    cutoff = day_start(period.end.toordinal() + 1)
    start_ts = day_start(s)
    received, f = c["received"], c["finished"]
    handled = np.flatnonzero((received < cutoff) & (f >= start_ts))
    sub = {k: (v[handled] if isinstance(v, np.ndarray) else v) for k, v in c.items()}
    sig, resolved = _signature(np, sub, s, cutoff)
    days = np.zeros(len(handled), np.int64)
    if calendar is not None and len(handled):
        wd = WorkingDays(calendar, period.start)
        rr = np.flatnonzero(resolved)
        ordinals = np.concatenate(
            [
                (sub["finished"][rr] + 25200) // 86400 + 719163,
                (sub["received"][rr] + 25200) // 86400 + 719163,
            ]
        )
        uniq, inverse = np.unique(ordinals, return_inverse=True)
        idx = np.array([wd.index(int(o)) for o in uniq], np.int64)[inverse]
        days[rr] = idx[: len(rr)] - idx[len(rr) :]
    total = FormCounts.from_signatures(_tally(np, sig), int(days.sum()))
    attrs_ = [d for d in dims if d != "month"]
    if not dims:
        return total, {}
    # group ids of the handled rows and their keys
    gid = np.zeros(len(handled), np.int64)
    labels: list[list[str]] = []
    for d in attrs_:
        if d == "channel":
            kept, idx = [_CH_OF[i].value for i in range(3)], sub["channel"].astype(np.int64)
        else:
            names, idx = c[d][0], c[d][1][handled]
            # raw spellings of one name (xã, commune) are one group
            kept = list(dict.fromkeys(names))
            where = {k: i for i, k in enumerate(kept)}
            idx = np.array([where[k] for k in names] + [0], np.int64)[idx]
        gid = gid * (len(kept) + 1) + idx
        labels.append(kept)
    span = 1
    for kept in labels:
        span *= len(kept) + 1
    if span <= 1 << 22:  # the packed keys in use, without sorting
        present = np.bincount(gid, minlength=span) > 0
        used = np.flatnonzero(present)
        gid = (np.cumsum(present) - 1)[gid]
    else:
        used, gid = np.unique(gid, return_inverse=True)
    keys = []
    for packed in used.tolist():
        key: list[str] = []
        code = packed
        for kept in reversed(labels):
            code, i = divmod(code, len(kept) + 1)
            key.append(kept[i])
        keys.append(tuple(reversed(key)))
    groups: dict[tuple[str, ...], FormCounts] = {}
    if "month" not in dims:
        wsum = np.bincount(gid, weights=days, minlength=len(keys))
        for g, sigs in _tally_groups(np, gid, sig, len(keys)).items():
            groups[keys[g]] = FormCounts.from_signatures(sigs, int(wsum[g]))
        return total, groups

    def month(m: Period) -> dict[tuple[str, ...], FormCounts]:
        ms = m.start.toordinal()
        m_start, m_cut = day_start(ms), day_start(m.end.toordinal() + 1)
        rows = np.flatnonzero((sub["received"] < m_cut) & (sub["finished"] >= m_start))
        if not len(rows):
            return {}
        msub = {k: (v[rows] if isinstance(v, np.ndarray) else v) for k, v in sub.items()}
        msig, _ = _signature(np, msub, ms, m_cut)
        mg = gid[rows]
        fin = msub["finished"]
        mdays = np.where((fin >= m_start) & (fin < m_cut), days[rows], 0)
        wsum = np.bincount(mg, weights=mdays, minlength=len(keys))
        return {
            (*keys[g], m.label): FormCounts.from_signatures(sigs, int(wsum[g]))
            for g, sigs in _tally_groups(np, mg, msig, len(keys)).items()
        }

    with ThreadPoolExecutor(_THREADS) as pool:
        for part in pool.map(month, period.months()):
            groups.update(part)
    return total, groups


def _tally(np: Any, sig: Any) -> dict[int, int]:
    counts = np.bincount(sig, minlength=_SIGS)
    nz = np.flatnonzero(counts)
    return dict(zip(nz.tolist(), counts[nz].tolist(), strict=True))


def _tally_groups(np: Any, gid: Any, sig: Any, n_groups: int) -> dict[int, dict[int, int]]:
    combined = gid * _SIGS + sig
    if n_groups * _SIGS <= 1 << 24:
        counts = np.bincount(combined, minlength=n_groups * _SIGS)
        nz = np.flatnonzero(counts)
        values, tallies = nz, counts[nz]
    else:
        values, tallies = np.unique(combined, return_counts=True)
    out: dict[int, dict[int, int]] = {}
    for v, k in zip(values.tolist(), tallies.tolist(), strict=True):
        g, s = divmod(v, _SIGS)
        out.setdefault(g, {})[s] = k
    return out
