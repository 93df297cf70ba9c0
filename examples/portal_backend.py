"""A one-stop system's back end: store dossiers, sync them to the national portal, export JSON.

Uses only the core and the extra-free adapters: SQLite storage, the national
portal's (DVCQG) payload format, the versioned JSON format, and the calendar
as a SQL dimension table.

Run: python examples/portal_backend.py
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import tempfile

from lapvo_cchc import VIETNAM_TZ
from lapvo_cchc.adapters import json as lapvo_json
from lapvo_cchc.adapters.dvcqg import format_dossier, format_progress, parse_dossier
from lapvo_cchc.adapters.exports.dimension import calendar_dimension
from lapvo_cchc.adapters.sql import SQLiteRepository
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.dossiers import Channel, Dossier
from lapvo_cchc.procedures import sample_catalog


def at(text: str) -> dt.datetime:
    """An instant in Vietnam time from 'YYYY-MM-DD HH:MM'."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=VIETNAM_TZ)


def main() -> None:
    """Receive, pause, resolve, store, sync and export one dossier."""
    cal = vietnam()
    procedure = sample_catalog().get("1.001612")  # household business registration
    dossier = (
        Dossier.received(
            "000.00.06.H56-260226-0001",
            procedure=procedure,
            agency="000.00.06.H56",
            channel=Channel.ONLINE,
            at=at("2026-02-26 10:15"),
        )
        .request_supplement(at("2026-02-27 09:00"), reason="thiếu giấy ủy quyền")
        .supply(at("2026-03-03 08:30"))
        .resolve(at("2026-03-05 15:00"))
    )

    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "motcua.db"
        with SQLiteRepository(path) as repo:
            repo.upsert(dossier)
            repo.write_calendar_dimension(
                calendar_dimension(cal, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
            )
            stored = repo.get(dossier.code)
            # Working days between receipt and resolution, counted by SQL with the dimension
            # table and by the calendar: the same number.
            rows = repo.query(
                "SELECT COUNT(*) FROM calendar_dimension "
                "WHERE is_working_day = 1 AND date > ? AND date <= ?",
                ("2026-02-26", "2026-03-05"),
            )
        by_sql = rows[0][0]
        by_calendar = cal.count_working_days(dt.date(2026, 2, 26), dt.date(2026, 3, 5))
        print(
            f"stored {stored.code}: state {stored.state.name}, equal to the original: "
            f"{stored == dossier}"
        )
        print(f"working days 26/02 -> 05/03/2026: SQL {by_sql}, calendar {by_calendar}")
        assert by_sql == by_calendar

    payload = format_dossier(dossier, calendar=cal, procedure_name=procedure.name)
    print("DVCQG payload:", json.dumps(payload, ensure_ascii=False)[:160], "...")
    back = parse_dossier(payload, time_limit=procedure.time_limit)
    print("parsed back: state", back.state.name, "| progress rows:", len(format_progress(dossier)))

    text = lapvo_json.dumps(dossier)
    assert lapvo_json.loads(text, Dossier) == dossier
    print("lapvo-cchc/1 JSON:", len(text), "characters, round trip exact")


if __name__ == "__main__":
    main()
