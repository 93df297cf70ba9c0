"""Whole-file reading and the statistical report of a ledger file (private)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import attrs

from lapvo_cchc.adapters.ledger._base import LedgerError, RowError
from lapvo_cchc.adapters.ledger._open import open_ledger
from lapvo_cchc.adapters.ledger._parallel import report_file
from lapvo_cchc.adapters.ledger._profiles import FLAT, Profile
from lapvo_cchc.adapters.ledger._reader import LedgerReader
from lapvo_cchc.adapters.progress import file_progress
from lapvo_cchc.errors import InvalidArgumentError

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
        workers: Processes that counted the file (1 for the single pass).
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
    r"""Read a ledger file and count it into the statistical report, optionally in parallel.

    The same report and the same row errors (line, column, reason, in file
    order) as :func:`~lapvo_cchc.kpi.report` over a :class:`LedgerReader` of
    the file. With ``workers > 1`` a large UTF-8 file is split at line ends
    and each part is read and counted by its own process (``fork``); duplicate
    codes across parts are settled as in one pass (the first row wins). Small
    files (under 256 KiB), ``.gz`` files, Windows-1258 files, files with a
    quote character and systems without ``fork`` are read in one pass.

    Args:
        path: The ledger file (``.csv`` or ``.csv.gz``).
        period: The reporting period.
        by: The report's dimensions (see :func:`~lapvo_cchc.kpi.report`).
        calendar: Working-day calendar, for rows without ``due_at`` and the
            average processing time.
        registry: The indicators of the report.
        profile: The column mapping, or its name in *plugins* (or a ``.toml`` file).
        encoding: ``"utf-8"`` or ``"cp1258"``.
        naive_is_vietnam: Read naive instants as Vietnam time.
        workers: Processes to use (1: a single streaming pass).
        on_record: Called with every accepted record (single pass only).
        due_as: How due cells at 00:00:00 are read (see :class:`LedgerReader`);
            with several workers the reading is settled over the whole file.
        units: Administrative units: the report's notes count the dossiers of
            units gone after the 2025 reform, and ``by="successor"`` uses them
            (see :func:`~lapvo_cchc.kpi.report`).
        plugins: The registry that resolves a profile name (default:
            :func:`lapvo_cchc.plugins.default_registry`).
        progress: As for :func:`read_ledger` (with several processes the
            bar moves as each part of the file is counted).

    Raises:
        LedgerError: no header, or a required column is missing.
        DecodeError: bytes not valid in *encoding*.

    Warns:
        MidnightDueWarning: the due column was read as dates (``due_as="auto"``).

    Example:
        >>> import pathlib, tempfile
        >>> from lapvo_cchc.kpi import Period
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "l.csv"
        >>> _ = p.write_text("dossier_code,procedure_code,agency_code,level,channel,"
        ...     "received_at,due_at\nD1,p,a,xã,online,2020-03-02T09:00:00,2020-03-05\n"
        ...     "D1,p,a,xã,online,2020-03-02T09:00:00,2020-03-05\n", encoding="utf-8")
        >>> out = report_ledger(p, Period.month(2020, 3), workers=2)
        >>> out.report.total.counts.received_online, out.rows_read, out.accepted
        (1, 2, 1)
        >>> print(out.errors[0])
        line 3, column dossier_code: duplicate dossier code 'D1' (first row kept)
    """
    if type(workers) is not int or workers < 1:
        raise InvalidArgumentError(f"workers: expected an int >= 1, got {workers!r}")
    bar = file_progress(path, progress)
    try:
        rep, errors, rows_read, accepted, used, due = report_file(
            path,
            period,
            by=by,
            calendar=calendar,
            registry=registry,
            profile=_profile(profile, plugins),
            encoding=encoding,
            naive_is_vietnam=naive_is_vietnam,
            workers=workers,
            on_record=on_record,
            due_as=due_as,
            units=units,
            progress=bar,
        )
    finally:
        if bar is not None:
            bar.close()
    return LedgerReport(rep, tuple(errors), rows_read, accepted, used, *due)
