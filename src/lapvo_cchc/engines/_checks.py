"""The python reader's checks of a row, as one SQL ``CASE`` (private module).

:func:`error_chain` gives the first check a row fails, in the reader's order,
as ``'column|reason'`` with the reader's words; the plan rejects the row with
it and the single pass counts it as evidence for the full plan.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from lapvo_cchc.calendars import MAX_YEAR, MIN_YEAR
from lapvo_cchc.engines._sqltext import quoted

__all__ = ["error_chain"]

_INSTANT_REASON: Final = "'expected an ISO 8601 instant, got ' || "
_RANGE: Final = f"' is outside the years the library supports ({MIN_YEAR}-{MAX_YEAR})'"
_LOW: Final = dt.date(MIN_YEAR, 1, 1).toordinal() * 86400
_HIGH: Final = (dt.date(MAX_YEAR, 12, 31).toordinal() + 1) * 86400
"""The instants the reader accepts, in the plan's local seconds: ``_LOW <= x < _HIGH``."""


def _outside(x: str) -> str:
    return f"({x} < {_LOW} OR {x} >= {_HIGH})"


def error_chain(k: int) -> str:
    """``CASE`` giving 'column|reason' of the first failed check, as the reader orders them.

    It reads a row ``t`` with its parsed instants, its ``lv_pre`` (see
    :func:`~lapvo_cchc.engines._source.source_select`) and the word lists
    joined as ``dch``, ``dfk``, ``das`` and ``dlim``; NULL when the row passes.

    *k* is the number of supplement pairs the plan reads per row.

    Example:
        >>> error_chain(1).startswith("CASE")
        True
        >>> "outside the years the library supports (1995-2199)" in error_chain(0)
        True
    """
    req, sup = "t.supplement_requested_at", "t.supplement_supplied_at"
    due_outside = (
        f"CASE WHEN t.due_date THEN t.due_given <= {_LOW} OR t.due_given > {_HIGH} "
        f"ELSE {_outside('t.due_given')} END"
    )
    c: list[tuple[str, str, str]] = [  # (condition, column, reason SQL)
        ("t.procedure_code = ''", "procedure_code",
         "'expected a procedure code, got an empty cell'"),
        ("t.agency_code = ''", "agency_code", "'expected an agency code, got an empty cell'"),
        ("dch.code IS NULL", "channel",
         ("'expected in_person, online or postal (or trực tiếp, trực tuyến, "
          f"bưu chính công ích), got ' || {quoted('t.channel')}")),
        ("das.flag IS NULL", "assisted",
         f"'expected 1/0, true/false or có/không, got ' || {quoted('t.assisted')}"),
        ("t.received_at = ''", "received_at", "'expected the receipt instant, got an empty cell'"),
        ("t.rec IS NULL", "received_at", _INSTANT_REASON + quoted("t.received_at")),
        (_outside("t.rec"), "received_at", "t.received_at || " + _RANGE),
        (f"{req} = '' AND {sup} <> ''", "supplement_supplied_at",
         "'a supply without a supplement request'"),
    ]  # fmt: skip
    for cells, count, texts, column in (
        ("r", "nreq", "rt", "supplement_requested_at"),
        ("s", "nsup", "st", "supplement_supplied_at"),
    ):
        for i in range(1, k + 1):
            has = f"t.{count} >= {i}"
            c.append((f"{has} AND t.{cells}{i} IS NULL", column,
                      _INSTANT_REASON + quoted(f"t.{texts}{i}")))  # fmt: skip
            c.append((f"{has} AND {_outside(f't.{cells}{i}')}", column,
                      f"t.{texts}{i} || {_RANGE}"))  # fmt: skip
    c.append((
        "t.nreq > 0 AND NOT (t.nsup >= t.nreq - 1 AND t.nsup <= t.nreq)", "supplement_supplied_at",
        ("'expected one supply per request (the last may be missing), got ' || "
         "CAST(t.nreq AS VARCHAR) || ' requests and ' || CAST(t.nsup AS VARCHAR) || ' supplies'"),
    ))  # fmt: skip
    for i in range(1, k + 1):
        prev = "t.rec" if i == 1 else f"t.s{i - 1}"
        c.append((f"t.nreq >= {i} AND t.r{i} < {prev}", "supplement_requested_at",
                  f"'request {i} is before the receipt or the previous supply'"))  # fmt: skip
        c.append((f"t.nsup >= {i} AND t.s{i} < t.r{i}", "supplement_supplied_at",
                  f"'supply {i} is before its request'"))  # fmt: skip
    c += [
        ("t.time_limit <> '' AND dlim.unit = 0", "time_limit", "dlim.err"),
        ("t.due_at <> '' AND LENGTH(t.due_at) = 10 AND t.due_given IS NULL", "due_at",
         f"'expected an ISO 8601 date or instant, got ' || {quoted('t.due_at')}"),
        ("t.due_at <> '' AND t.due_given IS NULL", "due_at",
         _INSTANT_REASON + quoted("t.due_at")),
        # a due date is held as the start of the next day
        (f"t.due_at <> '' AND {due_outside}", "due_at", "t.due_at || " + _RANGE),
        ("t.due_at <> '' AND t.due_given < t.rec", "due_at",
         "'the deadline ' || t.due_at || ' is before the receipt ' || t.received_at"),
        ("t.due_at = '' AND t.time_limit = ''", "due_at",
         "'expected due_at or time_limit, got neither'"),
        ("t.finished_at <> '' AND t.fin IS NULL", "finished_at",
         _INSTANT_REASON + quoted("t.finished_at")),
        (f"t.finished_at <> '' AND {_outside('t.fin')}", "finished_at",
         "t.finished_at || " + _RANGE),
        ("t.finished_at <> '' AND t.fin < t.rec", "finished_at",
         "'finished ' || t.finished_at || ' before it was received ' || t.received_at"),
        ("t.finished_at <> '' AND dfk.code IS NULL", "finish_kind",
         ("'expected approved, rejected, returned, withdrawn, stopped or refused "
          f"(or the Vietnamese words), got ' || {quoted('t.finish_kind')}")),
        ("t.finished_at = '' AND t.finish_kind <> ''", "finished_at",
         f"'finish_kind ' || {quoted('t.finish_kind')} || ' given without finished_at'"),
    ]  # fmt: skip
    whens = "\n      ".join(f"WHEN {cond} THEN '{col}|' || {reason}" for cond, col, reason in c)
    # the row refused before its values are read (a long field, a control character)
    return f"CASE\n      WHEN t.lv_pre IS NOT NULL THEN t.lv_pre\n      {whens}\n    END"
