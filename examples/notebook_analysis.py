"""A notebook-style analysis with pandas: on-time rates by commune and month, and a plot.

Loads the bundled synthetic ledger of Lấp Vò district (first half of 2020),
turns its records into a pandas DataFrame, computes the share of resolved
dossiers resolved early or on time per commune and month, checks the figures
against the library's own statistical report, measures processing times in
working days with the vectorised calendar functions, and saves a heat map to
``on_time_by_commune.png`` in the current directory.

Run: python examples/notebook_analysis.py   (needs pandas and matplotlib)
"""

from __future__ import annotations

from fractions import Fraction
from importlib import resources

import matplotlib as mpl

mpl.use("Agg")  # no display needed: the figure goes to a file

import matplotlib.pyplot as plt
import pandas as pd

from lapvo_cchc.adapters.frames import (
    WorkingDayIndex,
    count_working_days,
    is_working_day,
    records_to_frame,
)
from lapvo_cchc.adapters.ledger import read_ledger
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.kpi import FinishKind, Period, report

COMMUNES = {  # GSO commune codes of the sample ledger (docs/report.md)
    "30169": "TT Lấp Vò",
    "30172": "Mỹ An Hưng A",
    "30175": "Tân Mỹ",
    "30178": "Mỹ An Hưng B",
    "30181": "Tân Khánh Trung",
    "30184": "Long Hưng A",
    "30187": "Vĩnh Thạnh",
    "30190": "Long Hưng B",
    "30193": "Bình Thành",
    "30196": "Định An",
    "30199": "Định Yên",
    "30202": "Hội An Đông",
    "30205": "Bình Thạnh Trung",
}
RESOLVED = [kind.value for kind in FinishKind if kind.resolved]
PERIOD = Period.half(2020, 1)


def main() -> None:
    """Load, compute, check against the report, plot."""
    # --- 1. load the ledger into a DataFrame ------------------------------------------------
    source = resources.files("lapvo_cchc") / "data" / "sample_ledger.csv.gz"
    with resources.as_file(source) as path:
        records, errors = read_ledger(path)
    print(f"{len(records):,} dossiers read, {len(errors)} rows rejected")
    df = records_to_frame(records)
    print(df[["code", "agency", "level", "channel", "received_at", "due_at", "finish"]].head(3))

    # --- 2. resolved dossiers of the period in the communes ----------------------------------
    finished_day = df["finished_at"].dt.tz_localize(None).dt.normalize()
    start, end = pd.Timestamp(PERIOD.start), pd.Timestamp(PERIOD.end)
    resolved = df[
        (df["level"] == "commune") & df["finish"].isin(RESOLVED) & finished_day.between(start, end)
    ].copy()
    # the outcome rule (docs/design/rules.md#outcomes): late if finished after the deadline instant
    resolved["on_time"] = resolved["finished_at"] <= resolved["due_at"]
    resolved["month"] = resolved["finished_at"].dt.strftime("%Y-%m")
    resolved["commune"] = resolved["agency"].map(COMMUNES)

    rates = resolved.pivot_table(
        index="commune", columns="month", values="on_time", aggfunc="mean"
    ).mul(100)
    print("\nEarly or on time, % of resolved dossiers, by commune and month:")
    print(rates.round(1).to_string())

    # --- 3. check against the library's statistical report -----------------------------------
    rep = report(records, PERIOD, by=("agency", "month"))
    checked = 0
    for row in rep.rows:
        agency, month = row.key
        if agency not in COMMUNES:
            continue
        c = row.counts
        group = resolved[(resolved["agency"] == agency) & (resolved["month"] == month)]
        assert len(group) == c.resolved_total, (agency, month)
        expected = Fraction(c.resolved_early + c.resolved_on_time, c.resolved_total)
        assert Fraction(int(group["on_time"].sum()), len(group)) == expected, (agency, month)
        checked += 1
    print(f"\n{checked} commune-months agree with report(by=('agency', 'month')).")

    # --- 4. processing time in working days (vectorised, make-up Saturdays included) ----------
    cal = vietnam()
    index = WorkingDayIndex.build(cal, 2019, 2020)
    received_day = resolved["received_at"].dt.tz_localize(None).dt.normalize()
    resolved["working_days"] = count_working_days(
        received_day, resolved["finished_at"], calendar=index
    )
    summary = resolved.groupby("commune")["working_days"].describe()[["mean", "50%", "max"]]
    print("\nProcessing time, working days after the day of receipt:")
    print(summary.round(2).to_string())
    off_day = ~is_working_day(resolved["finished_at"], calendar=index)
    print(f"{int(off_day.sum())} dossiers were resolved on a weekend or a day off.")

    # --- 5. plot ------------------------------------------------------------------------------
    fig, ax = plt.subplots(figsize=(9, 6))
    values = rates.to_numpy()
    image = ax.imshow(values, cmap="RdYlGn", vmin=float(rates.min().min()), vmax=100, aspect="auto")
    ax.set_xticks(range(len(rates.columns)), labels=[f"{m[5:]}/{m[:4]}" for m in rates.columns])
    ax.set_yticks(range(len(rates.index)), labels=list(rates.index))
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            ax.text(j, i, f"{values[i, j]:.1f}", ha="center", va="center", fontsize=7)
    ax.set_title("Lấp Vò communes, first half of 2020:\nresolved early or on time, % of resolved")
    fig.colorbar(image, ax=ax, label="%")
    fig.tight_layout()
    out = "on_time_by_commune.png"
    fig.savefig(out, dpi=120)
    plt.close(fig)
    print(f"\nSaved {out}.")


if __name__ == "__main__":
    main()
