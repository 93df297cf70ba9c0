"""iCalendar (RFC 5545) export of days off and make-up working days.

The writer uses only the standard library: the subset of RFC 5545 needed for
all-day events (``VEVENT`` with ``DTSTART;VALUE=DATE``) is small, and calendar
applications (Google Calendar, Outlook, Apple Calendar, Thunderbird) import it.

Example:
    >>> from lapvo_cchc.calendars import vietnam
    >>> text = to_ics(vietnam(), [2026])
    >>> text.splitlines()[0]
    'BEGIN:VCALENDAR'
    >>> "DTSTART;VALUE=DATE:20260217" in text
    True
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lapvo_cchc.calendars import WorkCalendar

__all__ = ["to_ics"]

_PRODID = "-//lapvo_cchc//Vietnamese working-day calendar//VI"


def _escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Fold a content line at 75 octets without splitting a UTF-8 character (§3.1)."""
    out: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = " " + char
            limit = 75
        else:
            current += char
    out.append(current)
    return out


def _event(uid: str, day: dt.date, summary: str, description: str, category: str) -> list[str]:
    end = day + dt.timedelta(days=1)
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        # DTSTAMP is required; the date itself keeps the output reproducible
        # (the core never reads the system clock).
        f"DTSTAMP:{day:%Y%m%d}T000000Z",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{end:%Y%m%d}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}",
        f"CATEGORIES:{category}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def to_ics(calendar: WorkCalendar, years: Iterable[int], *, lang: str = "vi") -> str:
    """Render the days off and make-up working days of *years* as an iCalendar file.

    Args:
        calendar: the working-day calendar, e.g. :func:`lapvo_cchc.calendars.vietnam`.
        years: the calendar years to include.
        lang: ``"vi"`` for Vietnamese event titles, ``"en"`` for English.

    Returns:
        The ``.ics`` text with CRLF line endings, as RFC 5545 requires.

    Example:
        >>> from lapvo_cchc.calendars import vietnam
        >>> ics = to_ics(vietnam(), [2026], lang="en")
        >>> "SUMMARY:Make-up working day" in ics
        True
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{_PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + _escape("Lịch nghỉ Việt Nam" if lang == "vi" else "Vietnam days off"),
    ]
    for year in years:
        for off in calendar.days_off(year):
            summary = off.name if lang == "vi" else off.name_en
            lines += _event(
                f"{off.date:%Y%m%d}-off@lapvo-cchc",
                off.date,
                summary,
                off.basis,
                off.kind.name,
            )
        for day in calendar.makeup_workdays(year):
            summary = "Ngày làm bù" if lang == "vi" else "Make-up working day"
            lines += _event(
                f"{day:%Y%m%d}-work@lapvo-cchc",
                day,
                summary,
                calendar.makeup_basis(day),
                "MAKEUP_WORKDAY",
            )
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in _fold(line)]
    return "\r\n".join(folded) + "\r\n"
