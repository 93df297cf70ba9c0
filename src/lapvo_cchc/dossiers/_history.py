"""History-derived values of a dossier: state, receipt, finish, pauses (private module)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol, Self, TypeVar

import attrs

from lapvo_cchc._time import to_vietnam
from lapvo_cchc.dossiers._events import (
    Event,
    FeeMet,
    FeeRequested,
    Received,
    RefusedAtIntake,
    Resolved,
    ResultReturned,
    Stopped,
    SupplementRequested,
    SupplementSupplied,
    Withdrawn,
)
from lapvo_cchc.dossiers._states import TARGET, State

if TYPE_CHECKING:
    from lapvo_cchc.deadlines import TimeLimit
    from lapvo_cchc.procedures import DossierCode

__all__ = [
    "D",
    "DossierView",
    "Pause",
    "finished_at",
    "finished_at_of",
    "paused_since_of",
    "pauses",
    "pauses_of",
    "received_at_of",
    "state_of",
    "until",
]

Pause = tuple[dt.datetime, dt.datetime]

_PAUSE_START = (SupplementRequested, FeeRequested)
_PAUSE_END = (SupplementSupplied, FeeMet)


class DossierView(Protocol):
    """What the derived queries read of a dossier (:class:`Dossier` has it all)."""

    @property
    def code(self) -> DossierCode: ...
    @property
    def time_limit(self) -> TimeLimit: ...
    @property
    def events(self) -> tuple[Event, ...]: ...
    @property
    def state(self) -> State: ...
    @property
    def received_at(self) -> dt.datetime | None: ...
    @property
    def finished_at(self) -> dt.datetime | None: ...
    def until(self, instant: dt.datetime) -> Self | None: ...


D = TypeVar("D", bound=DossierView)


def finished_at(events: tuple[Event, ...]) -> dt.datetime | None:
    """The finishing instant by the 766 precedence (see :attr:`Dossier.finished_at`).

    See docs/design/kpi.md#on-time-indicator.
    """
    returned: dt.datetime | None = None
    other: dt.datetime | None = None
    for event in events:
        kind = type(event)
        if kind is Resolved:
            return event.at
        if kind is ResultReturned:
            returned = event.at
        elif kind is Stopped or kind is RefusedAtIntake or kind is Withdrawn:
            other = event.at
    return returned if returned is not None else other


def pauses(events: tuple[Event, ...]) -> tuple[tuple[Pause, ...], dt.datetime | None]:
    """The completed pauses and the start of the pending one (``None`` if none)."""
    done: list[Pause] = []
    start: dt.datetime | None = None
    for event in events:
        if isinstance(event, _PAUSE_START):
            start = event.at
        elif isinstance(event, _PAUSE_END) and start is not None:
            done.append((start, event.at))
            start = None
    return tuple(done), start


def state_of(dossier: DossierView) -> State:
    """The current state (the target of the last event of the validated history).

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Channel, Dossier
        >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
        >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
        ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
        ...     channel=Channel.IN_PERSON, at=t)
        >>> d.state.name
        'RECEIVED'
    """
    return TARGET[type(dossier.events[-1])]


def received_at_of(dossier: DossierView) -> dt.datetime | None:
    """When the dossier was received (the clock started), or ``None`` before receipt.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Channel, Dossier
        >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
        >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
        ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
        ...     channel=Channel.IN_PERSON, at=t)
        >>> d.received_at.isoformat()
        '2026-03-02T09:00:00+07:00'
    """
    for event in dossier.events:
        if type(event) is Received:
            return event.at
    return None


def finished_at_of(dossier: DossierView) -> dt.datetime | None:
    """When the dossier finished, by the 766 precedence, or ``None`` if not finished.

    See docs/design/kpi.md#on-time-indicator.

    Resolved beats result returned, which beats stopped or refused;
    withdrawn is finished too.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Channel, Dossier
        >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
        >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
        ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
        ...     channel=Channel.IN_PERSON, at=t)
        >>> t = d.received_at + dt.timedelta(days=1)
        >>> d.finished_at is None
        True
        >>> d.resolve(t).return_result(t + dt.timedelta(days=1)).finished_at == t
        True
    """
    return finished_at(dossier.events)


def pauses_of(dossier: DossierView) -> tuple[Pause, ...]:
    """The completed pauses of the clock, (requested, supplied or met), in order.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Channel, Dossier
        >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
        >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
        ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
        ...     channel=Channel.IN_PERSON, at=t)
        >>> d.request_fee(d.received_at).pauses
        ()
    """
    return pauses(dossier.events)[0]


def paused_since_of(dossier: DossierView) -> dt.datetime | None:
    """When the pending pause began, if the dossier awaits a supplement or a fee.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Channel, Dossier
        >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
        >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
        ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
        ...     channel=Channel.IN_PERSON, at=t)
        >>> d.request_supplement(d.received_at).paused_since == d.received_at
        True
    """
    return pauses(dossier.events)[1]


def until(dossier: D, instant: dt.datetime) -> D | None:
    """The dossier as it was at *instant*: only the events at or before it.

    Returns ``None`` if the dossier had no event yet at *instant*.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Channel, Dossier
        >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
        >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
        ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
        ...     channel=Channel.IN_PERSON, at=t)
        >>> t = d.received_at
        >>> later = d.resolve(t + dt.timedelta(days=2))
        >>> later.until(t + dt.timedelta(days=1)).state.name
        'RECEIVED'
        >>> later.until(t - dt.timedelta(days=1)) is None
        True
    """
    instant = to_vietnam(instant, "until(instant)")
    events = tuple(e for e in dossier.events if e.at <= instant)
    me = dossier
    if len(events) == len(dossier.events):
        return me
    if not events:
        return None
    return attrs.evolve(me, events=events)  # type: ignore[misc]  # Dossier is an attrs class
