"""The ``lapvo-cchc`` command.

Sub-commands:

- ``calendar YEAR``: the year's days off and make-up working days, with their
  names and legal sources (``--lang vi|en``, ``--format text|csv|json|ics``).
- ``lunar DATE``: solar → lunar (``lapvo-cchc lunar 2026-02-17``) or, with
  ``--to-solar``, lunar → solar (``lapvo-cchc lunar --to-solar 2026-01-01``).
- ``report [LEDGER]``: the statistical form (Biểu số 06/VPCP/KSTT) of a dossier
  ledger (``.csv``, ``.csv.gz`` or ``.xlsx``; the bundled synthetic sample without
  one) or, with ``--events FILE``, of an events CSV of full histories;
  ``--period``, ``--by``, ``--lang``, ``--format``, ``--output``,
  ``--profile flat|vi``, ``--encoding utf-8|cp1258``, ``--jobs N``.
- ``validate LEDGER``: every rejected row of a ledger (line, column, reason)
  and a last line ``N rows: A accepted, R rejected``; exit status 1 when a
  row is rejected, 0 otherwise (``--profile``, ``--encoding`` as for report).

Errors (a bad year, a bad date) print one line on stderr and exit with status 2.

Example:
    >>> main(["lunar", "2026-02-17"])
    2026-02-17 = 01/01/2026 âm lịch (năm Bính Ngọ)
    0
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
from typing import TYPE_CHECKING

from lapvo_cchc import __version__
from lapvo_cchc.errors import LapvoError

if TYPE_CHECKING:
    import os
    from collections.abc import Sequence

    from lapvo_cchc.adapters.ledger import LedgerLines
    from lapvo_cchc.calendars import WorkCalendar

__all__ = ["main"]

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


class _UsageError(LapvoError, ValueError):
    """A command-line argument that cannot be used."""


def _positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (argparse reports anything else)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def _parse_year(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise _UsageError(f"year: expected a number such as 2026, got {text!r}") from None


def _parse_iso_date(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _UsageError(f"{what}: expected a date YYYY-MM-DD, got {text!r}") from None


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


def _cmd_calendar(args: argparse.Namespace) -> int:
    import warnings

    from lapvo_cchc.adapters.ical import to_ics
    from lapvo_cchc.calendars import vietnam
    from lapvo_cchc.errors import ProvisionalCalendarWarning

    year = _parse_year(args.year)
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
        writer.writerows(rows)
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
                f"{row['name']}  [{row['basis']}]\n"
            )
    return 0


def _cmd_lunar(args: argparse.Namespace) -> int:
    from lapvo_cchc.lunar import LunarDate, can_chi_year

    if args.to_solar:
        day = _parse_iso_date(args.date, "lunar date")
        lunar = LunarDate(day.year, day.month, day.day, leap=args.leap)
        solar = lunar.to_solar()
        leap = " (tháng nhuận)" if lunar.leap else ""
        print(f"{lunar.day:02d}/{lunar.month:02d}{leap}/{lunar.year} âm lịch = {solar.isoformat()}")
        return 0
    solar = _parse_iso_date(args.date, "date")
    lunar = LunarDate.from_solar(solar)
    leap = " (tháng nhuận)" if lunar.leap else ""
    print(
        f"{solar.isoformat()} = {lunar.day:02d}/{lunar.month:02d}{leap}/{lunar.year} âm lịch "
        f"(năm {can_chi_year(lunar.year)})"
    )
    return 0


_FORMATS = ("text", "md", "csv", "json", "html", "xlsx", "narrative")
_SAMPLE = "sample_ledger.csv.gz"


class _Progress:
    """A dossier counter on stderr, redrawn every 50,000 rows (only on a terminal)."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, _record: object) -> None:
        self.n += 1
        if self.n % 50_000 == 0:
            sys.stderr.write(f"\r... {self.n:,} dossiers")
            sys.stderr.flush()

    def done(self) -> None:
        if self.n >= 50_000:
            sys.stderr.write("\r" + " " * 30 + "\r")
            sys.stderr.flush()


def _cmd_report(args: argparse.Namespace) -> int:  # noqa: PLR0915
    import contextlib
    import pathlib
    from importlib import resources
    from typing import Any

    from lapvo_cchc.adapters.ledger import LedgerReader, builtin_profile
    from lapvo_cchc.calendars import vietnam
    from lapvo_cchc.kpi import Period
    from lapvo_cchc.kpi._render import write_xlsx
    from lapvo_cchc.kpi._report import report

    if args.events is not None:
        if args.ledger is not None:
            raise _UsageError(
                f"give a flat LEDGER or --events FILE, not both (got {args.ledger!r} and "
                f"--events {args.events!r})"
            )
        if args.profile != "flat":
            raise _UsageError(f"--profile {args.profile} applies to a flat ledger, not to --events")
    period = Period.parse(args.period)
    lang = args.lang
    cal = vietnam()
    note = ""
    ctx: contextlib.AbstractContextManager[Any]
    if args.ledger is None and args.events is None:
        source = resources.files("lapvo_cchc").joinpath("data", _SAMPLE)
        note = (
            "Số liệu mẫu tổng hợp (không có ledger): huyện Lấp Vò và 13 xã, thị trấn, 6 tháng 2020."
            if lang == "vi"
            else "Synthetic sample data (no ledger given): Lấp Vò district and its 13 communes, "
            "H1 2020."
        )
        ctx = resources.as_file(source)
    else:
        ctx = contextlib.nullcontext(pathlib.Path(args.events or args.ledger))
    progress = _Progress() if sys.stderr.isatty() else None
    summary = ""
    with ctx as path:
        handle = _open_ledger(path, args.encoding)
        with handle:
            if args.events is not None:
                from lapvo_cchc.adapters.events import EventsReader

                events = EventsReader(handle, calendar=cal)
                rep = report(events, period, by=args.by, calendar=cal, on_record=progress)
                errors = events.errors
                summary = (
                    f"{len(errors)} of {events.rows_read} rows rejected: "
                    f"{len(events.rejected)} of {events.dossiers_read} dossiers rejected, "
                    f"{events.accepted} accepted"
                )
                if events.not_received:
                    sys.stderr.write(
                        f"lapvo-cchc: {len(events.not_received)} dossiers never received "
                        "(refused at intake or only submitted online) are not on the form\n"
                    )
            else:
                reader = LedgerReader(handle, calendar=cal, profile=builtin_profile(args.profile))
                if args.jobs > 1 and args.ledger is not None:
                    from lapvo_cchc.adapters.ledger import report_ledger

                    done = report_ledger(
                        path,
                        period,
                        by=args.by,
                        calendar=cal,
                        profile=builtin_profile(args.profile),
                        encoding=args.encoding,
                        workers=args.jobs,
                    )
                    rep = done.report
                    reader.errors.extend(done.errors)
                    reader.rows_read, reader.accepted = done.rows_read, done.accepted
                else:
                    rep = report(reader, period, by=args.by, calendar=cal, on_record=progress)
                errors = reader.errors
                summary = (
                    f"{len(reader.errors)} of {reader.rows_read} rows rejected, "
                    f"{reader.accepted} accepted"
                )
    if progress is not None:
        progress.done()
    err = sys.stderr
    for error in errors[:20]:
        err.write(f"lapvo-cchc: rejected {error}\n")
    if errors:
        err.write(f"lapvo-cchc: {summary}\n")
    fmt = args.format
    if fmt == "xlsx":
        if args.output is None:
            raise _UsageError("--format xlsx needs --output FILE.xlsx")
        write_xlsx(rep, args.output, lang)
        return 0
    if fmt == "md":
        text = rep.to_markdown(lang)
    elif fmt == "csv":
        text = rep.to_csv()
    elif fmt == "json":
        text = rep.to_json()
    elif fmt == "html":
        text = rep.to_html(lang)
    elif fmt == "narrative":
        text = rep.narrative(lang)
    else:
        text = rep.to_text(lang)
    if note and fmt in ("text", "md", "narrative"):
        text = note + "\n" + text
    elif note:
        sys.stderr.write(f"lapvo-cchc: {note}\n")
    if args.output is None:
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    return 0


def _open_ledger(path: str | os.PathLike[str], encoding: str) -> LedgerLines:
    import os

    from lapvo_cchc.adapters.ledger import open_ledger

    try:
        return open_ledger(path, encoding=encoding)
    except OSError as exc:
        raise _UsageError(f"ledger: cannot open {os.fspath(path)}: {exc.strerror}") from None


def _cmd_validate(args: argparse.Namespace) -> int:
    from lapvo_cchc.adapters.ledger import LedgerReader, builtin_profile

    out = sys.stdout
    with _open_ledger(args.ledger, args.encoding) as lines:
        reader = LedgerReader(lines, profile=builtin_profile(args.profile))
        errors = reader.errors
        shown = 0
        for _record in reader:
            # Print rejections as they come, so a long file reports progressively.
            while shown < len(errors):
                out.write(f"{errors[shown]}\n")
                shown += 1
        for error in errors[shown:]:
            out.write(f"{error}\n")
    rejected = len(errors)
    if reader.accepted + rejected != reader.rows_read:  # pragma: no cover - reader invariant
        raise LapvoError(
            f"internal error: {reader.rows_read} rows read but {reader.accepted} accepted "
            f"and {rejected} rejected"
        )
    out.write(f"{reader.rows_read} rows: {reader.accepted} accepted, {rejected} rejected\n")
    return 1 if rejected else 0


def _ledger_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "--profile",
        choices=["flat", "vi"],
        default="flat",
        help="column names: flat (ours, ISO dates) or vi (Mã hồ sơ, Ngày tiếp nhận, "
        "dd/mm/yyyy dates)",
    )
    cmd.add_argument(
        "--encoding",
        choices=["utf-8", "cp1258"],
        default="utf-8",
        help="utf-8 (with or without BOM) or cp1258 (Windows-1258); TCVN3 is reported",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lapvo-cchc",
        description="Vietnamese administrative-procedure reform: calendars, deadlines, KPIs.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    cal = sub.add_parser("calendar", help="days off and make-up working days of a year")
    cal.add_argument("year", help="calendar year, e.g. 2026")
    cal.add_argument("--lang", choices=["vi", "en"], default="vi")
    cal.add_argument("--format", choices=["text", "csv", "json", "ics"], default="text")
    cal.set_defaults(func=_cmd_calendar)

    lunar = sub.add_parser("lunar", help="convert between solar and lunar dates")
    lunar.add_argument("date", help="YYYY-MM-DD (solar, or lunar with --to-solar)")
    lunar.add_argument("--to-solar", action="store_true", help="DATE is a lunar date")
    lunar.add_argument("--leap", action="store_true", help="the lunar month is the leap month")
    lunar.set_defaults(func=_cmd_lunar)

    rep = sub.add_parser(
        "report",
        help="the statistical form (Biểu số 06/VPCP/KSTT) of a dossier ledger",
        description="Count a flat dossier ledger (CSV, optionally .gz; see docs/report.md) "
        "into the 13-column statistical form. Without LEDGER, the bundled synthetic "
        "sample (Lấp Vò, first half of 2020) is reported.",
    )
    rep.add_argument("ledger", nargs="?", help="ledger file (.csv, .csv.gz or .xlsx)")
    rep.add_argument(
        "--events",
        metavar="FILE",
        help="an events CSV of full histories (one row per event, see docs/events.md) "
        "instead of a flat LEDGER (not both)",
    )
    rep.add_argument(
        "--period",
        default="2020-H1",
        help="2020, 2020-H1, 2020-Q2, 2020-03, R2020-H1 (15th-to-14th), 2020-01-01..2020-06-30",
    )
    rep.add_argument(
        "--by",
        choices=["level", "agency", "field", "procedure", "channel", "month"],
        default="level",
    )
    rep.add_argument("--lang", choices=["vi", "en"], default="vi")
    rep.add_argument("--format", choices=list(_FORMATS), default="text")
    rep.add_argument("--output", metavar="FILE", help="write here instead of stdout")
    rep.add_argument(
        "--jobs",
        type=_positive_int,
        default=1,
        metavar="N",
        help="read and count a large UTF-8 ledger with N processes (same report and "
        "rejected rows as with 1; default 1)",
    )
    _ledger_options(rep)
    rep.set_defaults(func=_cmd_report)

    val = sub.add_parser(
        "validate",
        help="check a dossier ledger: every rejected row and a summary line",
        description="Read a flat dossier ledger (CSV, optionally .gz) and print every rejected "
        "row (line, column, reason), then 'N rows: A accepted, R rejected'. Exit status 1 "
        "when a row is rejected, 0 when none is, 2 on a usage or file error.",
    )
    val.add_argument("ledger", help="ledger file (.csv, .csv.gz or .xlsx)")
    _ledger_options(val)
    val.set_defaults(func=_cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``lapvo-cchc`` command and return its exit status.

    Args:
        argv: the arguments after the program name; ``None`` reads ``sys.argv``.

    Returns:
        0 on success, 1 when ``validate`` rejected a row, 2 on a usage or
        input error (one line on stderr).

    Example:
        >>> main(["lunar", "--to-solar", "2026-01-01"])
        01/01/2026 âm lịch = 2026-02-17
        0
    """
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.func(args)
    except LapvoError as exc:
        print(f"lapvo-cchc: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `lapvo-cchc calendar 2026 | head`
        return 0
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
