"""The due instants the portal is told: ``NgayHenTra`` and a supplement's before/after (private).

Why ``NgayHenTra`` is the due instant *before* any pause: the portal judges
766 indicator 2.1 by ``NgayKetThucXuLy <= NgayHenTra`` after subtracting the
supplement time itself (end of processing minus (supplement completed minus
supplement requested)); it subtracts nothing for a financial obligation. A
due date already moved by the supplement would be moved twice. Source: the
formula document of Decision 766/QĐ-TTg (2022), indicator 2.1, as published
with the portal's dashboards; see ``docs/dvcqg.md``.

An apology's new date (form 04 of Circular 01/2018/TT-VPCP, *phiếu xin lỗi
và hẹn lại ngày trả kết quả*; form 04 of Circular 03/2025/TT-VPCP) never
changes ``NgayHenTra``: a late dossier stays late.

Public names are re-exported by :mod:`lapvo_cchc.adapters.dvcqg`.

Example:
    >>> import datetime as dt
    >>> from lapvo_cchc.calendars import vietnam
    >>> from lapvo_cchc.deadlines import TimeLimit
    >>> from lapvo_cchc.dossiers import Channel, Dossier
    >>> ict = dt.timezone(dt.timedelta(hours=7))
    >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
    ...     time_limit=TimeLimit.working_hours(8), agency="000.00.06.H56",
    ...     channel=Channel.IN_PERSON, at=dt.datetime(2026, 3, 2, 14, 30, tzinfo=ict))
    >>> due_instant(d, calendar=vietnam()).isoformat()
    '2026-03-03T14:30:00+07:00'
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.deadlines import compute_deadline
from lapvo_cchc.dossiers import SupplementRequested, SupplementSupplied

if TYPE_CHECKING:
    from lapvo_cchc.deadlines import Deadline, DeadlineCalendar, Regime
    from lapvo_cchc.dossiers import Dossier

__all__ = ["due_instant"]

_LAST_SECOND: Final = dt.time(23, 59, 59)
_ONE_DAY: Final = dt.timedelta(days=1)


def wire_due(deadline: Deadline) -> dt.datetime:
    """The instant sent for *deadline*: its exact instant, or 23:59:59 of a due day.

    A day limit ends at 24:00 of the due date, which ``yyyyMMddHHmmss`` can
    only write as 00:00:00 of the next day, a date the portal would show as
    the appointment. The last second of the due date is sent instead: at
    whole seconds, "finished at or before 23:59:59" is "finished before
    24:00", except a finish at exactly 24:00:00 (the library counts it on
    time, the portal late). Hour limits keep their clock time.
    """
    at = deadline.at.astimezone(VIETNAM_TZ)
    if at.time() == dt.time(0) and at.date() == deadline.date + _ONE_DAY:
        return dt.datetime.combine(deadline.date, _LAST_SECOND, tzinfo=VIETNAM_TZ)
    return at


def due_instant(
    dossier: Dossier, *, calendar: DeadlineCalendar, regime: Regime | None = None
) -> dt.datetime | None:
    """The ``NgayHenTra`` instant of *dossier*: the legal due instant before pauses.

    Computed from the receipt instant and the time limit only: no pause (the
    portal subtracts supplement time itself) and no apology (its new date is
    not a legal deadline). Day limits give 23:59:59 of the due date, hour
    limits the exact instant. ``None`` before receipt.

    Args:
        dossier: the dossier.
        calendar: the working-day calendar.
        regime: the counting regime; ``None`` chooses by receipt date.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Channel, Dossier
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
        ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
        ...     channel=Channel.IN_PERSON, at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=ict))
        >>> late = d.apologize(dt.datetime(2026, 3, 5, 15, tzinfo=ict),
        ...                    new_date=dt.date(2026, 3, 12))
        >>> due_instant(late, calendar=vietnam()).isoformat()
        '2026-03-05T23:59:59+07:00'
    """
    received = dossier.received_at
    if received is None:
        return None
    return wire_due(
        compute_deadline(received, dossier.time_limit, calendar=calendar, regime=regime)
    )


def supplement_dues(
    dossier: Dossier, *, calendar: DeadlineCalendar, regime: Regime | None
) -> list[tuple[dt.datetime, dt.datetime | None]]:
    """``(NgayHenTraTruoc, NgayHenTraMoi)`` of each supplement request, in order.

    Before: the deadline current when the request was made (earlier closed
    pauses, supplements and financial obligations, included). After: the
    deadline once this supplement was supplied; ``None`` while awaited. These
    are what the citizen is told; the portal does not judge by them.
    """
    out: list[tuple[dt.datetime, dt.datetime | None]] = []
    for event in dossier.events:
        kind = type(event)
        if kind is SupplementRequested or (kind is SupplementSupplied and out):
            view = dossier.until(event.at)
            deadline = None if view is None else view.deadline(calendar=calendar, regime=regime)
            if deadline is None:  # pragma: no cover - a supplement follows a receipt
                continue
            if kind is SupplementRequested:
                out.append((wire_due(deadline), None))
            else:
                out[-1] = (out[-1][0], wire_due(deadline))
    return out
