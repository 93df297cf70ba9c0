"""Small lookup tables the plan joins to: the ledger's words, read as the python reader reads them.

The values of a few columns (channel, finish kind, level, assisted flag,
time limit) come from short vocabularies. The engines collect the distinct
texts of a source, map each one here with the python reader's own rules and
write the result as a small table, so every engine reads a word exactly as
the reference does (private module).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from lapvo_cchc.dossiers import Channel
from lapvo_cchc.engines._compat import (
    CHANNEL_WORDS,
    FALSE_WORDS,
    FINISH_WORDS,
    LEVEL_WORDS,
    TRUE_WORDS,
    parse_limit,
)
from lapvo_cchc.kpi import FinishKind

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

__all__ = [
    "CHANNEL_CODES",
    "FINISH_CODES",
    "UNIT_CODES",
    "assisted_rows",
    "channel_rows",
    "finish_rows",
    "level_rows",
    "limit_rows",
]

CHANNEL_CODES: Final = {Channel.ONLINE: 0, Channel.IN_PERSON: 1, Channel.POSTAL: 2}
"""Channel -> the small integer the plan carries."""

FINISH_CODES: Final = {
    FinishKind.APPROVED: 0,
    FinishKind.REJECTED: 1,
    FinishKind.RETURNED: 2,
    FinishKind.WITHDRAWN: 3,
    FinishKind.STOPPED: 4,
    FinishKind.REFUSED: 5,
}
"""Finish kind -> the small integer the plan carries (0-2 resolved, 3 withdrawn, 4-5 stopped)."""

UNIT_CODES: Final = {"WORKING_DAYS": 1, "CALENDAR_DAYS": 2, "WORKING_HOURS": 3, "SAME_DAY": 4}
"""Time-limit unit name -> the plan's code."""


def channel_rows(texts: Iterable[str]) -> list[tuple[str, int, str]]:
    """``(text, code, label)`` for every text the ledger reader takes as a channel.

    Example:
        >>> channel_rows(["online", "fax"])
        [('online', 0, 'trực tuyến')]
    """
    out = []
    for t in texts:
        ch = CHANNEL_WORDS.get(t) or CHANNEL_WORDS.get(t.strip().lower())
        if ch is not None:
            out.append((t, CHANNEL_CODES[ch], ch.value))
    return out


def finish_rows(texts: Iterable[str]) -> list[tuple[str, int]]:
    """``(text, code)`` for every text the ledger reader takes as a finish kind.

    Example:
        >>> finish_rows(["approved", "rút hồ sơ", "?"])
        [('approved', 0), ('rút hồ sơ', 3)]
    """
    out = []
    for t in texts:
        kind = FINISH_WORDS.get(t) or FINISH_WORDS.get(t.strip().lower())
        if kind is not None:
            out.append((t, FINISH_CODES[kind]))
    return out


def level_rows(texts: Iterable[str]) -> list[tuple[str, str]]:
    """``(text, level)``: the level label as the reader keeps it (normalised or verbatim).

    Example:
        >>> level_rows(["xã", " Cấp huyện", "ấp"])
        [('xã', 'commune'), (' Cấp huyện', 'district'), ('ấp', 'ấp')]
    """
    out = []
    for t in texts:
        lv = LEVEL_WORDS.get(t)
        if lv is None:
            lv = LEVEL_WORDS.get(t.strip().lower(), t.strip())
        out.append((t, lv))
    return out


def assisted_rows(texts: Iterable[str]) -> list[tuple[str, int]]:
    """``(text, 0/1)`` for every text the reader takes as the assisted flag.

    Example:
        >>> assisted_rows(["1", "không", "maybe"])
        [('1', 1), ('không', 0)]
    """
    out = []
    for t in texts:
        flag = t if t in FALSE_WORDS else t.strip().lower()
        if flag in FALSE_WORDS:
            out.append((t, 0))
        elif flag in TRUE_WORDS:
            out.append((t, 1))
    return out


def limit_rows(texts: Iterable[str]) -> list[tuple[str, int, int, int, str]]:
    """``(text, unit, amount, same-day cut-off seconds, error)`` for each time-limit text.

    A text the reader refuses has unit 0 and the reader's message; the cut-off
    is -1 when the limit names none (the regime's applies).

    Example:
        >>> limit_rows(["10 working_days", "same_day 16:00", "soon"])[:2]
        [('10 working_days', 1, 10, -1, ''), ('same_day 16:00', 4, 0, 57600, '')]
        >>> limit_rows(["soon"])[0][4][:40]
        'TimeLimit.parse: expected a time limit l'
    """
    out = []
    for t in texts:
        try:
            limit = parse_limit(t)
        except ValueError as exc:
            out.append((t, 0, 0, -1, str(exc)))
            continue
        cutoff = -1
        if limit.cutoff is not None:
            c: dt.time = limit.cutoff
            cutoff = c.hour * 3600 + c.minute * 60 + c.second
        out.append((t, UNIT_CODES[limit.unit.name], limit.amount, cutoff, ""))
    return out
