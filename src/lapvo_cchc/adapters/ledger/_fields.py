"""The row parser behind :class:`~lapvo_cchc.adapters.ledger.LedgerReader` (private).

:class:`RowParser` holds the reader's state and caches and turns one row of
cells into a :class:`~lapvo_cchc.kpi.DossierRecord`; the reader adds the
stream, the header and the block-at-a-time fast path on top.
"""

from __future__ import annotations

import datetime as dt
import sys
import warnings
from typing import TYPE_CHECKING, Final

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.adapters.ledger._base import (
    _DATE_PART,
    _NAME_CACHE,
    Bad,
    RowError,
    _new_record,
    clock_table,
)
from lapvo_cchc.adapters.ledger._due import (
    DUE_READINGS,
    DueReading,
    Lookahead,
    MidnightDueWarning,
    midnight_day,
    warning_text,
)
from lapvo_cchc.adapters.ledger._profiles import FLAT, Profile
from lapvo_cchc.adapters.ledger.vocabulary import parse_limit
from lapvo_cchc.calendars import MAX_YEAR, MIN_YEAR
from lapvo_cchc.kpi import DossierRecord
from lapvo_cchc.kpi.counting import day_start, vn_day

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Set

    from lapvo_cchc.deadlines import DeadlineCalendar, TimeLimit

__all__ = ["RowParser"]

_FIRST_DAY: Final = dt.date(MIN_YEAR, 1, 1).toordinal()
_LAST_DAY: Final = dt.date(MAX_YEAR, 12, 31).toordinal()
_LOW: Final = day_start(_FIRST_DAY)
_HIGH: Final = day_start(_LAST_DAY + 1)
_RANGE: Final = f"outside the years the library supports ({MIN_YEAR}-{MAX_YEAR})"


class RowParser:
    """The state, caches and field parsers of a ledger reader (internal base class)."""

    def __init__(
        self,
        source: Iterable[str],
        *,
        calendar: DeadlineCalendar | None = None,
        naive_is_vietnam: bool = True,
        first_line: int = 1,
        profile: Profile = FLAT,
        known_codes: Iterable[str] = (),
        rejected_codes: list[str] | None = None,
        due_as: DueReading = "auto",
        time_limits: Mapping[str, TimeLimit] | None = None,
    ) -> None:
        if due_as not in DUE_READINGS:
            raise ValueError(f"due_as: expected one of {', '.join(DUE_READINGS)}, got {due_as!r}")
        self._source = source
        # A catalogue's limits by procedure code, for rows without due_at and time_limit.
        self._catalog_limits = dict(time_limits or {})
        self._profile = profile
        # The profile's words (canonical ones included), as lookup tables.
        self._channel_words = profile.channel_words()
        self._finish_words = profile.finish_words()
        self._level_words = profile.level_words()
        self._assisted_words = profile.assisted_words()
        self._unit_words = profile.unit_words()
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
        self._clock: dict[str, int] = clock_table()
        self._dues: dict[str, tuple[int, int]] = {}
        self._names: dict[tuple[str, str, str, str], tuple[str, str, str, str]] = {}
        self._seen: set[str] = set(known_codes)
        self._track = rejected_codes
        self._due_as = due_as
        # the reading of due cells at 00:00:00 once settled ("dates" / "instants")
        self.due_reading: str | None = None if due_as == "auto" else due_as
        self.due_midnights = 0  # due cells at 00:00:00 read as dates
        self.due_clock_seen = False  # a due instant with a clock time was read
        self._ahead: Lookahead | None = None

    @property
    def codes_seen(self) -> Set[str]:
        """The dossier codes accepted so far, with the ``known_codes`` given (a live view).

        Example:
            >>> from lapvo_cchc.adapters.ledger import LedgerReader
            >>> reader = LedgerReader(["dossier_code"], known_codes=["D0"])
            >>> sorted(reader.codes_seen)
            ['D0']
        """
        return self._seen

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
                digits = text[11:13] + text[14:16] + text[17:19]
                # ASCII digits only, as datetime.fromisoformat (int() would take " 8" and "+8")
                if not (digits.isascii() and digits.isdigit()):
                    raise Bad(column, f"expected an ISO 8601 instant, got {text!r}")
                h, m, s = int(text[11:13]), int(text[14:16]), int(text[17:19])
                if h > 23 or m > 59 or s > 59 or text[13] != ":" or text[16] != ":":
                    raise Bad(column, f"expected an ISO 8601 instant, got {text!r}")
                secs = h * 3600 + m * 60 + s
            return base + secs
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            raise Bad(column, f"expected an ISO 8601 instant, got {text!r}") from None
        if value.tzinfo is None:
            if not self._naive:
                raise Bad(column, f"expected an instant with a UTC offset, got naive {text!r}")
            value = value.replace(tzinfo=VIETNAM_TZ)
        ts = int(value.timestamp() // 1)
        if not _LOW <= ts < _HIGH:
            raise Bad(column, f"{text} is {_RANGE}")
        return ts

    def _day_base(self, day_text: str, text: str, column: str) -> int:
        try:
            day = dt.date.fromisoformat(day_text)
        except ValueError:
            raise Bad(column, f"expected an ISO 8601 instant, got {text!r}") from None
        if not _FIRST_DAY <= day.toordinal() <= _LAST_DAY:
            raise Bad(column, f"{text} is {_RANGE}")
        base = day_start(day.toordinal())
        self._days[day_text] = base
        return base

    def _due_instant(self, text: str, limit: TimeLimit | None) -> tuple[int, int]:
        """The deadline instant and due day of a due cell that is an instant.

        A cell at 00:00:00 is a due date under the ``"dates"`` reading (see
        :mod:`lapvo_cchc.adapters.ledger._due`); ``"auto"`` settles the reading
        at the first such cell, looking down the rest of the ledger.
        """
        due = self._instant(text, "due_at")
        day = midnight_day(text)
        if day is None:
            if limit is None or limit.unit.name != "WORKING_HOURS":
                self.due_clock_seen = True
                if self.due_reading is None:
                    self.due_reading = "instants"
            return due, vn_day(due - 1)
        if self.due_reading is None:
            self.settle_due()
        if self.due_reading == "dates":
            self.due_midnights += 1
            ordinal = day.toordinal()
            return day_start(ordinal + 1), ordinal
        return due, vn_day(due - 1)

    def settle_due(self) -> None:
        """Settle the "auto" reading of midnight due cells; warn when they are dates."""
        if self.due_reading is not None:
            return
        clock = self.due_clock_seen
        if not clock and self._ahead is not None:
            clock = self._ahead.clock_ahead()
        if clock:
            self.due_reading = "instants"
            return
        self.due_reading = "dates"
        warnings.warn(MidnightDueWarning(warning_text(self.where)), stacklevel=2)

    @property
    def where(self) -> str:
        """The ledger's name for messages (the file name when known)."""
        name = getattr(self._source, "name", None)
        return name if isinstance(name, str) else "ledger"

    def _limit(self, text: str) -> TimeLimit:
        limit = self._limits.get(text)
        if limit is None:
            limit = self._limits[text] = parse_limit(text, self._unit_words)
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

    def _learn_days(self, texts: Iterable[str]) -> bool:
        """Cache the day of every valid ``YYYY-MM-DD`` prefix of *texts* (as :meth:`_day_base`)."""
        learnt = False
        for day_text in set(map(_DATE_PART, texts)) - self._days.keys():
            try:
                day = dt.date.fromisoformat(day_text)
            except ValueError:
                continue
            if not _FIRST_DAY <= day.toordinal() <= _LAST_DAY:
                continue  # left to the row parser, which rejects it
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
            if not _FIRST_DAY <= due_day <= _LAST_DAY:
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
            raise Bad("dossier_code", "expected a dossier code, got an empty cell", checked=False)
        if code in seen:
            raise Bad(
                "dossier_code", f"duplicate dossier code {code!r} (first row kept)", checked=False
            )
        if not procedure:
            raise Bad("procedure_code", "expected a procedure code, got an empty cell")
        if not agency:
            raise Bad("agency_code", "expected an agency code, got an empty cell")
        channels = self._channel_words
        ch = channels.get(channel) or channels.get(channel.strip().lower())
        if ch is None:
            raise Bad(
                "channel",
                "expected in_person, online or postal (or trực tiếp, trực tuyến, "
                f"bưu chính công ích), got {channel!r}",
            )
        if assisted == "0" or assisted == "":  # noqa: PLR1714 (no hashing in the common case)
            is_assisted = False
        elif assisted == "1":
            is_assisted = True
        else:
            words = self._assisted_words
            flag = words.get(assisted)
            if flag is None:
                flag = words.get(assisted.strip().lower())
            if flag is not None:
                is_assisted = flag
            else:
                raise Bad("assisted", f"expected 1/0, true/false or có/không, got {assisted!r}")
        if not received_text:
            raise Bad("received_at", "expected the receipt instant, got an empty cell")
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
                    raise Bad("time_limit", str(exc)) from None
        if limit is None and not due_text and self._catalog_limits:
            limit = self._catalog_limits.get(procedure.strip())
        if due_text:
            hit = self._dues.get(due_text)
            if hit is not None:
                due, due_day = hit
            elif len(due_text) == 10:
                try:
                    due_day = dt.date.fromisoformat(due_text).toordinal()
                except ValueError:
                    raise Bad(
                        "due_at", f"expected an ISO 8601 date or instant, got {due_text!r}"
                    ) from None
                if not _FIRST_DAY <= due_day <= _LAST_DAY:
                    raise Bad("due_at", f"{due_text} is {_RANGE}")
                due = day_start(due_day + 1)
                self._dues[due_text] = (due, due_day)
            else:
                due, due_day = self._due_instant(due_text, limit)
            if due < received:
                raise Bad(
                    "due_at", f"the deadline {due_text} is before the receipt {received_text}"
                )
        elif limit is not None:
            due, due_day = self._compute(received, limit, pairs, "time_limit")
        else:
            raise Bad("due_at", "expected due_at or time_limit, got neither")
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
                raise Bad(
                    "finished_at",
                    f"finished {finished_text} before it was received {received_text}",
                )
            finishes = self._finish_words
            finish = finishes.get(finish_text) or finishes.get(finish_text.strip().lower())
            if finish is None:
                raise Bad(
                    "finish_kind",
                    "expected approved, rejected, returned, withdrawn, stopped or refused "
                    f"(or the Vietnamese words), got {finish_text!r}",
                )
        elif finish_text:
            raise Bad("finished_at", f"finish_kind {finish_text!r} given without finished_at")
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
        levels = self._level_words
        lv = levels.get(level)
        if lv is None:
            lv = levels.get(level.strip().lower(), level.strip())
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
                raise Bad("supplement_supplied_at", "a supply without a supplement request")
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
            raise Bad(
                "supplement_supplied_at",
                f"expected one supply per request (the last may be missing), got "
                f"{len(requests)} requests and {len(supplies)} supplies",
            )
        pairs: list[tuple[int, int | None]] = []
        previous = received
        for i, r in enumerate(requests):
            s = supplies[i] if i < len(supplies) else None
            if r < previous:
                raise Bad(
                    "supplement_requested_at",
                    f"request {i + 1} is before the receipt or the previous supply",
                )
            if s is not None and s < r:
                raise Bad("supplement_supplied_at", f"supply {i + 1} is before its request")
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
            raise Bad(column, f"cannot compute the deadline: {exc}") from None
        return int(dl.at.timestamp() // 1), dl.date.toordinal()
