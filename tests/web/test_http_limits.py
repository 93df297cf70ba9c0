"""A server that holds: streamed ledgers, the report cap, client disconnects, settings, limit text.

Served by a real uvicorn on 127.0.0.1 (the ``serve`` helper of test_http); the
disconnect and the slow client are raw sockets, as a browser or a proxy would be.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import json
import logging
import pathlib
import socket
import time
import tracemalloc
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from _serve import serve
from lapvo_cchc.adapters.ledger import LedgerReader
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.errors import OutOfRangeError
from lapvo_cchc.kpi import Period, report
from lapvo_cchc.web import Settings, create_app
from lapvo_cchc.web._problems import Problem
from lapvo_cchc.web._stream import MAX_LINE, LineFeed, stream_lines_to_thread

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator


SAMPLE = gzip.decompress(
    (
        pathlib.Path(__file__).resolve().parents[2] / "src/lapvo_cchc/data/sample_ledger.csv.gz"
    ).read_bytes()
)
LEDGER = (
    "dossier_code,procedure_code,agency_code,level,field,channel,assisted,received_at,"
    "time_limit,due_at,finished_at,finish_kind,supplement_requested_at,supplement_supplied_at\n"
    "D1,1.001193,xa-a,xã,Hộ tịch,online,0,2020-03-02T09:00:00,10 working_days,,"
    "2020-03-04T10:00:00,approved,,\n"
    "D2,1.001193,xa-a,xã,Hộ tịch,in_person,0,2020-03-02T09:00:00,10 ngày làm việc,,"
    "2020-03-05T10:00:00,approved,,\n"
)


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """Check an RFC 9457 answer and return its body."""
    assert status == response.status_code, response.text
    assert "application/problem+json" == response.headers["content-type"]
    body: dict[str, Any] = response.json()
    assert status == body["status"]
    assert "Traceback" not in response.text
    return body


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve(create_app(max_ledger_body=8 << 20, max_reports=1)) as url:
        yield url


# -- lines of a streamed body ------------------------------------------------------------------


def _feed(chunks: list[bytes]) -> list[str]:
    pending = iter([*chunks, None])
    return list(LineFeed(lambda: next(pending)))


def test_line_feed_splits_as_a_newline_empty_file() -> None:
    """\\r\\n split across chunks is one line end; a BOM and a character split too."""
    body = "\ufeffa,ă\r\nb\rc\n\nd".encode()
    expected = ["a,ă\r\n", "b\r", "c\n", "\n", "d"]
    for size in range(1, len(body) + 1):
        chunks = [body[i : i + size] for i in range(0, len(body), size)]
        assert expected == _feed(chunks), size


def test_line_feed_names_the_byte_offset_of_bad_utf8() -> None:
    """b'abc\\n' is 4 bytes, 'ă' 2 more: the bad byte is at offset 6, whatever the chunks."""
    body = "abc\nă".encode() + b"\xff\n"
    for size in (1, 2, 3, 7, 100):
        chunks = [body[i : i + size] for i in range(0, len(body), size)]
        with pytest.raises(Problem, match=r"byte offset 6\b"):
            _feed(chunks)


def test_line_feed_refuses_an_endless_line() -> None:
    with pytest.raises(Problem, match=r"line 2 is longer than"):
        _feed([b"ok\n", b"x" * (MAX_LINE // 2), b"x" * (MAX_LINE // 2 + 1)])


def test_stream_memory_does_not_grow_with_the_body() -> None:
    """64 MiB through the stream: the traced peak stays under 2 MiB (it held 7x the body)."""
    line = b"x" * 1023 + b"\n"
    total = 64 << 10  # lines of 1 KiB: 64 MiB

    async def chunks() -> AsyncIterator[bytes]:
        block = line * 64
        for _ in range(total // 64):
            yield block

    def count(lines: Iterator[str]) -> int:
        return sum(1 for _ in lines)

    tracemalloc.start()
    try:
        assert total == asyncio.run(stream_lines_to_thread(chunks(), count))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 << 20, peak


# -- the report endpoint, streamed -------------------------------------------------------------


def test_streamed_sample_equals_the_library(base_url: str) -> None:
    """The 4.4 MB sample sent in odd 7,919-byte chunks: the report of the in-process reader."""
    cal = vietnam()
    text = SAMPLE.decode("utf-8")
    expected = report(
        LedgerReader(text.splitlines(keepends=True), calendar=cal),
        Period.parse("2020-H1"),
        by="level",
        calendar=cal,
    )

    def chunks() -> Iterator[bytes]:
        body = text.replace("\n", "\r\n").encode()
        for i in range(0, len(body), 7919):
            yield body[i : i + 7919]

    response = httpx.post(
        f"{base_url}/kpi/report",
        params={"period": "2020-H1", "by": "level"},
        content=chunks(),
        headers={"content-type": "text/csv"},
        timeout=120,
    )
    assert 200 == response.status_code, response.text
    assert json.loads(expected.to_json()) == response.json()["report"]
    assert 30776 == response.json()["ledger"]["rows_read"]


def test_chunked_ledger_over_the_limit_is_413() -> None:
    """Without a Content-Length the limit is counted as the body streams in."""
    with serve(create_app(max_ledger_body=1000)) as url:

        def chunks() -> Iterator[bytes]:
            assert 350 < len(LEDGER.encode()) < 1000
            for _ in range(3):
                yield LEDGER.encode()

        response = httpx.post(
            f"{url}/kpi/report",
            params={"period": "2020-03"},
            content=chunks(),
            headers={"content-type": "text/csv"},
        )
        assert 1000 == problem(response, 413)["limit"]
        ok = httpx.post(
            f"{url}/kpi/report",
            params={"period": "2020-03"},
            content=LEDGER.encode(),
            headers={"content-type": "text/csv"},
        )
        assert 200 == ok.status_code


def _open_slow_report(url: str, length: int) -> socket.socket:
    """Start a POST /kpi/report whose body is still on its way (the header row only)."""
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=30)
    head = LEDGER.splitlines(keepends=True)[0].encode()
    sock.sendall(
        b"POST /kpi/report?period=2020-03 HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
        + f"Content-Length: {length}\r\n\r\n".encode()
        + head
    )
    return sock


def test_reports_past_the_cap_are_429_with_retry_after(base_url: str) -> None:
    """max_reports=1: while one report streams, another is refused at once; then served."""
    body = LEDGER.encode()
    slow = _open_slow_report(base_url, len(body))
    try:
        refused = None
        deadline = time.monotonic() + 20
        while refused is None and time.monotonic() < deadline:  # until the slow one is in
            r = httpx.get(f"{base_url}/kpi/report/sample", params={"period": "2020-13"})
            if r.status_code == 429:
                refused = r
            else:
                assert 422 == r.status_code  # a bad period, refused before the gate
                time.sleep(0.05)
                r = httpx.post(
                    f"{base_url}/kpi/report",
                    params={"period": "2020-03"},
                    content=body,
                    headers={"content-type": "text/csv"},
                )
                refused = r if r.status_code == 429 else None
        assert refused is not None, "the second report was never refused"
        assert "10" == refused.headers["retry-after"]
        assert 10 == problem(refused, 429)["retry_after"]
        slow.sendall(body[len(LEDGER.splitlines(keepends=True)[0].encode()) :])
        answer = slow.recv(65536).split(b"\r\n", 1)[0]
        assert b"HTTP/1.1 200 OK" == answer
    finally:
        slow.close()
    # The slot is free again.
    again = httpx.post(
        f"{base_url}/kpi/report",
        params={"period": "2020-03"},
        content=body,
        headers={"content-type": "text/csv"},
    )
    assert 200 == again.status_code


@pytest.mark.parametrize(
    ("path", "ctype"),
    [("/kpi/report?period=2020-03", "text/csv"), ("/deadline", "application/json")],
)
def test_client_gone_mid_body_is_an_info_line_without_traceback(
    caplog: pytest.LogCaptureFixture, path: str, ctype: str
) -> None:
    """A client closing its socket mid-body: INFO 'client disconnected', no ERROR, no trace."""
    with serve(create_app()) as url, caplog.at_level(logging.DEBUG, "lapvo_cchc.web"):
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=30) as sock:
            sock.sendall(
                f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {ctype}\r\n"
                "Content-Length: 100000\r\n\r\n".encode()
                + b"dossier_code,procedure_code"
            )
        deadline = time.monotonic() + 20
        while not caplog.records and time.monotonic() < deadline:
            time.sleep(0.02)
        assert 200 == httpx.get(f"{url}/calendar/working-day?date=2026-03-02").status_code
    ours = [r for r in caplog.records if r.name == "lapvo_cchc.web"]
    assert [logging.INFO] == [r.levelno for r in ours], [r.getMessage() for r in ours]
    assert "client disconnected" in ours[0].getMessage()
    assert ours[0].exc_info is None
    assert ours[0].exc_text is None


def test_a_body_that_stops_arriving_is_408_and_frees_the_slot() -> None:
    """body_timeout=1, max_reports=1: a report whose body stalls is ended; the next is served."""
    settings = Settings(body_timeout=1, max_reports=1)
    with serve(create_app(settings=settings)) as url:
        body = LEDGER.encode()
        with _open_slow_report(url, len(body)) as stalled:
            answer = b""
            while chunk := stalled.recv(65536):  # headers and body may come apart
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 408 "), answer[:80]
        assert b"request-timeout" in answer
        ok = httpx.post(
            f"{url}/kpi/report",
            params={"period": "2020-03"},
            content=body,
            headers={"content-type": "text/csv"},
        )
        assert 200 == ok.status_code


# -- settings ----------------------------------------------------------------------------------


def test_settings_from_env_and_overrides() -> None:
    env = {"LAPVO_HTTP_MAX_REPORTS": "3", "LAPVO_HTTP_MAX_LEDGER_BODY": "1000", "OTHER": "x"}
    settings = Settings.from_env(env)
    assert (3, 1000, 1 << 20, 10, 30) == (
        settings.max_reports,
        settings.max_ledger_body,
        settings.max_body,
        settings.retry_after,
        settings.body_timeout,
    )
    with pytest.raises(OutOfRangeError, match=r"LAPVO_HTTP_RETRY_AFTER: .* got '-1'"):
        Settings.from_env({"LAPVO_HTTP_RETRY_AFTER": "-1"})
    with pytest.raises(OutOfRangeError, match="max_reports"):
        create_app(max_reports=0)


def test_settings_from_the_environment_reach_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """``uvicorn lapvo_cchc.web:create_app --factory`` takes its limits from LAPVO_HTTP_*."""
    monkeypatch.setenv("LAPVO_HTTP_MAX_BODY", "50")
    app = create_app()

    async def post() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as client:
            return await client.post("/deadline", json={"received_at": "x" * 60})

    assert 413 == asyncio.run(post()).status_code


# -- one parser of limit text ------------------------------------------------------------------


@pytest.mark.parametrize(
    "time_limit",
    [
        "10 working_days",
        "10 working days",
        "10 ngày làm việc",
        {"unit": "working_days", "amount": 10},
        {"unit": "ngày làm việc", "amount": 10},
    ],
)
def test_deadline_takes_the_ledgers_words(base_url: str, time_limit: Any) -> None:
    """12 Feb 2026 09:30 + 10 working days: Feb 13, then Tết (14-22), Feb 23 … Mar 5 is day 10."""
    payload = {"received_at": "2026-02-12T09:30:00+07:00", "time_limit": time_limit}
    body = httpx.post(f"{base_url}/deadline", json=payload).json()
    assert "2026-03-05" == body["date"]
    assert {"unit": "ngày làm việc", "amount": 10, "cutoff": None} == (
        body["deadline"]["data"]["limit"]
    )


def test_deadline_limit_text_refused_by_name(base_url: str) -> None:
    payload = {"received_at": "2026-02-12T09:30:00+07:00", "time_limit": "10 days"}
    body = problem(httpx.post(f"{base_url}/deadline", json=payload), 422)
    assert ["$.time_limit"] == [e["field"] for e in body["errors"]]
    assert "'10 days'" in body["errors"][0]["detail"]


def test_deadline_past_due_is_lateness(base_url: str) -> None:
    """Due Thursday 5 March 2026; finished Monday 9 at 10:00: 2 working days, 4 days late."""
    payload = {
        "received_at": "2026-03-02T09:00:00+07:00",
        "time_limit": "3 working_days",
        "finished_at": "2026-03-09T10:00:00+07:00",
    }
    body = httpx.post(f"{base_url}/deadline", json=payload).json()
    assert ("LATE", {"seconds": 295200, "calendar_days": 4, "working_days": 2}) == (
        body["outcome"],
        body["past_due"],
    )
    assert dt.date(2026, 3, 5).isoformat() == body["date"]


# -- the document says what the server accepts -------------------------------------------------


def _request_validator(name: str) -> Any:
    import jsonschema

    app = create_app()

    async def get() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as client:
            return await client.get("/openapi.json")

    document = asyncio.run(get()).json()
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


DEADLINE_OK = {"received_at": "2026-03-02T09:00:00+07:00", "time_limit": "3 working_days"}


@pytest.mark.parametrize(
    ("change", "valid"),
    [
        ({}, True),
        ({"received_at": "1994-12-31T09:00:00+07:00"}, False),
        ({"received_at": "1995-01-01T09:00:00+07:00"}, True),
        ({"received_at": "2199-06-01T09:00:00+07:00"}, True),
        ({"received_at": "2200-01-01T09:00:00+07:00"}, False),
        ({"finished_at": "0001-01-01T00:00:00Z"}, False),
        ({"time_limit": {"unit": "ngày làm việc", "amount": 3, "cutoff": "15:00:00"}}, False),
        ({"time_limit": {"unit": "trong ngày", "amount": 0, "cutoff": "15:00:00"}}, True),
        ({"time_limit": {"unit": "same_day", "amount": 1}}, False),
        ({"time_limit": {"unit": "working_days", "amount": 10}}, True),
        ({"time_limit": {"unit": "working_days", "amount": -1}}, False),
        ({"time_limit": {"unit": "working_days", "amount": 100_001}}, False),
        ({"time_limit": "10 ngày làm việc"}, True),
        ({"time_limit": "10 days"}, False),
    ],
)
def test_document_refuses_what_the_server_refuses(change: dict[str, Any], valid: bool) -> None:
    """Each case is answered by the server as the document says (200 or 422)."""
    payload = {**DEADLINE_OK, **change}
    assert valid == _request_validator("DeadlineRequest").is_valid(payload)
    app = create_app()

    async def post() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as client:
            return await client.post("/deadline", json=payload)

    assert (200 if valid else 422) == asyncio.run(post()).status_code


def test_document_refuses_empty_codes() -> None:
    validator = _request_validator("Dossier")
    dossier = {
        "code": "",
        "procedure_code": "1.001193",
        "time_limit": {"unit": "ngày làm việc", "amount": 3},
        "agency": "H56.14",
        "channel": "trực tiếp",
        "events": [],
    }
    assert not validator.is_valid(dossier)
    assert validator.is_valid({**dossier, "code": "H56.14-260302-0001"})
    assert not validator.is_valid({**dossier, "agency": " H56.14"})
