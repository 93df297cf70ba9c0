"""Outcome of a dossier against its legal deadline (private module)."""

from __future__ import annotations

import datetime as dt
import enum

from lapvo_cchc._time import VIETNAM_TZ, to_vietnam
from lapvo_cchc.deadlines._compute import Deadline, Suspension
from lapvo_cchc.errors import InvalidTypeError

__all__ = ["Outcome", "classify"]


class Outcome(enum.Enum):
    """*Trước hạn / đúng hạn / quá hạn*: a dossier's standing against its deadline.

    A statutory definition of "early" was not found (docs/design/rules.md); the
    library uses the common implementation: finished on a calendar day before
    the due date.

    Example:
        >>> Outcome.EARLY.value
        'trước hạn'
        >>> Outcome("đang giải quyết quá hạn")
        <Outcome.OVERDUE: 'đang giải quyết quá hạn'>
        >>> Outcome.LATE.finished, Outcome.OVERDUE.late
        (True, True)
    """

    EARLY = "trước hạn"
    """Finished on a calendar day before the due date."""
    ON_TIME = "đúng hạn"
    """Finished on the due date, or before its :attr:`Deadline.at` instant."""
    LATE = "quá hạn"
    """Finished after :attr:`Deadline.at`."""
    IN_PROGRESS = "đang giải quyết trong hạn"
    """Not finished by the cut-off, which is not after :attr:`Deadline.at`."""
    OVERDUE = "đang giải quyết quá hạn"
    """Not finished by the cut-off, which is after :attr:`Deadline.at`."""

    @property
    def finished(self) -> bool:
        """Whether the outcome is that of a finished dossier.

        Example:
            >>> Outcome.IN_PROGRESS.finished
            False
        """
        return self in _FINISHED

    @property
    def late(self) -> bool:
        """Whether the deadline was missed (:attr:`LATE` or :attr:`OVERDUE`).

        Example:
            >>> Outcome.ON_TIME.late
            False
        """
        return self is Outcome.LATE or self is Outcome.OVERDUE


_FINISHED = frozenset({Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE})
_EARLY = Outcome.EARLY
_ON_TIME = Outcome.ON_TIME
_LATE = Outcome.LATE
_IN_PROGRESS = Outcome.IN_PROGRESS
_OVERDUE = Outcome.OVERDUE


def _vn(value: dt.datetime, what: str) -> dt.datetime:
    if value.__class__ is dt.datetime and value.tzinfo is VIETNAM_TZ:
        return value
    return to_vietnam(value, what)


def _classify_suspension(
    suspension: Suspension, finished: dt.datetime | None, as_of: dt.datetime | None
) -> Outcome:
    base = suspension.deadline
    if finished is not None:
        if finished < suspension.requested_at:
            return classify(base, finished_at=finished)
        # Finished while the clock is stopped: as if the applicant had supplied then.
        return classify(suspension.resume(finished), finished_at=finished)
    assert as_of is not None  # noqa: S101 - guaranteed by classify()
    if as_of < suspension.requested_at or suspension.late:
        return _IN_PROGRESS if as_of <= base.at else _OVERDUE
    return _IN_PROGRESS


def classify(
    deadline: Deadline | Suspension,
    *,
    finished_at: dt.datetime | None = None,
    as_of: dt.datetime | None = None,
) -> Outcome:
    """Classify a dossier against its legal deadline.

    With *finished_at* (and no *as_of*, or *as_of* not before it): **late** if
    finished after :attr:`Deadline.at`, else **early** if finished on a calendar
    day (Vietnam time) before :attr:`Deadline.date`, else **on time**. Otherwise,
    not finished by the cut-off *as_of*: **in progress** if *as_of* is not after
    :attr:`Deadline.at`, else **overdue**. An apology's new appointment does not
    change the outcome.

    A :class:`Suspension` (clock stopped by an open pause) is in progress, or
    overdue if the pause began after the due date; a dossier finished while its
    clock is stopped is judged as if the applicant had supplied at that instant.

    Args:
        deadline: The legal deadline (or suspension).
        finished_at: When the dossier was finished (resolved), if it was.
        as_of: The cut-off of the report, for a dossier not finished by then.

    Raises:
        InvalidTypeError: Neither *finished_at* nor *as_of* was given.
        NaiveDatetimeError: A naive instant.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc.deadlines import TimeLimit, compute_deadline
        >>> from lapvo_cchc._time import VIETNAM_TZ
        >>> dl = compute_deadline(dt.datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ),
        ...                       TimeLimit.working_days(2), calendar=vietnam())
        >>> dl.date
        datetime.date(2026, 3, 4)
        >>> classify(dl, finished_at=dt.datetime(2026, 3, 3, 16, tzinfo=VIETNAM_TZ))
        <Outcome.EARLY: 'trước hạn'>
        >>> classify(dl, finished_at=dt.datetime(2026, 3, 4, 21, tzinfo=VIETNAM_TZ))
        <Outcome.ON_TIME: 'đúng hạn'>
        >>> classify(dl, finished_at=dt.datetime(2026, 3, 5, 7, tzinfo=VIETNAM_TZ))
        <Outcome.LATE: 'quá hạn'>
        >>> classify(dl, as_of=dt.datetime(2026, 3, 5, 7, tzinfo=VIETNAM_TZ))
        <Outcome.OVERDUE: 'đang giải quyết quá hạn'>
    """
    finished = None if finished_at is None else _vn(finished_at, "finished_at")
    cutoff = None if as_of is None else _vn(as_of, "as_of")
    if finished is not None and cutoff is not None and finished > cutoff:
        finished = None  # finished after the cut-off: not finished by then
    if finished is None and cutoff is None:
        raise InvalidTypeError("classify: expected finished_at or as_of, got neither")
    if isinstance(deadline, Suspension):
        return _classify_suspension(deadline, finished, cutoff)
    if not isinstance(deadline, Deadline):
        raise InvalidTypeError(
            f"classify: expected a Deadline or Suspension, got {type(deadline).__name__}"
        )
    if finished is not None:
        if finished > deadline.at:
            return _LATE
        if finished.date() < deadline.date:
            return _EARLY
        return _ON_TIME
    assert cutoff is not None  # noqa: S101 - checked above
    return _IN_PROGRESS if cutoff <= deadline.at else _OVERDUE
