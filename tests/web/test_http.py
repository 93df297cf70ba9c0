"""The HTTP adapter, served by a real uvicorn on 127.0.0.1 and called with httpx."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from starlette.applications import Starlette
from starlette.routing import Mount

from _serve import serve
from lapvo_cchc import VIETNAM_TZ
from lapvo_cchc.adapters.json import dumps
from lapvo_cchc.adapters.ledger import LedgerReader
from lapvo_cchc.calendars import DayOff, VietnamProvider, WorkCalendar, vietnam
from lapvo_cchc.deadlines import TimeLimit
from lapvo_cchc.dossiers import Channel, Dossier
from lapvo_cchc.errors import MissingExtraError
from lapvo_cchc.kpi import Period, report
from lapvo_cchc.web import DEFAULT_MAX_BODY, create_app

if TYPE_CHECKING:
    from collections.abc import Iterator


PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve(create_app(max_body=4096, max_ledger_body=8192)) as url:
        yield url


@pytest.fixture
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30) as c:
        yield c


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """Check an RFC 9457 answer and return its body."""
    assert status == response.status_code, response.text
    assert PROBLEM == response.headers["content-type"]
    body: dict[str, Any] = response.json()
    assert status == body["status"]
    assert {"type", "title", "status", "detail"} <= set(body)
    assert "Traceback" not in response.text
    return body


def fields(body: dict[str, Any]) -> list[str]:
    return [e["field"] for e in body["errors"]]


def vn(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=VIETNAM_TZ)


# -- calendar ----------------------------------------------------------------------------------


def test_days_off_2026(client: httpx.Client) -> None:
    """2026: Tết 16-20 February off, make-up Saturdays 10 January and 22 August (official)."""
    body = client.get("/calendar/2026/days-off").json()
    days = {d["date"]: d for d in body["days_off"]}
    assert ["2026-01-10", "2026-08-22"] == body["makeup_workdays"]
    assert {f"2026-02-{d}" for d in range(16, 21)} <= set(days)
    assert "ngày lễ, Tết" == days["2026-02-17"]["kind"]
    assert body["provisional"] is False
    assert 2026 == body["year"]


def test_days_off_provisional_year_says_so(client: httpx.Client) -> None:
    """A year without an official schedule is answered, flagged provisional (no warning leaks)."""
    body = client.get("/calendar/2031/days-off").json()
    assert body["provisional"] is True
    assert "2031-01-01" == body["days_off"][0]["date"]


@pytest.mark.parametrize("year", ["1994", "2200", "abc", "-1", "２０２６"])
def test_days_off_bad_year_names_the_path_field(client: httpx.Client, year: str) -> None:
    """Years outside 1995-2199 or not a number: 422 naming the path parameter."""
    body = problem(client.get(f"/calendar/{year}/days-off"), 422)
    assert [{"in": "path", "field": "year"}] == [
        {k: e[k] for k in ("in", "field")} for e in body["errors"]
    ]


@pytest.mark.parametrize(
    ("day", "working", "makeup"),
    [
        ("2026-02-16", False, False),  # Tết
        ("2026-01-10", True, True),  # Saturday worked for Friday 2 January
        ("2026-03-03", True, False),  # an ordinary Tuesday
        ("2026-03-07", False, False),  # an ordinary Saturday
    ],
)
def test_working_day(client: httpx.Client, day: str, working: bool, makeup: bool) -> None:
    """Known days of 2026 from the official schedule."""
    body = client.get("/calendar/working-day", params={"date": day}).json()
    assert (day, working, makeup) == (body["date"], body["is_working_day"], body["makeup_workday"])


def test_working_day_names_the_day_off(client: httpx.Client) -> None:
    """A holiday comes with its day-off entry in the lapvo-cchc/1 form."""
    body = client.get("/calendar/working-day", params={"date": "2026-09-02"}).json()
    assert "2026-09-02" == body["day_off"]["date"]
    assert body["day_off"]["basis"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "date"),
        ({"date": "2026-02-30"}, "date"),
        ({"date": "02/03/2026"}, "date"),
        ({"date": "1900-01-01"}, "date"),
    ],
)
def test_working_day_bad_query(client: httpx.Client, params: dict[str, str], field: str) -> None:
    """Missing, impossible, foreign-format or out-of-range dates: 422 naming the parameter."""
    body = problem(client.get("/calendar/working-day", params=params), 422)
    assert [field] == fields(body)
    assert "query" == body["errors"][0]["in"]


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        ("2026-02-13", 1, "2026-02-23"),  # Fri before Tết → first day after it (hand count)
        ("2026-02-23", -1, "2026-02-13"),
        ("2026-01-09", 1, "2026-01-10"),  # Friday → the make-up Saturday
        ("2026-03-07", 0, "2026-03-09"),  # Saturday, n = 0 → next working day
        ("2026-03-02", 5, "2026-03-09"),
    ],
)
def test_add_working_days(client: httpx.Client, day: str, n: int, expected: str) -> None:
    """Hand-counted working-day arithmetic."""
    params = {"date": day, "n": str(n)}
    body = client.get("/calendar/add-working-days", params=params).json()
    assert expected == body["result"]


def test_add_working_days_agrees_with_a_day_by_day_walk(client: httpx.Client) -> None:
    """A second method: walk day by day with the library's is_working_day."""
    cal = vietnam()
    start = dt.date(2024, 12, 20)
    for n in (1, 7, 23, 60):
        day, left = start, n
        while left:
            day += dt.timedelta(days=1)
            left -= cal.is_working_day(day)
        params = {"date": start.isoformat(), "n": str(n)}
        assert (
            day.isoformat()
            == client.get("/calendar/add-working-days", params=params).json()["result"]
        )


def test_add_working_days_out_of_range_is_422(client: httpx.Client) -> None:
    """A result past 2199 is the caller's problem (422 on n), not a server error."""
    params = {"date": "2199-12-30", "n": "10"}
    body = problem(client.get("/calendar/add-working-days", params=params), 422)
    assert ["n"] == fields(body)
    params = {"date": "2026-01-01", "n": "1.5"}
    assert ["n"] == fields(problem(client.get("/calendar/add-working-days", params=params), 422))


# -- deadlines ---------------------------------------------------------------------------------

RECEIVED = "2024-04-25T10:00:00+07:00"  # Thursday; 27 April - 1 May 2024 off
THREE_DAYS = {"unit": "ngày làm việc", "amount": 3}


def test_deadline_working_days(client: httpx.Client) -> None:
    """26 April is day 1, 2 May day 2, 3 May day 3; late after 24:00 that day."""
    body = client.post("/deadline", json={"received_at": RECEIVED, "time_limit": THREE_DAYS}).json()
    assert ("2024-05-03", "2024-05-04T00:00:00+07:00") == (body["date"], body["at"])
    assert "ND61/2018" == body["regime"]
    assert "deadline" == body["deadline"]["kind"]


def test_deadline_with_a_pause(client: httpx.Client) -> None:
    """One day used before the supplement request; two remain after 6 May: 8 May."""
    pause = ["2024-04-26T09:00:00+07:00", "2024-05-06T08:00:00+07:00"]
    payload = {"received_at": RECEIVED, "time_limit": THREE_DAYS, "pauses": [pause]}
    body = client.post("/deadline", json=payload).json()
    assert "2024-05-08" == body["date"]
    assert [pause] == body["deadline"]["data"]["pauses"]


def test_deadline_working_hours(client: httpx.Client) -> None:
    """8 hours from Mon 08:00: 3.5 h morning, 3.5 h afternoon, 1 h Tuesday → Tue 08:00."""
    payload = {
        "received_at": "2026-03-02T08:00:00+07:00",
        "time_limit": {"unit": "giờ làm việc", "amount": 8},
    }
    body = client.post("/deadline", json=payload).json()
    assert "2026-03-03T08:00:00+07:00" == body["at"]


def test_deadline_regime_can_be_named(client: httpx.Client) -> None:
    """The regime in force is chosen by date unless the request names one."""
    payload = {"received_at": "2026-03-02T08:00:00+07:00", "time_limit": THREE_DAYS}
    assert "ND118/2025" == client.post("/deadline", json=payload).json()["regime"]
    payload["regime"] = "ND61/2018"
    assert "ND61/2018" == client.post("/deadline", json=payload).json()["regime"]


def test_deadline_names_every_bad_field(client: httpx.Client) -> None:
    """All problems of a body are reported at once, each with its JSON Pointer."""
    payload = {
        "received_at": "2024-04-25T10:00:00",
        "time_limit": {"unit": "tuần", "amount": "3"},
        "pauses": [["2024-04-26T09:00:00+07:00"]],
        "regime": "ND0",
    }
    body = problem(client.post("/deadline", json=payload), 422)
    expected = ["$.received_at", "$.time_limit.unit", "$.time_limit.amount", "$.pauses[0]"]
    assert [*expected, "$.regime"] == fields(body)
    assert "#/time_limit/amount" == body["errors"][2]["pointer"]
    assert "naive" in body["errors"][0]["detail"]


def test_deadline_missing_and_unexpected_fields(client: httpx.Client) -> None:
    """Required fields missing and unknown fields are named."""
    body = problem(client.post("/deadline", json={"time_limit": THREE_DAYS, "x": 1}), 422)
    assert ["$.received_at", "$.x"] == fields(body)
    body = problem(client.post("/deadline", json=[1, 2]), 422)
    assert ["$"] == fields(body)


def test_deadline_bad_pause_is_422_on_pauses(client: httpx.Client) -> None:
    """A pause that ends before it begins is the caller's error, named."""
    pause = ["2024-05-06T08:00:00+07:00", "2024-04-26T09:00:00+07:00"]
    payload = {"received_at": RECEIVED, "time_limit": THREE_DAYS, "pauses": [pause]}
    assert ["$.pauses"] == fields(problem(client.post("/deadline", json=payload), 422))


def test_deadline_out_of_range_is_422(client: httpx.Client) -> None:
    """Huge limits and instants outside 1995-2199 are refused, not overflowed (found by fuzzing)."""
    huge = {"unit": "ngày", "amount": 10**12}
    payload = {"received_at": RECEIVED, "time_limit": huge}
    assert ["$.time_limit.amount"] == fields(problem(client.post("/deadline", json=payload), 422))
    payload = {"received_at": "0001-01-01T00:00:00+07:00", "time_limit": THREE_DAYS}
    assert ["$.received_at"] == fields(problem(client.post("/deadline", json=payload), 422))


def test_not_json_is_400_and_wrong_type_is_415(client: httpx.Client) -> None:
    """A body that is not JSON, or not declared as JSON."""
    headers = {"content-type": "application/json"}
    problem(client.post("/deadline", content=b"{not json", headers=headers), 400)
    problem(client.post("/deadline", content=b"\xff\xfe", headers=headers), 400)
    body = problem(
        client.post("/deadline", content=b"{}", headers={"content-type": "text/plain"}), 415
    )
    assert ["content-type"] == fields(body)


def test_json_nested_past_the_parser_depth_is_400(client: httpx.Client) -> None:
    """A body nested deeper than the JSON parser goes is refused as not JSON, never a 500."""
    deep = b"[" * 2_000 + b"]" * 2_000  # within the test app's 4 KiB limit
    body = problem(
        client.post("/deadline", content=deep, headers={"content-type": "application/json"}), 400
    )
    assert ["$"] == fields(body)


# -- size limits -------------------------------------------------------------------------------


def test_json_body_over_the_limit_is_413(client: httpx.Client) -> None:
    """The fixture's app accepts 4096-byte JSON bodies: 4097 bytes are refused."""
    big = json.dumps({"received_at": "x" * 4100})
    body = problem(
        client.post("/deadline", content=big, headers={"content-type": "application/json"}), 413
    )
    assert 4096 == body["limit"]


def test_chunked_body_over_the_limit_is_413(client: httpx.Client) -> None:
    """Without a Content-Length the stream is counted as it arrives."""

    def chunks() -> Iterator[bytes]:
        yield b'{"received_at": "'
        for _ in range(10):
            yield b"x" * 1000
        yield b'"}'

    response = client.post(
        "/deadline", content=chunks(), headers={"content-type": "application/json"}
    )
    problem(response, 413)


def test_ledger_limit_is_separate(client: httpx.Client) -> None:
    """Ledgers have their own, larger limit (8192 bytes here): 6000 bytes pass, 9000 do not."""
    header = "dossier_code,procedure_code,agency_code,channel,received_at,due_at\n"
    row = "D{},p,a,online,2020-03-02T09:00:00,2020-03-05\n"
    rows = "".join(row.format(i) for i in range(200))
    small = (header + rows)[:6000].rsplit("\n", 1)[0] + "\n"
    params = {"period": "2020-03"}
    headers = {"content-type": "text/csv"}
    assert (
        200 == client.post("/kpi/report", params=params, content=small, headers=headers).status_code
    )
    large = header + "".join(row.format(i) for i in range(300))
    assert len(large) > 8192
    problem(client.post("/kpi/report", params=params, content=large, headers=headers), 413)


def test_default_limit_is_one_mebibyte() -> None:
    """The documented default."""
    assert 1024 * 1024 == DEFAULT_MAX_BODY


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_limits_must_be_positive_ints(bad: object) -> None:
    """create_app refuses a limit that is not a positive int."""
    with pytest.raises(ValueError, match="max_body"):
        create_app(max_body=bad)  # type: ignore[arg-type]


# -- dossiers ----------------------------------------------------------------------------------


def _dossier() -> Dossier:
    return Dossier.received(
        "000.00.06.H56-260302-0001",
        procedure_code="1.001193",
        time_limit=TimeLimit.working_days(3),
        agency="000.00.06.H56",
        channel=Channel.IN_PERSON,
        at=vn("2026-03-02T09:00"),
    )


def test_classify_resolved_on_time(client: httpx.Client) -> None:
    """Received Mon 2 March, 3 working days → due Thu 5 March; resolved that afternoon."""
    done = _dossier().resolve(vn("2026-03-05T16:00"))
    payload = {"dossier": json.loads(dumps(done))}
    body = client.post("/dossiers/classify", json=payload).json()
    assert ("RESOLVED", "ON_TIME", "đúng hạn") == (
        body["state"],
        body["outcome"],
        body["outcome_label"],
    )
    assert ("2026-03-05", "2026-03-05") == (body["deadline"]["date"], body["appointment"])


def test_classify_open_dossier_needs_as_of(client: httpx.Client) -> None:
    """Open, no cut-off: 422 on as_of (the server never reads its clock); with one: an outcome."""
    payload: dict[str, Any] = {"dossier": json.loads(dumps(_dossier()))}
    assert ["$.as_of"] == fields(problem(client.post("/dossiers/classify", json=payload), 422))
    payload["as_of"] = "2026-03-06T08:00:00+07:00"
    assert "OVERDUE" == client.post("/dossiers/classify", json=payload).json()["outcome"]
    payload["as_of"] = "2026-03-05T23:00:00+07:00"
    assert "IN_PROGRESS" == client.post("/dossiers/classify", json=payload).json()["outcome"]


def test_classify_bad_dossier_names_the_paths(client: httpx.Client) -> None:
    """The json adapter's paths come back under $.dossier."""
    envelope = json.loads(dumps(_dossier()))
    envelope["data"]["events"][0]["at"] = "2026-03-02T09:00:00"
    envelope["data"]["channel"] = "fax"
    body = problem(client.post("/dossiers/classify", json={"dossier": envelope}), 422)
    assert {"$.dossier.data.events[0].at", "$.dossier.data.channel"} == set(fields(body))
    envelope = {"format": "lapvo-cchc/0", "kind": "dossier", "data": {}}
    body = problem(client.post("/dossiers/classify", json={"dossier": envelope}), 422)
    assert "$.dossier.format" in fields(body)


# -- KPI report --------------------------------------------------------------------------------

LEDGER = (
    "dossier_code,procedure_code,agency_code,level,field,channel,assisted,received_at,"
    "time_limit,due_at,finished_at,finish_kind,supplement_requested_at,supplement_supplied_at\n"
    "D1,1.001193,xa-a,xã,Hộ tịch,online,0,2020-03-02T09:00:00,,2020-03-05,"
    "2020-03-04T10:00:00,approved,,\n"
    "D2,1.001193,xa-a,xã,Hộ tịch,in_person,0,2020-03-02T09:00:00,,2020-03-05,"
    "2020-03-05T10:00:00,approved,,\n"
    "D3,1.001193,huyen,huyện,Đất đai,in_person,0,2020-03-02T09:00:00,,2020-03-05,"
    "2020-03-06T10:00:00,approved,,\n"
    "D4,1.001193,huyen,huyện,Đất đai,fax,0,2020-03-02T09:00:00,,2020-03-05,,,,\n"
    "D5,1.001193,huyen,huyện,Đất đai,postal,0,2020-03-03T09:00:00,,2020-04-20,,,,\n"
)


def test_kpi_report_hand_counts(client: httpx.Client) -> None:
    """One early, one on time, one late, one open and not yet due on 31 March; one row rejected."""
    response = client.post(
        "/kpi/report",
        params={"period": "2020-03", "by": "level"},
        content=LEDGER.encode(),
        headers={"content-type": "text/csv; charset=utf-8"},
    )
    body = response.json()
    total = body["report"]["total"]
    assert (4, 1, 3) == (
        total["received_total"],
        total["received_online"],
        total["received_offline"],
    )
    assert (1, 1, 1) == (total["resolved_early"], total["resolved_on_time"], total["resolved_late"])
    assert (1, 0) == (total["in_progress_within"], total["in_progress_overdue"])
    ledger = body["ledger"]
    assert (5, 4, 1) == (ledger["rows_read"], ledger["accepted"], ledger["rejected"])
    assert {"line": 5, "column": "channel"} == {
        k: ledger["errors"][0][k] for k in ("line", "column")
    }


def test_kpi_report_equals_the_library(client: httpx.Client) -> None:
    """A second method: the same ledger through LedgerReader and report() in-process."""
    cal = vietnam()
    records = LedgerReader(LEDGER.splitlines(keepends=True), calendar=cal)
    expected = report(records, Period.month(2020, 3), by="level", calendar=cal)
    response = client.post(
        "/kpi/report",
        params={"period": "2020-03", "by": "level"},
        content=("\ufeff" + LEDGER).encode(),
        headers={"content-type": "text/csv"},
    )
    assert json.loads(expected.to_json()) == response.json()["report"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "period"),
        ({"period": "H1/2020"}, "period"),
        ({"period": "2020-03", "by": "colour"}, "by"),
        ({"period": "2020-03", "profile": "xx"}, "profile"),
    ],
)
def test_kpi_report_bad_query(client: httpx.Client, params: dict[str, str], field: str) -> None:
    """Bad period, dimension or profile: 422 naming the parameter."""
    headers = {"content-type": "text/csv"}
    response = client.post("/kpi/report", params=params, content=LEDGER, headers=headers)
    assert [field] == fields(problem(response, 422))


@pytest.mark.parametrize("content", [b"", b"a,b\n1,2\n", b"\xff\xfe\x00x", b"x\x00y\n"])
def test_kpi_report_bad_ledger(client: httpx.Client, content: bytes) -> None:
    """Empty, missing columns, not UTF-8 or NUL bytes: 422 on the body."""
    headers = {"content-type": "text/csv"}
    response = client.post(
        "/kpi/report", params={"period": "2020"}, content=content, headers=headers
    )
    assert ["$"] == fields(problem(response, 422))


# -- HTTP errors, OpenAPI, mounting ------------------------------------------------------------


def test_unknown_path_and_method(client: httpx.Client) -> None:
    """404 and 405 are problem details too; 405 keeps its Allow header."""
    problem(client.get("/nowhere"), 404)
    response = client.get("/deadline")
    problem(response, 405)
    assert "POST" == response.headers["allow"]


class _FailingProvider:
    """A schedule source that fails after start-up (a database gone away) for 2030."""

    def __init__(self) -> None:
        self.base = VietnamProvider()
        self.calls = 0

    def days_off(self, year: int) -> tuple[DayOff, ...]:
        if year == 2030:
            self.calls += 1
            if self.calls > 1:
                raise RuntimeError("secret-connection-string")
        return self.base.days_off(year)

    def makeup_workdays(self, year: int) -> tuple[dt.date, ...]:
        return self.base.makeup_workdays(year)

    def is_provisional(self, year: int) -> bool:
        return self.base.is_provisional(year)


def test_internal_error_is_generic_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    """A failure inside is a 500 problem without its message or a trace; the log has both."""
    app = create_app(calendar=WorkCalendar.from_provider(_FailingProvider()))
    with serve(app) as url, caplog.at_level(logging.ERROR, "lapvo_cchc.web"):
        response = httpx.get(f"{url}/calendar/2030/days-off", timeout=30)
        body = problem(response, 500)
        assert "secret" not in response.text
        assert "internal" in body["title"].lower()
        assert 200 == httpx.get(f"{url}/calendar/2029/days-off", timeout=30).status_code
    assert any("secret-connection-string" in r.exc_text for r in caplog.records if r.exc_text)


def test_mounted_under_a_prefix() -> None:
    """Mounted by a portal under /cchc: routes and the OpenAPI server follow the prefix."""
    portal = Starlette(routes=[Mount("/cchc", app=create_app())])
    with serve(portal) as url:
        doc = httpx.get(f"{url}/cchc/openapi.json", timeout=30).json()
        assert [{"url": "/cchc"}] == doc["servers"]
        answer = httpx.get(f"{url}/cchc/calendar/working-day", params={"date": "2026-02-17"})
        assert answer.json()["is_working_day"] is False


def test_openapi_document(client: httpx.Client) -> None:
    """OpenAPI 3.1, every path served, and every value schema a valid JSON Schema."""
    import jsonschema

    doc = client.get("/openapi.json").json()
    assert "3.1.0" == doc["openapi"]
    assert {
        "/calendar/{year}/days-off",
        "/calendar/working-day",
        "/calendar/add-working-days",
        "/deadline",
        "/dossiers/classify",
        "/kpi/report",
        "/kpi/report/sample",
    } == set(doc["paths"])
    for schema in doc["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)
    # A response validates against its documented schema, refs resolved in the document.
    registry_doc = {
        **doc["components"]["schemas"]["DeadlineAnswer"],
        "components": doc["components"],
    }
    answer = client.post("/deadline", json={"received_at": RECEIVED, "time_limit": THREE_DAYS})
    jsonschema.validate(answer.json(), registry_doc)


def test_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Starlette the error names the extra to install."""
    monkeypatch.setitem(sys.modules, "starlette", None)
    with pytest.raises(MissingExtraError, match=r"lapvo-cchc\[http\]"):
        create_app()


# -- fuzzing against the OpenAPI document ------------------------------------------------------


@schemathesis.serializer("text/csv")
def _csv(ctx: Any, value: Any) -> bytes:
    """Ledger bodies as UTF-8 bytes; other generated values (negative cases) as their JSON."""
    if isinstance(value, bytes):
        return value
    text = value if isinstance(value, str) else json.dumps(value)
    return text.encode("utf-8", "surrogatepass")


@pytest.fixture(scope="module")
def api_schema(base_url: str) -> Any:
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    # Valid and invalid requests alike: neither may ever get a 5xx.
    modes = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
    schema.config.generation.update(modes=modes)
    # A body over the documented size limit is refused with 413, valid or not.
    checks = schema.config.checks
    for check in (checks.positive_data_acceptance, checks.negative_data_rejection):
        check.expected_statuses = [*check.expected_statuses, "413"]
    return schema


FUZZ_EXAMPLES = int(os.environ.get("LAPVO_HTTP_FUZZ_EXAMPLES", "25"))
# Operations whose valid-looking requests the server may still refuse (422) by a rule
# between values that JSON Schema cannot state; every other check runs on them.
CROSS_FIELD = {
    "GET /calendar/add-working-days": "date + n must stay inside 1995-2199",
    "POST /deadline": "pauses in order and after received_at; the due date inside 1995-2199",
    "POST /dossiers/classify": "a legal event sequence; each code's own format",
    "POST /kpi/report": "the CSV ledger's content; a range period in order, at most 3660 days",
    "GET /kpi/report/sample": "a range period in order, at most 3660 days",
}


def test_fuzz_against_openapi(api_schema: Any, base_url: str) -> None:
    """Every schemathesis check: no 5xx, answers conform, the document says what is accepted.

    Each operation of the served OpenAPI document is fuzzed with schemathesis'
    strategies driven by hypothesis directly (schemathesis' pytest plugin does not
    support pytest 9.2), in both generation modes, against the live server, with all
    of schemathesis' checks; ``positive_data_acceptance`` (a schema-valid request
    is accepted) is left out only where :data:`CROSS_FIELD` says why.
    """
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 6
    modes = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
    calls: list[int] = []
    for operation in operations:
        for mode in modes:

            @settings(
                max_examples=FUZZ_EXAMPLES,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                database=None,
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case: Any) -> None:
                excluded = [positive_data_acceptance] if case.operation.label in CROSS_FIELD else []
                case.call_and_validate(base_url=base_url, excluded_checks=excluded)
                calls.append(1)

            check()
    # Every operation in both modes really sent requests to the server.
    assert len(calls) >= len(operations) * len(modes)
    assert set(CROSS_FIELD) <= {operation.label for operation in operations}
