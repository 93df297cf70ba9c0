"""The calendar dimension the plan joins to: a row per day, per working day and per bucket.

Three small tables carry everything the deadline rules need, so that a
deadline is computed by equality joins only (private module):

``lv_cal_day``
    One row per day ``d`` (a date ordinal): ``w`` (1 on a working day),
    ``wd`` (working days on or before ``d`` since the table's first day: the
    working-day ordinal), ``ms`` (working seconds before ``d``: the
    working-time position at the day's start) and the day's sessions as
    ``s1, l1, s2, l2, s3, l3`` (start second of the day and length; 0 when
    absent).
``lv_cal_wd``
    One row per working day: its ordinal ``k`` and date ordinal ``d``.
``lv_cal_bucket``
    Working time cut into buckets of ``g`` seconds (``g`` = the shortest
    working day): bucket ``b`` holds the working day containing position
    ``b * g`` and the working days before and after it, with their start
    positions, lengths and sessions. A position falls in one of those three.

``count_working_days(a, b) == wd(b) - wd(a)``; ``add_working_days(day, n)``
is the working day of ordinal ``wd(day) + n`` (``+ 1`` when ``n == 0`` on a
day off); a working-time position is ``ms(d)`` plus the worked part of the
sessions before the time of day.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

import attrs

from lapvo_cchc.errors import LapvoError

if TYPE_CHECKING:
    from lapvo_cchc.deadlines import DeadlineCalendar

__all__ = ["MAX_SESSIONS", "CalendarDimension", "build_dimension"]

MAX_SESSIONS: Final = 3
"""Working sessions per day the plan handles (Vietnam's calendar has two)."""

DAY_COLUMNS: Final = ("d", "w", "wd", "ms", "s1", "l1", "s2", "l2", "s3", "l3")
WD_COLUMNS: Final = ("k", "d")
_SIDE: Final = ("d", "c", "l", "s1", "l1", "s2", "l2", "s3", "l3")
BUCKET_COLUMNS: Final = ("b", *(f"{p}{c}" for p in ("p", "m", "n") for c in _SIDE))


@attrs.frozen
class CalendarDimension:
    """The three tables of a calendar over a range of years (private).

    Attributes:
        first: The first day's ordinal.
        last: The last day's ordinal.
        days: Rows of ``lv_cal_day`` (:data:`DAY_COLUMNS`).
        working: Rows of ``lv_cal_wd``.
        buckets: Rows of ``lv_cal_bucket``.
        g: The bucket width in seconds.
    """

    first: int
    last: int
    days: list[tuple[int, ...]]
    working: list[tuple[int, int]]
    buckets: list[tuple[int, ...]]
    g: int


def _sessions(calendar: DeadlineCalendar, day: dt.date) -> list[tuple[int, int]]:
    get = getattr(calendar, "sessions_on", None)
    if get is None:
        return []
    out = []
    for s in get(day):
        start = s.start.hour * 3600 + s.start.minute * 60 + s.start.second
        end = s.end.hour * 3600 + s.end.minute * 60 + s.end.second
        out.append((start, end - start))
    if len(out) > MAX_SESSIONS:
        raise LapvoError(
            f"engines: {day} has {len(out)} working sessions; the plan handles {MAX_SESSIONS}"
        )
    return out


def build_dimension(
    calendar: DeadlineCalendar, first_year: int, last_year: int
) -> CalendarDimension:
    """The calendar's tables from 1 January of *first_year* to 31 December of *last_year*.

    Example:
        >>> from lapvo_cchc.calendars import vietnam
        >>> dim = build_dimension(vietnam(), 2026, 2026)
        >>> len(dim.days), len(dim.working), dim.g
        (365, 250, 28800)
    """
    first = dt.date(first_year, 1, 1).toordinal()
    last = dt.date(last_year, 12, 31).toordinal()
    days: list[tuple[int, ...]] = []
    working: list[tuple[int, int]] = []
    sides: list[tuple[int, ...]] = []  # (d, c, l, s1, l1, ...) per working day
    k = 0
    ms = 0
    for o in range(first, last + 1):
        day = dt.date.fromordinal(o)
        w = calendar.is_working_day(day)
        sess = _sessions(calendar, day) if w else []
        flat = [x for pair in sess for x in pair] + [0] * (2 * (MAX_SESSIONS - len(sess)))
        if w:
            k += 1
            working.append((k, o))
        days.append((o, int(w), k, ms, *flat))
        length = sum(length for _, length in sess)
        if w:
            sides.append((o, ms, length, *flat))
        ms += length
    lengths = [s[2] for s in sides if s[2] > 0]
    g = min(lengths) if lengths else 86400
    buckets: list[tuple[int, ...]] = []
    none = (0,) * len(_SIDE)
    timed = [s for s in sides if s[2] > 0]
    j = 0
    for b in range(ms // g + 1):
        pos = b * g
        while j + 1 < len(timed) and timed[j][1] + timed[j][2] <= pos:
            j += 1
        if not timed:
            break
        prev = timed[j - 1] if j > 0 else none
        nxt = timed[j + 1] if j + 1 < len(timed) else none
        buckets.append((b, *prev, *timed[j], *nxt))
    return CalendarDimension(first, last, days, working, buckets, g)
