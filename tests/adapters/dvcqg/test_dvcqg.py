"""Tests of the national portal (DVCQG) and national procedure database adapter."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lapvo_cchc.adapters.dvcqg import (
    format_dossier,
    format_progress,
    parse_dossier,
    parse_procedure,
    parse_procedures,
    parse_timestamp,
)
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.deadlines import TimeLimit, TimeUnit
from lapvo_cchc.dossiers import DVCQG_STATUS, Channel, Dossier, State
from lapvo_cchc.errors import DecodeError
from lapvo_cchc.procedures import Level, OnlineLevel

ICT = dt.timezone(dt.timedelta(hours=7))
LIMIT = TimeLimit.working_days(3)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=ICT)


def received() -> Dossier:
    return Dossier.received(
        "000.00.06.H56-260302-0001",
        procedure_code="1.001193",
        time_limit=LIMIT,
        agency="000.00.06.H56",
        channel=Channel.IN_PERSON,
        at=at(2, 9),
    )


def submitted() -> Dossier:
    return Dossier.submitted(
        "000.00.06.H56-260301-0007",
        procedure_code="1.001193",
        time_limit=LIMIT,
        agency="000.00.06.H56",
        at=at(1, 21),
    )


# A payload shaped like the client systems send it (synthetic values, no personal data).
PAYLOAD: dict[str, Any] = {
    "MaHoSo": "000.00.06.H56-260302-0001",
    "MaTTHC": "1.001193",
    "TenTTHC": "Đăng ký khai sinh",
    "MaLinhVuc": "G14-HT01",
    "TenLinhVuc": "Hộ tịch",
    "KenhThucHien": "1",
    "ChuHoSo": "Người nộp mẫu",
    "LoaiDoiTuong": "1",
    "NgayTiepNhan": "20260302090000",
    "NgayHenTra": "20260305170000",
    "NgayKetThucXuLy": "20260304160000",
    "NgayTra": "20260305080000",
    "TrangThaiHoSo": "10",
    "HinhThuc": "0",
    "DonViXuLy": "UBND xã mẫu",
}


LIST_KEYS = {"TaiLieuNop", "DanhSachLePhi", "DanhSachGiayToKetQua", "DanhSachHoSoBoSung"}


def roundtrip_cases() -> list[Dossier]:
    d = received()
    s = submitted()
    return [
        d,
        s,
        s.receive(at(2, 7, 30)),
        s.refuse(at(2, 8)),
        d.request_supplement(at(3, 10), reason="bản sao"),
        d.request_supplement(at(3, 10)).supply(at(9, 8)),
        d.request_supplement(at(3, 10)).supply(at(9, 8)).resolve(at(10, 15)),
        d.resolve(at(4, 16)),
        d.resolve(at(4, 16)).return_result(at(5, 8)),
        d.withdraw(at(3, 8)),
        d.stop(at(3, 8)),
    ]


@pytest.mark.parametrize("dossier", roundtrip_cases(), ids=lambda d: d.state.name)
def test_round_trip_keeps_state_and_events(dossier: Dossier) -> None:
    """Dossier → payload → Dossier gives back the same dossier for milestone histories."""
    payload = format_dossier(dossier)
    assert all(isinstance(v, list) == (k in LIST_KEYS) for k, v in payload.items())
    assert all(isinstance(v, str) for k, v in payload.items() if k not in LIST_KEYS)
    back = parse_dossier(payload, time_limit=LIMIT)
    assert dossier.state == back.state
    assert dossier == back


def test_payload_keys_and_formats() -> None:
    """The payload uses the portal's keys, string codes and yyyyMMddHHmmss Vietnam time."""
    d = received().resolve(dt.datetime(2026, 3, 4, 9, 0, tzinfo=dt.UTC))
    payload = format_dossier(d, calendar=vietnam(), procedure_name="Đăng ký khai sinh")
    assert "000.00.06.H56-260302-0001" == payload["MaHoSo"]
    assert "9" == payload["TrangThaiHoSo"]
    assert "20260304160000" == payload["NgayKetThucXuLy"]
    assert "20260305235959" == payload["NgayHenTra"]
    assert "Đăng ký khai sinh" == payload["TenTTHC"]


def test_integration_example_payload_parses() -> None:
    """A payload shaped like the client systems send it decodes to a returned dossier."""
    d = parse_dossier(PAYLOAD, time_limit=LIMIT)
    assert State.RESULT_RETURNED == d.state
    assert at(2, 9) == d.received_at
    assert at(4, 16) == d.finished_at


def test_replaced_mapping_is_used_both_ways() -> None:
    """A deployment's mapping sends AWAITING_SUPPLEMENT as 9 and reads 9 back per its inbound."""
    mapping = DVCQG_STATUS.override(outbound={State.AWAITING_SUPPLEMENT: 9})
    d = received().request_supplement(at(3, 10))
    assert "9" == format_dossier(d, mapping=mapping)["TrangThaiHoSo"]


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"NgayTiepNhan": "2026-03-02 09:00"}, "NgayTiepNhan"),
        ({"NgayTiepNhan": "20260230090000"}, "NgayTiepNhan"),
        ({"TrangThaiHoSo": "11"}, "TrangThaiHoSo"),
        ({"TrangThaiHoSo": "mới"}, "TrangThaiHoSo"),
        ({"KenhThucHien": "9"}, "KenhThucHien"),
        ({"MaHoSo": "not a code"}, "MaHoSo"),
        ({"NgayTra": None}, "NgayTra"),
        ({"TrangThaiHoSo": "4", "NgayTra": None}, "TrangThaiHoSo"),
    ],
)
def test_bad_payload_names_the_key(change: dict[str, Any], key: str) -> None:
    """A bad timestamp, status, channel or code raises DecodeError naming the key."""
    with pytest.raises(DecodeError, match=key):
        parse_dossier({**PAYLOAD, **change}, time_limit=LIMIT)


@pytest.mark.parametrize("key", ["MaHoSo", "MaTTHC", "TrangThaiHoSo", "KenhThucHien"])
def test_missing_key_names_the_key(key: str) -> None:
    """A missing required key raises DecodeError naming it."""
    payload = {k: v for k, v in PAYLOAD.items() if k != key}
    with pytest.raises(DecodeError, match=key):
        parse_dossier(payload, time_limit=LIMIT)


def test_parse_timestamp_is_vietnam_time() -> None:
    """Timestamps are read as Vietnam wall-clock time."""
    assert dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC) == parse_timestamp("20260302090000")


def test_progress_rows_follow_the_history() -> None:
    """One progress row per event, with the state code reached and the instant."""
    d = received().request_supplement(at(3, 10), reason="bản sao").supply(at(9, 8))
    rows = format_progress(d, calendar=vietnam(), handler="Chuyên viên")
    assert ["2", "5", "4"] == [r["TrangThai"] for r in rows]
    assert ["20260302090000", "20260303100000", "20260309080000"] == [
        r["ThoiDiemXuLy"] for r in rows
    ]
    assert "Yêu cầu bổ sung hồ sơ: bản sao" == rows[1]["NoiDungXuLy"]
    assert {
        "MaHoSo",
        "NguoiXuLy",
        "ChucDanh",
        "ThoiDiemXuLy",
        "PhongBanXuLy",
        "NoiDungXuLy",
        "TrangThai",
        "NgayBatDau",
        "NgayKetThucTheoQuyDinh",
    } == set(rows[0])


# A record shaped like a LayThuTuc answer (synthetic values).
RECORD: dict[str, Any] = {
    "ID": "123",
    "MATTHC": "1.001193",
    "TENTTHC": "Đăng ký khai sinh",
    "LOAITTHC": "1",
    "TRANGTHAI": "1",
    "MUCDO": "4",
    "LINHVUCTHUCHIEN": [{"MALINHVUC": "G14-HT01", "TENLINHVUC": "Hộ tịch"}],
    "CAPTHUCHIEN": [{"CAPTHUCHIEN": "3", "TENCAP": "Cấp Xã"}],
    "COQUANTHUCHIEN": [{"MADONVI": "X1", "TENDONVI": "UBND cấp xã"}],
    "CACHTHUCTHUCHIEN": [
        {"KENH": "2", "THOIGIAN": [{"THOIGIANGIAIQUYET": "2", "DONVITINH": "Ngày"}]},
        {
            "KENH": "1",
            "THOIGIAN": [
                {"THOIGIANGIAIQUYET": "3", "DONVITINH": "Ngày làm việc", "MOTA": "", "PHILEPHI": []}
            ],
        },
    ],
    "CANCUPHAPLY": [{"SOVANBAN": "60/2014/QH13", "TENVANBAN": "Luật Hộ tịch"}],
}


def test_procedure_record_parses_and_keeps_raw() -> None:
    """A CSDL record becomes a Procedure with the raw record kept beside it."""
    parsed = parse_procedure(RECORD)
    p = parsed.procedure
    assert "1.001193" == str(p.code)
    assert (Level.COMMUNE,) == p.levels
    assert TimeLimit.working_days(3) == p.time_limit
    assert OnlineLevel.LEVEL_4 == p.online_level
    assert ("UBND cấp xã",) == p.agencies
    assert "60/2014/QH13" == p.legal_basis
    assert RECORD is parsed.raw
    assert (("2", TimeLimit.calendar_days(2)), ("1", LIMIT)) == parsed.time_limits


@pytest.mark.parametrize("unit", ["Tháng", "Giờ", "tuần"])
def test_unknown_unit_is_reported(unit: str) -> None:
    """An unknown DONVITINH raises DecodeError naming the field and value."""
    record = {
        **RECORD,
        "CACHTHUCTHUCHIEN": [
            {"KENH": "1", "THOIGIAN": [{"THOIGIANGIAIQUYET": "1", "DONVITINH": unit}]}
        ],
    }
    with pytest.raises(DecodeError, match=rf"THOIGIAN\[0\]\.DONVITINH: unknown unit '{unit}'"):
        parse_procedure(record)


def test_unit_table_is_replaceable() -> None:
    """A caller may map more unit wordings explicitly."""
    record = {
        **RECORD,
        "CACHTHUCTHUCHIEN": [
            {"KENH": "1", "THOIGIAN": [{"THOIGIANGIAIQUYET": "8", "DONVITINH": "Giờ"}]}
        ],
    }
    parsed = parse_procedure(record, units={"giờ": TimeUnit.WORKING_HOURS})
    assert TimeLimit.working_hours(8) == parsed.procedure.time_limit


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"MATTHC": None}, "MATTHC"),
        ({"CAPTHUCHIEN": [{"CAPTHUCHIEN": "0"}]}, r"CAPTHUCHIEN\[0\]"),
        ({"MUCDO": "7"}, "MUCDO"),
        ({"LINHVUCTHUCHIEN": []}, "LINHVUCTHUCHIEN"),
        ({"CACHTHUCTHUCHIEN": []}, "CACHTHUCTHUCHIEN"),
    ],
)
def test_bad_record_names_the_key(change: dict[str, Any], key: str) -> None:
    """A bad procedure record raises DecodeError naming the key."""
    with pytest.raises(DecodeError, match=key):
        parse_procedure({**RECORD, **change})


def test_package_errors_name_the_index() -> None:
    """A bad record inside a package is reported with its index."""
    with pytest.raises(DecodeError, match=r"result\[1\]\.MUCDO"):
        parse_procedures({"result": [RECORD, {**RECORD, "MUCDO": "x"}]})
