"""The streaming ledger reader (private; public as lapvo_cchc.adapters.ledger.LedgerReader)."""

from __future__ import annotations

import csv
import itertools
import operator
from typing import TYPE_CHECKING

import attrs

from lapvo_cchc._text import has_control
from lapvo_cchc.adapters.ledger._base import (
    _BLOCK,
    _DATE_PART,
    _LEAF,
    _SEP,
    _SEPARATORS,
    _TIME_PART,
    Bad,
    LedgerError,
    RowError,
    _new_record,
    iso_dates,
)
from lapvo_cchc.adapters.ledger._csvsafe import FIELD_LIMIT as _FIELD_LIMIT
from lapvo_cchc.adapters.ledger._csvsafe import Tap, header_failure, row_failure
from lapvo_cchc.adapters.ledger._due import Lookahead, evidence, midnight_day
from lapvo_cchc.adapters.ledger._fields import RowParser
from lapvo_cchc.adapters.ledger._profiles import COLUMNS, FLAT
from lapvo_cchc.adapters.ledger.vocabulary import REQUIRED as _REQUIRED
from lapvo_cchc.kpi import DossierRecord

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["LedgerReader"]


class LedgerReader(RowParser):
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
        known_codes: Dossier codes already accepted elsewhere (an earlier
            part of the same ledger): a row with one is rejected as a duplicate.
        rejected_codes: When a list is given, the dossier code of every row
            rejected after its code passed the duplicate check is appended to
            it (so a caller splitting a ledger can settle duplicates across
            parts as one pass would).
        due_as: How a due cell at 00:00:00 is read: ``"auto"`` (default; due
            dates when every due instant of the ledger is at midnight, as
            exports of a date column give them, with a
            :class:`~lapvo_cchc.adapters.ledger.MidnightDueWarning`),
            ``"dates"`` or ``"instants"``. After the iteration
            :attr:`due_reading` tells the reading settled (``"instants"`` as
            soon as a day deadline with a clock time is read; ``None`` when
            no due instant was read) and :attr:`due_midnights` how many cells
            were read as dates.
        time_limits: Time limits by procedure code (e.g. a catalogue's,
            :meth:`lapvo_cchc.plugins.CatalogPack.time_limits`) for rows that
            give neither ``due_at`` nor ``time_limit``.

    Raises:
        LedgerError: no header, a header the csv module cannot read (a field
            over 131,072 characters, a bare line break), or a required column
            is missing (on the first iteration step). A data row that the csv
            module cannot read is a row error like any other.
    """

    # -- rows ----------------------------------------------------------------------------

    def __iter__(self) -> Iterator[DossierRecord]:
        lines = iter(self._source)
        header, header_lines = self._header(lines)
        profile = self._profile
        index, shown = profile.locate(header)
        self._require(index)
        dmy = profile.dates == "dmy"
        identity = index == list(range(len(COLUMNS))) and not dmy
        width = max(index) + 1
        fields_in_header = len(header)
        lineno = header_lines + self._first - 1
        # Rows of the common shape are checked and converted a block at a time
        # (_block); a block with anything unusual goes row by row (_row).
        blocks = identity and self._naive and width == fields_in_header
        lines = self._look_ahead(lines, index, dmy=dmy)
        block: list[list[str]] = []
        block_line = 0
        one = self._row
        for line in lines:
            # Fast path: a line without quotes or control characters splits on commas
            # exactly as the csv module reads it; anything else goes through csv (and a
            # line long enough to hold a field over csv's limit, so that such a field is
            # refused whether it is quoted or not).
            text = line.rstrip("\r\n")
            if '"' not in text and text.isprintable() and len(text) <= _FIELD_LIMIT:
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
                row, used, refused = self._slow(line, lines, header, index, shown)
                lineno += used
                if refused is not None:
                    if block:
                        yield from self._flush(block, block_line, shown)
                        block = []
                    self.rows_read += 1
                    self.errors.append(attrs.evolve(refused, line=lineno))
                    continue
            if block:
                yield from self._flush(block, block_line, shown, row)
                block = []
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            record = one(row, lineno, index, shown, fields_in_header, identity, dmy)
            if record is not None:
                yield record
        if block:
            yield from self._flush(block, block_line, shown)

    def _look_ahead(self, lines: Iterator[str], index: list[int], *, dmy: bool) -> Iterator[str]:
        """The rows' lines, under "auto" through a :class:`Lookahead` (for the first midnight)."""
        if self.due_reading is not None:
            return lines
        due, limit = index[COLUMNS.index("due_at")], index[COLUMNS.index("time_limit")]
        self._ahead = Lookahead(lines, due, limit, dmy=dmy)
        return iter(self._ahead)

    def _settle_block(self, block: list[list[str]]) -> None:
        """Settle the "auto" due reading before a block with a due cell at 00:00:00."""
        midnight = False
        for row in block:
            text = row[9] if len(row) > 9 else ""
            if len(text) > 10:
                if evidence(text, row[8]):
                    self.due_clock_seen = True
                    self.due_reading = "instants"
                    return
                midnight = midnight or midnight_day(text) is not None
        if midnight:
            self.settle_due()

    def _header(self, lines: Iterator[str]) -> tuple[list[str], int]:
        """The header row and the number of lines it took."""
        tap = Tap(lines)
        head = csv.reader(tap)
        try:
            return next(head), head.line_num
        except StopIteration:
            raise LedgerError("ledger: expected a header row, got an empty file") from None
        except csv.Error as exc:
            line = head.line_num + self._first - 1
            raise LedgerError(header_failure(exc, tap.lines, "ledger", line)) from None

    def _require(self, index: list[int]) -> None:
        """Raise if a required column is missing from the header."""
        profile = self._profile
        missing = [c for c in _REQUIRED if index[COLUMNS.index(c)] < 0]
        if not missing:
            return
        if profile.name == FLAT.name:
            raise LedgerError(
                f"ledger line {self._first}: missing column(s) {', '.join(missing)}; "
                f"expected the columns {', '.join(COLUMNS)}"
            )
        wanted = "; ".join(f"{c} ({' or '.join(profile.sources(c))})" for c in missing)
        raise LedgerError(
            f"ledger line {self._first}: missing column(s) for profile {profile.name!r}: {wanted}"
        )

    def _slow(
        self,
        line: str,
        lines: Iterator[str],
        header: list[str],
        index: list[int],
        shown: dict[str, str],
    ) -> tuple[list[str], int, RowError | None]:
        """A row read by the csv module: the row, the lines it took, and why it is refused.

        Refused: a row the csv module cannot read (a field over its limit, a
        bare line break), named by its column when it can be told; or a control
        character in a cell that becomes a name or label (only rows read here
        can hold one: the fast path takes printable lines only). The error's
        line is set by the caller.
        """
        tap = Tap(itertools.chain((line,), lines))
        slow = csv.reader(tap)
        try:
            row = next(slow)
        except csv.Error as exc:
            column, reason = row_failure(exc, tap.lines, header)
            return [], slow.line_num, RowError(0, column, reason)
        if not "".join(row).isprintable():
            for i, column in enumerate(COLUMNS[:5]):  # code, procedure, agency, level, field
                j = index[i]
                if 0 <= j < len(row) and has_control(row[j]):
                    reason = f"a control character in {row[j]!r}"
                    return row, slow.line_num, RowError(0, shown.get(column, column), reason)
        return row, slow.line_num, None

    def _flush(
        self,
        block: list[list[str]],
        first: int,
        shown: dict[str, str],
        after: list[str] | None = None,
    ) -> list[DossierRecord]:
        """The records of a block of full-width rows (lines first, first + 1, ...).

        *after* is the row read after the block, not in it (its due cell counts
        when the "auto" due reading is settled here).
        """
        if self.due_reading is None:
            self._settle_block(block if after is None else [*block, after])
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
                fields = iso_dates(fields)
            record = self._record(fields, self._seen)
        except Bad as bad:
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
        chs = list(map(self._channel_words.get, channels))
        flags = list(map(self._assisted_words.get, assisted))
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
        kinds = list(map(self._finish_words.get, finish_texts))
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
