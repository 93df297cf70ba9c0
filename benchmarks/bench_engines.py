"""Benchmark: the report's engines against hand-written DuckDB and Polars, on CSV and Parquet.

One ledger of N dossiers (``bench_report.write_ledger``: due dates given, 5 %
with a supplement pause, time limits in working days) as CSV and as Parquet.
Each run is its own subprocess: wall time (imports included) and peak RSS
(GNU ``time``; for Spark, plus the peak of its driver JVM, which runs the
local executors too). The engines compute the whole report (every row checked,
deadlines of paused dossiers recomputed, 25 measures by level); the
hand-written queries compute the 11 status columns by level only (and check
nothing), the "checks only" query runs some of the reader's checks of every row
and counts no report (a floor under any engine that checks rows), and the bare
read counts the rows. Counts of the common columns are compared.

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

_CSV = "read_csv('{path}', all_varchar=true, header=true)"
"""The CSV reader of the hand-written queries (``{path}`` stands for the file)."""

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

_YMD = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
_HMS = "T[0-9]{2}:[0-9]{2}:[0-9]{2}"


def _parses(col: str, cast: str) -> str:
    """Whether *col* has the one exact shape of a date or an instant, and DuckDB casts it."""
    shape = _YMD + (_HMS if cast == "TIMESTAMP" else "")
    parsed = f"TRY_CAST(CASE WHEN REGEXP_FULL_MATCH({col}, '{shape}') THEN {col} END AS {cast})"
    return f"({parsed} IS NOT NULL)"


# A floor under any engine that checks every row: the reader's checks, some of them, and no
# report. It reads the 14 columns, puts the names in NFC, looks for control characters and
# long fields in them, takes the words from fixed lists, parses the instants in their one
# exact form and counts repeated codes. (The engines also check the years, the order of the
# instants, the pauses, the other spellings and forms the reader takes, and then count the
# report.) On a clean ledger it finds no bad row and no repeated code.
CHECKS_SQL = rf"""
WITH raw AS (
  SELECT * FROM {_CSV}
), n AS (
  SELECT NFC_NORMALIZE(COALESCE(dossier_code, '')) AS code,
    NFC_NORMALIZE(COALESCE(procedure_code, '')) AS proc,
    NFC_NORMALIZE(COALESCE(agency_code, '')) AS agency,
    NFC_NORMALIZE(COALESCE(field, '')) AS fld,
    COALESCE(level, '') AS level, COALESCE(channel, '') AS channel,
    COALESCE(assisted, '') AS assisted, COALESCE(time_limit, '') AS time_limit,
    COALESCE(finish_kind, '') AS finish_kind,
    COALESCE(received_at, '') AS rec, COALESCE(due_at, '') AS due,
    COALESCE(finished_at, '') AS fin,
    COALESCE(supplement_requested_at, '') AS req, COALESCE(supplement_supplied_at, '') AS sup
  FROM raw
), c AS (
  SELECT code,
    (code = '' OR proc = '' OR agency = ''
     OR LENGTH(code) + LENGTH(proc) + LENGTH(agency) + LENGTH(fld) + LENGTH(level) > 131072
     OR REGEXP_MATCHES(code || proc || agency || level || fld,
                       '[\x00-\x1f\x7f-\x9f\x{{2028}}-\x{{202e}}\x{{2066}}-\x{{2069}}]')
     OR level NOT IN ('province', 'district', 'commune', 'ministry')
     OR channel NOT IN ('in_person', 'online', 'postal')
     OR assisted NOT IN ('0', '1')
     OR NOT REGEXP_FULL_MATCH(time_limit, '[0-9]{{1,3}} working_days')
     OR NOT (finish_kind IN ('approved', 'rejected', 'returned', 'withdrawn', 'stopped')
             OR (finish_kind = '' AND fin = ''))
     OR (fin = '' AND finish_kind <> '')
     OR NOT {_parses("rec", "TIMESTAMP")}
     OR NOT {_parses("due", "DATE")}
     OR (fin <> '' AND NOT {_parses("fin", "TIMESTAMP")})
     OR (req <> '' AND NOT {_parses("req", "TIMESTAMP")})
     OR (sup <> '' AND NOT {_parses("sup", "TIMESTAMP")})
    ) AS bad
  FROM n
)
SELECT COUNT(*) AS read, COUNT(*) FILTER (WHERE bad) AS bad,
  COUNT(*) - COUNT(DISTINCT code) AS repeated
FROM c
"""  # noqa: S608 (fixed text: the file's path comes in by on())

CHECKS = """
import json, resource, time
t = time.perf_counter()
import duckdb
read, bad, repeated = duckdb.connect().execute(SQL).fetchone()
assert bad == 0 and repeated == 0, (bad, repeated)
print(json.dumps({"wall": time.perf_counter() - t,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rows": read}))
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

HAND_PANDAS = """
import json, resource, time
t = time.perf_counter()
import pandas as pd
cols = ["level", "channel", "received_at", "due_at", "finished_at", "finish_kind"]
if PATH.endswith(".parquet"):
    df = pd.read_parquet(PATH, columns=cols)
else:
    df = pd.read_csv(PATH, usecols=cols, dtype=str, keep_default_na=False, engine="pyarrow")
s, e = pd.Timestamp("2020-01-01"), pd.Timestamp("2020-07-01")
rec = pd.to_datetime(df["received_at"], format="%Y-%m-%dT%H:%M:%S", errors="coerce")
fin = pd.to_datetime(df["finished_at"], format="%Y-%m-%dT%H:%M:%S", errors="coerce")
due_d = pd.to_datetime(df["due_at"], format="%Y-%m-%d", errors="coerce")
keep = rec.notna() & due_d.notna() & (rec < e) & (fin.isna() | (fin >= s))
df, rec, fin, due_d = df[keep], rec[keep], fin[keep], due_d[keep]
due_ts = due_d + pd.Timedelta(days=1)
done = fin.notna() & (fin < e)
ok = done & (df["finish_kind"] == "approved")
fin_day = fin.dt.normalize()
cols = {
    "received_total": pd.Series(True, index=df.index),
    "online": (rec >= s) & (df["channel"] == "online"),
    "offline": (rec >= s) & (df["channel"] != "online"),
    "carried": rec < s,
    "late": ok & (fin > due_ts),
    "early": ok & (fin <= due_ts) & (fin_day < due_d),
    "on_time": ok & (fin <= due_ts) & (fin_day >= due_d),
    "within": ~done & (due_ts >= e),
    "overdue": ~done & (due_ts < e),
    "withdrawn": done & (df["finish_kind"] == "withdrawn"),
    "stopped": done & (df["finish_kind"] == "stopped"),
}
out = pd.DataFrame({k: v.astype("int64") for k, v in cols.items()}).groupby(df["level"]).sum()
rows = [[lvl, *map(int, r)] for lvl, r in zip(out.index, out.to_numpy())]
print(json.dumps({"wall": time.perf_counter() - t,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rows": rows}))
"""

COLS = [
    "received_total", "received_online", "received_offline", "carried_over", "resolved_late",
    "resolved_early", "resolved_on_time", "in_progress_within", "in_progress_overdue",
    "withdrawn", "stopped",
]  # fmt: skip


def on(sql: str, csv_path: str, reader: str | None = None) -> str:
    """A hand-written query's text on *csv_path*, or on *reader* instead of the CSV reader."""
    text = sql.replace("{path}", csv_path)
    return text if reader is None else text.replace(_CSV.replace("{path}", csv_path), reader)


def run(code: str, env: dict[str, str]) -> dict[str, object]:
    """Run *code* in a fresh interpreter; peak RSS from GNU time (ru_maxrss counts the fork)."""
    out = subprocess.run(  # noqa: S603 (our own interpreter and code)
        ["/usr/bin/time", "-f", "maxrss_kib=%M", sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    # DuckDB draws its own progress bar on stdout for queries of more than 2 s
    found = [line[line.find('{"wall"') :] for line in out.stdout.splitlines() if '{"wall"' in line]
    if not found:
        raise RuntimeError(f"no result printed: {out.stdout[-500:]!r} {out.stderr[-500:]!r}")
    last = found[-1]
    result: dict[str, object] = json.loads(last)
    kib = [line for line in out.stderr.splitlines() if line.startswith("maxrss_kib=")][-1]
    result["rss"] = int(kib.split("=")[1]) / 1024
    if "jvm" in result:  # the Spark driver JVM is not waited for: its own peak is added
        result["rss"] = float(result["rss"]) + float(result["jvm"])  # type: ignore[arg-type]
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    # BENCH_DIR keeps the files between runs (ledger-N.csv and ledger-N.parquet)
    tmp = os.environ.get("BENCH_DIR") or tempfile.mkdtemp()
    csv_path = os.path.join(tmp, f"ledger-{n}.csv")
    pq_path = os.path.join(tmp, f"ledger-{n}.parquet")
    if not os.path.exists(pq_path):
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
        "engine polars, CSV": ENGINE.replace("PATH", repr(csv_path)).replace("ENGINE", "'polars'"),
        "engine polars, Parquet": ENGINE.replace("PATH", repr(pq_path)).replace(
            "ENGINE", "'polars'"
        ),
        "engine spark local, CSV": SPARK.replace("PATH", repr(csv_path)),
        "engine spark local, Parquet": SPARK.replace("PATH", repr(pq_path)),
        "hand DuckDB SQL, CSV": f"SQL = {on(HAND_SQL, csv_path)!r}\n" + HAND_DUCKDB,
        "hand DuckDB SQL, Parquet": f"SQL = {on(HAND_SQL, csv_path, pq_reader)!r}\n" + HAND_DUCKDB,
        "checks only DuckDB SQL, CSV": f"SQL = {on(CHECKS_SQL, csv_path)!r}\n" + CHECKS,
        "checks only DuckDB SQL, Parquet": f"SQL = {on(CHECKS_SQL, csv_path, pq_reader)!r}\n"
        + CHECKS,
        "hand Polars streaming, CSV": f"PATH = {csv_path!r}\n" + HAND_POLARS,
        "hand pandas (pyarrow), CSV": f"PATH = {csv_path!r}\n" + HAND_PANDAS,
        "hand pandas, Parquet": f"PATH = {pq_path!r}\n" + HAND_PANDAS,
        "bare DuckDB count, CSV": f"READER = {csv_reader!r}\n" + BARE,
        "bare DuckDB count, Parquet": f"READER = {pq_reader!r}\n" + BARE,
    }
    only = os.environ.get("BENCH_CASES")  # e.g. "duckdb,hand" (substrings of case names)
    if only:
        cases = {k: v for k, v in cases.items() if any(w in k for w in only.split(","))}
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
    for kind in ("CSV", "Parquet"):
        hand, bare = w.get(f"hand DuckDB SQL, {kind}"), w.get(f"bare DuckDB count, {kind}")
        floor = w.get(f"checks only DuckDB SQL, {kind}")
        if floor and hand:
            print(f"checks only, {kind}: {floor / hand:.2f}x hand DuckDB")
        for name, wall in w.items():
            if name.startswith("engine") and name.endswith(kind):
                ratios = []
                if hand:
                    ratios.append(f"{wall / hand:.2f}x hand DuckDB")
                if bare:
                    ratios.append(f"{wall / bare:.2f}x bare count")
                if floor:
                    ratios.append(f"{wall / floor:.2f}x checks only")
                if "hand Polars streaming, CSV" in w and "polars" in name and kind == "CSV":
                    ratios.append(f"{wall / w['hand Polars streaming, CSV']:.2f}x hand Polars")
                print(f"{name}: {', '.join(ratios) or 'no baseline run'}")
    # the eleven status columns by level, whatever the label of the level
    counts = {
        k: sorted(tuple(row[1:12]) for row in v["rows"])  # type: ignore[attr-defined]
        for k, v in results.items()
        if isinstance(v.get("rows"), list)
    }
    first = next(iter(counts.values()), None)
    print("every run gives the same counts:", all(c == first for c in counts.values()))


if __name__ == "__main__":
    main()
