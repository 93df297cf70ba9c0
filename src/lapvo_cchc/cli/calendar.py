"""``lapvo-cchc calendar YEAR``: the year's days off and make-up working days."""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import TYPE_CHECKING

from lapvo_cchc._text import spreadsheet_cell, visible
from lapvo_cchc.cli._common import parse_year

if TYPE_CHECKING:
    import argparse
    import datetime as dt

    from lapvo_cchc.calendars import WorkCalendar

__all__ = ["register"]


_KIND_VI = {
    "HOLIDAY": "Ngày lễ, Tết",
    "COMPENSATORY": "Nghỉ bù",
    "SWAPPED": "Nghỉ hoán đổi",
    "MAKEUP": "Làm bù",
}
_KIND_EN = {
    "HOLIDAY": "Holiday",
    "COMPENSATORY": "Compensatory day off",
    "SWAPPED": "Swapped day off",
    "MAKEUP": "Make-up working day",
}
_WEEKDAY_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def _calendar_rows(cal: WorkCalendar, year: int, lang: str) -> list[dict[str, str]]:
    kinds = _KIND_VI if lang == "vi" else _KIND_EN
    vi = lang == "vi"

    def row(day: dt.date, kind: str, name: str, basis: str) -> dict[str, str]:
        weekday = _WEEKDAY_VI[day.weekday()] if vi else day.strftime("%A")
        return {
            "date": day.isoformat(),
            "weekday": weekday,
            "kind": kinds[kind],
            "name": name,
            "basis": basis,
        }

    rows = [
        row(off.date, off.kind.name, off.name if vi else off.name_en, off.basis)
        for off in cal.days_off(year)
    ]
    makeup_name = "Ngày làm bù" if vi else "Make-up working day"
    rows.extend(
        row(day, "MAKEUP", makeup_name, cal.makeup_basis(day)) for day in cal.makeup_workdays(year)
    )
    rows.sort(key=lambda row: row["date"])
    return rows


def run(args: argparse.Namespace) -> int:
    """Print the year's days off and make-up days (``args`` from :func:`register`'s parser)."""
    import warnings

    from lapvo_cchc.adapters.exports.ical import to_ics
    from lapvo_cchc.calendars import vietnam
    from lapvo_cchc.errors import ProvisionalCalendarWarning

    year = parse_year(args.year)
    cal = vietnam()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ProvisionalCalendarWarning)
        rows = _calendar_rows(cal, year, args.lang)
    provisional = any(issubclass(w.category, ProvisionalCalendarWarning) for w in caught)
    out = sys.stdout
    if args.format == "ics":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalCalendarWarning)
            out.write(to_ics(cal, [year], lang=args.lang))
    elif args.format == "json":
        doc = {"year": year, "provisional": provisional, "days": rows}
        out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=["date", "weekday", "kind", "name", "basis"])
        writer.writeheader()
        writer.writerows({k: spreadsheet_cell(v) for k, v in row.items()} for row in rows)
        out.write(buffer.getvalue())
    else:
        if args.lang == "vi":
            title = f"Lịch nghỉ của cơ quan nhà nước năm {year}"
            note = "TẠM TÍNH theo Bộ luật Lao động: Chính phủ chưa công bố lịch nghỉ năm này."
        else:
            title = f"Days off for state agencies in {year}"
            note = "PROVISIONAL: computed from the Labour Code; no official schedule bundled."
        out.write(title + "\n")
        if provisional:
            out.write(note + "\n")
        width = max((len(row["kind"]) for row in rows), default=0)
        wd_width = max((len(row["weekday"]) for row in rows), default=0)
        for row in rows:
            out.write(
                f"{row['date']}  {row['weekday']:<{wd_width}}  {row['kind']:<{width}}  "
                f"{visible(row['name'])}  [{visible(row['basis'])}]\n"
            )
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``calendar`` command to the sub-parsers *sub*.

    Example:
        >>> import argparse
        >>> parser = argparse.ArgumentParser()
        >>> register(parser.add_subparsers())
        >>> parser.parse_args(["calendar", "2026"]).year
        '2026'
    """
    cal = sub.add_parser("calendar", help="days off and make-up working days of a year")
    cal.add_argument("year", help="calendar year, e.g. 2026")
    cal.add_argument("--lang", choices=["vi", "en"], default="vi")
    cal.add_argument("--format", choices=["text", "csv", "json", "ics"], default="text")
    cal.set_defaults(func=run)
