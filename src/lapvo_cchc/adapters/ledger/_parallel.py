"""The statistical report of a ledger file, optionally counted by several processes (private).

:func:`report_file` reads a ledger file and counts it. With ``workers > 1``
the rows after the header are split into byte ranges at line ends; each
worker process (``fork``) reads and validates its range with the ordinary
:class:`~lapvo_cchc.adapters.ledger.LedgerReader` and counts it into
mergeable signature counts (:class:`~lapvo_cchc.kpi.counting.Tally`); the
parent merges them. The result is the one of a single pass:

* line numbers: each worker numbers its own lines, the parent shifts them by
  the lines of the ranges before;
* duplicate codes across ranges: each worker returns its accepted codes and
  the codes of the rows it rejected after the duplicate check; a range that
  meets a code accepted in an earlier range is counted again with those codes
  marked as seen (the first row wins, as in one pass);
* anything a range cannot decide alone (a quote character, which may hide a
  line end inside a field; bytes that are not UTF-8; an unexpected error)
  makes the whole file go through the single pass, which reports it.

The single pass is used for one worker, small files, ``.gz`` files,
Windows-1258 files (its TCVN3 detection looks at the whole file) and where
``fork`` is not available.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import re
import unicodedata
import warnings
from typing import TYPE_CHECKING, Any, Final

from lapvo_cchc.adapters.ledger._base import clock_table
from lapvo_cchc.adapters.ledger._due import MidnightDueWarning, warning_text
from lapvo_cchc.adapters.ledger._open import open_ledger
from lapvo_cchc.adapters.ledger._reader import LedgerReader
from lapvo_cchc.kpi.counting import (
    Tally,
    UnitCheck,
    build_report,
    expand,
    key_func,
    merge_tallies,
    normalise_by,
    tally,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from lapvo_cchc.adapters.ledger._base import RowError
    from lapvo_cchc.adapters.ledger._due import DueReading
    from lapvo_cchc.adapters.ledger._profiles import Profile
    from lapvo_cchc.adapters.progress import ProgressBar
    from lapvo_cchc.deadlines import DeadlineCalendar
    from lapvo_cchc.kpi import DossierRecord, IndicatorRegistry, Period, Report
    from lapvo_cchc.procedures import UnitRegistry

__all__: list[str] = []

MIN_PARALLEL_BYTES: Final = 256 * 1024
"""Files smaller than this are read in one pass whatever the number of workers."""

_BOM: Final = b"\xef\xbb\xbf"


class _Job:
    """What every worker needs; inherited through ``fork`` (a calendar does not pickle)."""

    def __init__(  # noqa: PLR0917
        self,
        path: str,
        header: str,
        period: Period,
        dims: tuple[str, ...],
        calendar: DeadlineCalendar | None,
        profile: Profile,
        naive_is_vietnam: bool,
        due_as: DueReading,
        units: UnitRegistry | None,
    ) -> None:
        self.due_as = due_as
        self.units = units
        self.path = path
        self.header = header
        self.period = period
        self.dims = dims
        self.calendar = calendar
        self.profile = profile
        self.naive = naive_is_vietnam


_JOB: _Job | None = None

# (tally, errors, rows read, accepted, lines, accepted codes, codes rejected after the
#  duplicate check, (due reading, due clock seen, due midnights), dossiers of units gone
#  after the 2025 reform) of one range, or None when the range needs the single pass.
#  The accepted codes are joined with line ends (a code never holds one): one string
#  crosses between processes faster than half a million.
_LONE_CR: Final = re.compile(rb"\r(?!\n)")
_Due = tuple[str | None, bool, int]
_Units = tuple[int, list[str]]  # dossiers of units gone after the 2025 reform, examples
_Part = tuple[Tally, list["RowError"], int, int, int, str, list[str], _Due, _Units]


def _lines(header: str, text: str) -> Iterator[str]:
    """The header, then the lines of *text* as :class:`LedgerLines` gives them."""
    yield header
    lines = text.split("\n")
    last = lines.pop()
    for line in lines:
        yield line + "\n"
    if last:
        yield last


def _count_range(span: tuple[int, int], preseen: frozenset[str] = frozenset()) -> _Part | None:
    job = _JOB
    if job is None:  # pragma: no cover - set before the workers start
        return None
    start, end = span
    with open(job.path, "rb") as fh:
        fh.seek(start)
        data = fh.read(end - start)
    if b'"' in data or _LONE_CR.search(data):
        return None  # quoted fields or lone-CR line ends: the single pass numbers the lines
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not text.isascii():
        # as LedgerLines does line by line: a line end never composes with its neighbours
        text = unicodedata.normalize("NFC", text)
    lines = data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    del data
    track: list[str] = []
    reader = LedgerReader(
        _lines(job.header, text),
        calendar=job.calendar,
        naive_is_vietnam=job.naive,
        profile=job.profile,
        known_codes=preseen,
        rejected_codes=track,
        due_as=job.due_as,
    )
    check = None if job.units is None else UnitCheck(job.units, job.period)
    try:
        with warnings.catch_warnings():
            # the parent settles the due reading over every range and warns once
            warnings.simplefilter("ignore", MidnightDueWarning)
            counts = tally(
                reader,
                job.period,
                key=key_func(job.dims, on=job.period.end, units=job.units),
                by_month="month" in job.dims,
                calendar=job.calendar,
                on_record=check,
            )
    except Exception:
        return None
    accepted = "\n".join(c for c in reader.codes_seen if c not in preseen)
    due = (reader.due_reading, reader.due_clock_seen, reader.due_midnights)
    units = (0, []) if check is None else (check.count, check.examples)
    return (
        counts, reader.errors, reader.rows_read, reader.accepted, lines, accepted, track, due,
        units,
    )  # fmt: skip


def _split(path: str, size: int, workers: int) -> tuple[str, list[tuple[int, int]]] | None:
    """The header line and the byte ranges of the rows, or None for the single pass."""
    with open(path, "rb") as fh:
        first = fh.readline()
        body = len(first)
        if first.startswith(_BOM):
            first = first[3:]
        try:
            header = first.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if '"' in header or not header.endswith("\n"):
            return None
        if not header.isascii():
            header = unicodedata.normalize("NFC", header)
        cuts = [body]
        for k in range(1, workers):
            fh.seek(max(body + (size - body) * k // workers - 1, cuts[-1]))
            fh.readline()
            at = fh.tell()
            if at >= size:
                break
            if at > cuts[-1]:
                cuts.append(at)
        cuts.append(size)
    return header, list(itertools.pairwise(cuts))


def _fork_context() -> Any:
    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - Windows
        return None


def report_file(
    path: str | os.PathLike[str],
    period: Period,
    *,
    by: str | Sequence[str] | None = "level",
    calendar: DeadlineCalendar | None = None,
    registry: IndicatorRegistry | None = None,
    profile: Profile,
    encoding: str = "utf-8",
    naive_is_vietnam: bool = True,
    workers: int = 1,
    on_record: Callable[[DossierRecord], None] | None = None,
    due_as: DueReading = "auto",
    units: UnitRegistry | None = None,
    progress: ProgressBar | None = None,
) -> tuple[Report, list[RowError], int, int, int, tuple[str | None, int]]:
    """Count a ledger file.

    *progress* counts the rows read: one by one in a single pass, a part at a
    time (as each worker finishes) in parallel.

    Returns:
        (report, row errors, rows read, accepted, processes used, (due reading,
        due cells read as dates)).
    """
    global _JOB  # noqa: PLW0603 (inherited by the forked workers)
    dims = normalise_by(by)
    name = os.fspath(path)
    if workers > 1 and encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig"):
        ctx = _fork_context()
        size = os.path.getsize(name) if os.path.isfile(name) else 0
        split = (
            _split(name, size, workers)
            if ctx is not None
            and not name.endswith((".gz", ".xlsx"))
            and size >= MIN_PARALLEL_BYTES
            else None
        )
        if split is not None and len(split[1]) > 1:
            header, spans = split
            _JOB = _Job(
                name, header, period, dims, calendar, profile, naive_is_vietnam, due_as, units
            )
            clock_table()  # built once, before the workers fork
            try:
                # a worker only counts and exits: no cyclic garbage worth collecting
                with ctx.Pool(len(spans), initializer=gc.disable) as pool:
                    parts: list[_Part | None] = []
                    for part in pool.imap(_count_range, spans, chunksize=1):
                        parts.append(part)
                        if progress is not None and part is not None:
                            progress.update(part[2])
                done = _combine(spans, parts)
            finally:
                _JOB = None
            if done is not None:
                merged, errors, rows_read, accepted, due, unit_counts = done
                if due[0] == "dates" and due_as == "auto":
                    warnings.warn(MidnightDueWarning(warning_text(name)), stacklevel=2)
                total, groups = expand(merged)
                notes = []
                if units is not None:
                    check = UnitCheck(units, period)
                    for counted in unit_counts:
                        check.merge(*counted)
                    note = check.note()
                    notes = [] if note is None else [note]
                rep = build_report(period, dims, total, groups, registry, notes=notes)
                return rep, errors, rows_read, accepted, len(spans), due
    with open_ledger(name, encoding=encoding) as lines:
        reader = LedgerReader(
            lines,
            calendar=calendar,
            naive_is_vietnam=naive_is_vietnam,
            profile=profile,
            due_as=due_as,
        )
        unit_check = None if units is None else UnitCheck(units, period)
        counts = tally(
            reader,
            period,
            key=key_func(dims, on=period.end, units=units),
            by_month="month" in dims,
            calendar=calendar,
            on_record=_hook(on_record, unit_check, progress),
        )
    if progress is not None:
        progress.update(reader.rows_read - progress.count)  # the rejected rows too
    total, groups = expand(counts)
    note = None if unit_check is None else unit_check.note()
    rep = build_report(period, dims, total, groups, registry, notes=[] if note is None else [note])
    due = (reader.due_reading, reader.due_midnights)
    return rep, reader.errors, reader.rows_read, reader.accepted, 1, due


def _due_over(parts: Sequence[_Part]) -> tuple[str | None, int] | None:
    """The due reading of the whole file from its ranges', or None if they disagree.

    A range that read its midnights as dates saw no due instant with a clock
    time; if another range saw one, the file is an instant column: counted again
    in one pass.
    """
    readings = {p[7][0] for p in parts} - {None}
    if "dates" in readings and any(p[7][1] for p in parts):
        return None
    reading = "dates" if "dates" in readings else ("instants" if readings else None)
    return reading, sum(p[7][2] for p in parts)


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


def _combine(
    spans: list[tuple[int, int]], parts: list[_Part | None]
) -> tuple[Tally, list[RowError], int, int, tuple[str | None, int], list[_Units]] | None:
    """Merge the ranges' results in file order, settling duplicates across ranges."""
    import attrs

    seen: set[str] = set()
    tallies: list[Tally] = []
    errors: list[RowError] = []
    unit_counts: list[_Units] = []
    rows_read = accepted = shift = 0
    last = len(parts) - 1
    for k, part in enumerate(parts):
        if part is None:
            return None
        codes = part[5].split("\n") if part[5] else []
        track = part[6]
        if k and not (seen.isdisjoint(codes) and seen.isdisjoint(track)):
            clash = frozenset(c for c in (*codes, *track) if c in seen)
            part = _count_range(spans[k], clash)  # noqa: PLW2901 (this range, counted again)
            if part is None:  # pragma: no cover - the same bytes were read once already
                return None
        counts, errs, n_read, n_ok, n_lines, _codes, _track, _due, units = part
        unit_counts.append(units)
        tallies.append(counts)
        errors.extend(attrs.evolve(e, line=e.line + shift) if shift else e for e in errs)
        rows_read += n_read
        accepted += n_ok
        shift += n_lines
        if k < last:
            seen.update(codes)
    due = _due_over([p for p in parts if p is not None])
    if due is None:
        return None
    return merge_tallies(tallies), errors, rows_read, accepted, due, unit_counts
