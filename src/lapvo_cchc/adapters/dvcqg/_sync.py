"""The dossier sync payload (``DongBoHoSoMC``) and its timestamps (private).

Public names are re-exported by :mod:`lapvo_cchc.adapters.dvcqg`.

Example:
    >>> format_timestamp(parse_timestamp("20260302090000"))
    '20260302090000'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from lapvo_cchc._time import VIETNAM_TZ, to_vietnam
from lapvo_cchc.adapters.dvcqg._due import due_instant, supplement_dues
from lapvo_cchc.adapters.dvcqg._extras import (
    NO_EXTRAS,
    PortalExtras,
    SupplementDetail,
    _extras_fields,
    _supplement_fields,
)
from lapvo_cchc.adapters.dvcqg._procedures import _text
from lapvo_cchc.dossiers import (
    DVCQG_STATUS,
    Apologized,
    Channel,
    Dossier,
    Event,
    Received,
    RefusedAtIntake,
    Resolved,
    ResultReturned,
    State,
    StatusMapping,
    Stopped,
    SubmittedOnline,
    SupplementRequested,
    SupplementSupplied,
    Withdrawn,
    check_history,
)
from lapvo_cchc.errors import DecodeError, LapvoError, OutOfRangeError
from lapvo_cchc.procedures import (
    AgencyCode,
    DossierCode,
    ProcedureCode,
)

if TYPE_CHECKING:
    from lapvo_cchc.deadlines import DeadlineCalendar, Regime, TimeLimit
    from lapvo_cchc.procedures import Procedure

__all__ = [
    "CHANNEL_CODES",
    "TIMESTAMP_FORMAT",
    "format_dossier",
    "format_timestamp",
    "parse_dossier",
    "parse_timestamp",
]

TIMESTAMP_FORMAT: Final = "%Y%m%d%H%M%S"
"""``yyyyMMddHHmmss``, Vietnam wall-clock time (three client systems agree, ``docs/dvcqg.md``).

Example:
    >>> import datetime as dt
    >>> dt.datetime(2026, 3, 2, 9, 5).strftime(TIMESTAMP_FORMAT)
    '20260302090500'
"""

CHANNEL_CODES: Final[Mapping[Channel, str]] = MappingProxyType(
    {Channel.IN_PERSON: "1", Channel.ONLINE: "2", Channel.POSTAL: "3"}
)
"""``KenhThucHien``: 1 trực tiếp, 2 trực tuyến, 3 qua bưu chính công ích (``docs/dvcqg.md``).

Example:
    >>> from lapvo_cchc.dossiers import Channel
    >>> CHANNEL_CODES[Channel.ONLINE]
    '2'
"""

_CHANNEL_OF: Final = MappingProxyType({v: k for k, v in CHANNEL_CODES.items()})


# -- timestamps -----------------------------------------------------------------------------


def format_timestamp(at: dt.datetime) -> str:
    """Format an aware instant as ``yyyyMMddHHmmss`` in Vietnam time.

    Raises:
        NaiveDatetimeError: *at* is naive.

    Example:
        >>> import datetime as dt
        >>> format_timestamp(dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.timezone.utc))
        '20260302090000'
    """
    return to_vietnam(at, "timestamp").strftime(TIMESTAMP_FORMAT)


def parse_timestamp(text: object, *, key: str = "timestamp") -> dt.datetime:
    """Read a ``yyyyMMddHHmmss`` string as an aware instant in Vietnam time.

    Args:
        text: the wire value (a string of 14 digits).
        key: the payload key, for the error message.

    Raises:
        DecodeError: not a string of 14 digits forming a real date and time.

    Example:
        >>> parse_timestamp("20260302090000").isoformat()
        '2026-03-02T09:00:00+07:00'
        >>> parse_timestamp("2026-03-02", key="NgayTiepNhan")
        Traceback (most recent call last):
        ...
        lapvo_cchc.errors.DecodeError: NgayTiepNhan: expected yyyyMMddHHmmss, got '2026-03-02'
    """
    if not isinstance(text, str) or len(text) != 14 or not text.isascii() or not text.isdigit():
        raise DecodeError(f"{key}: expected yyyyMMddHHmmss, got {text!r}")
    try:
        naive = dt.datetime.strptime(text, TIMESTAMP_FORMAT)  # noqa: DTZ007 -- zone set below
    except ValueError:
        raise DecodeError(f"{key}: expected yyyyMMddHHmmss, got {text!r}") from None
    return naive.replace(tzinfo=VIETNAM_TZ)


# -- dossier payload ------------------------------------------------------------------------


def format_dossier(
    dossier: Dossier,
    *,
    mapping: StatusMapping = DVCQG_STATUS,
    calendar: DeadlineCalendar | None = None,
    procedure: Procedure | None = None,
    extras: PortalExtras | None = None,
    procedure_name: str = "",
    agency_name: str = "",
    regime: Regime | None = None,
) -> dict[str, Any]:
    """Build the ``DongBoHoSoMC`` payload of *dossier* (field list: ``docs/dvcqg.md``).

    Scalar values are strings, lists are lists of objects. Timestamps are
    present only when the event happened: ``NgayNopHoSo`` (online
    submission), ``NgayTiepNhan``, ``NgayTuChoi`` (refused at intake),
    ``NgayKetThucXuLy`` (resolved, stopped or withdrawn), ``NgayTra`` (result
    returned). ``DanhSachHoSoBoSung`` has one row per supplement request:
    request and supply instants, ``TrangThaiBoSung`` ("0" awaited, "1"
    supplied) and, with a *calendar*, the due instant before and after it
    (``NgayHenTraTruoc``, ``NgayHenTraMoi``).

    ``NgayHenTra`` (with a *calendar*) is the legal due instant **before any
    pause**, see :func:`due_instant`: the portal subtracts the supplement
    time itself, so a moved date would be counted twice; an apology's new
    date never replaces it (it goes to ``GhiChu`` when *extras* has no note,
    and to the progress rows). Day limits are due at 23:59:59 of the due
    date, hour limits at their exact instant.

    Args:
        dossier: the dossier.
        mapping: state → ``TrangThaiHoSo`` code.
        calendar: the working-day calendar, to compute the due instants.
        procedure: fills ``TenTTHC``, ``MaLinhVuc``, ``TenLinhVuc``.
        extras: the caller's fields (applicant, summary, documents, fees...).
        procedure_name: ``TenTTHC`` when *procedure* is not given.
        agency_name: ``DonViXuLy`` (the processing agency's name).
        regime: the deadline counting regime; ``None`` chooses by receipt date.

    Raises:
        UnmappedStatusError: the mapping has no code for the dossier's state.
        OutOfRangeError: *extras* details more supplements than were requested.

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
        >>> p = format_dossier(late.resolve(dt.datetime(2026, 3, 10, 9, tzinfo=ict)),
        ...                    calendar=vietnam())
        >>> p["NgayHenTra"], p["NgayKetThucXuLy"], p["GhiChu"]
        ('20260305235959', '20260310090000', 'Xin lỗi, hẹn lại ngày trả 12/03/2026')
    """
    extras = NO_EXTRAS if extras is None else extras
    name = procedure_name or ("" if procedure is None else procedure.name)
    payload: dict[str, Any] = {
        "MaHoSo": str(dossier.code),
        "MaTTHC": str(dossier.procedure_code),
        "TenTTHC": name,
    }
    if procedure is not None:
        payload["MaLinhVuc"] = "" if procedure.field_code is None else str(procedure.field_code)
        payload["TenLinhVuc"] = procedure.field
    payload["KenhThucHien"] = CHANNEL_CODES[dossier.channel]
    payload["TrangThaiHoSo"] = str(mapping.code_of(dossier.state))
    payload["DonViXuLy"] = agency_name
    payload.update(_extras_fields(extras))
    supplements: list[dict[str, Any]] = []
    apology = ""
    for event in dossier.events:
        stamp = format_timestamp(event.at)
        if isinstance(event, SubmittedOnline):
            payload["NgayNopHoSo"] = stamp
        elif isinstance(event, Received):
            payload["NgayTiepNhan"] = stamp
        elif isinstance(event, RefusedAtIntake):
            payload["NgayTuChoi"] = stamp
        elif isinstance(event, (Resolved, Stopped, Withdrawn)):
            payload["NgayKetThucXuLy"] = stamp
        elif isinstance(event, ResultReturned):
            payload["NgayTra"] = stamp
        elif isinstance(event, Apologized):
            apology = apology_text(event)
        elif isinstance(event, SupplementRequested):
            supplements.append(
                {
                    "HoSoBoSungId": str(len(supplements) + 1),
                    "NoiDungBoSung": event.reason,
                    "NgayBoSung": stamp,
                    "TrangThaiBoSung": "0",
                }
            )
        elif isinstance(event, SupplementSupplied) and supplements:
            supplements[-1]["NgayTiepNhanBoSung"] = stamp
            supplements[-1]["TrangThaiBoSung"] = "1"
    if len(extras.supplements) > len(supplements):
        raise OutOfRangeError(
            f"dossier {dossier.code}: extras.supplements: {len(extras.supplements)} details "
            f"for {len(supplements)} supplement requests"
        )
    for row, detail in zip(supplements, extras.supplements, strict=False):
        row.update(_supplement_fields(detail))
    for row in supplements[len(extras.supplements) :]:
        row.update(_supplement_fields(SupplementDetail()))
    if not payload["GhiChu"]:
        payload["GhiChu"] = apology
    if calendar is not None:
        due = due_instant(dossier, calendar=calendar, regime=regime)
        if due is not None:
            payload["NgayHenTra"] = format_timestamp(due)
        dues = supplement_dues(dossier, calendar=calendar, regime=regime)
        for row, (before, after) in zip(supplements, dues, strict=True):
            row["NgayHenTraTruoc"] = format_timestamp(before)
            if after is not None:
                row["NgayHenTraMoi"] = format_timestamp(after)
    payload["DanhSachHoSoBoSung"] = supplements
    return payload


def apology_text(event: Apologized) -> str:
    """The Vietnamese notice of an apology: its new date and reason (private helper)."""
    text = f"Xin lỗi, hẹn lại ngày trả {event.new_date:%d/%m/%Y}"
    return f"{text}: {event.reason}" if event.reason else text


def _stamp(payload: Mapping[str, Any], key: str, *, required: bool) -> dt.datetime | None:
    text = _text(payload, key, required=required)
    return None if text is None else parse_timestamp(text, key=key)


def _need(value: dt.datetime | None, key: str, state: State) -> dt.datetime:
    if value is None:
        raise DecodeError(f"{key}: missing from the payload (required for status {state.name})")
    return value


def _supplement_events(payload: Mapping[str, Any]) -> list[Event]:
    rows = payload.get("DanhSachHoSoBoSung") or []
    if not isinstance(rows, Sequence) or isinstance(rows, str):
        raise DecodeError(f"DanhSachHoSoBoSung: expected a list, got {rows!r}")
    events: list[Event] = []
    for i, row in enumerate(rows):
        where = f"DanhSachHoSoBoSung[{i}]"
        if not isinstance(row, Mapping):
            raise DecodeError(f"{where}: expected an object, got {row!r}")
        try:
            asked = _stamp(row, "NgayBoSung", required=True)
            reason = _text(row, "NoiDungBoSung", required=False) or ""
            supplied = _stamp(row, "NgayTiepNhanBoSung", required=False)
        except DecodeError as exc:
            raise DecodeError(f"{where}.{exc}") from None
        assert asked is not None  # noqa: S101 -- required
        events.append(SupplementRequested(asked, reason=reason))
        if supplied is not None:
            events.append(SupplementSupplied(supplied))
    return events


def parse_dossier(
    payload: Mapping[str, Any],
    *,
    time_limit: TimeLimit,
    mapping: StatusMapping = DVCQG_STATUS,
    agency: AgencyCode | str | None = None,
    channel: Channel | None = None,
) -> Dossier:
    """Rebuild a :class:`~lapvo_cchc.dossiers.Dossier` from a ``DongBoHoSoMC`` payload.

    The payload is a summary, not a history: the events are rebuilt from its
    milestones (submission, receipt or refusal, the supplement list, the end
    of processing, the return of the result) and must lead to the state that
    ``TrangThaiHoSo`` names. A state the milestones cannot reach (status 4
    with no supplied supplement, status 6, whose events carry no instant in
    the payload) is reported, not invented. Intermediate events the payload
    does not carry (transfers, apologies, fees, the rejection flag) are lost.

    Args:
        payload: one dossier of the sync body.
        time_limit: the procedure's legal limit (the payload does not carry it).
        mapping: ``TrangThaiHoSo`` code → state.
        agency: the handling agency; default the agency part of ``MaHoSo``.
        channel: used when ``KenhThucHien`` is absent (older clients).

    Raises:
        DecodeError: a missing or malformed key, an unknown status code, or
            milestones that contradict the status; the message names the key.

    Example:
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> payload = {"MaHoSo": "000.00.06.H56-260302-0001", "MaTTHC": "1.001193",
        ...            "KenhThucHien": "1", "NgayTiepNhan": "20260302090000",
        ...            "NgayKetThucXuLy": "20260304160000", "TrangThaiHoSo": "9"}
        >>> d = parse_dossier(payload, time_limit=TimeLimit.working_days(3))
        >>> d.state.name, d.finished_at.isoformat()
        ('RESOLVED', '2026-03-04T16:00:00+07:00')
        >>> parse_dossier({**payload, "TrangThaiHoSo": "11"}, time_limit=TimeLimit.working_days(3))
        Traceback (most recent call last):
        ...
        lapvo_cchc.errors.DecodeError: TrangThaiHoSo: status mapping 'DVCQG': unknown status ...
    """
    if not isinstance(payload, Mapping):
        raise DecodeError(f"payload: expected an object, got {type(payload).__name__}")
    code_text = _text(payload, "MaHoSo")
    procedure_text = _text(payload, "MaTTHC")
    status_text = _text(payload, "TrangThaiHoSo")
    if code_text is None or procedure_text is None or status_text is None:  # pragma: no cover
        raise DecodeError("MaHoSo, MaTTHC, TrangThaiHoSo: required")
    try:
        code = DossierCode.parse(code_text)
    except LapvoError as exc:
        raise DecodeError(f"MaHoSo: {exc}") from None
    try:
        procedure_code = ProcedureCode.parse(procedure_text)
    except LapvoError as exc:
        raise DecodeError(f"MaTTHC: {exc}") from None
    if not status_text.isdigit():
        raise DecodeError(f"TrangThaiHoSo: expected a status code 1-10, got {status_text!r}")
    try:
        state = mapping.state_of(int(status_text))
    except LookupError as exc:
        raise DecodeError(f"TrangThaiHoSo: {exc}") from None
    channel_text = _text(payload, "KenhThucHien", required=channel is None)
    if channel_text is not None:
        if channel_text not in _CHANNEL_OF:
            raise DecodeError(f"KenhThucHien: expected 1, 2 or 3, got {channel_text!r}")
        channel = _CHANNEL_OF[channel_text]
    assert channel is not None  # noqa: S101 -- required above when not given

    events = _milestones(payload, state)
    try:
        return Dossier(
            code=code,
            procedure_code=procedure_code,
            time_limit=time_limit,
            agency=code.agency if agency is None else agency,
            channel=channel,
            events=events,
        )
    except LapvoError as exc:
        raise DecodeError(f"TrangThaiHoSo {status_text} ({state.name}): {exc}") from None


def _milestones(payload: Mapping[str, Any], state: State) -> list[Event]:
    submitted = _stamp(payload, "NgayNopHoSo", required=False)
    received = _stamp(payload, "NgayTiepNhan", required=False)
    refused = _stamp(payload, "NgayTuChoi", required=False)
    ended = _stamp(payload, "NgayKetThucXuLy", required=False)
    returned = _stamp(payload, "NgayTra", required=False)
    events: list[Event] = [] if submitted is None else [SubmittedOnline(submitted)]
    if state is State.SUBMITTED:
        _need(submitted, "NgayNopHoSo", state)
        return events
    if state is State.REFUSED:
        return [*events, RefusedAtIntake(_need(refused, "NgayTuChoi", state))]
    events.append(Received(_need(received, "NgayTiepNhan", state)))
    events.extend(_supplement_events(payload))
    if state is State.WITHDRAWN:
        events.append(Withdrawn(_need(ended, "NgayKetThucXuLy", state)))
    elif state is State.STOPPED:
        events.append(Stopped(_need(ended, "NgayKetThucXuLy", state)))
    elif state is State.RESOLVED:
        events.append(Resolved(_need(ended, "NgayKetThucXuLy", state)))
    elif state is State.RESULT_RETURNED:
        if ended is not None:
            events.append(Resolved(ended))
        events.append(ResultReturned(_need(returned, "NgayTra", state)))
    try:
        rebuilt = check_history("MaHoSo", tuple(events))
    except LapvoError as exc:
        raise DecodeError(f"TrangThaiHoSo: milestones contradict each other: {exc}") from None
    if rebuilt is not state:
        raise DecodeError(
            f"TrangThaiHoSo: status {state.name} cannot be rebuilt from the payload's "
            f"milestones (they lead to {rebuilt.name}; the event that led to {state.name} "
            "carries no instant in a DongBoHoSoMC payload)"
        )
    return events
