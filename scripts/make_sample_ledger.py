"""Generate the bundled synthetic sample ledger (deterministic; no personal data).

One district (Lấp Vò, Đồng Tháp; district code 875) and its thirteen communes
(1 thị trấn + 12 xã, GSO codes from docs/design/rules.md#administrative-units), dossiers received
from 1 December 2019 to 30 June 2020 (so the first half of 2020 has a
carry-over), across the sample procedure catalogue, with realistic channels,
supplement pauses and a few late, withdrawn, stopped and rejected dossiers.
Deadlines are computed with the library's calendar and deadline engine.
The ledger is extracted "as of" 1 July 2020 00:00: later finishes are blank.

Usage::

    python scripts/make_sample_ledger.py [--seed 2020] [--output PATH]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import pathlib
import random

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.adapters.ledger import COLUMNS
from lapvo_cchc.calendars import WorkCalendar, vietnam
from lapvo_cchc.deadlines import TimeUnit, compute_deadline
from lapvo_cchc.procedures import Level, Procedure, sample_catalog

OUTPUT = (
    pathlib.Path(__file__).resolve().parents[1]
    / "src"
    / "lapvo_cchc"
    / "data"
    / "sample_ledger.csv.gz"
)
DISTRICT = ("875", "huyện Lấp Vò", 70)  # (agency code, name, mean dossiers per working day)
# GSO codes before 1/7/2025
# (docs/design/rules.md#administrative-units); mean dossiers per working day
COMMUNES = (
    ("30169", "thị trấn Lấp Vò", 22),
    ("30172", "xã Mỹ An Hưng A", 10),
    ("30175", "xã Tân Mỹ", 11),
    ("30178", "xã Mỹ An Hưng B", 10),
    ("30181", "xã Tân Khánh Trung", 11),
    ("30184", "xã Long Hưng A", 10),
    ("30187", "xã Vĩnh Thạnh", 12),
    ("30190", "xã Long Hưng B", 10),
    ("30193", "xã Bình Thành", 12),
    ("30196", "xã Định An", 10),
    ("30199", "xã Định Yên", 9),
    ("30202", "xã Hội An Đông", 9),
    ("30205", "xã Bình Thạnh Trung", 9),
)
FIRST = dt.date(2019, 12, 1)
LAST = dt.date(2020, 6, 30)
AS_OF = dt.datetime(2020, 7, 1, 0, 0, tzinfo=VIETNAM_TZ)
FIELD_WEIGHT = {"Chứng thực": 8, "Hộ tịch": 4, "Đất đai": 3}


def _iso(t: dt.datetime) -> str:
    return t.astimezone(VIETNAM_TZ).replace(tzinfo=None).isoformat(timespec="seconds")


def _office_time(rnd: random.Random, day: dt.date) -> dt.datetime:
    minutes = rnd.choice(
        (rnd.randrange(7 * 60, 11 * 60 + 30), rnd.randrange(13 * 60 + 30, 17 * 60))
    )
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), VIETNAM_TZ)


def generate(seed: int = 2020) -> list[list[str]]:
    """The ledger rows (without the header), deterministic for a seed."""
    rnd = random.Random(seed)  # noqa: S311 (synthetic data, not security)
    cal = vietnam()
    catalog = list(sample_catalog())
    by_level = {
        level: [p for p in catalog if level in p.levels]
        for level in (Level.DISTRICT, Level.COMMUNE)
    }
    rows: list[list[str]] = []
    day = FIRST
    serial = 0
    while day <= LAST:
        if cal.is_working_day(day):
            units = [(DISTRICT, Level.DISTRICT)] + [(c, Level.COMMUNE) for c in COMMUNES]
            for (code, _name, mean), level in units:
                procs = by_level[level]
                weights = [FIELD_WEIGHT.get(p.field, 1) for p in procs]
                for _ in range(max(0, round(rnd.gauss(mean, mean / 4)))):
                    serial += 1
                    proc = rnd.choices(procs, weights)[0]
                    rows.append(_row(rnd, cal, serial, code, level, proc, day))
        day += dt.timedelta(days=1)
    return rows


def _row(  # noqa: PLR0917
    rnd: random.Random,
    cal: WorkCalendar,
    serial: int,
    agency: str,
    level: Level,
    proc: Procedure,
    day: dt.date,
) -> list[str]:
    received = _office_time(rnd, day)
    limit = proc.time_limit
    online_ok = proc.online_level.name in ("FULL", "PARTIAL")
    u = rnd.random()
    channel = "online" if online_ok and u < 0.08 else ("postal" if u > 0.97 else "in_person")
    assisted = channel == "in_person" and rnd.random() < 0.05
    multi_day = limit.unit is not TimeUnit.SAME_DAY and limit.amount >= 2
    pauses: list[tuple[dt.datetime, dt.datetime | None]] = []
    if multi_day and rnd.random() < 0.05:
        t = received
        for _ in range(2 if rnd.random() < 0.05 else 1):
            req = t + dt.timedelta(days=1, hours=rnd.randrange(0, 5))
            sup = req + dt.timedelta(days=rnd.randrange(2, 8), hours=rnd.randrange(0, 5))
            pauses.append((req, sup))
            t = sup
    closed = [(a, b) for a, b in pauses if b is not None]
    deadline = compute_deadline(received, limit, calendar=cal, pauses=closed)
    start = closed[-1][1] if closed else received
    span = max(deadline.at - start, dt.timedelta(hours=2))
    v = rnd.random()
    kind = "approved"
    if v < 0.004:
        kind = "withdrawn"
    elif v < 0.006:
        kind = "stopped"
    elif v < 0.016:
        kind = "rejected"
    if rnd.random() < 0.015:  # late
        finished = deadline.at + dt.timedelta(hours=rnd.randrange(2, 24 * 6))
    elif limit.unit is TimeUnit.SAME_DAY:
        finished = received + dt.timedelta(minutes=rnd.randrange(20, 240))
    else:
        finished = start + span * rnd.uniform(0.35, 0.98)
    awaiting = multi_day and not pauses and rnd.random() < 0.002
    if awaiting:
        pauses = [(received + dt.timedelta(days=1), None)]
    done = not awaiting and finished < AS_OF
    serial_code = f"{agency}-{day:%y%m%d}-{serial % 10000:04d}"
    if limit.unit is TimeUnit.WORKING_HOURS:
        due = _iso(deadline.at)
        tl = f"{limit.amount} working_hours"
    else:
        due = deadline.date.isoformat()
        tl = (
            f"same_day {limit.cutoff:%H:%M}" if limit.unit is TimeUnit.SAME_DAY and limit.cutoff
            else "same_day" if limit.unit is TimeUnit.SAME_DAY
            else f"{limit.amount} {limit.unit.name.lower()}"
        )  # fmt: skip
    return [
        serial_code, str(proc.code), agency, level.name.lower(), proc.field, channel,
        "1" if assisted else "0", _iso(received), tl, due,
        _iso(finished) if done else "", kind if done else "",
        ";".join(_iso(a) for a, _ in pauses),
        ";".join(_iso(b) for _, b in pauses if b is not None),
    ]  # fmt: skip


def main() -> None:
    """Write the gzip CSV (mtime 0, so the bytes are reproducible)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--output", type=pathlib.Path, default=OUTPUT)
    args = parser.parse_args()
    rows = generate(args.seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(args.output, "wb", mtime=0) as fh:
        fh.write(buffer.getvalue().encode("utf-8"))
    print(f"wrote {len(rows):,} dossiers to {args.output}")  # noqa: T201


if __name__ == "__main__":
    main()
