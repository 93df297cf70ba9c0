"""Benchmark: Spark local gives the same report as the DuckDB engine on a large ledger.

Runs the report on the ``spark`` engine (local, every core), records its wall
time and the peak memory of its driver JVM, then runs the same report on the
``duckdb`` engine in the same process and compares the two: the total, every
row and the account of the rows. Prints one JSON line.

Usage::

    python benchmarks/spark_same_report.py LEDGER   # .csv, .csv.gz or .parquet

``bench_engines.py`` with ``BENCH_DIR`` set keeps a 10M-dossier ledger to use.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def main() -> None:
    path = sys.argv[1]
    start = time.perf_counter()
    from lapvo_cchc.engines import run_report
    from lapvo_cchc.kpi import Period

    period = Period.parse("2020-H1")
    spark = run_report(path, period=period, by="level", engine="spark")
    wall = time.perf_counter() - start
    from pyspark import SparkContext

    gateway = SparkContext._gateway  # the JVM process, for its peak memory
    assert gateway is not None  # run_report started it
    with open(f"/proc/{gateway.proc.pid}/status", encoding="ascii") as fh:
        jvm = next(int(x.split()[1]) / 1024 for x in fh if x.startswith("VmHWM:"))
    duckdb = run_report(path, period=period, by="level", engine="duckdb")
    print(
        json.dumps(
            {
                "spark_wall_s": round(wall, 1),
                "jvm_peak_mib": round(jvm),
                "python_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                "rows_read": spark.rows_read,
                "same_total": spark.report.total == duckdb.report.total,
                "same_rows": [r.counts for r in spark.report.rows]
                == [r.counts for r in duckdb.report.rows],
                "same_account": (spark.accepted, spark.errors) == (duckdb.accepted, duckdb.errors),
            }
        )
    )


if __name__ == "__main__":
    main()
