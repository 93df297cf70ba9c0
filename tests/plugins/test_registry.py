"""The plugin registry: built-ins, lazy entry points, broken plugins, TOML files."""

from __future__ import annotations

import datetime as dt
import sys
from importlib.metadata import EntryPoint
from typing import TYPE_CHECKING

import pytest

from lapvo_cchc.adapters.ledger import FLAT, VIETNAMESE
from lapvo_cchc.adapters.ledger.vocabulary import (
    CHANNELS,
    FALSE_WORDS,
    FINISHES,
    LEVELS,
    TRUE_WORDS,
)
from lapvo_cchc.calendars import WorkCalendar, vietnam
from lapvo_cchc.dossiers import Channel
from lapvo_cchc.errors import DecodeError
from lapvo_cchc.kpi import FinishKind
from lapvo_cchc.plugins import (
    ENTRY_POINT_GROUP,
    Kind,
    PluginError,
    Registry,
    default_registry,
    parse_profile,
)

if TYPE_CHECKING:
    import pathlib

GROUP = ENTRY_POINT_GROUP


def ep(name: str, value: str) -> EntryPoint:
    return EntryPoint(name=name, value=value, group=GROUP)


# The Vietnamese profile as it was written in code before it became a TOML file
# (adapters/ledger/_profiles.py, commit f24a89f): the data file must say the same.
OLD_VIETNAMESE = (
    ("Mã hồ sơ", "dossier_code"), ("Số hồ sơ", "dossier_code"),
    ("Mã TTHC", "procedure_code"), ("Mã thủ tục", "procedure_code"),
    ("Mã thủ tục hành chính", "procedure_code"), ("Mã cơ quan", "agency_code"),
    ("Mã đơn vị", "agency_code"), ("Cấp", "level"), ("Cấp thực hiện", "level"),
    ("Lĩnh vực", "field"), ("Kênh nộp", "channel"), ("Hình thức nộp", "channel"),
    ("Được hỗ trợ", "assisted"), ("Hỗ trợ", "assisted"), ("Ngày tiếp nhận", "received_at"),
    ("Ngày nhận", "received_at"), ("Thời hạn giải quyết", "time_limit"),
    ("Hạn xử lý", "due_at"), ("Ngày hẹn trả", "due_at"), ("Ngày trả kết quả", "finished_at"),
    ("Ngày hoàn thành", "finished_at"), ("Kết quả xử lý", "finish_kind"),
    ("Kết quả", "finish_kind"), ("Ngày yêu cầu bổ sung", "supplement_requested_at"),
    ("Ngày bổ sung", "supplement_supplied_at"),
)  # fmt: skip


def test_builtin_profiles_say_what_the_code_said() -> None:
    """The shipped TOML profiles hold the former in-code mappings and words, unchanged."""
    assert sorted(VIETNAMESE.columns) == sorted(
        (" ".join(h.casefold().split()), c) for h, c in OLD_VIETNAMESE
    )
    assert VIETNAMESE.dates == "dmy"
    assert FLAT.dates == "iso"
    assert [t for _, t in FLAT.columns] == [s for s, _ in FLAT.columns]
    # The former constants, written out.
    assert frozenset({"1", "true", "yes", "y", "x", "có", "co"}) == TRUE_WORDS
    assert frozenset({"", "0", "false", "no", "n", "không", "khong"}) == FALSE_WORDS
    assert Channel.POSTAL == CHANNELS["bưu chính"]
    assert Channel.IN_PERSON == CHANNELS["direct"]
    assert len(CHANNELS) == 10
    assert FinishKind.APPROVED == FINISHES["đã xử lý xong"]
    assert FinishKind.REJECTED == FINISHES["từ chối giải quyết"]
    assert len(FINISHES) == 17
    assert {"tỉnh", "cấp tỉnh", "huyện", "cấp huyện", "xã", "cấp xã"} < set(LEVELS)


def test_default_registry_lists_the_builtins_by_kind() -> None:
    reg = default_registry(entry_points=False)
    found = {(e.kind, e.name) for e in reg.extensions()}
    assert {
        (Kind.LEDGER_PROFILE, "flat"),
        (Kind.LEDGER_PROFILE, "vi"),
        (Kind.CALENDAR, "vietnam"),
        (Kind.STATUS_MAPPING, "dvcqg"),
        (Kind.CATALOG, "sample"),
        (Kind.INDICATORS, "default"),
        (Kind.SCORING, "766-2022"),
        (Kind.DEADLINE_REGIME, "nd61-2018"),
        (Kind.DEADLINE_REGIME, "nd118-2025"),
        (Kind.REPORT_ENGINE, "python"),
    } == found
    assert {e.origin for e in reg.extensions()} == {"lapvo-cchc"}
    assert () == reg.check()
    # Tết 2026 (17 February) is off in the national calendar.
    assert not reg.calendar("vietnam").is_working_day(dt.date(2026, 2, 17))


def test_each_call_builds_a_fresh_registry() -> None:
    a, b = default_registry(entry_points=False), default_registry(entry_points=False)
    a.add(Kind.CALENDAR, "mine", vietnam)
    assert "mine" in a.names(Kind.CALENDAR)
    assert "mine" not in b.names(Kind.CALENDAR)


def test_entry_points_load_lazily_per_kind() -> None:
    """A kind's entry points are imported on the first lookup of that kind only."""
    module = "lapvo_test_plugin_never_imported"
    reg = Registry(entry_points=[ep("calendar.x", f"{module}:cal"), ep("scoring.y", "json:dumps")])
    reg.names(Kind.LEDGER_PROFILE)
    assert () == reg.broken
    assert module not in sys.modules
    assert () == reg.names(Kind.CALENDAR)  # the import failed: recorded, left out
    [broken] = reg.broken
    assert "calendar.x" == broken.name
    assert broken.error.startswith("ModuleNotFoundError")


def test_a_broken_plugin_never_breaks_the_others() -> None:
    reg = Registry(
        entry_points=[
            ep("calendar.good", "lapvo_cchc.calendars:vietnam"),
            ep("calendar.missing", "no_such_module_xyz:cal"),
            ep("calendar.raises", "builtins:divmod"),  # called without arguments: TypeError
            ep("calendar.wrongtype", "lapvo_cchc.kpi:RULES_766_2022"),
            ep("nonsense", "json:dumps"),  # no <kind>.<name>
            ep("ledger_profile.flat", "json:dumps"),  # a built-in's name
        ]
    )
    from lapvo_cchc.plugins import register_builtins

    register_builtins(reg)
    assert ("good", "raises", "vietnam", "wrongtype") == reg.names(Kind.CALENDAR)
    assert isinstance(reg.calendar("good"), WorkCalendar)
    with pytest.raises(PluginError, match=r"calendar 'raises' from .* failed to load: TypeError"):
        reg.calendar("raises")
    with pytest.raises(PluginError, match="failed to load: TypeError: expected WorkCalendar"):
        reg.calendar("wrongtype")
    broken = {b.name: b.error for b in reg.check()}
    assert {
        "nonsense",
        "calendar.missing",
        "calendar.raises",
        "calendar.wrongtype",
        "ledger_profile.flat",
    } == set(broken)
    assert "taken by lapvo-cchc" in broken["ledger_profile.flat"]
    assert ("good", "vietnam") == reg.names(Kind.CALENDAR)
    assert "flat" == reg.profile("flat").name  # the built-in kept its name
    with pytest.raises(PluginError, match=r"no calendar named 'missing'.*failed to load"):
        reg.calendar("missing")


def test_unknown_names_and_files(tmp_path: pathlib.Path) -> None:
    reg = default_registry(entry_points=False)
    with pytest.raises(PluginError, match="no ledger_profile named 'nope'; known: flat, vi"):
        reg.profile("nope")
    with pytest.raises(PluginError, match=r"cannot read .*absent\.toml"):
        reg.profile(str(tmp_path / "absent.toml"))


def test_profile_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        'name = "p"\ndates = "dmy"\n[columns]\ndossier_code = ["Số BN"]\n'
        '[vocabulary.finish_kinds]\nwithdrawn = ["Đã rút"]\n',
        encoding="utf-8",
    )
    profile = default_registry(entry_points=False).profile(str(path))
    assert "dossier_code" == profile.column_for("SỐ BN")
    assert FinishKind.WITHDRAWN == profile.finish_words()["đã rút"]
    assert FinishKind.WITHDRAWN == profile.finish_words()["withdrawn"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'name = "p"\n[vocabulary.channels]\nfax = ["Fax"]',
            r"p\.toml: \[vocabulary\.channels\] 'fax'",
        ),
        ('name = "p"\n[vocabulary.colours]\nred = ["đỏ"]', "unknown vocabulary table"),
        ('name = "p"\n[columns]\nnote = ["Ghi chú"]', "expected target columns"),
        ('name = "p"\ndates = "mdy"', "expected dates"),
        ('[columns]\ndossier_code = ["x"]', "expected a profile name"),
        ('name = "p"\n[vocabulary.time_units]\nweeks = ["tuần"]', "expected time units"),
        ("name = ", "not a valid TOML profile"),
    ],
)
def test_bad_profile_files_name_the_file_and_key(text: str, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        parse_profile(text, origin="p.toml")


def test_calendar_overlay_file(tmp_path: pathlib.Path) -> None:
    """A local day off and Saturday-morning sessions on top of the national calendar."""
    path = tmp_path / "agency.toml"
    path.write_text(
        'name = "agency"\n'
        'days_off = [2026-03-02, { date = 2026-03-03, name = "Ngày thành lập", basis = "QĐ x" }]\n'
        "working_days = [2026-03-07]\n"
        '[hours]\nsaturday = [["07:00", "11:30"]]\n',
        encoding="utf-8",
    )
    cal = default_registry(entry_points=False).calendar(str(path))
    assert "agency" == cal.name
    # Monday 2 and Tuesday 3 March 2026 are ordinary working days nationally.
    assert vietnam().is_working_day(dt.date(2026, 3, 2))
    assert not cal.is_working_day(dt.date(2026, 3, 2))
    assert "Ngày thành lập" == cal.day_off(dt.date(2026, 3, 3)).name
    # Saturday 14 March has a morning session now; Sunday 15 does not.
    assert cal.is_working_day(dt.date(2026, 3, 14))
    assert not cal.is_working_day(dt.date(2026, 3, 15))
    # Friday 27 Feb + 1 working day: Saturday 28 Feb now counts.
    assert dt.date(2026, 2, 28) == cal.add_working_days(dt.date(2026, 2, 27), 1)


def test_calendar_file_with_a_bad_date(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('days_off = ["2 March"]', encoding="utf-8")
    with pytest.raises(DecodeError, match=r"bad\.toml: days_off\[0\]: expected a TOML date"):
        default_registry(entry_points=False).calendar(str(path))


def test_catalog_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        'name = "c"\nbasis = "QĐ 9/2024"\n[agencies]\n"875" = "UBND huyện Lấp Vò"\n'
        '[[procedures]]\ncode = "1.004227"\nname = "Đăng ký biến động"\nfield = "Đất đai"\n'
        'levels = ["district"]\ntime_limit = "7 working_days"\n'
        'statutory_time_limit = "10 working_days"\n',
        encoding="utf-8",
    )
    pack = default_registry(entry_points=False).catalog(str(path))
    procedure = pack.catalog.get("1.004227")
    assert procedure.is_locally_shortened
    assert 7 == procedure.time_limit.amount
    assert 10 == procedure.statutory_time_limit.amount
    assert "QĐ 9/2024" == procedure.shortening_basis
    assert {"875": "UBND huyện Lấp Vò"} == pack.agency_names()


def test_catalog_file_errors_name_the_entry(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        'name = "c"\n[[procedures]]\ncode = "1.004227"\nname = "x"\nfield = "y"\n'
        'time_limit = "7 weeks"\n',
        encoding="utf-8",
    )
    with pytest.raises(DecodeError, match=r"procedures\[0\] \('1\.004227'\)\.time_limit"):
        default_registry(entry_points=False).catalog(str(path))
