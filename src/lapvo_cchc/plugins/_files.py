r"""Calendars and procedure catalogues as TOML files (private; see :mod:`lapvo_cchc.plugins`).

A calendar file names a base calendar and lists an agency's or province's
own days off, extra working days and hours; a catalogue file lists a
province's procedures with its locally shortened time limits and the names of
its agencies. Both are read with the standard library's :mod:`tomllib`.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from typing import TYPE_CHECKING, Any

import attrs

from lapvo_cchc.calendars import DayOff, DayOffKind, Session, WorkCalendar
from lapvo_cchc.deadlines import TimeLimit, TimeUnit
from lapvo_cchc.errors import DecodeError, LapvoError
from lapvo_cchc.procedures import InMemoryCatalog, Level, OnlineLevel, Procedure, ProcedureCode

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping
    from importlib.resources.abc import Traversable

__all__ = ["CatalogPack", "parse_calendar", "parse_catalog", "parse_time_limit", "read_text"]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def read_text(source: str | os.PathLike[str] | Traversable) -> tuple[str, str]:
    """The UTF-8 text of a file or package resource, and its name for messages.

    Example:
        >>> from importlib import resources
        >>> text, origin = read_text(resources.files("lapvo_cchc.plugins") / "profiles" / "vi.toml")
        >>> origin.endswith("vi.toml")
        True
    """
    if isinstance(source, (str, os.PathLike)):
        with open(source, encoding="utf-8") as fh:
            return fh.read(), os.fspath(source)
    return source.read_text(encoding="utf-8"), str(source)


def _toml(text: str, origin: str, what: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DecodeError(f"{origin}: not a valid TOML {what}: {exc}") from None


def parse_time_limit(text: str, where: str) -> TimeLimit:
    """A time limit written ``10 working_days``, ``8 working_hours``, ``same_day 15:00``.

    Raises:
        DecodeError: another form (the message names *where*).

    Example:
        >>> print(parse_time_limit("3 working_days", "x"))
        3 ngày làm việc
    """
    parts = str(text).split()
    try:
        if parts and parts[0] == "same_day" and len(parts) <= 2:
            cutoff = dt.time.fromisoformat(parts[1]) if len(parts) == 2 else None
            return TimeLimit.same_day(cutoff)
        if len(parts) == 2 and parts[0].isdigit():
            return TimeLimit(TimeUnit[parts[1].upper()], int(parts[0]))
    except (KeyError, ValueError, LapvoError):
        pass
    raise DecodeError(
        f"{where}: expected a time limit like '10 working_days', '8 working_hours', "
        f"'30 calendar_days' or 'same_day 15:00', got {text!r}"
    )


def _date(value: object, where: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise DecodeError(f"{where}: expected a TOML date such as 2026-03-02, got {value!r}")


def _sessions(value: object, where: str) -> list[Session]:
    if not isinstance(value, list):
        raise DecodeError(f"{where}: expected a list of [start, end] pairs, got {value!r}")
    out = []
    for pair in value:
        if not (isinstance(pair, list) and len(pair) == 2):
            raise DecodeError(f"{where}: expected a [start, end] pair, got {pair!r}")
        try:
            start, end = (p if isinstance(p, dt.time) else dt.time.fromisoformat(p) for p in pair)
            out.append(Session(start, end))
        except (TypeError, ValueError, LapvoError) as exc:
            raise DecodeError(f"{where}: {pair!r}: {exc}") from None
    return out


def _days_off(items: object, origin: str) -> Iterator[DayOff | dt.date]:
    if not isinstance(items, list):
        raise DecodeError(f"{origin}: expected days_off to be a list, got {items!r}")
    for i, item in enumerate(items):
        where = f"{origin}: days_off[{i}]"
        if not isinstance(item, dict):
            yield _date(item, where)
            continue
        try:
            yield DayOff(
                date=_date(item.get("date"), where),
                kind=DayOffKind.HOLIDAY,
                name=str(item.get("name", "Ngày nghỉ của cơ quan, địa phương")),
                name_en=str(item.get("name_en", "Local day off")),
                basis=str(item.get("basis", "")),
            )
        except LapvoError as exc:
            raise DecodeError(f"{where}: {exc}") from None


def parse_calendar(
    text: str, *, base: Callable[[str], WorkCalendar], origin: str = "<string>"
) -> WorkCalendar:
    r"""A calendar from a TOML overlay file: a base calendar plus local days and hours.

    Keys: ``name``, ``base`` (a calendar name, default ``vietnam``),
    ``days_off`` (dates, or tables with ``date``, ``name``, ``name_en``,
    ``basis``), ``working_days`` (dates worked although off) and an optional
    ``[hours]`` table: ``sessions`` (every weekday Monday-Friday) and per-day
    keys ``monday`` ... ``sunday``, each a list of ``["07:00", "11:30"]`` pairs.

    Args:
        text: The TOML text.
        base: Gives the base calendar by name (e.g. a registry's lookup).
        origin: Where the text came from, for messages.

    Raises:
        DecodeError: not a calendar file (the message names *origin* and the key).

    Example:
        >>> from lapvo_cchc.calendars import vietnam
        >>> cal = parse_calendar('name = "x"\ndays_off = [2026-03-02]', base=lambda n: vietnam())
        >>> cal.name, cal.is_working_day(dt.date(2026, 3, 2))
        ('x', False)
    """
    data = _toml(text, origin, "calendar")
    name = str(data.get("name") or origin)
    base_calendar = base(str(data.get("base", "vietnam")))
    days_off = list(_days_off(data.get("days_off", []), origin))
    worked = data.get("working_days", [])
    if not isinstance(worked, list):
        raise DecodeError(f"{origin}: expected working_days to be a list, got {worked!r}")
    working = [_date(d, f"{origin}: working_days[{i}]") for i, d in enumerate(worked)]
    hours = data.get("hours", {})
    if not isinstance(hours, dict):
        raise DecodeError(f"{origin}: expected [hours] to be a table, got {hours!r}")
    unknown = sorted(set(hours) - {"sessions", *_WEEKDAYS})
    if unknown:
        raise DecodeError(f"{origin}: [hours] has unknown keys {', '.join(unknown)}")
    sessions: dict[int, list[Session]] = {}
    if "sessions" in hours:
        every = _sessions(hours["sessions"], f"{origin}: hours.sessions")
        sessions.update(dict.fromkeys(range(5), every))
    for weekday, key in enumerate(_WEEKDAYS):
        if key in hours:
            sessions[weekday] = _sessions(hours[key], f"{origin}: hours.{key}")
    try:
        return base_calendar.derive(
            extra_days_off=days_off,
            extra_working_days=working,
            sessions=sessions or None,
            name=name,
        )
    except LapvoError as exc:
        raise DecodeError(f"{origin}: {exc}") from None


def _agencies(
    value: Mapping[str, str] | tuple[tuple[str, str], ...],
) -> tuple[tuple[str, str], ...]:
    items = value.items() if hasattr(value, "items") else value
    return tuple((str(code), str(name)) for code, name in items)


@attrs.frozen(kw_only=True)
class CatalogPack:
    """A procedure catalogue as a plugin: procedures, agency names and the act behind them.

    Attributes:
        name: The catalogue's name (``--catalog NAME``).
        catalog: The procedures (their locally shortened time limits in
            ``time_limit``, the statutory ones in ``statutory_time_limit``).
        agencies: ``(agency code, name)`` pairs, for reports by agency.
        basis: The provincial decision that published the list.
        description: One line for ``lapvo-cchc plugins``.

    Example:
        >>> from lapvo_cchc.procedures import sample_catalog
        >>> pack = CatalogPack(name="s", catalog=sample_catalog(), agencies={"875": "Lấp Vò"})
        >>> pack.agency_names()["875"], len(pack.catalog) > 0
        ('Lấp Vò', True)
    """

    name: str
    catalog: InMemoryCatalog = attrs.field(eq=False)
    agencies: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_agencies)
    basis: str = ""
    description: str = ""

    def agency_names(self) -> dict[str, str]:
        """Agency code → name.

        Example:
            >>> from lapvo_cchc.procedures import sample_catalog
            >>> CatalogPack(name="s", catalog=sample_catalog()).agency_names()
            {}
        """
        return dict(self.agencies)

    def procedure_names(self) -> dict[str, str]:
        """Procedure code → name.

        Example:
            >>> from lapvo_cchc.procedures import sample_catalog
            >>> CatalogPack(name="s", catalog=sample_catalog()).procedure_names()["1.001193"]
            'Đăng ký khai sinh'
        """
        return {str(p.code): p.name for p in self.catalog}

    def time_limits(self) -> dict[str, TimeLimit]:
        """Procedure code → its time limit in this catalogue.

        Example:
            >>> from lapvo_cchc.procedures import sample_catalog
            >>> print(CatalogPack(name="s", catalog=sample_catalog()).time_limits()["1.001612"])
            3 ngày làm việc
        """
        return {str(p.code): p.time_limit for p in self.catalog}


def _procedure(item: Mapping[str, Any], where: str, basis: str) -> Procedure:
    statutory = item.get("statutory_time_limit")
    try:
        return Procedure(
            code=ProcedureCode(str(item["code"])),
            name=str(item["name"]),
            field=str(item["field"]),
            levels=[Level[str(level).upper()] for level in item.get("levels", ["commune"])],
            time_limit=parse_time_limit(item["time_limit"], f"{where}.time_limit"),
            online_level=OnlineLevel[str(item.get("online_level", "partial")).upper()],
            fee=int(item.get("fee", 0)),
            agencies=tuple(item.get("agencies", ())),
            legal_basis=str(item.get("legal_basis", "")),
            statutory_time_limit=(
                None
                if statutory is None
                else parse_time_limit(statutory, f"{where}.statutory_time_limit")
            ),
            shortening_basis=str(item.get("shortening_basis", basis if statutory else "")),
        )
    except KeyError as exc:
        raise DecodeError(f"{where}: missing or unknown value {exc}") from None
    except (ValueError, TypeError, LapvoError) as exc:
        raise DecodeError(f"{where}: {exc}") from None


def parse_catalog(text: str, *, origin: str = "<string>") -> CatalogPack:
    """A :class:`CatalogPack` from a TOML catalogue file.

    Keys: ``name``, ``basis`` (the decision that published the list),
    ``description``, an ``[agencies]`` table (code → name) and
    ``[[procedures]]`` entries with ``code``, ``name``, ``field``, ``levels``
    (``province`` / ``district`` / ``commune``), ``time_limit`` (the local one,
    e.g. ``"3 working_days"``), ``statutory_time_limit`` (the law's, when
    shortened), ``online_level`` (``full``, ``partial``, ``level_1`` ... ``level_4``; default
    ``partial``), ``fee``.

    Raises:
        DecodeError: not a catalogue (the message names *origin* and the entry).

    Example:
        >>> pack = parse_catalog('''
        ... name = "t"
        ... basis = "QĐ 1/2024/QĐ-UBND"
        ... [agencies]
        ... "875" = "UBND huyện Lấp Vò"
        ... [[procedures]]
        ... code = "1.001193"
        ... name = "Đăng ký khai sinh"
        ... field = "Hộ tịch"
        ... time_limit = "same_day"
        ... statutory_time_limit = "3 working_days"
        ... ''')
        >>> p = pack.catalog.get("1.001193")
        >>> p.is_locally_shortened, p.shortening_basis
        (True, 'QĐ 1/2024/QĐ-UBND')
    """
    data = _toml(text, origin, "catalogue")
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise DecodeError(f'{origin}: expected a catalogue name (name = "..."), got {name!r}')
    basis = str(data.get("basis", ""))
    items = data.get("procedures", [])
    if not isinstance(items, list):
        raise DecodeError(f"{origin}: expected [[procedures]] entries, got {items!r}")
    procedures = [
        _procedure(item, f"{origin}: procedures[{i}] ({item.get('code')!r})", basis)
        for i, item in enumerate(items)
    ]
    agencies = data.get("agencies", {})
    if not isinstance(agencies, dict):
        raise DecodeError(f"{origin}: expected [agencies] to be a table, got {agencies!r}")
    try:
        catalog = InMemoryCatalog(procedures)
    except LapvoError as exc:
        raise DecodeError(f"{origin}: {exc}") from None
    return CatalogPack(
        name=name,
        catalog=catalog,
        agencies=agencies,
        basis=basis,
        description=str(data.get("description", "")),
    )
