"""The example plugin examples/plugin-dongthap: a vendor ledger gives the flat ledger's report.

The vendor file is made here from the bundled flat sample by a small
transformation written independently of the plugin's profile (a table of
header renames, dd/mm/yyyy dates, the vendor's words); reading it back through
the plugin must give the very same report.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import os
import pathlib
import subprocess
import sys
from fractions import Fraction
from importlib import resources

import pytest

from _dist_info import write_dist_info
from lapvo_cchc.adapters.ledger import LedgerReader, report_ledger
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.kpi import Period, Ratio, report, score_766
from lapvo_cchc.plugins import Kind, default_registry

ROOT = pathlib.Path(__file__).parents[2]

HEADERS = {
    "dossier_code": "Số biên nhận",
    "procedure_code": "Mã thủ tục",
    "agency_code": "Mã đơn vị tiếp nhận",
    "level": "Cấp giải quyết",
    "field": "Lĩnh vực",
    "channel": "Hình thức tiếp nhận",
    "assisted": "Có hỗ trợ nộp",
    "received_at": "Thời điểm tiếp nhận",
    "time_limit": "Thời hạn giải quyết",
    "due_at": "Ngày hẹn trả",
    "finished_at": "Thời điểm kết thúc",
    "finish_kind": "Trạng thái",
    "supplement_requested_at": "Các lần yêu cầu bổ sung",
    "supplement_supplied_at": "Các lần bổ sung",
}
WORDS = {
    "channel": {
        "in_person": "Tiếp nhận tại Bộ phận Một cửa",
        "online": "Nộp qua Cổng dịch vụ công",
        "postal": "Qua dịch vụ bưu chính công ích",
        "fax": "Fax",
    },
    "level": {"district": "Cấp Huyện", "commune": "Cấp Xã"},
    "assisted": {"0": "Không", "1": "Có"},
    "finish_kind": {
        "": "",
        "approved": "Hoàn thành",
        "rejected": "Trả hồ sơ không đủ điều kiện",
        "withdrawn": "Công dân xin rút",
        "stopped": "Dừng giải quyết",
    },
}
UNITS = {"working_days": "ngày làm việc", "working_hours": "giờ làm việc", "calendar_days": "ngày"}
DATES = (
    "received_at",
    "due_at",
    "finished_at",
    "supplement_requested_at",
    "supplement_supplied_at",
)


def dmy(text: str) -> str:
    """ISO 8601 (date or naive instant) → dd/mm/yyyy [HH:MM:SS]."""
    if len(text) == 10:
        return dt.date.fromisoformat(text).strftime("%d/%m/%Y")
    return dt.datetime.fromisoformat(text).strftime("%d/%m/%Y %H:%M:%S")


def vendor_row(row: dict[str, str]) -> dict[str, str]:
    out = dict(row)
    for column, table in WORDS.items():
        out[column] = table[row[column]]
    for column in DATES:
        out[column] = ";".join(dmy(p) for p in row[column].split(";")) if row[column] else ""
    amount, _, unit = row["time_limit"].partition(" ")
    if unit in UNITS:
        out["time_limit"] = f"{amount} {UNITS[unit]}"
    return {HEADERS[c]: v for c, v in out.items()}


BAD_ROW = (
    "BAD-1,1.001193,30175,commune,Hộ tịch,fax,0,2020-03-02T09:00:00,same_day 15:00,2020-03-02,,,,"
)


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory: pytest.TempPathFactory) -> tuple[pathlib.Path, pathlib.Path]:
    """The flat sample (plus one bad row) and its vendor version, columns in another order."""
    sample = resources.files("lapvo_cchc").joinpath("data", "sample_ledger.csv.gz")
    text = gzip.decompress(sample.read_bytes()).decode("utf-8") + BAD_ROW + "\n"
    folder = tmp_path_factory.mktemp("ledgers")
    flat = folder / "flat.csv"
    flat.write_text(text, encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    vendor = folder / "vendor.csv"
    with vendor.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(reversed(HEADERS.values())))
        writer.writeheader()
        writer.writerows(vendor_row(r) for r in rows)
    return flat, vendor


def test_the_plugin_is_listed_with_its_package(with_dongthap: list[str]) -> None:
    reg = default_registry()
    mine = {(e.kind, e.name) for e in reg.extensions() if e.origin == "lapvo-cchc-dongthap"}
    assert {
        (Kind.LEDGER_PROFILE, "dongthap-igate"),
        (Kind.CATALOG, "dongthap"),
        (Kind.SCORING, "dongthap-2024"),
        (Kind.CALENDAR, "dongthap-office"),
    } == mine
    assert () == reg.check()


def test_vendor_ledger_gives_the_flat_report(
    with_dongthap: list[str], ledgers: tuple[pathlib.Path, pathlib.Path]
) -> None:
    flat, vendor = ledgers
    reg = default_registry()
    cal = vietnam()
    period = Period.parse("2020-H1")
    with flat.open(encoding="utf-8", newline="") as fh:
        flat_reader = LedgerReader(fh, calendar=cal, profile=reg.profile("flat"))
        expected = report(flat_reader, period, by=("level", "agency"), calendar=cal)
    with vendor.open(encoding="utf-8", newline="") as fh:
        vendor_reader = LedgerReader(fh, calendar=cal, profile=reg.profile("dongthap-igate"))
        got = report(vendor_reader, period, by=("level", "agency"), calendar=cal)
    assert 26_780 == expected.total.counts.received_total  # the total row of the sample
    assert expected == got
    assert expected.to_csv() == got.to_csv()
    assert (30_777, 30_776) == (flat_reader.rows_read, flat_reader.accepted)
    assert (30_777, 30_776) == (vendor_reader.rows_read, vendor_reader.accepted)
    [flat_error] = flat_reader.errors
    [vendor_error] = vendor_reader.errors
    assert (flat_error.line, "channel") == (vendor_error.line, flat_error.column)
    assert "Hình thức tiếp nhận" == vendor_error.column  # the vendor's own header


def env_with(paths: list[str]) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([*paths, str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return env


def cli(args: list[str], paths: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lapvo_cchc", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env_with(paths),
        timeout=300,
        check=False,
    )


def test_cli_vendor_report_equals_flat_report(
    dongthap_paths: list[str], ledgers: tuple[pathlib.Path, pathlib.Path]
) -> None:
    flat, vendor = ledgers
    by_flat = cli(["report", str(flat), "--by", "agency", "--format", "csv"], dongthap_paths)
    by_vendor = cli(
        ["report", str(vendor), "--profile", "dongthap-igate", "--by", "agency", "--format", "csv"],
        dongthap_paths,
    )
    assert (0, 0) == (by_flat.returncode, by_vendor.returncode), by_vendor.stderr
    assert by_flat.stdout == by_vendor.stdout
    assert "1 of 30777 rows rejected, 30776 accepted" in by_vendor.stderr


def test_cli_names_agencies_from_the_plugin_catalogue(dongthap_paths: list[str]) -> None:
    out = cli(["report", "--by", "agency", "--catalog", "dongthap"], dongthap_paths)
    assert 0 == out.returncode, out.stderr
    assert "UBND xã Tân Mỹ" in out.stdout
    assert "UBND huyện Lấp Vò" in out.stdout
    bare = cli(["report", "--by", "agency"], dongthap_paths)
    assert "UBND xã Tân Mỹ" not in bare.stdout
    assert "30175" in bare.stdout


def test_catalogue_keeps_shortened_and_statutory_limits(with_dongthap: list[str]) -> None:
    pack = default_registry().catalog("dongthap")
    land = pack.catalog.get("1.004227")
    assert land.is_locally_shortened
    assert (7, 10) == (land.time_limit.amount, land.statutory_time_limit.amount)
    assert not pack.catalog.get("2.001035").is_locally_shortened


def test_provincial_scoring_rule(with_dongthap: list[str]) -> None:
    """3.3 at a 15% online share: 4 points × 0.15 / 0.30 = 2 points (by hand)."""
    reg = default_registry()
    rules = reg.scoring("dongthap-2024")
    rates = {"3.3": Ratio(15, 100)}
    assert Fraction(2) == score_766(rates, rules).indicator("3.3").points
    # The national rules give 3.3 no maximum, so no points.
    assert score_766(rates, reg.scoring("766-2022")).indicator("3.3").points is None


def test_plugin_calendar_has_the_local_day_off(with_dongthap: list[str]) -> None:
    cal = default_registry().calendar("dongthap-office")
    assert not cal.is_working_day(dt.date(2026, 3, 2))
    assert vietnam().is_working_day(dt.date(2026, 3, 2))


@pytest.fixture(scope="module")
def broken_paths(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A distribution whose entry points fail: a missing module, a wrong value, a bad name."""
    folder = tmp_path_factory.mktemp("broken")
    write_dist_info(
        folder,
        "lapvo-cchc-broken",
        {
            "calendar.broken": "lapvo_cchc_no_such_module:calendar",
            "ledger_profile.wrong": "json:loads",
            "nonsense": "json:dumps",
        },
    )
    return [str(folder)]


def test_broken_entry_points_are_listed_and_break_nothing(
    broken_paths: list[str], dongthap_paths: list[str]
) -> None:
    paths = [*broken_paths, *dongthap_paths]
    listing = cli(["plugins"], paths)
    assert 0 == listing.returncode, listing.stderr
    out = listing.stdout
    assert "3 broken plugin(s), left out:" in out
    assert "calendar.broken (lapvo-cchc-broken, lapvo_cchc_no_such_module:calendar): " in out
    assert "ModuleNotFoundError" in out
    assert "ledger_profile.wrong (lapvo-cchc-broken, json:loads): TypeError" in out
    assert "nonsense (lapvo-cchc-broken" in out
    # The built-ins and the working plugin are still listed.
    assert "ledger_profile   dongthap-igate" in out
    assert "calendar         vietnam" in out
    healthy = cli(["report", "--format", "csv"], dongthap_paths)
    with_broken = cli(["report", "--format", "csv"], paths)
    assert (0, 0) == (healthy.returncode, with_broken.returncode), with_broken.stderr
    assert healthy.stdout == with_broken.stdout
    asked = cli(["report", "--calendar", "broken"], paths)
    assert 2 == asked.returncode
    assert "no calendar named 'broken'" in asked.stderr
    assert "failed to load" in asked.stderr


def test_report_ledger_takes_a_profile_name_and_a_registry(
    with_dongthap: list[str], ledgers: tuple[pathlib.Path, pathlib.Path]
) -> None:
    flat, vendor = ledgers
    period = Period.parse("2020-H1")
    reg = default_registry()
    expected = report_ledger(flat, period, by="agency", plugins=reg)
    got = report_ledger(vendor, period, by="agency", profile="dongthap-igate", plugins=reg)
    assert expected.report == got.report
    assert (expected.rows_read, expected.accepted) == (got.rows_read, got.accepted)


def test_catalogue_limits_serve_rows_without_a_deadline(
    with_dongthap: list[str], dongthap_paths: list[str], tmp_path: pathlib.Path
) -> None:
    """1.004227 received Monday 2 March 2020: 7 working days (the province's) → 11 March."""
    ledger = tmp_path / "l.csv"
    ledger.write_text(
        "dossier_code,procedure_code,agency_code,channel,received_at\n"
        "D1,1.004227,875,in_person,2020-03-02T09:00:00\n",
        encoding="utf-8",
    )
    limits = default_registry().catalog("dongthap").time_limits()
    with ledger.open(encoding="utf-8", newline="") as fh:
        [record] = list(LedgerReader(fh, time_limits=limits))
    assert dt.date(2020, 3, 11) == record.due_date
    without = cli(["validate", str(ledger)], dongthap_paths)
    assert 1 == without.returncode
    assert "expected due_at or time_limit, got neither" in without.stdout
    with_catalog = cli(["validate", str(ledger), "--catalog", "dongthap"], dongthap_paths)
    assert 0 == with_catalog.returncode, with_catalog.stdout + with_catalog.stderr
    assert "1 rows: 1 accepted, 0 rejected" in with_catalog.stdout
