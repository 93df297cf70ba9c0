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

import json as _json
from typing import Any

import attrs
import cattrs

from lapvo_cchc.adapters.json._converter import (
    _KIND_OF,
    EVENT_TYPES,
    FORMAT,
    KINDS,
    T,
    _type_name,
    make_converter,
)
from lapvo_cchc.adapters.json._schema import json_schema, schema_defs
from lapvo_cchc.errors import DecodeError, LapvoError

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
    "schema_defs",
]


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
        DecodeError: the text is not JSON (or nested too deep), or :func:`decode` rejects it.

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
    except RecursionError:  # arrays or objects nested thousands deep
        raise _error(["$: not JSON this library reads: nested too deep"]) from None
    return decode(data, kind, converter=converter)


# -- JSON Schema ----------------------------------------------------------------------------
