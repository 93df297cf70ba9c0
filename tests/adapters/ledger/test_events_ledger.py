"""The events CSV of full dossier histories (lapvo_cchc.adapters.ledger.events)."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import random
from typing import TYPE_CHECKING

import pytest

from lapvo_cchc.adapters.ledger import LedgerError, LedgerReader
from lapvo_cchc.adapters.ledger.events import EVENT_COLUMNS, EventsReader, read_events
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.cli import main
from lapvo_cchc.dossiers import Channel, State
from lapvo_cchc.kpi import FinishKind, Period, report

if TYPE_CHECKING:
    import pathlib

CAL = vietnam()
HEADER = ",".join(EVENT_COLUMNS) + "\n"


def row(code: str, at: str, event: str, **kw: str) -> str:
    """One events CSV line in EVENT_COLUMNS order."""
    values = {"dossier_code": code, "at": at, "event": event, **kw}
    return ",".join(values.get(c, "") for c in EVENT_COLUMNS) + "\n"


A, B, C, D = (
    "H56.14-200302-0001",
    "H56.14-200302-0002",
    "H56.14-200303-0001",
    "H56.14-200304-0001",
)
E, F, G, H = (
    "H56.14-200304-0002",
    "000.00.06.H56-200305-0001",
    "000.00.06.H56-200220-0001",
    "H56.14-200310-0001",
)
I, J, K = "H56.14-200325-0001", "H56.14-200311-0001", "H56.14-200312-0001"  # noqa: E741
XA = {"procedure_code": "1.001193", "agency_code": "H56.14", "level": "xã", "field": "Hộ tịch"}
HUYEN = {
    "procedure_code": "2.000488",
    "agency_code": "000.00.06.H56",
    "level": "huyện",
    "field": "Đất đai",
}

# Rows of one dossier are spread over the file on purpose.
HAND = (
    HEADER
    # A: in person, 3 working days from Mon 2 March (due Thu 5); a supplement pause of
    # Tue 3 -> Thu 5 used 1 day, the remaining 2 run from Thu 5: due Mon 9 -> on time.
    + row(
        A, "2020-03-02T09:00:00", "received", channel="in_person", time_limit="3 working_days", **XA
    )
    # B: submitted online on Sunday, received Monday, 5 working days (due Mon 9),
    # transferred for an inter-agency step, resolved Thu 5 -> early; returned Fri 6.
    + row(B, "2020-03-01T20:00:00", "nộp trực tuyến", time_limit="5 working_days", **XA)
    + row(A, "2020-03-03T09:00:00", "yêu cầu bổ sung", reason="thiếu tờ khai")
    + row(B, "2020-03-02T10:00:00", "tiếp nhận")
    + row(
        B,
        "2020-03-03T09:00:00",
        "transferred",
        to_agency="000.00.12.H56",
        budget="2 working_days",
        step="Thẩm định",
    )
    # C: postal, 2 working days from Tue 3 (due Thu 5); an apology with a new date does
    # not move the legal deadline: resolved Tue 10 -> late.
    + row(
        C,
        "2020-03-03T09:00:00",
        "received",
        channel="bưu chính công ích",
        time_limit="2 working_days",
        **XA,
    )
    + row(A, "2020-03-05T09:00:00", "bổ sung")
    + row(C, "2020-03-05T16:00:00", "apologized", new_date="2020-03-10", reason="chờ xác minh")
    + row(B, "2020-03-05T14:00:00", "resolved", outcome="approved")
    # D: in person, assisted, withdrawn.
    + row(
        D,
        "2020-03-04T08:00:00",
        "received",
        channel="trực tiếp",
        assisted="có",
        time_limit="10 working_days",
        **XA,
    )
    + row(B, "2020-03-06T08:00:00", "trả kết quả")
    + row(D, "2020-03-06T09:00:00", "rút hồ sơ")
    # E: submitted online and refused at intake: never received, not on the form.
    + row(E, "2020-03-04T07:00:00", "submitted_online", time_limit="3 working_days", **XA)
    + row(E, "2020-03-04T09:00:00", "từ chối tiếp nhận", reason="sai thủ tục")
    # F: district, 20 working days from Thu 5 March; a financial-obligation pause;
    # open at the end of March and within its deadline.
    + row(
        F,
        "2020-03-05T09:00:00",
        "received",
        channel="in_person",
        time_limit="20 working_days",
        **HUYEN,
    )
    + row(F, "2020-03-06T09:00:00", "fee_requested", reason="lệ phí")
    + row(F, "2020-03-10T09:00:00", "fee_met")
    # G: district, received in February (carried over), stopped on 2 March.
    + row(
        G,
        "2020-02-20T09:00:00",
        "received",
        channel="in_person",
        time_limit="5 working_days",
        **HUYEN,
    )
    + row(G, "2020-03-02T10:00:00", "dừng xử lý", reason="quá hạn bổ sung")
    # H: 1 working day from Tue 10 (due Wed 11), rejected on the merits Wed 11 -> on time.
    + row(
        H, "2020-03-10T09:00:00", "received", channel="in_person", time_limit="1 working_days", **XA
    )
    + row(H, "2020-03-11T15:00:00", "resolved", outcome="rejected", reason="không đủ điều kiện")
    # I: online, 3 working days from Wed 25 (due Mon 30), open on 31 March -> overdue.
    + row(I, "2020-03-25T09:00:00", "received", channel="online", time_limit="3 working_days", **XA)
    # J: withdrawn after it was resolved: illegal, the whole dossier is rejected.
    + row(J, "2020-03-11T09:00:00", "received", channel="online", time_limit="3 working_days", **XA)
    + row(J, "2020-03-12T09:00:00", "resolved")
    + row(J, "2020-03-13T09:00:00", "withdrawn")
    # K: a bad instant on its second row.
    + row(K, "2020-03-12T09:00:00", "received", channel="online", time_limit="3 working_days", **XA)
    + row(K, "2020-13-01T09:00:00", "resolved")
    # A row without a dossier code.
    + row("", "2020-03-12T09:00:00", "received")
    # A and C finish last in the file.
    + row(A, "2020-03-09T10:00:00", "resolved")
    + row(C, "2020-03-10T11:00:00", "giải quyết xong")
)


def hand_reader() -> EventsReader:
    return EventsReader(io.StringIO(HAND), calendar=CAL)


def test_hand_counted_report() -> None:
    """The March 2020 form of the hand-made events file, counted by hand per level."""
    reader = hand_reader()
    rep = report(reader, Period.month(2020, 3), by="level", calendar=CAL)
    doc = json.loads(rep.to_json())
    commune, district = doc["groups"]
    assert (commune["level"], district["level"]) == ("commune", "district")
    # commune: A on time, B early, C late, D withdrawn, H on time (rejected), I overdue.
    expected_commune = {
        "received_total": 6, "received_online": 2, "received_offline": 4, "carried_over": 0,
        "resolved_total": 4, "resolved_early": 1, "resolved_on_time": 2, "resolved_late": 1,
        "in_progress_total": 1, "in_progress_within": 0, "in_progress_overdue": 1,
        "withdrawn": 1, "stopped": 0,
    }  # fmt: skip
    # district: F in progress within its deadline, G carried over and stopped.
    expected_district = {
        "received_total": 2, "received_online": 0, "received_offline": 1, "carried_over": 1,
        "resolved_total": 0, "resolved_early": 0, "resolved_on_time": 0, "resolved_late": 0,
        "in_progress_total": 1, "in_progress_within": 1, "in_progress_overdue": 0,
        "withdrawn": 0, "stopped": 1,
    }  # fmt: skip
    assert expected_commune == {k: commune[k] for k in expected_commune}
    assert expected_district == {k: district[k] for k in expected_district}
    total = {k: doc["total"][k] for k in expected_commune}
    assert {k: expected_commune[k] + expected_district[k] for k in total} == total
    assert doc["findings"] == []
    # Online share: B and I over the 7 dossiers received in March (D is the assisted one).
    online = doc["total"]["rates"]["online_share"]
    assert (online["numerator"], online["denominator"]) == (2, 7)
    assisted = doc["total"]["rates"]["assisted_share"]
    assert (assisted["numerator"], assisted["denominator"]) == (1, 7)


def test_hand_file_accounting_and_errors() -> None:
    """Every rejected row is listed; accepted + rejected dossiers == dossiers read."""
    reader = hand_reader()
    records = {r.code: r for r in reader}
    assert sorted(records) == sorted([A, B, C, D, F, G, H, I])
    assert reader.not_received == [E]
    assert reader.rejected == [J, K]
    assert (reader.dossiers_read, reader.accepted) == (11, 9)
    assert reader.accepted + len(reader.rejected) == reader.dossiers_read
    assert reader.rows_read == 30
    assert reader.rows_accepted + len(reader.errors) == reader.rows_read
    where = [(e.line, e.column) for e in reader.errors]
    # The no-code row is reported while reading; J's and K's rows when replayed.
    assert where == [(29, "dossier_code"), (24, ""), (25, ""), (26, "event"), (27, ""), (28, "at")]
    assert "state RESOLVED" in reader.errors[3].reason
    assert "Withdrawn" in reader.errors[3].reason
    assert "rejected with dossier 'H56.14-200311-0001' (see line 26)" == reader.errors[1].reason
    assert "expected an ISO 8601 instant, got '2020-13-01T09:00:00'" == reader.errors[5].reason


def test_hand_file_records() -> None:
    """Pauses, transfers and apologies are replayed into the records' deadlines."""
    records = {r.code: r for r in hand_reader()}
    a, b, c, f, h = records[A], records[B], records[C], records[F], records[H]
    assert (a.due_date, a.promised_at.date(), a.supplements) == (
        dt.date(2020, 3, 9),
        dt.date(2020, 3, 6),
        1,
    )
    assert a.supplement_time == dt.timedelta(days=2)
    assert (b.channel, b.finished_at, b.finish) == (
        Channel.ONLINE,
        dt.datetime(2020, 3, 5, 14, tzinfo=dt.timezone(dt.timedelta(hours=7))),
        FinishKind.APPROVED,
    )
    assert (c.channel, c.due_date, c.finish) == (
        Channel.POSTAL,
        dt.date(2020, 3, 5),
        FinishKind.APPROVED,
    )
    # The fee pause (Fri 6 -> Tue 10) used 1 of 20 days; 19 more from Tue 10 skip Giỗ Tổ (2 April).
    assert (f.due_date, f.finish, f.level, f.field) == (
        dt.date(2020, 4, 7),
        None,
        "district",
        "Đất đai",
    )
    assert h.finish is FinishKind.REJECTED
    assert records[D].assisted


def test_replay_gives_real_dossiers() -> None:
    """replay() yields Dossier objects with their whole history."""
    replayed = {str(r.dossier.code): r for r in hand_reader().replay()}
    b = replayed[B].dossier
    assert b.state is State.RESULT_RETURNED
    assert [type(e).__name__ for e in b.events] == [
        "SubmittedOnline", "Received", "Transferred", "Resolved", "ResultReturned",
    ]  # fmt: skip
    assert replayed[C].dossier.appointment(calendar=CAL) == dt.date(2020, 3, 10)
    assert replayed[E].dossier.state is State.REFUSED
    assert replayed[A].lines == (2, 4, 8, 30)


@pytest.mark.parametrize(
    ("rows", "column", "reason"),
    [
        ([row(A, "2020-03-02T09:00", "faxed", channel="online", time_limit="1 working_days", **XA)],
         "event", "expected an event among submitted_online"),
        ([row(A, "2020-03-02T09:00", "received", channel="fax", time_limit="1 working_days", **XA)],
         "channel", "expected in_person, online or postal"),
        ([row(A, "2020-03-02T09:00", "received", channel="online", **XA)],
         "time_limit", "expected a time_limit on some row"),
        ([row(A, "2020-03-02T09:00", "received", channel="online", time_limit="ten days", **XA)],
         "time_limit", "expected a time limit like"),
        ([row("D1", "2020-03-02T09:00", "received", channel="online", time_limit="1 working_days",
              **XA)], "dossier_code", "DossierCode"),
        ([row(A, "2020-03-02T09:00", "received", channel="online", time_limit="1 working_days",
              **XA),
          row(A, "2020-03-03T09:00", "resolved", channel="postal")],
         "channel", "'postal' conflicts with 'online' given on line 2"),
        ([row(A, "2020-03-02T09:00", "received", channel="online", time_limit="1 working_days",
              **XA),
          row(A, "2020-03-03T09:00", "transferred", budget="1 working_days")],
         "to_agency", "a transfer needs to_agency"),
        ([row(A, "2020-03-02T09:00", "received", channel="online", time_limit="1 working_days",
              **XA),
          row(A, "2020-03-03T09:00", "apologized", new_date="10/03/2020")],
         "new_date", "new_date YYYY-MM-DD"),
        ([row(A, "2020-03-02T09:00", "received", channel="online", time_limit="1 working_days",
              **XA),
          row(A, "2020-03-03T09:00", "resolved", outcome="rejected")],
         "event", "a rejection on the merits needs a reason"),
        ([row(A, "2020-03-02T09:00", "received", channel="online", time_limit="1 working_days",
              **XA),
          row(A, "2020-03-03T09:00", "supplement_supplied")],
         "event", "not allowed here"),
        ([row(A, "2020-03-02T09:00", "submitted_online", channel="postal",
              time_limit="1 working_days", **XA)],
         "channel", "only an online dossier can be submitted online"),
    ],
)  # fmt: skip
def test_bad_dossiers_are_reported(rows: list[str], column: str, reason: str) -> None:
    """Each kind of bad input rejects its dossier with a row error naming the column."""
    reader = EventsReader(io.StringIO(HEADER + "".join(rows)), calendar=CAL)
    assert list(reader) == []
    bad = [e for e in reader.errors if e.column]
    assert [column] == [e.column for e in bad]
    assert reason in bad[0].reason
    assert len(reader.errors) == len(rows) == reader.rows_read
    assert (reader.dossiers_read, reader.accepted, len(reader.rejected)) == (1, 0, 1)


def test_file_level_errors_and_naive_refused() -> None:
    """Missing required columns or an empty file raise; naive instants can be refused."""
    with pytest.raises(LedgerError, match="missing column"):
        list(EventsReader(io.StringIO("dossier_code,event\nx,received\n")))
    with pytest.raises(LedgerError, match="empty file"):
        list(EventsReader(io.StringIO("")))
    one = row(A, "2020-03-02T09:00:00", "received", channel="online", time_limit="1 working_days",
              **XA)  # fmt: skip
    strict = EventsReader(io.StringIO(HEADER + one), calendar=CAL, naive_is_vietnam=False)
    assert list(strict) == []
    assert "naive" in strict.errors[0].reason
    aware = one.replace("2020-03-02T09:00:00", "2020-03-02T02:00:00+00:00")
    (r,) = list(EventsReader(io.StringIO(HEADER + aware), calendar=CAL))
    assert r.received_at.hour == 9


def test_short_rows_reject_their_dossier() -> None:
    """A row with the wrong number of fields is reported and takes its dossier with it."""
    good = row(A, "2020-03-02T09:00:00", "received", channel="online",
               time_limit="1 working_days", **XA)  # fmt: skip
    reader = EventsReader(io.StringIO(HEADER + good + f"{A},2020-03-03T09:00,resolved\n"))
    assert list(reader) == []
    assert [(e.line, e.column) for e in reader.errors] == [(2, ""), (3, "(row)")]


def test_read_events_gzip_and_strict(tmp_path: pathlib.Path) -> None:
    """read_events reads .csv.gz; strict mode raises with every row error."""
    path = tmp_path / "e.csv.gz"
    path.write_bytes(gzip.compress(HAND.encode("utf-8")))
    records, errors = read_events(path, calendar=CAL)
    assert (len(records), len(errors)) == (8, 6)
    with pytest.raises(LedgerError) as info:
        read_events(path, calendar=CAL, strict=True)
    assert info.value.errors == tuple(errors)
    assert "2 of 11 dossiers" in str(info.value)


# -- the same dossiers as a flat ledger and as events ------------------------------------------

FLAT_HEADER = (
    "dossier_code,procedure_code,agency_code,level,field,channel,assisted,received_at,"
    "time_limit,due_at,finished_at,finish_kind,supplement_requested_at,supplement_supplied_at\n"
)
_FINISH_EVENT = {
    "approved": "resolved",
    "rejected": "resolved",
    "returned": "result_returned",
    "withdrawn": "withdrawn",
    "stopped": "stopped",
}


def _both_formats(n: int, seed: int) -> tuple[str, str]:
    """*n* random dossiers written as a flat ledger and as an events file (rows shuffled)."""
    rnd = random.Random(seed)  # noqa: S311 (test data, not cryptography)
    flat = [FLAT_HEADER]
    events: list[str] = []
    base = dt.datetime(2019, 12, 1, 7, 0)
    levels = [
        ("xã", "H56.14", "Hộ tịch"),
        ("huyện", "000.00.06.H56", "Đất đai"),
        ("tỉnh", "H56", "Y tế"),
    ]
    limits = ["1 working_days", "3 working_days", "10 working_days", "15 calendar_days"]
    for i in range(n):
        level, agency, field = rnd.choice(levels)
        received = base + dt.timedelta(days=rnd.randrange(0, 200), minutes=rnd.randrange(0, 600))
        code = f"{agency}-{received:%y%m%d}-{i:04d}"
        channel = rnd.choice(["in_person", "online", "postal"])
        assisted = rnd.choice(["0", "1"])
        limit = rnd.choice(limits)
        t = received
        pairs: list[tuple[dt.datetime, dt.datetime | None]] = []
        for _ in range(rnd.choice([0, 0, 0, 1, 1, 2])):
            req = t + dt.timedelta(hours=rnd.randrange(1, 100))
            sup = req + dt.timedelta(hours=rnd.randrange(1, 200))
            pairs.append((req, sup))
            t = sup
        finish = rnd.choice(["approved", "approved", "rejected", "returned", "withdrawn",
                             "stopped", "", ""])  # fmt: skip
        if pairs and not finish and rnd.random() < 0.3:
            pairs[-1] = (pairs[-1][0], None)  # still awaiting the supplement
        if pairs and pairs[-1][1] is None and finish not in ("", "withdrawn", "stopped"):
            finish = "stopped"  # only a stop or a withdrawal may end a pending request
        finished = t + dt.timedelta(hours=rnd.randrange(1, 400)) if finish else None

        def iso(x: dt.datetime | None) -> str:
            return "" if x is None else x.isoformat()

        flat.append(
            ",".join([
                code, "1.001193", agency, level, field, channel, assisted, iso(received), limit,
                "", iso(finished), finish, ";".join(iso(r) for r, _ in pairs),
                ";".join(iso(s) for _, s in pairs if s is not None),
            ]) + "\n"
        )  # fmt: skip
        events.append(
            row(code, iso(received), "received", procedure_code="1.001193", agency_code=agency,
                level=level, field=field, channel=channel, assisted=assisted, time_limit=limit)
        )  # fmt: skip
        for r, s in pairs:
            events.append(row(code, iso(r), "supplement_requested"))
            if s is not None:
                events.append(row(code, iso(s), "supplement_supplied"))
        if finished is not None:
            kw = (
                {"outcome": "rejected", "reason": "không đủ điều kiện"}
                if finish == "rejected"
                else {}
            )
            events.append(row(code, iso(finished), _FINISH_EVENT[finish], **kw))
    rnd.shuffle(events)
    return "".join(flat), HEADER + "".join(events)


@pytest.mark.parametrize("period", ["2020-01", "2020-Q1", "R2020-H1", "2020-03-15..2020-04-20"])
@pytest.mark.parametrize("by", ["level", "month", "field"])
def test_flat_ledger_and_events_give_the_same_report(period: str, by: str) -> None:
    """The same dossiers, as a flat ledger and as a shuffled events file, give equal reports."""
    flat, events = _both_formats(400, seed=20200614)
    flat_reader = LedgerReader(io.StringIO(flat), calendar=CAL)
    flat_records = list(flat_reader)
    events_reader = EventsReader(io.StringIO(events), calendar=CAL)
    event_records = list(events_reader)
    assert (flat_reader.errors, events_reader.errors) == ([], [])
    assert len(flat_records) == len(event_records) == 400
    assert sorted(flat_records) == sorted(event_records)
    p = Period.parse(period)
    flat_rep = report(flat_records, p, by=by, calendar=CAL)  # type: ignore[arg-type]
    event_rep = report(event_records, p, by=by, calendar=CAL)  # type: ignore[arg-type]
    assert flat_rep.to_json() == event_rep.to_json()
    assert flat_rep.total.counts.received_total > 0


# -- the command ---------------------------------------------------------------------------------


def test_cli_report_events(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`lapvo-cchc report --events FILE` counts the events file and lists rejected rows."""
    path = tmp_path / "events.csv"
    path.write_text(HAND, encoding="utf-8")
    args = ["report", "--events", str(path), "--period", "2020-03", "--format", "json"]
    assert main(args) == 0
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert doc["total"]["received_total"] == 8
    assert "line 26, column event" in captured.err
    assert "6 of 30 rows rejected: 2 of 11 dossiers rejected, 9 accepted" in captured.err
    assert "1 dossiers never received" in captured.err
    assert not captured.out.startswith("Số liệu mẫu")


def test_cli_ledger_and_events_is_a_usage_error(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A LEDGER and --events together are refused; so is --profile vi with --events."""
    path = tmp_path / "events.csv"
    path.write_text(HAND, encoding="utf-8")
    assert main(["report", "ledger.csv", "--events", str(path)]) == 2
    assert "not both" in capsys.readouterr().err
    assert main(["report", "--events", str(path), "--profile", "vi"]) == 2
    assert "--profile vi applies to a flat ledger" in capsys.readouterr().err
    assert main(["report", "--events", str(tmp_path / "missing.csv")]) == 2
    assert "cannot open" in capsys.readouterr().err
