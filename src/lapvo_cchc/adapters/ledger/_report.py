"""Whole-file reading and the statistical report of a ledger file (private)."""

from __future__ import annotations

import os
import warnings
from typing import TYPE_CHECKING

import attrs

from lapvo_cchc.adapters.ledger._base import LedgerError, RowError
from lapvo_cchc.adapters.ledger._open import open_ledger
from lapvo_cchc.adapters.ledger._profiles import FLAT, Profile
from lapvo_cchc.adapters.ledger._reader import LedgerReader
from lapvo_cchc.adapters.progress import file_progress
from lapvo_cchc.errors import InvalidArgumentError
from lapvo_cchc.kpi.counting import UnitCheck, build_report, expand, key_func, normalise_by, tally

if TYPE_CHECKING:
    from collections.abc import Callable

    from lapvo_cchc.adapters.ledger._due import DueReading
    from lapvo_cchc.adapters.progress import ProgressMode
    from lapvo_cchc.deadlines import DeadlineCalendar
    from lapvo_cchc.kpi import DossierRecord, IndicatorRegistry, Period, Report
    from lapvo_cchc.kpi.counting import Dimension
    from lapvo_cchc.plugins import Registry
    from lapvo_cchc.procedures import UnitRegistry

__all__ = ["LedgerReport", "read_ledger", "report_ledger"]


def _profile(profile: Profile | str, plugins: Registry | None) -> Profile:
    """*profile* itself, or the one of that name (or ``.toml`` file) in *plugins*."""
    if isinstance(profile, Profile):
        return profile
    if plugins is None:
        from lapvo_cchc.plugins import default_registry

        plugins = default_registry()
    return plugins.profile(profile)


def read_ledger(
    path: str | os.PathLike[str],
    *,
    calendar: DeadlineCalendar | None = None,
    naive_is_vietnam: bool = True,
    strict: bool = False,
    profile: Profile | str = FLAT,
    encoding: str = "utf-8",
    due_as: DueReading = "auto",
    plugins: Registry | None = None,
    progress: bool | ProgressMode = False,
) -> tuple[list[DossierRecord], list[RowError]]:
    r"""Read a whole ledger file (``.csv`` or ``.csv.gz``) into records and row errors.

    Args:
        path: The file.
        calendar: For rows without ``due_at``.
        naive_is_vietnam: Read naive instants as Vietnam time.
        strict: Raise :class:`LedgerError` listing every rejected row
            instead of returning them.
        profile: The column mapping (:data:`FLAT` or :data:`VIETNAMESE`, or your
            own), or the name of one in *plugins* (or a ``.toml`` profile file).
        encoding: ``"utf-8"`` (BOM or not) or ``"cp1258"`` (Windows-1258).
        due_as: How due cells at 00:00:00 are read (``"auto"``, ``"dates"``,
            ``"instants"``; see :class:`LedgerReader`).
        plugins: The registry that resolves a profile name (default:
            :func:`lapvo_cchc.plugins.default_registry`).
        progress: Show the rows read, percent, rate and ETA: ``True`` picks a
            terminal bar, a notebook widget or log lines from where the output
            goes (:mod:`lapvo_cchc.adapters.progress`; needs the ``progress``
            extra, nothing is shown without it), or name the mode.

    Raises:
        LedgerError: a file-level problem, or rejected rows when *strict*.
        DecodeError: bytes not valid in *encoding* (file, byte offset and the
            encoding to try), or a TCVN3 file.

    Example:
        >>> import pathlib, tempfile
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "l.csv"
        >>> _ = p.write_text("\ufeffdossier_code,procedure_code,agency_code,channel,received_at,"
        ...     "due_at\nD1,p,a,online,2020-03-02 09:00:00,2020-03-05\n", encoding="utf-8")
        >>> records, errors = read_ledger(p)
        >>> records[0].channel, records[0].due_date, errors
        (<Channel.ONLINE: 'trực tuyến'>, datetime.date(2020, 3, 5), [])
    """
    chosen = _profile(profile, plugins)
    bar = file_progress(path, progress)
    with open_ledger(path, encoding=encoding) as lines:
        reader = LedgerReader(
            lines,
            calendar=calendar,
            naive_is_vietnam=naive_is_vietnam,
            profile=chosen,
            due_as=due_as,
        )
        if bar is None:
            records = list(reader)
        else:
            with bar:
                records = []
                for record in reader:
                    records.append(record)
                    bar()
                bar.update(reader.rows_read - bar.count)  # the rejected rows
    if strict and reader.errors:
        raise LedgerError(
            f"{os.fspath(path)}: {len(reader.errors)} of {reader.rows_read} rows rejected; "
            f"first: {reader.errors[0]}",
            reader.errors,
        )
    return records, reader.errors


@attrs.frozen
class LedgerReport:
    """The statistical report of a ledger file and the account of its rows.

    Attributes:
        report: The :class:`~lapvo_cchc.kpi.Report`.
        errors: Every rejected row, in file order.
        rows_read: Rows read (``accepted + len(errors) == rows_read``).
        accepted: Rows accepted.
        workers: Always 1 (the file is read in one pass; kept for compatibility).
        due_reading: How due cells at 00:00:00 were read (``"dates"`` or
            ``"instants"``; ``None`` when the reading never mattered).
        due_midnights: Due cells at 00:00:00 read as due dates.
        passes: Times the source was read: 1 by the python reader; 2 by the
            SQL engines' plan (a profile, then the rows) and by the DuckDB
            engine on a clean ledger (the codes, then the single pass); more
            when an engine read it again (see docs/at-scale.md).

    Example:
        >>> from lapvo_cchc.kpi import Period, report
        >>> LedgerReport(report([], Period.year(2020)), (), 0, 0).workers
        1
    """

    report: Report
    errors: tuple[RowError, ...]
    rows_read: int
    accepted: int
    workers: int = 1
    due_reading: str | None = None
    due_midnights: int = 0
    passes: int = 1


def report_ledger(
    path: str | os.PathLike[str],
    period: Period,
    *,
    by: Dimension | tuple[Dimension, ...] | None = "level",
    calendar: DeadlineCalendar | None = None,
    registry: IndicatorRegistry | None = None,
    profile: Profile | str = FLAT,
    encoding: str = "utf-8",
    naive_is_vietnam: bool = True,
    workers: int = 1,
    on_record: Callable[[DossierRecord], None] | None = None,
    due_as: DueReading = "auto",
    units: UnitRegistry | None = None,
    plugins: Registry | None = None,
    progress: bool | ProgressMode = False,
) -> LedgerReport:
    r"""Read a ledger file and count it into the statistical report, in one streaming pass.

    The same report and the same row errors (line, column, reason, in file
    order) as :func:`~lapvo_cchc.kpi.report` over a :class:`LedgerReader` of
    the file. For large files, :func:`lapvo_cchc.engines.run_report` with the
    DuckDB engine gives the same report several times faster.

    Args:
        path: The ledger file (``.csv``, ``.csv.gz`` or ``.xlsx``).
        period: The reporting period.
        by: The report's dimensions (see :func:`~lapvo_cchc.kpi.report`).
        calendar: Working-day calendar, for rows without ``due_at`` and the
            average processing time.
        registry: The indicators of the report.
        profile: The column mapping, or its name in *plugins* (or a ``.toml`` file).
        encoding: ``"utf-8"`` or ``"cp1258"``.
        naive_is_vietnam: Read naive instants as Vietnam time.
        workers: Deprecated and ignored: the process-pool reader is retired
            (a value other than 1 warns); use the DuckDB engine for speed.
        on_record: Called with every accepted record.
        due_as: How due cells at 00:00:00 are read (see :class:`LedgerReader`).
        units: Administrative units: the report's notes count the dossiers of
            units gone after the 2025 reform, and ``by="successor"`` uses them
            (see :func:`~lapvo_cchc.kpi.report`).
        plugins: The registry that resolves a profile name (default:
            :func:`lapvo_cchc.plugins.default_registry`).
        progress: As for :func:`read_ledger`.

    Raises:
        LedgerError: no header, or a required column is missing.
        DecodeError: bytes not valid in *encoding*.

    Warns:
        MidnightDueWarning: the due column was read as dates (``due_as="auto"``).
        DeprecationWarning: *workers* is not 1.

    Example:
        >>> import pathlib, tempfile
        >>> from lapvo_cchc.kpi import Period
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "l.csv"
        >>> _ = p.write_text("dossier_code,procedure_code,agency_code,level,channel,"
        ...     "received_at,due_at\nD1,p,a,xã,online,2020-03-02T09:00:00,2020-03-05\n"
        ...     "D1,p,a,xã,online,2020-03-02T09:00:00,2020-03-05\n", encoding="utf-8")
        >>> out = report_ledger(p, Period.month(2020, 3))
        >>> out.report.total.counts.received_online, out.rows_read, out.accepted
        (1, 2, 1)
        >>> print(out.errors[0])
        line 3, column dossier_code: duplicate dossier code 'D1' (first row kept)
    """
    if type(workers) is not int or workers < 1:
        raise InvalidArgumentError(f"workers: expected an int >= 1, got {workers!r}")
    if workers != 1:
        warnings.warn(
            "report_ledger(workers=) is deprecated and ignored: the file is read in one pass "
            "(the same report); lapvo_cchc.engines.run_report(engine='duckdb') is the fast path",
            DeprecationWarning,
            stacklevel=2,
        )
    dims = normalise_by(by)
    bar = file_progress(path, progress)
    try:
        with open_ledger(os.fspath(path), encoding=encoding) as lines:
            reader = LedgerReader(
                lines,
                calendar=calendar,
                naive_is_vietnam=naive_is_vietnam,
                profile=_profile(profile, plugins),
                due_as=due_as,
            )
            unit_check = None if units is None else UnitCheck(units, period)
            counts = tally(
                reader,
                period,
                key=key_func(dims, on=period.end, units=units),
                by_month="month" in dims,
                calendar=calendar,
                on_record=_hook(on_record, unit_check, bar),
            )
        if bar is not None:
            bar.update(reader.rows_read - bar.count)  # the rejected rows too
    finally:
        if bar is not None:
            bar.close()
    total, groups = expand(counts)
    note = None if unit_check is None else unit_check.note()
    rep = build_report(period, dims, total, groups, registry, notes=[] if note is None else [note])
    return LedgerReport(
        rep,
        tuple(reader.errors),
        reader.rows_read,
        reader.accepted,
        1,
        reader.due_reading,
        reader.due_midnights,
    )


def _hook(
    *callbacks: Callable[[DossierRecord], None] | None,
) -> Callable[[DossierRecord], None] | None:
    """The given callbacks (None ones left out) as one, called in order; None if none."""
    calls = [c for c in callbacks if c is not None]
    if len(calls) <= 1:
        return calls[0] if calls else None

    def every(record: DossierRecord) -> None:
        for call in calls:
            call(record)

    return every
