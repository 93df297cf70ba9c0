"""The .ics export written with the icalendar package keeps the former writer's content."""

from __future__ import annotations

import datetime as dt
import sys
import warnings

import icalendar
import pytest

from lapvo_cchc.adapters.exports.ical import to_ics
from lapvo_cchc.calendars import WorkCalendar, vietnam
from lapvo_cchc.cli import main
from lapvo_cchc.errors import MissingExtraError, ProvisionalCalendarWarning

# -- the former hand-written writer (standard library only), kept here as the reference ----


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    out, current = [], ""
    for char in line:
        if len((current + char).encode("utf-8")) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return out


def _reference(calendar: WorkCalendar, years: list[int], lang: str) -> str:
    def event(uid: str, day: dt.date, summary: str, description: str, category: str) -> list[str]:
        return [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{day:%Y%m%d}T000000Z",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
            f"CATEGORIES:{category}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//lapvo_cchc//Vietnamese working-day calendar//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + _escape("Lịch nghỉ Việt Nam" if lang == "vi" else "Vietnam days off"),
    ]
    for year in years:
        for off in calendar.days_off(year):
            name = off.name if lang == "vi" else off.name_en
            uid = f"{off.date:%Y%m%d}-off@lapvo-cchc"
            lines += event(uid, off.date, name, off.basis, off.kind.name)
        for day in calendar.makeup_workdays(year):
            name = "Ngày làm bù" if lang == "vi" else "Make-up working day"
            uid = f"{day:%Y%m%d}-work@lapvo-cchc"
            lines += event(uid, day, name, calendar.makeup_basis(day), "MAKEUP_WORKDAY")
    lines.append("END:VCALENDAR")
    return "\r\n".join(part for line in lines for part in _fold(line)) + "\r\n"


def _content(text: str) -> list[tuple[str, list[tuple[str, bytes]]]]:
    """Each component with its properties, as an RFC 5545 parser reads them back."""
    parsed = icalendar.Calendar.from_ical(text)
    return [
        (component.name, sorted((key, component[key].to_ical()) for key in component))
        for component in parsed.walk()
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_same_content_as_the_former_writer(lang: str) -> None:
    """Every official year 2010-2026: the same components and property values, in order."""
    cal = vietnam()
    years = list(range(2010, 2027))
    ours = to_ics(cal, years, lang=lang)
    assert _content(_reference(cal, years, lang)) == _content(ours)
    assert 17 < len(_content(ours))  # the comparison is not vacuous


def test_lines_are_crlf_and_folded() -> None:
    """RFC 5545 §3.1: CRLF line ends, content lines of at most 75 octets."""
    text = to_ics(vietnam(), [2024], lang="vi")
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)  # long Vietnamese sources are folded


def test_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without icalendar, to_ics names the extra to install."""
    monkeypatch.setitem(sys.modules, "icalendar", None)  # import icalendar -> ImportError
    with pytest.raises(MissingExtraError, match=r"lapvo-cchc\[ical\]"):
        to_ics(vietnam(), [2026])


def test_cli_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`calendar --format ics` without icalendar: one line on stderr naming the extra, status 2."""
    monkeypatch.setitem(sys.modules, "icalendar", None)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ProvisionalCalendarWarning)
        status = main(["calendar", "2026", "--format", "ics"])
    out, err = capsys.readouterr()
    assert (2, "") == (status, out)
    assert 1 == len(err.strip().splitlines())
    assert 'pip install "lapvo-cchc[ical]"' in err
