"""Names refuse control characters where they are created; enum-valued inputs fail by name.

Each case is a defect found by the reliability review (issue 11): before the
fix the hostile name was stored as given (and later written into an .ics file
or a report), and a bad channel or status ended in a bare ValueError.
"""

from __future__ import annotations

import datetime as dt

import pytest

from lapvo_cchc.calendars import DayOff, DayOffKind, WorkCalendar, vietnam
from lapvo_cchc.deadlines import TimeLimit
from lapvo_cchc.dossiers import Dossier, StatusMapping, Transferred
from lapvo_cchc.errors import InvalidCodeError, InvalidTextError, LapvoError
from lapvo_cchc.procedures import Level, OnlineLevel, Procedure, ProcedureCode, Step

ICT = dt.timezone(dt.timedelta(hours=7))
FORGED = "Tết\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:forged"
HOSTILE = [
    FORGED,
    "a\nb",
    "a\x00b",
    "tab\there",
    "esc\x1b[2Jclear",
    "c1 \x85 next line",
    "line\u2028separator",
    "bidi \u202eoverride",
    "del\x7f",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_day_off_name_with_a_control_character_is_refused(name: str) -> None:
    with pytest.raises(InvalidTextError, match=r"DayOff\.name: control character U\+"):
        DayOff(
            date=dt.date(2026, 4, 27),
            kind=DayOffKind.HOLIDAY,
            name=name,
            name_en="Hung Kings",
            basis="Bộ luật Lao động 2019, Điều 112",
        )


def test_day_off_basis_and_english_name_are_checked_too() -> None:
    for field in ("name_en", "basis"):
        values = {"name": "Giỗ Tổ", "name_en": "Hung Kings", "basis": "Điều 112"}
        values[field] = FORGED
        with pytest.raises(InvalidTextError, match=rf"DayOff\.{field}"):
            DayOff(date=dt.date(2026, 4, 27), kind=DayOffKind.HOLIDAY, **values)


def test_ordinary_vietnamese_names_still_pass() -> None:
    day = DayOff(
        date=dt.date(2026, 4, 27),
        kind=DayOffKind.HOLIDAY,
        name="Giỗ Tổ Hùng Vương (10/3 âm lịch)",
        name_en="Hung Kings' Commemoration Day",
        basis="Bộ luật Lao động 2019, Điều 112, khoản 1, điểm đ",
    )
    assert "Giỗ Tổ Hùng Vương (10/3 âm lịch)" == day.name


def test_calendar_name_with_a_control_character_is_refused() -> None:
    with pytest.raises(InvalidTextError, match=r"WorkCalendar\.name"):
        vietnam().derive(extra_days_off=[dt.date(2026, 3, 2)], name="tỉnh\x1bX")
    with pytest.raises(InvalidTextError):
        WorkCalendar.from_provider(vietnam().provider, name="a\rb")


def _procedure(**changes: object) -> Procedure:
    values: dict[str, object] = {
        "code": ProcedureCode("1.001193"),
        "name": "Đăng ký khai sinh",
        "field": "Hộ tịch",
        "levels": [Level.COMMUNE],
        "time_limit": TimeLimit.same_day(),
        "online_level": OnlineLevel.PARTIAL,
        "agencies": ("UBND cấp xã",),
    }
    values.update(changes)
    return Procedure(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["name", "field"])
def test_procedure_names_with_control_characters_are_refused(field: str) -> None:
    assert "Đăng ký khai sinh" == _procedure().name
    with pytest.raises(InvalidTextError, match=field):
        _procedure(**{field: FORGED})


def test_procedure_agency_names_are_checked() -> None:
    with pytest.raises(InvalidTextError, match="agencies"):
        _procedure(agencies=("UBND xã", "Phòng\x00Tư pháp"))


def test_step_names_are_checked() -> None:
    with pytest.raises(InvalidTextError, match="agency"):
        Step(name="Thẩm định", agency="Phòng\rTC-KH", time_limit=TimeLimit.working_days(2))


def test_transfer_agency_and_step_names_are_checked() -> None:
    at = dt.datetime(2026, 3, 3, 9, 0, tzinfo=ICT)
    budget = TimeLimit.working_days(3)
    assert "000.00.12.H56" == Transferred(at, to_agency="000.00.12.H56", budget=budget).to_agency
    with pytest.raises(InvalidTextError):
        Transferred(at, to_agency="000.00.12.H56\r\nX", budget=budget)
    with pytest.raises(InvalidTextError):
        Transferred(at, to_agency="000.00.12.H56", budget=budget, step="thẩm\x1bđịnh")


def test_an_unknown_channel_is_a_named_error() -> None:
    with pytest.raises(InvalidCodeError, match=r"Dossier\.channel: .*'fax'"):
        Dossier.received(
            "000.00.06.H56-231027-0361",
            at=dt.datetime(2023, 10, 27, 9, 0, tzinfo=ICT),
            agency="000.00.06.H56",
            channel="fax",
            procedure_code="1.001193",
            time_limit=TimeLimit.working_days(3),
        )


def test_the_vietnamese_channel_wording_is_still_accepted() -> None:
    dossier = Dossier.received(
        "000.00.06.H56-231027-0361",
        at=dt.datetime(2023, 10, 27, 9, 0, tzinfo=ICT),
        agency="000.00.06.H56",
        channel="trực tuyến",
        procedure_code="1.001193",
        time_limit=TimeLimit.working_days(3),
    )
    assert "trực tuyến" == dossier.channel.value


@pytest.mark.parametrize(
    ("outbound", "inbound"),
    [
        ({"not a state": 1}, {}),
        ({}, {"one": "Đang xử lý"}),
        ({}, {1.5: "Đang xử lý"}),
        ({}, {1: "Đang xử lý xong"}),
    ],
)
def test_a_bad_status_mapping_is_a_named_error(
    outbound: dict[object, object], inbound: dict[object, object]
) -> None:
    with pytest.raises(LapvoError):
        StatusMapping(name="X", outbound=outbound, inbound=inbound)  # type: ignore[arg-type]


def test_bad_arguments_of_public_functions_are_named_errors(tmp_path: object) -> None:
    import pathlib

    from lapvo_cchc.adapters.ledger import Profile, report_ledger
    from lapvo_cchc.adapters.ledger.vocabulary import parse_limit
    from lapvo_cchc.errors import InvalidArgumentError, InvalidTimeLimitError
    from lapvo_cchc.kpi import DossierSet, FormCounts, Period, default_registry

    with pytest.raises(InvalidTimeLimitError, match="'ten working_days'"):
        parse_limit("ten working_days")
    with pytest.raises(InvalidArgumentError, match="received_total"):
        FormCounts(received_total=-1)
    with pytest.raises(InvalidArgumentError, match="no_such_column"):
        Profile(name="x", columns={"Mã": "no_such_column"})
    path = pathlib.Path(str(tmp_path)) / "l.csv"
    path.write_text("dossier_code\n", encoding="utf-8")
    with pytest.raises(InvalidArgumentError, match="workers"):
        report_ledger(path, Period.parse("2020"), workers=0)
    with pytest.raises(InvalidArgumentError, match="'received_total' is already used"):
        default_registry().add_set(DossierSet("received_total", "x", "x", lambda r, p: True))
