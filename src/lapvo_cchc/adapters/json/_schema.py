"""JSON Schema (draft 2020-12) of every kind of the JSON format (private)."""

from __future__ import annotations

import datetime as dt
import enum
import types
from typing import TYPE_CHECKING, Any, Final, Union, get_args, get_origin

import attrs

from lapvo_cchc.adapters.json._converter import (
    _CODES,
    _KIND_OF,
    _TAG_OF,
    EVENT_TYPES,
    FORMAT,
    _resolve,
)
from lapvo_cchc.deadlines import BUILTIN_REGIMES, Regime
from lapvo_cchc.dossiers import (
    Event,
)
from lapvo_cchc.errors import DecodeError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["json_schema"]

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
