"""The words a ledger may use: channels, levels, outcomes, yes/no, time limits.

The words are data: the canonical ones (enum values and names) come from
:class:`~lapvo_cchc.dossiers.Channel` and :class:`~lapvo_cchc.kpi.FinishKind`,
the export words (Vietnamese and English synonyms) from the ``flat`` ledger
profile's TOML file (:mod:`lapvo_cchc.plugins`). The tables below are that
profile's; a reader uses the tables of the profile it is given. Each maps a
lower-case cell to the value the reader records.

Example:
    >>> CHANNELS["trực tuyến"], LEVELS["cấp xã"], ASSISTED["có"]
    (<Channel.ONLINE: 'trực tuyến'>, 'commune', True)
    >>> parse_limit("10 ngày làm việc")
    TimeLimit(unit=<TimeUnit.WORKING_DAYS: 'ngày làm việc'>, amount=10, cutoff=None)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from lapvo_cchc.adapters.ledger._profiles import FLAT
from lapvo_cchc.plugins import TIME_UNITS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from lapvo_cchc.deadlines import TimeLimit

__all__ = [
    "ASSISTED",
    "CHANNELS",
    "FALSE_WORDS",
    "FINISHES",
    "LEVELS",
    "REQUIRED",
    "TIME_UNITS",
    "TRUE_WORDS",
    "VI_TIME_UNITS",
    "parse_limit",
]

REQUIRED: Final = ("dossier_code", "procedure_code", "agency_code", "channel", "received_at")

CHANNELS: Final = FLAT.channel_words()
FINISHES: Final = FLAT.finish_words()
LEVELS: Final = FLAT.level_words()
ASSISTED: Final = FLAT.assisted_words()
TRUE_WORDS: Final = frozenset(word for word, flag in ASSISTED.items() if flag)
FALSE_WORDS: Final = frozenset(word for word, flag in ASSISTED.items() if not flag)
# Unit words of exports other than the unit names themselves ("ngày làm việc").
VI_TIME_UNITS: Final = {w: u for w, u in FLAT.unit_words().items() if w not in TIME_UNITS}


def parse_limit(text: str, units: Mapping[str, str] | None = None) -> TimeLimit:
    """The time limit of a cell: ``10 working_days``, ``10 ngày làm việc``, ``same_day 15:00``.

    The ledger reads limits with :meth:`lapvo_cchc.deadlines.TimeLimit.parse`,
    the parser every surface shares (English or Vietnamese unit words).

    *units* maps a profile's own unit words to unit names first (a reader passes
    its profile's :meth:`~lapvo_cchc.plugins.Profile.unit_words`).

    Raises:
        InvalidTimeLimitError: the cell is not a time limit (a ``ValueError``).

    Example:
        >>> parse_limit("same_day 15:00").unit.name
        'SAME_DAY'
        >>> parse_limit("5 calendar_days") == parse_limit("5 ngày")
        True
    """
    from lapvo_cchc.deadlines import TimeLimit

    parts = text.split()
    if units is not None and len(parts) >= 2 and parts[0].isdigit():
        unit = units.get(" ".join(parts[1:]).lower())
        if unit is not None:
            text = f"{parts[0]} {unit}"
    return TimeLimit.parse(text)
