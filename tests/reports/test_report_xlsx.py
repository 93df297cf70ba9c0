"""The Excel workbook of the statistical report, read back with openpyxl."""

from __future__ import annotations

import json
import sys
from importlib import resources
from typing import TYPE_CHECKING, Any

import openpyxl
import pytest

from adapters.ledger.test_events_ledger import HAND
from lapvo_cchc.adapters.ledger import read_ledger
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.cli import main
from lapvo_cchc.errors import MissingExtraError
from lapvo_cchc.kpi import FORM_COLUMNS, FormCounts, Period, Report, ReportRow, report
from lapvo_cchc.kpi._report import check_identities
from lapvo_cchc.reports import write_xlsx

if TYPE_CHECKING:
    import pathlib

    from lapvo_cchc.kpi import DossierRecord

CAL = vietnam()
FIRST = 9  # the first data row, after the title rows, three header rows and (1)...(15)


@pytest.fixture(scope="module")
def sample() -> list[DossierRecord]:
    source = resources.files("lapvo_cchc").joinpath("data", "sample_ledger.csv.gz")
    with resources.as_file(source) as path:
        records, errors = read_ledger(path, calendar=CAL)
    assert errors == []
    return records


def load(rep: Report, tmp_path: pathlib.Path, lang: str = "vi") -> Any:
    out = tmp_path / f"r-{lang}.xlsx"
    write_xlsx(rep, str(out), lang)  # type: ignore[arg-type]
    return openpyxl.load_workbook(out)


def merged(ws: Any) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def test_layout_of_the_form(sample: list[DossierRecord], tmp_path: pathlib.Path) -> None:
    """Title rows, the merged group cells of Biểu 06, the header texts and (1)...(15)."""
    rep = report(sample, Period.parse("2020-H1"), by="level", calendar=CAL)
    wb = load(rep, tmp_path)
    assert ["Biểu 06", "Kiểm tra"] == wb.sheetnames
    ws = wb["Biểu 06"]
    assert "Biểu số 06/VPCP/KSTT" == ws["A1"].value
    assert ws["A2"].value.startswith("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
    assert "Kỳ báo cáo: 2020-H1 (từ ngày 01/01/2020 đến ngày 30/06/2020)" == ws["A3"].value
    expected_merges = {
        "A5:A7", "B5:B7",                                   # STT, group label
        "C5:F5", "C6:C7", "D6:E6", "F6:F7",                 # received (3)-(6), "Trong kỳ" 4-5
        "G5:J5", "G6:G7", "H6:H7", "I6:I7", "J6:J7",        # resolved (7)-(10)
        "K5:M5", "K6:K7", "L6:L7", "M6:M7",                 # in progress (11)-(13)
        "N5:O5", "N6:N7", "O6:O7",                          # withdrawn, stopped
    }  # fmt: skip
    assert expected_merges <= merged(ws)
    heads = {
        "A5": "STT", "B5": "Cấp",
        "C5": "Số hồ sơ nhận giải quyết", "C6": "Tổng số", "D6": "Trong kỳ",
        "D7": "Trực tuyến", "E7": "Trực tiếp, dịch vụ bưu chính", "F6": "Từ kỳ trước",
        "G5": "Số hồ sơ đã giải quyết", "G6": "Tổng số", "H6": "Trước hạn", "I6": "Đúng hạn",
        "J6": "Quá hạn",
        "K5": "Số hồ sơ đang giải quyết", "K6": "Tổng số", "L6": "Trong hạn", "M6": "Quá hạn",
        "N6": "Rút hồ sơ", "O6": "Dừng xử lý, từ chối",
    }  # fmt: skip
    assert heads == {ref: ws[ref].value for ref in heads}
    assert [f"({i})" for i in range(1, 16)] == [c.value for c in ws[8]]
    assert ws.freeze_panes == "C9"
    assert ws.column_dimensions["B"].width > ws.column_dimensions["C"].width > 0
    assert ws["C9"].number_format == "#,##0"


@pytest.mark.parametrize("by", ["level", "month", "field", ("level", "month")])
def test_cells_equal_the_json_counts(
    sample: list[DossierRecord], tmp_path: pathlib.Path, by: Any
) -> None:
    """Every count cell equals the JSON report's count; STT numbers the groups; totals last."""
    rep = report(sample, Period.parse("R2020-H1"), by=by, calendar=CAL)
    doc = json.loads(rep.to_json())
    ws = load(rep, tmp_path)["Biểu 06"]
    groups = doc["groups"]
    assert groups
    for i, group in enumerate(groups):
        cells = [c.value for c in ws[FIRST + i]]
        assert i + 1 == cells[0]
        assert [group[k] for k in FORM_COLUMNS] == cells[2:15]
    total = [c.value for c in ws[FIRST + len(groups)]]
    assert [None, "Tổng cộng"] == total[:2]
    assert [doc["total"][k] for k in FORM_COLUMNS] == total[2:15]
    assert ws[FIRST + len(groups)][2].font.bold


def test_checks_sheet_identities_and_rates(
    sample: list[DossierRecord], tmp_path: pathlib.Path
) -> None:
    """The checks sheet lists 4 identities per row, the findings, and every rate's counts."""
    rep = report(sample, Period.parse("2020-H1"), by="level", calendar=CAL)
    doc = json.loads(rep.to_json())
    ws = load(rep, tmp_path)["Kiểm tra"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    identities = [r for r in rows if r[1] and str(r[1]).startswith("(")]
    assert 4 * (len(doc["groups"]) + 1) == len(identities)
    assert all(r[2] == r[3] and r[4] == "Khớp" for r in identities)
    findings_at = next(i for i, r in enumerate(rows) if r[0] == "Phát hiện")
    assert "Không có" == rows[findings_at + 1][0]
    rates = {(r[0], r[1]): r for r in rows if r[3] is not None and isinstance(r[4], int)}
    for name, rate in doc["total"]["rates"].items():
        r = rates[("Tổng cộng", name)]
        assert (rate["numerator"], rate["denominator"]) == (r[4], r[6])
        assert rate["value"] == (r[8] or None)
        if rate["denominator"]:
            assert r[7] == pytest.approx(rate["numerator"] / rate["denominator"])
        else:
            assert r[7] is None
    formats = {
        (r[0].value, r[1].value): (r[7].number_format, r[4].number_format)
        for r in ws.iter_rows()
        if isinstance(r[4].value, int)
    }
    assert ("0.0%", "#,##0") == formats[("Tổng cộng", "on_time_rate_of_resolved")]
    assert "0.00" == formats[("Tổng cộng", "average_processing_days")][0]


def test_english_labels(sample: list[DossierRecord], tmp_path: pathlib.Path) -> None:
    """lang="en" writes the same layout with English labels."""
    rep = report(sample, Period.parse("2020-Q1"), by="month", calendar=CAL)
    wb = load(rep, tmp_path, "en")
    assert ["Form 06", "Checks"] == wb.sheetnames
    ws = wb["Form 06"]
    assert ("No.", "Month", "Dossiers to handle", "Received in the period") == (
        ws["A5"].value,
        ws["B5"].value,
        ws["C5"].value,
        ws["D6"].value,
    )
    assert ["2020-01", "2020-02", "2020-03", "Total"] == [ws.cell(r, 2).value for r in range(9, 13)]


def test_broken_identity_is_reported(tmp_path: pathlib.Path) -> None:
    """A report with a broken identity says so on the form and lists it on the checks sheet."""
    bad = FormCounts(received_total=3, received_online=1, received_offline=1, in_progress_total=3,
                     in_progress_within=3)  # fmt: skip
    rep = Report(
        period=Period.parse("2020-03"),
        by=(),
        rows=(),
        total=ReportRow((), bad),
        findings=tuple(check_identities("total", bad)),
    )
    wb = load(rep, tmp_path)
    form = [[c.value for c in r] for r in wb["Biểu 06"].iter_rows()]
    assert any(r[1] == "1 đẳng thức không khớp: xem trang Kiểm tra." for r in form)
    checks = [[c.value for c in r] for r in wb["Kiểm tra"].iter_rows()]
    broken = [r for r in checks if r[4] == "Không khớp"]
    # once in the identity table, once among the findings
    assert [["Tổng cộng", "(3) = (4) + (5) + (6)", 3, 2, "Không khớp"]] == [
        r[:5] for r in broken if r[0] == "Tổng cộng"
    ]
    assert [["total", "(3) = (4) + (5) + (6)", 3, 2, "Không khớp"]] == [
        r[:5] for r in broken if r[0] == "total"
    ]


def test_cli_xlsx_from_events(tmp_path: pathlib.Path) -> None:
    """`lapvo-cchc report --events FILE --format xlsx` writes the form from an events file."""
    events = tmp_path / "events.csv"
    events.write_text(HAND, encoding="utf-8")
    out = tmp_path / "bieu06.xlsx"
    args = ["report", "--events", str(events), "--period", "2020-03", "--format", "xlsx",
            "--output", str(out)]  # fmt: skip
    assert main(args) == 0
    ws = openpyxl.load_workbook(out)["Biểu 06"]
    # Hand counts of tests/test_events_ledger.py: commune, district, total.
    assert [1, "Cấp xã", 6, 2, 4, 0, 4, 1, 2, 1, 1, 0, 1, 1, 0] == [c.value for c in ws[9]]
    assert [2, "Cấp huyện", 2, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1] == [c.value for c in ws[10]]
    assert [None, "Tổng cộng", 8, 2, 5, 1, 4, 1, 2, 1, 2, 1, 1, 1, 1] == [c.value for c in ws[11]]


def test_missing_openpyxl(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without openpyxl the writer names the extra to install."""
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    rep = report([], Period.parse("2020-03"))
    with pytest.raises(MissingExtraError, match=r"lapvo-cchc\[excel\]"):
        write_xlsx(rep, str(tmp_path / "x.xlsx"))
