"""The state of a stored history from its last event alone (private module of adapters.sql).

A dossier's state is the target of its last event, and whether an event may
follow depends only on that state and on the last event's instant (the rules
of :func:`lapvo_cchc.dossiers.check_history`). So instead of replaying the whole
history, the repository replays a *witness*: the shortest legal history ending
with the stored last event, which has the same state and the same last
instant, followed by the new events.
"""

from __future__ import annotations

from lapvo_cchc.dossiers import (
    Event,
    FeeMet,
    FeeRequested,
    Received,
    RefusedAtIntake,
    Resolved,
    ResultReturned,
    State,
    SubmittedOnline,
    SupplementRequested,
    SupplementSupplied,
    check_history,
)


def witness(last: Event) -> tuple[Event, ...]:
    """The shortest legal history ending with *last*, every event at ``last.at``."""
    t = last.at
    if isinstance(last, SubmittedOnline | RefusedAtIntake | Received):
        return (last,)
    if isinstance(last, SupplementSupplied):
        return (Received(t), SupplementRequested(t), last)
    if isinstance(last, FeeMet):
        return (Received(t), FeeRequested(t), last)
    if isinstance(last, ResultReturned):
        return (Received(t), Resolved(t), last)
    return (Received(t), last)  # every other event may follow reception directly


def state_after(last: Event) -> State:
    """The state of a history whose last event is *last*."""
    return check_history("(stored history)", witness(last))


def check_appended(code: object, last: Event, new: tuple[Event, ...]) -> State:
    """Check *new* events after a stored history ending with *last*; return the new state.

    Raises:
        InvalidTransitionError: an event is illegal after the stored history.
    """
    return check_history(code, (*witness(last), *new))
