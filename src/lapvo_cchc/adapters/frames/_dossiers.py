"""Dossiers to and from a DataFrame, one row per dossier (private; see the frames package)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Final, cast

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.adapters.frames._columns import (
    Backend,
    Frame,
    Kind,
    build_frame,
    micros,
    read_column,
)
from lapvo_cchc.adapters.frames._dates import (
    FrameError,
)
from lapvo_cchc.errors import InvalidTypeError, LapvoError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lapvo_cchc.deadlines import DeadlineCalendar, Regime, TimeLimit
    from lapvo_cchc.dossiers import Channel, Dossier


_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

DOSSIER_COLUMNS: Final[tuple[tuple[str, Kind], ...]] = (
    ("code", "str"),
    ("procedure_code", "str"),
    ("agency", "str"),
    ("channel", "str"),
    ("assisted", "bool"),
    ("time_limit_unit", "str"),
    ("time_limit_amount", "int"),
    ("time_limit_cutoff", "str"),
    ("state", "str"),
    ("submitted_at", "instant"),
    ("received_at", "instant"),
    ("resolved_at", "instant"),
    ("approved", "bool"),
    ("rejection_reason", "str"),
    ("returned_at", "instant"),
    ("finished_at", "instant"),
    ("supplements", "int"),
    ("due_date", "date"),
    ("due_at", "instant"),
    ("appointment", "date"),
    ("outcome", "str"),
)
"""The columns of :func:`dossiers_to_frame` and their kinds, in order.

``channel`` holds the Vietnamese value of :class:`~lapvo_cchc.dossiers.Channel`,
``time_limit_unit``, ``state`` and ``outcome`` the enum member names
(``WORKING_DAYS``, ``RESULT_RETURNED``, ``ON_TIME``).

Example:
    >>> [name for name, kind in DOSSIER_COLUMNS if kind == "date"]
    ['due_date', 'appointment']
"""


def _instant(value: int) -> dt.datetime:
    return (_EPOCH + dt.timedelta(microseconds=value)).astimezone(VIETNAM_TZ)


def _ordinal(value: dt.date | None) -> int | None:
    return None if value is None else value.toordinal()


# -- dossiers ----------------------------------------------------------------------------


def _dossier_row(
    d: Dossier, calendar: DeadlineCalendar, as_of: dt.datetime | None, regime: Regime | None
) -> tuple[Any, ...]:
    from lapvo_cchc.dossiers import (
        Resolved,
        ResultReturned,
        SubmittedOnline,
        SupplementRequested,
    )

    submitted = resolved = returned = None
    approved: bool | None = None
    reason: str | None = None
    supplements = 0
    for event in d.events:
        kind = type(event)
        if kind is SubmittedOnline:
            submitted = event.at
        elif kind is Resolved:
            resolved, approved = event.at, event.approved  # type: ignore[attr-defined]
            reason = None if approved else event.reason  # type: ignore[attr-defined]
        elif kind is ResultReturned:
            returned = event.at
        elif kind is SupplementRequested:
            supplements += 1
    deadline = d.deadline(calendar=calendar, regime=regime)
    outcome = None
    if deadline is not None:
        try:
            found = d.outcome(calendar=calendar, as_of=as_of, regime=regime)
        except InvalidTypeError:  # open, not paused, and no as_of: no outcome yet
            found = None
        outcome = None if found is None else found.name
    limit = d.time_limit
    return (
        str(d.code), str(d.procedure_code), str(d.agency), d.channel.value, d.assisted,
        limit.unit.name, limit.amount,
        None if limit.cutoff is None else limit.cutoff.isoformat(), d.state.name,
        micros(submitted), micros(d.received_at), micros(resolved), approved, reason,
        micros(returned), micros(d.finished_at), supplements,
        None if deadline is None else deadline.date.toordinal(),
        None if deadline is None else micros(deadline.at),
        _ordinal(d.appointment(calendar=calendar, regime=regime)), outcome,
    )  # fmt: skip


def dossiers_to_frame(
    dossiers: Iterable[Dossier],
    *,
    calendar: DeadlineCalendar,
    as_of: dt.datetime | None = None,
    regime: Regime | None = None,
    backend: Backend = "pandas",
) -> Frame:
    """One row per dossier: its header and derived fields (:data:`DOSSIER_COLUMNS`).

    Args:
        dossiers: The dossiers.
        calendar: The working-day calendar for the deadline and the outcome.
        as_of: An aware cut-off for the outcome of open dossiers (without it an
            open dossier that is not paused has no outcome: ``None``).
        regime: The deadline regime; ``None`` chooses by receipt date.
        backend: ``"pandas"`` or ``"polars"``.

    Returns:
        A ``pandas.DataFrame`` or ``polars.DataFrame``.

    Raises:
        MissingExtraError: the backend is not installed.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Channel, Dossier
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> d = Dossier.received("000.00.06.H56-260109-0001", procedure_code="1.001193",
        ...     time_limit=TimeLimit.working_days(1), agency="000.00.06.H56",
        ...     channel=Channel.ONLINE, at=dt.datetime(2026, 1, 9, 9, 0, tzinfo=ict))
        >>> d = d.resolve(dt.datetime(2026, 1, 10, 10, 0, tzinfo=ict))
        >>> frame = dossiers_to_frame([d], calendar=vietnam())
        >>> row = frame.iloc[0]
        >>> row["state"], str(row["due_date"].date()), row["outcome"]
        ('RESOLVED', '2026-01-10', 'ON_TIME')
        >>> str(row["finished_at"])
        '2026-01-10 10:00:00+07:00'
    """
    rows = [_dossier_row(d, calendar, as_of, regime) for d in dossiers]
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in DOSSIER_COLUMNS]
    return build_frame(
        backend,
        [(name, kind, col) for (name, kind), col in zip(DOSSIER_COLUMNS, columns, strict=True)],
    )


def _channel(value: str, row: int) -> Channel:
    from lapvo_cchc.dossiers import Channel

    try:
        return Channel(value)
    except ValueError:
        pass
    try:
        return Channel[value.upper()]
    except KeyError:
        raise FrameError(
            f"frame column 'channel', row {row}: expected one of "
            f"{', '.join(c.value for c in Channel)} (or {', '.join(c.name for c in Channel)}), "
            f"got {value!r}"
        ) from None


def _time_limit(unit: str, amount: int, cutoff: str | None, row: int) -> TimeLimit:
    from lapvo_cchc.deadlines import TimeLimit, TimeUnit

    try:
        kind = TimeUnit.parse(unit)  # WORKING_DAYS, working_days, ngày làm việc…
        at = None if cutoff is None else dt.time.fromisoformat(cutoff)
        return TimeLimit(kind, amount, at)
    except (ValueError, LapvoError) as exc:
        raise FrameError(
            f"frame row {row}: time limit ({unit!r}, {amount!r}, {cutoff!r}): {exc}"
        ) from None


def dossiers_from_frame(frame: Frame, *, naive_is_vietnam: bool = True) -> list[Dossier]:
    """Dossiers from a frame with the columns of :func:`dossiers_to_frame`.

    Required columns: ``code``, ``procedure_code``, ``agency``, ``channel``,
    ``time_limit_unit``, ``time_limit_amount``, ``received_at``. Optional:
    ``assisted``, ``time_limit_cutoff``, ``submitted_at`` (an online
    submission before receipt), ``resolved_at`` with ``approved`` and
    ``rejection_reason``, ``returned_at``. Derived columns are ignored. Other
    events (supplements, transfers, withdrawals) do not fit one row: use the
    JSON adapter or the ledger's events format for full histories.

    Args:
        frame: A pandas or polars DataFrame.
        naive_is_vietnam: Read naive datetimes as Vietnam time (else reject them).

    Returns:
        The dossiers, in row order.

    Raises:
        FrameError: a missing column or a bad value, naming the column and the row.
        NaiveDatetimeError: naive datetimes with ``naive_is_vietnam=False``.

    Example:
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"code": ["000.00.06.H56-260302-0001"],
        ...     "procedure_code": ["1.001193"], "agency": ["000.00.06.H56"],
        ...     "channel": ["trực tiếp"], "time_limit_unit": ["WORKING_DAYS"],
        ...     "time_limit_amount": [3], "received_at": pd.to_datetime(["2026-03-02 09:00"])})
        >>> [d] = dossiers_from_frame(frame)
        >>> d.received_at.isoformat(), d.state.name
        ('2026-03-02T09:00:00+07:00', 'RECEIVED')
    """
    from lapvo_cchc.dossiers import Dossier

    def need(name: str, kind: Kind) -> list[Any]:
        values = read_column(frame, name, kind, naive_is_vietnam=naive_is_vietnam)
        return cast("list[Any]", values)  # a required column is never None

    codes = need("code", "str")
    rows = len(codes)

    def optional(name: str, kind: Kind) -> list[Any]:
        values = read_column(frame, name, kind, required=False, naive_is_vietnam=naive_is_vietnam)
        return [None] * rows if values is None else values

    procedures, agencies = need("procedure_code", "str"), need("agency", "str")
    channels, units = need("channel", "str"), need("time_limit_unit", "str")
    amounts, received = need("time_limit_amount", "int"), need("received_at", "instant")
    assisted, cutoffs = optional("assisted", "bool"), optional("time_limit_cutoff", "str")
    submitted, resolved = optional("submitted_at", "instant"), optional("resolved_at", "instant")
    approved, reasons = optional("approved", "bool"), optional("rejection_reason", "str")
    returned = optional("returned_at", "instant")
    out = []
    for i in range(rows):
        for name, values in (
            ("code", codes), ("procedure_code", procedures), ("agency", agencies),
            ("channel", channels), ("time_limit_unit", units),
            ("time_limit_amount", amounts), ("received_at", received),
        ):  # fmt: skip
            if values[i] is None:
                raise FrameError(f"frame column {name!r}, row {i}: missing value")
        limit = _time_limit(units[i], amounts[i], cutoffs[i], i)
        channel = _channel(channels[i], i)
        at = _instant(received[i])
        try:
            if submitted[i] is not None:
                d = Dossier.submitted(
                    codes[i], at=_instant(submitted[i]),
                    agency=agencies[i], procedure_code=procedures[i], time_limit=limit,
                    assisted=bool(assisted[i]),
                ).receive(at)  # fmt: skip
            else:
                d = Dossier.received(
                    codes[i], at=at, agency=agencies[i], channel=channel,
                    procedure_code=procedures[i], time_limit=limit, assisted=bool(assisted[i]),
                )  # fmt: skip
            if resolved[i] is not None:
                ok = True if approved[i] is None else approved[i]
                d = d.resolve(
                    _instant(resolved[i]),
                    approved=ok,
                    reason=reasons[i] or "",
                )
            if returned[i] is not None:
                d = d.return_result(_instant(returned[i]))
        except LapvoError as exc:
            raise FrameError(f"frame row {i} (dossier {codes[i]}): {exc}") from None
        out.append(d)
    return out


# -- KPI records -------------------------------------------------------------------------
