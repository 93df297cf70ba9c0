"""SQL fragments of the plan: parsing instants and the deadline rules as expressions (private).

Everything is written in DuckDB's dialect with portable constructs only
(``SUBSTRING``, ``STRPOS``, ``CASE``, integer ``//``, ``REGEXP_MATCHES``);
SQLGlot rewrites it for PostgreSQL and Spark SQL. Instants are carried as
*local seconds*: seconds since 00:00 of date ordinal 0 in Vietnam time, so
``x // 86400`` is the Vietnam date ordinal and ``x % 86400`` the time of day.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "CLOCK_RE",
    "ISO_RE",
    "MIDNIGHT_RE",
    "date_ordinal",
    "fast_date",
    "fast_instant",
    "instant_layers",
    "pause_count",
    "quoted",
    "semicolons",
    "unquote",
]

ISO_RE: Final = (
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    "([T ][0-9]{2}(:[0-9]{2}(:[0-9]{2}([.][0-9]{1,6})?)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$"
)
"""The ISO 8601 forms the plan reads (a subset of :meth:`datetime.datetime.fromisoformat`)."""

_OFFSET: Final = "(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$"

MIDNIGHT_RE: Final = "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]00(:00(:00([.]0{1,6})?)?)?" + _OFFSET
"""An instant at 00:00:00 of its own offset (a due cell a spreadsheet wrote for a date)."""

CLOCK_RE: Final = (
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3])(:[0-5][0-9](:[0-5][0-9]([.][0-9]{1,6})?)?)?"
    + _OFFSET
)
"""An instant with a valid time of day (with :data:`MIDNIGHT_RE`: one with a clock time)."""


def _int(t: str, start: int, length: int) -> str:
    return f"CAST(SUBSTRING({t}, {start}, {length}) AS BIGINT)"


def date_ordinal(y: str, m: str, d: str) -> str:
    """The proleptic Gregorian ordinal (``date.toordinal()``) of integer expressions.

    Example:
        >>> "// 400" in date_ordinal("y", "m", "d")
        True
    """
    a = f"((14 - {m}) // 12)"
    yy = f"({y} - {a})"
    mm = f"({m} + 12 * {a} - 3)"
    return (
        f"({d} + (153 * {mm} + 2) // 5 + 365 * {yy} + {yy} // 4 - {yy} // 100 + {yy} // 400 - 306)"
    )


def _valid_ymd(y: str, m: str, d: str) -> str:
    leap = f"(({y} % 4 = 0 AND {y} % 100 <> 0) OR {y} % 400 = 0)"
    dim = (
        f"(CASE WHEN {m} = 2 THEN (CASE WHEN {leap} THEN 29 ELSE 28 END) "
        f"ELSE 31 - ({m} - 1) % 7 % 2 END)"
    )
    return f"({y} >= 1 AND {m} BETWEEN 1 AND 12 AND {d} BETWEEN 1 AND {dim})"


def semicolons(c: str) -> str:
    """The ``;`` in text column *c* (a pause cell lists its instants with them).

    Example:
        >>> semicolons("x")
        "LENGTH(x) - LENGTH(REPLACE(x, ';', ''))"
    """
    return f"LENGTH({c}) - LENGTH(REPLACE({c}, ';', ''))"


def pause_count(c: str) -> str:
    """The instants listed in pause cell *c* (0 when empty).

    Example:
        >>> pause_count("x").startswith("(CASE WHEN x = '' THEN 0")
        True
    """
    return f"(CASE WHEN {c} = '' THEN 0 ELSE {semicolons(c)} + 1 END)"


QUOTE_OPEN: Final = "\u27e6lv:"
"""Opens a quoted value in a reason the plan writes: ``⟦lv:<length>:<value>⟧``."""

QUOTE_CLOSE: Final = "\u27e7"


def quoted(t: str) -> str:
    """The SQL of a value that :func:`unquote` turns into Python's ``repr`` of it.

    SQL cannot spell ``repr`` portably (its choice of quotes, its escapes of
    control characters), so the plan writes the value with its length and
    the runner writes the ``repr`` of the few rejected rows it reads.

    Example:
        >>> print(quoted("x"))
        '⟦lv:' || CAST(LENGTH(x) AS VARCHAR) || ':' || x || '⟧'
    """
    return f"'{QUOTE_OPEN}' || CAST(LENGTH({t}) AS VARCHAR) || ':' || {t} || '{QUOTE_CLOSE}'"


def unquote(reason: str) -> str:
    r"""*reason* with every value :func:`quoted` wrote replaced by Python's ``repr`` of it.

    Example:
        >>> print(unquote("got " + QUOTE_OPEN + "4:it's" + QUOTE_CLOSE + ", not "
        ...               + QUOTE_OPEN + "3:a\x1bb" + QUOTE_CLOSE))
        got "it's", not 'a\x1bb'
    """
    out = []
    at = 0
    while (start := reason.find(QUOTE_OPEN, at)) >= 0:
        colon = reason.index(":", start + len(QUOTE_OPEN))
        size = int(reason[start + len(QUOTE_OPEN) : colon])
        value = reason[colon + 1 : colon + 1 + size]
        out += [reason[at:start], repr(value)]
        at = colon + 1 + size + len(QUOTE_CLOSE)
    out.append(reason[at:])
    return "".join(out)


_FAST_INSTANT_RE: Final = "[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}"
_FAST_DATE_RE: Final = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
_EPOCH_LOCAL: Final = 719163 * 86400
"""Local seconds (from ordinal 0) of 1970-01-01 00:00: epoch seconds of a naive time plus this."""


def fast_instant(t: str) -> str:
    """DuckDB only: local seconds of the common ``YYYY-MM-DD[T ]HH:MM:SS`` form, else NULL.

    A vectorised cast instead of the portable parser. DuckDB's cast is more
    lenient than the reader (it takes spaces for digits and 24:00), so the
    shape is matched exactly and the year and hour checked first: it accepts
    exactly what the portable parser accepts.

    Example:
        >>> "TRY_CAST" in fast_instant("x")
        True
    """
    return (
        f"CASE WHEN REGEXP_FULL_MATCH({t}, '{_FAST_INSTANT_RE}') "
        f"AND SUBSTRING({t}, 1, 4) <> '0000' AND SUBSTRING({t}, 12, 2) < '24' "
        f"THEN EPOCH_US(TRY_CAST({t} AS TIMESTAMP)) // 1000000 + {_EPOCH_LOCAL} END"
    )


def fast_date(t: str) -> str:
    """DuckDB only: local seconds of 00:00 of a ``YYYY-MM-DD`` date (year not 0000), else NULL.

    Example:
        >>> "AS DATE" in fast_date("x")
        True
    """
    return (
        f"CASE WHEN REGEXP_FULL_MATCH({t}, '{_FAST_DATE_RE}') AND SUBSTRING({t}, 1, 4) <> '0000' "
        f"THEN (TRY_CAST({t} AS DATE) - DATE '0001-01-01' + 1) * 86400 END"
    )


def instant_layers(cols: list[str], *, fast: bool = False) -> list[str]:
    """Select lists, one per layer, parsing each text column of *cols* into ``<col>_ls``.

    ``<col>_ls`` is local seconds. Layer 1 matches the text and finds the
    offset; layer 2 casts the parts (only for matched texts); layer 3 checks
    the ranges and adds up. Layers keep each expression small (planners are
    slow on deep expressions). With *fast*, a first layer casts the common
    form, and the general parser's match runs only on the other texts.

    Example:
        >>> a, b, c = instant_layers(["x"])
        >>> "x_ok" in a and "x_y" in b and "x_ls" in c
        True
        >>> len(instant_layers(["x"], fast=True))
        4
    """
    first: list[str] = []
    a, b, c = [], [], []
    for t in cols:
        rest = f"SUBSTRING({t}, 12)"
        offset_at = f"GREATEST(STRPOS({rest}, 'Z'), STRPOS({rest}, '+'), STRPOS({rest}, '-'))"
        if fast:
            first.append(f"{fast_instant(t)} AS {t}_fast")
            a.append(
                f"CASE WHEN {t}_fast IS NULL THEN REGEXP_MATCHES({t}, '{ISO_RE}') "
                f"ELSE FALSE END AS {t}_ok"
            )
            a.append(f"CASE WHEN {t}_fast IS NULL THEN {offset_at} ELSE 0 END AS {t}_op")
        else:
            a.append(f"REGEXP_MATCHES({t}, '{ISO_RE}') AS {t}_ok")
            a.append(f"{offset_at} AS {t}_op")
        ok = f"{t}_ok"
        b.append(f"CASE WHEN {ok} THEN {_int(t, 1, 4)} END AS {t}_y")
        b.append(f"CASE WHEN {ok} THEN {_int(t, 6, 2)} END AS {t}_m")
        b.append(f"CASE WHEN {ok} THEN {_int(t, 9, 2)} END AS {t}_d")
        b.append(f"CASE WHEN {ok} AND LENGTH({t}) >= 13 THEN {_int(t, 12, 2)} ELSE 0 END AS {t}_h")
        b.append(
            f"CASE WHEN {ok} AND SUBSTRING({t}, 14, 1) = ':' THEN {_int(t, 15, 2)} ELSE 0 END "
            f"AS {t}_mi"
        )
        b.append(
            f"CASE WHEN {ok} AND SUBSTRING({t}, 17, 1) = ':' THEN {_int(t, 18, 2)} ELSE 0 END "
            f"AS {t}_s"
        )
        off = f"SUBSTRING({rest}, {t}_op)"
        b.append(
            f"CASE WHEN {ok} AND {t}_op > 0 AND SUBSTRING({off}, 1, 1) <> 'Z' "
            f"THEN CAST(SUBSTRING({off}, 2, 2) AS BIGINT) ELSE 0 END AS {t}_oh"
        )
        b.append(
            f"CASE WHEN {ok} AND {t}_op > 0 AND LENGTH({off}) > 3 "
            f"THEN CAST(SUBSTRING({off}, LENGTH({off}) - 1, 2) AS BIGINT) ELSE 0 END AS {t}_om"
        )
        b.append(
            f"CASE WHEN {t}_op = 0 THEN 25200 WHEN SUBSTRING({off}, 1, 1) = '-' THEN -1 "
            f"WHEN SUBSTRING({off}, 1, 1) = '+' THEN 1 ELSE 0 END AS {t}_sg"
        )
        y, m, d = f"{t}_y", f"{t}_m", f"{t}_d"
        offset = (
            f"(CASE WHEN {t}_op = 0 THEN 25200 ELSE {t}_sg * ({t}_oh * 3600 + {t}_om * 60) END)"
        )
        c.append(
            (f"CASE WHEN {t}_fast IS NOT NULL THEN {t}_fast " if fast else "CASE ")
            + f"WHEN {ok} AND {_valid_ymd(y, m, d)} AND {t}_h <= 23 AND {t}_mi <= 59 "
            f"AND {t}_s <= 59 AND {t}_oh <= 23 AND {t}_om <= 59 "
            f"THEN {date_ordinal(y, m, d)} * 86400 + {t}_h * 3600 + {t}_mi * 60 + {t}_s "
            f"- {offset} + 25200 END AS {t}_ls"
        )
    layers = [", ".join(a), ", ".join(b), ", ".join(c)]
    return [", ".join(first), *layers] if fast else layers
