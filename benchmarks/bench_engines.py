"""Benchmark: the report's engines against hand-written DuckDB and Polars, on CSV and Parquet.

One ledger of N dossiers (``bench_report.write_ledger``: due dates given, 5 %
with a supplement pause, time limits in working days) as CSV and as Parquet.
Each run is its own subprocess: wall time (imports included) and peak RSS
(GNU ``time``; for Spark, plus the peak of its driver JVM, which runs the
local executors too). The engines compute the whole report (every row checked,
deadlines of paused dossiers recomputed, 25 measures by level); the
hand-written queries compute the 11 status columns by level only, and the
bare read counts the rows. Counts of the common columns are compared.

Usage::

    python benchmarks/bench_engines.py [N] [REPEATS]     # default 1,000,000 dossiers, 3
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))

from bench_report import write_ledger
from spike_ibis_sqlglot import SQL as HAND_SQL

ENGINE = """
import json, resource, sys, time
t = time.perf_counter()
from lapvo_cchc.engines import run_report
from lapvo_cchc.kpi import Period
out = run_report(PATH, period=Period.parse("2020-H1"), by="level", engine=ENGINE)
rows = [[r.key[0]] + [r.counts[c] for c in COLS] for r in out.report.rows]
print(json.dumps({"wall": time.perf_counter() - t,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rows": rows, "read": out.rows_read}))
"""

SPARK = """
import json, resource, time
t = time.perf_counter()
from lapvo_cchc.engines import run_report
from lapvo_cchc.kpi import Period
out = run_report(PATH, period=Period.parse("2020-H1"), by="level", engine="spark")
wall = time.perf_counter() - t
rows = [[r.key[0]] + [r.counts[c] for c in COLS] for r in out.report.rows]
from pyspark import SparkContext
with open(f"/proc/{SparkContext._gateway.proc.pid}/status") as fh:
    jvm = [int(x.split()[1]) / 1024 for x in fh if x.startswith("VmHWM:")][0]
print(json.dumps({"wall": wall, "jvm": jvm,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rows": rows, "read": out.rows_read}))
"""

HAND_DUCKDB = """
import json, resource, time
t = time.perf_counter()
import duckdb
rows = duckdb.connect().execute(SQL).fetchall()
print(json.dumps({"wall": time.perf_counter() - t,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rows": [list(r) for r in rows]}))
"""

BARE = """
import json, resource, time
t = time.perf_counter()
import duckdb
n = duckdb.connect().execute(f"SELECT COUNT(*) FROM {READER}").fetchone()[0]
print(json.dumps({"wall": time.perf_counter() - t,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rows": n}))
"""

HAND_POLARS = """
import json, resource, time
t = time.perf_counter()
import polars as pl
s, e = pl.datetime(2020, 1, 1), pl.datetime(2020, 7, 1)
lf = pl.scan_csv(PATH, infer_schema=False)
rec = pl.col("received_at").str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False)
fin = pl.col("finished_at").str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False)
due_d = pl.col("due_at").str.to_date("%Y-%m-%d", strict=False)
lf = lf.with_columns(rec=rec, fin=fin, due_d=due_d).filter(
    pl.col("rec").is_not_null(), pl.col("due_d").is_not_null(), pl.col("rec") < e,
    pl.col("fin").is_null() | (pl.col("fin") >= s))
lf = lf.with_columns(due_ts=(pl.col("due_d") + pl.duration(days=1)).cast(pl.Datetime("us")))
done = pl.col("fin").is_not_null() & (pl.col("fin") < e)
ok = done & (pl.col("finish_kind") == "approved")
def n(c):
    return c.cast(pl.Int64).sum()
out = lf.group_by("level").agg(
    pl.len().alias("received_total"),
    n((pl.col("rec") >= s) & (pl.col("channel") == "online")).alias("online"),
    n((pl.col("rec") >= s) & (pl.col("channel") != "online")).alias("offline"),
    n(pl.col("rec") < s).alias("carried"),
    n(ok & (pl.col("fin") > pl.col("due_ts"))).alias("late"),
    n(ok & (pl.col("fin") <= pl.col("due_ts"))
      & (pl.col("fin").dt.date() < pl.col("due_d"))).alias("early"),
    n(ok & (pl.col("fin") <= pl.col("due_ts"))
      & (pl.col("fin").dt.date() >= pl.col("due_d"))).alias("on_time"),
    n(~done & (pl.col("due_ts") >= e)).alias("within"),
    n(~done & (pl.col("due_ts") < e)).alias("overdue"),
    n(done & (pl.col("finish_kind") == "withdrawn")).alias("withdrawn"),
    n(done & (pl.col("finish_kind") == "stopped")).alias("stopped"),
).sort("level").collect(engine="streaming")
print(json.dumps({"wall": time.perf_counter() - t,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rows": [list(r) for r in out.rows()]}))
"""

COLS = [
    "received_total", "received_online", "received_offline", "carried_over", "resolved_late",
    "resolved_early", "resolved_on_time", "in_progress_within", "in_progress_overdue",
    "withdrawn", "stopped",
]  # fmt: skip


def run(code: str, env: dict[str, str]) -> dict[str, object]:
    """Run *code* in a fresh interpreter; peak RSS from GNU time (ru_maxrss counts the fork)."""
    out = subprocess.run(  # noqa: S603 (our own interpreter and code)
        ["/usr/bin/time", "-f", "maxrss_kib=%M", sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    kib = [line for line in out.stderr.splitlines() if line.startswith("maxrss_kib=")][-1]
    result["rss"] = int(kib.split("=")[1]) / 1024
    if "jvm" in result:  # the Spark driver JVM is not waited for: its own peak is added
        result["rss"] = float(result["rss"]) + float(result["jvm"])  # type: ignore[arg-type]
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    tmp = tempfile.mkdtemp()
    csv_path = os.path.join(tmp, "ledger.csv")
    pq_path = os.path.join(tmp, "ledger.parquet")
    write_ledger(csv_path, n)
    import duckdb

    select = f"SELECT * FROM read_csv('{csv_path}', all_varchar = true)"  # noqa: S608
    copy = f"COPY ({select}) TO '{pq_path}'"
    duckdb.connect().execute(copy)
    env = dict(os.environ)
    src = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    csv_reader = f"read_csv('{csv_path}', all_varchar = true, header = true)"
    pq_reader = f"read_parquet('{pq_path}')"
    cases = {
        "engine python, CSV": ENGINE.replace("PATH", repr(csv_path)).replace("ENGINE", "'python'"),
        "engine duckdb, CSV": ENGINE.replace("PATH", repr(csv_path)).replace("ENGINE", "'duckdb'"),
        "engine duckdb, Parquet": ENGINE.replace("PATH", repr(pq_path)).replace(
            "ENGINE", "'duckdb'"
        ),
        "engine spark local, CSV": SPARK.replace("PATH", repr(csv_path)),
        "engine spark local, Parquet": SPARK.replace("PATH", repr(pq_path)),
        "hand DuckDB SQL, CSV": f"SQL = {HAND_SQL.format(path=csv_path)!r}\n" + HAND_DUCKDB,
        "hand DuckDB SQL, Parquet": "SQL = "
        + repr(HAND_SQL.replace("read_csv('{path}', all_varchar=true, header=true)", pq_reader))
        + "\n"
        + HAND_DUCKDB,
        "hand Polars streaming, CSV": f"PATH = {csv_path!r}\n" + HAND_POLARS,
        "bare DuckDB count, CSV": f"READER = {csv_reader!r}\n" + BARE,
        "bare DuckDB count, Parquet": f"READER = {pq_reader!r}\n" + BARE,
    }
    results = {}
    for name, body in cases.items():
        code = f"COLS = {COLS!r}\n" + body
        runs = [run(code, env) for _ in range(repeats)]
        results[name] = min(runs, key=lambda r: float(r["wall"]))  # type: ignore[arg-type]
    print(f"{n:,} dossiers, best of {repeats}, {os.cpu_count()} CPUs")
    print(f"{'run':30} {'wall s':>8} {'peak RSS MiB':>13}")
    for name, r in results.items():
        print(f"{name:30} {float(r['wall']):8.2f} {float(r['rss']):13.0f}")  # type: ignore[arg-type]
    w = {k: float(v["wall"]) for k, v in results.items()}  # type: ignore[arg-type]
    engine_csv = w["engine duckdb, CSV"]
    print(
        f"ratios: duckdb engine / hand DuckDB, CSV = {engine_csv / w['hand DuckDB SQL, CSV']:.2f}; "
        f"/ bare count, CSV = {engine_csv / w['bare DuckDB count, CSV']:.2f}; "
        f"Parquet / hand Parquet = "
        f"{w['engine duckdb, Parquet'] / w['hand DuckDB SQL, Parquet']:.2f}; "
        f"python / duckdb engine, CSV = {w['engine python, CSV'] / engine_csv:.2f}"
    )
    engine_rows = results["engine duckdb, CSV"]["rows"]
    print(
        f"spark local / duckdb engine: CSV = {w['engine spark local, CSV'] / engine_csv:.1f}; "
        f"Parquet = {w['engine spark local, Parquet'] / w['engine duckdb, Parquet']:.1f}"
    )
    same = [
        engine_rows == results[k]["rows"]
        for k in (
            "engine python, CSV",
            "engine duckdb, Parquet",
            "engine spark local, CSV",
            "engine spark local, Parquet",
        )
    ]
    hand = list(results["hand DuckDB SQL, CSV"]["rows"])  # type: ignore[call-overload]
    polars = results["hand Polars streaming, CSV"]["rows"]
    print("engines agree:", all(same), "; hand DuckDB = hand Polars:", hand == polars,
          "; engine = hand:", [r[:4] for r in engine_rows] == [r[:4] for r in hand])  # type: ignore[index]  # fmt: skip


if __name__ == "__main__":
    main()
