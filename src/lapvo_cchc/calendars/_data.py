"""Reading and validating schedule files (private).

The bundled official schedules and a province's override file share one CSV
format (UTF-8, NFC; lines starting with ``#`` are comments):

``schedule,date,kind,name_vi,name_en,basis,confirmed``

- ``schedule`` (optional in override files): the year whose schedule the row
  belongs to; 2018-12-31 belongs to the 2019 schedule, 2014-12-27 (a make-up
  Saturday) to the 2015 schedule.
- ``kind``: ``holiday``, ``compensatory``, ``swapped`` (a day off moved by a
  swap) or ``makeup`` (a weekend day worked in exchange).
- ``confirmed`` (optional in override files, default ``yes``): ``yes``,
  ``partial`` or ``no``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import importlib.resources
import io
import unicodedata
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from lapvo_cchc.calendars._model import DayOff, DayOffKind, DayOffStatus
from lapvo_cchc.errors import CalendarError, LapvoError

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["BUNDLED_FILE", "Schedule", "bundled_schedule", "parse_schedule"]

BUNDLED_FILE = "vietnam_official.csv"
"""The bundled official schedules 2010-2026, in ``lapvo_cchc/calendars/data``."""

_KINDS = {
    "holiday": DayOffKind.HOLIDAY,
    "compensatory": DayOffKind.COMPENSATORY,
    "swapped": DayOffKind.SWAPPED,
}
_MAKEUP = "makeup"
_STATUS = {"yes": DayOffStatus.CONFIRMED, "partial": DayOffStatus.PARTIAL}
_STATUS_NO = "no"
_REQUIRED = ("date", "kind", "name_vi", "name_en", "basis")
_WEEKEND = (5, 6)


@attrs.frozen
class Schedule:
    """A parsed schedule file: days off and make-up days, grouped by calendar year."""

    days_off: Mapping[int, tuple[DayOff, ...]]
    makeup: Mapping[int, tuple[dt.date, ...]]
    makeup_basis: Mapping[dt.date, str]
    """The ``basis`` of each make-up working day."""
    schedules: frozenset[int]
    """The years whose schedule the file declares (values of the ``schedule`` column)."""


def parse_schedule(text: str, source: str, *, bundled: bool = False) -> Schedule:
    """Parse and validate a schedule CSV; a bad row raises naming *source*, line and field.

    With ``bundled=True`` the stricter rules of the official data apply: the
    ``schedule`` and ``confirmed`` columns are required, a make-up day must be a
    Saturday or Sunday and a swapped day off a weekday.
    """
    lines = io.StringIO(text, newline="")
    content = ((n, line) for n, line in enumerate(lines, start=1) if not line.startswith("#"))
    numbered = list(content)
    reader = csv.reader(line for _, line in numbered)
    try:
        header = next(reader)
    except StopIteration:
        raise CalendarError(f"{source}: empty file (no header)") from None
    required = (*_REQUIRED, "schedule", "confirmed") if bundled else _REQUIRED
    missing = [name for name in required if name not in header]
    if missing:
        raise CalendarError(f"{source}, line {numbered[0][0]}: missing column(s) {missing}")
    off: dict[int, list[DayOff]] = {}
    makeup: dict[int, list[dt.date]] = {}
    bases: dict[dt.date, str] = {}
    seen: dict[dt.date, int] = {}
    schedules: set[int] = set()
    for (line_no, _), row in zip(numbered[1:], reader, strict=True):
        where = f"{source}, line {line_no}"
        if len(row) != len(header):
            raise CalendarError(f"{where}: expected {len(header)} fields, got {len(row)}")
        record = dict(zip(header, row, strict=True))
        try:
            _parse_row(
                record,
                line_no,
                where=where,
                bundled=bundled,
                off=off,
                makeup=makeup,
                bases=bases,
                seen=seen,
                schedules=schedules,
            )
        except CalendarError:
            raise
        except LapvoError as exc:  # a DayOff field validator: name the place
            raise CalendarError(f"{where}: {exc}") from exc
    return Schedule(
        days_off=MappingProxyType(
            {y: tuple(sorted(v, key=lambda d: d.date)) for y, v in off.items()}
        ),
        makeup=MappingProxyType({y: tuple(sorted(v)) for y, v in makeup.items()}),
        makeup_basis=MappingProxyType(bases),
        schedules=frozenset(schedules),
    )


def _parse_row(
    record: dict[str, str],
    line_no: int,
    *,
    where: str,
    bundled: bool,
    off: dict[int, list[DayOff]],
    makeup: dict[int, list[dt.date]],
    bases: dict[dt.date, str],
    seen: dict[dt.date, int],
    schedules: set[int],
) -> None:
    try:
        date = dt.date.fromisoformat(record["date"])
    except ValueError:
        raise CalendarError(
            f"{where}, field 'date': expected YYYY-MM-DD, got {record['date']!r}"
        ) from None
    if date in seen:
        raise CalendarError(f"{where}, field 'date': {date} already given on line {seen[date]}")
    seen[date] = line_no
    schedule = _schedule_year(record.get("schedule", ""), date, where)
    schedules.add(schedule)
    confirmed = record.get("confirmed", "") or "yes"
    status = _STATUS.get(confirmed)
    if status is None:
        if bundled or confirmed != _STATUS_NO:
            allowed = "yes, partial" if bundled else "yes, partial, no"
            raise CalendarError(
                f"{where}, field 'confirmed': expected {allowed}, got {confirmed!r}"
            )
        status = DayOffStatus.PROVISIONAL
    for field in ("name_vi", "name_en", "basis"):
        value = record[field]
        if not value.strip():
            raise CalendarError(f"{where}, field {field!r}: must not be empty")
        if unicodedata.normalize("NFC", value) != value:
            raise CalendarError(f"{where}, field {field!r}: text is not NFC-normalised")
    kind_text = record["kind"]
    if kind_text == _MAKEUP:
        if bundled and date.weekday() not in _WEEKEND:
            raise CalendarError(f"{where}, field 'kind': make-up day {date} is not a weekend day")
        makeup.setdefault(date.year, []).append(date)
        bases[date] = record["basis"]
        return
    kind = _KINDS.get(kind_text)
    if kind is None:
        raise CalendarError(
            f"{where}, field 'kind': expected one of {[*_KINDS, _MAKEUP]}, got {kind_text!r}"
        )
    if bundled and kind is DayOffKind.SWAPPED and date.weekday() in _WEEKEND:
        raise CalendarError(f"{where}, field 'kind': swapped day off {date} is a weekend day")
    day = DayOff(
        date=date,
        kind=kind,
        name=record["name_vi"],
        name_en=record["name_en"],
        basis=record["basis"],
        status=status,
    )
    off.setdefault(date.year, []).append(day)


def _schedule_year(text: str, date: dt.date, where: str) -> int:
    if not text:
        return date.year
    try:
        year = int(text)
    except ValueError:
        raise CalendarError(f"{where}, field 'schedule': expected a year, got {text!r}") from None
    if abs(year - date.year) > 1:
        raise CalendarError(f"{where}, field 'schedule': {year} is too far from {date}")
    return year


@functools.cache
def bundled_schedule() -> Schedule:
    """The bundled official schedules, parsed and validated once per process."""
    resource = (
        importlib.resources.files("lapvo_cchc.calendars").joinpath("data").joinpath(BUNDLED_FILE)
    )
    text = resource.read_text(encoding="utf-8")
    return parse_schedule(text, f"lapvo_cchc/calendars/data/{BUNDLED_FILE}", bundled=True)
