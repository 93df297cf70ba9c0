"""The portal's pages in a real headless browser: Debian's chromium driven by Playwright.

The app runs on a live uvicorn on 127.0.0.1; the browser fills the calculator,
posts ledgers, reads the answers from the page and saves PNG screenshots under
``$LAPVO_ARTIFACTS`` (default: a pytest temporary directory), printing their paths.

Browser: ``/usr/bin/chromium`` (``sh .ci/chromium-install.sh`` installs Debian's
package); Playwright's own browser download is never used. Without it the tests
FAIL saying what to install, unless ``LAPVO_SKIP_BROWSER=1`` skips them explicitly.
Every request the pages make is checked to stay on the app's host: no CDN.
"""

from __future__ import annotations

import gzip
import os
import pathlib
import re
import sys
from importlib import resources
from typing import TYPE_CHECKING, Any, NoReturn

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from _serve import serve
from lapvo_cchc.adapters.ledger import LedgerReader
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.kpi import Period, report
from lapvo_cchc.web import create_app

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = (
    "install Debian's chromium (sh .ci/chromium-install.sh) and the test dependency group "
    "(playwright); set LAPVO_SKIP_BROWSER=1 to skip the browser tests explicitly"
)
TIMEOUT_MS = 30_000


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("LAPVO_SKIP_BROWSER") == "1":
        pytest.skip(f"browser tests skipped by LAPVO_SKIP_BROWSER=1 ({reason})")
    pytest.fail(f"no browser for the pages' tests: {reason}; {INSTALL_HINT}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if os.environ.get("LAPVO_SKIP_BROWSER") == "1":
        _unavailable("requested")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"{CHROMIUM} not found")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def portal() -> Iterator[str]:
    """The app as a portal mounts it, under /cchc: every page link must follow the prefix."""
    with serve(Starlette(routes=[Mount("/cchc", app=create_app())])) as url:
        yield url


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    configured = os.environ.get("LAPVO_ARTIFACTS")
    folder = (
        pathlib.Path(configured) if configured else tmp_path_factory.mktemp("pages-screenshots")
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Visit:
    """A page in a fresh browser context that records requests leaving the app and JS errors."""

    def __init__(self, browser: Browser, base: str, **context: Any) -> None:
        self.base = base
        self.context = browser.new_context(**context)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.context.route(re.compile(r".*"), self._route)
        self.page: Page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on(
            "console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None
        )

    def _route(self, route: Any) -> None:
        if route.request.url.startswith(self.base):
            route.continue_()
        else:  # a CDN, a validator, fonts...: refused and remembered
            self.foreign.append(route.request.url)
            route.abort()

    def check_and_close(self, *expected: str) -> None:
        """Close; no request left the app's host; the logged errors are the *expected* ones."""
        self.context.close()
        assert [] == self.foreign, "the page asked another host"
        assert len(expected) == len(self.errors), f"the page logged errors: {self.errors}"
        for text, error in zip(expected, self.errors, strict=True):
            assert text in error


def shot(page: Page, folder: pathlib.Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Save a full-page PNG and print its path on the terminal (past pytest's capture)."""
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    with capsys.disabled():
        print(f"\nscreenshot: {path}")  # noqa: T201


# -- the endpoints the pages use, without a browser -------------------------------------------

RECEIVED = "2026-02-12T09:30:00+07:00"  # Thursday before Tết Bính Ngọ


def deadline(portal: str, **extra: str) -> httpx.Response:
    body = {"received_at": RECEIVED, "time_limit": {"unit": "ngày làm việc", "amount": 10}}
    return httpx.post(f"{portal}/cchc/deadline", json={**body, **extra}, timeout=30)


@pytest.mark.parametrize(
    ("extra", "outcome", "checked", "past_due"),
    [
        # Due Thu 5 March 2026 (the ten working days: 13 Feb, 23-27 Feb, 2-5 March), i.e.
        # before 00:00 on 6 March. Working days past it count those stepped on from 5 March.
        ({}, None, None, None),
        (  # Tue 3 March 10:00: early; 4 and 5 March were still to come
            {"finished_at": "2026-03-03T10:00:00+07:00"},
            "EARLY",
            "2026-03-03T10:00:00+07:00",
            {"seconds": -(2 * 86400 + 14 * 3600), "calendar_days": -2, "working_days": -2},
        ),
        (  # on the due date, 16:00: on time, 8 hours before midnight
            {"finished_at": "2026-03-05T16:00:00+07:00"},
            "ON_TIME",
            "2026-03-05T16:00:00+07:00",
            {"seconds": -8 * 3600, "calendar_days": 0, "working_days": 0},
        ),
        (  # Mon 9 March 08:00: late by Fri 6 and Mon 9 (the weekend is not counted)
            {"finished_at": "2026-03-09T08:00:00+07:00"},
            "LATE",
            "2026-03-09T08:00:00+07:00",
            {"seconds": 3 * 86400 + 8 * 3600, "calendar_days": 4, "working_days": 2},
        ),
        (  # open on Mon 2 March: in progress, 2, 3 and 4 March before the due date
            {"as_of": "2026-03-02T08:00:00+07:00"},
            "IN_PROGRESS",
            "2026-03-02T08:00:00+07:00",
            {"seconds": -(3 * 86400 + 16 * 3600), "calendar_days": -3, "working_days": -3},
        ),
        (  # finished after the cut-off: judged open at the cut-off, Tue 10 March (UTC given)
            {"as_of": "2026-03-10T01:00:00+00:00", "finished_at": "2026-03-11T09:00:00+07:00"},
            "OVERDUE",
            "2026-03-10T08:00:00+07:00",
            {"seconds": 4 * 86400 + 8 * 3600, "calendar_days": 5, "working_days": 3},
        ),
    ],
)
def test_deadline_outcome(
    portal: str,
    extra: dict[str, str],
    outcome: str | None,
    checked: str | None,
    past_due: dict[str, int] | None,
) -> None:
    answer = deadline(portal, **extra)
    assert 200 == answer.status_code, answer.text
    body = answer.json()
    assert ("2026-03-05", "2026-03-06T00:00:00+07:00") == (body["date"], body["at"])
    assert (outcome, checked, past_due) == (body["outcome"], body["checked_at"], body["past_due"])
    labels = {None: None, "EARLY": "trước hạn", "ON_TIME": "đúng hạn", "LATE": "quá hạn"}
    labels |= {"IN_PROGRESS": "đang giải quyết trong hạn", "OVERDUE": "đang giải quyết quá hạn"}
    assert labels[outcome] == body["outcome_label"]


def test_deadline_outcome_refuses_instants_before_receipt(portal: str) -> None:
    answer = deadline(
        portal, finished_at="2026-02-12T09:29:00+07:00", as_of="2026-01-01T00:00:00+07:00"
    )
    assert 422 == answer.status_code
    assert ["$.finished_at", "$.as_of"] == [e["field"] for e in answer.json()["errors"]]
    answer = deadline(portal, as_of="yesterday")
    assert 422 == answer.status_code
    assert ["$.as_of"] == [e["field"] for e in answer.json()["errors"]]


def test_sample_report_equals_posting_the_sample(portal: str) -> None:
    """GET /kpi/report/sample answers what POST /kpi/report answers for the same file."""
    sample = resources.files("lapvo_cchc").joinpath("data", "sample_ledger.csv.gz")
    params = {"period": "R2020-Q1", "by": "level"}
    posted = httpx.post(
        f"{portal}/cchc/kpi/report",
        params=params,
        content=gzip.decompress(sample.read_bytes()),
        headers={"content-type": "text/csv"},
        timeout=60,
    )
    got = httpx.get(f"{portal}/cchc/kpi/report/sample", params=params, timeout=60)
    assert 200 == got.status_code
    assert posted.json() == got.json()
    missing = httpx.get(f"{portal}/cchc/kpi/report/sample", timeout=30)
    assert 422 == missing.status_code
    assert "application/problem+json" == missing.headers["content-type"]


def test_pages_follow_the_mount_point_and_ship_compressed(portal: str) -> None:
    page = httpx.get(f"{portal}/cchc/", timeout=30)
    assert 200 == page.status_code
    assert '<base href="/cchc/">' in page.text
    assert '<html lang="vi">' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert '<html lang="en">' in httpx.get(f"{portal}/cchc/?lang=en", timeout=30).text
    script = httpx.get(f"{portal}/cchc/docs/swagger-ui-bundle.js", timeout=30)
    assert "gzip" == script.headers["content-encoding"]  # httpx asks for gzip and inflates
    assert "SwaggerUIBundle" in script.text
    assert 404 == httpx.get(f"{portal}/cchc/static/index.html", timeout=30).status_code
    assert 404 == httpx.get(f"{portal}/cchc/docs/..%2Fhttp.py", timeout=30).status_code


def test_docs_without_swagger_ui_says_what_to_install(
    portal: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "swagger_ui_bundle", None)
    answer = httpx.get(f"{portal}/cchc/docs", timeout=30)
    assert 503 == answer.status_code
    assert 'pip install "lapvo-cchc[http]"' in answer.text


# -- in the browser ----------------------------------------------------------------------------


def test_calculator_over_tet(
    browser: Browser, portal: str, artifacts: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Received Thu 12 Feb 2026 09:30, 10 working days: due Thu 5 March, returned Mon 9 March.

    By hand from Thông báo 9441/TB-BNV (Tết Bính Ngọ: Mon 16-Fri 20 Feb 2026 off):
    working days 13 Feb, 23-27 Feb, 2-5 March are the ten, so the due date is
    5 March. Returned on Monday 9 March it is late, the working days past the due
    date being Fri 6 and Mon 9 March: 2, over 4 calendar days.
    """
    visit = Visit(browser, portal, viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = visit.page
    page.goto(f"{portal}/cchc/")
    assert "vi" == page.get_attribute("html", "lang")
    page.fill("#received", "2026-02-12T09:30")
    page.fill("#amount", "10")
    page.select_option("#unit", "ngày làm việc")
    page.fill("#finished", "2026-03-09T08:00")
    page.click("#due-form button[type=submit]")
    due = page.wait_for_selector("#due-date")
    assert "2026-03-05" == due.get_attribute("datetime")
    assert "05/03/2026" == due.inner_text()
    assert "00:00 06/03/2026" in page.inner_text("#due-at")
    outcome = page.locator("#outcome")
    assert "LATE" == outcome.get_attribute("data-outcome")
    assert "Quá hạn · trễ 2 ngày làm việc (4 ngày theo lịch)" == outcome.inner_text()
    shot(page, artifacts, "calculator-vi", capsys)
    visit.check_and_close()


# A small flat ledger counted by hand for March 2020 (the due dates are given):
# D1 commune, online, due 5 Mar, returned 4 Mar: early; D2 commune, returned on
# the due date: on time; D3 district, returned 6 Mar: late; D4 district, open,
# due 20 Apr: in progress within the deadline on 31 Mar; D5 has an unknown
# channel and is rejected (line 6 of the file).
SMALL_LEDGER = (
    "dossier_code,procedure_code,agency_code,level,field,channel,assisted,received_at,"
    "time_limit,due_at,finished_at,finish_kind,supplement_requested_at,supplement_supplied_at\n"
    "D1,1.001193,xa-a,xã,Hộ tịch,online,0,2020-03-02T09:00:00,,2020-03-05,"
    "2020-03-04T10:00:00,approved,,\n"
    "D2,1.001193,xa-a,xã,Hộ tịch,in_person,0,2020-03-02T09:00:00,,2020-03-05,"
    "2020-03-05T10:00:00,approved,,\n"
    "D3,1.001193,huyen,huyện,Đất đai,in_person,0,2020-03-02T09:00:00,,2020-03-05,"
    "2020-03-06T10:00:00,approved,,\n"
    "D4,1.001193,huyen,huyện,Đất đai,in_person,0,2020-03-03T09:00:00,,2020-04-20,,,,\n"
    "D5,1.001193,huyen,huyện,Đất đai,fax,0,2020-03-03T09:00:00,,2020-04-20,,,,\n"
)


def table_rows(page: Page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "#report-table tbody tr",
        "rows => rows.map(r => [...r.children].map(c => c.textContent))",
    )


def as_int(text: str) -> int:
    return int(text.replace(".", "").replace(",", ""))


def test_report_sample_then_own_ledger(
    browser: Browser,
    portal: str,
    artifacts: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: pathlib.Path,
) -> None:
    """The bundled sample by month equals the library's own report; a posted CSV the hand counts."""
    visit = Visit(browser, portal, viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = visit.page
    page.goto(f"{portal}/cchc/")
    page.fill("#period", "2020-H1")
    page.select_option("#by", "month")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#report-result:not([hidden])")
    rows = table_rows(page)
    # A second method: the same sample through LedgerReader and report() in-process.
    sample = resources.files("lapvo_cchc").joinpath("data", "sample_ledger.csv.gz")
    text = gzip.decompress(sample.read_bytes()).decode("utf-8")
    cal = vietnam()
    expected = report(
        LedgerReader(text.splitlines(keepends=True), calendar=cal),
        Period.half(2020, 1),
        by="month",
        calendar=cal,
    )
    assert [f"2020-0{m}" for m in range(1, 7)] + ["Tổng cộng"] == [r[0] for r in rows]
    total = expected.total.counts
    assert [
        total.received_total,
        total.received_online,
        total.received_offline,
        total.carried_over,
        total.resolved_total,
        total.resolved_early,
        total.resolved_on_time,
        total.resolved_late,
        total.in_progress_total,
        total.in_progress_within,
        total.in_progress_overdue,
    ] == [as_int(cell) for cell in rows[-1][1:12]]
    assert 7 == page.locator("#chart-svg svg rect.early").count() - 1  # 6 months + total, legend
    shot(page, artifacts, "report-sample-vi", capsys)

    ledger = tmp_path / "so-theo-doi.csv"
    ledger.write_text(SMALL_LEDGER, encoding="utf-8")
    page.set_input_files("#ledger-file", str(ledger))
    assert page.is_checked("input[name=source][value=file]")
    page.fill("#period", "2020-03")
    page.select_option("#by", "level")
    page.click("#report-form button[type=submit]")
    page.locator("#report-heading", has_text="2020-03").wait_for()
    rows = table_rows(page)
    assert ["Cấp xã", "Cấp huyện", "Tổng cộng"] == [r[0] for r in rows]
    assert ["2", "1", "1", "0", "2", "1", "1", "0", "0", "0", "0", "100 %"] == rows[0][1:]
    #        (3) (4) (5) (6) (7) (8) (9) (10) (11) (12) (13)   early+on time
    assert ["4", "1", "3", "0", "3", "1", "1", "1", "1", "1", "0", "66,7 %"] == rows[-1][1:]
    assert "Đã đọc 5 dòng: nhận 4, loại 1." == page.inner_text("#report-status")
    assert "dòng 6: channel" in page.inner_text("#report-findings")
    shot(page, artifacts, "report-own-ledger-vi", capsys)
    page.fill("#period", "H1/2020")  # not a period label: the problem's field is shown
    page.click("#report-form button[type=submit]")
    error = page.locator("#report-status ul.error li")
    error.first.wait_for()
    text = error.first.inner_text()
    assert text.startswith("period: ")
    assert "expected a label like 2020, 2020-H1" in text
    visit.check_and_close("status of 422")  # chromium logs every 4xx answer to a fetch


def test_english_on_a_phone(
    browser: Browser, portal: str, artifacts: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """?lang=en on a 390 px wide touch screen: English labels, no sideways scrolling."""
    visit = Visit(
        browser,
        portal,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
    )
    page = visit.page
    page.goto(f"{portal}/cchc/?lang=en")
    assert "en" == page.get_attribute("html", "lang")
    assert "Due-date calculator" == page.inner_text("#calc-title")
    # Received Thu 12 Feb 2026 09:30, 10 working days (due 5 March, see above); still open
    # on Mon 2 March 08:00: in progress, with 3 working days (2, 3, 4 March) before the due date.
    page.fill("#received", "2026-02-12T09:30")
    page.fill("#as-of", "2026-03-02T08:00")
    page.click("#due-form button[type=submit]")
    page.wait_for_selector("#due-date")
    assert "Thursday, 05/03/2026" in page.inner_text(".due")
    assert "IN_PROGRESS" == page.get_attribute("#outcome", "data-outcome")
    assert "3 working days left" in page.inner_text("#outcome")
    page.click("#report-form button[type=submit]")  # the sample, by month (the defaults)
    page.wait_for_selector("#report-result:not([hidden])")
    assert "Total" == table_rows(page)[-1][0]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the page scrolls sideways on a phone"
    shot(page, artifacts, "phone-en", capsys)
    visit.check_and_close()


def test_api_reference_served_locally(
    browser: Browser, portal: str, artifacts: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """/docs renders every operation of the OpenAPI document with files served by the app."""
    operations = httpx.get(f"{portal}/cchc/openapi.json", timeout=30).json()["paths"]
    count = sum(len(item) for item in operations.values())
    visit = Visit(browser, portal, viewport={"width": 1280, "height": 900})
    page = visit.page
    page.goto(f"{portal}/cchc/docs")
    page.locator(".opblock").nth(count - 1).wait_for()
    assert count == page.locator(".opblock").count()
    assert "lapvo_cchc" in page.inner_text(".info .title")
    page.locator(".opblock-summary-path", has_text=re.compile(r"^/deadline$")).click()
    page.locator(".opblock-body", has_text="finished_at").wait_for()
    shot(page, artifacts, "api-reference", capsys)
    visit.check_and_close()
