"""The notes of a report, the circular layout and grouping by successor unit.

Expected answers are worked by hand below (deadlines on the 2020 calendar:
Monday 2 March 2020 + 3 working days = Thursday 5 March) or come from the
bundled unit table's source (NA Standing Committee Resolution 1663/NQ-UBTVQH15,
Art. 1 item 29: Mỹ An Hưng A, Tân Mỹ and Mỹ An Hưng B form xã Mỹ An Hưng, code
30178, from 1 July 2025).
"""

from __future__ import annotations

import json
import warnings
from typing import TYPE_CHECKING

import openpyxl

from lapvo_cchc.adapters.ledger import LedgerReader, report_ledger
from lapvo_cchc.cli import main
from lapvo_cchc.kpi import Period, report
from lapvo_cchc.procedures import lap_vo_units
from lapvo_cchc.reports import as_circular, write_xlsx

if TYPE_CHECKING:
    import pathlib

    import pytest

HEADER = (
    "dossier_code,procedure_code,agency_code,level,field,channel,assisted,received_at,"
    "time_limit,due_at,finished_at,finish_kind,supplement_requested_at,supplement_supplied_at\n"
)


def _rows(*rows: str) -> list[str]:
    return [HEADER, *(r + "\n" for r in rows)]


def _all_formats(rep: object, tmp_path: pathlib.Path, lang: str = "en") -> dict[str, str]:
    out = {
        "text": rep.to_text(lang),  # type: ignore[attr-defined]
        "md": rep.to_markdown(lang),  # type: ignore[attr-defined]
        "csv": rep.to_csv(),  # type: ignore[attr-defined]
        "json": rep.to_json(),  # type: ignore[attr-defined]
        "html": rep.to_html(lang),  # type: ignore[attr-defined]
        "narrative": rep.narrative(lang),  # type: ignore[attr-defined]
    }
    path = tmp_path / "r.xlsx"
    write_xlsx(rep, str(path), lang)  # type: ignore[arg-type]
    sheet = openpyxl.load_workbook(path).worksheets[0]
    out["xlsx"] = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    return out


def test_an_empty_period_says_so_in_every_format(tmp_path: pathlib.Path) -> None:
    rep = report([], Period.year(2020))
    assert [n.key for n in rep.notes] == ["empty_period"]
    for fmt, text in _all_formats(rep, tmp_path).items():
        assert "No dossier in period 2020" in text, fmt
    assert json.loads(rep.to_json())["notes"][0]["count"] == 0


def test_a_period_outside_the_supported_years(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rep = report([], Period.year(1990))
    assert [n.key for n in rep.notes] == ["unsupported_period", "empty_period"]
    assert "outside the years the library supports (1995-2199)" in rep.to_text("en")
    for period in ("1990", "2018-Q1"):
        assert main(["report", "--period", period, "--format", "json"]) == 0
        captured = capsys.readouterr()
        assert "warning: Không có hồ sơ nào trong kỳ" in captured.err
        assert json.loads(captured.out)["notes"][-1]["key"] == "empty_period"


def test_report_ledger_notes_an_empty_period(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("".join(_rows(*REFORM)), encoding="utf-8")
    out = report_ledger(path, Period.year(2020))
    assert (out.accepted, out.report.notes[0].key) == (5, "empty_period")


def test_form_and_766_disagree_with_the_reason() -> None:
    lines = _rows(
        # two supplement requests, resolved Wednesday 4 March (early on the form): the 766
        # index counts more than one request as not on time
        "A,p,a,xã,f,online,0,2020-03-02T09:00:00,3 working_days,,2020-03-04T09:00:00,approved,"
        "2020-03-02T10:00:00;2020-03-03T10:00:00,2020-03-02T11:00:00;2020-03-03T11:00:00",
        # due 5 March as exported (not moved by the pause); paused 3 March 09:00 to 6 March
        # 09:00; resolved 6 March 10:00: late on the form; 766: 6 March 10:00 less 3 days
        # = 3 March 10:00, before the first appointment (5 March 24:00): on time
        "B,p,a,xã,f,online,0,2020-03-02T09:00:00,3 working_days,2020-03-05,2020-03-06T10:00:00,"
        "approved,2020-03-03T09:00:00,2020-03-06T09:00:00",
        # no supplement: the two agree
        "C,p,a,xã,f,online,0,2020-03-02T09:00:00,3 working_days,,2020-03-06T10:00:00,approved,,",
    )
    rep = report(LedgerReader(lines), Period.month(2020, 3))
    c = rep.total.counts
    assert (c.resolved_early, c.resolved_late) == (1, 2)
    assert (c.on_time_on_form_late_766, c.late_on_form_on_time_766) == (1, 1)
    (note,) = rep.notes
    assert (note.key, note.count) == ("form_vs_766", 2)
    assert "more than one supplement request" in note.en
    assert "1 late on the form yet on time for 766, 1 on time on the form yet not" in note.en


REFORM = (
    # received by Mỹ An Hưng A before the merger and by Mỹ An Hưng (30178) after it
    "M1,p,30172,commune,f,online,0,2025-06-30T09:00:00,,2025-06-30,2025-06-30T10:00:00,approved,,",
    "M2,p,30178,commune,f,online,0,2025-07-01T09:00:00,,2025-07-01,2025-07-01T10:00:00,approved,,",
    # by the merged commune and by the district after 30 June 2025: flagged
    "M3,p,30172,commune,f,online,0,2025-07-02T09:00:00,,2025-07-02,2025-07-02T10:00:00,approved,,",
    "M4,p,875,district,f,online,0,2025-07-02T09:00:00,,2025-07-02,,,,",
    # a district-level record with a code the registry does not know: flagged by its level
    "M5,p,H56.14,district,f,online,0,2025-08-01T09:00:00,,2025-08-01,,,,",
)


def test_units_after_the_reform_are_a_finding_and_successors_group() -> None:
    units = lap_vo_units()
    rep = report(LedgerReader(_rows(*REFORM)), Period.year(2025), by="successor", units=units)
    (note,) = [n for n in rep.notes if n.key == "unit_after_reform"]
    assert note.count == 3
    assert "30172 (Xã Mỹ An Hưng A)" in note.en
    groups = {row.key[0]: row.counts.received_total for row in rep.rows}
    assert groups == {"30178 Xã Mỹ An Hưng": 3, "875 Huyện Lấp Vò": 1, "H56.14": 1}
    before = report(LedgerReader(_rows(*REFORM)), Period.month(2025, 6), units=units)
    assert [n.key for n in before.notes] == []


def test_unit_finding_in_report_ledger(tmp_path: pathlib.Path) -> None:
    row = "X{i},p,30175,commune,f,online,0,2025-07-{d:02d}T09:00:00,,2025-07-{d:02d},,,,\n"
    body = "".join(row.format(i=i, d=1 + i % 28) for i in range(4000))
    path = tmp_path / "l.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    period = Period.month(2025, 7)
    many = report_ledger(path, period, by="successor", units=lap_vo_units())
    assert many.report == report(
        LedgerReader(_rows(*body.splitlines())), period, by="successor", units=lap_vo_units()
    )
    assert [n.count for n in many.report.notes if n.key == "unit_after_reform"] == [4000]
    assert [row.label for row in many.report.rows] == ["30178 Xã Mỹ An Hưng"]


def test_circular_layout(tmp_path: pathlib.Path) -> None:
    lines = _rows(
        "A,p,a,xã,f,online,0,2020-03-02T09:00:00,,2020-03-05,2020-03-04T09:00:00,approved,,",
        "B,p,a,xã,f,online,0,2020-03-02T09:00:00,,2020-03-05,2020-03-03T09:00:00,withdrawn,,",
        "C,p,a,xã,f,in_person,0,2020-03-02T09:00:00,,2020-03-05,2020-03-03T09:00:00,stopped,,",
        "D,p,a,xã,f,in_person,0,2020-03-02T09:00:00,,2020-04-05,,,,",
    )
    default = report(LedgerReader(lines), Period.month(2020, 3))
    rep = as_circular(default)
    c = rep.total.counts
    # (3) 4 = (7) 2 [A early, B withdrawn as on time] + (11) 1 [D] + 1 stopped [C]
    assert (c.received_total, c.resolved_total, c.resolved_early, c.resolved_on_time) == (
        4, 2, 1, 1,
    )  # fmt: skip
    assert (c.in_progress_total, c.withdrawn, c.stopped) == (1, 0, 1)
    assert as_circular(rep) is rep
    note = rep.notes[-1]
    assert note.key == "layout_circular"
    assert "1 withdrawn dossiers are counted in (7) and (9)" in note.en
    assert "1 stopped or refused dossiers are in (3) only" in note.en
    out = _all_formats(rep, tmp_path)
    assert "(2) Field or work, by level" in out["text"]
    assert "Withdrawn" not in out["text"].splitlines()[2]
    assert out["csv"].splitlines()[0].split(",")[:12] == [
        "level", "received_total", "received_online", "received_offline", "carried_over",
        "resolved_total", "resolved_early", "resolved_on_time", "resolved_late",
        "in_progress_total", "in_progress_within", "in_progress_overdue",
    ]  # fmt: skip
    assert "withdrawn" not in out["csv"].splitlines()[0]
    assert json.loads(out["json"])["layout"] == "circular"
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[0]
    assert [sheet.cell(8, c).value for c in (13, 14)] == ["(13)", None]


def test_cli_layout_and_successor(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--layout", "circular", "--format", "csv", "--by", "successor"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("successor,received_total,")
    assert out[1].startswith("30169 Thị trấn Lấp Vò,")  # every sample unit existed in 2020
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert main(["report", "--format", "json"]) == 0
    keys = [n["key"] for n in json.loads(capsys.readouterr().out)["notes"]]
    assert keys == ["form_vs_766"]
