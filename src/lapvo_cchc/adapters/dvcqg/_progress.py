"""Progress rows (``CapNhatTienDoHoSoMC``) of a dossier's history (private).

Public names are re-exported by :mod:`lapvo_cchc.adapters.dvcqg`.

Example:
    >>> from lapvo_cchc.dossiers import Apologized
    >>> import datetime as dt
    >>> ev = Apologized(dt.datetime(2026, 3, 5, 9, tzinfo=dt.UTC), new_date=dt.date(2026, 3, 12))
    >>> _describe(ev)[0]
    'Xin lỗi, hẹn lại ngày trả 12/03/2026'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lapvo_cchc.adapters.dvcqg._due import due_instant
from lapvo_cchc.adapters.dvcqg._sync import apology_text, format_timestamp
from lapvo_cchc.dossiers import (
    DVCQG_STATUS,
    Apologized,
    Dossier,
    Event,
    FeeMet,
    FeeRequested,
    Received,
    RefusedAtIntake,
    Resolved,
    StatusMapping,
    Stopped,
    SubmittedOnline,
    SupplementRequested,
    SupplementSupplied,
    Transferred,
    Withdrawn,
    check_history,
)

if TYPE_CHECKING:
    from lapvo_cchc.deadlines import DeadlineCalendar, Regime

__all__ = ["format_progress"]


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
        return apology_text(event), ""
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
    regime: Regime | None = None,
) -> list[dict[str, str]]:
    """Build the ``CapNhatTienDoHoSoMC`` rows of *dossier*: one per event, oldest first.

    ``TrangThai`` is the code of the state the event led to; ``ThoiDiemXuLy``
    and ``NgayBatDau`` its instant; ``PhongBanXuLy`` the receiving agency of
    a transfer; ``NgayKetThucTheoQuyDinh``, on the rows after receipt and
    when a *calendar* is given, the same legal due instant as the sync
    payload's ``NgayHenTra`` (:func:`due_instant`: before pauses, never an
    apology's date). An apology's new date is told in its row's
    ``NoiDungXuLy``.

    Args:
        dossier: the dossier.
        mapping: state → code.
        calendar: to fill ``NgayKetThucTheoQuyDinh``.
        handler: ``NguoiXuLy`` (the history does not name people).
        title: ``ChucDanh``.
        regime: the deadline counting regime; ``None`` chooses by receipt date.

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
        instant = due_instant(dossier, calendar=calendar, regime=regime)
        if instant is not None:
            due = format_timestamp(instant)
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
