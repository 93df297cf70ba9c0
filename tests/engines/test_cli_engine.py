"""``lapvo-cchc report --engine``: every engine prints the python engine's form."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from _pg import pg_dsn  # noqa: F401 - the fixture is used by name
from lapvo_cchc.cli import main

if TYPE_CHECKING:
    import pathlib

HEADER = (
    "dossier_code,procedure_code,agency_code,level,field,channel,assisted,received_at,"
    "time_limit,due_at,finished_at,finish_kind,supplement_requested_at,supplement_supplied_at\n"
)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    assert main(args) == 0
    got = capsys.readouterr()
    return got.out, got.err


def _without_notes(csv_text: str) -> list[list[str]]:
    """The CSV form without its ``notes`` column (the SQL engines do not write notes yet)."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(csv_text)))
    if rows and rows[0][-1] == "notes":
        rows = [row[:-1] for row in rows]
    return rows


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
@pytest.mark.parametrize("by", ["level", "month"])
def test_an_engine_prints_the_python_form_of_the_sample(
    engine: str, by: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The bundled sample (6 months of 14 units): the same counts in every cell."""
    args = ["report", "--format", "csv", "--by", by, "--progress", "off"]  # no timed log line
    python_out, python_err = _run([*args, "--engine", "python"], capsys)
    duckdb_out, duckdb_err = _run([*args, "--engine", engine], capsys)
    assert _without_notes(python_out) == _without_notes(duckdb_out)
    assert python_err == duckdb_err
    assert len(_without_notes(python_out)) > 3


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
def test_an_engine_reports_a_hand_counted_ledger(
    engine: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One dossier finished a day before its due date (early); one bad channel, rejected."""
    ledger = tmp_path / "l.csv"
    ledger.write_text(
        HEADER
        + "D1,p,a,xã,f,online,0,2020-03-02T09:00:00,,2020-03-05,2020-03-04T09:00:00,approved,,\n"
        + "D2,p,a,xã,f,fax,0,2020-03-02T09:00:00,,2020-03-05,,,,\n",
        encoding="utf-8",
    )
    out, err = _run(
        ["report", str(ledger), "--period", "2020-03", "--format", "json", "--engine", engine],
        capsys,
    )
    doc = json.loads(out)
    assert 1 == doc["total"]["resolved_early"]
    assert 1 == doc["total"]["received_online"]
    assert "line 3, column channel" in err
    assert "1 of 2 rows rejected, 1 accepted" in err


def test_postgres_prints_the_python_form(
    pg_dsn: str,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--engine postgres --dsn``: the whole report inside PostgreSQL, the same form."""
    args = ["report", "--format", "csv", "--by", "agency", "--progress", "off"]
    python_out, python_err = _run([*args, "--engine", "python"], capsys)
    postgres_out, postgres_err = _run([*args, "--engine", "postgres", "--dsn", pg_dsn], capsys)
    assert _without_notes(python_out) == _without_notes(postgres_out)
    assert python_err == postgres_err


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--engine", "duckdb", "--profile", "vi"], "--profile vi needs --engine python"),
        (["--engine", "duckdb", "--dsn", "postgresql://x"], "--dsn is for --engine postgres"),
    ],
)
def test_what_a_sql_engine_cannot_do_is_refused(
    extra: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Options the SQL engines do not honour are refused, not ignored."""
    assert main(["report", *extra]) != 0
    assert says in capsys.readouterr().err


def test_the_entry_points_name_the_engines() -> None:
    """pyproject's ``report_engine.*`` entry points load the engines of their names."""
    import importlib
    import pathlib
    import tomllib

    pyproject = pathlib.Path(__file__).resolve().parents[2] / "pyproject.toml"
    group = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["entry-points"][
        "lapvo_cchc.plugins"
    ]
    engines = {k: v for k, v in group.items() if k.startswith("report_engine.")}
    assert {
        "report_engine.duckdb",
        "report_engine.polars",
        "report_engine.postgres",
        "report_engine.spark",
        "report_engine.auto",
    } == set(engines)
    for key, target in engines.items():
        module, _, attr = target.partition(":")
        assert key.partition(".")[2] == getattr(importlib.import_module(module), attr).name


def test_an_installed_registry_lists_the_engines(tmp_path: pathlib.Path) -> None:
    """With the entry points installed (a dist-info written here), the registry finds them."""
    import sys

    from _dist_info import write_dist_info
    from lapvo_cchc.engines import DUCKDB, POSTGRES
    from lapvo_cchc.plugins import Kind, default_registry

    write_dist_info(
        tmp_path,
        "lapvo-engines-probe",
        {
            "report_engine.duckdb": "lapvo_cchc.engines:DUCKDB",
            "report_engine.postgres": "lapvo_cchc.engines:POSTGRES",
        },
    )
    sys.path.insert(0, str(tmp_path))
    try:
        reg = default_registry()
        assert DUCKDB == reg.engine("duckdb")
        assert POSTGRES == reg.engine("postgres")
        assert "python" in reg.names(Kind.REPORT_ENGINE)
    finally:
        sys.path.remove(str(tmp_path))
