"""iCalendar (RFC 5545) export of days off and make-up working days.

The file is built with the ``icalendar`` package (extra ``lapvo-cchc[ical]``):
one all-day ``VEVENT`` per day off and per make-up working day, which calendar
applications (Google Calendar, Outlook, Apple Calendar, Thunderbird) import.
Without the extra, :func:`to_ics` raises
:class:`~lapvo_cchc.errors.MissingExtraError` naming it.

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
from typing import TYPE_CHECKING, Any

from lapvo_cchc._text import has_control
from lapvo_cchc.errors import MissingExtraError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lapvo_cchc.calendars import WorkCalendar

__all__ = ["to_ics"]

_PRODID = "-//lapvo_cchc//Vietnamese working-day calendar//VI"


def _icalendar() -> Any:
    try:
        import icalendar
    except ImportError as exc:
        raise MissingExtraError(
            'the iCalendar export needs icalendar: pip install "lapvo-cchc[ical]"'
        ) from exc
    return icalendar


def _text(text: str) -> str:
    r"""A TEXT value with no control character (RFC 5545 §3.3.11 allows none but tab).

    A line break of any kind (``\r\n``, a bare ``\r``, ``\n``, U+2028, U+2029,
    U+0085) becomes ``\n``, which the writer escapes; any other control (NUL,
    escape, DEL, C1, bidi overrides) becomes U+FFFD. A bare ``\r`` written as is
    would end the content line for a reader that splits on it, so a name holding
    ``\rEND:VEVENT\rBEGIN:VEVENT`` could forge an event. Names created through
    the library cannot hold them (:class:`~lapvo_cchc.calendars.DayOff` refuses
    them); this is the second line of defence.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n")
    if not has_control(text):
        return text
    return "".join(_CONTROL.get(c, "\ufffd") if has_control(c) else c for c in text)


_CONTROL = {"\t": "\t", "\r": "\n", "\n": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"}


def _event(
    ical: Any, *, uid: str, day: dt.date, summary: str, description: str, category: str
) -> Any:
    event = ical.Event()
    event.add("uid", uid)
    # DTSTAMP is required; the date itself keeps the output reproducible
    # (the core never reads the system clock).
    event.add("dtstamp", dt.datetime.combine(day, dt.time(0), dt.UTC))
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", _text(summary))
    event.add("description", _text(description))
    event.add("categories", [category])
    event.add("transp", "TRANSPARENT")
    return event


def to_ics(calendar: WorkCalendar, years: Iterable[int], *, lang: str = "vi") -> str:
    """Render the days off and make-up working days of *years* as an iCalendar file.

    Args:
        calendar: the working-day calendar, e.g. :func:`lapvo_cchc.calendars.vietnam`.
        years: the calendar years to include.
        lang: ``"vi"`` for Vietnamese event titles, ``"en"`` for English.

    Returns:
        The ``.ics`` text with CRLF line endings, as RFC 5545 requires.

    Raises:
        MissingExtraError: the ``icalendar`` package is not installed.

    Example:
        >>> from lapvo_cchc.calendars import vietnam
        >>> ics = to_ics(vietnam(), [2026], lang="en")
        >>> "SUMMARY:Make-up working day" in ics
        True
    """
    ical = _icalendar()
    cal = ical.Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", _PRODID)
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Lịch nghỉ Việt Nam" if lang == "vi" else "Vietnam days off")
    for year in years:
        for off in calendar.days_off(year):
            summary = off.name if lang == "vi" else off.name_en
            event = _event(
                ical,
                uid=f"{off.date:%Y%m%d}-off@lapvo-cchc",
                day=off.date,
                summary=summary,
                description=off.basis,
                category=off.kind.name,
            )
            cal.add_component(event)
        for day in calendar.makeup_workdays(year):
            summary = "Ngày làm bù" if lang == "vi" else "Make-up working day"
            event = _event(
                ical,
                uid=f"{day:%Y%m%d}-work@lapvo-cchc",
                day=day,
                summary=summary,
                description=calendar.makeup_basis(day),
                category="MAKEUP_WORKDAY",
            )
            cal.add_component(event)
    text: str = cal.to_ical(sorted=False).decode("utf-8")
    return text
