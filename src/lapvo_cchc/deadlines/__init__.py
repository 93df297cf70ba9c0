"""Legal deadlines of administrative procedures (*thời hạn giải quyết*).

Time limits, the regimes that count them, due dates (*ngày hẹn trả kết quả*)
with pauses of the clock, apology letters, outcomes (*trước hạn / đúng hạn /
quá hạn*) and dashboard progress. See ``docs/deadlines.md`` and
``docs/design/rules.md``.

Example:
    >>> import datetime as dt
    >>> from lapvo_cchc.calendars import vietnam
    >>> from lapvo_cchc.deadlines import TimeLimit, compute_deadline, classify
    >>> from lapvo_cchc._time import VIETNAM_TZ
    >>> received = dt.datetime(2020, 1, 21, 10, tzinfo=VIETNAM_TZ)  # Tue before Tết 2020
    >>> dl = compute_deadline(received, TimeLimit.working_days(3), calendar=vietnam())
    >>> dl.date                                   # 22 Jan, then Tết 23-29 Jan is off
    datetime.date(2020, 1, 31)
    >>> classify(dl, finished_at=dt.datetime(2020, 1, 31, 16, tzinfo=VIETNAM_TZ)).value
    'đúng hạn'
"""

from __future__ import annotations

from lapvo_cchc.deadlines._compute import (
    Deadline,
    DeadlineCalendar,
    LimitSource,
    Pause,
    Suspension,
    compute_deadline,
    suspend,
    working_time_budget,
)
from lapvo_cchc.deadlines._lateness import Lateness, lateness
from lapvo_cchc.deadlines._limits import TimeLimit, TimeUnit
from lapvo_cchc.deadlines._outcome import Outcome, classify
from lapvo_cchc.deadlines._pauses import PausePolicy
from lapvo_cchc.deadlines._progress import DEFAULT_THRESHOLDS, Band, Progress, Thresholds, progress
from lapvo_cchc.deadlines._regimes import (
    BUILTIN_REGIMES,
    DECREE_61_2018,
    DECREE_118_2025,
    Regime,
    regime_for,
)

__all__ = [
    "BUILTIN_REGIMES",
    "DECREE_61_2018",
    "DECREE_118_2025",
    "DEFAULT_THRESHOLDS",
    "Band",
    "Deadline",
    "DeadlineCalendar",
    "Lateness",
    "LimitSource",
    "Outcome",
    "Pause",
    "PausePolicy",
    "Progress",
    "Regime",
    "Suspension",
    "Thresholds",
    "TimeLimit",
    "TimeUnit",
    "classify",
    "compute_deadline",
    "lateness",
    "progress",
    "regime_for",
    "suspend",
    "working_time_budget",
]
