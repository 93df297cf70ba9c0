"""The words a ledger may use, as data: channels, levels, outcomes, yes/no, time limits.

Each table maps a lower-case cell (English or Vietnamese, as exports write
them) to the value the reader records; a profile's own words extend them.

Example:
    >>> CHANNELS["trực tuyến"], LEVELS["cấp xã"], ASSISTED["có"]
    (<Channel.ONLINE: 'trực tuyến'>, 'commune', True)
    >>> parse_limit("10 ngày làm việc")
    TimeLimit(unit=<TimeUnit.WORKING_DAYS: 'ngày làm việc'>, amount=10, cutoff=None)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from lapvo_cchc.dossiers import Channel
from lapvo_cchc.kpi import FinishKind

if TYPE_CHECKING:
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

CHANNELS: Final = {
    **{c.value: c for c in Channel},
    **{c.name.lower(): c for c in Channel},
    "in person": Channel.IN_PERSON,
    "direct": Channel.IN_PERSON,
    "post": Channel.POSTAL,
    "bưu chính": Channel.POSTAL,
}
FINISHES: Final = {
    **{k.value: k for k in FinishKind},
    **{k.name.lower(): k for k in FinishKind},
    "resolved": FinishKind.APPROVED,
    "đã xử lý xong": FinishKind.APPROVED,
    "rút": FinishKind.WITHDRAWN,
    "dừng": FinishKind.STOPPED,
    "từ chối giải quyết": FinishKind.REJECTED,
}
LEVELS: Final = {
    "province": "province", "tỉnh": "province", "cấp tỉnh": "province",
    "district": "district", "huyện": "district", "cấp huyện": "district",
    "commune": "commune", "xã": "commune", "cấp xã": "commune",
}  # fmt: skip
TRUE_WORDS: Final = frozenset({"1", "true", "yes", "y", "x", "có", "co"})
FALSE_WORDS: Final = frozenset({"", "0", "false", "no", "n", "không", "khong"})
TIME_UNITS: Final = ("working_days", "working_hours", "calendar_days")
# Vietnamese unit words of exports (Decree 61/2018/ND-CP counts "ngày làm việc").
VI_TIME_UNITS: Final = {"ngày làm việc": "working_days", "giờ làm việc": "working_hours"}
ASSISTED: Final = {**dict.fromkeys(FALSE_WORDS, False), **dict.fromkeys(TRUE_WORDS, True)}


def parse_limit(text: str) -> TimeLimit:
    """The time limit of a cell: ``10 working_days``, ``10 ngày làm việc``, ``same_day 15:00``.

    The ledger reads limits with :meth:`lapvo_cchc.deadlines.TimeLimit.parse`,
    the parser every surface shares (English or Vietnamese unit words).

    Raises:
        InvalidTimeLimitError: the cell is not a time limit (a ``ValueError``).

    Example:
        >>> parse_limit("same_day 15:00").unit.name
        'SAME_DAY'
        >>> parse_limit("5 calendar_days") == parse_limit("5 ngày")
        True
    """
    from lapvo_cchc.deadlines import TimeLimit

    return TimeLimit.parse(text)
