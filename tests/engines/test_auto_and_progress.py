"""``engine="auto"``, the default: which engine runs, the hint without DuckDB, and progress."""

from __future__ import annotations

import importlib.util
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import pytest

from _pg import pg_dsn  # noqa: F401 - the fixture is used by name
from lapvo_cchc import engines
from lapvo_cchc.cli import main
from lapvo_cchc.engines import SlowEngineWarning, run_report
from lapvo_cchc.kpi import Period

if TYPE_CHECKING:
    import pathlib

SAMPLE = str(files("lapvo_cchc") / "data" / "sample_ledger.csv.gz")
HEADER = (
    "dossier_code,procedure_code,agency_code,level,field,channel,assisted,received_at,"
    "time_limit,due_at,finished_at,finish_kind,supplement_requested_at,supplement_supplied_at\n"
)


def _without(monkeypatch: pytest.MonkeyPatch, missing: str) -> None:
    """Make *missing* look uninstalled, as on a machine without the extra."""
    real = importlib.util.find_spec

    def find_spec(name: str, *args: Any, **kwargs: Any) -> Any:
        return None if name == missing else real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


def test_auto_without_duckdb_is_python_and_says_once_which_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path
) -> None:
    _without(monkeypatch, "duckdb")
    monkeypatch.setattr(engines, "SLOW_SOURCE_BYTES", 100)
    monkeypatch.setattr(engines, "_hinted", [])
    ledger = tmp_path / "big.csv"
    row = "D{},p,a,xã,f,online,0,2020-03-02T09:00:00,,2020-03-05,,,,\n"
    ledger.write_text(HEADER + "".join(row.format(i) for i in range(10)), encoding="utf-8")
    with pytest.warns(SlowEngineWarning, match=r"lapvo-cchc\[duckdb\]"):
        out = run_report(ledger, period=Period.month(2020, 3), engine="auto")
    assert (10, 10) == (out.rows_read, out.report.total.counts.received_total)
    # once per process: the second run is quiet (warnings are errors in this suite)
    run_report(ledger, period=Period.month(2020, 3), engine="auto")


def test_cli_auto_takes_python_for_what_only_python_reads(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--profile`` is refused with ``--engine duckdb`` but runs under the default engine."""
    assert main(["report", "--engine", "duckdb", "--profile", "vi"]) != 0
    capsys.readouterr()
    assert main(["report", "--format", "csv", "--profile", "flat"]) == 0
    flat = capsys.readouterr().out
    assert main(["report", "--format", "csv", "--engine", "python"]) == 0
    assert flat == capsys.readouterr().out


def test_cli_jobs_is_deprecated_and_changes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--format", "csv", "--progress", "off"]) == 0
    out, err = capsys.readouterr()
    assert main(["report", "--format", "csv", "--progress", "off", "--jobs", "2"]) == 0
    jobs_out, jobs_err = capsys.readouterr()
    assert jobs_out == out
    said = (
        "lapvo-cchc: --jobs is deprecated and does nothing: the process-pool "
        "reader is retired (--engine duckdb is the fast path)\n"
    )
    assert jobs_err == said + err


def test_cli_auto_refuses_a_dsn(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--dsn", "postgresql://x"]) != 0
    assert "--dsn is for --engine postgres" in capsys.readouterr().err


@pytest.mark.parametrize("engine", ["duckdb", "python"])
def test_progress_counts_every_row_read(engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The bar ends at 100 % on the rows read (the sample has no rejected row)."""
    out = run_report(SAMPLE, period=Period.parse("2020-H1"), engine=engine, progress="bar")
    bar = capsys.readouterr().err.replace("\r", "\n").strip().splitlines()[-1]
    assert f"{out.rows_read / 1000:.1f}k/{out.rows_read / 1000:.1f}k" in bar
    assert "100%" in bar


def test_a_small_memory_limit_gives_the_same_report() -> None:
    """DuckDB spills past its memory limit to a temporary directory; the counts do not change."""
    from lapvo_cchc.engines._duckdb import DuckDBEngine

    period = Period.parse("2020-H1")
    expected = run_report(SAMPLE, period=period, by=("agency", "month"), engine="python")
    actual = run_report(
        SAMPLE,
        period=period,
        by=("agency", "month"),
        engine=DuckDBEngine(memory_limit="200MB"),
    )
    assert expected.report.rows == actual.report.rows
    assert expected.report.total == actual.report.total


@pytest.mark.parametrize("engine", ["duckdb", "postgres"])
def test_units_gone_after_the_2025_reform_are_noted_on_every_engine(
    engine: str, tmp_path: pathlib.Path, request: pytest.FixtureRequest
) -> None:
    """Dossiers received after 1 July 2025 by the abolished district or a merged commune."""
    from lapvo_cchc.procedures import lap_vo_units

    rows = [
        # (code, agency, level, received): 875 is Lấp Vò district, 30172 a merged commune,
        # 30169 the township (merged too); the June receipt is before the reform
        ("D1", "875", "huyện", "2025-08-04T09:00:00"),
        ("D2", "30172", "xã", "2025-08-05T09:00:00"),
        ("D3", "875", "huyện", "2025-06-30T09:00:00"),
        ("D4", "30172", "xã", "2025-09-01T09:00:00"),
        ("D5", "unknown", "xã", "2025-09-01T09:00:00"),
    ]
    ledger = tmp_path / "l.csv"
    ledger.write_text(
        HEADER
        + "".join(f"{c},p,{a},{lv},f,online,0,{r},,2025-12-31,,,,\n" for c, a, lv, r in rows),
        encoding="utf-8",
    )
    period = Period.parse("2025-H2")
    units = lap_vo_units()
    expected = run_report(ledger, period=period, engine="python", units=units)
    if engine == "postgres":
        from lapvo_cchc.engines import PostgresEngine

        chosen: Any = PostgresEngine(request.getfixturevalue("pg_dsn"))
    else:
        chosen = engine
    actual = run_report(ledger, period=period, engine=chosen, units=units)
    [note] = [n for n in expected.report.notes if n.key == "unit_after_reform"]
    assert 3 == note.count  # D1, D2, D4 (not the June receipt, not the unknown code)
    assert expected.report.notes == actual.report.notes
    if engine == "duckdb":
        assert actual.passes == 2  # the codes, then the single pass (with the unit groups)


def test_successor_groups_are_the_python_engines(capsys: pytest.CaptureFixture[str]) -> None:
    """``--by successor`` is refused by a SQL engine by name and run by python under auto."""
    assert main(["report", "--engine", "duckdb", "--by", "successor"]) != 0
    assert "use engine='python'" in capsys.readouterr().err
    assert main(["report", "--by", "successor", "--format", "csv"]) == 0
    auto = capsys.readouterr().out
    assert main(["report", "--by", "successor", "--format", "csv", "--engine", "python"]) == 0
    assert auto == capsys.readouterr().out


def test_a_bad_memory_limit_is_an_engine_error_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LAPVO_DUCKDB_MEMORY", "lots")
    with pytest.raises(engines.EngineError, match=r"memory limit 'lots'.*LAPVO_DUCKDB_MEMORY"):
        run_report(SAMPLE, period=Period.month(2020, 3), engine="duckdb")


def test_progress_log_lines_go_to_the_stderr_of_the_moment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command's log handler follows ``sys.stderr`` (a notebook or a test replaces it)."""
    import io
    import logging
    import sys

    from lapvo_cchc.adapters.progress import LOGGER_NAME

    args = ["report", "--format", "csv", "--progress", "log", "--engine", "python"]
    assert main(args) == 0  # the handler is made with the stderr of this moment
    capsys.readouterr()
    later = io.StringIO()
    monkeypatch.setattr(sys, "stderr", later)
    logging.getLogger(LOGGER_NAME).info("a progress line")
    assert "lapvo-cchc: a progress line" in later.getvalue()
