"""Spike: the core of the statistical report in Ibis and in SQLGlot-transpiled SQL on DuckDB.

Both compute the same thing over a flat ledger CSV (due_at given, as
bench_report.py writes): parse instants, reject bad rows, classify each
dossier handled in the period and count the 13 columns by level. Each run is
its own subprocess (wall time with imports, peak RSS). Used once to choose
the engine-independent layer (docs/at-scale.md).

Usage::

    python benchmarks/spike_ibis_sqlglot.py LEDGER.csv [IBIS_PYTHON]
"""

from __future__ import annotations

import json
import subprocess
import sys

SQL = """
WITH raw AS (
  SELECT * FROM read_csv('{path}', all_varchar=true, header=true)
), p AS (
  SELECT level, channel,
    TRY_CAST(received_at AS TIMESTAMP) AS rec,
    TRY_CAST(due_at AS DATE) AS due_d,
    TRY_CAST(NULLIF(finished_at, '') AS TIMESTAMP) AS fin, finish_kind
  FROM raw
), c AS (
  SELECT level, channel, rec, fin, finish_kind, due_d,
    CAST(due_d + INTERVAL 1 DAY AS TIMESTAMP) AS due_ts
  FROM p WHERE rec IS NOT NULL AND due_d IS NOT NULL
    AND rec < TIMESTAMP '2020-07-01' AND (fin IS NULL OR fin >= TIMESTAMP '2020-01-01')
)
SELECT level,
  COUNT(*) AS received_total,
  COUNT(*) FILTER (WHERE rec >= TIMESTAMP '2020-01-01' AND channel = 'online') AS online,
  COUNT(*) FILTER (WHERE rec >= TIMESTAMP '2020-01-01' AND channel <> 'online') AS offline,
  COUNT(*) FILTER (WHERE rec < TIMESTAMP '2020-01-01') AS carried,
  COUNT(*) FILTER (WHERE fin < TIMESTAMP '2020-07-01' AND finish_kind = 'approved'
                   AND fin > due_ts) AS late,
  COUNT(*) FILTER (WHERE fin < TIMESTAMP '2020-07-01' AND finish_kind = 'approved'
                   AND fin <= due_ts AND CAST(fin AS DATE) < due_d) AS early,
  COUNT(*) FILTER (WHERE fin < TIMESTAMP '2020-07-01' AND finish_kind = 'approved'
                   AND fin <= due_ts AND CAST(fin AS DATE) >= due_d) AS on_time,
  COUNT(*) FILTER (WHERE (fin IS NULL OR fin >= TIMESTAMP '2020-07-01')
                   AND TIMESTAMP '2020-07-01' <= due_ts) AS within,
  COUNT(*) FILTER (WHERE (fin IS NULL OR fin >= TIMESTAMP '2020-07-01')
                   AND TIMESTAMP '2020-07-01' > due_ts) AS overdue,
  COUNT(*) FILTER (WHERE fin < TIMESTAMP '2020-07-01' AND finish_kind = 'withdrawn') AS withdrawn,
  COUNT(*) FILTER (WHERE fin < TIMESTAMP '2020-07-01' AND finish_kind = 'stopped') AS stopped
FROM c GROUP BY level ORDER BY level
"""

SQLGLOT = """
import json, resource, sys, time
t = time.perf_counter()
import duckdb, sqlglot
sql = sqlglot.transpile(SQL, read="duckdb", write="duckdb")[0]
rows = duckdb.connect().execute(sql).fetchall()
print(json.dumps({"wall": time.perf_counter() - t,
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rows": [list(r) for r in rows]}))
"""

IBIS = """
import json, resource, sys, time
t = time.perf_counter()
import ibis
from ibis import _
con = ibis.duckdb.connect()
raw = con.read_csv(PATH, all_varchar=True)
s, e = ibis.timestamp("2020-01-01 00:00:00"), ibis.timestamp("2020-07-01 00:00:00")
p = raw.select(
    level=_.level, channel=_.channel, finish_kind=_.finish_kind,
    rec=_.received_at.try_cast("timestamp"), due_d=_.due_at.try_cast("date"),
    fin=_.finished_at.nullif("").try_cast("timestamp"))
c = p.filter(_.rec.notnull(), _.due_d.notnull(), _.rec < e, _.fin.isnull() | (_.fin >= s))
c = c.mutate(due_ts=(_.due_d + ibis.interval(days=1)).cast("timestamp"))
done = c.fin.notnull() & (c.fin < e)
ok = done & (c.finish_kind == "approved")
open_ = ~done
def n(cond):
    return cond.ifelse(1, 0).sum()
agg = c.group_by("level").aggregate(
    received_total=c.count(),
    online=n((c.rec >= s) & (c.channel == "online")),
    offline=n((c.rec >= s) & (c.channel != "online")),
    carried=n(c.rec < s),
    late=n(ok & (c.fin > c.due_ts)),
    early=n(ok & (c.fin <= c.due_ts) & (c.fin.cast("date") < c.due_d)),
    on_time=n(ok & (c.fin <= c.due_ts) & (c.fin.cast("date") >= c.due_d)),
    within=n(open_ & (e <= c.due_ts)),
    overdue=n(open_ & (e > c.due_ts)),
    withdrawn=n(done & (c.finish_kind == "withdrawn")),
    stopped=n(done & (c.finish_kind == "stopped")),
).order_by("level")
rows = agg.to_pyarrow().to_pylist()
print(json.dumps({"wall": time.perf_counter() - t,
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rows": [list(r.values()) for r in rows]}))
"""


def run(python: str, code: str) -> dict[str, object]:
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    result: dict[str, object] = json.loads(out.stdout)
    return result


def main() -> None:
    path = sys.argv[1]
    ibis_python = sys.argv[2] if len(sys.argv) > 2 else sys.executable
    sql = SQL.format(path=path)
    results = {}
    for name, python, code in (
        ("sqlglot->duckdb", sys.executable, f"SQL = {sql!r}\n" + SQLGLOT),
        ("ibis->duckdb", ibis_python, f"PATH = {path!r}\n" + IBIS),
    ):
        runs = [run(python, code) for _ in range(3)]
        best = min(runs, key=lambda r: float(r["wall"]))  # type: ignore[arg-type]
        results[name] = best
        print(f"{name:16} wall {best['wall']:.2f} s  peak RSS {best['rss_mib']:.0f} MiB")
    a, b = (r["rows"] for r in results.values())
    print("same counts:", [x[1:] for x in a] == [x[1:] for x in b])  # type: ignore[union-attr]


if __name__ == "__main__":
    main()
