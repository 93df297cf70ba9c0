"""What the HTTP endpoints compute, without HTTP (private; standard library and lapvo_cchc only).

Each function takes already-read request parts (query strings, parsed JSON,
ledger text) and returns a JSON-ready dict, or raises
:class:`~lapvo_cchc.web._problems.Problem` naming the bad field.
Values travel in the ``lapvo-cchc/1`` format of :mod:`lapvo_cchc.adapters.json`
(its converter, :func:`~lapvo_cchc.adapters.json.encode` and
:func:`~lapvo_cchc.adapters.json.decode`); nothing here serializes a value a
second way.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from typing import TYPE_CHECKING, Any, Final, cast

from lapvo_cchc.adapters.json import FORMAT, decode, encode
from lapvo_cchc.calendars import MAX_YEAR, MIN_YEAR, DayOff
from lapvo_cchc.deadlines import Deadline, Regime, TimeLimit, compute_deadline
from lapvo_cchc.dossiers import Dossier
from lapvo_cchc.errors import DecodeError, LapvoError, UnknownProcedureError
from lapvo_cchc.web._outcome import outcome_json
from lapvo_cchc.web._problems import FieldError, Problem

if TYPE_CHECKING:
    from collections.abc import Iterable

    import cattrs

    from lapvo_cchc.calendars import WorkCalendar
    from lapvo_cchc.kpi import Period
    from lapvo_cchc.kpi.counting import Dimension
    from lapvo_cchc.plugins import Profile

_DATE_RE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_INT_RE: Final = re.compile(r"[+-]?\d{1,9}")
MAX_SHIFT: Final = 100_000
"""The largest |n| of the add-working-days endpoint (far beyond 1995-2199 anyway)."""
MAX_REPORT_DAYS: Final = 3660
"""The longest period a report request may cover (about ten years): bounds its cost."""
MAX_AMOUNT: Final = 100_000
"""The largest time-limit amount ``POST /deadline`` accepts (any unit)."""


class Context:
    """What every endpoint needs: the calendar and the ``lapvo-cchc/1`` converter."""

    __slots__ = ("calendar", "converter", "profiles", "regimes")

    def __init__(
        self,
        calendar: WorkCalendar,
        converter: cattrs.Converter,
        regimes: tuple[Regime, ...],
        profiles: dict[str, Profile],
    ) -> None:
        self.calendar = calendar
        self.converter = converter
        self.regimes = regimes
        self.profiles = profiles

    def provisional_years(self, a: dt.date, b: dt.date) -> list[int]:
        """The provisional years between two dates (either order), sorted."""
        lo, hi = sorted((a.year, b.year))
        return [y for y in range(lo, hi + 1) if self.calendar.is_provisional(y)]

    def day_off_json(self, day: DayOff) -> dict[str, Any]:
        """A day off as its ``lapvo-cchc/1`` data."""
        data: dict[str, Any] = encode(day, converter=self.converter)["data"]
        return data


# -- request parts ----------------------------------------------------------------------------


def query_date(params: dict[str, str], name: str) -> dt.date:
    """A required ``YYYY-MM-DD`` query parameter."""
    text = params.get(name)
    if text is None:
        raise Problem.invalid("query", name, "required parameter missing (YYYY-MM-DD)")
    try:
        day = dt.date.fromisoformat(text) if _DATE_RE.fullmatch(text) else None
    except ValueError:
        day = None
    if day is None:
        raise Problem.invalid("query", name, f"expected a date YYYY-MM-DD, got {text!r}")
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise Problem.invalid(
            "query", name, f"expected a date in {MIN_YEAR}..{MAX_YEAR}, got {text!r}"
        )
    return day


def query_int(params: dict[str, str], name: str, lo: int, hi: int) -> int:
    """A required integer query parameter in ``lo..hi``."""
    text = params.get(name)
    if text is None:
        raise Problem.invalid("query", name, f"required parameter missing (an integer {lo}..{hi})")
    if not _INT_RE.fullmatch(text) or not lo <= int(text) <= hi:
        raise Problem.invalid("query", name, f"expected an integer in {lo}..{hi}, got {text!r}")
    return int(text)


def path_year(text: str) -> int:
    """The ``{year}`` path segment, a year the calendar supports."""
    if not text.isascii() or not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise Problem.invalid(
            "path", "year", f"expected a year in {MIN_YEAR}..{MAX_YEAR}, got {text!r}"
        )
    return int(text)


def parse_json(raw: bytes) -> Any:
    """The JSON document of a request body (UTF-8)."""
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        # RecursionError: nesting deeper than the parser's recursion limit
        raise Problem(
            400, f"the body is not UTF-8 JSON: {exc}", [FieldError("body", "$", "not JSON")]
        ) from None


def body_object(doc: Any, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict[str, Any]:
    """Check the top-level object of a JSON body: its keys, all problems at once."""
    if not isinstance(doc, dict):
        raise Problem(
            422,
            "the body must be a JSON object",
            [FieldError("body", "$", f"expected an object, got {type(doc).__name__}")],
        )
    errors = [
        FieldError("body", f"$.{k}", "required field missing") for k in required if k not in doc
    ]
    errors += [FieldError("body", f"$.{k}", "unexpected field") for k in doc if k not in allowed]
    if errors:
        raise Problem(422, _summary(errors), errors)
    return doc


def _summary(errors: list[FieldError]) -> str:
    noun = "field" if len(errors) == 1 else "fields"
    return f"{len(errors)} bad {noun}: " + ", ".join(e.field for e in errors)


def _from_decode_error(exc: DecodeError, base: str, *, wrapped: bool = False) -> Problem:
    """Turn the json adapter's ``$.x: reason`` lines into field errors under *base*.

    *wrapped*: the value was put in an envelope here, so ``$.data`` is *base* itself.
    """
    lines = str(exc).splitlines()
    errors = []
    for line in lines[1:] or lines:
        path, sep, reason = line.partition(": ")
        if not sep or not path.startswith("$"):
            errors.append(FieldError("body", base, line))
            continue
        rest = path.removeprefix("$.data") if wrapped else path.removeprefix("$")
        errors.append(FieldError("body", base + rest, reason))
    return Problem(422, _summary(errors), errors)


def _decode_value(ctx: Context, value: Any, cls: type[Any], path: str) -> Any:
    """A value of *cls* from its ``lapvo-cchc/1`` data at *path* of the body."""
    try:
        return ctx.converter.structure(value, cls)
    except LapvoError as exc:
        raise Problem.invalid("body", path, str(exc)) from None


def _instant(ctx: Context, value: Any, path: str) -> dt.datetime:
    instant: dt.datetime = _decode_value(ctx, value, dt.datetime, path)
    if not MIN_YEAR <= instant.year <= MAX_YEAR:  # also keeps offset arithmetic in range
        raise Problem.invalid("body", path, f"expected an instant in {MIN_YEAR}..{MAX_YEAR}")
    return instant


def _regime(ctx: Context, value: Any, path: str) -> Regime | None:
    if value is None:
        return None
    names = [r.name for r in ctx.regimes]
    for regime in ctx.regimes:
        if value == regime.name:
            return regime
    raise Problem.invalid("body", path, f"expected one of {names} or null, got {value!r}")


# -- endpoints --------------------------------------------------------------------------------


def days_off(ctx: Context, year_text: str) -> dict[str, Any]:
    """``GET /calendar/{year}/days-off``."""
    year = path_year(year_text)
    cal = ctx.calendar
    return {
        "year": year,
        "provisional": cal.is_provisional(year),
        "days_off": [ctx.day_off_json(d) for d in cal.days_off(year)],
        "makeup_workdays": [d.isoformat() for d in cal.makeup_workdays(year)],
    }


def working_day(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    """``GET /calendar/working-day?date=``."""
    day = query_date(params, "date")
    cal = ctx.calendar
    entry = next((d for d in cal.days_off(day.year) if d.date == day), None)
    return {
        "date": day.isoformat(),
        "is_working_day": cal.is_working_day(day),
        "day_off": None if entry is None else ctx.day_off_json(entry),
        "makeup_workday": day in cal.makeup_workdays(day.year),
        "provisional": cal.is_provisional(day.year),
    }


def add_working_days(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    """``GET /calendar/add-working-days?date=&n=``."""
    day = query_date(params, "date")
    n = query_int(params, "n", -MAX_SHIFT, MAX_SHIFT)
    try:
        result = ctx.calendar.add_working_days(day, n)
    except LapvoError as exc:
        raise Problem.invalid("query", "n", str(exc)) from None
    return {
        "date": day.isoformat(),
        "n": n,
        "result": result.isoformat(),
        "provisional_years": ctx.provisional_years(day, result),
    }


def _deadline_json(ctx: Context, deadline: Deadline) -> dict[str, Any]:
    return {
        "date": deadline.date.isoformat(),
        "at": deadline.at.isoformat(),
        "regime": deadline.regime_name,
        "provisional_years": ctx.provisional_years(deadline.received_at.date(), deadline.date),
        "deadline": encode(deadline, converter=ctx.converter),
    }


def _time_limit(ctx: Context, value: Any) -> TimeLimit:
    """``$.time_limit``: a text (``"10 working_days"``, ``"10 ngày làm việc"``) or an object."""
    if isinstance(value, str):
        try:
            limit = TimeLimit.parse(value)
        except LapvoError as exc:
            raise Problem.invalid("body", "$.time_limit", str(exc)) from None
    else:
        try:
            envelope = {"format": FORMAT, "kind": "time-limit", "data": value}
            limit = decode(envelope, TimeLimit, converter=ctx.converter)
        except DecodeError as exc:
            raise _from_decode_error(exc, "$.time_limit", wrapped=True) from None
    if limit.amount > MAX_AMOUNT:
        # Far beyond any legal limit; keeps date arithmetic inside the calendar's range.
        field = "$.time_limit" if isinstance(value, str) else "$.time_limit.amount"
        raise Problem.invalid("body", field, f"expected at most {MAX_AMOUNT}, got {limit.amount}")
    return limit


def deadline(ctx: Context, doc: Any) -> dict[str, Any]:
    """``POST /deadline``: received_at + time_limit + pauses (+ regime) → the due date.

    With ``finished_at`` and/or ``as_of`` the answer also says the outcome and
    by how much (:func:`~lapvo_cchc.web._outcome.outcome_json`).
    """
    body = body_object(
        doc,
        ("received_at", "time_limit", "pauses", "regime", "finished_at", "as_of"),
        ("received_at", "time_limit"),
    )
    errors: list[FieldError] = []
    received: dt.datetime | None = None
    limit: TimeLimit | None = None
    pauses: list[tuple[dt.datetime, dt.datetime]] = []
    regime: Regime | None = None
    try:
        received = _instant(ctx, body["received_at"], "$.received_at")
    except Problem as p:
        errors += p.errors
    try:
        limit = _time_limit(ctx, body["time_limit"])
    except Problem as p:
        errors += p.errors
    raw_pauses = body.get("pauses", [])
    if not isinstance(raw_pauses, list):
        errors.append(
            FieldError("body", "$.pauses", "expected an array of [requested_at, supplied_at]")
        )
    else:
        for i, pair in enumerate(raw_pauses):
            if not isinstance(pair, list) or len(pair) != 2:
                errors.append(
                    FieldError("body", f"$.pauses[{i}]", "expected [requested_at, supplied_at]")
                )
                continue
            try:
                pauses.append(
                    (
                        _instant(ctx, pair[0], f"$.pauses[{i}][0]"),
                        _instant(ctx, pair[1], f"$.pauses[{i}][1]"),
                    )
                )
            except Problem as p:
                errors += p.errors
    try:
        regime = _regime(ctx, body.get("regime"), "$.regime")
    except Problem as p:
        errors += p.errors
    judged: dict[str, dt.datetime | None] = {"finished_at": None, "as_of": None}
    for name in judged:
        try:
            if body.get(name) is not None:
                judged[name] = _instant(ctx, body[name], f"$.{name}")
        except Problem as p:
            errors += p.errors
    if errors or received is None or limit is None:
        raise Problem(422, _summary(errors), errors)
    try:
        result = compute_deadline(
            received, limit, calendar=ctx.calendar, regime=regime, pauses=pauses
        )
    except LapvoError as exc:
        field = "$.pauses" if pauses and "pause" in str(exc).lower() else "$.time_limit"
        raise Problem.invalid("body", field, str(exc)) from None
    outcome = outcome_json(
        ctx.calendar, result, finished_at=judged["finished_at"], as_of=judged["as_of"]
    )
    return {**_deadline_json(ctx, result), **outcome}


def classify_dossier(ctx: Context, doc: Any) -> dict[str, Any]:
    """``POST /dossiers/classify``: a dossier (``lapvo-cchc/1``) → its state, deadline, outcome."""
    body = body_object(doc, ("dossier", "as_of", "regime"), ("dossier",))
    try:
        dossier = decode(body["dossier"], Dossier, converter=ctx.converter)
    except DecodeError as exc:
        raise _from_decode_error(exc, "$.dossier") from None
    as_of = None if body.get("as_of") is None else _instant(ctx, body["as_of"], "$.as_of")
    regime = _regime(ctx, body.get("regime"), "$.regime")
    try:
        clock = dossier.deadline(calendar=ctx.calendar, regime=regime)
        appointment = dossier.appointment(calendar=ctx.calendar, regime=regime)
        outcome = dossier.outcome(calendar=ctx.calendar, as_of=as_of, regime=regime)
    except UnknownProcedureError as exc:
        raise Problem.invalid("body", "$.dossier.data.procedure_code", str(exc)) from None
    except LapvoError as exc:
        field = "$.as_of" if as_of is None or "as_of" in str(exc) else "$.dossier"
        raise Problem.invalid("body", field, str(exc)) from None
    state = dossier.state
    return {
        "code": str(dossier.code),
        "state": state.name,
        "state_label": state.value,
        "finished": state.finished,
        "deadline": None if clock is None else _deadline_json(ctx, clock),
        "appointment": None if appointment is None else appointment.isoformat(),
        "outcome": None if outcome is None else outcome.name,
        "outcome_label": None if outcome is None else outcome.value,
    }


MAX_REJECTED_SHOWN: Final = 100
"""How many rejected ledger rows a report response lists (the count is always complete)."""


class ReportQuery:
    """The checked query of a report request: period, dimensions, ledger profile."""

    __slots__ = ("dimensions", "period", "profile")

    def __init__(
        self, period: Period, dimensions: list[Dimension] | None, profile: Profile
    ) -> None:
        self.period = period
        self.dimensions = dimensions
        self.profile = profile


def report_query(
    params: dict[str, str], by: list[str], profiles: dict[str, Profile]
) -> ReportQuery:
    """The query of ``POST /kpi/report?period=&by=&profile=``, checked before the body is read.

    *profiles* are the ledger profiles a request may name (the app's registry's).
    """
    from lapvo_cchc.kpi import DIMENSIONS, Period

    text = params.get("period")
    if text is None:
        raise Problem.invalid("query", "period", "required parameter missing (e.g. 2020-H1)")
    try:
        period = Period.parse(text)
    except LapvoError as exc:
        raise Problem.invalid("query", "period", str(exc)) from None
    if period.days > MAX_REPORT_DAYS:
        raise Problem.invalid(
            "query", "period", f"expected a period of at most {MAX_REPORT_DAYS} days, got {text!r}"
        )
    dims = [d for item in by for d in item.split(",") if d]
    bad = [d for d in dims if d not in DIMENSIONS]
    if bad or len(set(dims)) != len(dims):
        raise Problem.invalid(
            "query", "by", f"expected distinct dimensions among {', '.join(DIMENSIONS)}, got {dims}"
        )
    profile_name = params.get("profile", "flat")
    profile = profiles.get(profile_name)
    if profile is None:
        known = ", ".join(repr(name) for name in sorted(profiles))
        raise Problem.invalid(
            "query", "profile", f"profile: expected one of {known}, got {profile_name!r}"
        )
    return ReportQuery(period, cast("list[Dimension]", dims) or None, profile)


def kpi_report(ctx: Context, query: ReportQuery, lines: Iterable[str]) -> dict[str, Any]:
    """``POST /kpi/report``: the standard report of a flat CSV ledger, read line by line.

    *lines* are text lines with their ends (a file opened with ``newline=""``,
    or the streamed request body); nothing here holds the whole ledger.
    """
    from lapvo_cchc.adapters.ledger import LedgerError, LedgerReader
    from lapvo_cchc.kpi import report

    reader = LedgerReader(lines, calendar=ctx.calendar, profile=query.profile)
    try:
        rep = report(reader, query.period, by=query.dimensions, calendar=ctx.calendar)
    except LedgerError as exc:
        raise Problem.invalid("body", "$", str(exc)) from None
    except csv.Error as exc:  # e.g. a NUL byte: the CSV module refuses the whole file
        raise Problem.invalid("body", "$", f"not a CSV ledger: {exc}") from None
    return {
        "report": json.loads(rep.to_json(indent=None)),
        "ledger": {
            "rows_read": reader.rows_read,
            "accepted": reader.accepted,
            "rejected": len(reader.errors),
            "errors": [
                {"line": e.line, "column": e.column, "reason": e.reason}
                for e in reader.errors[:MAX_REJECTED_SHOWN]
            ],
        },
    }
