"""JSON Schema (draft 2020-12) of every kind of the JSON format (private)."""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import TYPE_CHECKING, Annotated, Any, Final, Union, get_args, get_origin

import attrs

from lapvo_cchc.adapters.json._converter import (
    _CODES,
    _KIND_OF,
    _TAG_OF,
    EVENT_TYPES,
    FORMAT,
    _resolve,
)
from lapvo_cchc.deadlines import BUILTIN_REGIMES, Regime, TimeLimit, TimeUnit
from lapvo_cchc.dossiers import (
    Event,
)
from lapvo_cchc.errors import DecodeError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["json_schema", "schema_defs"]

_SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
_OFFSET_RE: Final = r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?)"
_CLOCK_RE: Final = r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?"
_SCALARS: Final[dict[Any, dict[str, Any]]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    dt.datetime: {
        "type": "string",
        "format": "date-time",
        "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T" + _CLOCK_RE + _OFFSET_RE + "$",
    },
    dt.date: {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    dt.time: {"type": "string", "pattern": "^" + _CLOCK_RE + "$"},
}


class _SchemaBuilder:
    def __init__(self, regimes: Sequence[Regime]) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        self.regimes = regimes

    def ref(self, tp: Any) -> dict[str, Any]:
        if get_origin(tp) is Annotated:  # Annotated[T, {...schema...}]: the schema given
            given = [a for a in get_args(tp)[1:] if isinstance(a, dict)]
            return dict(given[0]) if given else self.ref(get_args(tp)[0])
        if tp in _SCALARS:
            return dict(_SCALARS[tp])
        if tp is TimeUnit:  # read by any name TimeUnit.parse knows; written in Vietnamese
            return {"enum": [u.value for u in TimeUnit] + [u.name.lower() for u in TimeUnit]}
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {"enum": [member.value for member in tp]}
        if tp in _CODES:  # never empty, no blank at either end (as the code classes check)
            return {
                "type": "string",
                "minLength": 1,
                "pattern": r"^\S(.*\S)?$",
                "description": f"{tp.__name__}, verbatim",
            }
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
        if tp is TimeLimit and "TimeLimit" not in self.defs:
            self.defs["TimeLimit"] = self._time_limit()
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
        try:
            hints = typing.get_type_hints(cls, include_extras=True)
        except NameError:  # names only imported for type checking: attrs' resolved types
            hints = {}
        for field in attrs.fields(cls):
            properties[field.name] = self.ref(hints.get(field.name, field.type))
            if field.metadata.get("description"):
                properties[field.name]["description"] = field.metadata["description"]
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

    def _time_limit(self) -> dict[str, Any]:
        """TimeLimit with its own rule: a same-day limit has amount 0, no other a cut-off."""
        same = [TimeUnit.SAME_DAY.value, TimeUnit.SAME_DAY.name.lower()]
        others = [u for u in TimeUnit if u is not TimeUnit.SAME_DAY]
        counted = [u.value for u in others] + [u.name.lower() for u in others]
        base = self._object(TimeLimit)
        time = self.ref(dt.time)
        return {
            **{k: base[k] for k in ("title", "description")},
            "oneOf": [
                {
                    "type": "object",
                    "properties": {
                        "unit": {"enum": counted},
                        "amount": {"type": "integer", "minimum": 0},
                        "cutoff": {"type": "null"},
                    },
                    "required": ["unit", "amount"],
                    "additionalProperties": False,
                },
                {
                    "type": "object",
                    "properties": {
                        "unit": {"enum": same},
                        "amount": {"const": 0},
                        "cutoff": {"anyOf": [time, {"type": "null"}]},
                    },
                    "required": ["unit", "amount"],
                    "additionalProperties": False,
                },
            ],
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
    schema states a time limit's own rule (a same-day limit has amount 0, no
    other limit a cut-off) but not the rules between values (a legal event
    sequence); :func:`decode` checks those too.

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


def schema_defs(
    *classes: type[Any], regimes: Sequence[Regime] = BUILTIN_REGIMES
) -> dict[str, dict[str, Any]]:
    """JSON Schemas (draft 2020-12) of attrs classes as the ``lapvo-cchc/1`` converter writes them.

    For classes of your own built from lapvo_cchc values (an API's requests
    and answers): each class and every attrs class it refers to, by name,
    with references written ``#/$defs/Name``. A field typed
    ``Annotated[T, {...}]`` takes the schema given; a field's
    ``metadata["description"]`` becomes its description.

    Args:
        classes: attrs classes.
        regimes: the regime names a deadline may carry.

    Raises:
        TypeError: a field of a type the format has no schema for.

    Example:
        >>> import attrs
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> @attrs.frozen
        ... class Ask:
        ...     "A question."
        ...     limit: TimeLimit
        ...     note: str | None = None
        >>> defs = schema_defs(Ask)
        >>> sorted(defs), defs["Ask"]["required"], defs["Ask"]["properties"]["limit"]
        (['Ask', 'TimeLimit'], ['limit'], {'$ref': '#/$defs/TimeLimit'})
    """
    _resolve()
    builder = _SchemaBuilder(regimes)
    for cls in classes:
        builder.ref(cls)
    return dict(sorted(builder.defs.items()))
