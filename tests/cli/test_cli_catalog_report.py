"""``lapvo-cchc catalog-report``: the catalogue side of a CCHC report from the command line.

The expected counts are those of the bundled sample catalogue as of 30 June
2025 (22 district-level and 19 commune-level procedures, 32 distinct; counted
from its JSON file), and on 1 July 2025 no district level remains (Law
72/2025/QH15).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import openpyxl

from lapvo_cchc.adapters.json import encode
from lapvo_cchc.cli import main
from lapvo_cchc.procedures import sample_catalog

if TYPE_CHECKING:
    import pathlib

    import pytest


def _sample_counts() -> tuple[int, int, int]:
    """District, commune and distinct counts straight from the catalogue's own records."""
    import datetime as dt

    on = dt.date(2025, 6, 30)
    procs = list(sample_catalog())
    district = sum(1 for p in procs if any(lv.name == "DISTRICT" for lv in p.levels_on(on)))
    commune = sum(1 for p in procs if any(lv.name == "COMMUNE" for lv in p.levels_on(on)))
    return district, commune, sum(1 for p in procs if p.levels_on(on))


def test_every_format(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    district, commune, distinct = _sample_counts()
    assert (district, commune, distinct) == (22, 19, 32)
    args = ["catalog-report", "--on", "2025-06-30", "--lang", "en"]
    assert main([*args, "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "Synthetic sample catalogue" in captured.err
    doc = json.loads(captured.out)
    assert [(lv["level"], lv["total"]) for lv in doc["levels"]] == [
        ("district", district),
        ("commune", commune),
    ]
    assert doc["distinct"] == distinct
    assert doc["scheme"] == "DECREE_42_2022"
    for fmt, needle in (
        ("text", "District: 22"),
        ("md", "| District | Procedures |  | 22 |"),
        ("csv", "District,Procedures,,22"),
        ("html", "<td>District</td>"),
    ):
        assert main([*args, "--format", fmt]) == 0
        assert needle in capsys.readouterr().out, fmt
    path = tmp_path / "c.xlsx"
    assert main([*args, "--format", "xlsx", "--output", str(path)]) == 0
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[3]] == ["District", "Procedures", None, 22]
    assert main([*args, "--format", "xlsx"]) == 2  # needs --output
    assert "--output" in capsys.readouterr().err


def test_a_catalogue_file_and_the_reform(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "catalog.json"
    path.write_text(
        json.dumps({"procedures": [encode(p) for p in sample_catalog()]}, ensure_ascii=False),
        encoding="utf-8",
    )
    assert main(["catalog-report", str(path), "--on", "2025-06-30", "--format", "csv"]) == 0
    from_file = capsys.readouterr()
    assert from_file.err == ""
    assert main(["catalog-report", "--on", "2025-06-30", "--format", "csv"]) == 0
    assert capsys.readouterr().out == from_file.out
    assert main(["catalog-report", str(path), "--on", "2025-07-01", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [lv["level"] for lv in doc["levels"]] == ["commune"]
    assert main(["catalog-report", str(path), "--on", "2021-12-31", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["scheme"] == "DECREE_43_2011"
    assert main(["catalog-report", str(path), "--on", "2021-12-31", "--scheme", "decree42"]) == 0
    assert "toàn trình" in capsys.readouterr().out.lower()


def test_bad_input_exits_2(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"procedures": [{"format": "lapvo-cchc/1", "kind": "procedure"}]}')
    assert main(["catalog-report", str(bad)]) == 2
    assert "procedures[0]" in capsys.readouterr().err
    assert main(["catalog-report", str(tmp_path / "missing.json")]) == 2
    assert "cannot open" in capsys.readouterr().err
    assert main(["catalog-report", "--on", "30/06/2025"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
