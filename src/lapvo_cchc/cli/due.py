"""``lapvo-cchc due RECEIVED LIMIT``: the legal due date of one dossier, and whether it is late.

The clerk's question at the one-stop desk: a dossier received at RECEIVED with
the time limit LIMIT is due when, by which rule, and (with ``--finished`` or
``--as-of``) was it early, on time, late, or is it overdue, and by how much.
Counted with the Vietnamese state-agency calendar (:func:`~lapvo_cchc.calendars.vietnam`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import unicodedata
from typing import TYPE_CHECKING, Any

from lapvo_cchc import VIETNAM_TZ
from lapvo_cchc.cli._common import UsageError

if TYPE_CHECKING:
    import argparse

    from lapvo_cchc.calendars import WorkCalendar
    from lapvo_cchc.deadlines import Deadline, Outcome, TimeLimit
    from lapvo_cchc.procedures import Procedure

__all__ = ["register"]

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_INSTANT_HELP = "2026-02-12T09:30, 2026-02-12 09:30 or 12/02/2026 09:30"

# Unit words of a LIMIT: the ledger's English words and the Vietnamese wording of
# procedure records (the values of TimeUnit).
_UNIT_WORDS = {
    "working_days": "WORKING_DAYS",
    "working_day": "WORKING_DAYS",
    "ngày làm việc": "WORKING_DAYS",
    "calendar_days": "CALENDAR_DAYS",
    "calendar_day": "CALENDAR_DAYS",
    "ngày": "CALENDAR_DAYS",
    "working_hours": "WORKING_HOURS",
    "working_hour": "WORKING_HOURS",
    "giờ làm việc": "WORKING_HOURS",
    "giờ": "WORKING_HOURS",
}
_SAME_DAY_WORDS = ("same_day", "trong ngày")


def parse_limit(text: str) -> TimeLimit:
    """A time limit written as on a procedure record or in a ledger.

    ``10 working_days`` / ``10 ngày làm việc``, ``15 calendar_days`` / ``15 ngày``,
    ``8 working_hours`` / ``8 giờ làm việc``, ``same_day`` / ``trong ngày``,
    optionally with a cut-off (``same_day 15:00``, ``trong ngày 15:00``).

    Raises:
        UsageError: text that is none of these.

    Example:
        >>> str(parse_limit("10 ngày làm việc")), str(parse_limit("10 working_days"))
        ('10 ngày làm việc', '10 ngày làm việc')
        >>> parse_limit("trong ngày 16:00").cutoff
        datetime.time(16, 0)
    """
    # TODO(server): use the core parser of limit text (TimeLimit.parse) once it is on main.
    from lapvo_cchc.deadlines import TimeLimit, TimeUnit

    words = " ".join(unicodedata.normalize("NFC", text).lower().split())
    for same in _SAME_DAY_WORDS:
        if words == same or words.startswith(same + " "):
            rest = words[len(same) :].strip()
            if not rest:
                return TimeLimit.same_day()
            try:
                return TimeLimit.same_day(cutoff=dt.time.fromisoformat(rest))
            except ValueError:
                break
    amount, _, unit = words.partition(" ")
    if amount.isdigit() and unit in _UNIT_WORDS:
        return TimeLimit(TimeUnit[_UNIT_WORDS[unit]], int(amount))
    raise UsageError(
        "LIMIT: expected a time limit such as '10 working_days', '10 ngày làm việc', "
        f"'15 ngày', '8 giờ làm việc' or 'trong ngày 15:00', got {text!r}"
    )


def parse_instant(text: str, what: str) -> dt.datetime:
    """An instant typed by a clerk; without a UTC offset it is Vietnam time (UTC+7).

    ISO 8601 (``2026-02-12T09:30``, ``2026-02-12 09:30+07:00``) or the Vietnamese
    day-first form ``12/02/2026 09:30``. A date alone is refused: the time of
    receipt matters (same-day cut-offs, working-hour limits).

    Raises:
        UsageError: text that is not such an instant.

    Example:
        >>> parse_instant("12/02/2026 09:30", "RECEIVED").isoformat()
        '2026-02-12T09:30:00+07:00'
        >>> parse_instant("2026-02-12T02:30Z", "RECEIVED").isoformat()
        '2026-02-12T09:30:00+07:00'
    """
    cleaned = text.strip()
    value: dt.datetime | None = None
    m = _DMY.match(cleaned)
    try:
        if m is not None and m[4] is not None:
            d, mo, y, h, mi, s = (int(g) if g else 0 for g in m.groups())
            value = dt.datetime(y, mo, d, h, mi, s)  # noqa: DTZ001 (zone set below)
        elif m is None and ("T" in cleaned or " " in cleaned):
            value = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        value = None
    if value is None:
        raise UsageError(f"{what}: expected a date and time such as {_INSTANT_HELP}, got {text!r}")
    if value.tzinfo is None:
        return value.replace(tzinfo=VIETNAM_TZ)
    return value.astimezone(VIETNAM_TZ)


# -- wording ------------------------------------------------------------------------------

_WEEKDAY = {
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_OUTCOME = {
    "vi": {
        "EARLY": "trước hạn",
        "ON_TIME": "đúng hạn",
        "LATE": "quá hạn",
        "IN_PROGRESS": "đang giải quyết trong hạn",
        "OVERDUE": "đang giải quyết quá hạn",
    },
    "en": {
        "EARLY": "early",
        "ON_TIME": "on time",
        "LATE": "late",
        "IN_PROGRESS": "in progress, within the limit",
        "OVERDUE": "overdue",
    },
}
_LABELS = {
    "vi": (
        "Tiếp nhận",
        "Thời hạn",
        "Hạn giải quyết",
        "Cách tính",
        "Quy định",
        "Tạm dừng",
        "Ngày nghỉ",
        "Kết quả",
        "Thủ tục",
    ),
    "en": (
        "Received",
        "Time limit",
        "Due",
        "Rule",
        "Regime",
        "Paused",
        "Days off",
        "Outcome",
        "Procedure",
    ),
}


_RULES = {
    "vi": {
        "WORKING_DAYS": "không tính ngày tiếp nhận; hạn là ngày làm việc thứ {n} sau đó, hết 24:00 "
        "(Bộ luật Dân sự 2015 Điều 147, 148)",
        "CALENDAR_DAYS": "ngày tiếp nhận + {n} ngày; ngày cuối là ngày nghỉ thì chuyển sang ngày "
        "làm việc tiếp theo; hết 24:00 (Bộ luật Dân sự 2015 Điều 147, 148)",
        "WORKING_HOURS": "{n} giờ làm việc tính từ lúc tiếp nhận, chỉ trong giờ hành chính",
        "SAME_DAY": "nhận trong ngày làm việc, không sau {cut}: trả trong ngày; nếu không: ngày "
        "làm việc tiếp theo; hết 24:00",
        "SAME_DAY_ANY": "nhận trong ngày làm việc: trả trong ngày (không có giờ chặn); nhận vào "
        "ngày nghỉ: ngày làm việc tiếp theo; hết 24:00",
    },
    "en": {
        "WORKING_DAYS": "the receipt day is not counted; due on working day {n} after it, until "
        "24:00 (Civil Code 2015 Art. 147-148)",
        "CALENDAR_DAYS": "receipt day + {n} days, a last day off moved to the next working day; "
        "until 24:00 (Civil Code 2015 Art. 147-148)",
        "WORKING_HOURS": "{n} hours of working time from the receipt, office hours only",
        "SAME_DAY": "received on a working day not after {cut}: due that day; otherwise the next "
        "working day; until 24:00",
        "SAME_DAY_ANY": "received on a working day: due that day (no cut-off); received on a day "
        "off: the next working day; until 24:00",
    },
}


def _rule(limit: TimeLimit, cutoff: dt.time | None, lang: str) -> str:
    unit = limit.unit.name
    if unit == "SAME_DAY" and cutoff is None:
        unit = "SAME_DAY_ANY"
    cut = "" if cutoff is None else f"{cutoff:%H:%M}"
    return _RULES[lang][unit].format(n=limit.amount, cut=cut)


def _limit_text(limit: TimeLimit, lang: str) -> str:
    if lang == "vi":
        return str(limit)
    unit, n = limit.unit.name, limit.amount
    if unit == "SAME_DAY":
        return "same day" + ("" if limit.cutoff is None else f" (cut-off {limit.cutoff:%H:%M})")
    word = {"WORKING_DAYS": "working day", "CALENDAR_DAYS": "day", "WORKING_HOURS": "working hour"}
    return f"{n} {word[unit]}{'s' * (n != 1)}"


def _day(day: dt.date, lang: str) -> str:
    return f"{day:%d/%m/%Y} ({_WEEKDAY[lang][day.weekday()]})"


def _at(instant: dt.datetime) -> str:
    return f"{instant:%d/%m/%Y %H:%M}"


def _duration(delta: dt.timedelta, lang: str) -> str:
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    words = ("ngày", "giờ", "phút") if lang == "vi" else ("d", "h", "min")
    parts = [f"{v} {w}" for v, w in zip((days, hours, mins), words, strict=True) if v]
    return " ".join(parts) or f"0 {words[2]}"


def _past_due(cal: WorkCalendar, deadline: Deadline, at: dt.datetime) -> dict[str, int]:
    """How far *at* lies past the deadline; negative: before it (as ``POST /deadline`` says).

    ``seconds`` from :attr:`Deadline.at`; ``calendar_days`` and ``working_days``
    from :attr:`Deadline.date` to AT's date, the working days being those
    stepped on walking from one to the other
    (:meth:`~lapvo_cchc.calendars.WorkCalendar.count_working_days`): due
    Thursday, finished the Monday after: 2; finished the Tuesday before: -2.
    Hour limits add ``working_seconds``, the working time from the due instant.
    """
    day = at.astimezone(VIETNAM_TZ).date()
    out = {
        "seconds": int((at - deadline.at).total_seconds()),
        "calendar_days": (day - deadline.date).days,
        "working_days": cal.count_working_days(deadline.date, day),
    }
    if deadline.limit.unit.name == "WORKING_HOURS":
        out["working_seconds"] = int(cal.working_time_between(deadline.at, at).total_seconds())
    return out


_MARGIN_WORDS = {
    "vi": {"EARLY": "sớm {}", "IN_PROGRESS": "còn {}", "LATE": "trễ {}", "OVERDUE": "trễ {}"},
    "en": {
        "EARLY": "{} early",
        "IN_PROGRESS": "{} left",
        "LATE": "{} late",
        "OVERDUE": "{} overdue",
    },
}


def _margin_text(past_due: dict[str, int], outcome: Outcome, lang: str) -> str:
    """The outcome and by how much, e.g. ``quá hạn, trễ 2 ngày làm việc (4 ngày lịch)``."""
    label = _OUTCOME[lang][outcome.name]
    if outcome.name == "ON_TIME":
        return label
    if "working_seconds" in past_due:
        amount = _duration(dt.timedelta(seconds=past_due["working_seconds"]), lang)
        amount += " làm việc" if lang == "vi" else " of working time"
    else:
        wd, cd = abs(past_due["working_days"]), abs(past_due["calendar_days"])
        amount = (
            f"{wd} ngày làm việc ({cd} ngày lịch)"
            if lang == "vi"
            else f"{wd} working day{'s' * (wd != 1)} ({cd} calendar day{'s' * (cd != 1)})"
        )
    return f"{label}, {_MARGIN_WORDS[lang][outcome.name].format(amount)}"


# -- the command --------------------------------------------------------------------------


def _skipped(cal: WorkCalendar, start: dt.date, end: dt.date, lang: str) -> list[dict[str, str]]:
    """Listed days off in (start, end]: the holidays the count stepped over."""
    days = []
    for year in range(start.year, end.year + 1):
        for off in cal.days_off(year):
            if start < off.date <= end:
                name = off.name if lang == "vi" else off.name_en
                days.append({"date": off.date.isoformat(), "name": name})
    return days


def run(args: argparse.Namespace) -> int:
    """Compute, classify and print (the ``due`` command's body)."""
    import warnings

    from lapvo_cchc.calendars import vietnam
    from lapvo_cchc.deadlines import classify, compute_deadline
    from lapvo_cchc.errors import ProvisionalCalendarWarning

    lang: str = args.lang
    received = parse_instant(args.received, "RECEIVED")
    procedure = None
    if args.procedure is not None:
        from lapvo_cchc.procedures import sample_catalog

        procedure = sample_catalog().get(args.procedure)
    limit: TimeLimit | Procedure
    if args.limit is not None:
        limit = parse_limit(args.limit)
    elif procedure is not None:
        limit = procedure  # its limit, and its own same-day cut-off if it has one
    else:
        raise UsageError("LIMIT: expected a time limit (or --procedure CODE), got none")
    pauses = [
        (parse_instant(a, "--pause FROM"), parse_instant(b, "--pause TO")) for a, b in args.pause
    ]
    finished = None if args.finished is None else parse_instant(args.finished, "--finished")
    as_of = None if args.as_of is None else parse_instant(args.as_of, "--as-of")
    for name, value in (("--finished", finished), ("--as-of", as_of)):
        if value is not None and value < received:
            raise UsageError(
                f"{name}: {value.isoformat()} is before RECEIVED {received.isoformat()}"
            )

    cal = vietnam()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ProvisionalCalendarWarning)
        deadline = compute_deadline(received, limit, calendar=cal, pauses=pauses)
        outcome = None
        checked: dt.datetime | None = None
        past_due: dict[str, int] = {}
        if finished is not None or as_of is not None:
            outcome = classify(deadline, finished_at=finished, as_of=as_of)
            checked = finished if outcome.finished else as_of
            past_due = _past_due(cal, deadline, checked or received)
        skipped = _skipped(cal, received.date(), deadline.date, lang)
    last = max(deadline.date, (finished or as_of or received).date())
    provisional = [
        y for y in range(received.year, last.year + 1) if caught and cal.is_provisional(y)
    ]
    regime = deadline.regime
    cutoff = deadline.limit.cutoff or regime.same_day_cutoff
    doc: dict[str, Any] = {
        "received_at": deadline.received_at.isoformat(),
        "limit": _limit_text(deadline.limit, lang),
        "due_date": deadline.date.isoformat(),
        "due_at": deadline.at.isoformat(),
        "rule": _rule(deadline.limit, cutoff, lang),
        "regime": {"name": regime.name, "title": regime.title, "legal_basis": regime.legal_basis},
        "pauses": [[a.isoformat(), b.isoformat()] for a, b in deadline.pauses],
        "days_off": skipped,
        "calendar": cal.name,
        "provisional_years": provisional,
    }
    if procedure is not None:
        doc["procedure"] = {"code": procedure.code.value, "name": procedure.name}
    if outcome is not None and checked is not None:
        doc["outcome"] = {
            "code": outcome.name,
            "value": outcome.value,
            "label": _OUTCOME[lang][outcome.name],
            "checked_at": checked.isoformat(),
            "past_due": past_due,
        }
    if args.format == "json":
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return 0
    _print_text(doc, deadline, outcome, lang)
    return 0


def _print_text(
    doc: dict[str, Any], deadline: Deadline, outcome: Outcome | None, lang: str
) -> None:
    labels = _LABELS[lang]
    width = max(len(label) for label in labels) + 1
    lines: list[tuple[str, str]] = []
    if "procedure" in doc:
        lines.append((labels[8], f"{doc['procedure']['code']} {doc['procedure']['name']}"))
    zone = "giờ Việt Nam, UTC+7" if lang == "vi" else "Vietnam time, UTC+7"
    lines.append((labels[0], f"{_at(deadline.received_at)} ({zone})"))
    lines.append((labels[1], doc["limit"]))
    if deadline.limit.unit.name == "WORKING_HOURS":
        due = f"{_day(deadline.date, lang)} {deadline.at:%H:%M}"
    else:
        until = "hết 24:00" if lang == "vi" else "until 24:00"
        due = f"{_day(deadline.date, lang)}, {until}"
    lines.append((labels[2], f"{due}  [{doc['due_at']}]"))
    lines.append((labels[3], doc["rule"]))
    basis = doc["regime"]["title" if lang == "vi" else "legal_basis"]
    lines.append((labels[4], f"{doc['regime']['name']}: {basis}"))
    lines.extend((labels[5], f"{_at(a)} → {_at(b)}") for a, b in deadline.pauses)
    lines.extend(
        (labels[6], f"{_day(dt.date.fromisoformat(off['date']), lang)} {off['name']}")
        for off in doc["days_off"]
    )
    if outcome is not None:
        lines.append((labels[7], _margin_text(doc["outcome"]["past_due"], outcome, lang)))
    out = sys.stdout
    previous = ""
    for label, text in lines:
        shown = "" if label == previous else label + ":"
        previous = label
        out.write(f"{shown:<{width + 1}} {text}\n")
    if doc["provisional_years"]:
        years = ", ".join(str(y) for y in doc["provisional_years"])
        out.write(
            f"TẠM TÍNH: chưa có lịch nghỉ chính thức năm {years}; "
            "ngày nghỉ theo Bộ luật Lao động.\n"
            if lang == "vi"
            else f"PROVISIONAL: no official schedule for {years}; days off from the Labour Code.\n"
        )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``due`` command to the sub-parsers *sub*.

    Example:
        >>> import argparse
        >>> parser = argparse.ArgumentParser()
        >>> register(parser.add_subparsers())
        >>> parser.parse_args(["due", "2026-02-12T09:30", "10 working_days"]).limit
        '10 working_days'
    """
    import argparse as ap

    cmd = sub.add_parser(
        "due",
        help="the legal due date of a dossier, and whether it is late",
        description=(
            "The legal due date and instant of a dossier received at RECEIVED with the\n"
            "time limit LIMIT, the rule that produced it and the days off it skipped,\n"
            "counted with the Vietnamese state-agency calendar. With --finished or\n"
            "--as-of it also says early, on time, late or overdue, and by how much.\n\n"
            "Instants: 2026-02-12T09:30, 2026-02-12 09:30 or 12/02/2026 09:30. An instant\n"
            "without a UTC offset means Vietnam time (UTC+7); 2026-02-12T02:30Z is the same."
        ),
        epilog="example: lapvo-cchc due 2026-02-12T09:30 '10 working_days'   (due 05/03/2026)",
        formatter_class=ap.RawDescriptionHelpFormatter,
    )
    cmd.add_argument("received", metavar="RECEIVED", help="receipt instant (naive = UTC+7)")
    cmd.add_argument(
        "limit",
        metavar="LIMIT",
        nargs="?",
        help="'10 working_days' or '10 ngày làm việc', '15 calendar_days' or '15 ngày', "
        "'8 working_hours' or '8 giờ làm việc', 'same_day [HH:MM]' or 'trong ngày [HH:MM]'; "
        "optional with --procedure",
    )
    cmd.add_argument(
        "--pause",
        nargs=2,
        metavar=("FROM", "TO"),
        action="append",
        default=[],
        help="the clock stopped from FROM (supplement requested) to TO (supplied); repeatable",
    )
    when = cmd.add_mutually_exclusive_group()
    when.add_argument("--finished", metavar="AT", help="when the dossier was finished")
    when.add_argument("--as-of", metavar="AT", help="not finished: its state at AT")
    cmd.add_argument(
        "--procedure",
        metavar="CODE",
        help="a procedure of the bundled sample catalogue (synthetic): its limit if no LIMIT",
    )
    cmd.add_argument("--lang", choices=["vi", "en"], default="vi")
    cmd.add_argument("--format", choices=["text", "json"], default="text")
    cmd.set_defaults(func=run)
