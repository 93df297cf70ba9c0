"""The dossier lifecycle state machine (private module; public names re-exported).

The state of a dossier is never stored: it is the state reached by replaying
its events. Two tables define the machine:

* ``TARGET``: the state an event leads to. It depends on the event type
  only, so the state of a valid history is the target of its last event.
* ``ALLOWED``: the event types legal in each state (and before the first
  event).

Besides the table, an event is illegal if it happens before the previous one
(time going backwards), if it is a rejection without a reason, or if it is an
apology whose new appointment date precedes the apology itself.
"""

from __future__ import annotations

import enum
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

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
from lapvo_cchc.errors import InvalidTransitionError, InvalidTypeError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["State", "check_history"]


class State(enum.Enum):
    """*Trạng thái hồ sơ*: the lifecycle state of a dossier, derived by replaying its events.

    Values are the Vietnamese wording of the national portal's status list
    (docs/design/national-portal.md#status-codes). ``finished`` states count as finished for the
    KPIs (docs/design/kpi.md#on-time-indicator); ``final`` states accept no further event.
    :attr:`RESOLVED` is finished but not final: the result can still be
    returned.

    Example:
        >>> from lapvo_cchc.dossiers import State
        >>> State.RESOLVED.finished, State.RESOLVED.final
        (True, False)
        >>> State.AWAITING_SUPPLEMENT.paused
        True
        >>> State.IN_PROGRESS.value
        'Đang xử lý'
    """

    SUBMITTED = "Mới đăng ký"
    RECEIVED = "Được tiếp nhận"
    REFUSED = "Không được tiếp nhận"
    IN_PROGRESS = "Đang xử lý"
    AWAITING_SUPPLEMENT = "Yêu cầu bổ sung giấy tờ"
    AWAITING_FEE = "Yêu cầu thực hiện nghĩa vụ tài chính"
    WITHDRAWN = "Công dân yêu cầu rút hồ sơ"
    STOPPED = "Dừng xử lý"
    RESOLVED = "Đã xử lý xong"
    RESULT_RETURNED = "Đã trả kết quả"

    @property
    def received(self) -> bool:
        """Whether the clock has started (the dossier was received).

        Example:
            >>> from lapvo_cchc.dossiers import State
            >>> State.SUBMITTED.received, State.IN_PROGRESS.received
            (False, True)
        """
        return self not in _NOT_RECEIVED

    @property
    def open(self) -> bool:
        """Whether the dossier was received and is not finished (in progress or paused).

        Example:
            >>> from lapvo_cchc.dossiers import State
            >>> State.AWAITING_FEE.open, State.RESOLVED.open, State.SUBMITTED.open
            (True, False, False)
        """
        return self in _OPEN

    @property
    def paused(self) -> bool:
        """Whether the clock is paused (awaiting a supplement or a financial obligation).

        Example:
            >>> from lapvo_cchc.dossiers import State
            >>> State.AWAITING_FEE.paused, State.RECEIVED.paused
            (True, False)
        """
        return self in _PAUSED

    @property
    def finished(self) -> bool:
        """Whether the dossier counts as finished for the KPIs.

        See docs/design/kpi.md#on-time-indicator.

        Resolved, result returned, stopped, refused at intake or withdrawn.

        Example:
            >>> from lapvo_cchc.dossiers import State
            >>> State.WITHDRAWN.finished, State.IN_PROGRESS.finished
            (True, False)
        """
        return self in _FINISHED

    @property
    def final(self) -> bool:
        """Whether no event at all may follow this state.

        Example:
            >>> from lapvo_cchc.dossiers import State
            >>> State.RESULT_RETURNED.final, State.RESOLVED.final
            (True, False)
        """
        return not ALLOWED[self]


_NOT_RECEIVED: Final = frozenset({State.SUBMITTED, State.REFUSED})
_PAUSED: Final = frozenset({State.AWAITING_SUPPLEMENT, State.AWAITING_FEE})
_OPEN: Final = frozenset({State.RECEIVED, State.IN_PROGRESS}) | _PAUSED
_FINISHED: Final = frozenset(
    {State.REFUSED, State.WITHDRAWN, State.STOPPED, State.RESOLVED, State.RESULT_RETURNED}
)

TARGET: Final[Mapping[type[Event], State]] = MappingProxyType(
    {
        SubmittedOnline: State.SUBMITTED,
        RefusedAtIntake: State.REFUSED,
        Received: State.RECEIVED,
        SupplementRequested: State.AWAITING_SUPPLEMENT,
        SupplementSupplied: State.IN_PROGRESS,
        FeeRequested: State.AWAITING_FEE,
        FeeMet: State.IN_PROGRESS,
        Transferred: State.IN_PROGRESS,
        Apologized: State.IN_PROGRESS,
        Resolved: State.RESOLVED,
        Stopped: State.STOPPED,
        Withdrawn: State.WITHDRAWN,
        ResultReturned: State.RESULT_RETURNED,
    }
)
"""The state each event type leads to."""

_WORKING: Final = frozenset(
    {
        SupplementRequested,
        FeeRequested,
        Transferred,
        Apologized,
        Resolved,
        Stopped,
        Withdrawn,
        ResultReturned,
    }
)
_WAITING_EXITS: Final = frozenset({Stopped, Withdrawn})

ALLOWED: Final[Mapping[State | None, frozenset[type[Event]]]] = MappingProxyType(
    {
        None: frozenset({SubmittedOnline, Received, RefusedAtIntake}),
        State.SUBMITTED: frozenset({Received, RefusedAtIntake}),
        State.RECEIVED: _WORKING,
        State.IN_PROGRESS: _WORKING,
        State.AWAITING_SUPPLEMENT: _WAITING_EXITS | {SupplementSupplied},
        State.AWAITING_FEE: _WAITING_EXITS | {FeeMet},
        State.RESOLVED: frozenset({ResultReturned}),
        State.REFUSED: frozenset(),
        State.STOPPED: frozenset(),
        State.WITHDRAWN: frozenset(),
        State.RESULT_RETURNED: frozenset(),
    }
)
"""The event types legal in each state; ``None`` is the state before the first event."""


def _names(types: Iterable[type[Event]]) -> str:
    names = sorted(t.__name__ for t in types)
    return ", ".join(names) if names else "none (the state is final)"


def check_history(code: object, events: tuple[Event, ...]) -> State:
    """Replay *events* and return the state they lead to, or raise.

    Args:
        code: the dossier code, only used in error messages.
        events: the whole history, oldest first; it must not be empty.

    Returns:
        The state after the last event.

    Raises:
        InvalidTransitionError: an illegal sequence; the message names the
            dossier code, the state and the offending event.
        InvalidTypeError: an element that is not an event.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.dossiers import Received, Resolved, check_history
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> t = dt.datetime(2026, 3, 2, 8, 0, tzinfo=ict)
        >>> check_history("X", (Received(t), Resolved(t + dt.timedelta(days=1))))
        <State.RESOLVED: 'Đã xử lý xong'>
        >>> check_history("X", (Resolved(t),))
        Traceback (most recent call last):
        ...
        lapvo_cchc.errors.InvalidTransitionError: dossier X, state NOT_RECEIVED (no event yet): ...
    """
    if not events:
        raise InvalidTransitionError(
            f"dossier {code}: a dossier needs at least one event "
            "(SubmittedOnline, Received or RefusedAtIntake), got none"
        )
    state: State | None = None
    previous: Event | None = None
    for event in events:
        kind = type(event)
        target = TARGET.get(kind)
        if target is None:
            raise InvalidTypeError(
                f"dossier {code}: expected a dossier event, got {kind.__name__} {event!r}"
            )
        allowed = ALLOWED[state]
        if kind not in allowed:
            raise _error(code, state, event, f"not allowed here; allowed: {_names(allowed)}")
        if previous is not None and event.at < previous.at:
            raise _error(
                code,
                state,
                event,
                f"time goes backwards: before the previous event at {previous.at.isoformat()}",
            )
        if isinstance(event, Resolved) and not event.approved and not event.reason.strip():
            raise _error(code, state, event, "a rejection on the merits needs a reason")
        if isinstance(event, Apologized) and event.new_date < event.at.date():
            raise _error(code, state, event, "the new appointment date is before the apology")
        state = target
        previous = event
    assert state is not None  # noqa: S101 -- events is not empty
    return state


def _error(code: object, state: State | None, event: Event, why: str) -> InvalidTransitionError:
    where = "NOT_RECEIVED (no event yet)" if state is None else state.name
    return InvalidTransitionError(f"dossier {code}, state {where}: event {event!r} refused: {why}")
