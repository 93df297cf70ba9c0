r"""The events CSV: one row per dossier event, replayed into real dossiers (private module).

Public names are re-exported by :mod:`lapvo_cchc.adapters.ledger.events`; the format is
documented there and in docs/events.md.

Rows of one dossier may be spread anywhere in the file. The reader keeps every
parsed row in memory, groups the rows by dossier code, sorts each dossier's
rows by instant (file order breaks ties), replays them into a
:class:`~lapvo_cchc.dossiers.Dossier` (the state machine decides what is
legal) and summarises each received dossier with
:func:`~lapvo_cchc.kpi.record_of`.

Example:
    >>> import io
    >>> text = (
    ...     "dossier_code,at,event,procedure_code,agency_code,level,field,channel,time_limit\n"
    ...     "H56.14-200302-0001,2020-03-02T09:00,received,1.001193,H56.14,xã,Hộ tịch,online,"
    ...     "3 working_days\n"
    ...     "H56.14-200302-0001,2020-03-04T10:00,resolved,,,,,,\n")
    >>> reader = EventsReader(io.StringIO(text))
    >>> [(r.code, r.finish.name, r.due_date.isoformat()) for r in reader]
    [('H56.14-200302-0001', 'APPROVED', '2020-03-05')]
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from typing import TYPE_CHECKING, Final, NamedTuple

import attrs

from lapvo_cchc._text import has_control
from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.adapters.ledger._base import (
    LedgerError,
    RowError,
)
from lapvo_cchc.adapters.ledger._csvsafe import Tap, header_failure, row_failure
from lapvo_cchc.adapters.ledger.vocabulary import CHANNELS as _CHANNELS
from lapvo_cchc.adapters.ledger.vocabulary import FALSE_WORDS as _FALSE
from lapvo_cchc.adapters.ledger.vocabulary import LEVELS as _LEVELS
from lapvo_cchc.adapters.ledger.vocabulary import TRUE_WORDS as _TRUE
from lapvo_cchc.adapters.ledger.vocabulary import parse_limit
from lapvo_cchc.dossiers import (
    EVENT_NAMES,
    LEGACY_EVENT_NAMES,
    Apologized,
    Channel,
    Dossier,
    Event,
    FeeRequested,
    RefusedAtIntake,
    Resolved,
    Stopped,
    SupplementRequested,
    Transferred,
    Withdrawn,
    check_history,
)
from lapvo_cchc.errors import LapvoError
from lapvo_cchc.kpi import record_of
from lapvo_cchc.procedures import AgencyCode, DossierCode, ProcedureCode

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from lapvo_cchc.deadlines import DeadlineCalendar, TimeLimit
    from lapvo_cchc.kpi import DossierRecord

__all__ = ["EVENT_COLUMNS", "EVENT_NAMES", "EventsReader", "Replayed"]

EVENT_COLUMNS: Final = (
    "dossier_code",
    "at",
    "event",
    "procedure_code",
    "agency_code",
    "level",
    "field",
    "channel",
    "assisted",
    "time_limit",
    "to_agency",
    "budget",
    "step",
    "new_date",
    "outcome",
    "reason",
)
"""The columns of the events CSV, in the documented order (only the first three are required)."""

_CODE, _AT, _EVENT = 0, 1, 2
# Cells that become names or labels: a control character in one rejects the row.
_NAMES: Final = ("dossier_code", "procedure_code", "agency_code", "level", "field")
_NAMED: Final = tuple((EVENT_COLUMNS.index(c), c) for c in (*_NAMES, "to_agency", "step"))
_INTERNED: Final = 40  # short cells (codes, levels, limits) repeat from dossier to dossier
_HEADER_COLUMNS: Final = (
    "procedure_code",
    "agency_code",
    "level",
    "field",
    "channel",
    "assisted",
    "time_limit",
)
_HEADER_INDEX: Final = tuple(EVENT_COLUMNS.index(c) for c in _HEADER_COLUMNS)
_I = {c: i for i, c in enumerate(EVENT_COLUMNS)}

_SYNONYMS: Final = {
    # Vietnamese words, as one-stop systems and the national portal's status list write them.
    "nộp trực tuyến": "submitted_online", "mới đăng ký": "submitted_online",
    "tiếp nhận": "received", "được tiếp nhận": "received", "đã tiếp nhận": "received",
    "từ chối tiếp nhận": "refused_at_intake", "không được tiếp nhận": "refused_at_intake",
    "từ chối": "refused_at_intake", **LEGACY_EVENT_NAMES,
    "yêu cầu bổ sung": "supplement_requested",
    "yêu cầu bổ sung giấy tờ": "supplement_requested",
    "bổ sung": "supplement_supplied", "đã bổ sung": "supplement_supplied",
    "bổ sung hồ sơ": "supplement_supplied",
    "yêu cầu thực hiện nghĩa vụ tài chính": "fee_requested",
    "hoàn thành nghĩa vụ tài chính": "fee_met",
    "chuyển liên thông": "transferred", "chuyển hồ sơ liên thông": "transferred",
    "chuyển xử lý": "transferred",
    "xin lỗi": "apologized", "xin lỗi và hẹn lại": "apologized", "hẹn lại": "apologized",
    "giải quyết xong": "resolved", "đã xử lý xong": "resolved", "đã giải quyết": "resolved",
    "dừng xử lý": "stopped", "dừng giải quyết": "stopped", "dừng": "stopped",
    "rút hồ sơ": "withdrawn", "rút": "withdrawn", "công dân yêu cầu rút hồ sơ": "withdrawn",
    "trả kết quả": "result_returned", "đã trả kết quả": "result_returned",
}  # fmt: skip
_KINDS: Final = {
    **{name: name for name in EVENT_NAMES},
    **{cls.__name__.lower(): name for name, cls in EVENT_NAMES.items()},
    **_SYNONYMS,
}
_OUTCOMES: Final = {
    "": True, "approved": True, "chấp thuận": True, "đạt": True, "giải quyết": True,
    "rejected": False, "không đủ điều kiện": False, "trả lại do không đủ điều kiện": False,
    "từ chối giải quyết": False, "không chấp thuận": False,
}  # fmt: skip


class _Row(NamedTuple):
    line: int
    at: dt.datetime
    kind: str
    fields: tuple[str, ...]


class _Bad(Exception):  # noqa: N818 (internal control flow, never escapes)
    def __init__(self, line: int, column: str, reason: str) -> None:
        super().__init__(line, column, reason)
        self.error = RowError(line, column, reason)


@attrs.frozen
class Replayed:
    r"""A dossier rebuilt from the events CSV, with the facts the dossier does not carry.

    Attributes:
        dossier: The :class:`~lapvo_cchc.dossiers.Dossier`, its history replayed.
        level: Government level (``province``, ``district``, ``commune`` or the
            file's own label).
        field: Field (*lĩnh vực*) of the procedure.
        lines: The file lines of its events, in replay order.

    Example:
        >>> import io
        >>> text = ("dossier_code,at,event,procedure_code,agency_code,channel,time_limit\n"
        ...         "H56-200302-0001,2020-03-02T09:00,submitted_online,1.001193,H56,,"
        ...         "3 working_days\n"
        ...         "H56-200302-0001,2020-03-02T10:00,từ chối tiếp nhận,,,,\n")
        >>> [(r.dossier.state.name, r.lines) for r in EventsReader(io.StringIO(text)).replay()]
        [('REFUSED', (2, 3))]
    """

    dossier: Dossier
    level: str
    field: str
    lines: tuple[int, ...]


class EventsReader:
    r"""Read an events CSV into :class:`~lapvo_cchc.kpi.DossierRecord` (one per received dossier).

    Iterate once (or call :meth:`replay` once for the dossiers themselves).
    A dossier with any bad row is rejected as a whole: the bad row is
    reported with its line, column and reason, and every other row of that
    dossier is reported too (column ``""``, naming the first bad line).
    Nothing is dropped silently; after the iteration:

    * ``accepted + len(rejected) == dossiers_read`` (distinct dossier codes);
    * ``rows_accepted + len(errors) == rows_read``;
    * the records yielded number ``accepted - len(not_received)``: a dossier
      refused at intake or only submitted online was never received, has no
      deadline and is not on the statistical form; its code is in
      :attr:`not_received`.

    Memory: every row is parsed and kept until the end of the file (rows of a
    dossier may be anywhere), about 0.5 KB per event row; see docs/events.md.

    Args:
        source: A text stream (opened with ``newline=""``) or lines of text.
        calendar: Working-day calendar for the deadlines (default
            :func:`lapvo_cchc.calendars.vietnam`, built on first need).
        naive_is_vietnam: Read naive instants as Vietnam time (default); if
            false, a naive instant rejects the row.
        first_line: The line number of the header (for messages).

    Raises:
        LedgerError: no header, or a required column (``dossier_code``,
            ``at``, ``event``) is missing (on the first iteration step).

    Example:
        >>> import io
        >>> text = (
        ...     "dossier_code,at,event,procedure_code,agency_code,channel,time_limit\n"
        ...     "H56-200302-0001,2020-03-02T09:00,received,1.001193,H56,trực tiếp,"
        ...     "3 working_days\n"
        ...     "H56-200302-0002,2020-03-02T09:00,resolved,1.001193,H56,trực tiếp,"
        ...     "3 working_days\n"
        ...     "H56-200302-0001,2020-03-03T09:00,withdrawn,,,,\n")
        >>> reader = EventsReader(io.StringIO(text))
        >>> [(r.code, r.finish.name) for r in reader]
        [('H56-200302-0001', 'WITHDRAWN')]
        >>> print(reader.errors[0])  # doctest: +ELLIPSIS
        line 3, column event: dossier H56-200302-0002, state NOT_RECEIVED ... refused: ...
        >>> reader.dossiers_read, reader.accepted, reader.rejected
        (2, 1, ['H56-200302-0002'])
    """

    def __init__(
        self,
        source: Iterable[str],
        *,
        calendar: DeadlineCalendar | None = None,
        naive_is_vietnam: bool = True,
        first_line: int = 1,
    ) -> None:
        self._source = source
        self._calendar = calendar
        self._naive = naive_is_vietnam
        self._first = first_line
        self._limits: dict[str, TimeLimit] = {}
        self._procedures: dict[str, ProcedureCode] = {}
        self._agencies: dict[str, AgencyCode] = {}
        self.errors: list[RowError] = []
        """Every rejected row (line, column, reason)."""
        self.rows_read = 0
        self.rows_accepted = 0
        self.dossiers_read = 0
        self.accepted = 0
        self.rejected: list[str] = []
        """Codes of the rejected dossiers, in order of first appearance."""
        self.not_received: list[str] = []
        """Codes of accepted dossiers that were never received (no record)."""

    # -- reading -------------------------------------------------------------------------

    def _read(self) -> dict[str, tuple[list[_Row], list[RowError]]]:
        tap = Tap(iter(self._source))
        reader = csv.reader(tap)
        try:
            header = next(reader)
        except StopIteration:
            raise LedgerError("events: expected a header row, got an empty file") from None
        except csv.Error as exc:
            line = reader.line_num + self._first - 1
            raise LedgerError(header_failure(exc, tap.lines, "events", line)) from None
        keys = [h.replace("\ufeff", "").strip().lower() for h in header]
        index = [keys.index(c) if c in keys else -1 for c in EVENT_COLUMNS]
        missing = [c for c, i in zip(EVENT_COLUMNS[:3], index, strict=False) if i < 0]
        if missing:
            raise LedgerError(
                f"events line {self._first}: missing column(s) {', '.join(missing)}; "
                f"expected dossier_code, at, event and optionally {', '.join(EVENT_COLUMNS[3:])}"
            )
        width = len(header)
        offset = self._first - 1
        groups: dict[str, tuple[list[_Row], list[RowError]]] = {}
        while True:
            tap.clear()
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                # csv drops the rest of the record's line and reads on from the next one
                self.rows_read += 1
                column, reason = row_failure(exc, tap.lines, header)
                self.errors.append(RowError(reader.line_num + offset, column, reason))
                continue
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            self.rows_read += 1
            line = reader.line_num + offset
            code = row[index[_CODE]].strip() if index[_CODE] < len(row) else ""
            try:
                parsed = self._row(row, line, code, index, width)
            except _Bad as bad:
                if not code:
                    self.errors.append(bad.error)  # no dossier to reject with it
                    continue
                groups.setdefault(code, ([], []))[1].append(bad.error)
                continue
            groups.setdefault(code, ([], []))[0].append(parsed)
        return groups

    def _row(self, row: list[str], line: int, code: str, index: list[int], width: int) -> _Row:
        if len(row) != width:
            # A stray comma shifts every value: never pad or truncate.
            raise _Bad(line, "(row)", f"expected {width} fields as in the header, got {len(row)}")
        if not code:
            raise _Bad(line, "dossier_code", "expected a dossier code, got an empty cell")
        if not "".join(row).isprintable():
            for i, column in _NAMED:
                j = index[i]
                if j >= 0 and has_control(row[j]):
                    raise _Bad(line, column, f"a control character in {row[j]!r}")
        at = self._instant(row[index[_AT]].strip(), line)
        kind = _kind(row[index[_EVENT]].strip(), line)
        # Kept until the end of the file: the instant and the event are parsed, so their
        # text is dropped; the header values repeat across dossiers, so they are interned.
        fields = (code, "", "", *(_keep(row[i]) if i >= 0 else "" for i in index[3:]))
        return _Row(line, at, kind, fields)

    def _instant(self, text: str, line: int) -> dt.datetime:
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            raise _Bad(line, "at", f"expected an ISO 8601 instant, got {text!r}") from None
        if value.tzinfo is None:
            if not self._naive:
                raise _Bad(line, "at", f"expected an instant with a UTC offset, got naive {text!r}")
            return value.replace(tzinfo=VIETNAM_TZ)
        return value.astimezone(VIETNAM_TZ)

    def _limit(self, text: str, line: int, column: str) -> TimeLimit:
        limit = self._limits.get(text)
        if limit is None:
            try:
                limit = self._limits[text] = parse_limit(text)
            except ValueError as exc:
                raise _Bad(line, column, str(exc)) from None
        return limit

    # -- replaying -----------------------------------------------------------------------

    def replay(self) -> Iterator[Replayed]:
        r"""The accepted dossiers, replayed, in order of their first row in the file.

        Counts and :attr:`errors` are complete when the iteration ends.

        Example:
            >>> import io
            >>> text = ("dossier_code,at,event,procedure_code,agency_code,channel,time_limit\n"
            ...         "H56-200302-0001,2020-03-02T09:00,received,1.001193,H56,postal,"
            ...         "1 working_days\n")
            >>> [r.dossier.channel.name for r in EventsReader(io.StringIO(text)).replay()]
            ['POSTAL']
        """
        for code, (rows, bad) in self._read().items():
            self.dossiers_read += 1
            rows.sort(key=lambda r: (r.at, r.line))
            if bad:
                self._reject(code, rows, bad)
                continue
            try:
                replayed = self._dossier(code, rows)
            except _Bad as exc:
                self._reject(code, rows, [exc.error])
                continue
            self.accepted += 1
            self.rows_accepted += len(rows)
            yield replayed

    def _reject(self, code: str, rows: list[_Row], bad: list[RowError]) -> None:
        first = min(e.line for e in bad)
        bad_lines = {e.line for e in bad}
        others = [
            RowError(r.line, "", f"rejected with dossier {code!r} (see line {first})")
            for r in rows
            if r.line not in bad_lines
        ]
        self.errors.extend(sorted([*bad, *others], key=lambda e: e.line))
        self.rejected.append(code)

    def __iter__(self) -> Iterator[DossierRecord]:
        for replayed in self.replay():
            dossier = replayed.dossier
            if dossier.received_at is None:
                self.not_received.append(str(dossier.code))
                continue
            if self._calendar is None:
                from lapvo_cchc.calendars import vietnam

                self._calendar = vietnam()
            try:
                record = record_of(
                    dossier, calendar=self._calendar, level=replayed.level, field=replayed.field
                )
            except (LapvoError, ValueError) as exc:  # a pause the deadline rules refuse
                self.accepted -= 1
                self.rows_accepted -= len(replayed.lines)
                first = replayed.lines[0]
                self.errors.extend(
                    RowError(line, "", f"cannot count dossier {dossier.code}: {exc}")
                    if line == first
                    else RowError(line, "", f"rejected with dossier {dossier.code} (line {first})")
                    for line in sorted(replayed.lines)
                )
                self.rejected.append(str(dossier.code))
                continue
            yield record

    def _dossier(self, code: str, rows: list[_Row]) -> Replayed:
        header = _header(rows)
        first = rows[0]

        def need(column: str) -> tuple[str, int]:
            if column not in header:
                raise _Bad(
                    first.line,
                    column,
                    f"expected a {column} on some row of dossier {code!r}, got none",
                )
            return header[column]

        procedure, procedure_line = need("procedure_code")
        agency, agency_line = need("agency_code")
        limit_text, limit_line = need("time_limit")
        limit = self._limit(limit_text, limit_line, "time_limit")
        online = any(r.kind == "submitted_online" for r in rows)
        if "channel" not in header and online:
            channel = Channel.ONLINE
        else:
            channel = _channel(*need("channel"))
        assisted = _assisted(*header["assisted"]) if "assisted" in header else False
        level_text = header.get("level", ("", 0))[0]
        level = _LEVELS.get(level_text) or _LEVELS.get(level_text.lower(), level_text)
        field = header.get("field", ("", 0))[0]
        events = [self._event(r) for r in rows]
        try:
            dossier_code = DossierCode.parse(code)
        except (LapvoError, ValueError) as exc:
            raise _Bad(first.line, "dossier_code", str(exc)) from None
        try:
            procedure_code = self._procedures.get(procedure) or ProcedureCode.parse(procedure)
        except (LapvoError, ValueError) as exc:
            raise _Bad(procedure_line, "procedure_code", str(exc)) from None
        try:
            agency_code = self._agencies.get(agency) or AgencyCode.parse(agency)
        except (LapvoError, ValueError) as exc:
            raise _Bad(agency_line, "agency_code", str(exc)) from None
        self._procedures[procedure] = procedure_code
        self._agencies[agency] = agency_code
        try:
            dossier = Dossier(
                code=dossier_code,
                procedure_code=procedure_code,
                time_limit=limit,
                agency=agency_code,
                channel=channel,
                assisted=assisted,
                events=tuple(events),
            )
        except (LapvoError, ValueError) as exc:
            raise _transition_error(code, rows, events, exc) from None
        return Replayed(dossier, level, field, tuple(r.line for r in rows))

    def _event(self, r: _Row) -> Event:
        f = r.fields
        reason = f[_I["reason"]]
        kind = r.kind
        at = r.at
        if kind == "transferred":
            to_agency = f[_I["to_agency"]]
            if not to_agency:
                raise _Bad(r.line, "to_agency", "a transfer needs to_agency, got an empty cell")
            budget_text = f[_I["budget"]]
            if not budget_text:
                raise _Bad(
                    r.line, "budget", "a transfer needs its time budget, e.g. '3 working_days'"
                )
            budget = self._limit(budget_text, r.line, "budget")
            return Transferred(at, to_agency=to_agency, budget=budget, step=f[_I["step"]])
        if kind == "apologized":
            text = f[_I["new_date"]]
            try:
                new_date = dt.date.fromisoformat(text)
            except ValueError:
                raise _Bad(
                    r.line, "new_date", f"an apology needs new_date YYYY-MM-DD, got {text!r}"
                ) from None
            return Apologized(at, new_date=new_date, reason=reason)
        if kind == "resolved":
            text = f[_I["outcome"]]
            approved = _OUTCOMES.get(text.lower())
            if approved is None:
                raise _Bad(
                    r.line,
                    "outcome",
                    f"expected approved or rejected (or the Vietnamese words), got {text!r}",
                )
            return Resolved(at, approved=approved, reason=reason)
        if kind == "fee_requested":
            return FeeRequested(at, note=reason)
        if kind == "refused_at_intake":
            return RefusedAtIntake(at, reason=reason)
        if kind == "supplement_requested":
            return SupplementRequested(at, reason=reason)
        if kind == "stopped":
            return Stopped(at, reason=reason)
        if kind == "withdrawn":
            return Withdrawn(at, reason=reason)
        return EVENT_NAMES[kind](at)


def _header(rows: list[_Row]) -> dict[str, tuple[str, int]]:
    """The dossier's header values and their lines; a contradiction is a row error."""
    header: dict[str, tuple[str, int]] = {}
    for r in rows:
        for column, i in zip(_HEADER_COLUMNS, _HEADER_INDEX, strict=True):
            value = r.fields[i]
            if not value:
                continue
            seen = header.get(column)
            if seen is None:
                header[column] = (value, r.line)
            elif seen[0] != value:
                raise _Bad(
                    r.line, column, f"{value!r} conflicts with {seen[0]!r} given on line {seen[1]}"
                )
    return header


def _channel(text: str, line: int) -> Channel:
    channel = _CHANNELS.get(text) or _CHANNELS.get(text.lower())
    if channel is None:
        raise _Bad(
            line,
            "channel",
            "expected in_person, online or postal (or trực tiếp, trực tuyến, "
            f"bưu chính công ích), got {text!r}",
        )
    return channel


def _assisted(text: str, line: int) -> bool:
    flag = text.lower()
    if flag in _TRUE:
        return True
    if flag not in _FALSE:
        raise _Bad(line, "assisted", f"expected 1/0, true/false or có/không, got {text!r}")
    return False


def _keep(cell: str) -> str:
    text = cell.strip()
    return sys.intern(text) if len(text) <= _INTERNED else text


def _kind(text: str, line: int) -> str:
    kind = _KINDS.get(text)
    if kind is None:
        key = " ".join(text.casefold().split())
        kind = _KINDS.get(key) or _KINDS.get(key.replace(" ", "_").replace("-", "_"))
    if kind is None:
        raise _Bad(
            line,
            "event",
            f"expected an event among {', '.join(EVENT_NAMES)} (or the Vietnamese words), "
            f"got {text!r}",
        )
    return kind


def _transition_error(code: str, rows: list[_Row], events: list[Event], exc: Exception) -> _Bad:
    """The row error for an illegal history: the first event the state machine refuses."""
    for k in range(1, len(events) + 1):
        try:
            check_history(code, tuple(events[:k]))
        except (LapvoError, ValueError) as step:
            return _Bad(rows[k - 1].line, "event", str(step))
    # The history is legal but the dossier is not (an online submission with another channel).
    return _Bad(rows[0].line, "channel", str(exc))
