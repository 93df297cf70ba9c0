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

import csv
import datetime as dt
import importlib
import io
import os
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Final

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.adapters.frames._dates import FrameError
from lapvo_cchc.adapters.ledger import (
    COLUMNS,
    FLAT,
    LedgerReader,
    LedgerReport,
    open_ledger,
    report_ledger,
)
from lapvo_cchc.adapters.ledger.vocabulary import ASSISTED as _ASSISTED
from lapvo_cchc.adapters.ledger.vocabulary import CHANNELS as _CHANNELS
from lapvo_cchc.adapters.ledger.vocabulary import FALSE_WORDS as _FALSE
from lapvo_cchc.adapters.ledger.vocabulary import FINISHES as _FINISHES
from lapvo_cchc.adapters.ledger.vocabulary import LEVELS as _LEVELS
from lapvo_cchc.adapters.ledger.vocabulary import REQUIRED as _REQUIRED
from lapvo_cchc.adapters.ledger.vocabulary import TRUE_WORDS as _TRUE
from lapvo_cchc.adapters.ledger.vocabulary import parse_limit as _parse_limit
from lapvo_cchc.dossiers import Channel
from lapvo_cchc.errors import LapvoError, MissingExtraError
from lapvo_cchc.kpi import FinishKind, FormCounts
from lapvo_cchc.kpi.counting import WorkingDays, build_report, day_start, normalise_by

if TYPE_CHECKING:
    from lapvo_cchc.deadlines import DeadlineCalendar, TimeLimit
    from lapvo_cchc.kpi import DossierRecord, IndicatorRegistry, Period
    from lapvo_cchc.kpi.counting import Dimension

__all__ = ["report_csv"]

_NONE: Final = 1 << 62  # an instant that never comes (None)
_CH_CODE: Final = {Channel.ONLINE: 0, Channel.IN_PERSON: 1, Channel.POSTAL: 2}
_CH_OF: Final = {v: k for k, v in _CH_CODE.items()}
_KINDS: Final = tuple(FinishKind)
_KIND_CODE: Final = {k: i for i, k in enumerate(_KINDS)}
_RESOLVED: Final = tuple(
    _KIND_CODE[k] for k in (FinishKind.APPROVED, FinishKind.REJECTED, FinishKind.RETURNED)
)
_DAY_UNITS: Final = frozenset({"WORKING_DAYS", "CALENDAR_DAYS"})
_ATTRS: Final = ("procedure", "agency", "level", "field")
_CODED: Final = (
    "procedure_code", "agency_code", "level", "field", "channel", "assisted", "time_limit",
    "finish_kind",
)  # fmt: skip
# signature layout (lapvo_cchc.kpi.counting)
_LATE, _WITHIN, _OVERDUE, _WITHDRAWN, _STOPPED = 2, 3, 4, 5, 6
_POSTAL_BIT, _ASSISTED_BIT, _REJECTED_BIT, _OK766_BIT = 1 << 5, 1 << 6, 1 << 7, 1 << 11
_SIGS: Final = 1 << 12
_BLOCK: Final = 1 << 15  # rows per block of the signature computation
_READ_BLOCK: Final = 1 << 22  # bytes per block of the CSV reader (fewer, larger chunks)
_THREADS: Final = min(4, os.cpu_count() or 1)
_VN_SECONDS: Final = 7 * 3600
_EPOCH: Final = 719163  # the ordinal of 1970-01-01


class _Doubt(Exception):  # noqa: N818 (internal control flow, never escapes)
    """The columnar path cannot vouch for this file (internal)."""


def _modules() -> tuple[Any, Any, Any, Any]:
    try:
        import numpy as np

        pa = importlib.import_module("pyarrow")
        pc = importlib.import_module("pyarrow.compute")
        pacsv = importlib.import_module("pyarrow.csv")
    except ImportError:
        raise MissingExtraError(
            'the columnar report needs numpy and pyarrow: pip install "lapvo-cchc[pandas]"'
        ) from None
    return np, pa, pc, pacsv


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


# -- loading ---------------------------------------------------------------------------------


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _load(  # noqa: PLR0915 (one column after the other, on purpose)
    modules: tuple[Any, Any, Any, Any], path: str | os.PathLike[str], calendar: Any
) -> Any:
    """The columns of the records of every row (dict of numpy arrays), or _Doubt."""
    np, pa, pc, pacsv = modules
    try:
        with open_ledger(path) as lines:
            header = next(csv.reader(lines), None)
    except (LapvoError, ValueError, csv.Error) as exc:
        raise _Doubt(f"header: {exc}") from None
    if not header:
        raise _Doubt("no header")
    index, _shown = FLAT.locate(header)
    if any(index[COLUMNS.index(c)] < 0 for c in _REQUIRED):
        raise _Doubt("a required column is missing")
    names = [f"c{i}" for i in range(len(header))]
    # the columns of few distinct values are read dictionary-encoded
    coded = {index[COLUMNS.index(c)] for c in _CODED} - {-1}
    try:
        table = pacsv.read_csv(
            os.fspath(path),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=_READ_BLOCK),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={
                    name: pa.dictionary(pa.int32(), pa.string()) if i in coded else pa.string()
                    for i, name in enumerate(names)
                },
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
            memory_pool=_pool(pa),
        )
    except (pa.ArrowInvalid, ValueError, OSError) as exc:
        raise _Doubt(f"Arrow: {exc}") from None
    n = table.num_rows
    if any('"' in h or "\n" in h or "\r" in h for h in header):
        raise _Doubt("a quoted header")

    def col(name: str) -> Any:
        i = index[COLUMNS.index(name)]
        if i >= 0:
            return table.column(i)
        return pa.chunked_array([pa.repeat(pa.scalar("", pa.string()), n)])  # an absent column

    def factor(values: Any) -> tuple[list[str], Any]:
        """The distinct values of a column and the index of each row's value."""
        if not pa.types.is_dictionary(values.type):
            uniq = pc.unique(values)
            return uniq.to_pylist(), pc.index_in(values, value_set=uniq).to_numpy()
        found: dict[str, int] = {}
        parts = [np.zeros(0, np.int64)]
        for chunk in values.chunks:
            remap = np.array(
                [found.setdefault(v, len(found)) for v in chunk.dictionary.to_pylist()] + [0],
                np.int64,
            )
            parts.append(remap[chunk.indices.to_numpy(zero_copy_only=False)])
        return list(found), np.concatenate(parts)

    def instants(values: Any) -> tuple[Any, Any, Any]:
        """(is empty, is a valid naive instant, POSIX seconds) of a column."""
        length, (ok, days, secs) = _fixed(np, values, 19)
        stamp = np.full(len(length), _NONE, np.int64)
        stamp[ok] = days[ok] * 86400 + secs[ok] - _VN_SECONDS
        return length == 0, stamp != _NONE, stamp

    odd = np.zeros(n, bool)
    # the code: not empty, ASCII, no blank or control character at either end (else the
    # row reader decides)
    codes = col("dossier_code").combine_chunks()
    offsets, data = _buffers(np, codes)
    data = data[offsets[0] : offsets[-1]]
    if len(data) and int(data.max()) >= 128:
        odd |= ~pc.string_is_ascii(codes).to_numpy(zero_copy_only=False)
    length = np.diff(offsets)
    odd |= length == 0
    ends = np.flatnonzero(length)
    odd[ends] |= (data[offsets[ends] - offsets[0]] <= 32) | (
        data[offsets[ends + 1] - offsets[0] - 1] <= 32
    )
    if n > 1:
        width = int(length.max())
        if width and (length == width).all():  # codes of one width: sort their bytes
            ordered = np.sort(data.view(f"S{width}"))
            duplicate = bool((ordered[1:] == ordered[:-1]).any())
        else:
            sorted_codes = codes.take(pc.sort_indices(codes))
            duplicate = pc.any(
                pc.equal(sorted_codes.slice(1), sorted_codes.slice(0, n - 1))
            ).as_py()
        if duplicate:
            raise _Doubt("a duplicate dossier code")
    # names
    out: dict[str, Any] = {"n": n}
    for attr in _ATTRS:
        uniq, idx = factor(col(f"{attr}_code" if attr in ("procedure", "agency") else attr))
        kept = []
        bad = np.zeros(len(uniq) + 1, bool)
        for i, raw in enumerate(uniq):
            text = _nfc(raw)
            if attr == "level":
                lv = _LEVELS.get(text)
                kept.append(
                    lv if lv is not None else _LEVELS.get(text.strip().lower(), text.strip())
                )
            else:
                kept.append(text.strip())
                bad[i] = attr in ("procedure", "agency") and not text
        odd |= bad[idx]
        out[attr] = (kept, idx)
    # channel, assisted
    uniq, idx = factor(col("channel"))
    ch_code = np.full(len(uniq) + 1, -1, np.int8)
    for i, raw in enumerate(uniq):
        text = _nfc(raw)
        ch = _CHANNELS.get(text) or _CHANNELS.get(text.strip().lower())
        if ch is not None:
            ch_code[i] = _CH_CODE[ch]
    channel = ch_code[idx]
    odd |= channel < 0
    uniq, idx = factor(col("assisted"))
    flag = np.full(len(uniq) + 1, -1, np.int8)
    for i, raw in enumerate(uniq):
        text = _nfc(raw)
        value = _ASSISTED.get(text)
        if value is None:
            word = text if text in _FALSE else text.strip().lower()
            value = False if word in _FALSE else True if word in _TRUE else None
        if value is not None:
            flag[i] = int(value)
    assisted = flag[idx]
    odd |= assisted < 0
    # time limits
    uniq, limit_i = factor(col("time_limit"))
    limits: list[TimeLimit | None] = []
    limit_state = np.zeros(len(uniq) + 1, np.int8)  # 0 none, 1 day unit, 2 other unit, -1 bad
    for i, raw in enumerate(uniq):
        text = _nfc(raw)
        limit = None
        if text:
            try:
                limit = _parse_limit(text)
            except ValueError:
                limit_state[i] = -1
            else:
                limit_state[i] = 1 if limit.unit.name in _DAY_UNITS else 2
        limits.append(limit)
    lstate = limit_state[limit_i]
    odd |= lstate < 0
    # instants
    due_values = col("due_at")
    with ThreadPoolExecutor(_THREADS) as pool:
        parsed = [
            pool.submit(instants, col(name))
            for name in (
                "received_at", "finished_at", "supplement_requested_at",
                "supplement_supplied_at", "due_at",
            )
        ]  # fmt: skip
        due_dates = pool.submit(_fixed, np, due_values, 10)
        results = [f.result() for f in parsed]
        (_rb, r_ok, received), (f_blank, f_ok, finished) = results[:2]
        (q_blank, q_ok, requested), (s_blank, s_ok, supplied), (d_blank, d_ok, due) = results[2:]
        _length, (date_ok, due_days, _secs) = due_dates.result()
    odd |= ~r_ok
    odd |= ~(f_blank | f_ok)
    odd |= finished < received
    uniq, idx = factor(col("finish_kind"))
    kind_code = np.full(len(uniq) + 1, -2, np.int8)  # -1 empty, -2 unknown
    for i, raw in enumerate(uniq):
        text = _nfc(raw)
        kind = _FINISHES.get(text) or _FINISHES.get(text.strip().lower())
        if kind is not None:
            kind_code[i] = _KIND_CODE[kind]
        elif not text:
            kind_code[i] = -1
    kind = kind_code[idx]
    odd |= np.where(f_blank, kind != -1, kind < 0)
    odd |= ~(q_blank | q_ok) | ~(s_blank | s_ok) | (q_blank & ~s_blank)
    odd |= (requested < received) | (supplied < requested)
    has_sup = ~q_blank
    # due
    due_date = np.where(date_ok, due_days + _EPOCH, -1)
    due_day = np.where(d_ok, (due - 1 + _VN_SECONDS) // 86400 + _EPOCH, due_date)
    due = np.where(d_ok, due, (due_date + 1 - _EPOCH) * 86400 - _VN_SECONDS)
    given = d_ok | date_ok
    odd |= ~(d_blank | given)
    odd |= given & (due < received)
    rday = (received + 25200) // 86400 + 719163
    # computed deadlines: per (receipt day, limit), day limits and no completed pause
    compute = d_blank & (lstate == 1) & s_blank & ~odd
    odd |= d_blank & ~compute
    need_promise = has_sup & (lstate >= 1) & ~odd
    odd |= need_promise & (lstate == 2)
    need_promise &= lstate == 1
    cal = calendar
    promised_day = np.zeros(n, np.int64)
    for target, rows in (("due", compute), ("promise", need_promise)):
        where = np.flatnonzero(rows)
        if not len(where):
            continue
        if cal is None:
            from lapvo_cchc.calendars import vietnam

            cal = vietnam()
        keys = rday[where] * (len(limits) + 1) + limit_i[where]
        uniq_keys, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        at_ts = np.zeros(len(uniq_keys), np.int64)
        at_day = np.zeros(len(uniq_keys), np.int64)
        failed = np.zeros(len(uniq_keys), bool)
        for j, row in enumerate(where[first]):
            got = _deadline(int(received[row]), limits[int(limit_i[row])], cal)
            if got is None:
                failed[j] = True
            else:
                at_ts[j], at_day[j] = got
        odd[where[failed[inverse]]] = True
        if target == "due":
            due[where] = at_ts[inverse]
            due_day[where] = at_day[inverse]
        else:
            promised_day[where] = at_ts[inverse]
    seconds = np.where(has_sup & ~s_blank, supplied - requested, 0)
    promised = due.copy()
    promised[has_sup] = np.where(need_promise, promised_day, due - seconds)[has_sup]
    out.update(
        channel=channel,
        assisted=assisted == 1,
        received=received,
        due=due,
        due_day=due_day,
        promised=promised,
        finished=finished,
        kind=kind,
        nsup=has_sup.astype(np.int64),
        seconds=seconds,
        last=supplied,  # _NONE when empty
        pending=np.where(s_blank, requested, _NONE),  # requested is _NONE when empty
    )
    rows = np.flatnonzero(odd)
    if len(rows):
        _read_odd(np, pa, pc, table, index, (rows, odd, codes), calendar, out)
    return out


def _pool(pa: Any) -> Any:
    """Jemalloc if this pyarrow has it (far fewer page faults here), else the default pool."""
    try:
        return pa.jemalloc_memory_pool()
    except (NotImplementedError, AttributeError):  # pragma: no cover (build without jemalloc)
        return pa.default_memory_pool()


def _buffers(np: Any, values: Any) -> tuple[Any, Any]:
    """The offsets and the bytes of an Arrow string array."""
    bufs = values.buffers()
    kind = np.int64 if str(values.type) == "large_string" else np.int32
    offsets = np.frombuffer(bufs[1], kind)[values.offset : values.offset + len(values) + 1]
    data = np.frombuffer(bufs[2], np.uint8) if bufs[2] is not None else np.zeros(1, np.uint8)
    return offsets.astype(np.int64), data


def _fixed(np: Any, values: Any, width: int) -> tuple[Any, tuple[Any, Any, Any]]:
    """:func:`_fixed_chunk` over the chunks of a column."""
    parts = [_fixed_chunk(np, chunk, width) for chunk in values.chunks]
    if not parts:
        none = np.zeros(0, np.int64)
        return none, (none.astype(bool), none, none)
    return np.concatenate([p[0] for p in parts]), tuple(
        np.concatenate([p[1][i] for p in parts]) for i in range(3)
    )


def _fixed_chunk(np: Any, values: Any, width: int) -> tuple[Any, tuple[Any, Any, Any]]:
    """Cell lengths and, per row, (is ``YYYY-MM-DD[T ]HH:MM:SS`` cut at *width*, days, seconds).

    Days count from 1970-01-01; the date must be one :meth:`datetime.date.fromisoformat`
    accepts, the time of day at most 23:59:59 (exactly the row reader's checks).
    """
    offsets, data = _buffers(np, values)
    length = np.diff(offsets)
    n = len(length)
    ok = np.zeros(n, bool)
    days = np.zeros(n, np.int64)
    secs = np.zeros(n, np.int64)
    rows = np.flatnonzero(length == width)
    if not len(rows):
        return length, (ok, days, secs)
    first = int(offsets[0])
    positions = [i for i in (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18) if i < width]
    if len(rows) * width == int(offsets[-1]) - first:
        # every cell is empty or of this width: the bytes are a (rows, width) matrix
        matrix = data[first : first + len(rows) * width].reshape(len(rows), width)

        def at(i: int) -> Any:
            return matrix[:, i]

        raw = matrix[:, positions]
    else:
        starts = offsets[rows]

        def at(i: int) -> Any:
            return data[starts + i]

        raw = np.stack([at(i) for i in positions], axis=1)
    digits = raw - np.uint8(48)  # wraps around below "0"
    good = (digits.max(axis=1) <= 9) & (at(4) == 45) & (at(7) == 45)
    # the numbers (year, month, day[, hour, minute, second]) from pairs of digits
    pairs = digits.astype(np.int32)
    pairs = pairs[:, 0::2] * 10 + pairs[:, 1::2]
    values = np.empty((len(rows), pairs.shape[1] - 1), np.int64)
    values[:, 0] = pairs[:, 0] * 100 + pairs[:, 1]
    values[:, 1:] = pairs[:, 2:]
    y, mo, dd = values[:, 0], values[:, 1], values[:, 2]
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    month_days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0])
    mo_safe = np.clip(mo, 0, 13)
    dim = month_days[mo_safe] + ((mo_safe == 2) & leap)
    good &= (y >= 1) & (mo >= 1) & (mo <= 12) & (dd >= 1) & (dd <= dim)
    if width == 19:
        sep = at(10)
        good &= ((sep == 84) | (sep == 32)) & (at(13) == 58) & (at(16) == 58)
        h, mi, sec = values[:, 3], values[:, 4], values[:, 5]
        good &= (h <= 23) & (mi <= 59) & (sec <= 59)
        secs[rows] = h * 3600 + mi * 60 + sec
    # days from civil (proleptic Gregorian), 1970-01-01 = 0
    y2 = y - (mo <= 2)
    era = y2 // 400
    yoe = y2 - era * 400
    doy = (153 * np.where(mo > 2, mo - 3, mo + 9) + 2) // 5 + dd - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days[rows] = era * 146097 + doe - 719468
    ok[rows] = good
    return length, (ok, days, secs)


def _deadline(received: int, limit: TimeLimit | None, calendar: Any) -> tuple[int, int] | None:
    """The deadline instant and day of a receipt with *limit* (no pauses), or None."""
    from lapvo_cchc.deadlines import compute_deadline

    if limit is None:
        return None
    try:
        got = compute_deadline(
            dt.datetime.fromtimestamp(received, VIETNAM_TZ), limit, calendar=calendar
        )
    except (LapvoError, ValueError):
        return None
    return int(got.at.timestamp() // 1), got.date.toordinal()


def _read_odd(  # noqa: PLR0917 (private helper)
    np: Any, pa: Any, pc: Any, table: Any, index: list[int], odd: Any, calendar: Any, out: Any
) -> None:
    """Read the rows the vectorised checks could not vouch for with the row reader itself."""
    rows, mask, codes = odd
    taken = pa.array(rows)
    columns = [
        table.column(i).take(taken).to_pylist() if i >= 0 else [""] * len(rows) for i in index
    ]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows([[_nfc(v) for v in row] for row in zip(*columns, strict=True)])
    buffer.seek(0)
    reader = LedgerReader(buffer, calendar=calendar)
    records = list(reader)
    if reader.errors:
        raise _Doubt(f"a rejected row ({reader.errors[0].reason})")
    if len(records) != len(rows):  # pragma: no cover (a blank row is a rejected row)
        raise _Doubt("rows lost")
    fast = codes.filter(pa.array(~mask))
    seen = pc.is_in(pa.array([r.code for r in records], pa.string()), value_set=fast)
    if pc.any(seen).as_py():
        raise _Doubt("a duplicate dossier code")
    _fill(np, out, rows, records)


def _fill(np: Any, out: Any, rows: Any, records: list[DossierRecord]) -> None:
    for pos, attr in enumerate(_ATTRS, start=1):
        kept, idx = out[attr]
        extra: dict[str, int] = {}
        found = [str(r[pos]) for r in records]
        for name in dict.fromkeys(found):
            extra[name] = len(kept) + len(extra)
        kept = [*kept, *extra]
        idx = idx.astype(np.int64)
        idx[rows] = [extra[name] for name in found]
        out[attr] = (kept, idx)

    def none(v: int | None) -> int:
        return _NONE if v is None else v

    out["channel"][rows] = [_CH_CODE[r.channel] for r in records]
    out["assisted"][rows] = [r.assisted for r in records]
    out["received"][rows] = [r.received_ts for r in records]
    out["due"][rows] = [r.due_ts for r in records]
    out["due_day"][rows] = [r.due_day for r in records]
    out["promised"][rows] = [r.promised_ts for r in records]
    out["finished"][rows] = [none(r.finished_ts) for r in records]
    out["kind"][rows] = [-1 if r.finish is None else _KIND_CODE[r.finish] for r in records]
    out["nsup"][rows] = [r.supplements for r in records]
    out["seconds"][rows] = [r.supplement_seconds for r in records]
    out["last"][rows] = [none(r.last_supplied_ts) for r in records]
    out["pending"][rows] = [none(r.pending_since_ts) for r in records]


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
