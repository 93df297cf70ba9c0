"""Hypothesis strategies for property-testing deadline and dossier code.

Other projects use these to test their own deadline code against
:mod:`lapvo_cchc` (or :mod:`lapvo_cchc` as an oracle for theirs):

* :func:`calendars`: the Vietnamese state-agency calendar and calendars derived
  from it with random extra days off and extra working days;
* :func:`time_limits`: legal time limits in every unit;
* :func:`received_instants`: aware receipt instants (UTC+7) inside the
  calendar's official years;
* :func:`event_histories`: valid sequences of dossier events;
* :func:`dossiers`: whole valid dossiers.

Once the package is installed, hypothesis loads this module through its
``hypothesis`` entry point, so ``st.from_type(TimeLimit)`` (and
:class:`~lapvo_cchc.calendars.WorkCalendar`,
:class:`~lapvo_cchc.deadlines.Deadline`, :class:`~lapvo_cchc.dossiers.Dossier`,
:class:`~lapvo_cchc.dossiers.Event` and the three code types of
:mod:`lapvo_cchc.procedures`) draw from these strategies without an import
(importing this module registers them as well).

Hypothesis is not a core dependency: install the extra
``pip install "lapvo-cchc[testing]"``. Importing this module without it raises
:class:`~lapvo_cchc.errors.MissingExtraError`. The module registers no
hypothesis profile.

Example:
    >>> from hypothesis import given
    >>> from lapvo_cchc.calendars import vietnam
    >>> from lapvo_cchc.testing import dossiers
    >>> cal = vietnam()
    >>> @given(dossiers(calendar=cal))
    ... def test_finished_before_deadline_is_never_late(d):
    ...     deadline = d.deadline(calendar=cal)
    ...     if d.finished_at is not None and deadline is not None and not d.pauses:
    ...         if d.paused_since is None and d.finished_at <= deadline.at:
    ...             assert d.outcome(calendar=cal).name != "LATE"
    >>> test_finished_before_deadline_is_never_late()
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from lapvo_cchc.errors import CalendarError, MissingExtraError

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise MissingExtraError(
        'lapvo_cchc.testing needs hypothesis: pip install "lapvo-cchc[testing]"'
    ) from exc

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.calendars import WorkCalendar, vietnam
from lapvo_cchc.deadlines import Deadline, TimeLimit, compute_deadline
from lapvo_cchc.dossiers import (
    ALLOWED_EVENTS,
    TARGET_STATE,
    Apologized,
    Channel,
    Dossier,
    Event,
    FeeMet,
    FeeRequested,
    Received,
    RefusedAtIntake,
    Resolved,
    ResultReturned,
    State,
    Stopped,
    SubmittedOnline,
    SupplementRequested,
    SupplementSupplied,
    Transferred,
    Withdrawn,
)
from lapvo_cchc.procedures import AgencyCode, DossierCode, ProcedureCode

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = [
    "calendars",
    "dossiers",
    "event_histories",
    "received_instants",
    "time_limits",
]

_BOUNDARY_TIMES = (
    dt.time(0, 0),
    dt.time(7, 0),
    dt.time(11, 30),
    dt.time(13, 30),
    dt.time(15, 0),
    dt.time(15, 30),
    dt.time(17, 0),
    dt.time(23, 59, 59),
)
_REASONS = ("thiếu giấy tờ", "không đủ điều kiện", "sai thủ tục", "chờ xác minh")
_AGENCIES = ("000.00.06.H56", "000.17.22.H56", "000.00.12.H30", "H55.242")


def _official_span(calendar: WorkCalendar) -> tuple[int, int]:
    """The first and last year with an official schedule (2010-2026 for ``vietnam()``)."""
    years = [y for y in range(2000, 2101) if not calendar.is_provisional(y)]
    if not years:
        raise CalendarError(f"{calendar.name}: no official (non-provisional) year in 2000-2100")
    return years[0], years[-1]


# -- calendars ------------------------------------------------------------------------------


@st.composite
def _derived(draw: st.DrawFn, base: WorkCalendar, max_changes: int) -> WorkCalendar:
    first, last = _official_span(base)
    days = st.dates(dt.date(first, 1, 1), dt.date(last, 12, 31))
    changed = draw(st.lists(days, max_size=max_changes, unique=True))
    off = [d for d in changed if base.is_working_day(d)]
    worked = [d for d in changed if not base.is_working_day(d)]
    return base.derive(extra_days_off=off, extra_working_days=worked, name=f"{base.name}+random")


def calendars(
    *, base: WorkCalendar | None = None, max_changes: int = 6
) -> st.SearchStrategy[WorkCalendar]:
    """Working-day calendars: *base* itself, or derived with random changes.

    A derived calendar turns up to *max_changes* random dates of the base's
    official years around: a working day becomes an extra day off, a day off
    an extra working day (as provinces and agencies do).

    Args:
        base: the calendar to start from; default :func:`lapvo_cchc.calendars.vietnam`.
        max_changes: the most dates changed in a derived calendar.

    Example:
        >>> import datetime as dt
        >>> from hypothesis import given
        >>> from lapvo_cchc.testing import calendars
        >>> @given(calendars())
        ... def test_add_then_count(cal):
        ...     d = dt.date(2024, 4, 25)
        ...     assert cal.count_working_days(d, cal.add_working_days(d, 5)) == 5
        >>> test_add_then_count()
    """
    start = vietnam() if base is None else base
    return st.one_of(st.just(start), _derived(start, max_changes))


# -- time limits ----------------------------------------------------------------------------


def time_limits(
    *,
    max_working_days: int = 30,
    max_calendar_days: int = 45,
    max_working_hours: int = 40,
    same_day: bool = True,
) -> st.SearchStrategy[TimeLimit]:
    """Legal time limits in every unit (working days, calendar days, working hours, same day).

    Amounts start at 0; same-day limits get the default cut-off or a random
    one between 08:00 and 17:00 on the quarter hour.

    Example:
        >>> from hypothesis import given
        >>> from lapvo_cchc.testing import time_limits
        >>> @given(time_limits(max_working_days=5))
        ... def test_amount_is_never_negative(limit):
        ...     assert limit.amount >= 0
        >>> test_amount_is_never_negative()
    """
    cutoffs = st.one_of(
        st.none(),
        st.builds(dt.time, st.integers(8, 16), st.sampled_from((0, 15, 30, 45))),
    )
    options = [
        st.integers(0, max_working_days).map(TimeLimit.working_days),
        st.integers(0, max_calendar_days).map(TimeLimit.calendar_days),
        st.integers(0, max_working_hours).map(TimeLimit.working_hours),
    ]
    if same_day:
        options.append(cutoffs.map(TimeLimit.same_day))
    return st.one_of(options)


_default_limits = time_limits


# -- instants -------------------------------------------------------------------------------


def received_instants(
    calendar: WorkCalendar | None = None,
    *,
    min_date: dt.date | None = None,
    max_date: dt.date | None = None,
) -> st.SearchStrategy[dt.datetime]:
    """Aware receipt instants in Vietnam time (UTC+7), to the second.

    By default the dates run from 1 January of the calendar's first official
    year to 30 June of its last one, so that deadlines computed with the other
    strategies' defaults (histories span at most 60 days, limits at most 30
    working days) stay inside official years and raise no
    :class:`~lapvo_cchc.errors.ProvisionalCalendarWarning`.
    Times favour the edges of the working day (07:00, 11:30, 13:30, the 15:00
    cut-off, 17:00, midnight) and are otherwise uniform over the day.

    Args:
        calendar: whose official years bound the dates; default ``vietnam()``.
        min_date: first date (overrides the default).
        max_date: last date (overrides the default).

    Example:
        >>> from hypothesis import given
        >>> from lapvo_cchc.testing import received_instants
        >>> @given(received_instants())
        ... def test_in_vietnam_time(at):
        ...     assert at.utcoffset().total_seconds() == 7 * 3600
        >>> test_in_vietnam_time()
    """
    first, last = _official_span(vietnam() if calendar is None else calendar)
    low = dt.date(first, 1, 1) if min_date is None else min_date
    high = dt.date(last, 6, 30) if max_date is None else max_date
    seconds = st.integers(0, 86_399).map(lambda s: dt.time(s // 3600, s // 60 % 60, s % 60))
    times = st.one_of(st.sampled_from(_BOUNDARY_TIMES), seconds)
    return st.builds(
        lambda d, t: dt.datetime.combine(d, t, tzinfo=VIETNAM_TZ), st.dates(low, high), times
    )


# -- event histories ------------------------------------------------------------------------

_GAP = st.one_of(
    st.just(dt.timedelta(0)),
    st.integers(1, 8 * 3600).map(lambda s: dt.timedelta(seconds=s)),
    st.integers(1, 7 * 86_400).map(lambda s: dt.timedelta(seconds=s)),
    st.integers(1, 21 * 86_400).map(lambda s: dt.timedelta(seconds=s)),
)
# Event types a random walk may take, in a fixed order for reproducible shrinking, repeated
# to weigh them: processing events are likelier than the ones that finish a dossier.
_WEIGHTED: tuple[type[Event], ...] = (
    *(SupplementRequested, SupplementSupplied, Transferred) * 3,
    *(Resolved, FeeRequested, FeeMet) * 2,
    ResultReturned,
    Apologized,
    Stopped,
    Withdrawn,
)
_SPAN = dt.timedelta(days=60)  # the longest history, receipt to last event
_CONTINUE = (False, True, True, True, True, True)  # index 0 (stop) is what shrinking aims at
_REFUSE = (False,) * 19 + (True,)


def _make(draw: st.DrawFn, kind: type[Event], at: dt.datetime) -> Event:
    if kind is Transferred:
        budget = draw(time_limits(max_working_days=5, max_calendar_days=7, max_working_hours=16))
        agency = draw(st.sampled_from(_AGENCIES))
        return Transferred(
            at, to_agency=agency, budget=budget, step=draw(st.sampled_from(("", "thẩm định")))
        )
    if kind is Apologized:
        days = draw(st.integers(0, 15))
        return Apologized(at, new_date=at.date() + dt.timedelta(days=days), reason=_REASONS[3])
    if kind is Resolved:
        approved = draw(st.booleans())
        return Resolved(at, approved=approved, reason="" if approved else _REASONS[1])
    if kind is Stopped:
        return Stopped(at, reason=draw(st.sampled_from(_REASONS)))
    if kind is SupplementRequested:
        return SupplementRequested(at, reason=_REASONS[0])
    return kind(at)


@st.composite
def _histories(
    draw: st.DrawFn,
    received_at: st.SearchStrategy[dt.datetime],
    online: bool | None,
    refusals: bool,
    max_events: int,
) -> tuple[Event, ...]:
    start = draw(received_at)
    is_online = draw(st.booleans()) if online is None else online
    events: list[Event] = []
    if is_online:
        lead = draw(st.integers(0, 3 * 86_400))
        events.append(SubmittedOnline(start - dt.timedelta(seconds=lead)))
    if refusals and draw(st.sampled_from(_REFUSE)):
        events.append(RefusedAtIntake(start, reason=draw(st.sampled_from(_REASONS))))
        return tuple(events)
    events.append(Received(start))
    state: type[Event] = Received
    at = start
    while len(events) < max_events:
        allowed = [k for k in _WEIGHTED if k in ALLOWED_EVENTS[_target(state)]]
        if not allowed or not draw(st.sampled_from(_CONTINUE)):
            break
        kind = draw(st.sampled_from(allowed))
        at = min(at + draw(_GAP), start + _SPAN)
        events.append(_make(draw, kind, at))
        state = kind
    return tuple(events)


def _target(kind: type[Event]) -> State:
    return TARGET_STATE[kind]


def event_histories(
    received_at: st.SearchStrategy[dt.datetime] | None = None,
    *,
    online: bool | None = None,
    refusals: bool = True,
    max_events: int = 10,
) -> st.SearchStrategy[tuple[Event, ...]]:
    """Valid dossier histories: random walks over the lifecycle state machine.

    Each history starts with :class:`~lapvo_cchc.dossiers.Received` at an
    instant from *received_at* (online ones with a
    :class:`~lapvo_cchc.dossiers.SubmittedOnline` up to three days before), or,
    about one time in twenty when *refusals* is true, is refused at intake
    instead. Then it walks the legal transitions with gaps of zero, up to eight
    hours or up to seven days, and stops at a final state, at random, or at
    *max_events*. Pauses, transfers with their own budgets, apologies,
    rejections with reasons and results returned after resolution all occur.

    Args:
        received_at: receipt instants; default :func:`received_instants`.
        online: whether histories start with an online submission; ``None``
            for either.
        refusals: whether to include dossiers refused at intake.
        max_events: the longest history.

    Example:
        >>> from hypothesis import given
        >>> from lapvo_cchc.dossiers import check_history
        >>> from lapvo_cchc.testing import event_histories
        >>> @given(event_histories())
        ... def test_histories_are_legal(events):
        ...     check_history("test", events)
        >>> test_histories_are_legal()
    """
    instants = received_instants() if received_at is None else received_at
    return _histories(instants, online, refusals, max(max_events, 2))


# -- dossiers -------------------------------------------------------------------------------


@st.composite
def _dossiers(
    draw: st.DrawFn,
    *,
    instants: st.SearchStrategy[dt.datetime],
    limits: st.SearchStrategy[TimeLimit],
    channels: Sequence[Channel],
    refusals: bool,
    max_events: int,
) -> Dossier:
    channel = draw(st.sampled_from(channels))
    events = draw(
        event_histories(
            instants,
            online=None if channel is Channel.ONLINE else False,
            refusals=refusals,
            max_events=max_events,
        )
    )
    day = next(e.at for e in events if type(e) in (Received, RefusedAtIntake)).date()
    agency = AgencyCode(draw(st.sampled_from(_AGENCIES)))
    code = DossierCode.build(agency, day, draw(st.integers(1, 9999)))
    procedure = ProcedureCode(f"{draw(st.integers(1, 2))}.{draw(st.integers(0, 999_999)):06d}")
    return Dossier(
        code=code,
        procedure_code=procedure,
        time_limit=draw(limits),
        agency=agency,
        channel=channel,
        assisted=draw(st.booleans()),
        events=events,
    )


def dossiers(
    *,
    calendar: WorkCalendar | None = None,
    time_limits: st.SearchStrategy[TimeLimit] | None = None,
    received_at: st.SearchStrategy[dt.datetime] | None = None,
    channels: Sequence[Channel] = tuple(Channel),
    refusals: bool = True,
    max_events: int = 10,
) -> st.SearchStrategy[Dossier]:
    """Whole valid dossiers: a header and an :func:`event_histories` history.

    The dossier code is built from the agency, the receipt date and a random
    sequence number (TT 01/2018 Art. 19); online dossiers may start with an
    online submission; a few are refused at intake (when *refusals* is true).

    Args:
        calendar: whose official years bound the receipt instants.
        time_limits: the procedure limits; default :func:`time_limits`.
        received_at: receipt instants; default ``received_instants(calendar)``.
        channels: the channels to draw from.
        refusals: whether to include dossiers refused at intake.
        max_events: the longest history.

    Example:
        >>> from hypothesis import given
        >>> from lapvo_cchc.testing import dossiers
        >>> @given(dossiers())
        ... def test_replay(d):
        ...     assert type(d)(code=d.code, procedure_code=d.procedure_code,
        ...                    time_limit=d.time_limit, agency=d.agency, channel=d.channel,
        ...                    assisted=d.assisted, events=d.events) == d
        >>> test_replay()
    """
    instants = received_instants(calendar) if received_at is None else received_at
    limits = _default_limits() if time_limits is None else time_limits
    return _dossiers(
        instants=instants,
        limits=limits,
        channels=tuple(channels),
        refusals=refusals,
        max_events=max_events,
    )


# -- the hypothesis entry point -------------------------------------------------------------


def _deadlines() -> st.SearchStrategy[Deadline]:
    cal = vietnam()
    return st.builds(
        lambda at, limit: compute_deadline(at, limit, calendar=cal),
        received_instants(cal),
        time_limits(),
    )


def _hypothesis_setup_hook() -> None:
    """Register the strategies for ``st.from_type`` (hypothesis' ``hypothesis`` entry point).

    Declared in ``pyproject.toml`` under ``[project.entry-points.hypothesis]``;
    hypothesis calls it when it is first imported, so users need no import of
    this module. Calling it again is harmless.

    Example:
        >>> from hypothesis import given, strategies as st
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> _hypothesis_setup_hook()
        >>> @given(st.from_type(TimeLimit))
        ... def test_limits(limit):
        ...     assert limit.amount >= 0
        >>> test_limits()
    """
    # Functions of the type, so nothing is built (no calendar loaded) until a test asks.
    registry: dict[type[object], Callable[[type[object]], st.SearchStrategy[object]]] = {
        TimeLimit: lambda _: time_limits(),
        WorkCalendar: lambda _: calendars(),
        Deadline: lambda _: _deadlines(),
        Dossier: lambda _: dossiers(),
        Event: lambda _: event_histories().flatmap(st.sampled_from),
        AgencyCode: lambda _: st.sampled_from(_AGENCIES).map(AgencyCode),
        ProcedureCode: lambda _: st.builds(
            lambda lvl, n: ProcedureCode(f"{lvl}.{n:06d}"),
            st.integers(1, 2),
            st.integers(0, 999_999),
        ),
        DossierCode: lambda _: st.builds(
            DossierCode.build,
            st.sampled_from(_AGENCIES).map(AgencyCode),
            st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)),
            st.integers(1, 9999),
        ),
    }
    for kind, strategy in registry.items():
        st.register_type_strategy(kind, strategy)


# Importing this module registers too, for environments where the package is on the path
# without being installed (so without its entry point); registering twice is harmless.
_hypothesis_setup_hook()
