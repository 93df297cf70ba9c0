"""Hand-counted statistical reports on a small ledger (every column, denominator and edge)."""

from __future__ import annotations

import io
import json
from fractions import Fraction

import pytest

from lapvo_cchc.adapters.ledger import LedgerReader
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.kpi import Period
from lapvo_cchc.kpi._counting import FormCounts
from lapvo_cchc.kpi._indicators import default_registry
from lapvo_cchc.kpi._report import UnknownDimensionError, check_identities, report

HEADER = (
    "dossier_code,procedure_code,agency_code,level,field,channel,assisted,received_at,"
    "time_limit,due_at,finished_at,finish_kind,supplement_requested_at,supplement_supplied_at\n"
)
# Each row's fate in March 2020 is written beside it, counted by hand.
ROWS = [
    # A: carried over, finished on its due date -> resolved on time; due in March
    "A,p1,x1,commune,F1,online,0,2020-02-20T09:00:00,,2020-03-02,2020-03-02T10:00:00,approved,,",
    # B: received in January, still open -> carried over (into Feb and Mar), overdue
    "B,p1,x1,commune,F1,in_person,0,2020-01-10T09:00:00,,2020-02-10,,,,",
    # C: received on the last day by post, open -> received, in progress within
    "C,p1,x2,commune,F2,postal,0,2020-03-31T16:00:00,,2020-04-03,,,,",
    # D: received 30/3, finished on the first day of April -> in progress within
    "D,p2,d1,district,F2,in_person,0,2020-03-30T10:00:00,,2020-04-02,2020-04-01T09:00:00,approved,,",
    # E: assisted, finished before the due date -> early; due in March
    "E,p2,d1,district,F1,in_person,1,2020-03-05T09:00:00,,2020-03-10,2020-03-06T09:00:00,approved,,",
    # F: online, rejected on the merits after the deadline -> resolved late
    "F,p2,d1,district,F1,online,0,2020-03-05T09:00:00,,2020-03-10,2020-03-12T08:00:00,rejected,,",
    # G: withdrawn
    (
        "G,p1,x1,commune,F1,in_person,0,2020-03-09T09:00:00,,2020-03-16,"
        "2020-03-11T09:00:00,rút hồ sơ,,"
    ),
    # H: stopped
    "H,p1,x2,commune,F1,trực tiếp,0,2020-03-09T09:00:00,,2020-03-16,2020-03-12T09:00:00,stopped,,",
    # I: finished before March -> not in the March report
    "I,p1,x2,commune,F1,in_person,0,2020-02-25T09:00:00,,2020-02-28,2020-02-29T09:00:00,approved,,",
    # J: received after March -> not in the March report
    "J,p1,x2,commune,F1,in_person,0,2020-04-01T09:00:00,,2020-04-03,,,,",
    # K: open past its due date -> in progress overdue; due in March (late)
    "K,p1,x2,commune,F1,in_person,0,2020-03-16T09:00:00,,2020-03-20,,,,",
    # L: one supplement pause (7 days), finished early; 766 on time
    (
        "L,p2,d1,district,F1,in_person,0,2020-03-02T09:00:00,,2020-03-20,2020-03-18T09:00:00,approved,"
        "2020-03-03T09:00:00,2020-03-10T09:00:00"
    ),
    # M: two supplement requests, finished early on the form; 766 counts it overdue
    (
        "M,p2,d1,district,F1,in_person,0,2020-03-02T09:00:00,,2020-03-25,2020-03-12T09:00:00,approved,"
        "2020-03-03T09:00:00;2020-03-09T09:00:00,2020-03-05T09:00:00;2020-03-11T09:00:00"
    ),
]
MARCH = Period.month(2020, 3)


def records() -> list:  # type: ignore[type-arg]
    reader = LedgerReader(io.StringIO(HEADER + "\n".join(ROWS) + "\n"))
    out = list(reader)
    assert reader.errors == []
    return out


def test_march_totals_every_column() -> None:
    """Every column of the March form equals the hand count."""
    total = report(records(), MARCH, by=None).total.counts
    expected = {
        "received_total": 11,  # A B C D E F G H K L M
        "received_online": 1,  # F
        "received_offline": 8,  # C D E G H K L M
        "carried_over": 2,  # A B
        "resolved_total": 5,  # A E F L M
        "resolved_early": 3,  # E L M
        "resolved_on_time": 1,  # A
        "resolved_late": 1,  # F
        "in_progress_total": 4,  # B C D K
        "in_progress_within": 2,  # C D
        "in_progress_overdue": 2,  # B K
        "withdrawn": 1,  # G
        "stopped": 1,  # H
    }
    assert expected == total.as_dict(form_only=True)


def test_march_extra_measures() -> None:
    """Postal, assisted, rejected, due and 766 counts equal the hand count."""
    c = report(records(), MARCH, by=None).total.counts
    assert (c.received_in_period, c.received_postal, c.received_in_person) == (9, 1, 7)
    assert (c.received_assisted, c.rejected) == (1, 1)
    # due in March: A E F G H K L M; early E L M, on time A, late F K
    assert (c.due_total, c.due_early, c.due_on_time, c.due_late) == (8, 3, 1, 2)
    # 766 on time: A C D E G H L (B, K overdue; F late; M has two supplement requests)
    assert (c.on_time_766, c.handled) == (7, 11)


def test_four_denominators() -> None:
    """The outcome rates over received, resolved, due and handled use the right counts."""
    rates = report(records(), MARCH, by=None).rates()
    expected = {
        "resolution_rate": Fraction(5, 11),
        "early_rate_of_received": Fraction(3, 11),
        "on_time_rate_of_received": Fraction(1, 11),
        "late_rate_of_received": Fraction(3, 11),  # F late + B K overdue
        "early_rate_of_resolved": Fraction(3, 5),
        "on_time_rate_of_resolved": Fraction(1, 5),
        "late_rate_of_resolved": Fraction(1, 5),
        "early_rate_of_due": Fraction(3, 8),
        "on_time_rate_of_due": Fraction(1, 8),
        "late_rate_of_due": Fraction(2, 8),
        "early_rate_of_handled": Fraction(3, 9),
        "on_time_rate_of_handled": Fraction(1, 9),
        "late_rate_of_handled": Fraction(3, 9),
        "online_share": Fraction(1, 9),
        "postal_share": Fraction(1, 9),
        "assisted_share": Fraction(1, 9),
        "on_time_766": Fraction(7, 11),
    }
    assert expected == {name: rates[name].value for name in expected}
    assert (rates["late_rate_of_due"].numerator, rates["late_rate_of_due"].denominator) == (2, 8)


def test_average_processing_days() -> None:
    """Working days from receipt to resolution: A 7, E 1, F 5, L 12, M 8 (no holidays)."""
    rep = report(records(), MARCH, by=None, calendar=vietnam())
    assert Fraction(33, 5) == rep.rates()["average_processing_days"].value


def test_period_edges_next_months() -> None:
    """D finished on 1 April is early in April; B is carried over again; J is received."""
    c = report(records(), Period.month(2020, 4), by=None).total.counts
    # April handles B C D J K (carried: B C D K; received: J)
    assert (c.received_total, c.carried_over, c.received_offline) == (5, 4, 1)
    assert (c.resolved_total, c.resolved_early) == (1, 1)  # D
    # at 30 April every open dossier is past its due date (C and J were due 3 April)
    assert (c.in_progress_within, c.in_progress_overdue) == (0, 4)
    feb = report(records(), Period.month(2020, 2), by=None).total.counts
    # February: B carried over; A, I received; I finished (late: 29/2 after due 28/2)
    assert (feb.carried_over, feb.received_total, feb.resolved_late) == (1, 3, 1)


def test_by_month_counts_each_month_as_its_own_period() -> None:
    """By month, B is carried over into February and again into March."""
    rep = report(records(), Period.custom(MARCH.start.replace(month=2), MARCH.end), by="month")
    rows = {row.key: row.counts for row in rep.rows}
    assert rows[("2020-02",)].carried_over == 1
    assert rows[("2020-03",)].carried_over == 2
    assert rows[("2020-03",)].as_dict() == report(records(), MARCH, by=None).total.counts.as_dict()


def test_groups_sum_to_total() -> None:
    """By level the rows add up to the totals."""
    rep = report(records(), MARCH, by="level")
    assert [row.key for row in rep.rows] == [("commune",), ("district",)]
    assert sum((r.counts for r in rep.rows), FormCounts()) == rep.total.counts
    assert rep.findings == ()


def test_identity_findings() -> None:
    """A row that breaks an identity is reported with both sides."""
    broken = FormCounts(received_total=3, received_online=1, resolved_total=1)
    found = check_identities("x", broken)
    assert [(f.identity, f.left, f.right) for f in found] == [
        ("(3) = (4) + (5) + (6)", 3, 1),
        ("(7) = (8) + (9) + (10)", 1, 0),
        ("(3) = (7) + (11) + withdrawn + stopped", 3, 1),
    ]


def test_unknown_dimension() -> None:
    """An unknown by= dimension is refused."""
    with pytest.raises(UnknownDimensionError):
        report([], MARCH, by="colour")  # type: ignore[arg-type]


def test_renderers() -> None:
    """Text, Markdown, CSV, JSON, HTML and narrative carry the same numbers."""
    rep = report(records(), MARCH, by="level")
    assert "Cấp xã" in rep.to_text()
    assert "| **Tổng cộng** | **11** |" in rep.to_markdown()
    assert rep.to_csv().splitlines()[-1].startswith(",11,1,8,2,5,3,1,1,4,2,2,1,1,")
    doc = json.loads(rep.to_json())
    assert doc["total"]["received_total"] == 11
    assert doc["total"]["rates"]["resolution_rate"]["value"] == "5/11"
    assert set(doc["groups"][0]) >= {"level", "received_offline", "in_progress_overdue"}
    assert "<table" in rep._repr_html_()
    vi = rep.narrative()
    assert "đã tiếp nhận 11 hồ sơ" in vi
    assert "đạt 45,5%" in vi  # 5 / 11
    assert "trả trước hẹn 27,3%, đúng hẹn 9,1%" in vi  # 3 / 11, 1 / 11
    assert "resolved 5, 45.5%" in rep.narrative("en")


def test_vietnamese_number_style() -> None:
    """Large counts use the Vietnamese thousands separator."""
    rep = report([], MARCH, by=None)
    assert rep.rates()["resolution_rate"].format() == "N/A"
    big = FormCounts(
        received_total=24355,
        received_offline=24355,
        in_progress_total=24355,
        in_progress_within=24355,
    )
    assert "24.355" in big_text(big)


def big_text(counts: FormCounts) -> str:
    from lapvo_cchc.kpi._report import Report, ReportRow

    rep = Report(period=MARCH, by=(), rows=(), total=ReportRow((), counts))
    return rep.to_text("vi")


def test_custom_indicator_in_registry() -> None:
    """A user-defined set and indicator evaluate in the same pass."""
    from lapvo_cchc.kpi._indicators import DossierSet, Indicator

    reg = default_registry()
    reg.add_set(
        DossierSet(
            "district_resolved",
            "x",
            "x",
            lambda r, p: (
                r.level == "district" and r.finish is not None and p.finished_in(r.finished_date)
            ),
        )
    )
    reg.add(
        Indicator(
            "district_share",
            "x",
            "x",
            numerator=("district_resolved",),
            denominator=("resolved_total",),
        )
    )
    ev = reg.evaluate(records(), MARCH)
    assert ev["district_share"].value == Fraction(4, 5)  # E F L M of A E F L M
