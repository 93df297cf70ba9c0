"""Dossiers (*hồ sơ*), their events and the lifecycle state machine.

A :class:`Dossier` is a header (code, procedure, time limit, agency, channel,
assisted-filing flag) plus an immutable tuple of events. Recording an event
returns a new dossier; an illegal sequence raises
:class:`~lapvo_cchc.errors.InvalidTransitionError` naming the dossier code, the
state and the event. The state, the legal deadline (with its pauses), the
appointment date, the outcome at any instant and the inter-agency steps are
derived from the events on demand. :data:`DVCQG_STATUS` maps states to and
from the national portal's status codes 1–10.

Example:
    >>> import datetime as dt
    >>> from lapvo_cchc.calendars import vietnam
    >>> from lapvo_cchc.deadlines import TimeLimit
    >>> from lapvo_cchc.dossiers import DVCQG_STATUS, Channel, Dossier
    >>> ict = dt.timezone(dt.timedelta(hours=7))
    >>> d = Dossier.received(
    ...     "000.00.06.H56-260302-0001", procedure_code="1.001193",
    ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
    ...     channel=Channel.IN_PERSON, at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=ict))
    >>> d = d.request_supplement(dt.datetime(2026, 3, 3, 10, 0, tzinfo=ict))
    >>> d.state.name, DVCQG_STATUS.code_of(d.state)
    ('AWAITING_SUPPLEMENT', 5)
    >>> d = d.supply(dt.datetime(2026, 3, 9, 8, 0, tzinfo=ict))
    >>> d.deadline(calendar=vietnam()).date
    datetime.date(2026, 3, 11)
"""

from __future__ import annotations

from lapvo_cchc.dossiers._channel import Channel
from lapvo_cchc.dossiers._clock import StepProgress
from lapvo_cchc.dossiers._dossier import Dossier
from lapvo_cchc.dossiers._events import (
    Apologized,
    Event,
    FeeMet,
    FeeRequested,
    Received,
    RefusedAtIntake,
    Resolved,
    ResultReturned,
    Stopped,
    SubmittedOnline,
    SupplementRequested,
    SupplementSupplied,
    Transferred,
    Withdrawn,
)
from lapvo_cchc.dossiers._names import EVENT_NAME_OF, EVENT_NAMES, LEGACY_EVENT_NAMES, event_type
from lapvo_cchc.dossiers._states import ALLOWED as ALLOWED_EVENTS
from lapvo_cchc.dossiers._states import TARGET as TARGET_STATE
from lapvo_cchc.dossiers._states import State, check_history
from lapvo_cchc.dossiers._status import DVCQG_STATUS, StatusMapping, UnmappedStatusError

__all__ = [
    "ALLOWED_EVENTS",
    "DVCQG_STATUS",
    "EVENT_NAMES",
    "EVENT_NAME_OF",
    "LEGACY_EVENT_NAMES",
    "TARGET_STATE",
    "Apologized",
    "Channel",
    "Dossier",
    "Event",
    "FeeMet",
    "FeeRequested",
    "Received",
    "RefusedAtIntake",
    "Resolved",
    "ResultReturned",
    "State",
    "StatusMapping",
    "StepProgress",
    "Stopped",
    "SubmittedOnline",
    "SupplementRequested",
    "SupplementSupplied",
    "Transferred",
    "UnmappedStatusError",
    "Withdrawn",
    "check_history",
    "event_type",
]
