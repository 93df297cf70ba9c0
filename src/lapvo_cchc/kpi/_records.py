"""The per-dossier facts the KPIs need: :class:`DossierRecord` (private module).

A record is a flat, immutable summary of one dossier: who handled it, how it
came in, when it was received, its legal deadline, when and how it finished,
and its supplement requests. The statistical report and the indicators read
records only, so a ledger of a million rows never builds a million event
histories.

Instants are stored as integer POSIX seconds and days as proleptic Gregorian
ordinals (:meth:`datetime.date.toordinal`) of the Vietnam calendar day, so one
record costs a few hundred bytes and the report's inner loop compares
integers. The typed accessors (:attr:`DossierRecord.received_at`,
:attr:`DossierRecord.due_date`, ...) give back aware datetimes and dates.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, NamedTuple

from lapvo_cchc._time import VIETNAM_TZ, require_aware
from lapvo_cchc.dossiers import Channel
from lapvo_cchc.errors import InvalidDateError, InvalidTypeError

if TYPE_CHECKING:
    from lapvo_cchc.deadlines import Deadline, DeadlineCalendar, Regime
    from lapvo_cchc.dossiers import Dossier

__all__ = ["DossierRecord", "FinishKind", "record_of"]

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_VN_OFFSET = 7 * 3600
_DAY = 86400


def vn_day(ts: int) -> int:
    """The ordinal of the Vietnam calendar day of POSIX instant *ts* (private helper)."""
    return (ts + _VN_OFFSET) // _DAY + _EPOCH_ORDINAL


def day_start(ordinal: int) -> int:
    """POSIX seconds of 00:00 Vietnam time on the day with *ordinal* (private helper)."""
    return (ordinal - _EPOCH_ORDINAL) * _DAY - _VN_OFFSET


def to_ts(value: dt.datetime, what: str) -> int:
    """Whole POSIX seconds of an aware instant (sub-second parts are dropped)."""
    require_aware(value, what)
    return int(value.timestamp() // 1)


def from_ts(ts: int) -> dt.datetime:
    """The aware Vietnam-time datetime of POSIX seconds *ts*."""
    return dt.datetime.fromtimestamp(ts, VIETNAM_TZ)


class FinishKind(enum.Enum):
    """How a dossier finished (*kết thúc*); values are the Vietnamese wording.

    ``APPROVED``, ``REJECTED`` and ``RETURNED`` are **resolved** (*đã giải
    quyết*, columns 7–10 of the statistical form); ``WITHDRAWN`` is reported
    apart; ``STOPPED`` and ``REFUSED`` are reported together as *dừng xử lý /
    từ chối* ("stopped"). All six count as finished for 766 indicator 2.1
    (docs/design/kpi.md#on-time-indicator).

    Example:
        >>> FinishKind("rút hồ sơ") is FinishKind.WITHDRAWN
        True
        >>> [k.name for k in FinishKind if k.resolved]
        ['APPROVED', 'REJECTED', 'RETURNED']
    """

    APPROVED = "đã giải quyết"
    """Resolved and approved (*giải quyết xong*)."""
    REJECTED = "trả lại do không đủ điều kiện"
    """Resolved by a rejection on the merits; counts as resolved."""
    RETURNED = "đã trả kết quả"
    """The result was returned; the ledger does not say approved or rejected."""
    WITHDRAWN = "rút hồ sơ"
    """The applicant withdrew the dossier (*công dân rút hồ sơ*)."""
    STOPPED = "dừng xử lý"
    """Processing was stopped by a formal notice."""
    REFUSED = "từ chối"
    """Refused after receipt (*từ chối*); reported with the stopped dossiers."""

    @property
    def resolved(self) -> bool:
        """Whether this finish counts as resolved (*đã giải quyết*) on the form.

        Example:
            >>> FinishKind.REJECTED.resolved, FinishKind.STOPPED.resolved
            (True, False)
        """
        return self in _RESOLVED


_RESOLVED = frozenset({FinishKind.APPROVED, FinishKind.REJECTED, FinishKind.RETURNED})


class DossierRecord(NamedTuple):
    """The facts of one dossier (*hồ sơ*) that the KPIs count.

    A typed, immutable named tuple (no ``__dict__``; a million records fit in
    a few hundred megabytes). Instants are POSIX seconds (``*_ts``), days are
    date ordinals; use :meth:`build` to make one from datetimes and the
    properties to read them back. :func:`record_of` makes one from a
    :class:`~lapvo_cchc.dossiers.Dossier`; the ledger adapter makes them from
    CSV rows.

    Attributes:
        code: Dossier code (*mã hồ sơ*), verbatim.
        procedure: Procedure code (*mã TTHC*), verbatim.
        agency: Handling agency code or name, verbatim.
        level: Government level (``"province"``, ``"district"``, ``"commune"``,
            or any label the source uses).
        field: Field (*lĩnh vực*) of the procedure.
        channel: How the dossier was filed.
        assisted: Assisted filing ("Công dân không viết").
        received_ts: Receipt instant (the clock starts).
        due_ts: The legal deadline's instant (``Deadline.at``), pauses included:
            finished after it is late.
        due_day: Ordinal of the legal due date (``Deadline.date``): finished on
            an earlier day is early.
        promised_ts: The appointment on the receipt slip (*ngày hẹn trả*): the
            deadline before any pause. 766 indicator 2.1 judges against it
            after subtracting the supplement time.
        finished_ts: When the dossier finished, or ``None`` while open.
        finish: How it finished, or ``None`` while open.
        supplements: Number of supplement requests (*yêu cầu bổ sung*).
        supplement_seconds: Total length of the completed supplement pauses.
        last_supplied_ts: When the last completed supplement was supplied.
        pending_since_ts: When a still-unanswered supplement request was made.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.dossiers import Channel
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> r = DossierRecord.build(
        ...     code="H56-0001", procedure="1.001193", agency="UBND xã Tân Mỹ",
        ...     level="commune", field="Chứng thực", channel=Channel.ONLINE,
        ...     received_at=dt.datetime(2020, 3, 2, 9, 0, tzinfo=ict),
        ...     due_at=dt.datetime(2020, 3, 6, 0, 0, tzinfo=ict), due_date=dt.date(2020, 3, 5),
        ...     finished_at=dt.datetime(2020, 3, 4, 15, 0, tzinfo=ict),
        ...     finish=FinishKind.APPROVED)
        >>> r.received_at.isoformat(), r.due_date, r.finish.name
        ('2020-03-02T09:00:00+07:00', datetime.date(2020, 3, 5), 'APPROVED')
        >>> r.finished_at - r.received_at
        datetime.timedelta(days=2, seconds=21600)
    """

    code: str
    procedure: str
    agency: str
    level: str
    field: str
    channel: Channel
    assisted: bool
    received_ts: int
    due_ts: int
    due_day: int
    promised_ts: int
    finished_ts: int | None
    finish: FinishKind | None
    supplements: int
    supplement_seconds: int
    last_supplied_ts: int | None
    pending_since_ts: int | None

    @classmethod
    def build(
        cls,
        *,
        code: str,
        procedure: str,
        agency: str,
        level: str,
        field: str,
        channel: Channel,
        received_at: dt.datetime,
        due_at: dt.datetime,
        due_date: dt.date | None = None,
        promised_at: dt.datetime | None = None,
        finished_at: dt.datetime | None = None,
        finish: FinishKind | None = None,
        assisted: bool = False,
        supplements: tuple[tuple[dt.datetime, dt.datetime | None], ...] = (),
    ) -> DossierRecord:
        """Make a record from aware datetimes, checking its consistency.

        Args:
            code: Dossier code.
            procedure: Procedure code.
            agency: Agency code or name.
            level: Government level label.
            field: Field of the procedure.
            channel: Filing channel.
            received_at: Aware receipt instant.
            due_at: Aware deadline instant (``Deadline.at``), pauses included.
            due_date: The due date; default the Vietnam date of the instant
                one second before *due_at* (24:00 belongs to the day before).
            promised_at: The appointment before pauses; default *due_at*
                minus the supplement time.
            finished_at: Aware finishing instant, or ``None``.
            finish: How it finished; required with *finished_at*.
            assisted: Assisted filing.
            supplements: ``(requested_at, supplied_at)`` pairs in order; the
                last may have ``None`` (still awaiting the supplement).

        Raises:
            NaiveDatetimeError: a naive datetime.
            InvalidDateError: finished before received, a supplement before
                receipt or supplied before requested, an unanswered request
                that is not the last, or a finish without its kind.

        Example:
            >>> import datetime as dt
            >>> from lapvo_cchc.dossiers import Channel
            >>> ict = dt.timezone(dt.timedelta(hours=7))
            >>> t = dt.datetime(2020, 3, 2, 9, 0, tzinfo=ict)
            >>> DossierRecord.build(code="x", procedure="p", agency="a", level="commune",
            ...     field="f", channel=Channel.IN_PERSON, received_at=t, due_at=t,
            ...     finished_at=t - dt.timedelta(hours=1), finish=FinishKind.APPROVED)
            Traceback (most recent call last):
            ...
            lapvo_cchc.errors.InvalidDateError: dossier x: finished_at 2020-03-02T08:00:00+07:00 ...
        """
        received = to_ts(received_at, "received_at")
        due = to_ts(due_at, "due_at")
        finished = None if finished_at is None else to_ts(finished_at, "finished_at")
        if (finished is None) != (finish is None):
            raise InvalidDateError(
                f"dossier {code}: expected finished_at and finish together, "
                f"got finished_at={finished_at!r}, finish={finish!r}"
            )
        if finished is not None and finished < received:
            raise InvalidDateError(
                f"dossier {code}: finished_at {from_ts(finished).isoformat()} is before "
                f"received_at {from_ts(received).isoformat()}"
            )
        if not isinstance(channel, Channel):
            raise InvalidTypeError(f"dossier {code}: channel: expected a Channel, got {channel!r}")
        count, seconds, last, pending = _supplement_facts(code, received, supplements)
        day = vn_day(due - 1) if due_date is None else due_date.toordinal()
        promised = due - seconds if promised_at is None else to_ts(promised_at, "promised_at")
        return cls(
            code, procedure, agency, level, field, channel, bool(assisted), received, due, day,
            promised, finished, finish, count, seconds, last, pending,
        )  # fmt: skip

    # -- typed views ---------------------------------------------------------------------

    @property
    def received_at(self) -> dt.datetime:
        """The receipt instant in Vietnam time."""
        return from_ts(self.received_ts)

    @property
    def received_date(self) -> dt.date:
        """The Vietnam date of receipt."""
        return dt.date.fromordinal(vn_day(self.received_ts))

    @property
    def due_at(self) -> dt.datetime:
        """The deadline instant (late after it), Vietnam time."""
        return from_ts(self.due_ts)

    @property
    def due_date(self) -> dt.date:
        """The legal due date (*ngày hẹn trả*), pauses included."""
        return dt.date.fromordinal(self.due_day)

    @property
    def promised_at(self) -> dt.datetime:
        """The appointment instant before pauses (766 indicator 2.1 judges against it)."""
        return from_ts(self.promised_ts)

    @property
    def finished_at(self) -> dt.datetime | None:
        """When the dossier finished, in Vietnam time, or ``None``."""
        return None if self.finished_ts is None else from_ts(self.finished_ts)

    @property
    def finished_date(self) -> dt.date | None:
        """The Vietnam date the dossier finished, or ``None``."""
        return None if self.finished_ts is None else dt.date.fromordinal(vn_day(self.finished_ts))

    @property
    def supplement_time(self) -> dt.timedelta:
        """Total time of the completed supplement pauses."""
        return dt.timedelta(seconds=self.supplement_seconds)

    @property
    def pending_since(self) -> dt.datetime | None:
        """When the unanswered supplement request was made, or ``None``."""
        return None if self.pending_since_ts is None else from_ts(self.pending_since_ts)


def _supplement_facts(
    code: str, received: int, pairs: tuple[tuple[dt.datetime, dt.datetime | None], ...]
) -> tuple[int, int, int | None, int | None]:
    seconds = 0
    last: int | None = None
    pending: int | None = None
    previous = received
    for i, (requested_at, supplied_at) in enumerate(pairs):
        requested = to_ts(requested_at, "supplement requested_at")
        if requested < previous:
            raise InvalidDateError(
                f"dossier {code}: supplement request {i + 1} at "
                f"{from_ts(requested).isoformat()} is before the receipt or the previous supply"
            )
        if supplied_at is None:
            if i != len(pairs) - 1:
                raise InvalidDateError(
                    f"dossier {code}: only the last supplement request may be unanswered"
                )
            pending = requested
            continue
        supplied = to_ts(supplied_at, "supplement supplied_at")
        if supplied < requested:
            raise InvalidDateError(
                f"dossier {code}: supplement {i + 1} supplied at {from_ts(supplied).isoformat()}, "
                f"before it was requested at {from_ts(requested).isoformat()}"
            )
        seconds += supplied - requested
        last = previous = supplied
    return len(pairs), seconds, last, pending


def _finish_kind(dossier: Dossier) -> FinishKind | None:
    from lapvo_cchc.dossiers import (
        RefusedAtIntake,
        Resolved,
        ResultReturned,
        Stopped,
        Withdrawn,
    )

    kind: FinishKind | None = None
    for event in dossier.events:
        t = type(event)
        if t is Resolved:
            return FinishKind.APPROVED if event.approved else FinishKind.REJECTED  # type: ignore[attr-defined]
        if t is ResultReturned and kind is None:
            kind = FinishKind.RETURNED
        elif t is Stopped:
            kind = kind or FinishKind.STOPPED
        elif t is RefusedAtIntake:
            kind = kind or FinishKind.REFUSED
        elif t is Withdrawn:
            kind = kind or FinishKind.WITHDRAWN
    return kind


def record_of(
    dossier: Dossier,
    *,
    calendar: DeadlineCalendar,
    level: str = "",
    field: str = "",
    regime: Regime | None = None,
) -> DossierRecord:
    """Summarise a received :class:`~lapvo_cchc.dossiers.Dossier` as a :class:`DossierRecord`.

    The deadline is computed with the dossier's completed pauses
    (supplements and financial obligations); the appointment before pauses
    (:attr:`DossierRecord.promised_ts`) without them. The finishing instant
    follows the precedence of docs/design/kpi.md#on-time-indicator (``Dossier.finished_at``).

    Args:
        dossier: A dossier that has been received.
        calendar: The working-day calendar (e.g. :func:`lapvo_cchc.calendars.vietnam`).
        level: Government level label (the dossier does not carry it).
        field: Field of the procedure.
        regime: Deadline regime; by default the one in force at receipt.

    Raises:
        InvalidDateError: the dossier was never received (refused at intake or
            only submitted online): it has no deadline.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Channel, Dossier
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> d = Dossier.received("000.00.06.H56-200302-0001", procedure_code="1.001193",
        ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
        ...     channel=Channel.IN_PERSON, at=dt.datetime(2020, 3, 2, 9, 0, tzinfo=ict))
        >>> d = d.request_supplement(dt.datetime(2020, 3, 3, 9, 0, tzinfo=ict)).supply(
        ...     dt.datetime(2020, 3, 5, 9, 0, tzinfo=ict)).resolve(
        ...     dt.datetime(2020, 3, 9, 10, 0, tzinfo=ict))
        >>> r = record_of(d, calendar=vietnam(), level="commune", field="Chứng thực")
        >>> r.due_date, r.supplements, r.finish.name
        (datetime.date(2020, 3, 9), 1, 'APPROVED')
        >>> r.promised_at.isoformat()  # 24:00 of 5 March, the slip's date before the pause
        '2020-03-06T00:00:00+07:00'
    """
    from lapvo_cchc.deadlines import compute_deadline
    from lapvo_cchc.dossiers import SupplementRequested, SupplementSupplied

    received_at = dossier.received_at
    deadline: Deadline | None = dossier.deadline(calendar=calendar, regime=regime)
    if received_at is None or deadline is None:
        raise InvalidDateError(f"dossier {dossier.code}: not received, so it has no deadline")
    promised = compute_deadline(received_at, dossier.time_limit, calendar=calendar, regime=regime)
    pairs: list[tuple[dt.datetime, dt.datetime | None]] = []
    for event in dossier.events:
        if type(event) is SupplementRequested:
            pairs.append((event.at, None))
        elif type(event) is SupplementSupplied and pairs:
            pairs[-1] = (pairs[-1][0], event.at)
    finished_at = dossier.finished_at
    return DossierRecord.build(
        code=str(dossier.code),
        procedure=str(dossier.procedure_code),
        agency=str(dossier.agency),
        level=level,
        field=field,
        channel=dossier.channel,
        assisted=dossier.assisted,
        received_at=received_at,
        due_at=deadline.at,
        due_date=deadline.date,
        promised_at=promised.at,
        finished_at=finished_at,
        finish=None if finished_at is None else _finish_kind(dossier),
        supplements=tuple(pairs),
    )
