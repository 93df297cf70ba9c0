r"""The flat CSV dossier ledger: one row per dossier, read as a stream of records.

Columns (header required, any order; extra columns are ignored)::

    dossier_code, procedure_code, agency_code, level, field, channel, assisted,
    received_at, time_limit, due_at, finished_at, finish_kind,
    supplement_requested_at, supplement_supplied_at

* Instants are ISO 8601. **Naive instants mean Vietnam time (UTC+7)**: this
  adapter opts into that at its boundary (``naive_is_vietnam=False`` refuses
  them). ``due_at`` may also be a date (due at 24:00 of that day).
* ``time_limit``: ``10 working_days``, ``8 working_hours``,
  ``30 calendar_days``, ``same_day 15:00`` (or ``same_day``). ``due_at`` may
  be empty when it is given: the deadline is then computed with
  :func:`~lapvo_cchc.deadlines.compute_deadline` and the calendar (default
  :func:`lapvo_cchc.calendars.vietnam`), with the supplement pauses.
* ``channel``: ``in_person`` / ``online`` / ``postal`` or the Vietnamese words
  (``trực tiếp``, ``trực tuyến``, ``bưu chính công ích``).
* ``finish_kind`` (with ``finished_at``): ``approved``, ``rejected``,
  ``returned``, ``withdrawn``, ``stopped``, ``refused`` or the Vietnamese words
  of :class:`~lapvo_cchc.kpi.FinishKind` (``rút hồ sơ``, ...).
* ``level``: ``province`` / ``district`` / ``commune`` or ``tỉnh`` / ``huyện`` /
  ``xã`` (``Cấp xã``, ...); other labels are kept verbatim.
* Supplements: ``;``-separated instants, in order; the last request may have
  no supply (still awaited).

Every rejected row is reported as a :class:`RowError` (line, column,
reason); nothing is dropped silently: accepted + rejected == rows read.
A dossier code seen before is rejected (the first row wins).

Other exports are read through a column-mapping :class:`Profile`
(:data:`VIETNAMESE`: ``Mã hồ sơ``, ``Ngày tiếp nhận``, ... and dates
``dd/mm/yyyy [HH:MM[:SS]]``); a row error then names the file's own header.
Files are UTF-8 (with or without a BOM) or Windows-1258 (``encoding="cp1258"``),
every line NFC-normalised; see :func:`open_ledger` and docs/ledger.md.

Example:
    >>> import io
    >>> text = (
    ...     "dossier_code,procedure_code,agency_code,level,field,channel,assisted,received_at,"
    ...     "time_limit,due_at,finished_at,finish_kind,supplement_requested_at,"
    ...     "supplement_supplied_at\n"
    ...     "D1,1.001193,xa-tan-my,xã,Hộ tịch,trực tuyến,0,2020-03-02T09:00:00,,"
    ...     "2020-03-05,2020-03-04T10:00:00,approved,,\n"
    ...     "D2,1.001193,xa-tan-my,xã,Hộ tịch,fax,0,2020-03-02T09:00:00,,2020-03-05,,,,\n")
    >>> reader = LedgerReader(io.StringIO(text))
    >>> [r.code for r in reader]
    ['D1']
    >>> print(reader.errors[0])
    line 3, column channel: expected in_person, online or postal (or trực tiếp, trực tuyến, ...
    >>> reader.rows_read, reader.accepted
    (2, 1)
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import itertools
import operator
import os
import sys
from typing import IO, TYPE_CHECKING, Final

import attrs

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.adapters.ledger._encoding import (
    ENCODINGS,
    LedgerLines,
    looks_like_tcvn3,
    open_ledger,
)
from lapvo_cchc.adapters.ledger._profiles import (
    COLUMNS,
    DATE_COLUMNS,
    FLAT,
    VIETNAMESE,
    Profile,
    builtin_profile,
    parse_dmy,
)
from lapvo_cchc.dossiers import Channel
from lapvo_cchc.errors import DecodeError
from lapvo_cchc.kpi import DossierRecord, FinishKind
from lapvo_cchc.kpi.counting import day_start, vn_day

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from lapvo_cchc.deadlines import DeadlineCalendar, TimeLimit
    from lapvo_cchc.kpi import IndicatorRegistry, Period, Report
    from lapvo_cchc.kpi.counting import Dimension

__all__ = [
    "COLUMNS",
    "ENCODINGS",
    "FLAT",
    "VIETNAMESE",
    "LedgerError",
    "LedgerLines",
    "LedgerReader",
    "LedgerReport",
    "Profile",
    "RowError",
    "builtin_profile",
    "looks_like_tcvn3",
    "open_ledger",
    "open_text",
    "parse_dmy",
    "read_ledger",
    "report_ledger",
]

_REQUIRED: Final = ("dossier_code", "procedure_code", "agency_code", "channel", "received_at")

_CHANNELS: Final = {
    **{c.value: c for c in Channel},
    **{c.name.lower(): c for c in Channel},
    "in person": Channel.IN_PERSON,
    "direct": Channel.IN_PERSON,
    "post": Channel.POSTAL,
    "bưu chính": Channel.POSTAL,
}
_FINISHES: Final = {
    **{k.value: k for k in FinishKind},
    **{k.name.lower(): k for k in FinishKind},
    "resolved": FinishKind.APPROVED,
    "đã xử lý xong": FinishKind.APPROVED,
    "rút": FinishKind.WITHDRAWN,
    "dừng": FinishKind.STOPPED,
    "từ chối giải quyết": FinishKind.REJECTED,
}
_LEVELS: Final = {
    "province": "province", "tỉnh": "province", "cấp tỉnh": "province",
    "district": "district", "huyện": "district", "cấp huyện": "district",
    "commune": "commune", "xã": "commune", "cấp xã": "commune",
}  # fmt: skip
_TRUE: Final = frozenset({"1", "true", "yes", "y", "x", "có", "co"})
_FALSE: Final = frozenset({"", "0", "false", "no", "n", "không", "khong"})
_UNITS: Final = ("working_days", "working_hours", "calendar_days")
# Vietnamese unit words of exports (Decree 61/2018/ND-CP counts "ngày làm việc").
_VI_UNITS: Final = {"ngày làm việc": "working_days", "giờ làm việc": "working_hours"}
_DATE_INDEXES: Final = tuple(i for i, c in enumerate(COLUMNS) if c in DATE_COLUMNS)
_VN_SECONDS: Final = 7 * 3600
_BLOCK: Final = 128  # rows checked together (few enough to stay below the GC threshold)
_LEAF: Final = 8  # a block this small with something unusual goes row by row
_ASSISTED: Final = {**dict.fromkeys(_FALSE, False), **dict.fromkeys(_TRUE, True)}
_SEPARATORS: Final = frozenset("T ")
_DATE_PART: Final = operator.itemgetter(slice(0, 10))
_TIME_PART: Final = operator.itemgetter(slice(11, None))
_SEP: Final = operator.itemgetter(10)


_NAME_CACHE: Final = 100_000  # (procedure, agency, level, field) combinations remembered
_new_record: Final = tuple.__new__  # a NamedTuple without its Python-level __new__


_CLOCK: dict[str, int] = {}


def _clock_table() -> dict[str, int]:
    """Seconds since midnight of every ``HH:MM:SS`` (a shared table, built on first use)."""
    if not _CLOCK:
        _CLOCK.update(
            (f"{h:02d}:{m:02d}:{s:02d}", h * 3600 + m * 60 + s)
            for h in range(24)
            for m in range(60)
            for s in range(60)
        )
    return _CLOCK


@attrs.frozen
class RowError:
    """One rejected ledger row: where and why.

    Attributes:
        line: Line number in the file (the header is line 1).
        column: The column at fault (``""`` for the whole row).
        reason: What was expected and what was found.

    Example:
        >>> print(RowError(7, "received_at", "expected an ISO 8601 instant, got '2020-13-01'"))
        line 7, column received_at: expected an ISO 8601 instant, got '2020-13-01'
    """

    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.reason}"


class LedgerError(DecodeError):
    """A ledger that cannot be read (no header, missing columns) or rows rejected in strict mode.

    Attributes:
        errors: The rejected rows (empty for a file-level error).

    Example:
        >>> err = LedgerError("2 rows rejected", [RowError(2, "channel", "bad")])
        >>> err.errors[0].line, isinstance(err, ValueError)
        (2, True)
    """

    def __init__(self, message: str, errors: Iterable[RowError] = ()) -> None:
        super().__init__(message)
        self.errors: tuple[RowError, ...] = tuple(errors)


class _Bad(Exception):  # noqa: N818 (internal control flow, never escapes)
    """A field error inside the row parser (internal)."""

    def __init__(self, column: str, reason: str, *, checked: bool = True) -> None:
        super().__init__(column, reason)
        self.column = column
        self.reason = reason
        self.checked = checked  # the row's dossier code had passed the duplicate check


def open_text(path: str | os.PathLike[str]) -> IO[str]:
    """Open a ledger file as UTF-8 text, gzip-compressed if it ends with ``.gz``; BOM skipped.

    Example:
        >>> open_text  # doctest: +ELLIPSIS
        <function open_text at ...>
    """
    if os.fspath(path).endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


class LedgerReader:
    """Stream :class:`~lapvo_cchc.kpi.DossierRecord` from a ledger CSV.

    Iterate once; rejected rows are collected in :attr:`errors` as the
    iteration goes. After the iteration ``accepted + len(errors) ==
    rows_read``.

    Args:
        source: A text stream (opened with ``newline=""``) or lines of text.
        calendar: For rows without ``due_at`` (default
            :func:`lapvo_cchc.calendars.vietnam`, built on first need).
        naive_is_vietnam: Read naive instants as Vietnam time (default); if
            false, a naive instant rejects the row.
        first_line: The line number of the header (for messages).
        profile: The column mapping (default :data:`FLAT`, our own names);
            row errors name the file's header of the column at fault.

    Raises:
        LedgerError: no header, or a required column is missing (on the
            first iteration step).
    """

    def __init__(
        self,
        source: Iterable[str],
        *,
        calendar: DeadlineCalendar | None = None,
        naive_is_vietnam: bool = True,
        first_line: int = 1,
        profile: Profile = FLAT,
    ) -> None:
        self._source = source
        self._profile = profile
        self._calendar = calendar
        self._naive = naive_is_vietnam
        self._first = first_line
        self.errors: list[RowError] = []
        self.rows_read = 0
        self.accepted = 0
        self._days: dict[str, int] = {}
        self._limits: dict[str, TimeLimit] = {}
        self._promises: dict[tuple[int, TimeLimit], int] = {}
        # Caches of repeated cells (each filled from the slow parser, so a hit gives
        # exactly what the parser would): time of day, due date, names.
        self._clock: dict[str, int] = _clock_table()
        self._dues: dict[str, tuple[int, int]] = {}
        self._names: dict[tuple[str, str, str, str], tuple[str, str, str, str]] = {}
        self._seen: set[str] = set()
        self._track: list[str] | None = None

    # -- field parsers -------------------------------------------------------------------

    def _instant(self, text: str, column: str) -> int:
        """POSIX seconds of an ISO 8601 instant (naive = Vietnam time if allowed)."""
        if len(text) == 19 and self._naive and text[10] in "T ":
            base = self._days.get(text[:10])
            if base is None:
                base = self._day_base(text[:10], text, column)
            clock = text[11:]
            secs = self._clock.get(clock)
            if secs is None:
                try:
                    h, m, s = int(text[11:13]), int(text[14:16]), int(text[17:19])
                except ValueError:
                    raise _Bad(column, f"expected an ISO 8601 instant, got {text!r}") from None
                if h > 23 or m > 59 or s > 59 or text[13] != ":" or text[16] != ":":
                    raise _Bad(column, f"expected an ISO 8601 instant, got {text!r}")
                secs = h * 3600 + m * 60 + s
            return base + secs
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            raise _Bad(column, f"expected an ISO 8601 instant, got {text!r}") from None
        if value.tzinfo is None:
            if not self._naive:
                raise _Bad(column, f"expected an instant with a UTC offset, got naive {text!r}")
            value = value.replace(tzinfo=VIETNAM_TZ)
        return int(value.timestamp() // 1)

    def _day_base(self, day_text: str, text: str, column: str) -> int:
        try:
            day = dt.date.fromisoformat(day_text)
        except ValueError:
            raise _Bad(column, f"expected an ISO 8601 instant, got {text!r}") from None
        base = day_start(day.toordinal())
        self._days[day_text] = base
        return base

    def _limit(self, text: str) -> TimeLimit:
        limit = self._limits.get(text)
        if limit is None:
            limit = self._limits[text] = _parse_limit(text)
        return limit

    def _promised(self, received: int, limit: TimeLimit) -> int:
        """The deadline before pauses; memoised by receipt day for day limits."""
        if limit.unit.name in ("WORKING_DAYS", "CALENDAR_DAYS"):
            key = (vn_day(received), limit)
            hit = self._promises.get(key)
            if hit is None:
                hit = self._promises[key] = self._compute(received, limit, (), "time_limit")[0]
            return hit
        return self._compute(received, limit, (), "time_limit")[0]

    # -- rows ----------------------------------------------------------------------------

    def __iter__(self) -> Iterator[DossierRecord]:
        lines = iter(self._source)
        head = csv.reader(lines)
        try:
            header = next(head)
        except StopIteration:
            raise LedgerError("ledger: expected a header row, got an empty file") from None
        profile = self._profile
        index, shown = profile.locate(header)
        missing = [c for c in _REQUIRED if index[COLUMNS.index(c)] < 0]
        if missing:
            if profile.name == FLAT.name:
                raise LedgerError(
                    f"ledger line {self._first}: missing column(s) {', '.join(missing)}; "
                    f"expected the columns {', '.join(COLUMNS)}"
                )
            wanted = "; ".join(f"{c} ({' or '.join(profile.sources(c))})" for c in missing)
            raise LedgerError(
                f"ledger line {self._first}: missing column(s) for profile "
                f"{profile.name!r}: {wanted}"
            )
        dmy = profile.dates == "dmy"
        identity = index == list(range(len(COLUMNS))) and not dmy
        width = max(index) + 1
        fields_in_header = len(header)
        lineno = head.line_num + self._first - 1
        # Rows of the common shape are checked and converted a block at a time
        # (_block); a block with anything unusual goes row by row (_row).
        blocks = identity and self._naive and width == fields_in_header
        block: list[list[str]] = []
        block_line = 0
        one = self._row
        for line in lines:
            # Fast path: a line without quotes or control characters splits on commas
            # exactly as the csv module reads it; anything else goes through csv.
            text = line.rstrip("\r\n")
            if '"' not in text and text.isprintable():
                lineno += 1
                row = text.split(",")
                if blocks and len(row) == width:
                    if not block:
                        block_line = lineno
                    block.append(row)
                    if len(block) >= _BLOCK:
                        yield from self._flush(block, block_line, shown)
                        block = []
                    continue
            else:
                slow = csv.reader(itertools.chain((line,), lines))
                row = next(slow)
                lineno += slow.line_num
            if block:
                yield from self._flush(block, block_line, shown)
                block = []
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            record = one(row, lineno, index, shown, fields_in_header, identity, dmy)
            if record is not None:
                yield record
        if block:
            yield from self._flush(block, block_line, shown)

    def _flush(
        self, block: list[list[str]], first: int, shown: dict[str, str]
    ) -> list[DossierRecord]:
        """The records of a block of full-width rows (lines first, first + 1, ...)."""
        records = self._block(block, first, shown)
        if records is not None:
            return records
        if len(block) > _LEAF:
            # something unusual: look for it in each half (the cost stays small)
            half = len(block) // 2
            return self._flush(block[:half], first, shown) + self._flush(
                block[half:], first + half, shown
            )
        out = []
        index = list(range(len(COLUMNS)))
        width = len(COLUMNS)
        for i, row in enumerate(block):
            record = self._row(row, first + i, index, shown, width, True, False)  # noqa: FBT003
            if record is not None:
                out.append(record)
        return out

    def _row(  # noqa: PLR0917
        self,
        row: list[str],
        lineno: int,
        index: list[int],
        shown: dict[str, str],
        fields_in_header: int,
        identity: bool,
        dmy: bool,
    ) -> DossierRecord | None:
        """The record of one non-blank row, or None with its error recorded."""
        self.rows_read += 1
        if len(row) != fields_in_header:
            # A short or long row is a broken line (a stray comma, a cut-off
            # export): padding or truncating it would shift values silently.
            self.errors.append(
                RowError(
                    lineno,
                    "(row)",
                    f"expected {fields_in_header} fields as in the header, got {len(row)}",
                )
            )
            return None
        if identity and len(row) == len(COLUMNS):
            fields = row
        else:
            fields = [row[i] if i >= 0 else "" for i in index]
        try:
            if dmy:
                fields = _iso_dates(fields)
            record = self._record(fields, self._seen)
        except _Bad as bad:
            column = shown.get(bad.column, bad.column)
            self.errors.append(RowError(lineno, column, bad.reason))
            if self._track is not None and bad.checked:
                self._track.append(fields[0].strip())
            return None
        self._seen.add(record.code)
        self.accepted += 1
        return record

    def _block(
        self, block: list[list[str]], first: int, shown: dict[str, str]
    ) -> list[DossierRecord] | None:
        """The records of *block* if its rows are of the common shape and valid, else None.

        The common shape: no blank around the code, a naive ``YYYY-MM-DDTHH:MM:SS``
        receipt and finish (date and time of day seen before), a ``YYYY-MM-DD``
        due date seen before, a known time limit or none, known channel, assisted
        flag, finish kind and (procedure, agency, level, field). Every value comes
        from the caches the row parser fills, so the records are the ones
        :meth:`_record` makes; any doubt returns None (nothing is changed then).
        Rows with supplements go through :meth:`_record` in order; the block's
        codes are distinct and new, so no row of the block depends on another.
        """
        codes = [row[0] for row in block]
        if not all(codes) or " " in "".join(codes):
            return None
        if len(set(codes)) != len(codes) or not self._seen.isdisjoint(codes):
            return None
        special = [i for i, row in enumerate(block) if row[12] or row[13]]
        if not special:
            records = self._plain(block)
            if records is not None:
                self.rows_read += len(records)
                self.accepted += len(records)
            return records
        marked = set(special)
        plain = [row for i, row in enumerate(block) if i not in marked]
        records = self._plain(plain) if plain else []
        if records is None:
            return None
        self.rows_read += len(records)
        self.accepted += len(records)
        out: list[DossierRecord] = []
        taken = iter(records)
        index = list(range(len(COLUMNS)))
        width = len(COLUMNS)
        for i, row in enumerate(block):
            if i in marked:
                record = self._row(row, first + i, index, shown, width, True, False)  # noqa: FBT003
                if record is not None:
                    out.append(record)
            else:
                out.append(next(taken))
        return out

    def _plain(self, block: list[list[str]]) -> list[DossierRecord] | None:
        """The records of rows without supplements (see :meth:`_block`), or None."""
        columns = zip(*block, strict=True)
        (codes, procs, agencies, levels, fields, channels, assisted, received_texts, limits,
         due_texts, finished_texts, finish_texts, _requests, _supplies) = columns  # fmt: skip
        seen = self._seen
        if not all(procs) or not all(agencies):
            return None
        chs = list(map(_CHANNELS.get, channels))
        flags = list(map(_ASSISTED.get, assisted))
        if None in chs or None in flags:
            return None
        days = self._days.get
        clock = self._clock.get
        bases = list(map(days, map(_DATE_PART, received_texts)))
        if None in bases and self._learn_days(received_texts):
            bases = list(map(days, map(_DATE_PART, received_texts)))
        secs = list(map(clock, map(_TIME_PART, received_texts)))
        if None in bases or None in secs or not _SEPARATORS.issuperset(map(_SEP, received_texts)):
            return None
        received = list(map(operator.add, bases, secs))
        if not self._limits.keys() >= set(limits) - {""} and not self._learn_limits(limits):
            return None
        dues = list(map(self._dues.get, due_texts))
        if None in dues:
            if not self._learn_dues(due_texts):
                return None
            dues = list(map(self._dues.get, due_texts))
            if None in dues:
                return None
        due_ts, due_days = zip(*dues, strict=True)
        if any(map(operator.lt, due_ts, received)):
            return None
        kinds = list(map(_FINISHES.get, finish_texts))
        finished: list[int | None] = []
        append = finished.append
        for text, kind_text, kind, start in zip(
            finished_texts, finish_texts, kinds, received, strict=True
        ):
            if not text:
                if kind_text:
                    return None
                append(None)
                continue
            base = days(text[:10])
            if base is None and self._learn_days((text,)):
                base = days(text[:10])
            sec = clock(text[11:])
            if base is None or sec is None or kind is None or text[10] not in "T ":
                return None
            at = base + sec
            if at < start:
                return None
            append(at)
        wheres = list(zip(procs, agencies, levels, fields, strict=True))
        names = list(map(self._names.get, wheres))
        if None in names:
            names = [self._names.get(w) or self._name(w) for w in wheres]
        ps, ags, lvs, fds = zip(*names, strict=True)
        n = len(block)
        rep = itertools.repeat
        seen.update(codes)
        return list(
            map(
                _new_record,
                rep(DossierRecord, n),
                zip(codes, ps, ags, lvs, fds, chs, flags, received, due_ts, due_days, due_ts,
                    finished, kinds, rep(0), rep(0), rep(None), rep(None), strict=False),
            )
        )  # fmt: skip

    def _learn_days(self, texts: Iterable[str]) -> bool:
        """Cache the day of every valid ``YYYY-MM-DD`` prefix of *texts* (as :meth:`_day_base`)."""
        learnt = False
        for day_text in set(map(_DATE_PART, texts)) - self._days.keys():
            try:
                day = dt.date.fromisoformat(day_text)
            except ValueError:
                continue
            self._days[day_text] = day_start(day.toordinal())
            learnt = True
        return learnt

    def _learn_dues(self, texts: Iterable[str]) -> bool:
        """Cache every valid ``YYYY-MM-DD`` due date of *texts* (as :meth:`_record`)."""
        learnt = False
        for text in set(texts) - self._dues.keys():
            if len(text) != 10:
                continue
            try:
                due_day = dt.date.fromisoformat(text).toordinal()
            except ValueError:
                continue
            self._dues[text] = (day_start(due_day + 1), due_day)
            learnt = True
        return learnt

    def _learn_limits(self, texts: Iterable[str]) -> bool:
        """Cache every time limit of *texts*; False if one is not valid."""
        for text in set(texts) - self._limits.keys() - {""}:
            try:
                self._limit(text)
            except ValueError:
                return False
        return True

    def _record(self, f: list[str], seen: set[str]) -> DossierRecord:  # noqa: PLR0915
        (code, procedure, agency, level, field, channel, assisted, received_text, limit_text,
         due_text, finished_text, finish_text, req_text, sup_text) = f  # fmt: skip
        if code != code.strip() or received_text != received_text.strip():
            (code, procedure, agency, level, field, channel, assisted, received_text,
             limit_text, due_text, finished_text, finish_text, req_text,
             sup_text) = (x.strip() for x in f)  # fmt: skip
        if not code:
            raise _Bad("dossier_code", "expected a dossier code, got an empty cell", checked=False)
        if code in seen:
            raise _Bad(
                "dossier_code", f"duplicate dossier code {code!r} (first row kept)", checked=False
            )
        if not procedure:
            raise _Bad("procedure_code", "expected a procedure code, got an empty cell")
        if not agency:
            raise _Bad("agency_code", "expected an agency code, got an empty cell")
        ch = _CHANNELS.get(channel) or _CHANNELS.get(channel.strip().lower())
        if ch is None:
            raise _Bad(
                "channel",
                "expected in_person, online or postal (or trực tiếp, trực tuyến, "
                f"bưu chính công ích), got {channel!r}",
            )
        if assisted == "0" or assisted == "":  # noqa: PLR1714 (no hashing in the common case)
            is_assisted = False
        elif assisted == "1":
            is_assisted = True
        else:
            flag = assisted if assisted in _FALSE else assisted.strip().lower()
            if flag in _FALSE:
                is_assisted = False
            elif flag in _TRUE:
                is_assisted = True
            else:
                raise _Bad("assisted", f"expected 1/0, true/false or có/không, got {assisted!r}")
        if not received_text:
            raise _Bad("received_at", "expected the receipt instant, got an empty cell")
        days = self._days
        clock = self._clock
        naive = self._naive
        received = None
        if len(received_text) == 19 and naive and received_text[10] in "T ":
            base = days.get(received_text[:10])
            secs = clock.get(received_text[11:])
            if base is not None and secs is not None:
                received = base + secs
        if received is None:
            received = self._instant(received_text, "received_at")
        pairs = self._supplements(req_text, sup_text, received) if req_text or sup_text else []
        limit = None
        if limit_text:
            limit = self._limits.get(limit_text)
            if limit is None:
                try:
                    limit = self._limit(limit_text)
                except ValueError as exc:
                    raise _Bad("time_limit", str(exc)) from None
        if due_text:
            hit = self._dues.get(due_text)
            if hit is not None:
                due, due_day = hit
            elif len(due_text) == 10:
                try:
                    due_day = dt.date.fromisoformat(due_text).toordinal()
                except ValueError:
                    raise _Bad(
                        "due_at", f"expected an ISO 8601 date or instant, got {due_text!r}"
                    ) from None
                due = day_start(due_day + 1)
                self._dues[due_text] = (due, due_day)
            else:
                due = self._instant(due_text, "due_at")
                due_day = vn_day(due - 1)
            if due < received:
                raise _Bad(
                    "due_at", f"the deadline {due_text} is before the receipt {received_text}"
                )
        elif limit is not None:
            due, due_day = self._compute(received, limit, pairs, "time_limit")
        else:
            raise _Bad("due_at", "expected due_at or time_limit, got neither")
        if not pairs:
            promised = due
            seconds = 0
        else:
            seconds = sum(s - r for r, s in pairs if s is not None)
            promised = self._promised(received, limit) if limit is not None else due - seconds
        finished = finish = None
        if finished_text:
            if len(finished_text) == 19 and naive and finished_text[10] in "T ":
                base = days.get(finished_text[:10])
                secs = clock.get(finished_text[11:])
                if base is not None and secs is not None:
                    finished = base + secs
            if finished is None:
                finished = self._instant(finished_text, "finished_at")
            if finished < received:
                raise _Bad(
                    "finished_at",
                    f"finished {finished_text} before it was received {received_text}",
                )
            finish = _FINISHES.get(finish_text) or _FINISHES.get(finish_text.strip().lower())
            if finish is None:
                raise _Bad(
                    "finish_kind",
                    "expected approved, rejected, returned, withdrawn, stopped or refused "
                    f"(or the Vietnamese words), got {finish_text!r}",
                )
        elif finish_text:
            raise _Bad("finished_at", f"finish_kind {finish_text!r} given without finished_at")
        last = pending = None
        for r, s in pairs:
            if s is None:
                pending = r
            else:
                last = s
        where = (procedure, agency, level, field)
        names = self._names.get(where)
        if names is None:
            names = self._name(where)
        return _new_record(DossierRecord, (
            code, *names, ch, is_assisted, received, due, due_day, promised, finished,
            finish, len(pairs), seconds, last, pending,
        ))  # fmt: skip

    def _name(self, where: tuple[str, str, str, str]) -> tuple[str, str, str, str]:
        """Procedure, agency, level and field as kept: stripped, level normalised, interned."""
        procedure, agency, level, field = where
        lv = _LEVELS.get(level)
        if lv is None:
            lv = _LEVELS.get(level.strip().lower(), level.strip())
        name = sys.intern
        names = (name(procedure.strip()), name(agency.strip()), name(lv), name(field.strip()))
        if len(self._names) < _NAME_CACHE:
            self._names[where] = names
        return names

    def _supplements(
        self, req_text: str, sup_text: str, received: int
    ) -> list[tuple[int, int | None]]:
        if not req_text:
            if sup_text:
                raise _Bad("supplement_supplied_at", "a supply without a supplement request")
            return []
        requests = [
            self._instant(t.strip(), "supplement_requested_at") for t in req_text.split(";")
        ]
        supplies = (
            [self._instant(t.strip(), "supplement_supplied_at") for t in sup_text.split(";")]
            if sup_text
            else []
        )
        if not len(requests) - 1 <= len(supplies) <= len(requests):
            raise _Bad(
                "supplement_supplied_at",
                f"expected one supply per request (the last may be missing), got "
                f"{len(requests)} requests and {len(supplies)} supplies",
            )
        pairs: list[tuple[int, int | None]] = []
        previous = received
        for i, r in enumerate(requests):
            s = supplies[i] if i < len(supplies) else None
            if r < previous:
                raise _Bad(
                    "supplement_requested_at",
                    f"request {i + 1} is before the receipt or the previous supply",
                )
            if s is not None and s < r:
                raise _Bad("supplement_supplied_at", f"supply {i + 1} is before its request")
            pairs.append((r, s))
            previous = r if s is None else s
        return pairs

    def _compute(
        self,
        received: int,
        limit: TimeLimit,
        pairs: Iterable[tuple[int, int | None]],
        column: str,
    ) -> tuple[int, int]:
        from lapvo_cchc.deadlines import compute_deadline
        from lapvo_cchc.errors import LapvoError

        if self._calendar is None:
            from lapvo_cchc.calendars import vietnam

            self._calendar = vietnam()

        def at(ts: int) -> dt.datetime:
            return dt.datetime.fromtimestamp(ts, VIETNAM_TZ)

        pauses = [(at(r), at(s)) for r, s in pairs if s is not None]
        try:
            dl = compute_deadline(at(received), limit, calendar=self._calendar, pauses=pauses)
        except (LapvoError, ValueError) as exc:
            raise _Bad(column, f"cannot compute the deadline: {exc}") from None
        return int(dl.at.timestamp() // 1), dl.date.toordinal()


def _iso_dates(fields: list[str]) -> list[str]:
    """The row with its ``dd/mm/yyyy [HH:MM[:SS]]`` dates rewritten as ISO 8601."""
    out = list(fields)
    for i in _DATE_INDEXES:
        text = out[i].strip()
        if not text:
            continue
        parts = text.split(";") if i >= 12 else (text,)
        converted = []
        for part in parts:
            iso = parse_dmy(part.strip())
            if iso is None:
                raise _Bad(
                    COLUMNS[i],
                    f"expected a date dd/mm/yyyy [HH:MM[:SS]], got {part.strip()!r}",
                    checked=False,
                )
            converted.append(iso)
        out[i] = ";".join(converted)
    return out


def _parse_limit(text: str) -> TimeLimit:
    from lapvo_cchc.deadlines import TimeLimit

    parts = text.split()
    if len(parts) >= 2 and parts[0].isdigit():
        vi = _VI_UNITS.get(" ".join(parts[1:]).lower())
        if vi is not None:
            parts = [parts[0], vi]
    unit = parts[0].lower() if parts else ""
    if unit == "same_day" and len(parts) <= 2:
        if len(parts) == 1:
            return TimeLimit.same_day()
        try:
            return TimeLimit.same_day(cutoff=dt.time.fromisoformat(parts[1]))
        except ValueError:
            pass
    elif len(parts) == 2 and parts[1].lower() in _UNITS and parts[0].isdigit():
        n = int(parts[0])
        return {
            "working_days": TimeLimit.working_days,
            "working_hours": TimeLimit.working_hours,
            "calendar_days": TimeLimit.calendar_days,
        }[parts[1].lower()](n)
    raise ValueError(
        "expected a time limit like '10 working_days', '8 working_hours', "
        f"'30 calendar_days' or 'same_day 15:00', got {text!r}"
    )


def read_ledger(
    path: str | os.PathLike[str],
    *,
    calendar: DeadlineCalendar | None = None,
    naive_is_vietnam: bool = True,
    strict: bool = False,
    profile: Profile = FLAT,
    encoding: str = "utf-8",
) -> tuple[list[DossierRecord], list[RowError]]:
    r"""Read a whole ledger file (``.csv`` or ``.csv.gz``) into records and row errors.

    Args:
        path: The file.
        calendar: For rows without ``due_at``.
        naive_is_vietnam: Read naive instants as Vietnam time.
        strict: Raise :class:`LedgerError` listing every rejected row
            instead of returning them.
        profile: The column mapping (:data:`FLAT` or :data:`VIETNAMESE`, or your own).
        encoding: ``"utf-8"`` (BOM or not) or ``"cp1258"`` (Windows-1258).

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
    with open_ledger(path, encoding=encoding) as lines:
        reader = LedgerReader(
            lines, calendar=calendar, naive_is_vietnam=naive_is_vietnam, profile=profile
        )
        records = list(reader)
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


def report_ledger(
    path: str | os.PathLike[str],
    period: Period,
    *,
    by: Dimension | tuple[Dimension, ...] | None = "level",
    calendar: DeadlineCalendar | None = None,
    registry: IndicatorRegistry | None = None,
    profile: Profile = FLAT,
    encoding: str = "utf-8",
    naive_is_vietnam: bool = True,
    workers: int = 1,
    on_record: Callable[[DossierRecord], None] | None = None,
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
        profile: The column mapping.
        encoding: ``"utf-8"`` or ``"cp1258"``.
        naive_is_vietnam: Read naive instants as Vietnam time.
        workers: Processes to use (1: a single streaming pass).
        on_record: Called with every accepted record (single pass only).

    Raises:
        LedgerError: no header, or a required column is missing.
        DecodeError: bytes not valid in *encoding*.

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
    from lapvo_cchc.adapters.ledger._parallel import report_file

    if type(workers) is not int or workers < 1:
        raise ValueError(f"workers: expected an int >= 1, got {workers!r}")
    rep, errors, rows_read, accepted, used = report_file(
        path,
        period,
        by=by,
        calendar=calendar,
        registry=registry,
        profile=profile,
        encoding=encoding,
        naive_is_vietnam=naive_is_vietnam,
        workers=workers,
        on_record=on_record,
    )
    return LedgerReport(rep, tuple(errors), rows_read, accepted, used)
