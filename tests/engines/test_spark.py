"""The spark engine: the python engine's report, computed by Spark SQL on a local session.

One ``local[2]`` session serves the whole file (a JVM starts in about 5 s).
The ledgers are small, so the session interprets expressions instead of
generating and compiling code for them (``spark.sql.codegen.factoryMode``):
that changes how long a query takes, not its result.
"""

from __future__ import annotations

import csv
import warnings
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engines.test_differential import (
    assert_same_as_python,
)
from lapvo_cchc.adapters.ledger import COLUMNS
from lapvo_cchc.cli import main
from lapvo_cchc.engines import SPARK, EngineError, get_engine, run_report
from lapvo_cchc.kpi import Period

if TYPE_CHECKING:
    import pathlib
    from collections.abc import Iterator


# PySpark 4.3 warns about pandas 3 when a session starts (the engine does not use pandas).
_PANDAS_NOTE = "PySpark does not yet fully support pandas"


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """A local Spark session with 2 cores, no web UI, quiet logs."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", _PANDAS_NOTE, FutureWarning)
        from pyspark.sql import SparkSession

        session = (
            SparkSession.builder.master("local[2]")
            .appName("lapvo-cchc tests")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.codegen.wholeStage", "false")
            .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
            .getOrCreate()
        )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _engine(spark: Any) -> Any:
    from lapvo_cchc.engines import SparkEngine

    return SparkEngine(spark)


# -- generated ledgers: the python engine's report ---------------------------------------------


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(data=st.data())
def test_spark_gives_the_python_report(spark: Any, data: st.DataObject) -> None:
    """Generated ledgers (pauses, hour limits, cut-offs, Tết, rejected rows): cell for cell."""
    assert_same_as_python(data, _engine(spark))


# -- line numbers of rejected rows -------------------------------------------------------------


def _ledger(path: pathlib.Path, n: int, bad: set[int]) -> None:
    """*n* dossiers; the data rows whose index is in *bad* have the channel ``fax`` (rejected)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS)
        for i in range(n):
            channel = "fax" if i in bad else "online"
            w.writerow([f"{path.stem}-{i}", "1.001193", "xa-tan-my", "xã", "Hộ tịch", channel,
                        "0", "2020-03-02T09:00:00", "", "2020-03-05", "", "", "", ""])  # fmt: skip


def test_rejected_rows_keep_their_lines_across_partitions(
    spark: Any, tmp_path: pathlib.Path
) -> None:
    """A file split into many partitions: each rejected row has its line (data row i: line i+2)."""
    path = tmp_path / "ledger.csv"
    bad = {0, 137, 138, 500, 998, 999}
    _ledger(path, 1000, bad)
    spark.conf.set("spark.sql.files.maxPartitionBytes", "8192")
    try:
        assert spark.read.option("header", "true").csv(str(path)).rdd.getNumPartitions() > 5
        out = run_report(str(path), period=Period.month(2020, 3), by=(), engine=_engine(spark))
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
    assert [i + 2 for i in sorted(bad)] == [e.line for e in out.errors]
    assert {"channel"} == {e.column for e in out.errors}
    assert (1000, 994) == (out.rows_read, out.accepted)


def test_a_folder_is_numbered_on_in_name_order_as_duckdb_does(
    spark: Any, tmp_path: pathlib.Path
) -> None:
    """Two files of a folder: lines count on from the first file (a.csv) into the second."""
    _ledger(tmp_path / "b.csv", 30, {0, 29})
    _ledger(tmp_path / "a.csv", 20, {3})
    out = run_report(str(tmp_path), period=Period.month(2020, 3), by=(), engine=_engine(spark))
    # a.csv: data rows on lines 2..21; b.csv's rows follow as lines 22..51
    assert [5, 22, 51] == [e.line for e in out.errors]
    duck = run_report(str(tmp_path), period=Period.month(2020, 3), by=(), engine="duckdb")
    assert list(duck.errors) == list(out.errors)
    assert (50, 47) == (out.rows_read, out.accepted)


# -- other sources ------------------------------------------------------------------------------


def test_parquet_and_a_dataframe_give_the_report(spark: Any, tmp_path: pathlib.Path) -> None:
    """A ledger as Parquet files and as a Spark DataFrame: the python engine's counts."""
    path = tmp_path / "ledger.csv"
    _ledger(path, 200, {7, 150})
    period, by = Period.month(2020, 3), ("level",)
    expected = run_report(str(path), period=period, by=by, engine="python")
    frame = spark.read.options(header="true", inferSchema="false").csv(str(path))
    frame.repartition(3).write.parquet(str(tmp_path / "pq"))
    for source in (str(tmp_path / "pq" / "*.parquet"), frame):
        actual = run_report(source, period=period, by=by, engine=_engine(spark))
        # Parquet and data frames have no lines: the counts and the report must agree
        assert expected.report.rows == actual.report.rows
        assert expected.report.total == actual.report.total
        assert (200, 198) == (actual.rows_read, actual.accepted)
        assert {"channel"} == {e.column for e in actual.errors}


def test_a_broken_line_is_an_engine_error(spark: Any, tmp_path: pathlib.Path) -> None:
    """A line with fewer fields than the header: Spark refuses it (the python engine reads it)."""
    path = tmp_path / "broken.csv"
    path.write_text(
        ",".join(COLUMNS) + "\n"
        "D1,p,a,xã,Hộ tịch,online,0,2020-03-02T09:00:00,,2020-03-05,,,,\n"
        "D2,p,a,xã,Hộ tịch,online,0,2020-03-02T09:00:00\n",
        encoding="utf-8",
    )
    with pytest.raises(EngineError, match="spark could not run the report"):
        run_report(str(path), period=Period.month(2020, 3), engine=_engine(spark))


def test_a_missing_column_is_named(spark: Any, tmp_path: pathlib.Path) -> None:
    from lapvo_cchc.adapters.ledger import LedgerError

    path = tmp_path / "l.csv"
    path.write_text("dossier_code,procedure_code\nD1,p\n", encoding="utf-8")
    with pytest.raises(LedgerError, match="missing column"):
        run_report(str(path), period=Period.month(2020, 3), engine=_engine(spark))


def test_get_engine_and_the_named_engine(spark: Any, tmp_path: pathlib.Path) -> None:
    """``get_engine("spark")`` and ``SPARK`` run on the active session (the fixture's)."""
    assert "spark" == get_engine("spark", master="local[1]").name
    path = tmp_path / "l.csv"
    _ledger(path, 10, {4})
    rep = SPARK(str(path), Period.month(2020, 3), "channel")
    assert 1 == len(rep.rows)  # one channel, online
    assert 9 == rep.rows[0].counts.received_online == rep.total.counts.received_online
    assert not spark.catalog.listTables()  # the run's temporary views are dropped


# -- the command line ---------------------------------------------------------------------------


def test_the_cli_prints_the_python_form(spark: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """``report --engine spark`` on the bundled sample: the python engine's form, same stderr.

    The sample: 6 months of 14 units, deadlines from the calendar; the same counts in
    every cell and the same account of the rows on stderr.
    """
    from engines.test_cli_engine import _run, _without_notes

    # no progress: a run over 10 s would log a progress line the quicker one does not
    args = ["report", "--format", "csv", "--by", "level", "--progress", "off"]
    python_out, python_err = _run([*args, "--engine", "python"], capsys)
    spark_out, spark_err = _run([*args, "--engine", "spark", "--spark-master", "local[2]"], capsys)
    assert _without_notes(python_out) == _without_notes(spark_out)
    assert python_err == spark_err
    assert len(_without_notes(python_out)) > 3


def test_spark_master_is_for_the_spark_engine(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 != main(["report", "--engine", "duckdb", "--spark-master", "local[2]"])
    assert "--spark-master is for --engine spark" in capsys.readouterr().err


def test_spark_finds_the_documented_deadlines(spark: Any) -> None:
    """The worked examples of the docs (see test_worked_examples.py) on Spark."""
    from engines.test_worked_examples import check_worked_examples

    check_worked_examples(_engine(spark))


def test_spark_quotes_refused_cells_as_the_reader_does(spark: Any) -> None:
    from engines.test_differential import check_quoted_cells

    check_quoted_cells(_engine(spark))


def test_spark_measures_fields_as_the_reader_does(spark: Any) -> None:
    from engines.test_differential import check_long_fields

    check_long_fields(_engine(spark))
