"""Exports of the calendar for other tools: iCalendar (RFC 5545) and a calendar dimension table.

Example:
    >>> import lapvo_cchc.adapters.exports.ical as ical
    >>> ical.to_ics.__name__
    'to_ics'
"""

from __future__ import annotations

__all__: list[str] = []
