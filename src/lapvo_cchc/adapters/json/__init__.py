"""The versioned JSON format of lapvo_cchc values (format ``lapvo-cchc/1``).

Every public value (procedures and their steps, time limits, dossiers with
their events, deadlines, calendar days off) encodes to a JSON document wrapped
in an envelope naming the format and the kind of value::

    {"format": "lapvo-cchc/1", "kind": "dossier", "data": {...}}

Instants are ISO 8601 strings with their UTC offset; calendar days are
``YYYY-MM-DD``; clock times ``HH:MM:SS``; enums their official Vietnamese
value; official codes their verbatim string; events carry a ``type`` tag. The
format is described in ``docs/json.md`` and, as JSON Schema (draft 2020-12), by
:func:`json_schema`.

Decoding checks everything and raises one
:class:`~lapvo_cchc.errors.DecodeError` that lists every bad path of the
input (``$.data.events[2].at: ...``); no cattrs type ever reaches the caller.

Example:
    >>> import datetime as dt
    >>> from lapvo_cchc.deadlines import TimeLimit
    >>> text = dumps(TimeLimit.same_day(cutoff=dt.time(15)))
    >>> print(text[:50])
    {"format": "lapvo-cchc/1", "kind": "time-limit", "
    >>> print(text[50:])
    data": {"unit": "trong ngày", "amount": 0, "cutoff": "15:00:00"}}
    >>> loads(text, TimeLimit) == TimeLimit.same_day(cutoff=dt.time(15))
    True
"""

from __future__ import annotations

import datetime as dt
import enum
import json as _json
import re
import types
from typing import TYPE_CHECKING, Any, Final, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from lapvo_cchc.calendars import DayOff
from lapvo_cchc.deadlines import BUILTIN_REGIMES, Deadline, Regime, TimeLimit
from lapvo_cchc.dossiers import (
    Apologized,
    Dossier,
    Event,
    FeeMet,
    FeeRequested,
    Received,
    RefusedAtIntake,
    Resolved,
    ResultReturned,
    Stopped,
    SubmittedOnline,
    SupplementRequested,
    SupplementSupplied,
    Transferred,
    Withdrawn,
)
from lapvo_cchc.errors import DecodeError, LapvoError, NaiveDatetimeError
from lapvo_cchc.procedures import AgencyCode, DossierCode, FieldCode, Procedure, ProcedureCode, Step

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

__all__ = [
    "EVENT_TYPES",
    "FORMAT",
    "KINDS",
    "decode",
    "dumps",
    "encode",
    "json_schema",
    "loads",
    "make_converter",
]

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

EVENT_TYPES: Final[Mapping[str, type[Event]]] = types.MappingProxyType(
    {
        "submitted_online": SubmittedOnline,
        "refused_at_intake": RefusedAtIntake,
        "received": Received,
        "supplement_requested": SupplementRequested,
        "supplement_supplied": SupplementSupplied,
        "fee_requested": FeeRequested,
        "fee_met": FeeMet,
        "transferred": Transferred,
        "apologized": Apologized,
        "resolved": Resolved,
        "stopped": Stopped,
        "withdrawn": Withdrawn,
        "result_returned": ResultReturned,
    }
)
"""Event ``type`` tag → event class (read-only); the tags are stable wire names.

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


def _format_exception(exc: BaseException, type_: type[Any] | None) -> str:
    if isinstance(exc, LapvoError):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unexpected field(s): {', '.join(sorted(exc.extra_fields))}"
    if isinstance(type_, type) and attrs.has(type_) and isinstance(exc, TypeError | AttributeError):
        return f"expected a {type_.__name__} object"
    if type_ is None:
        return f"invalid value: {exc}"
    return f"invalid value for {getattr(type_, '__name__', type_)}: {exc}"


def _decode_error(exc: BaseException, prefix: str) -> DecodeError:
    messages = cattrs.transform_error(exc, path=prefix, format_exception=_format_exception)
    # cattrs writes "message @ path"; put the path first, as the other adapters do.
    return _error([": ".join(reversed(m.rsplit(" @ ", 1))) for m in messages])


def _error(messages: list[str]) -> DecodeError:
    count = len(messages)
    noun = "problem" if count == 1 else "problems"
    return DecodeError(f"{count} {noun} in {FORMAT} input:\n" + "\n".join(messages))


def _kind_of(value: object) -> str:
    for cls in type(value).__mro__:
        if cls in _KIND_OF:
            return _KIND_OF[cls]
    raise DecodeError(
        f"no {FORMAT} kind for {type(value).__name__}; known kinds: {', '.join(KINDS)}"
    )


def encode(value: object, *, converter: cattrs.Converter | None = None) -> dict[str, Any]:
    """The ``lapvo-cchc/1`` envelope of *value*, as JSON-ready builtins.

    Args:
        value: a time limit, day off, step, procedure, event, dossier or deadline.
        converter: from :func:`make_converter`; a new default one when ``None``.

    Returns:
        ``{"format": "lapvo-cchc/1", "kind": ..., "data": ...}``.

    Raises:
        DecodeError: *value* is of no known kind.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.dossiers import Received
        >>> doc = encode(Received(dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.timezone.utc)))
        >>> doc["format"], doc["kind"]
        ('lapvo-cchc/1', 'event')
        >>> doc["data"]
        {'type': 'received', 'at': '2026-03-02T08:30:00+07:00'}
    """
    kind = _kind_of(value)
    conv = make_converter() if converter is None else converter
    return {"format": FORMAT, "kind": kind, "data": conv.unstructure(value, KINDS[kind])}


def decode(data: object, kind: type[T], *, converter: cattrs.Converter | None = None) -> T:
    """The value of *kind* in a ``lapvo-cchc/1`` envelope (already parsed JSON).

    Args:
        data: the envelope, e.g. from :func:`json.loads`.
        kind: the class expected (:class:`~lapvo_cchc.dossiers.Dossier`, ...);
            :class:`~lapvo_cchc.dossiers.Event` accepts any event.
        converter: from :func:`make_converter`; a new default one when ``None``.

    Returns:
        The decoded value.

    Raises:
        DecodeError: the envelope or the data is wrong; the message lists every
            bad path (``$.data.events[0].at: ...``), one per line.

    Example:
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> decode({"format": "lapvo-cchc/1", "kind": "time-limit",
        ...         "data": {"unit": "giờ làm việc", "amount": 8}}, TimeLimit)
        TimeLimit(unit=<TimeUnit.WORKING_HOURS: 'giờ làm việc'>, amount=8, cutoff=None)
        >>> decode({"format": "lapvo-cchc/1", "kind": "time-limit",
        ...         "data": {"unit": "tuần", "amount": "8", "extra": 1}}, TimeLimit)
        Traceback (most recent call last):
        ...
        lapvo_cchc.errors.DecodeError: 3 problems in lapvo-cchc/1 input:
        $.data.unit: expected one of ... got str 'tuần'
        $.data.amount: expected an integer, got str '8'
        $.data: unexpected field(s): extra
    """
    if kind not in _KIND_OF:
        raise DecodeError(
            f"no {FORMAT} kind for {getattr(kind, '__name__', kind)!r}; known: "
            + ", ".join(cls.__name__ for cls in KINDS.values())
        )
    expected = _KIND_OF[kind]
    if not isinstance(data, dict):
        raise _error([f"$: expected a {FORMAT} envelope object, got {_type_name(data)}"])
    problems = []
    if data.get("format") != FORMAT:
        problems.append(f"$.format: expected {FORMAT!r}, got {data.get('format')!r}")
    if data.get("kind") != expected:
        problems.append(f"$.kind: expected {expected!r}, got {data.get('kind')!r}")
    if "data" not in data:
        problems.append("$.data: required field missing")
    problems.extend(
        f"$.{key}: unexpected field" for key in data if key not in ("format", "kind", "data")
    )
    if problems:
        raise _error(problems)
    conv = make_converter() if converter is None else converter
    try:
        value: T = conv.structure(data["data"], kind)
    except cattrs.BaseValidationError as exc:
        raise _decode_error(exc, "$.data") from None
    except Exception as exc:  # any failure to build the value is bad input, and says why
        raise _error([f"$.data: {_format_exception(exc, kind)}"]) from None
    return value


def dumps(
    value: object, *, converter: cattrs.Converter | None = None, indent: int | None = None
) -> str:
    """*value* as ``lapvo-cchc/1`` JSON text (UTF-8, Vietnamese kept as is).

    Example:
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> print(dumps(TimeLimit.working_days(3), indent=1))
        {
         "format": "lapvo-cchc/1",
         "kind": "time-limit",
         "data": {
          "unit": "ngày làm việc",
          "amount": 3,
          "cutoff": null
         }
        }
    """
    return _json.dumps(encode(value, converter=converter), ensure_ascii=False, indent=indent)


def loads(text: str | bytes, kind: type[T], *, converter: cattrs.Converter | None = None) -> T:
    """Decode ``lapvo-cchc/1`` JSON text holding a value of *kind*.

    Raises:
        DecodeError: the text is not JSON, or :func:`decode` rejects it.

    Example:
        >>> from lapvo_cchc.dossiers import Event
        >>> loads('{"format": "lapvo-cchc/1", "kind": "event",'
        ...       ' "data": {"type": "received", "at": "2026-03-02T08:30:00"}}', Event)
        Traceback (most recent call last):
        ...
        lapvo_cchc.errors.DecodeError: 1 problem in lapvo-cchc/1 input:
        $.data.at: expected an instant with its UTC offset, got naive '2026-03-02T08:30:00' ...
    """
    try:
        data = _json.loads(text)
    except ValueError as exc:
        raise _error([f"$: not JSON: {exc}"]) from None
    return decode(data, kind, converter=converter)


# -- JSON Schema ----------------------------------------------------------------------------

_SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
_OFFSET_RE: Final = r"(Z|[+-]\d{2}:\d{2}(:\d{2})?)"
_SCALARS: Final[dict[Any, dict[str, Any]]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    dt.datetime: {
        "type": "string",
        "format": "date-time",
        "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?" + _OFFSET_RE + "$",
    },
    dt.date: {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    dt.time: {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$"},
}


class _SchemaBuilder:
    def __init__(self, regimes: Sequence[Regime]) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        self.regimes = regimes

    def ref(self, tp: Any) -> dict[str, Any]:
        if tp in _SCALARS:
            return dict(_SCALARS[tp])
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {"enum": [member.value for member in tp]}
        if tp in _CODES:
            return {"type": "string", "description": f"{tp.__name__}, verbatim"}
        if tp is Regime:
            return {"enum": [regime.name for regime in self.regimes]}
        origin = get_origin(tp)
        args = get_args(tp)
        if origin in (Union, types.UnionType):
            return {"anyOf": [{"type": "null"} if a is type(None) else self.ref(a) for a in args]}
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                return {"type": "array", "items": self.ref(args[0])}
            return {
                "type": "array",
                "prefixItems": [self.ref(a) for a in args],
                "minItems": len(args),
                "maxItems": len(args),
            }
        if tp is Event:
            for cls in EVENT_TYPES.values():
                self.ref(cls)
            return {"$ref": "#/$defs/Event"} if self._event_def() else {}
        if attrs.has(tp):
            if tp.__name__ not in self.defs:
                self.defs[tp.__name__] = {}  # placeholder against recursion
                self.defs[tp.__name__] = self._object(tp)
            return {"$ref": f"#/$defs/{tp.__name__}"}
        raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover - all types covered

    def _object(self, cls: type[Any]) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: list[str] = []
        if cls in _TAG_OF:
            properties["type"] = {"const": _TAG_OF[cls]}
            required.append("type")
        for field in attrs.fields(cls):
            properties[field.name] = self.ref(field.type)
            if field.default is attrs.NOTHING:
                required.append(field.name)
        return {
            "title": cls.__name__,
            "description": (cls.__doc__ or "").strip().splitlines()[0],
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }

    def _event_def(self) -> bool:
        self.defs["Event"] = {
            "title": "Event",
            "description": "A dossier event, tagged by its 'type'.",
            "oneOf": [{"$ref": f"#/$defs/{cls.__name__}"} for cls in EVENT_TYPES.values()],
        }
        return True


def json_schema(kind: type[Any], *, regimes: Sequence[Regime] = BUILTIN_REGIMES) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a ``lapvo-cchc/1`` envelope holding *kind*.

    Every document :func:`encode` writes for *kind* validates against it. The
    schema cannot express cross-field rules (a legal event sequence, a
    same-day limit with amount 0); :func:`decode` checks those too.

    Args:
        kind: a class of :data:`KINDS`.
        regimes: the regime names a deadline may carry.

    Raises:
        DecodeError: *kind* is not a class of :data:`KINDS`.

    Example:
        >>> from lapvo_cchc.dossiers import Dossier
        >>> schema = json_schema(Dossier)
        >>> schema["properties"]["kind"], schema["properties"]["data"]
        ({'const': 'dossier'}, {'$ref': '#/$defs/Dossier'})
        >>> schema["$defs"]["Dossier"]["required"]
        ['code', 'procedure_code', 'time_limit', 'agency', 'channel', 'events']
    """
    if kind not in _KIND_OF:
        raise DecodeError(f"no {FORMAT} kind for {getattr(kind, '__name__', kind)!r}")
    _resolve()
    builder = _SchemaBuilder(regimes)
    data = builder.ref(kind)
    return {
        "$schema": _SCHEMA_DIALECT,
        "$id": f"https://lapvo-cchc.readthedocs.io/schema/{FORMAT}/{_KIND_OF[kind]}.json",
        "title": f"{FORMAT} {_KIND_OF[kind]}",
        "type": "object",
        "properties": {
            "format": {"const": FORMAT},
            "kind": {"const": _KIND_OF[kind]},
            "data": data,
        },
        "required": ["format", "kind", "data"],
        "additionalProperties": False,
        "$defs": dict(sorted(builder.defs.items())),
    }
