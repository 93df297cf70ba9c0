"""The cattrs converter of the JSON format and its tables of kinds and event tags (private)."""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from lapvo_cchc.calendars import DayOff
from lapvo_cchc.deadlines import BUILTIN_REGIMES, Deadline, Regime, TimeLimit, TimeUnit
from lapvo_cchc.dossiers import (
    EVENT_NAMES,
    Dossier,
    Event,
)
from lapvo_cchc.errors import DecodeError, InvalidTimeLimitError, NaiveDatetimeError
from lapvo_cchc.procedures import AgencyCode, DossierCode, FieldCode, Procedure, ProcedureCode, Step

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

__all__ = ["EVENT_TYPES", "FORMAT", "KINDS", "make_converter"]

FORMAT: Final = "lapvo-cchc/1"
"""The format tag of every envelope this module writes and the only one it reads."""

KINDS: Final[Mapping[str, type[Any]]] = types.MappingProxyType(
    {
        "time-limit": TimeLimit,
        "day-off": DayOff,
        "step": Step,
        "procedure": Procedure,
        "event": Event,
        "dossier": Dossier,
        "deadline": Deadline,
    }
)
"""Envelope ``kind`` → the class it holds (read-only).

Example:
    >>> KINDS["dossier"].__name__
    'Dossier'
"""

_KIND_OF: Final = {cls: kind for kind, cls in KINDS.items()}

EVENT_TYPES: Final[Mapping[str, type[Event]]] = EVENT_NAMES
"""Event ``type`` tag → event class (read-only): :data:`lapvo_cchc.dossiers.EVENT_NAMES`.

The tags are the stable wire names of the one table of event names.

Example:
    >>> EVENT_TYPES["supplement_requested"].__name__
    'SupplementRequested'
"""
_TAG_OF: Final = {cls: tag for tag, cls in EVENT_TYPES.items()}

_CODES: Final = (AgencyCode, DossierCode, FieldCode, ProcedureCode)
_ATTRS_CLASSES: Final = (
    TimeLimit,
    DayOff,
    Step,
    Procedure,
    Deadline,
    Dossier,
    *EVENT_TYPES.values(),
)
# Names the core modules import only for type checking; resolving their string annotations
# needs them (attrs.resolve_types is idempotent and only fills in Attribute.type).
_TYPE_NAMESPACE: Final = {
    "dt": dt,
    "TimeLimit": TimeLimit,
    "Event": Event,
    "Step": Step,
    "Regime": Regime,
}

T = TypeVar("T")


def _resolve() -> None:
    for cls in _ATTRS_CLASSES:
        attrs.resolve_types(cls, localns=_TYPE_NAMESPACE)


# -- scalar hooks ---------------------------------------------------------------------------


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise DecodeError(f"expected a string, got {_type_name(value)} {value!r}")
    return value


def _structure_int(value: object, _: object) -> int:
    if type(value) is not int:
        raise DecodeError(f"expected an integer, got {_type_name(value)} {value!r}")
    return value


def _structure_bool(value: object, _: object) -> bool:
    if type(value) is not bool:
        raise DecodeError(f"expected true or false, got {_type_name(value)} {value!r}")
    return value


_DATE_RE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME_RE: Final = re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")
_DATETIME_RE: Final = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}(:\d{2})?)?"
)


def _structure_datetime(value: object, _: object) -> dt.datetime:
    if not isinstance(value, str) or not _DATETIME_RE.fullmatch(value):
        raise DecodeError(
            f"expected an ISO 8601 instant with its offset (2026-03-02T08:30:00+07:00), "
            f"got {_type_name(value)} {value!r}"
        )
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise DecodeError(f"expected an ISO 8601 instant, got the invalid {value!r}") from None
    if parsed.tzinfo is None:
        raise NaiveDatetimeError(
            f"expected an instant with its UTC offset, got naive {value!r} "
            "(append +07:00 for Vietnam time)"
        )
    return parsed


def _structure_date(value: object, _: object) -> dt.date:
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        raise DecodeError(f"expected a date YYYY-MM-DD, got {_type_name(value)} {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DecodeError(f"expected a date YYYY-MM-DD, got the invalid {value!r}") from None


def _structure_time(value: object, _: object) -> dt.time:
    if not isinstance(value, str) or not _TIME_RE.fullmatch(value):
        raise DecodeError(
            f"expected a wall-clock time HH:MM:SS without offset, got {_type_name(value)} {value!r}"
        )
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise DecodeError(f"expected a time HH:MM:SS, got the invalid {value!r}") from None


def _unstructure_datetime(value: dt.datetime) -> str:
    return value.isoformat()


def _unstructure_date(value: dt.date) -> str:
    return value.isoformat()


def _unstructure_time(value: dt.time) -> str:
    return value.isoformat()


def _structure_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in cls)
        raise DecodeError(
            f"expected one of {allowed} ({cls.__name__}), got {_type_name(value)} {value!r}"
        ) from None


def _structure_unit(value: object, _: object) -> TimeUnit:
    """A time unit by any name TimeUnit.parse knows (``working_days``, ``ngày làm việc``)."""
    if isinstance(value, str):
        try:
            return TimeUnit.parse(value)
        except InvalidTimeLimitError:
            pass
    allowed = ", ".join(repr(m.value) for m in TimeUnit)
    english = ", ".join(repr(m.name.lower()) for m in TimeUnit)
    raise DecodeError(
        f"expected one of {allowed} or {english} (TimeUnit), got {_type_name(value)} {value!r}"
    )


def _code_hooks(
    cls: type[AgencyCode | DossierCode | FieldCode | ProcedureCode],
) -> Callable[[object, object], Any]:
    def structure(value: object, _: object) -> Any:
        if not isinstance(value, str):
            raise DecodeError(
                f"expected a {cls.__name__} string, got {_type_name(value)} {value!r}"
            )
        return cls(value)

    return structure


def _regime_hooks(
    regimes: Sequence[Regime],
) -> tuple[Callable[[object, object], Regime], Callable[[Regime], str]]:
    by_name = {regime.name: regime for regime in regimes}

    def structure(value: object, _: object) -> Regime:
        if not isinstance(value, str) or value not in by_name:
            raise DecodeError(
                f"expected a regime name ({', '.join(map(repr, by_name))}), "
                f"got {_type_name(value)} {value!r}"
            )
        return by_name[value]

    def unstructure(value: Regime) -> str:
        if by_name.get(value.name) != value:
            raise DecodeError(
                f"regime {value.name!r} is not among the converter's regimes; "
                "pass it to make_converter(regimes=...)"
            )
        return value.name

    return structure, unstructure


# -- events ---------------------------------------------------------------------------------


def _event_hooks(
    converter: cattrs.Converter,
) -> tuple[Callable[[object, object], Event], Callable[[Event], dict[str, Any]]]:
    structurers = {
        tag: make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)
        for tag, cls in EVENT_TYPES.items()
    }
    unstructurers = {cls: make_dict_unstructure_fn(cls, converter) for cls in EVENT_TYPES.values()}

    def structure(value: object, _: object) -> Event:
        if not isinstance(value, dict):
            raise DecodeError(f"expected an event object, got {_type_name(value)} {value!r}")
        tag = value.get("type")
        if tag not in structurers:
            raise DecodeError(
                f"expected an event with a 'type' among {', '.join(EVENT_TYPES)}, got {tag!r}"
            )
        body = {k: v for k, v in value.items() if k != "type"}
        event: Event = structurers[tag](body, EVENT_TYPES[tag])
        return event

    def unstructure(value: Event) -> dict[str, Any]:
        cls = type(value)
        if cls not in unstructurers:
            raise DecodeError(f"no JSON encoding for the event type {cls.__name__}")
        return {"type": _TAG_OF[cls], **unstructurers[cls](value)}

    return structure, unstructure


# -- the converter --------------------------------------------------------------------------


def make_converter(*, regimes: Sequence[Regime] = BUILTIN_REGIMES) -> cattrs.Converter:
    """A new cattrs converter for the ``lapvo-cchc/1`` format.

    The converter turns lapvo_cchc values into JSON-ready builtins and back
    (``unstructure`` / ``structure``), with strict scalars (no ``"5"`` for
    an int), forbidden extra keys and detailed validation. Use it to embed
    lapvo_cchc values inside your own attrs classes; :func:`encode` and
    :func:`decode` add the envelope and turn its errors into
    :class:`~lapvo_cchc.errors.DecodeError`.

    Args:
        regimes: the deadline regimes a :class:`~lapvo_cchc.deadlines.Deadline`
            may name (encoded by :attr:`~lapvo_cchc.deadlines.Regime.name`).

    Returns:
        A fresh converter; each call builds a new one, nothing is shared.

    Example:
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> converter = make_converter()
        >>> converter.unstructure(TimeLimit.working_days(3))
        {'unit': 'ngày làm việc', 'amount': 3, 'cutoff': None}
        >>> converter.structure({"unit": "ngày", "amount": 5}, TimeLimit)
        TimeLimit(unit=<TimeUnit.CALENDAR_DAYS: 'ngày'>, amount=5, cutoff=None)
        >>> converter.structure({"unit": "working_days", "amount": 5}, TimeLimit).unit.name
        'WORKING_DAYS'

        A time unit is read by any name :meth:`~lapvo_cchc.deadlines.TimeUnit.parse`
        knows (English or Vietnamese) and always written in Vietnamese.
    """
    _resolve()
    converter = cattrs.Converter(
        detailed_validation=True,
        forbid_extra_keys=True,
        unstruct_collection_overrides={tuple: list},  # JSON arrays, pairs included
    )
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(dt.datetime, _structure_datetime)
    converter.register_unstructure_hook(dt.datetime, _unstructure_datetime)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_unstructure_hook(dt.date, _unstructure_date)
    converter.register_structure_hook(dt.time, _structure_time)
    converter.register_unstructure_hook(dt.time, _unstructure_time)
    converter.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _structure_enum
    )
    converter.register_structure_hook(TimeUnit, _structure_unit)
    for code in _CODES:
        converter.register_structure_hook(code, _code_hooks(code))
        converter.register_unstructure_hook(code, str)
    structure_regime, unstructure_regime = _regime_hooks(regimes)
    converter.register_structure_hook(Regime, structure_regime)
    converter.register_unstructure_hook(Regime, unstructure_regime)
    structure_event, unstructure_event = _event_hooks(converter)
    converter.register_structure_hook(Event, structure_event)
    for cls in (Event, *EVENT_TYPES.values()):
        converter.register_unstructure_hook(cls, unstructure_event)
    return converter


# -- envelope and errors --------------------------------------------------------------------
