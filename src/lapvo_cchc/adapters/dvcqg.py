"""National public service portal (DVCQG) and national procedure database (CSDL TTHC) formats.

Three wire formats, as the portal's client systems send and receive them
(domain/INTEGRATION.md §1.2, §3.2-3.4). No network I/O: these functions
build and read plain dicts; the caller posts or fetches them.

* **Dossier sync payload** (one element of ``data`` for ``DongBoHoSoMC``):
  PascalCase Vietnamese keys, every value a string, instants as
  ``yyyyMMddHHmmss`` in Vietnam time (UTC+7). :func:`format_dossier` and
  :func:`parse_dossier`; status codes 1-10 (``TrangThaiHoSo``) go through a
  replaceable :class:`~lapvo_cchc.dossiers.StatusMapping` (default
  :data:`~lapvo_cchc.dossiers.DVCQG_STATUS`).
* **Progress rows** (``CapNhatTienDoHoSoMC``): one row per event of the
  history, :func:`format_progress`.
* **Procedure records** (UPPERCASE keys, ``LayThuTuc``): :func:`parse_procedure`
  returns a :class:`ParsedProcedure`, the :class:`~lapvo_cchc.procedures.Procedure`
  beside the raw record. Time-limit units are mapped through a table; an
  unknown unit is a :class:`~lapvo_cchc.errors.DecodeError`, never a guess.

Every decoding error is a :class:`~lapvo_cchc.errors.DecodeError` whose
message names the key (and the list index) and the value found.

Example:
    >>> import datetime as dt
    >>> from lapvo_cchc.deadlines import TimeLimit
    >>> from lapvo_cchc.dossiers import Channel, Dossier
    >>> ict = dt.timezone(dt.timedelta(hours=7))
    >>> d = Dossier.received(
    ...     "000.00.06.H56-260302-0001", procedure_code="1.001193",
    ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
    ...     channel=Channel.IN_PERSON, at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=ict))
    >>> payload = format_dossier(d)
    >>> payload["NgayTiepNhan"], payload["TrangThaiHoSo"], payload["KenhThucHien"]
    ('20260302090000', '2', '1')
    >>> back = parse_dossier(payload, time_limit=TimeLimit.working_days(3))
    >>> back == d
    True
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

import attrs

from lapvo_cchc._time import VIETNAM_TZ, to_vietnam
from lapvo_cchc.deadlines import TimeLimit, TimeUnit
from lapvo_cchc.dossiers import (
    DVCQG_STATUS,
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
    StatusMapping,
    Stopped,
    SubmittedOnline,
    SupplementRequested,
    SupplementSupplied,
    Transferred,
    Withdrawn,
    check_history,
)
from lapvo_cchc.errors import DecodeError, LapvoError
from lapvo_cchc.procedures import (
    AgencyCode,
    DossierCode,
    FieldCode,
    Level,
    OnlineLevel,
    Procedure,
    ProcedureCode,
)

if TYPE_CHECKING:
    from lapvo_cchc.deadlines import DeadlineCalendar

__all__ = [
    "CHANNEL_CODES",
    "LEVEL_CODES",
    "ONLINE_LEVEL_CODES",
    "TIMESTAMP_FORMAT",
    "UNIT_NAMES",
    "ParsedProcedure",
    "format_dossier",
    "format_progress",
    "format_timestamp",
    "parse_dossier",
    "parse_procedure",
    "parse_procedures",
    "parse_timestamp",
]

TIMESTAMP_FORMAT: Final = "%Y%m%d%H%M%S"
"""``yyyyMMddHHmmss``, Vietnam wall-clock time (INTEGRATION.md §3.2, three clients agree).

Example:
    >>> import datetime as dt
    >>> dt.datetime(2026, 3, 2, 9, 5).strftime(TIMESTAMP_FORMAT)
    '20260302090500'
"""

CHANNEL_CODES: Final[Mapping[Channel, str]] = MappingProxyType(
    {Channel.IN_PERSON: "1", Channel.ONLINE: "2", Channel.POSTAL: "3"}
)
"""``KenhThucHien``: 1 trực tiếp, 2 trực tuyến, 3 qua bưu chính công ích (INTEGRATION.md §3.2).

Example:
    >>> from lapvo_cchc.dossiers import Channel
    >>> CHANNEL_CODES[Channel.ONLINE]
    '2'
"""

LEVEL_CODES: Final[Mapping[str, Level]] = MappingProxyType(
    {"1": Level.PROVINCE, "2": Level.DISTRICT, "3": Level.COMMUNE}
)
"""``CAPTHUCHIEN`` codes of a procedure record: 1 tỉnh, 2 huyện, 3 xã.

Code ``"0"`` (ministry, *Bộ*) has no :class:`~lapvo_cchc.procedures.Level`
and is reported. Seen in one importer only (INTEGRATION.md §1.2 (a)); pass
your own table to :func:`parse_procedure` if your source differs.

Example:
    >>> LEVEL_CODES["3"]
    <Level.COMMUNE: 'Cấp xã'>
"""

ONLINE_LEVEL_CODES: Final[Mapping[str, OnlineLevel]] = MappingProxyType(
    {
        "1": OnlineLevel.LEVEL_1,
        "2": OnlineLevel.LEVEL_2,
        "3": OnlineLevel.LEVEL_3,
        "4": OnlineLevel.LEVEL_4,
    }
)
"""``MUCDO`` (online service level) codes 1-4 (INTEGRATION.md §1.2 (d)).

Example:
    >>> ONLINE_LEVEL_CODES["4"].under_decree_42()
    <OnlineLevel.FULL: 'Toàn trình'>
"""

UNIT_NAMES: Final[Mapping[str, TimeUnit]] = MappingProxyType(
    {
        "ngày làm việc": TimeUnit.WORKING_DAYS,
        "ngày": TimeUnit.CALENDAR_DAYS,
        "giờ làm việc": TimeUnit.WORKING_HOURS,
        "trong ngày": TimeUnit.SAME_DAY,
    }
)
"""``DONVITINH`` wording → :class:`~lapvo_cchc.deadlines.TimeUnit` (compared NFC, case-folded).

Plain hours (*giờ*) and months (*tháng*), which QĐ 766 also lists
(INTEGRATION.md §3.6), have no exact unit in the library and are reported.

Example:
    >>> UNIT_NAMES["ngày làm việc"]
    <TimeUnit.WORKING_DAYS: 'ngày làm việc'>
"""

_CHANNEL_OF: Final = MappingProxyType({v: k for k, v in CHANNEL_CODES.items()})
_END_OF_DAY: Final = dt.time(23, 59, 59)


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
    procedure_name: str = "",
    agency_name: str = "",
) -> dict[str, Any]:
    """Build the ``DongBoHoSoMC`` payload of *dossier* (INTEGRATION.md §3.2).

    Scalar values are strings; ``DanhSachHoSoBoSung`` lists the supplement
    requests with their supply instants. Timestamps present only when the
    event happened: ``NgayNopHoSo`` (online submission), ``NgayTiepNhan``,
    ``NgayTuChoi`` (refused at intake), ``NgayKetThucXuLy`` (resolved,
    stopped or withdrawn), ``NgayTra`` (result returned). ``NgayHenTra``
    (the end of the appointment day) only when a *calendar* is given.

    Args:
        dossier: the dossier.
        mapping: state → ``TrangThaiHoSo`` code.
        calendar: the working-day calendar, to compute ``NgayHenTra``.
        procedure_name: ``TenTTHC`` (the payload carries the name).
        agency_name: ``DonViXuLy`` (the processing agency's name).

    Raises:
        UnmappedStatusError: the mapping has no code for the dossier's state.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.calendars import vietnam
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Dossier
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> d = Dossier.submitted("000.00.06.H56-260301-0007", procedure_code="1.001193",
        ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
        ...     at=dt.datetime(2026, 3, 1, 21, 0, tzinfo=ict))
        >>> d = d.receive(dt.datetime(2026, 3, 2, 7, 30, tzinfo=ict))
        >>> p = format_dossier(d, calendar=vietnam())
        >>> p["NgayNopHoSo"], p["NgayTiepNhan"], p["NgayHenTra"], p["TrangThaiHoSo"]
        ('20260301210000', '20260302073000', '20260305235959', '2')
    """
    payload: dict[str, Any] = {
        "MaHoSo": str(dossier.code),
        "MaTTHC": str(dossier.procedure_code),
        "TenTTHC": procedure_name,
        "KenhThucHien": CHANNEL_CODES[dossier.channel],
        "TrangThaiHoSo": str(mapping.code_of(dossier.state)),
        "DonViXuLy": agency_name,
    }
    supplements: list[dict[str, str]] = []
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
        elif isinstance(event, SupplementRequested):
            supplements.append(
                {
                    "HoSoBoSungId": str(len(supplements) + 1),
                    "NoiDungBoSung": event.reason,
                    "NgayBoSung": stamp,
                }
            )
        elif isinstance(event, SupplementSupplied) and supplements:
            supplements[-1]["NgayTiepNhanBoSung"] = stamp
    if supplements:
        payload["DanhSachHoSoBoSung"] = supplements
    if calendar is not None:
        day = dossier.appointment(calendar=calendar)
        if day is not None:
            when = dt.datetime.combine(day, _END_OF_DAY, tzinfo=VIETNAM_TZ)
            payload["NgayHenTra"] = format_timestamp(when)
    return payload


def _text(payload: Mapping[str, Any], key: str, *, required: bool = True) -> str | None:
    if key not in payload or payload[key] in (None, ""):
        if required:
            raise DecodeError(f"{key}: missing from the payload (required)")
        return None
    value = payload[key]
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise DecodeError(f"{key}: expected a string, got {type(value).__name__} {value!r}")
    return str(value).strip()


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


# -- progress rows --------------------------------------------------------------------------


def _describe(event: Event) -> tuple[str, str]:
    """(NoiDungXuLy, PhongBanXuLy) of one event."""
    if isinstance(event, SubmittedOnline):
        return "Nộp hồ sơ trực tuyến", ""
    if isinstance(event, Received):
        return "Tiếp nhận hồ sơ", ""
    if isinstance(event, RefusedAtIntake):
        return _with("Từ chối tiếp nhận", event.reason), ""
    if isinstance(event, SupplementRequested):
        return _with("Yêu cầu bổ sung hồ sơ", event.reason), ""
    if isinstance(event, SupplementSupplied):
        return "Tiếp nhận hồ sơ bổ sung", ""
    if isinstance(event, FeeRequested):
        return _with("Yêu cầu thực hiện nghĩa vụ tài chính", event.note), ""
    if isinstance(event, FeeMet):
        return "Hoàn thành nghĩa vụ tài chính", ""
    if isinstance(event, Transferred):
        return _with("Chuyển xử lý", event.step), event.to_agency
    if isinstance(event, Apologized):
        return _with(f"Xin lỗi, hẹn lại ngày trả {event.new_date:%d/%m/%Y}", event.reason), ""
    if isinstance(event, Resolved):
        text = "Đã xử lý xong" if event.approved else "Trả lại hồ sơ không đủ điều kiện"
        return _with(text, event.reason), ""
    if isinstance(event, Stopped):
        return _with("Dừng xử lý", event.reason), ""
    if isinstance(event, Withdrawn):
        return _with("Công dân rút hồ sơ", event.reason), ""
    return "Trả kết quả", ""


def _with(text: str, detail: str) -> str:
    return f"{text}: {detail}" if detail else text


def format_progress(
    dossier: Dossier,
    *,
    mapping: StatusMapping = DVCQG_STATUS,
    calendar: DeadlineCalendar | None = None,
    handler: str = "",
    title: str = "",
) -> list[dict[str, str]]:
    """Build the ``CapNhatTienDoHoSoMC`` rows of *dossier*: one per event, oldest first.

    ``TrangThai`` is the code of the state the event led to; ``ThoiDiemXuLy``
    and ``NgayBatDau`` its instant; ``PhongBanXuLy`` the receiving agency of
    a transfer; ``NgayKetThucTheoQuyDinh`` the end of the appointment day
    after receipt, when a *calendar* is given (INTEGRATION.md §3.3).

    Args:
        dossier: the dossier.
        mapping: state → code.
        calendar: to fill ``NgayKetThucTheoQuyDinh``.
        handler: ``NguoiXuLy`` (the history does not name people).
        title: ``ChucDanh``.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Channel, Dossier
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
        ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
        ...     channel=Channel.IN_PERSON, at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=ict))
        >>> d = d.resolve(dt.datetime(2026, 3, 4, 16, 0, tzinfo=ict))
        >>> [(r["TrangThai"], r["ThoiDiemXuLy"], r["NoiDungXuLy"]) for r in format_progress(d)]
        [('2', '20260302090000', 'Tiếp nhận hồ sơ'), ('9', '20260304160000', 'Đã xử lý xong')]
    """
    due = ""
    if calendar is not None:
        day = dossier.appointment(calendar=calendar)
        if day is not None:
            due = format_timestamp(dt.datetime.combine(day, _END_OF_DAY, tzinfo=VIETNAM_TZ))
    rows: list[dict[str, str]] = []
    for i, event in enumerate(dossier.events):
        state = check_history(dossier.code, dossier.events[: i + 1])
        content, unit = _describe(event)
        stamp = format_timestamp(event.at)
        rows.append(
            {
                "MaHoSo": str(dossier.code),
                "NguoiXuLy": handler,
                "ChucDanh": title,
                "ThoiDiemXuLy": stamp,
                "PhongBanXuLy": unit,
                "NoiDungXuLy": content,
                "TrangThai": str(mapping.code_of(state)),
                "NgayBatDau": stamp,
                "NgayKetThucTheoQuyDinh": due if state.received else "",
            }
        )
    return rows


# -- procedure records ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ParsedProcedure:
    """A procedure parsed from a CSDL TTHC record, with the raw record kept beside it.

    Attributes:
        procedure: the parsed :class:`~lapvo_cchc.procedures.Procedure`.
        raw: the record as received (not copied deeply; do not mutate it).
        time_limits: every ``(KENH, TimeLimit)`` of ``CACHTHUCTHUCHIEN[].THOIGIAN[]``,
            in record order; ``procedure.time_limit`` is the one chosen.

    Example:
        >>> record = {"MATTHC": "1.001193", "TENTTHC": "Đăng ký khai sinh", "MUCDO": "3",
        ...     "LINHVUCTHUCHIEN": [{"MALINHVUC": "G14-HT01", "TENLINHVUC": "Hộ tịch"}],
        ...     "CAPTHUCHIEN": [{"CAPTHUCHIEN": "3", "TENCAP": "Cấp Xã"}],
        ...     "CACHTHUCTHUCHIEN": [{"KENH": "1", "THOIGIAN": [
        ...         {"THOIGIANGIAIQUYET": "1", "DONVITINH": "Ngày làm việc"}]}]}
        >>> parsed = parse_procedure(record)
        >>> str(parsed.procedure.time_limit), parsed.raw["MATTHC"]
        ('1 ngày làm việc', '1.001193')
    """

    procedure: Procedure
    raw: Mapping[str, Any]
    time_limits: tuple[tuple[str, TimeLimit], ...] = ()


def _list(record: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = record.get(key)
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise DecodeError(f"{key}: expected a list, got {type(value).__name__} {value!r}")
    for i, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise DecodeError(f"{key}[{i}]: expected an object, got {item!r}")
    return list(value)


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def _limit(item: Mapping[str, Any], where: str, units: Mapping[str, TimeUnit]) -> TimeLimit:
    unit_text = _text(item, "DONVITINH", required=False)
    if unit_text is None:
        raise DecodeError(f"{where}.DONVITINH: missing (required)")
    table = {_nfc(k).casefold(): v for k, v in units.items()}
    unit = table.get(_nfc(unit_text).casefold())
    if unit is None:
        known = ", ".join(sorted(units))
        raise DecodeError(f"{where}.DONVITINH: unknown unit {unit_text!r}; known units: {known}")
    amount_text = _text(item, "THOIGIANGIAIQUYET", required=False)
    if unit is TimeUnit.SAME_DAY:
        if amount_text not in (None, "0", "1"):
            raise DecodeError(
                f"{where}.THOIGIANGIAIQUYET: a same-day limit has no amount, got {amount_text!r}"
            )
        return TimeLimit.same_day()
    if amount_text is None or not amount_text.isascii() or not amount_text.isdigit():
        got = item.get("THOIGIANGIAIQUYET")
        raise DecodeError(f"{where}.THOIGIANGIAIQUYET: expected a whole number, got {got!r}")
    return TimeLimit(unit, int(amount_text))


def _field(record: Mapping[str, Any]) -> tuple[str, FieldCode | None]:
    fields = _list(record, "LINHVUCTHUCHIEN")
    if not fields:
        raise DecodeError("LINHVUCTHUCHIEN: missing or empty (required)")
    field_name = _text(fields[0], "TENLINHVUC", required=False)
    if field_name is None:
        raise DecodeError("LINHVUCTHUCHIEN[0].TENLINHVUC: missing (required)")
    field_text = _text(fields[0], "MALINHVUC", required=False)
    if field_text is None:
        return field_name, None
    try:
        return field_name, FieldCode.parse(field_text)
    except LapvoError as exc:
        raise DecodeError(f"LINHVUCTHUCHIEN[0].MALINHVUC: {exc}") from None


def _levels(record: Mapping[str, Any], levels: Mapping[str, Level]) -> list[Level]:
    found: list[Level] = []
    for i, item in enumerate(_list(record, "CAPTHUCHIEN")):
        level_text = _text(item, "CAPTHUCHIEN", required=False) or ""
        if level_text not in levels:
            known = ", ".join(sorted(levels))
            raise DecodeError(
                f"CAPTHUCHIEN[{i}].CAPTHUCHIEN: unknown level {level_text!r}; known codes: {known}"
            )
        found.append(levels[level_text])
    if not found:
        raise DecodeError("CAPTHUCHIEN: missing or empty (required)")
    return found


def parse_procedure(
    record: Mapping[str, Any],
    *,
    units: Mapping[str, TimeUnit] = UNIT_NAMES,
    levels: Mapping[str, Level] = LEVEL_CODES,
    online_level: OnlineLevel | None = None,
) -> ParsedProcedure:
    """Parse one procedure record of the national procedure database (UPPERCASE keys).

    Mapped keys: ``MATTHC`` (or ``MaTTHC``) → code; ``TENTTHC`` → name (NFC);
    ``LINHVUCTHUCHIEN[0]`` → field name and code; ``CAPTHUCHIEN[].CAPTHUCHIEN``
    → levels through *levels*; ``MUCDO`` → online level (else *online_level*);
    ``COQUANTHUCHIEN[].TENDONVI`` → agencies; ``CANCUPHAPLY[].SOVANBAN`` →
    legal basis; ``CACHTHUCTHUCHIEN[].THOIGIAN[]`` → time limits through
    *units*. The procedure's limit is the first one of channel ``KENH`` "1"
    (in person), else the first one listed. Fees are not parsed (the record's
    fee lists vary by channel and case): ``procedure.fee`` is 0; read ``raw``.

    Args:
        record: one element of the ``result`` array.
        units: ``DONVITINH`` wording → unit (compared NFC, case-folded).
        levels: ``CAPTHUCHIEN`` code → level.
        online_level: used when the record has no ``MUCDO``.

    Raises:
        DecodeError: a missing or malformed key, an unknown unit or level;
            the message names the key path and the value.

    Example:
        >>> record = {"MATTHC": "2.000001", "TENTTHC": "Cấp giấy phép xây dựng",
        ...     "LINHVUCTHUCHIEN": [{"TENLINHVUC": "Xây dựng"}],
        ...     "CAPTHUCHIEN": [{"CAPTHUCHIEN": "2"}], "MUCDO": "3",
        ...     "CACHTHUCTHUCHIEN": [{"KENH": "1", "THOIGIAN": [
        ...         {"THOIGIANGIAIQUYET": "2", "DONVITINH": "Tháng"}]}]}
        >>> parse_procedure(record)
        Traceback (most recent call last):
        ...
        lapvo_cchc.errors.DecodeError: CACHTHUCTHUCHIEN[0].THOIGIAN[0].DONVITINH: unknown unit ...
    """
    if not isinstance(record, Mapping):
        raise DecodeError(f"procedure record: expected an object, got {type(record).__name__}")
    key = "MATTHC" if "MATTHC" in record else "MaTTHC"
    code_text = _text(record, key, required=False)
    if code_text is None:
        raise DecodeError("MATTHC: missing from the record (required)")
    try:
        code = ProcedureCode.parse(code_text)
    except LapvoError as exc:
        raise DecodeError(f"{key}: {exc}") from None
    name = _text(record, "TENTTHC")
    assert name is not None  # noqa: S101 -- required

    field_name, field_code = _field(record)
    found_levels = _levels(record, levels)

    online_text = _text(record, "MUCDO", required=online_level is None)
    if online_text is not None:
        if online_text not in ONLINE_LEVEL_CODES:
            raise DecodeError(f"MUCDO: expected 1, 2, 3 or 4, got {online_text!r}")
        online_level = ONLINE_LEVEL_CODES[online_text]
    assert online_level is not None  # noqa: S101 -- required above when not given

    limits: list[tuple[str, TimeLimit]] = []
    for i, channel in enumerate(_list(record, "CACHTHUCTHUCHIEN")):
        kenh = _text(channel, "KENH", required=False) or ""
        for j, item in enumerate(_list(channel, "THOIGIAN")):
            where = f"CACHTHUCTHUCHIEN[{i}].THOIGIAN[{j}]"
            limits.append((kenh, _limit(item, where, units)))
    if not limits:
        raise DecodeError("CACHTHUCTHUCHIEN[].THOIGIAN: no time limit in the record (required)")
    chosen = next((lim for kenh, lim in limits if kenh == "1"), limits[0][1])

    agencies = tuple(
        _nfc(t)
        for item in _list(record, "COQUANTHUCHIEN")
        if (t := _text(item, "TENDONVI", required=False))
    )
    basis = "; ".join(
        _nfc(t)
        for item in _list(record, "CANCUPHAPLY")
        if (t := _text(item, "SOVANBAN", required=False))
    )
    try:
        procedure = Procedure(
            code=code,
            name=_nfc(name),
            field=_nfc(field_name),
            levels=found_levels,
            time_limit=chosen,
            online_level=online_level,
            agencies=agencies,
            field_code=field_code,
            legal_basis=basis,
        )
    except LapvoError as exc:
        raise DecodeError(f"procedure record {code_text}: {exc}") from None
    return ParsedProcedure(procedure=procedure, raw=record, time_limits=tuple(limits))


def parse_procedures(
    package: Mapping[str, Any] | Sequence[Mapping[str, Any]],
    *,
    units: Mapping[str, TimeUnit] = UNIT_NAMES,
    levels: Mapping[str, Level] = LEVEL_CODES,
    online_level: OnlineLevel | None = None,
) -> list[ParsedProcedure]:
    """Parse a ``LayThuTuc`` answer: ``{"result": [...]}`` or the bare list of records.

    Raises:
        DecodeError: not a list or an object with a ``result`` list, or a bad
            record (the message starts with ``result[i]``).

    Example:
        >>> record = {"MATTHC": "1.001193", "TENTTHC": "Đăng ký khai sinh", "MUCDO": "4",
        ...     "LINHVUCTHUCHIEN": [{"TENLINHVUC": "Hộ tịch"}],
        ...     "CAPTHUCHIEN": [{"CAPTHUCHIEN": "3"}],
        ...     "CACHTHUCTHUCHIEN": [{"KENH": "2", "THOIGIAN": [
        ...         {"THOIGIANGIAIQUYET": "0", "DONVITINH": "Trong ngày"}]}]}
        >>> [str(p.procedure.code) for p in parse_procedures({"result": [record]})]
        ['1.001193']
    """
    records: Any = package.get("result") if isinstance(package, Mapping) else package
    if isinstance(records, str) or not isinstance(records, Sequence):
        raise DecodeError(f"result: expected a list of procedure records, got {records!r}")
    parsed: list[ParsedProcedure] = []
    for i, record in enumerate(records):
        try:
            parsed.append(
                parse_procedure(record, units=units, levels=levels, online_level=online_level)
            )
        except DecodeError as exc:
            raise DecodeError(f"result[{i}].{exc}") from None
    return parsed
