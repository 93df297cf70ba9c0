"""The worked examples of the docs, as a ledger: every engine finds each hand-computed deadline.

``docs/worked-examples.md`` computes deadlines by hand (Tết, make-up Saturdays,
calendar days, same-day cut-offs, working hours across lunch and weekends,
pauses across holidays); ``tests/deadlines/test_deadlines.py`` holds the same
table (``WORKED_EXAMPLES``). Each example becomes two dossiers of one
procedure, without a due date, so that the engine computes the deadline from
the time limit and the pauses: one finished exactly at the documented
deadline, one a second later. The first is not late and the second is, on
every engine, only if the engine's deadline is the documented instant.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import pathlib
import tempfile
from typing import Any

import pytest

from engines.test_differential import assert_same_report
from lapvo_cchc.adapters.ledger import COLUMNS, LedgerReport
from lapvo_cchc.deadlines import TimeLimit, TimeUnit
from lapvo_cchc.engines import run_report
from lapvo_cchc.kpi import Period

_TABLE = pathlib.Path(__file__).resolve().parents[1] / "deadlines" / "test_deadlines.py"
_SPEC = importlib.util.spec_from_file_location("lapvo_worked_examples", _TABLE)
assert _SPEC is not None
assert _SPEC.loader is not None
_MODULE = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_MODULE)
WORKED_EXAMPLES: list[tuple[Any, ...]] = _MODULE.WORKED_EXAMPLES

PERIOD = Period.custom(dt.date(2019, 12, 1), dt.date(2026, 12, 31))
_UNIT_WORDS = {
    TimeUnit.WORKING_DAYS: "working_days",
    TimeUnit.CALENDAR_DAYS: "calendar_days",
    TimeUnit.WORKING_HOURS: "working_hours",
}


def limit_words(limit: TimeLimit) -> str:
    """The limit as a ledger writes it (``3 working_days``, ``same_day 15:00``)."""
    if limit.unit is TimeUnit.SAME_DAY:
        return "same_day" if limit.cutoff is None else f"same_day {limit.cutoff:%H:%M}"
    return f"{limit.amount} {_UNIT_WORDS[limit.unit]}"


def local(t: dt.datetime) -> str:
    """An aware instant as the ledger's naive Vietnam time."""
    return t.replace(tzinfo=None).isoformat(timespec="seconds")


def worked_ledger() -> str:
    """Two dossiers per worked example: finished at the deadline, and a second after it."""
    handle = io.StringIO()
    w = csv.writer(handle, lineterminator="\n")
    w.writerow(COLUMNS)
    for name, received, limit, pauses, _due_date, at, _regime in WORKED_EXAMPLES:
        requests = ";".join(local(r) for r, _s in pauses)
        supplies = ";".join(local(s) for _r, s in pauses)
        for suffix, finished in (("a", at), ("b", at + dt.timedelta(seconds=1))):
            w.writerow([
                f"{name}-{suffix}", name, "ubnd", "xã", "Hộ tịch", "online", "0",
                local(received), limit_words(limit), "", local(finished), "approved",
                requests, supplies,
            ])  # fmt: skip
    path = pathlib.Path(tempfile.mkdtemp()) / "worked.csv"
    path.write_text(handle.getvalue(), encoding="utf-8")
    return str(path)


def check_worked_examples(engine: Any) -> LedgerReport:
    """*engine* finds every documented deadline and gives the python engine's report."""
    path = worked_ledger()
    out = run_report(path, period=PERIOD, by="procedure", engine=engine)
    assert out.errors == ()
    late = {row.key[0]: (row.counts.resolved_total, row.counts.resolved_late)
            for row in out.report.rows}  # fmt: skip
    assert late == {case[0]: (2, 1) for case in WORKED_EXAMPLES}
    assert_same_report(run_report(path, period=PERIOD, by="procedure", engine="python"), out)
    return out


def test_the_table_holds_pauses_hours_and_same_day_limits() -> None:
    units = {case[2].unit for case in WORKED_EXAMPLES}
    assert units == set(TimeUnit)
    assert any(len(case[3]) == 2 for case in WORKED_EXAMPLES)  # two pauses


@pytest.mark.parametrize("engine", ["python", "duckdb", "polars"])
def test_every_engine_finds_the_documented_deadlines(engine: str) -> None:
    check_worked_examples(engine)


def test_postgres_finds_the_documented_deadlines(pg_dsn: str) -> None:  # noqa: F811
    from lapvo_cchc.engines._postgres import PostgresEngine

    check_worked_examples(PostgresEngine(pg_dsn))


from _pg import pg_dsn  # noqa: E402, F401 - the fixture is used by name
