"""Benchmark: the statistical report by level and month for N dossiers read from CSV.

The library against the same report written the obvious way with pandas
(read_csv with parsed dates, vectorised classification, groupby per month
sub-period), in one run. The library runs twice: the python engine's
streaming pass (``report_ledger``) and the DuckDB engine
(``engines.run_report(engine="duckdb")``). Each run is its own subprocess;
wall time (imports included) and peak RSS (ru_maxrss) are reported. The
reports' counts are compared. ``benchmarks/bench_engines.py`` compares every
engine with hand-written DuckDB, Polars and pandas on this ledger.

Usage::

    python benchmarks/bench_report.py [N]     # default 1,000,000 dossiers
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

PERIOD = ("2020-01-01", "2020-06-30")
LEVELS = ("province", "district", "commune")
CHANNELS = ("in_person", "in_person", "in_person", "online", "postal")


def write_ledger(path: str, n: int, seed: int = 7) -> None:
    """Write *n* synthetic dossiers (due_at given, so no deadline computation is needed)."""
    rnd = random.Random(seed)
    start = dt.datetime(2019, 12, 1, 7, 0)
    span = 213 * 86400
    header = [
        "dossier_code", "procedure_code", "agency_code", "level", "field", "channel",
        "assisted", "received_at", "time_limit", "due_at", "finished_at", "finish_kind",
        "supplement_requested_at", "supplement_supplied_at",
    ]  # fmt: skip
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for i in range(n):
            received = start + dt.timedelta(seconds=rnd.randrange(span))
            days = rnd.choice((1, 3, 5, 10, 15))
            due = (received + dt.timedelta(days=days * 7 // 5 + 1)).date()
            u = rnd.random()
            if u < 0.9:
                finished = received + dt.timedelta(seconds=rnd.randrange(int(days * 1.6 * 86400)))
                kind = "approved" if u < 0.86 else ("withdrawn" if u < 0.88 else "stopped")
                fin = finished.isoformat(timespec="seconds")
            else:
                fin, kind = "", ""
            req = sup = ""
            if rnd.random() < 0.05:
                r = received + dt.timedelta(days=1)
                req = r.isoformat(timespec="seconds")
                sup = (r + dt.timedelta(days=2)).isoformat(timespec="seconds")
            w.writerow(
                [
                    f"D{i:08d}", f"1.{i % 40:06d}", f"A{i % 60:03d}", LEVELS[i % 3],
                    f"F{i % 12}", rnd.choice(CHANNELS), int(rnd.random() < 0.1),
                    received.isoformat(timespec="seconds"), f"{days} working_days",
                    due.isoformat(), fin, kind, req, sup,
                ]
            )  # fmt: skip


LIBRARY = """
import sys, json, time
t = time.perf_counter()
from lapvo_cchc.adapters.ledger import report_ledger
from lapvo_cchc.kpi._periods import Period
done = report_ledger(sys.argv[1], Period.parse(sys.argv[2]), by=("level", "month"))
out = {r.label: r.counts.as_dict(form_only=True) for r in done.report.rows}
print(json.dumps({"seconds": time.perf_counter() - t, "rows": out,
                  "rejected": len(done.errors)}))
"""

DUCKDB = """
import sys, json, time
t = time.perf_counter()
from lapvo_cchc.engines import run_report
from lapvo_cchc.kpi import Period
done = run_report(sys.argv[1], period=Period.parse(sys.argv[2]), by=("level", "month"),
                  engine="duckdb")
out = {r.label: r.counts.as_dict(form_only=True) for r in done.report.rows}
print(json.dumps({"seconds": time.perf_counter() - t, "rows": out,
                  "rejected": len(done.errors)}))
"""

PANDAS = """
import sys, json, time
t = time.perf_counter()
import pandas as pd
df = pd.read_csv(sys.argv[1], usecols=["dossier_code", "level", "channel", "received_at",
                 "due_at", "finished_at", "finish_kind"],
                 parse_dates=["received_at", "finished_at"], dtype={"level": "category"})
df["due_day"] = pd.to_datetime(df["due_at"]).dt.normalize()
df["received_day"] = df["received_at"].dt.normalize()
df["finished_day"] = df["finished_at"].dt.normalize()
deadline = df["due_day"] + pd.Timedelta(days=1)
resolved_kind = df["finish_kind"].isin(["approved", "rejected", "returned"])
months = pd.period_range(sys.argv[2].split("..")[0], sys.argv[2].split("..")[1], freq="M")
out = {}
for m in months:
    s, e = m.start_time, m.end_time.normalize()
    cut = e + pd.Timedelta(days=1)
    handled = (df["received_day"] <= e) & (df["finished_at"].isna() | (df["finished_day"] >= s))
    d = df[handled]
    rd = d["received_day"] >= s
    fin = d["finished_at"].notna() & (d["finished_at"] < cut)
    res = fin & resolved_kind[handled]
    late = res & (d["finished_at"] > deadline[handled])
    early = res & ~late & (d["finished_day"] < d["due_day"])
    ontime = res & ~late & ~early
    openp = ~fin
    within = openp & (cut <= deadline[handled])
    cols = pd.DataFrame({
        "level": d["level"],
        "received_total": 1,
        "received_online": (rd & (d["channel"] == "online")).astype(int),
        "received_offline": (rd & (d["channel"] != "online")).astype(int),
        "carried_over": (~rd).astype(int),
        "resolved_total": res.astype(int), "resolved_early": early.astype(int),
        "resolved_on_time": ontime.astype(int), "resolved_late": late.astype(int),
        "in_progress_total": openp.astype(int), "in_progress_within": within.astype(int),
        "in_progress_overdue": (openp & ~within).astype(int),
        "withdrawn": (fin & (d["finish_kind"] == "withdrawn")).astype(int),
        "stopped": (fin & d["finish_kind"].isin(["stopped", "refused"])).astype(int),
    })
    g = cols.groupby("level", observed=True).sum()
    for level, row in g.iterrows():
        out[f"{level} / {m.strftime('%Y-%m')}"] = {k: int(v) for k, v in row.items()}
print(json.dumps({"seconds": time.perf_counter() - t, "rows": out}))
"""


def run(code: str, *args: str) -> tuple[dict[str, object], float, float]:
    """Run *code* in a subprocess: its JSON output, its peak RSS and its children's, in MiB."""
    wrapper = (
        code + "\nimport resource\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    proc = subprocess.run(  # noqa: S603
        [sys.executable, "-c", wrapper, *args],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = proc.stdout.strip().splitlines()
    return json.loads(lines[0]), int(lines[1]) / 1024, int(lines[2]) / 1024


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    period = f"{PERIOD[0]}..{PERIOD[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "ledger.csv")
        t = time.perf_counter()
        write_ledger(path, n)
        size = os.path.getsize(path) / 2**20
        print(f"wrote {n:,} dossiers ({size:.0f} MiB) in {time.perf_counter() - t:.1f} s")
        lib, lib_mem, _ = run(LIBRARY, path, period)
        pdr, pd_mem, _ = run(PANDAS, path, period)
        col, col_mem, _ = run(DUCKDB, path, period)
    print(f"lapvo_cchc, python engine: {lib['seconds']:.2f} s, peak RSS {lib_mem:.0f} MiB")
    print(f"lapvo_cchc, duckdb engine: {col['seconds']:.2f} s, peak RSS {col_mem:.0f} MiB")
    print(f"pandas                   : {pdr['seconds']:.2f} s, peak RSS {pd_mem:.0f} MiB")
    same = lib["rows"] == pdr["rows"] == col["rows"]
    print(f"same counts: {same}")
    if not same:
        rows_l, rows_p = lib["rows"], pdr["rows"]
        assert isinstance(rows_l, dict)
        assert isinstance(rows_p, dict)
        for key in sorted(set(rows_l) | set(rows_p))[:3]:
            print(key, rows_l.get(key), rows_p.get(key))
    _ = resource  # the subprocesses report their own ru_maxrss


if __name__ == "__main__":
    main()
