"""Loading a flat ledger CSV into columns with Arrow, and the checks it must pass (private)."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import os
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Final

from lapvo_cchc._text import has_control
from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.adapters.ledger import (
    COLUMNS,
    FLAT,
    LedgerReader,
    open_ledger,
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
from lapvo_cchc.kpi import FinishKind

if TYPE_CHECKING:
    from lapvo_cchc.deadlines import TimeLimit
    from lapvo_cchc.kpi import DossierRecord


_FIELD_LIMIT: Final = 131_072  # the csv module's default field_size_limit
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
    # a control character anywhere, or a code longer than the csv module reads: the row
    # reader rejects the row, so it decides
    odd |= length > _FIELD_LIMIT
    control = np.flatnonzero((data < 32) | (data == 127))
    if len(control):
        odd[np.searchsorted(offsets, control + offsets[0], side="right") - 1] = True
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
            # a label the row reader rejects (control character, over the csv limit)
            bad[i] = has_control(text) or len(text) > _FIELD_LIMIT
            if attr == "level":
                lv = _LEVELS.get(text)
                kept.append(
                    lv if lv is not None else _LEVELS.get(text.strip().lower(), text.strip())
                )
            else:
                kept.append(text.strip())
                bad[i] |= attr in ("procedure", "agency") and not text
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
