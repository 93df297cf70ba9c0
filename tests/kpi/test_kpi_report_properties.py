"""Properties of the report on generated ledgers (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.dossiers import Channel
from lapvo_cchc.kpi import Period
from lapvo_cchc.kpi._counting import FORM_COLUMNS, FormCounts
from lapvo_cchc.kpi._records import DossierRecord, FinishKind
from lapvo_cchc.kpi._report import check_identities, report

BASE = dt.datetime(2020, 1, 1, tzinfo=VIETNAM_TZ)
PERIOD = Period.custom(dt.date(2020, 2, 1), dt.date(2020, 3, 31))


@st.composite
def records(draw: st.DrawFn, code: int) -> DossierRecord:
    received = BASE + dt.timedelta(minutes=draw(st.integers(0, 120 * 24 * 60)))
    due = received + dt.timedelta(hours=draw(st.integers(1, 30 * 24)))
    finished = draw(st.none() | st.integers(0, 60 * 24 * 60))
    supplements: tuple[tuple[dt.datetime, dt.datetime | None], ...] = ()
    n_supp = draw(st.integers(0, 2))
    t = received
    pairs = []
    for i in range(n_supp):
        req = t + dt.timedelta(hours=draw(st.integers(0, 200)))
        last = i == n_supp - 1
        sup = (
            None
            if last and draw(st.booleans())
            else req + dt.timedelta(hours=draw(st.integers(0, 200)))
        )
        pairs.append((req, sup))
        if sup is None:
            break
        t = sup
    supplements = tuple(pairs)
    return DossierRecord.build(
        code=str(code),
        procedure=draw(st.sampled_from(["p1", "p2"])),
        agency=draw(st.sampled_from(["a1", "a2", "a3"])),
        level=draw(st.sampled_from(["commune", "district"])),
        field=draw(st.sampled_from(["f1", "f2"])),
        channel=draw(st.sampled_from(list(Channel))),
        assisted=draw(st.booleans()),
        received_at=received,
        due_at=due,
        finished_at=None if finished is None else received + dt.timedelta(minutes=finished),
        finish=None if finished is None else draw(st.sampled_from(list(FinishKind))),
        supplements=supplements,
    )


@st.composite
def ledgers(draw: st.DrawFn) -> list[DossierRecord]:
    n = draw(st.integers(0, 30))
    return [draw(records(i)) for i in range(n)]


@given(ledgers())
def test_rates_in_unit_interval_and_identities(recs: list[DossierRecord]) -> None:
    """Every share is in [0, 1] with numerator <= denominator; identities always hold."""
    rep = report(recs, PERIOD, by=("level", "month"))
    for row in (*rep.rows, rep.total):
        assert check_identities(row.label, row.counts) == []
        for name, ratio in rep.rates(row).items():
            if rep.registry.get(name).unit == "percent":
                assert ratio.numerator <= ratio.denominator
                assert ratio.value is None or 0 <= ratio.value <= 1
    assert rep.findings == ()


@given(ledgers(), st.sampled_from(["level", "agency", "field", "procedure", "channel"]))
def test_groups_sum_to_total(recs: list[DossierRecord], by: str) -> None:
    """Splitting by an attribute and summing the rows gives the totals."""
    rep = report(recs, PERIOD, by=by)  # type: ignore[arg-type]
    assert sum((r.counts for r in rep.rows), FormCounts()) == rep.total.counts


@given(ledgers(), st.randoms(use_true_random=False))
def test_invariant_to_row_order(recs: list[DossierRecord], rnd: object) -> None:
    """Shuffling the ledger changes nothing."""
    shuffled = list(recs)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a = report(recs, PERIOD, by=("agency", "month"))
    b = report(shuffled, PERIOD, by=("agency", "month"))
    assert a.rows == b.rows
    assert a.total == b.total


@given(ledgers())
def test_months_add_up_on_flow_columns(recs: list[DossierRecord]) -> None:
    """By month, received-in-period and finished columns add up to the totals."""
    rep = report(recs, PERIOD, by="month")
    summed = sum((r.counts for r in rep.rows), FormCounts())
    for name in ("received_online", "received_offline", "resolved_total", "withdrawn"):
        assert summed[name] == rep.total.counts[name]
    assert set(FORM_COLUMNS) <= set(rep.total.counts.as_dict())
